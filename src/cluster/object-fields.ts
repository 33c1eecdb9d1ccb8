/** Lenient readers for fields of Kubernetes objects as parsed from YAML or JSON. */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A map of strings (labels, selectors); read-only: when every value is a string it is the decoded object itself. */
export function stringMap(v: unknown): Record<string, string> {
  if (!isObj(v)) return {};
  let allStrings = true;
  for (const k in v) {
    if (typeof v[k] !== 'string') {
      allStrings = false;
      break;
    }
  }
  if (allStrings) return v as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === null || val === undefined) continue;
    out[k] = typeof val === 'string' ? val : String(val);
  }
  return out;
}
