/**
 * Reads YAML (multi-document) or JSON text into Kubernetes objects that remember where each
 * field was written. YAML 1.1 rules apply, as kubectl's decoder (go-yaml v2) uses them.
 */

import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic, K8sObject, PathSegment, SourceDocument, SourceLocation } from '../cluster/index.js';
import { decodeYamlStream } from './yaml/decode.js';
import { splitKubectlDocuments, type YamlChunk } from './yaml/documents.js';
import { DEFAULT_LIMITS, limitMessage, type InputLimits } from './yaml/limits.js';
import { YAML_PARSE_OPTIONS } from './yaml/reference.js';
import { jsonKey, resolveScalar } from './yaml/resolve.js';

export interface ParsedText {
  readonly objects: K8sObject[];
  /** documents that are not Kubernetes objects (PolicyTest documents included) */
  readonly documents: { value: unknown; source: SourceDocument }[];
  readonly diagnostics: Diagnostic[];
}

/** The JSON key a map key node reads as (kubectl's rules), or undefined when it has none. */
function keyOf(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  try {
    const text = key.value === null || key.value === undefined ? '' : String(key.value);
    return jsonKey(resolveScalar(text, key.type === 'PLAIN' || key.type === undefined, key.tag));
  } catch {
    return undefined;
  }
}

/**
 * The node at a JSON path, or the nearest parent that exists (a key that came from a merge
 * or an alias has no node of its own); with `key`, the map key naming the last segment.
 */
function nodeAt(doc: Document, path: readonly PathSegment[], key: boolean): Node | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = (doc.contents as Node | null) ?? undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let keyNode: unknown;
    if (isMap(node) && typeof seg === 'string') {
      for (const pair of node.items) {
        if (keyOf(pair.key) === seg) {
          next = pair.value;
          keyNode = pair.key;
        }
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
    }
    if (key && i === path.length - 1 && keyNode) return keyNode as Node;
    if (next === undefined || next === null) return found;
    node = next;
    found = next as Node;
  }
  return found;
}

/** One document's syntax tree and line table, built once on first use and shared by every source into it. */
class PositionTree {
  private parsed: { doc: Document; lines: LineCounter } | undefined;

  constructor(readonly chunk: YamlChunk) {}

  get(): { doc: Document; lines: LineCounter } {
    if (!this.parsed) {
      const lines = new LineCounter();
      const docs = parseAllDocuments(this.chunk.text, { ...YAML_PARSE_OPTIONS, lineCounter: lines });
      const doc = (Array.isArray(docs) ? docs[0] : undefined) ?? (parseAllDocuments('{}')[0] as Document);
      this.parsed = { doc, lines };
    }
    return this.parsed;
  }
}

class YamlSourceDocument implements SourceDocument {
  constructor(
    readonly file: string,
    readonly index: number,
    /** the document's own text (kubectl decodes each document apart); parsed only when a message needs a position */
    private readonly tree: PositionTree,
    private readonly prefix: readonly PathSegment[],
  ) {}

  private get chunk(): YamlChunk {
    return this.tree.chunk;
  }

  locate(path: readonly PathSegment[], options: { readonly key?: boolean } = {}): SourceLocation | undefined {
    const { doc, lines } = this.tree.get();
    const node = nodeAt(doc, [...this.prefix, ...path], options.key === true) as { range?: [number, number, number] | null } | undefined;
    const offset = node?.range?.[0];
    if (offset === undefined) return { file: this.file, line: this.chunk.lineOffset + 1, column: 1 };
    const pos = lines.linePos(offset);
    return { file: this.file, line: pos.line + this.chunk.lineOffset, column: pos.col };
  }

  excerpt(location: SourceLocation): string | undefined {
    return excerptAt(this.chunk.text, this.tree.get().lines, { ...location, line: location.line - this.chunk.lineOffset });
  }

  /** A source for a value nested in this one (a `kind: List` item, a PolicyTest resource). */
  child(path: readonly PathSegment[], index: number): YamlSourceDocument {
    return new YamlSourceDocument(this.file, index, this.tree, [...this.prefix, ...path]);
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
  const out: K8sObject[] = [];
  value.forEach((item, i) => {
    if (isObject(item)) out.push({ value: item, source: source.child([...path, i], i) });
  });
  return out;
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

/** The deepest nesting of `[` and `{` in JSON text (strings skipped), stopping past `limit`. */
function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return max;
}

/** Concatenated JSON objects (`{...}{...}`, whitespace between), or undefined when it is not that. */
function jsonStream(text: string): unknown[] | undefined {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) {
      if (depth++ === 0) {
        if (c !== 123) return undefined;
        start = i;
      }
    } else if (c === 125 || c === 93) {
      if (--depth < 0) return undefined;
      if (depth === 0) {
        try {
          values.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          return undefined;
        }
      }
    } else if (depth === 0 && c !== 32 && c !== 10 && c !== 13 && c !== 9) {
      return undefined;
    }
  }
  return depth === 0 && values.length > 1 ? values : undefined;
}

/**
 * JSON (as `kubectl get -o json` writes it) is read with JSON.parse, which is fast; positions
 * come from a jsonc-parser tree built only when a message needs one. Text that is not plain
 * JSON is left to the YAML reader (false).
 */
function parseJson(text: string, file: string, limits: InputLimits, out: ParsedText): boolean {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // kubectl reads a text starting with `{` as a stream of JSON objects (`kubectl get -o json`
    // output concatenated); anything else is left to the YAML reader, which reports positions
    const stream = first === '{' ? jsonStream(text) : undefined;
    if (!stream) return false;
    value = stream;
  }
  if (jsonDepth(text, limits.maxDepth) > limits.maxDepth) {
    out.diagnostics.push({
      severity: 'error',
      code: 'input.limit',
      message: limitMessage('maxDepth', limits, `nesting deeper than ${limits.maxDepth} levels`),
      location: { file, line: 1, column: 1 },
    });
    return true;
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
  const source = new JsonSourceDocument(file, 0, lazy, text, []);
  if (Array.isArray(value)) value.forEach((v, i) => classify(v, source.child([i], i), out));
  else classify(value, source, out);
  return true;
}

export function parseText(text: string, file: string, limits: InputLimits = DEFAULT_LIMITS): ParsedText {
  const out: ParsedText = { objects: [], documents: [], diagnostics: [] };
  text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (parseJson(text, file, limits, out)) return out;
  const stream = decodeYamlStream(text, limits);
  for (const e of stream.errors) {
    out.diagnostics.push({
      severity: 'error',
      code: e.limit ? 'input.limit' : 'input.yaml',
      message: e.limit ? e.message : `YAML: ${e.message}`,
      location: { file, line: e.line, column: e.column },
      hint: e.limit ? undefined : templateHint(text),
    });
  }
  stream.documents.forEach((d, index) => {
    const source = new YamlSourceDocument(file, index, new PositionTree(d.chunk), []);
    for (const w of d.warnings) out.diagnostics.push({ severity: 'warning', code: 'input.yaml', message: w, location: source.locate([]) });
    classify(d.value, source, out);
  });
  return out;
}

/** An unrendered Helm or Go template is the usual reason a manifest does not parse. */
export function templateHint(text: string): string | undefined {
  if (!/\{\{-?\s*[^}]*\}\}/.test(text)) return undefined;
  return 'this file holds {{ ... }} template expressions: it looks like an unrendered Helm chart or Go template; render it first (helm template CHART | membrane ... -f -)';
}

/**
 * A YAML stream cut into documents as kubectl cuts it (yaml/documents.ts); each piece decodes
 * on its own, so a sender (`membrane serve`) can decode them and hand the values over.
 */
export function splitYamlDocuments(text: string): YamlChunk[] {
  return splitKubectlDocuments(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).chunks;
}

/** A source for one document of splitYamlDocuments: positions come from its own text, on demand. */
export function chunkSource(file: string, index: number, chunk: YamlChunk): SourceDocument {
  return new YamlSourceDocument(file, index, new PositionTree(chunk), []);
}

/** Sorts one decoded document into Kubernetes objects or other documents. */
export function classifyDocument(value: unknown, source: SourceDocument, out: ParsedText): void {
  if (!(source instanceof YamlSourceDocument || source instanceof JsonSourceDocument)) return;
  classify(value, source, out);
}
