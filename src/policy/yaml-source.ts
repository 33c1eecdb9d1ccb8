/**
 * Reads YAML (multi-document) or JSON text into Kubernetes objects that remember where each
 * field was written. YAML 1.1 rules apply, as kubectl's decoder (go-yaml v2) uses them.
 */

import { LineCounter, isMap, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic, K8sObject, PathSegment, SourceDocument, SourceLocation } from '../cluster/index.js';

export interface ParsedText {
  readonly objects: K8sObject[];
  /** documents that are not Kubernetes objects (PolicyTest documents included) */
  readonly documents: { value: unknown; source: SourceDocument }[];
  readonly diagnostics: Diagnostic[];
}

function nodeAt(root: Node | null | undefined, path: readonly PathSegment[]): Node | null | undefined {
  let node: unknown = root;
  let last: Node | null | undefined = root;
  for (const seg of path) {
    if (isMap(node) || isSeq(node)) {
      const next = (node as { get(k: unknown, keepScalar: boolean): unknown }).get(seg, true);
      if (next === undefined || next === null) return last;
      node = next;
      last = next as Node;
    } else {
      return last;
    }
  }
  return last;
}

class YamlSourceDocument implements SourceDocument {
  constructor(
    readonly file: string,
    readonly index: number,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly text: string,
    private readonly prefix: readonly PathSegment[],
  ) {}

  locate(path: readonly PathSegment[], options: { readonly key?: boolean } = {}): SourceLocation | undefined {
    const full = [...this.prefix, ...path];
    let node: { range?: [number, number, number] | null } | null | undefined = nodeAt(this.doc.contents as Node | null, full);
    if (options.key && full.length > 0) {
      const parent = nodeAt(this.doc.contents as Node | null, full.slice(0, -1));
      const last = full[full.length - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
        if (pair && pair.key) node = pair.key as { range?: [number, number, number] | null };
      }
    }
    const offset = node?.range?.[0];
    if (offset === undefined) return undefined;
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, column: pos.col };
  }

  excerpt(location: SourceLocation): string | undefined {
    const lineText = this.text.split('\n')[location.line - 1];
    if (lineText === undefined) return undefined;
    const shown = lineText.length > 100 ? `${lineText.slice(0, 100)}…` : lineText;
    return `${shown}\n${' '.repeat(Math.max(0, location.column - 1))}^`;
  }

  /** A source for a value nested in this one (a `kind: List` item, a PolicyTest resource). */
  child(path: readonly PathSegment[], index: number): YamlSourceDocument {
    return new YamlSourceDocument(this.file, index, this.doc, this.lines, this.text, [...this.prefix, ...path]);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects nested under `path` of a document, each with its own source. */
export function nestedObjects(source: SourceDocument, value: unknown, path: PathSegment[]): K8sObject[] {
  if (!(source instanceof YamlSourceDocument) || !Array.isArray(value)) return [];
  return value.filter(isObject).map((item, i) => ({ value: item, source: source.child([...path, i], i) }));
}

export function parseText(text: string, file: string): ParsedText {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, version: '1.1', prettyErrors: false });
  const objects: K8sObject[] = [];
  const documents: { value: unknown; source: SourceDocument }[] = [];
  const diagnostics: Diagnostic[] = [];
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    diagnostics.push({ severity: 'error', code: 'input.yaml', message: 'not a YAML stream', location: { file, line: 1, column: 1 } });
  }
  list.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const pos = lines.linePos(err.pos[0]);
        diagnostics.push({
          severity: 'error',
          code: 'input.yaml',
          message: `YAML: ${err.message.split('\n')[0]}`,
          location: { file, line: pos.line, column: pos.col },
        });
      }
      return;
    }
    const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    if (value === null || value === undefined) return;
    const source = new YamlSourceDocument(file, index, doc, lines, text, []);
    if (!isObject(value)) {
      diagnostics.push({
        severity: 'error',
        code: 'input.not-an-object',
        message: 'document is not a YAML mapping (expected a Kubernetes object)',
        location: source.locate([]),
      });
      return;
    }
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item, i) => {
        if (isObject(item)) objects.push({ value: item, source: source.child(['items', i], i) });
      });
      return;
    }
    if (typeof value.apiVersion === 'string' && typeof value.kind === 'string' && value.kind !== 'PolicyTest') {
      objects.push({ value, source });
    } else {
      documents.push({ value, source });
    }
  });
  return { objects, documents, diagnostics };
}
