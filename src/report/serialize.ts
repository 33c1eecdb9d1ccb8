/** Machine-readable output: JSON (stable key order as built) or YAML. */

import { stringify } from 'yaml';

export type DataFormat = 'json' | 'yaml';

/** Drops undefined fields so JSON and YAML agree. */
function clean(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}

export function serialize(value: unknown, format: DataFormat): string {
  if (format === 'json') return JSON.stringify(clean(value), null, 2);
  return stringify(clean(value), { lineWidth: 0 }).trimEnd();
}
