/**
 * Machine-readable output: JSON (stable key order as built) or YAML. Every document starts
 * with `kind` (what it is, e.g. FlowExplanation) and `version` (of that document's format,
 * not of Membrane: it changes when a field changes meaning or disappears), so scripts can
 * check what they read. Build documents with `outputDocument`; `serialize` takes nothing else.
 */

import { stringify } from 'yaml';

export type DataFormat = 'json' | 'yaml';

/** The version of every output document's format. */
export const OUTPUT_FORMAT_VERSION = 1;

export interface OutputDocument {
  readonly kind: string;
  readonly version: number;
  readonly [field: string]: unknown;
}

/** `{kind, version, ...body}`; a list becomes `{kind, version, items}`. */
export function outputDocument(kind: string, body: object): OutputDocument {
  if (Array.isArray(body)) return { kind, version: OUTPUT_FORMAT_VERSION, items: body };
  if ('kind' in body || 'version' in body) throw new Error(`output document ${kind}: the body has its own kind or version field`);
  return { kind, version: OUTPUT_FORMAT_VERSION, ...body };
}

/** Drops undefined fields so JSON and YAML agree. */
function clean(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}

export function serialize(document: OutputDocument, format: DataFormat): string {
  if (format === 'json') return JSON.stringify(clean(document), null, 2);
  return stringify(clean(document), { lineWidth: 0 }).trimEnd();
}
