/**
 * Scalars as kubectl reads them. kubectl decodes YAML with sigs.k8s.io/yaml: go-yaml v2
 * unmarshals into interface{} (resolve.go `resolve`, decode.go `scalar`), then the result is
 * converted to JSON (yaml.go `convertToJSONableObject`, then `json.Marshal`). This module is
 * the scalar half of that, shared by the fast reader and the reference decoder:
 *
 * - plain scalars resolve with YAML 1.1 rules: y/yes/on/true..., n/no/off/false..., ~/null,
 *   ints with 0x/0o/0b/leading-0 octal and `_` separators, uint64, floats, .inf/.nan;
 * - a timestamp (`2024-01-01`) stays the string it was written as (go-yaml v2 keeps
 *   timestamps decoded into interface{} as strings);
 * - quoted and block scalars are strings; `!!binary` is base64-decoded to a string;
 * - map keys become strings: bools `true`/`false`, ints in decimal, floats formatted as Go's
 *   FormatFloat(f, 'g', -1, 32); null and uint64 keys are errors;
 * - NaN and infinities cannot be marshalled to JSON: an error, as kubectl reports it.
 */

import { underscoreOk } from '../go-strconv.js';

export type JsonScalar = string | number | boolean | null;

/** A value as go-yaml v2 resolves it, before the JSON conversion. */
export type GoScalar =
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'int'; readonly value: number; readonly exact?: string }
  | { readonly kind: 'uint'; readonly value: number; readonly exact?: string }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'merge' };

export class YamlDecodeError extends Error {}

export const TAG_PREFIX = 'tag:yaml.org,2002:';
const STR = `${TAG_PREFIX}str`;
const BINARY = `${TAG_PREFIX}binary`;
const BOOL = `${TAG_PREFIX}bool`;
const INT = `${TAG_PREFIX}int`;
const FLOAT = `${TAG_PREFIX}float`;
const NULL = `${TAG_PREFIX}null`;
const TIMESTAMP = `${TAG_PREFIX}timestamp`;
export const MERGE_TAG = `${TAG_PREFIX}merge`;

const TRUE: GoScalar = { kind: 'bool', value: true };
const FALSE: GoScalar = { kind: 'bool', value: false };
const NULL_VALUE: GoScalar = { kind: 'null' };

/** go-yaml v2's resolveMap: exact spellings only (`yEs` is a string). */
const WORDS = new Map<string, GoScalar>();
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) WORDS.set(w, TRUE);
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) WORDS.set(w, FALSE);
for (const w of ['', '~', 'null', 'Null', 'NULL']) WORDS.set(w, NULL_VALUE);
for (const w of ['.nan', '.NaN', '.NAN']) WORDS.set(w, { kind: 'float', value: NaN });
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) WORDS.set(w, { kind: 'float', value: Infinity });
for (const w of ['-.inf', '-.Inf', '-.INF']) WORDS.set(w, { kind: 'float', value: -Infinity });
WORDS.set('<<', { kind: 'merge' });

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** go-yaml's yamlStyleFloat */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function digitsOk(s: string, base: number): boolean {
  if (s === '') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 122) d = c - 87;
    else if (c >= 65 && c <= 90) d = c - 55;
    else return false;
    if (d >= base) return false;
  }
  return true;
}

function bigIn(digits: string, base: number): bigint {
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  return BigInt(prefix + digits);
}

/** Go's strconv.ParseInt(s, base, 64) for s without underscores; undefined on any error. */
function parseGoInt(s: string, base: 0 | 2): bigint | undefined {
  let neg = false;
  let body = s;
  if (body[0] === '+' || body[0] === '-') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  const magnitude = parseGoUintBody(body, base);
  if (magnitude === undefined) return undefined;
  const v = neg ? -magnitude : magnitude;
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/** Go's strconv.ParseUint(s, base, 64) (no sign allowed). */
function parseGoUint(s: string, base: 0 | 2): bigint | undefined {
  const v = parseGoUintBody(s, base);
  return v === undefined || v > UINT64_MAX ? undefined : v;
}

function parseGoUintBody(body: string, base: 0 | 2): bigint | undefined {
  let b = 10;
  let digits = body;
  if (base === 2) b = 2;
  else if (body.length >= 2 && body[0] === '0') {
    const p = body[1]!.toLowerCase();
    if (p === 'x') { b = 16; digits = body.slice(2); }
    else if (p === 'o') { b = 8; digits = body.slice(2); }
    else if (p === 'b') { b = 2; digits = body.slice(2); }
    else { b = 8; digits = body.slice(1); }
  }
  if (!digitsOk(digits, b)) return undefined;
  return bigIn(digits, b);
}

/**
 * Go's strconv.ParseFloat(s, 64) for the inputs go-yaml hands it: a YAML-style float, or a
 * plain scalar starting with `.`; undefined on a syntax or range error.
 */
function parseGoFloat(s: string): number | undefined {
  if (s.includes('_')) {
    if (!underscoreOk(s)) return undefined;
    s = s.replace(/_/g, '');
  }
  if (!/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(s)) {
    // Go also reads inf/infinity/nan and hex floats; go-yaml never passes those here except
    // after a leading `.`, which none of them has
    return undefined;
  }
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

function intScalar(v: bigint): GoScalar {
  const value = Number(v);
  // the exact digits, for keys (the JSON value itself is a double, as anywhere in JavaScript)
  return Number.isSafeInteger(value) ? { kind: 'int', value } : { kind: 'int', value, exact: v.toString() };
}

/** go-yaml v2 `resolve(tag, in)` for tag "" or one of the resolvable tags. */
function resolveUntyped(input: string, forTimestamp: boolean): GoScalar | { kind: 'timestamp' } {
  const first = input.charCodeAt(0);
  const word = WORDS.get(input);
  if (word) return word;
  if (input === '') return NULL_VALUE;
  // the hint table: '+', '-', digits, '.', and "yYnNtTfFoO~" (already looked up above)
  const isDigit = first >= 48 && first <= 57;
  if (first === 46 /* . */) {
    const f = parseGoFloat(input);
    if (f !== undefined) return { kind: 'float', value: f };
    return { kind: 'str', value: input };
  }
  if (!isDigit && first !== 43 && first !== 45) return { kind: 'str', value: input };
  if (forTimestamp && parseTimestamp(input)) return { kind: 'timestamp' };
  const plain = input.includes('_') ? input.replace(/_/g, '') : input;
  const i = parseGoInt(plain, 0);
  if (i !== undefined) return intScalar(i);
  const u = parseGoUint(plain, 0);
  if (u !== undefined) return { kind: 'uint', value: Number(u), exact: u.toString() };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = parseGoFloat(plain);
    if (f !== undefined) return { kind: 'float', value: f };
  }
  if (plain.startsWith('0b')) {
    const bi = parseGoInt(plain.slice(2), 2);
    if (bi !== undefined) return intScalar(bi);
    const bu = parseGoUint(plain.slice(2), 2);
    if (bu !== undefined) return { kind: 'uint', value: Number(bu), exact: bu.toString() };
  } else if (plain.startsWith('-0b')) {
    const bi = parseGoInt(`-${plain.slice(3)}`, 2);
    if (bi !== undefined) return intScalar(bi);
  }
  return { kind: 'str', value: input };
}

/**
 * go-yaml's parseTimestamp: layouts "2006-1-2T15:4:5.999999999Z07:00" (also with `t`),
 * "2006-1-2 15:4:5.999999999" and "2006-1-2", as Go's time.Parse reads them.
 */
export function parseTimestamp(s: string): boolean {
  if (!/^[0-9]{4}-/.test(s)) return false;
  const date = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})/.exec(s);
  if (!date) return false;
  const month = Number(date[2]);
  const day = Number(date[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(Number(date[1]), month)) return false;
  const rest = s.slice(date[0].length);
  if (rest === '') return true;
  const time = /^([Tt]| )([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]+)?(.*)$/.exec(rest);
  if (!time) return false;
  if (Number(time[2]) > 23 || Number(time[3]) > 59 || Number(time[4]) > 59) return false;
  const zone = time[6]!;
  if (time[1] === ' ') return zone === '';
  return zone === 'Z' || /^[-+][0-9]{2}:[0-9]{2}$/.test(zone);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function shortTag(tag: string): string {
  return tag.startsWith(TAG_PREFIX) ? `!!${tag.slice(TAG_PREFIX.length)}` : tag;
}

function kindTag(s: GoScalar | { kind: 'timestamp' }): string {
  switch (s.kind) {
    case 'str': return STR;
    case 'bool': return BOOL;
    case 'null': return NULL;
    case 'int': case 'uint': return INT;
    case 'float': return FLOAT;
    case 'merge': return MERGE_TAG;
    case 'timestamp': return TIMESTAMP;
  }
}

/** A plain, untagged scalar (the common case). */
export function resolvePlain(text: string): GoScalar {
  const r = resolveUntyped(text, false);
  return r.kind === 'timestamp' ? { kind: 'str', value: text } : r;
}

/**
 * Any scalar node: its text, whether it was plain, and its tag (full form, `!` or a local
 * tag), as go-yaml's decoder `scalar()` resolves it for an interface{} target.
 */
export function resolveScalar(text: string, plain: boolean, tag: string | undefined): GoScalar {
  if (!tag || tag === '!') {
    // `!` is the non-specific tag: go-yaml keeps the text as a string
    if (!plain || tag === '!') return { kind: 'str', value: text };
    return resolvePlain(text);
  }
  if (tag === STR) return { kind: 'str', value: text };
  if (tag === BINARY) return { kind: 'str', value: decodeBinary(text) };
  if (![BOOL, INT, FLOAT, NULL, TIMESTAMP].includes(tag)) return { kind: 'str', value: text };
  const r = resolveUntyped(text, tag === TIMESTAMP);
  const rtag = kindTag(r);
  if (r.kind === 'timestamp') return { kind: 'str', value: text };
  if (rtag === tag) return r;
  if (tag === FLOAT && r.kind === 'int') return { kind: 'float', value: r.value };
  throw new YamlDecodeError(`cannot decode ${shortTag(rtag)} \`${text}\` as a ${shortTag(tag)}`);
}

/**
 * `!!binary`: Go's base64.StdEncoding (padding required, CR and LF ignored), the bytes then
 * read as UTF-8 the way encoding/json writes a Go string (each invalid byte becomes U+FFFD).
 */
export function decodeBinary(text: string): string {
  const b64 = text.replace(/[\r\n]/g, '');
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || /=[^=]/.test(b64)) {
    throw new YamlDecodeError('!!binary value contains invalid base64 data');
  }
  return goUtf8(decodeBase64(b64));
}

function decodeBase64(b64: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = b64.replace(/=+$/, '');
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of clean) {
    acc = (acc << 6) | alphabet.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  // Go rejects non-zero trailing bits only in strict mode; StdEncoding accepts them
  return Uint8Array.from(out);
}

/** Bytes as a Go string marshalled to JSON: valid UTF-8 kept, each invalid byte -> U+FFFD. */
export function goUtf8(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) { out += String.fromCharCode(b); i++; continue; }
    let need = 0;
    let min = 0;
    let cp = 0;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0x0f; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 0x07; min = 0x10000; }
    let ok = need > 0;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) { out += '\ufffd'; i++; continue; }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/** The JSON value kubectl gets for a resolved scalar (json.Marshal refuses NaN and infinities). */
export function jsonValue(s: GoScalar): JsonScalar {
  switch (s.kind) {
    case 'str': return s.value;
    case 'bool': return s.value;
    case 'null': return null;
    case 'merge': return '<<';
    case 'int': case 'uint': case 'float':
      if (!Number.isFinite(s.value)) throw new YamlDecodeError(`json: unsupported value: ${s.value > 0 ? '+Inf' : s.value < 0 ? '-Inf' : 'NaN'}`);
      return s.value === 0 ? 0 : s.value; // -0 marshals to "-0", which Kubernetes reads back as the integer 0
  }
}

/** The JSON key kubectl gets for a resolved map key (sigs.k8s.io/yaml convertToJSONableObject). */
export function jsonKey(s: GoScalar): string {
  switch (s.kind) {
    case 'str': return s.value;
    case 'bool': return s.value ? 'true' : 'false';
    case 'int': return s.exact ?? String(s.value);
    case 'float': return formatFloat32g(s.value);
    case 'merge': return '<<';
    case 'null': throw new YamlDecodeError('Unsupported map key of type: <nil> (a null key)');
    case 'uint': throw new YamlDecodeError(`Unsupported map key of type: uint64, key: ${s.exact ?? s.value}`);
  }
}

/** Identity of a key as a Go map key (type and value), to tell kubectl's duplicates apart. */
export function goKeyIdentity(s: GoScalar): string {
  switch (s.kind) {
    case 'str': return `s${s.value}`;
    case 'bool': return `b${s.value}`;
    case 'int': return `i${s.exact ?? s.value}`;
    case 'uint': return `u${s.exact ?? s.value}`;
    case 'float': return `f${s.value}`;
    case 'null': return 'n';
    case 'merge': return 's<<';
  }
}

/** Go's strconv.FormatFloat(f, 'g', -1, 32): the shortest float32 digits, %e from exponent -5 or 6. */
export function formatFloat32g(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '.inf';
  if (value === -Infinity) return '-.inf';
  const f = Math.fround(value);
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let digits = '';
  for (let p = 1; p <= 9; p++) {
    const s = Math.abs(f).toPrecision(p);
    if (Math.fround(Number(s)) === Math.abs(f)) { digits = s; break; }
  }
  const m = /^([0-9])(?:\.([0-9]+))?(?:e([-+][0-9]+))?$/.exec(Number(digits).toExponential());
  if (!m) return String(f);
  const mantissa = (m[1]! + (m[2] ?? '')).replace(/0+$/, '') || '0';
  const exp = Number(m[3] ?? 0);
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const frac = mantissa.length > 1 ? `.${mantissa.slice(1)}` : '';
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${mantissa[0]}${frac}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${mantissa}`;
  if (mantissa.length <= exp + 1) return `${sign}${mantissa}${'0'.repeat(exp + 1 - mantissa.length)}`;
  return `${sign}${mantissa.slice(0, exp + 1)}.${mantissa.slice(exp + 1)}`;
}

/** Starts a YAML 1.1 word (y n t f o, either case, or ~): only an exact word of WORDS is special. */
function startsWord(c: number): boolean {
  return c === 126 || c === 121 || c === 89 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || c === 111 || c === 79;
}

/**
 * jsonValue(resolvePlain(text)) without allocating on the common paths: text starting with a
 * letter is a string unless it is exactly one of the YAML 1.1 words, and plain decimal
 * integers are read directly; everything else goes through resolvePlain.
 */
export function plainJson(text: string): JsonScalar {
  const c = text.charCodeAt(0);
  if (c > 57 && c !== 60 /* < */) {
    if (!startsWord(c)) return text;
    const w = WORDS.get(text);
    return w === undefined ? text : jsonValue(w);
  }
  if (c >= 48 && c <= 57) {
    if (text.length <= 15 && (c !== 48 || text.length === 1)) {
      let v = 0;
      let i = 0;
      for (; i < text.length; i++) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        v = v * 10 + d;
      }
      if (i === text.length) return v;
    }
    if (notNumeric(text)) return text;
  }
  return jsonValue(resolvePlain(text));
}

/**
 * True when a scalar starting with a digit cannot be an int or a float: two dots (an
 * address, a version) or a character no number has (`12:30`, `10.0.0.0/8`, `1Gi`).
 */
function notNumeric(text: string): boolean {
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (++dots > 1) return true;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 95 || c === 43 || c === 45 || c === 120 || c === 88 || c === 111 || c === 79)) {
      return true;
    }
  }
  return false;
}

/** The JSON key of a plain map key, or null when it is no plain string key (merge, null, uint64). */
export function plainKey(text: string): string | null {
  const c = text.charCodeAt(0);
  if (c > 57 && c !== 60 /* < */) {
    if (!startsWord(c)) return text;
    const w = WORDS.get(text);
    if (w === undefined) return text;
    return w.kind === 'bool' ? (w.value ? 'true' : 'false') : w.kind === 'float' ? jsonKey(w) : null;
  }
  const r = resolvePlain(text);
  return r.kind === 'merge' || r.kind === 'null' || r.kind === 'uint' ? null : jsonKey(r);
}
