/**
 * The reference decoder: one YAML document -> the JSON value kubectl gets from it
 * (sigs.k8s.io/yaml over go-yaml v2). The `yaml` package parses the syntax with every
 * scalar kept as text (failsafe schema, no merge, duplicate keys allowed); the values are
 * then built here with go-yaml's rules (resolve.ts): tags, `<<` merge keys (applied in
 * order, later keys winning, a merged sequence's earlier maps winning), anchors bound in
 * document order, go-yaml's excessive-aliasing rule, and the JSON conversion of keys and
 * values. It handles all of YAML; the fast reader (fast.ts) handles the common subset and
 * falls back here.
 */

import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import { InputLimitError, limitMessage, type InputLimits } from './limits.js';
import { MERGE_TAG, YamlDecodeError, goKeyIdentity, jsonKey, jsonValue, resolveScalar, type GoScalar } from './resolve.js';

export interface DecodedDocument {
  readonly value: unknown;
  /** problems kubectl does not report but a user should know (content it ignores) */
  readonly warnings: readonly string[];
}

/** A decode error with its offset in the document text, when known. */
export class PositionedYamlError extends YamlDecodeError {
  constructor(message: string, readonly offset: number | undefined) {
    super(message);
  }
}

export const YAML_PARSE_OPTIONS = { version: '1.1', schema: 'failsafe', merge: false, uniqueKeys: false, prettyErrors: false, strict: false } as const;

/** Sets a property, also when the key is `__proto__` (never the prototype). */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

const ALIAS_RATIO_LOW = 400_000;
const ALIAS_RATIO_HIGH = 4_000_000;

/** go-yaml v2 decode.go allowedAliasRatio */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_LOW) / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW));
}

type YNode = Node | null | undefined;

function offsetOf(node: YNode): number | undefined {
  return (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
}

/** Double-quoted escapes go-yaml v2 accepts (scannerc.go); `\/` and others are errors there. */
const GO_ESCAPES = new Set(['0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', "'", '\\', 'N', '_', 'L', 'P', 'x', 'u', 'U', '\n', '\r']);

const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

function checkDoubleQuoted(raw: string, offset: number): void {
  for (let i = raw.indexOf('\\'); i !== -1; i = raw.indexOf('\\', i + 2)) {
    const c = raw[i + 1];
    if (c === undefined) continue;
    if (!GO_ESCAPES.has(c)) throw new PositionedYamlError('while parsing a quoted scalar: found unknown escape character', offset + i);
    const len = HEX_LENGTH[c];
    if (len === undefined) continue;
    const hex = raw.slice(i + 2, i + 2 + len);
    if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) throw new PositionedYamlError('while parsing a quoted scalar: did not find expected hexdecimal number', offset + i);
    const cp = parseInt(hex, 16);
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) throw new PositionedYamlError('while parsing a quoted scalar: found invalid Unicode character escape code', offset + i);
  }
}

/** libyaml gives up on a simple (implicit) key whose `:` is more than 1024 characters after its start. */
const MAX_SIMPLE_KEY = 1024;

function checkSimpleKey(text: string, key: Node): void {
  const range = (key as { range?: [number, number, number] }).range;
  if (!range) return;
  let colon = range[1];
  while (text[colon] === ' ') colon++;
  if (text[colon] !== ':' || colon - range[0] <= MAX_SIMPLE_KEY) return;
  let before = range[0] - 1;
  while (before >= 0 && text[before] === ' ') before--;
  if (text[before] === '?') return; // an explicit key
  throw new PositionedYamlError('mapping values are not allowed in this context (a key longer than 1024 characters)', colon);
}

class Builder {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<unknown>();
  readonly aliasTargets = new Map<unknown, Node>();

  constructor(private readonly text: string, private readonly limits: InputLimits) {}

  /** go-yaml binds anchors while parsing: an alias names the latest anchor before it. */
  bindAnchors(root: YNode): void {
    const anchors = new Map<string, Node>();
    const stack: YNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!node) continue;
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor) anchors.set(anchor, node);
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (!target) throw new PositionedYamlError(`unknown anchor '${node.source}' referenced`, offsetOf(node));
        this.aliasTargets.set(node, target);
      } else if (isMap(node)) {
        for (let i = node.items.length - 1; i >= 0; i--) {
          const pair = node.items[i] as Pair<YNode, YNode>;
          stack.push(pair.value, pair.key);
        }
      } else if (isSeq(node)) {
        for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i] as YNode);
      }
    }
  }

  private count(node: YNode): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) {
      this.aliasCount++;
      if (this.aliasCount > this.limits.maxAliasNodes) {
        throw new InputLimitError(limitMessage('maxAliasNodes', this.limits, `aliases expand to more than ${this.limits.maxAliasNodes} nodes`));
      }
    }
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      // kubectl refuses it with "document contains excessive aliasing"
      throw new InputLimitError(limitMessage('maxAliasNodes', this.limits, 'document contains excessive aliasing: its aliases expand past what kubectl accepts (go-yaml\'s alias ratio)'));
    }
  }

  private scalar(node: YNode): GoScalar {
    if (!node) return { kind: 'null' };
    if (!isScalar(node)) throw new PositionedYamlError('invalid map key: a mapping or sequence used as a key', offsetOf(node));
    const text = node.value === null || node.value === undefined ? '' : String(node.value);
    if (node.type === 'QUOTE_DOUBLE' && node.range) checkDoubleQuoted(this.text.slice(node.range[0], node.range[1]), node.range[0]);
    try {
      return resolveScalar(text, node.type === 'PLAIN' || node.type === undefined, node.tag);
    } catch (err) {
      throw new PositionedYamlError((err as Error).message, offsetOf(node));
    }
  }

  build(node: YNode, depth: number): unknown {
    this.count(node);
    if (depth > this.limits.maxDepth) {
      throw new InputLimitError(limitMessage('maxDepth', this.limits, `nesting deeper than ${this.limits.maxDepth} levels`));
    }
    if (!node) return null;
    if (isAlias(node)) return this.alias(node, (target) => this.build(target, depth + 1));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      this.fill(node, out, new Map(), depth);
      return out;
    }
    if (isSeq(node)) return node.items.map((item) => this.build(item as YNode, depth + 1));
    try {
      return jsonValue(this.scalar(node));
    } catch (err) {
      if (err instanceof PositionedYamlError) throw err;
      throw new PositionedYamlError((err as Error).message, offsetOf(node));
    }
  }

  private alias<T>(node: Node, use: (target: Node) => T): T {
    if (this.expanding.has(node)) throw new PositionedYamlError(`anchor '${(node as { source: string }).source}' value contains itself`, offsetOf(node));
    this.expanding.add(node);
    this.aliasDepth++;
    try {
      return use(this.aliasTargets.get(node)!);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(node);
    }
  }

  private isMergeKey(key: YNode): boolean {
    if (!key || !isScalar(key) || key.value !== '<<') return false;
    const plain = key.type === 'PLAIN' || key.type === undefined;
    return (plain && (!key.tag || key.tag === '!')) || key.tag === MERGE_TAG;
  }

  /** Entries of a mapping node into `out` (go-yaml `mapping`, merges in place). */
  private fill(node: Node, out: Record<string, unknown>, identities: Map<string, string>, depth: number): void {
    if (!isMap(node)) throw new PositionedYamlError('map merge requires map or sequence of maps as the value', offsetOf(node));
    for (const item of node.items) {
      const pair = item as Pair<YNode, YNode>;
      if (this.isMergeKey(pair.key)) {
        this.count(pair.key);
        this.merge(pair.value, out, identities, depth);
        continue;
      }
      this.count(pair.key);
      const keyNode = pair.key;
      if (keyNode) checkSimpleKey(this.text, keyNode);
      const goKey = keyNode && isAlias(keyNode) ? this.alias(keyNode, (t) => this.scalar(t)) : this.scalar(keyNode);
      let key: string;
      try {
        key = jsonKey(goKey);
      } catch (err) {
        throw new PositionedYamlError((err as Error).message, offsetOf(keyNode));
      }
      const identity = goKeyIdentity(goKey);
      const previous = identities.get(key);
      if (previous !== undefined && previous !== identity) {
        throw new PositionedYamlError(`keys of different types both read as "${key}": kubectl keeps one of them at random; write the key once`, offsetOf(keyNode));
      }
      identities.set(key, identity);
      setKey(out, key, this.build(pair.value, depth + 1));
    }
  }

  private merge(value: YNode, out: Record<string, unknown>, identities: Map<string, string>, depth: number): void {
    const into = (n: YNode) => {
      if (n && isAlias(n)) {
        this.count(n);
        this.alias(n, (t) => {
          if (!isMap(t)) throw new PositionedYamlError('map merge requires map or sequence of maps as the value', offsetOf(n));
          this.count(t);
          this.fill(t, out, identities, depth + 1);
        });
      } else if (n && isMap(n)) {
        this.count(n);
        this.fill(n, out, identities, depth + 1);
      } else {
        throw new PositionedYamlError('map merge requires map or sequence of maps as the value', offsetOf(n));
      }
    };
    if (value && isSeq(value)) {
      // earlier maps take precedence: applied last
      for (let i = value.items.length - 1; i >= 0; i--) into(value.items[i] as YNode);
    } else {
      into(value);
    }
  }
}

function firstError(doc: Document): { message: string; offset: number } | undefined {
  const err = doc.errors[0];
  return err ? { message: err.message.split('\n')[0]!, offset: err.pos[0] } : undefined;
}

/**
 * Decodes the first document of `text` (a piece of a stream cut by splitKubectlDocuments).
 * Throws PositionedYamlError for what kubectl refuses and InputLimitError past a limit.
 */
export function decodeReference(text: string, limits: InputLimits): DecodedDocument {
  let docs: Document[];
  try {
    const parsed = parseAllDocuments(text, YAML_PARSE_OPTIONS);
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    if (err instanceof RangeError) throw new InputLimitError(limitMessage('maxDepth', limits, 'nesting too deep to parse'));
    throw err;
  }
  const doc = docs[0];
  if (!doc) return { value: null, warnings: [] };
  const error = firstError(doc);
  // the parser reports its own stack overflow as a document error
  if (error && /call stack/i.test(error.message)) throw new InputLimitError(limitMessage('maxDepth', limits, 'nesting too deep to parse'));
  if (error) throw new PositionedYamlError(error.message, error.offset);
  const warnings: string[] = [];
  if (docs.slice(1).some((d) => d.contents !== null)) {
    warnings.push('content after the document end marker (...) is ignored, as kubectl ignores it; start a new document with ---');
  }
  const builder = new Builder(text, limits);
  try {
    builder.bindAnchors(doc.contents as YNode);
    return { value: builder.build(doc.contents as YNode, 0), warnings };
  } catch (err) {
    if (err instanceof RangeError) throw new InputLimitError(limitMessage('maxDepth', limits, 'nesting too deep to decode'));
    throw err;
  }
}
