/**
 * Bounds on what one input may cost, so hostile files end in a one-line error (exit 2)
 * instead of a crash, a hang or an exhausted heap. The defaults accept anything kubectl and
 * the API server would plausibly be given (a 100,000-pod `kubectl get -o yaml` dump is about
 * 80 MB); `io/` reads overrides from MEMBRANE_MAX_* environment variables (docs/limits.md).
 */

export interface InputLimits {
  /** bytes of one file or of standard input */
  readonly maxFileBytes: number;
  /** bytes of one YAML document (a `kind: List` dump is one document) */
  readonly maxDocumentBytes: number;
  /** nesting of mappings and sequences in one document */
  readonly maxDepth: number;
  /**
   * nodes one document may build through aliases (`*name`); go-yaml's own rule against
   * excessive aliasing (decode.go allowedAliasRatio) applies as well
   */
  readonly maxAliasNodes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: InputLimits = {
  maxFileBytes: 128 * MiB,
  maxDocumentBytes: 128 * MiB,
  maxDepth: 1000,
  maxAliasNodes: 400_000,
};

/** The environment variable that sets each limit. */
export const LIMIT_VARIABLES: Readonly<Record<keyof InputLimits, string>> = {
  maxFileBytes: 'MEMBRANE_MAX_FILE_SIZE',
  maxDocumentBytes: 'MEMBRANE_MAX_DOCUMENT_SIZE',
  maxDepth: 'MEMBRANE_MAX_DEPTH',
  maxAliasNodes: 'MEMBRANE_MAX_ALIAS_NODES',
};

/** A limit was exceeded: the message names the limit and how to raise it. */
export class InputLimitError extends Error {}

export function formatBytes(n: number): string {
  if (n >= MiB && n % MiB === 0) return `${n / MiB} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

export function limitMessage(what: keyof InputLimits, limits: InputLimits, detail: string): string {
  const value = what === 'maxFileBytes' || what === 'maxDocumentBytes' ? formatBytes(limits[what]) : String(limits[what]);
  return `${detail} (limit ${value}; set ${LIMIT_VARIABLES[what]} to change it)`;
}

/** `64M`, `2G`, `500k`, `1000` -> a count; undefined when unreadable. */
export function parseLimitValue(text: string): number | undefined {
  const m = /^\s*([0-9]+)\s*([kKmMgG]i?[bB]?)?\s*$/.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? MiB : unit === 'g' ? 1024 * MiB : 1;
  const v = Number(m[1]) * factor;
  return Number.isSafeInteger(v) && v > 0 ? v : undefined;
}

/** Limits from an environment (a plain record, so the core never touches process.env). */
export function limitsFromEnvironment(env: Readonly<Record<string, string | undefined>>): { limits: InputLimits; errors: string[] } {
  const errors: string[] = [];
  const limits: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const [key, variable] of Object.entries(LIMIT_VARIABLES)) {
    const text = env[variable];
    if (text === undefined || text === '') continue;
    const v = parseLimitValue(text);
    if (v === undefined) errors.push(`${variable}="${text}" is not a positive number (e.g. 1000, 64M, 1G)`);
    else limits[key] = v;
  }
  return { limits: limits as unknown as InputLimits, errors };
}
