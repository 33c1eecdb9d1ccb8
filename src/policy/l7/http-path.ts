/**
 * Envoy's request-path normalisation, as Cilium configures its HTTP listeners when
 * `--http-normalize-path=true` (the default; pkg/envoy: `NormalizePath`, `MergeSlashes`,
 * `PathWithEscapedSlashesAction: UNESCAPE_AND_REDIRECT`). L7 policy sees `:path` only after
 * these steps (Envoy `ConnectionManagerUtility::maybeNormalizePath`):
 *
 * 1. A path with a fragment (`#`) is refused with 400.
 * 2. `%2F`/`%2f` become `/` and `%5C`/`%5c` become `\` (path part only). If there was one,
 *    Envoy does not forward the request: it answers `307` with the normalised path as
 *    `Location`. The policy never sees the original request; a client that follows the
 *    redirect sends the normalised path, which is what we match (see `redirect`).
 * 3. RFC 3986 normalisation with Chromium's path canonicaliser: `.`/`..` segments removed
 *    (also written `%2e`), `\` read as `/`, escaped unreserved characters (`A-Z a-z 0-9 - . _ ~`)
 *    decoded, other escapes kept as written, characters outside the URL path set percent-encoded
 *    (upper-case hex). `%00` makes the path invalid (400).
 * 4. Runs of `/` merged into one.
 *
 * The query string (from the first `?`) is never touched and stays part of `:path`.
 * A path that does not start with `/` is refused (404, Envoy's `absolute_path_rejected`).
 *
 * Approximations: the set of characters Chromium escapes is taken from the WHATWG URL path
 * percent-encode set; Envoy's HTTP/1 parser may refuse some of those characters outright.
 */

export interface PathNormalizationOptions {
  /** Cilium's `--http-normalize-path` (default true). False leaves the path exactly as sent. */
  readonly normalizePath?: boolean;
}

export interface PathNormalization {
  /** the path as sent */
  readonly original: string;
  /** the `:path` policy is matched against (normalised, query string included) */
  readonly path: string;
  /** whether normalisation changed anything */
  readonly changed: boolean;
  /** `%2F`/`%5C` were present: Envoy answers 307 to `path` instead of forwarding the request */
  readonly redirect: boolean;
  /** Envoy refuses the request before any policy applies */
  readonly rejected?: { readonly status: number; readonly reason: string } | undefined;
  /** what was done, for explanations */
  readonly steps: readonly string[];
}

const HEX = '0123456789ABCDEF';

function hexValue(c: string | undefined): number {
  if (c === undefined) return -1;
  const v = c.charCodeAt(0);
  if (v >= 0x30 && v <= 0x39) return v - 0x30;
  if (v >= 0x41 && v <= 0x46) return v - 0x41 + 10;
  if (v >= 0x61 && v <= 0x66) return v - 0x61 + 10;
  return -1;
}

/** RFC 3986 unreserved characters: an escape of one of these is decoded. */
function isUnreserved(v: number): boolean {
  return (v >= 0x41 && v <= 0x5a) || (v >= 0x61 && v <= 0x7a) || (v >= 0x30 && v <= 0x39) || v === 0x2d || v === 0x2e || v === 0x5f || v === 0x7e;
}

/** ASCII characters percent-encoded in a path (WHATWG path percent-encode set plus DEL). */
function mustEscape(v: number): boolean {
  return v < 0x20 || v === 0x7f || v === 0x20 || v === 0x22 || v === 0x23 || v === 0x3c || v === 0x3e || v === 0x3f || v === 0x60 || v === 0x7b || v === 0x7d;
}

function escapeByte(v: number): string {
  return `%${HEX[v >> 4]}${HEX[v & 15]}`;
}

function escapeCodePoint(cp: number): string {
  if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // a lone surrogate has no UTF-8 form
  if (cp < 0x80) return escapeByte(cp);
  if (cp < 0x800) return escapeByte(0xc0 | (cp >> 6)) + escapeByte(0x80 | (cp & 63));
  if (cp < 0x10000) return escapeByte(0xe0 | (cp >> 12)) + escapeByte(0x80 | ((cp >> 6) & 63)) + escapeByte(0x80 | (cp & 63));
  return escapeByte(0xf0 | (cp >> 18)) + escapeByte(0x80 | ((cp >> 12) & 63)) + escapeByte(0x80 | ((cp >> 6) & 63)) + escapeByte(0x80 | (cp & 63));
}

function isSlash(c: string | undefined): boolean {
  return c === '/' || c === '\\';
}

/** Length of a dot at `i` (`.` or `%2e`), 0 if none. */
function dotAt(s: string, i: number): number {
  if (s[i] === '.') return 1;
  if (s[i] === '%' && s[i + 1] === '2' && (s[i + 2] === 'e' || s[i + 2] === 'E')) return 3;
  return 0;
}

/** Drops the last segment of `out` (which ends with `/`), never going above the root. */
function backUpToPreviousSlash(out: string): string {
  let i = out.length - 1;
  if (i === 0) return out;
  i--;
  while (i > 0 && out[i] !== '/') i--;
  return out.slice(0, i + 1);
}

/** Chromium's `CanonicalizePath` on the path part (starts with `/`); null when invalid. */
function canonicalizePath(path: string): string | null {
  let out = '';
  let i = 0;
  const end = path.length;
  while (i < end) {
    const c = path[i]!;
    const dot = dotAt(path, i);
    if (dot > 0) {
      if (out.endsWith('/')) {
        const j = i + dot;
        let kind: 'cur' | 'up' | 'none' = 'none';
        let consumed = 0;
        if (j === end) kind = 'cur';
        else if (isSlash(path[j])) { kind = 'cur'; consumed = 1; }
        else {
          const dot2 = dotAt(path, j);
          if (dot2 > 0) {
            const k = j + dot2;
            if (k === end) { kind = 'up'; consumed = dot2; }
            else if (isSlash(path[k])) { kind = 'up'; consumed = dot2 + 1; }
          }
        }
        if (kind === 'none') out += '.';
        else if (kind === 'up') out = backUpToPreviousSlash(out);
        i += dot + (kind === 'none' ? 0 : consumed);
      } else {
        out += '.';
        i += dot;
      }
      continue;
    }
    if (isSlash(c)) {
      out += '/';
      i++;
      continue;
    }
    if (c === '%') {
      const hi = hexValue(path[i + 1]);
      const lo = hexValue(path[i + 2]);
      if (hi < 0 || lo < 0) {
        out += '%'; // not an escape: kept as is
        i++;
        continue;
      }
      const v = hi * 16 + lo;
      if (v === 0) return null;
      out += isUnreserved(v) ? String.fromCharCode(v) : path.slice(i, i + 3);
      i += 3;
      continue;
    }
    const cp = path.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (cp === 0) return null;
    out += cp >= 0x80 || mustEscape(cp) ? escapeCodePoint(cp) : c;
    i += width;
  }
  return out;
}

/** `%2F`/`%5C` (any case) in the path part, unescaped. */
function unescapeSlashes(path: string): { path: string; found: boolean } {
  if (!path.includes('%')) return { path, found: false };
  let out = '';
  let found = false;
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '%') {
      const a = path[i + 1];
      const b = path[i + 2]?.toUpperCase();
      if (a === '2' && b === 'F') { out += '/'; i += 2; found = true; continue; }
      if (a === '5' && b === 'C') { out += '\\'; i += 2; found = true; continue; }
    }
    out += path[i];
  }
  return { path: out, found };
}

function mergeSlashes(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '/' && out.endsWith('/')) continue;
    out += path[i];
  }
  return out;
}

/** What `:path` Cilium's Envoy listener hands to the L7 policy for a request path. */
export function normalizeHttpPath(original: string, options: PathNormalizationOptions = {}): PathNormalization {
  if (options.normalizePath === false) {
    return { original, path: original, changed: false, redirect: false, steps: [] };
  }
  const reject = (status: number, reason: string): PathNormalization =>
    ({ original, path: original, changed: false, redirect: false, rejected: { status, reason }, steps: [reason] });

  if (!original.startsWith('/')) return reject(404, `path ${JSON.stringify(original)} does not start with "/" (Envoy: absolute_path_rejected)`);
  if (original.includes('#')) return reject(400, `path ${JSON.stringify(original)} has a fragment ("#"), which Envoy refuses`);

  const q = original.indexOf('?');
  let path = q < 0 ? original : original.slice(0, q);
  const query = q < 0 ? '' : original.slice(q);
  const steps: string[] = [];

  const unescaped = unescapeSlashes(path);
  if (unescaped.found) {
    path = unescaped.path;
    steps.push('escaped slashes (%2F, %5C) unescaped: Envoy redirects (307) to the normalised path');
  }
  const canonical = canonicalizePath(path);
  if (canonical === null) return reject(400, `path ${JSON.stringify(original)} is not a valid URL path (it contains NUL)`);
  if (canonical !== path) steps.push(`RFC 3986 normalisation: ${JSON.stringify(path)} -> ${JSON.stringify(canonical)}`);
  const merged = mergeSlashes(canonical);
  if (merged !== canonical) steps.push(`merge slashes: ${JSON.stringify(canonical)} -> ${JSON.stringify(merged)}`);

  const result = merged + query;
  return { original, path: result, changed: result !== original, redirect: unescaped.found, steps };
}
