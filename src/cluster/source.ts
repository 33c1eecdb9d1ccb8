/**
 * Where an object came from, so every message can point at file:line:column. The YAML layer
 * implements `locate`; the model only carries it.
 */

export type PathSegment = string | number;

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface SourceDocument {
  readonly file: string;
  /** index of the document in its file (0-based), or of the item in a `kind: List` */
  readonly index: number;
  /**
   * The position of the value at `path` (relative to the object), or of the nearest parent;
   * with `key`, the position of the map key naming the last segment (for unknown fields).
   */
  locate(path: readonly PathSegment[], options?: { readonly key?: boolean }): SourceLocation | undefined;
  /** a few lines of source around a position, with a caret under it */
  excerpt?(location: SourceLocation): string | undefined;
}

/** A Kubernetes object as read from input, with its origin. */
export interface K8sObject {
  readonly value: Record<string, unknown>;
  readonly source?: SourceDocument | undefined;
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : '';
}
