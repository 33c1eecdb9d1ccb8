/**
 * Problems found in input, collected as values (never thrown): an error rejects the object it
 * names, a warning informs. Rendering happens at the edge (report/).
 */

import type { PathSegment, SourceLocation } from './source.js';

export type Severity = 'error' | 'warning' | 'info';

/** The object a diagnostic is about: `Kind/namespace/name` or `Kind/name`. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name: string;
}

export interface Diagnostic {
  readonly severity: Severity;
  /** stable identifier, e.g. `schema.unknown-field`, `cilium.sanitize`, `input.yaml` */
  readonly code: string;
  readonly message: string;
  readonly object?: ObjectRef | undefined;
  /** field path inside the object */
  readonly path?: readonly PathSegment[] | undefined;
  readonly location?: SourceLocation | undefined;
  /** the source line with a caret under the position */
  readonly excerpt?: string | undefined;
  /** a hint: did-you-mean, or how to fix it */
  readonly hint?: string | undefined;
}

export function formatObjectRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}
