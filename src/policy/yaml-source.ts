/**
 * Reads YAML (multi-document) or JSON text into Kubernetes objects that remember where each
 * field was written. YAML 1.1 rules apply, as kubectl's decoder (go-yaml v2) uses them.
 */

import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
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

interface ParsedYaml {
  readonly doc: Document;
  readonly lines: LineCounter;
}

class YamlSourceDocument implements SourceDocument {
  constructor(
    readonly file: string,
    readonly index: number,
    /** the parsed document; for JSON input it is parsed only when a position is needed */
    private readonly parsed: () => ParsedYaml,
    private readonly text: string,
    private readonly prefix: readonly PathSegment[],
    /** lines before this text in its file (documents parsed apart from their file) */
    private readonly lineOffset = 0,
  ) {}

  private get doc(): Document {
    return this.parsed().doc;
  }

  private get lines(): LineCounter {
    return this.parsed().lines;
  }

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
    return { file: this.file, line: pos.line + this.lineOffset, column: pos.col };
  }

  excerpt(location: SourceLocation): string | undefined {
    return excerptAt(this.text, this.lines, { ...location, line: location.line - this.lineOffset });
  }

  /** A source for a value nested in this one (a `kind: List` item, a PolicyTest resource). */
  child(path: readonly PathSegment[], index: number): YamlSourceDocument {
    return new YamlSourceDocument(this.file, index, this.parsed, this.text, [...this.prefix, ...path], this.lineOffset);
  }
}

/** Positions in JSON text, from a syntax tree built on first use (jsonc-parser, fast). */
class JsonSourceDocument implements SourceDocument {
  constructor(
    readonly file: string,
    readonly index: number,
    private readonly tree: () => { root: JsonNode | undefined; lines: LineCounter },
    private readonly text: string,
    private readonly prefix: readonly PathSegment[],
  ) {}

  locate(path: readonly PathSegment[], options: { readonly key?: boolean } = {}): SourceLocation | undefined {
    const { root, lines } = this.tree();
    if (!root) return undefined;
    const full = [...this.prefix, ...path];
    // the nearest existing parent, like the YAML locator
    let node: JsonNode | undefined;
    for (let n = full.length; n >= 0 && !node; n--) node = findNodeAtLocation(root, full.slice(0, n));
    if (!node) return undefined;
    const target = options.key && node.parent?.type === 'property' ? node.parent.children?.[0] ?? node : node;
    const pos = lines.linePos(target.offset);
    return { file: this.file, line: pos.line, column: pos.col };
  }

  excerpt(location: SourceLocation): string | undefined {
    return excerptAt(this.text, this.tree().lines, location);
  }

  child(path: readonly PathSegment[], index: number): JsonSourceDocument {
    return new JsonSourceDocument(this.file, index, this.tree, this.text, [...this.prefix, ...path]);
  }
}

/** The line at a position, cut to about 100 characters around it, with a caret below. */
function excerptAt(text: string, lines: LineCounter, location: SourceLocation): string | undefined {
  const start0 = lines.lineStarts[location.line - 1];
  if (start0 === undefined) return undefined;
  const next = text.indexOf('\n', start0);
  const lineText = text.slice(start0, next === -1 ? text.length : next);
  const col = Math.max(0, location.column - 1);
  const start = col > 80 ? col - 60 : 0;
  const end = start + 100;
  const shown = `${start > 0 ? '…' : ''}${lineText.slice(start, end)}${lineText.length > end ? '…' : ''}`;
  return `${shown}\n${' '.repeat(col - start + (start > 0 ? 1 : 0))}^`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects nested under `path` of a document, each with its own source. */
export function nestedObjects(source: SourceDocument, value: unknown, path: PathSegment[]): K8sObject[] {
  if (!(source instanceof YamlSourceDocument || source instanceof JsonSourceDocument) || !Array.isArray(value)) return [];
  return value.filter(isObject).map((item, i) => ({ value: item, source: source.child([...path, i], i) }));
}

/** Sorts one parsed document into Kubernetes objects or other documents. */
export function classifyDocument(value: unknown, source: SourceDocument, out: ParsedText): void {
  if (!(source instanceof YamlSourceDocument || source instanceof JsonSourceDocument)) return;
  classify(value, source, out);
}

function classify(value: unknown, source: YamlSourceDocument | JsonSourceDocument, out: ParsedText): void {
  if (value === null || value === undefined) return;
  if (!isObject(value)) {
    out.diagnostics.push({
      severity: 'error',
      code: 'input.not-an-object',
      message: 'document is not a YAML mapping (expected a Kubernetes object)',
      location: source.locate([]),
    });
    return;
  }
  if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    value.items.forEach((item, i) => {
      if (isObject(item)) out.objects.push({ value: item, source: source.child(['items', i], i) });
    });
    return;
  }
  if (typeof value.apiVersion === 'string' && typeof value.kind === 'string' && value.kind !== 'PolicyTest') {
    out.objects.push({ value, source });
  } else {
    out.documents.push({ value, source });
  }
}

/**
 * JSON (as `kubectl get -o json` writes it) is read with JSON.parse, which is fast; the YAML
 * parser only runs when a message needs a line and column.
 */
function parseJson(text: string, file: string): ParsedText | undefined {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // not plain JSON: the YAML parser reads it and reports problems with positions
  }
  let tree: { root: JsonNode | undefined; lines: LineCounter } | undefined;
  const lazy = () => {
    if (!tree) {
      const lines = new LineCounter();
      lines.addNewLine(0);
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
      tree = { root: parseTree(text), lines };
    }
    return tree;
  };
  const out: ParsedText = { objects: [], documents: [], diagnostics: [] };
  const source = new JsonSourceDocument(file, 0, lazy, text, []);
  if (Array.isArray(value)) value.forEach((v, i) => classify(v, source.child([i], i), out));
  else classify(value, source, out);
  return out;
}

export function parseText(text: string, file: string): ParsedText {
  const json = parseJson(text, file);
  if (json) return json;
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, version: '1.1', prettyErrors: false });
  const out: ParsedText = { objects: [], documents: [], diagnostics: [] };
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    out.diagnostics.push({ severity: 'error', code: 'input.yaml', message: 'not a YAML stream', location: { file, line: 1, column: 1 } });
  }
  list.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const pos = lines.linePos(err.pos[0]);
        out.diagnostics.push({
          severity: 'error',
          code: 'input.yaml',
          message: `YAML: ${err.message.split('\n')[0]}`,
          location: { file, line: pos.line, column: pos.col },
        });
      }
      return;
    }
    const parsed: ParsedYaml = { doc, lines };
    classify(doc.toJS({ maxAliasCount: 1000 }) as unknown, new YamlSourceDocument(file, index, () => parsed, text, []), out);
  });
  return out;
}

/** One YAML document of a larger text, with the line where it starts (0-based). */
export interface YamlChunk {
  readonly text: string;
  readonly lineOffset: number;
}

/**
 * Splits a YAML stream at its document start markers (`---` at the start of a line, which
 * YAML forbids inside a document's content), so documents can be parsed apart.
 */
export function splitYamlDocuments(text: string): YamlChunk[] {
  const chunks: YamlChunk[] = [];
  let start = 0;
  let startLine = 0;
  let line = 0;
  let pos = 0;
  while (pos < text.length) {
    const next = text.indexOf('\n', pos);
    const end = next === -1 ? text.length : next + 1;
    if (pos > start && text.startsWith('---', pos) && (end - pos === 3 || /[\s]/.test(text[pos + 3] ?? '\n'))) {
      chunks.push({ text: text.slice(start, pos), lineOffset: startLine });
      start = pos;
      startLine = line;
    }
    pos = end;
    line++;
  }
  chunks.push({ text: text.slice(start), lineOffset: startLine });
  return chunks;
}

/** A source for one document parsed apart (in a worker): positions come from parsing it again on demand. */
export function chunkSource(file: string, index: number, chunk: YamlChunk): SourceDocument {
  let parsed: ParsedYaml | undefined;
  const lazy = () => {
    if (!parsed) {
      const lines = new LineCounter();
      const doc = parseAllDocuments(chunk.text, { lineCounter: lines, version: '1.1', prettyErrors: false });
      parsed = { doc: (Array.isArray(doc) ? doc[0] : undefined) ?? parseAllDocuments('{}')[0] as Document, lines };
    }
    return parsed;
  };
  return new YamlSourceDocument(file, index, lazy, chunk.text, [], chunk.lineOffset);
}
