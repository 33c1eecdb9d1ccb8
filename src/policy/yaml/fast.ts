/**
 * The fast reader: the YAML that `kubectl get -o yaml`, Helm and people write for
 * Kubernetes (block mappings and sequences, single-line plain and quoted scalars, one-line
 * flow collections, literal block scalars, comments), decoded straight to JSON values with
 * kubectl's rules (resolve.ts), more than 10 times faster than building a YAML document
 * tree (workload-10k: 4.4 s -> 0.4 s of CPU).
 *
 * It answers only when sure: anything outside that subset (anchors, aliases, tags, merge
 * keys, multi-line or folded scalars, complex keys, duplicate keys, tabs, unusual
 * indicators, a syntax error) returns undefined, and the caller decodes the document with
 * the reference decoder (reference.ts), which handles all of YAML. A differential test
 * (fast.test.ts) holds the two to the same values on the shared workloads, the corpus and
 * generated documents.
 */

import type { InputLimits } from './limits.js';
import { YamlDecodeError, plainJson, plainKey } from './resolve.js';

/** Not in the fast subset: decode with the reference decoder. */
class Fallback extends Error {}
const FALLBACK = new Fallback();

/** Characters that make the fast reader step aside for the whole document. */
export const UNUSUAL = /[\t\r\u0085\u2028\u2029\ufeff]/;

const SPACE = 32;
const NL = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;

/** First characters a plain scalar may not start with here (YAML indicators). */
function isIndicatorStart(c: number): boolean {
  // ? : , [ ] { } # & * ! | > ' " % @ `
  return c === 63 || c === 58 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 || c === 38 || c === 42 ||
    c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96;
}

class FastReader {
  private pos = 0;
  /** where the last quoted scalar, flow node or plain flow scalar ended (a second return value) */
  private end = 0;

  constructor(private readonly s: string, private readonly limits: InputLimits) {}

  // --- lines -----------------------------------------------------------------------------

  private lineEnd(from: number): number {
    const i = this.s.indexOf('\n', from);
    return i === -1 ? this.s.length : i;
  }

  /**
   * Moves `pos` to the start of the next line holding content (not blank, not only a
   * comment) and returns its indentation, or -1 at the end.
   */
  private nextContent(): number {
    const s = this.s;
    while (this.pos < s.length) {
      let i = this.pos;
      while (s.charCodeAt(i) === SPACE) i++;
      const c = s.charCodeAt(i);
      if (i >= s.length) { this.pos = s.length; return -1; }
      if (c === NL || c === HASH) {
        this.pos = this.lineEnd(i) + 1;
        continue;
      }
      const indent = i - this.pos;
      if (indent === 0 && c === 46 && s.startsWith('...', i)) throw FALLBACK; // document end marker
      return indent;
    }
    return -1;
  }

  /** After a value on the current line: only spaces, then the end of line or a comment. */
  private endOfLine(i: number): void {
    const s = this.s;
    const start = i;
    while (s.charCodeAt(i) === SPACE) i++;
    if (i < s.length && s.charCodeAt(i) !== NL) {
      if (s.charCodeAt(i) !== HASH || i === start) throw FALLBACK;
      i = this.lineEnd(i);
    }
    this.pos = i + 1;
  }

  private checkDepth(depth: number): void {
    if (depth > this.limits.maxDepth) throw FALLBACK; // the reference decoder reports it
  }

  // --- documents ---------------------------------------------------------------------------

  document(): unknown {
    const indent = this.nextContent();
    if (indent === -1) return null;
    const value = this.blockNode(indent, 0);
    if (this.nextContent() !== -1) throw FALLBACK;
    return value;
  }

  /** A block node whose first line starts at `pos` + `indent`. */
  private blockNode(indent: number, depth: number): unknown {
    this.checkDepth(depth);
    const s = this.s;
    const at = this.pos + indent;
    const c = s.charCodeAt(at);
    if (c === DASH && this.isSeqEntry(at)) return this.sequence(indent, at, depth);
    if (c === 91 || c === 123) {
      const value = this.flowAt(at, depth);
      this.endOfLine(this.end);
      return value;
    }
    return this.mapping(indent, at, depth);
  }

  private isSeqEntry(at: number): boolean {
    const n = this.s.charCodeAt(at + 1);
    return n === SPACE || n === NL || at + 1 >= this.s.length;
  }

  /** A block sequence at `indent` whose first `-` is at `at` (possibly mid-line after another `- `). */
  private sequence(indent: number, at: number, depth: number): unknown[] {
    const out: unknown[] = [];
    const s = this.s;
    let dash = at;
    for (;;) {
      out.push(this.afterIndicator(dash + 1, indent, depth + 1));
      const next = this.nextContent();
      if (next === -1 || next < indent) return out;
      if (next > indent) throw FALLBACK;
      dash = this.pos + next;
      if (s.charCodeAt(dash) !== DASH || !this.isSeqEntry(dash)) return out; // a mapping key at the same indentation (indentless sequence)
    }
  }

  /**
   * The value after a `- ` or a `key:` indicator at column `indent` of the current line: on
   * the same line, or a block on the following lines (indented more than `indent`).
   */
  private afterIndicator(from: number, indent: number, depth: number, inMapping = false): unknown {
    const s = this.s;
    let i = from;
    while (s.charCodeAt(i) === SPACE) i++;
    const c = s.charCodeAt(i);
    if (i >= s.length || c === NL || c === HASH) {
      if (c === HASH && i === from) throw FALLBACK;
      this.pos = (i >= s.length ? s.length : this.lineEnd(i)) + 1;
      const next = this.nextContent();
      if (next === -1) return null;
      if (next > indent) return this.blockNode(next, depth);
      // `key:` followed by `- item` lines at the key's own indentation
      if (inMapping && next === indent && s.charCodeAt(this.pos + next) === DASH && this.isSeqEntry(this.pos + next)) {
        this.checkDepth(depth);
        return this.sequence(indent, this.pos + next, depth);
      }
      return null;
    }
    const lineStart = s.lastIndexOf('\n', i - 1) + 1;
    const column = i - lineStart;
    if (c === DASH && this.isSeqEntry(i)) {
      if (inMapping) throw FALLBACK; // `key: - x` is an error
      this.checkDepth(depth);
      return this.sequence(column, i, depth);
    }
    if (!inMapping && this.looksLikeKey(i)) {
      this.checkDepth(depth);
      return this.mapping(column, i, depth);
    }
    return this.inlineValue(i, indent, depth);
  }

  /** Does a compact mapping (`- key: value`) start at `i`? */
  private looksLikeKey(i: number): boolean {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const end = c === DQUOTE ? this.doubleQuotedEnd(i) : this.singleQuotedEnd(i);
      return end !== -1 && s.charCodeAt(end) === COLON;
    }
    if (c === 91 || c === 123) return false;
    return this.plainKeyEnd(i) !== -1;
  }

  /** The position of the `:` ending a plain key starting at `i`, or -1 when the line holds no key. */
  private plainKeyEnd(i: number): number {
    const s = this.s;
    const end = this.lineEnd(i);
    for (let j = i; j < end; j++) {
      const c = s.charCodeAt(j);
      if (c === COLON) {
        const n = s.charCodeAt(j + 1);
        if (j + 1 >= s.length || n === SPACE || n === NL) return j;
      } else if (c === HASH && s.charCodeAt(j - 1) === SPACE) {
        return -1;
      }
    }
    return -1;
  }

  /** A block mapping at `indent` whose first key starts at `at`. */
  private mapping(indent: number, at: number, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const s = this.s;
    let keyAt = at;
    for (;;) {
      const key = this.key(keyAt);
      // a duplicate key, or a key Object.prototype has (`__proto__`, `constructor`): the reference decides
      if (out[key] !== undefined) throw FALLBACK;
      out[key] = this.afterIndicator(this.end, indent, depth + 1, true);
      const next = this.nextContent();
      if (next === -1 || next < indent) return out;
      if (next > indent) throw FALLBACK; // continuation of a multi-line scalar, or an error
      keyAt = this.pos + next;
      if (s.charCodeAt(keyAt) === DASH && this.isSeqEntry(keyAt)) {
        // `- x` at a mapping's indentation ends it only inside a sequence entry's compact mapping
        return out;
      }
    }
  }

  /** A mapping key at `i`: its JSON key; `end` is set to where its value starts (after the `:`). */
  private key(i: number): string {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const value = c === DQUOTE ? this.doubleQuoted(i) : this.singleQuoted(i);
      const end = this.end;
      if (s.charCodeAt(end) !== COLON) throw FALLBACK;
      const n = s.charCodeAt(end + 1);
      if (!(n === SPACE || n === NL || end + 1 >= s.length)) throw FALLBACK;
      if (end - i > 1024) throw FALLBACK;
      this.end = end + 1;
      return value;
    }
    if (isIndicatorStart(c) || c === DASH) {
      if (c !== DASH || this.isSeqEntry(i)) throw FALLBACK;
    }
    const colon = this.plainKeyEnd(i);
    if (colon === -1 || colon - i > 1024) throw FALLBACK;
    let end = colon;
    while (end > i && s.charCodeAt(end - 1) === SPACE) end--;
    const key = plainKey(s.slice(i, end));
    if (key === null) throw FALLBACK;
    this.end = colon + 1;
    return key;
  }

  /** A scalar or flow collection on the current line (after an indicator), then the line's end. */
  private inlineValue(i: number, indent: number, depth: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const value = c === DQUOTE ? this.doubleQuoted(i) : this.singleQuoted(i);
      this.endOfLine(this.end);
      return value;
    }
    if (c === 91 || c === 123) {
      const value = this.flowAt(i, depth);
      this.endOfLine(this.end);
      return value;
    }
    if (c === 124 /* | */) return this.literal(i, indent);
    if (isIndicatorStart(c)) throw FALLBACK;
    // a plain scalar: to the end of the line or a comment; `: ` inside is an error in YAML
    const end = this.lineEnd(i);
    let stop = end;
    for (let j = i; j < end; j++) {
      const ch = s.charCodeAt(j);
      if (ch === COLON) {
        const n = s.charCodeAt(j + 1);
        if (j + 1 >= end || n === SPACE) throw FALLBACK;
      } else if (ch === HASH && s.charCodeAt(j - 1) === SPACE) {
        stop = j;
        break;
      }
    }
    let last = stop;
    while (last > i && s.charCodeAt(last - 1) === SPACE) last--;
    this.pos = end + 1;
    return plainJson(s.slice(i, last));
  }

  /** `|` and `|-` block scalars (other headers fall back). */
  private literal(i: number, indent: number): string {
    const s = this.s;
    let j = i + 1;
    let strip = false;
    if (s.charCodeAt(j) === DASH) { strip = true; j++; }
    const headerEnd = this.lineEnd(j);
    for (let k = j; k < headerEnd; k++) {
      const ch = s.charCodeAt(k);
      if (ch === HASH && k > j && s.charCodeAt(k - 1) === SPACE) break;
      if (ch !== SPACE) throw FALLBACK; // `|+`, indentation indicators, or text after the header
    }
    let p = headerEnd + 1;
    const lines: string[] = [];
    let blockIndent = -1;
    let pendingBlank = 0;
    while (p < s.length) {
      const e = this.lineEnd(p);
      let k = p;
      while (k < e && s.charCodeAt(k) === SPACE) k++;
      if (k === e) {
        // an empty line (spaces only)
        if (blockIndent === -1 ? k > p : k - p > blockIndent) throw FALLBACK;
        pendingBlank++;
        p = e + 1;
        continue;
      }
      const lineIndent = k - p;
      if (blockIndent === -1) {
        if (lineIndent <= indent) break;
        blockIndent = lineIndent;
      } else if (lineIndent < blockIndent) {
        break;
      }
      if (lineIndent === 0 && (s.startsWith('...', p) || s.startsWith('---', p))) throw FALLBACK;
      for (; pendingBlank > 0; pendingBlank--) lines.push('');
      lines.push(s.slice(p + blockIndent, e));
      p = e + 1;
    }
    if (blockIndent === -1 && pendingBlank > 0) throw FALLBACK; // only empty lines: leave the subtleties to the reference
    this.pos = Math.min(p, s.length);
    // lines after the content that were blank belong to the following node's separation
    if (lines.length === 0) return '';
    const text = lines.join('\n');
    return strip ? text : `${text}\n`;
  }

  // --- quoted scalars ------------------------------------------------------------------------

  private singleQuotedEnd(i: number): number {
    const s = this.s;
    const end = this.lineEnd(i);
    for (let j = i + 1; j < end; j++) {
      if (s.charCodeAt(j) === SQUOTE) {
        if (s.charCodeAt(j + 1) === SQUOTE) { j++; continue; }
        return j + 1;
      }
    }
    return -1;
  }

  private singleQuoted(i: number): string {
    const end = this.singleQuotedEnd(i);
    if (end === -1) throw FALLBACK; // multi-line
    const raw = this.s.slice(i + 1, end - 1);
    this.end = end;
    return raw.includes("''") ? raw.replace(/''/g, "'") : raw;
  }

  private doubleQuotedEnd(i: number): number {
    const s = this.s;
    const end = this.lineEnd(i);
    for (let j = i + 1; j < end; j++) {
      const c = s.charCodeAt(j);
      if (c === 92 /* \ */) { j++; continue; }
      if (c === DQUOTE) return j + 1;
    }
    return -1;
  }

  private doubleQuoted(i: number): string {
    const end = this.doubleQuotedEnd(i);
    if (end === -1) throw FALLBACK;
    this.end = end;
    const raw = this.s.slice(i + 1, end - 1);
    if (!raw.includes('\\')) return raw;
    let out = '';
    for (let j = 0; j < raw.length; j++) {
      const c = raw[j]!;
      if (c !== '\\') { out += c; continue; }
      const e = raw[++j];
      switch (e) {
        case '0': out += '\0'; break;
        case 'a': out += '\x07'; break;
        case 'b': out += '\b'; break;
        case 't': out += '\t'; break;
        case 'n': out += '\n'; break;
        case 'v': out += '\v'; break;
        case 'f': out += '\f'; break;
        case 'r': out += '\r'; break;
        case 'e': out += '\x1b'; break;
        case ' ': out += ' '; break;
        case '"': out += '"'; break;
        case "'": out += "'"; break;
        case '\\': out += '\\'; break;
        case 'N': out += '\u0085'; break;
        case '_': out += '\u00a0'; break;
        case 'L': out += '\u2028'; break;
        case 'P': out += '\u2029'; break;
        case 'x': case 'u': case 'U': {
          const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
          const hex = raw.slice(j + 1, j + 1 + len);
          if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) throw FALLBACK;
          const cp = parseInt(hex, 16);
          if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) throw FALLBACK;
          out += String.fromCodePoint(cp);
          j += len;
          break;
        }
        default: throw FALLBACK; // unknown escapes are errors in go-yaml
      }
    }
    return out;
  }

  // --- flow collections (on one line) -----------------------------------------------------------

  private skipSpaces(i: number): number {
    while (this.s.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** A flow collection at `i` on one line; `end` is set past its closing bracket. */
  private flowAt(i: number, depth: number): unknown {
    this.checkDepth(depth);
    const s = this.s;
    if (s.charCodeAt(i) === 91) {
      const out: unknown[] = [];
      let j = this.skipSpaces(i + 1);
      if (s.charCodeAt(j) === 93) { this.end = j + 1; return out; }
      for (;;) {
        out.push(this.flowNode(j, depth + 1));
        j = this.skipSpaces(this.end);
        const c = s.charCodeAt(j);
        if (c === 93) { this.end = j + 1; return out; }
        if (c !== 44) throw FALLBACK;
        j = this.skipSpaces(j + 1);
        if (s.charCodeAt(j) === 93) throw FALLBACK; // trailing comma
      }
    }
    const out: Record<string, unknown> = {};
    let j = this.skipSpaces(i + 1);
    if (s.charCodeAt(j) === 125) { this.end = j + 1; return out; }
    for (;;) {
      const c = s.charCodeAt(j);
      let key: string;
      if (c === DQUOTE || c === SQUOTE) {
        key = c === DQUOTE ? this.doubleQuoted(j) : this.singleQuoted(j);
        j = this.end;
        if (s.charCodeAt(j) !== COLON) throw FALLBACK;
        j++;
      } else {
        const k = plainKey(this.flowPlain(j));
        if (k === null) throw FALLBACK;
        key = k;
        j = this.end;
        if (s.charCodeAt(j) !== COLON || s.charCodeAt(j + 1) !== SPACE) throw FALLBACK;
        j++;
      }
      j = this.skipSpaces(j);
      const value = this.flowNode(j, depth + 1);
      if (out[key] !== undefined) throw FALLBACK;
      out[key] = value;
      j = this.skipSpaces(this.end);
      const d = s.charCodeAt(j);
      if (d === 125) { this.end = j + 1; return out; }
      if (d !== 44) throw FALLBACK;
      j = this.skipSpaces(j + 1);
      if (s.charCodeAt(j) === 125) throw FALLBACK;
    }
  }

  /** A node inside a flow collection; `end` is set past it. */
  private flowNode(j: number, depth: number): unknown {
    const c = this.s.charCodeAt(j);
    if (c === 91 || c === 123) return this.flowAt(j, depth);
    if (c === DQUOTE) return this.doubleQuoted(j);
    if (c === SQUOTE) return this.singleQuoted(j);
    const text = this.flowPlain(j);
    if (this.s.charCodeAt(this.end) === COLON) throw FALLBACK; // a single-pair mapping in a sequence
    return plainJson(text);
  }

  /** A plain scalar inside a flow collection: up to `,`, `]`, `}` or `: `; `end` is set to where it stops. */
  private flowPlain(j: number): string {
    const s = this.s;
    const c = s.charCodeAt(j);
    if (isIndicatorStart(c) || (c === DASH && (s.charCodeAt(j + 1) === SPACE || s.charCodeAt(j + 1) === 44))) throw FALLBACK;
    let k = j;
    for (; k < s.length; k++) {
      const ch = s.charCodeAt(k);
      if (ch === 44 || ch === 93 || ch === 125 || ch === NL) break;
      if (ch === COLON) {
        const n = s.charCodeAt(k + 1);
        if (n === SPACE) break;
        // `image: nginx:1.2` reads the same in go-yaml and in YAML 1.2; `a:,` or `a:]` do not
        if (n === NL || n === 44 || n === 91 || n === 93 || n === 123 || n === 125 || k + 1 >= s.length) throw FALLBACK;
        continue;
      }
      if (ch === HASH && s.charCodeAt(k - 1) === SPACE) throw FALLBACK;
      if (ch === 91 || ch === 123 || ch === 63 /* ? ends a plain scalar in go-yaml's flow context */) throw FALLBACK;
    }
    if (s.charCodeAt(k) === NL || k >= s.length) throw FALLBACK; // the collection continues on the next line
    let e = k;
    while (e > j && s.charCodeAt(e - 1) === SPACE) e--;
    if (e === j) throw FALLBACK;
    this.end = k;
    return s.slice(j, e);
  }
}

/**
 * Decodes one document (a piece from splitKubectlDocuments) if it is in the fast subset;
 * undefined otherwise (decode it with decodeReference). Never reports an error itself.
 */
export function decodeFast(text: string, limits: InputLimits, checked = false): unknown {
  if (!checked && UNUSUAL.test(text)) return undefined;
  try {
    return new FastReader(text, limits).document();
  } catch (err) {
    // a value kubectl refuses (`.inf`) or anything unusual: the reference decoder reports it with its position
    if (err instanceof Fallback || err instanceof YamlDecodeError) return undefined;
    throw err;
  }
}
