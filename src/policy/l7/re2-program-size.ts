/**
 * The program size RE2 C++ gives a regex (`RE2::ProgramSize()` of `RE2(regex, RE2::Quiet)`):
 * the number Envoy compares with `re2.max_program_size.error_level` (100) before it accepts an
 * HTTP regex. Go's compiler (re2js) counts differently, so this models RE2 C++'s own pipeline,
 * as read in google/re2 (2022-06-01 and 2024-07-02, the version Envoy bundles):
 *
 * 1. parse (re2/parse.cc): literals joined into strings, `[Aa]` into a case-folded literal,
 *    `x**` squashed, alternations factored (common literal prefixes, common leading pieces,
 *    runs of literals and classes merged into one class), `(?i)` case folding by Unicode orbits;
 * 2. `RequiredPrefix` (re2/regexp.cc): a leading `^literal` is taken off the program;
 * 3. simplify (re2/simplify.cc): adjacent repeats of one piece coalesced, `{n,m}` expanded,
 *    empty and full classes replaced;
 * 4. compile (re2/compile.cc): UTF-8 byte-range automata with the per-class suffix cache and
 *    shared prefixes, leading `^`/trailing `$` turned into anchoring, the unanchored `.*?`;
 * 5. `Optimize` and `Flatten` (re2/prog.cc): the size is the flattened program's length.
 *
 * The size is exact except for Unicode groups (`\pL`, `\p{Greek}`): their tables are not
 * embedded, so such a regex is reported as of unknown size (`exact: false`), which callers
 * treat as "Envoy may refuse it". Checked against RE2 C++ on thousands of regexes
 * (re2-program-size.golden.tsv, tools/re2-sizes.ts).
 */

import { RE2_CASE_FOLD as CASE_FOLD_2024, RE2_CASE_FOLD_NEW_IN_UNICODE_15 } from './re2-casefold.js';

/**
 * The RE2 releases whose counting is modelled. Envoy bundles 2024-07-02 (the default); 2022-06-01
 * (Debian's libre2, the test oracle) differs in three ways: Unicode 14 case folding (5 fewer
 * fold entries), alternations of case-folded literals merged into a class without a fix for
 * https://github.com/google/re2/issues/467 (commit 9d0b5bf, 2023-12), and counted repetitions of
 * empty-width assertions (`^{3}`) expanded instead of capped at one (commit e664633, 2023-07).
 */
export type Re2Release = '2022-06-01' | '2024-07-02';

const CASE_FOLD_2022 = ((): number[] => {
  const dropped = new Set<number>();
  for (let i = 0; i < RE2_CASE_FOLD_NEW_IN_UNICODE_15.length; i += 3) dropped.add(RE2_CASE_FOLD_NEW_IN_UNICODE_15[i]!);
  const out: number[] = [];
  for (let i = 0; i < CASE_FOLD_2024.length; i += 3) {
    if (!dropped.has(CASE_FOLD_2024[i]!)) out.push(CASE_FOLD_2024[i]!, CASE_FOLD_2024[i + 1]!, CASE_FOLD_2024[i + 2]!);
  }
  return out;
})();

/** The release being modelled by the current computation (set by re2ProgramSize). */
let release: Re2Release = '2024-07-02';
let RE2_CASE_FOLD: readonly number[] = CASE_FOLD_2024;

export interface Re2ProgramSize {
  /** RE2 C++'s program size, or, when not `exact`, a size Envoy's may exceed */
  readonly size: number;
  /** false when the regex uses a construct whose size is not modelled (Unicode groups) */
  readonly exact: boolean;
}

/** Thrown inside for what is not modelled; becomes `exact: false`. */
class Unmodelled extends Error {}

/** Beyond this many instructions the regex is far over any limit: stop counting. */
const MAX_INSTRUCTIONS = 50_000;

/**
 * RE2 C++'s program size of `source`, a regex Go's parser (re2js) has accepted. A regex RE2
 * C++ would fail to compile for size gets a size over the limit; one whose size cannot be
 * modelled gets `{ size: Infinity, exact: false }`.
 */
export function re2ProgramSize(source: string, re2Release: Re2Release = '2024-07-02'): Re2ProgramSize {
  release = re2Release;
  RE2_CASE_FOLD = re2Release === '2024-07-02' ? CASE_FOLD_2024 : CASE_FOLD_2022;
  try {
    return { size: programSizeOf(parse(source)), exact: true };
  } catch (e) {
    if (e instanceof TooLarge) return { size: MAX_INSTRUCTIONS, exact: true };
    return { size: Number.POSITIVE_INFINITY, exact: false };
  }
}

/** RE2 C++'s size for a plain literal of `source` (no metacharacters): UTF-8 bytes + 4. */
export function re2LiteralProgramSize(source: string): number {
  let bytes = 0;
  for (const ch of source) {
    const c = ch.codePointAt(0)!;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  // one byte range per byte, the match, the failure instruction and the unanchored `.*?` (2)
  return bytes + 4;
}

class TooLarge extends Error {}

// ---------------------------------------------------------------------------------------
// Parse flags, as RE2 numbers them (only equality between flag sets matters here).
const FOLD_CASE = 1 << 0;
const CLASS_NL = 1 << 2;
const DOT_NL = 1 << 3;
const ONE_LINE = 1 << 4;
const NON_GREEDY = 1 << 6;
const PERL_CLASSES = 1 << 7;
const PERL_B = 1 << 8;
const PERL_X = 1 << 9;
const UNICODE_GROUPS = 1 << 10;
const WAS_DOLLAR = 1 << 13;
/** RE2::Options defaults: ClassNL plus LikePerl */
const DEFAULT_FLAGS = CLASS_NL | ONE_LINE | PERL_CLASSES | PERL_B | PERL_X | UNICODE_GROUPS;
const RUNE_MAX = 0x10ffff;

type Op =
  | 'nomatch' | 'empty' | 'lit' | 'str' | 'concat' | 'alt' | 'star' | 'plus' | 'quest' | 'repeat'
  | 'cap' | 'any' | 'anybyte' | 'bol' | 'eol' | 'bot' | 'eot' | 'wb' | 'nwb' | 'class'
  | 'lparen' | 'vbar';

/** A node of RE2's syntax tree (mutable, as RE2's factoring edits nodes in place). */
interface Node {
  op: Op;
  flags: number;
  rune: number;
  runes: number[];
  subs: Node[];
  min: number;
  max: number;
  cap: number;
  /** class ranges: sorted, disjoint, non-adjacent [lo, hi] pairs */
  ranges: number[];
  simple: boolean;
  /** parse stack link */
  down: Node | undefined;
}

function node(op: Op, flags: number): Node {
  return { op, flags, rune: 0, runes: [], subs: [], min: 0, max: 0, cap: 0, ranges: [], simple: false, down: undefined };
}

// ---------------------------------------------------------------------------------------
// Character classes

/** A class under construction: sorted disjoint non-adjacent ranges. */
class ClassBuilder {
  ranges: number[] = [];

  /** Adds lo-hi; false when it was already inside one range (RE2's early-out matters for folding). */
  add(lo: number, hi: number): boolean {
    if (hi < lo) return false;
    const r = this.ranges;
    for (let i = 0; i < r.length; i += 2) if (r[i]! <= lo && hi <= r[i + 1]!) return false;
    const out: number[] = [];
    let placed = false;
    for (let i = 0; i < r.length; i += 2) {
      const a = r[i]!;
      const b = r[i + 1]!;
      if (b + 1 < lo) out.push(a, b);
      else if (hi + 1 < a) {
        if (!placed) { out.push(lo, hi); placed = true; }
        out.push(a, b);
      } else {
        lo = Math.min(lo, a);
        hi = Math.max(hi, b);
      }
    }
    if (!placed) out.push(lo, hi);
    this.ranges = out;
    return true;
  }

  contains(c: number): boolean {
    const r = this.ranges;
    for (let i = 0; i < r.length; i += 2) if (r[i]! <= c && c <= r[i + 1]!) return true;
    return false;
  }

  negate(): void {
    const out: number[] = [];
    let next = 0;
    for (let i = 0; i < this.ranges.length; i += 2) {
      if (this.ranges[i]! > next) out.push(next, this.ranges[i]! - 1);
      next = this.ranges[i + 1]! + 1;
    }
    if (next <= RUNE_MAX) out.push(next, RUNE_MAX);
    this.ranges = out;
  }

  runeCount(): number {
    let n = 0;
    for (let i = 0; i < this.ranges.length; i += 2) n += this.ranges[i + 1]! - this.ranges[i]! + 1;
    return n;
  }

  /** RE2's AddRangeFlags with newline kept (ClassNL, no NeverNL): folds when asked. */
  addWithFlags(lo: number, hi: number, flags: number): void {
    if (flags & FOLD_CASE) addFoldedRange(this, lo, hi, 0);
    else this.add(lo, hi);
  }
}

const EVEN_ODD = 1;
const ODD_EVEN = -1;
const EVEN_ODD_SKIP = 1 << 30;
const ODD_EVEN_SKIP = (1 << 30) + 1;

/** Index (triple number) of the fold entry containing r, else of the next one above, else -1. */
function lookupFold(r: number): number {
  const t = RE2_CASE_FOLD;
  let lo = 0;
  let n = t.length / 3;
  while (n > 0) {
    const m = n >> 1;
    const k = (lo + m) * 3;
    if (t[k]! <= r && r <= t[k + 1]!) return lo + m;
    if (r < t[k]!) n = m;
    else { lo += m + 1; n -= m + 1; }
  }
  return lo < t.length / 3 ? lo : -1;
}

function applyFold(i: number, r: number): number {
  const lo = RE2_CASE_FOLD[i * 3]!;
  const delta = RE2_CASE_FOLD[i * 3 + 2]!;
  switch (delta) {
    case EVEN_ODD_SKIP:
      if ((r - lo) % 2) return r;
      return r % 2 === 0 ? r + 1 : r - 1;
    case EVEN_ODD:
      return r % 2 === 0 ? r + 1 : r - 1;
    case ODD_EVEN_SKIP:
      if ((r - lo) % 2) return r;
      return r % 2 === 1 ? r + 1 : r - 1;
    case ODD_EVEN:
      return r % 2 === 1 ? r + 1 : r - 1;
    default:
      return r + delta;
  }
}

function cycleFold(r: number): number {
  const i = lookupFold(r);
  if (i < 0 || r < RE2_CASE_FOLD[i * 3]!) return r;
  return applyFold(i, r);
}

function addFoldedRange(cc: ClassBuilder, lo: number, hi: number, depth: number): void {
  if (depth > 10) return;
  if (!cc.add(lo, hi)) return;
  while (lo <= hi) {
    const i = lookupFold(lo);
    if (i < 0) break;
    const flo = RE2_CASE_FOLD[i * 3]!;
    const fhi = RE2_CASE_FOLD[i * 3 + 1]!;
    const delta = RE2_CASE_FOLD[i * 3 + 2]!;
    if (lo < flo) { lo = flo; continue; }
    let lo1 = lo;
    let hi1 = Math.min(hi, fhi);
    if (delta === EVEN_ODD) {
      if (lo1 % 2 === 1) lo1--;
      if (hi1 % 2 === 0) hi1++;
    } else if (delta === ODD_EVEN) {
      if (lo1 % 2 === 0) lo1--;
      if (hi1 % 2 === 1) hi1++;
    } else {
      lo1 += delta;
      hi1 += delta;
    }
    addFoldedRange(cc, lo1, hi1, depth + 1);
    lo = fhi + 1;
  }
}

/** Perl and POSIX classes: ASCII ranges (sign -1: negated). */
const PERL_GROUPS: Record<string, { sign: number; ranges: number[] }> = {
  '\\d': { sign: 1, ranges: [0x30, 0x39] },
  '\\D': { sign: -1, ranges: [0x30, 0x39] },
  '\\s': { sign: 1, ranges: [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20] },
  '\\S': { sign: -1, ranges: [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20] },
  '\\w': { sign: 1, ranges: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a] },
  '\\W': { sign: -1, ranges: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a] },
};

const POSIX_GROUPS: Record<string, number[]> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a, 0x5f, 0x5f],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

/** RE2's AddUGroup for a table of ranges with a sign. */
function addGroup(cc: ClassBuilder, ranges: number[], sign: number, flags: number): void {
  const sorted = sortedRanges(ranges);
  if (sign > 0) {
    for (let i = 0; i < sorted.length; i += 2) cc.addWithFlags(sorted[i]!, sorted[i + 1]!, flags);
    return;
  }
  if (flags & FOLD_CASE) {
    const positive = new ClassBuilder();
    addGroup(positive, sorted, 1, flags);
    positive.negate();
    for (let i = 0; i < positive.ranges.length; i += 2) cc.add(positive.ranges[i]!, positive.ranges[i + 1]!);
    return;
  }
  let next = 0;
  for (let i = 0; i < sorted.length; i += 2) {
    if (next < sorted[i]!) cc.addWithFlags(next, sorted[i]! - 1, flags);
    next = sorted[i + 1]! + 1;
  }
  if (next <= RUNE_MAX) cc.addWithFlags(next, RUNE_MAX, flags);
}

function sortedRanges(ranges: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i]!, ranges[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  return pairs.flat();
}

// ---------------------------------------------------------------------------------------
// Parser (RE2 C++'s stack parser; the input is already known to be valid Go syntax)

class Parser {
  flags = DEFAULT_FLAGS;
  top: Node | undefined = undefined;
  ncap = 0;

  static isMarker(op: Op): boolean {
    return op === 'lparen' || op === 'vbar';
  }

  push(re: Node): void {
    this.maybeConcatString(-1, 0);
    if (re.op === 'class') {
      // folding by the "skip" deltas adds ranges past the last rune, which RE2 drops here
      re.ranges = removeAbove(re.ranges);
      const n = classRuneCount(re.ranges);
      if (n === 1) {
        const r = re.ranges[0]!;
        re = node('lit', this.flags);
        re.rune = r;
      } else if (n === 2) {
        const r = re.ranges[0]!;
        if (r >= 0x41 && r <= 0x5a && classContains(re.ranges, r + 0x20)) {
          re = node('lit', this.flags | FOLD_CASE);
          re.rune = r + 0x20;
        }
      }
    }
    if (!Parser.isMarker(re.op)) re.simple = computeSimple(re);
    re.down = this.top;
    this.top = re;
  }

  pushLiteral(r: number): void {
    if (this.flags & FOLD_CASE && cycleFold(r) !== r) {
      const re = node('class', this.flags & ~FOLD_CASE);
      const cc = new ClassBuilder();
      const first = r;
      do {
        cc.add(r, r);
        r = cycleFold(r);
      } while (r !== first);
      re.ranges = cc.ranges;
      this.push(re);
      return;
    }
    if (this.maybeConcatString(r, this.flags)) return;
    const re = node('lit', this.flags);
    re.rune = r;
    this.push(re);
  }

  pushSimple(op: Op, extraFlags = 0): void {
    this.push(node(op, this.flags | extraFlags));
  }

  pushDot(): void {
    if (this.flags & DOT_NL) {
      this.pushSimple('any');
      return;
    }
    const re = node('class', this.flags & ~FOLD_CASE);
    re.ranges = [0, 9, 11, RUNE_MAX];
    this.push(re);
  }

  maybeConcatString(r: number, flags: number): boolean {
    const re1 = this.top;
    const re2 = re1?.down;
    if (re1 === undefined || re2 === undefined) return false;
    if (re1.op !== 'lit' && re1.op !== 'str') return false;
    if (re2.op !== 'lit' && re2.op !== 'str') return false;
    if ((re1.flags & FOLD_CASE) !== (re2.flags & FOLD_CASE)) return false;
    if (re2.op === 'lit') {
      re2.op = 'str';
      re2.runes = [re2.rune];
    }
    if (re1.op === 'lit') re2.runes.push(re1.rune);
    else {
      re2.runes.push(...re1.runes);
      re1.runes = [];
    }
    if (r >= 0) {
      re1.op = 'lit';
      re1.rune = r;
      re1.flags = flags;
      return true;
    }
    this.top = re2;
    return false;
  }

  pushRepeatOp(op: Op, nongreedy: boolean): void {
    const top = this.top!;
    let fl = this.flags;
    if (nongreedy) fl ^= NON_GREEDY;
    if (op === top.op && fl === top.flags) return;
    if ((top.op === 'star' || top.op === 'plus' || top.op === 'quest') && fl === top.flags) {
      top.op = 'star';
      return;
    }
    const re = node(op, fl);
    re.down = top.down;
    top.down = undefined;
    re.subs = [top];
    re.simple = computeSimple(re);
    this.top = re;
  }

  pushRepetition(min: number, max: number, nongreedy: boolean): void {
    const top = this.top!;
    let fl = this.flags;
    if (nongreedy) fl ^= NON_GREEDY;
    const re = node('repeat', fl);
    re.min = min;
    re.max = max;
    re.down = top.down;
    top.down = undefined;
    re.subs = [top];
    re.simple = false;
    this.top = re;
  }

  leftParen(capture: boolean): void {
    const re = node('lparen', this.flags);
    re.cap = capture ? ++this.ncap : -1;
    this.push(re);
  }

  verticalBar(): void {
    this.maybeConcatString(-1, 0);
    this.concatenation();
    const r1 = this.top!;
    const r2 = r1.down;
    if (r2 !== undefined && r2.op === 'vbar') {
      const r3 = r2.down;
      if (r3 !== undefined && (r1.op === 'any' || r3.op === 'any')) {
        if (r3.op === 'any' && (r1.op === 'lit' || r1.op === 'class' || r1.op === 'any')) {
          this.top = r2;
          return;
        }
        if (r1.op === 'any' && (r3.op === 'lit' || r3.op === 'class' || r3.op === 'any')) {
          r1.down = r3.down;
          r2.down = r1;
          this.top = r2;
          return;
        }
      }
      r1.down = r2.down;
      r2.down = r1;
      this.top = r2;
      return;
    }
    this.pushSimple('vbar');
  }

  rightParen(): void {
    this.alternation();
    const r1 = this.top!;
    const r2 = r1.down!;
    this.top = r2.down;
    this.flags = r2.flags;
    r1.down = undefined;
    let re: Node;
    if (r2.cap > 0) {
      re = r2;
      re.op = 'cap';
      re.subs = [r1];
      re.simple = computeSimple(re);
    } else {
      re = r1;
    }
    this.push(re);
  }

  finish(): Node {
    this.alternation();
    const re = this.top!;
    re.down = undefined;
    return re;
  }

  concatenation(): void {
    const r1 = this.top;
    if (r1 === undefined || Parser.isMarker(r1.op)) this.push(node('empty', this.flags));
    this.collapse('concat');
  }

  alternation(): void {
    this.verticalBar();
    const r1 = this.top!;
    this.top = r1.down;
    this.collapse('alt');
  }

  collapse(op: 'concat' | 'alt'): void {
    let n = 0;
    let next: Node | undefined;
    for (let sub = this.top; sub !== undefined && !Parser.isMarker(sub.op); sub = next) {
      next = sub.down;
      n += sub.op === op ? sub.subs.length : 1;
    }
    if (this.top !== undefined && this.top.down === next) return;
    const subs: Node[] = new Array(n);
    let i = n;
    for (let sub = this.top; sub !== undefined && !Parser.isMarker(sub.op); sub = next) {
      next = sub.down;
      sub.down = undefined;
      if (sub.op === op) for (let k = sub.subs.length - 1; k >= 0; k--) subs[--i] = sub.subs[k]!;
      else subs[--i] = sub;
    }
    const re = concatOrAlternate(op, subs, this.flags, true);
    re.simple = computeSimple(re);
    re.down = next;
    this.top = re;
  }
}

function removeAbove(ranges: number[]): number[] {
  if (ranges.length === 0 || ranges[ranges.length - 1]! <= RUNE_MAX) return ranges;
  const out: number[] = [];
  for (let i = 0; i < ranges.length; i += 2) if (ranges[i]! <= RUNE_MAX) out.push(ranges[i]!, Math.min(ranges[i + 1]!, RUNE_MAX));
  return out;
}

function classRuneCount(ranges: number[]): number {
  let n = 0;
  for (let i = 0; i < ranges.length; i += 2) n += ranges[i + 1]! - ranges[i]! + 1;
  return n;
}

function classContains(ranges: number[], c: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (ranges[i]! <= c && c <= ranges[i + 1]!) return true;
  return false;
}

function classFull(ranges: number[]): boolean {
  return ranges.length === 2 && ranges[0] === 0 && ranges[1] === RUNE_MAX;
}

function computeSimple(re: Node): boolean {
  switch (re.op) {
    case 'concat':
    case 'alt':
      return re.subs.every((s) => s.simple);
    case 'class':
      return re.ranges.length > 0 && !classFull(re.ranges);
    case 'cap':
      return re.subs[0]!.simple;
    case 'star':
    case 'plus':
    case 'quest': {
      const sub = re.subs[0]!;
      if (!sub.simple) return false;
      return !['star', 'plus', 'quest', 'empty', 'nomatch'].includes(sub.op);
    }
    case 'repeat':
      return false;
    default:
      return true;
  }
}

function concatOrAlternate(op: 'concat' | 'alt', subs: Node[], flags: number, canFactor: boolean): Node {
  if (subs.length === 1) return subs[0]!;
  if (subs.length === 0) return node(op === 'alt' ? 'nomatch' : 'empty', flags);
  if (op === 'alt' && canFactor) {
    subs = factorAlternation(subs.slice(), flags);
    if (subs.length === 1) return subs[0]!;
  }
  const re = node(op, flags);
  re.subs = subs;
  return re;
}

function literalString(runes: number[], flags: number): Node {
  if (runes.length === 0) return node('empty', flags);
  if (runes.length === 1) {
    const re = node('lit', flags);
    re.rune = runes[0]!;
    return re;
  }
  const re = node('str', flags);
  re.runes = runes.slice();
  return re;
}

/** RE2's leading literal string of a branch: [runes, fold flag], or undefined. */
function leadingString(re: Node): { runes: number[]; flags: number } | undefined {
  while (re.op === 'concat' && re.subs.length > 0) re = re.subs[0]!;
  const flags = re.flags & FOLD_CASE;
  if (re.op === 'lit') return { runes: [re.rune], flags };
  if (re.op === 'str') return { runes: re.runes, flags };
  return { runes: [], flags };
}

function removeLeadingString(re: Node, n: number): void {
  const stack: Node[] = [];
  while (re.op === 'concat') {
    if (stack.length < 4) stack.push(re);
    re = re.subs[0]!;
  }
  if (re.op === 'lit') {
    re.rune = 0;
    re.op = 'empty';
  } else if (re.op === 'str') {
    if (n >= re.runes.length) {
      re.runes = [];
      re.op = 'empty';
    } else if (n === re.runes.length - 1) {
      re.rune = re.runes[re.runes.length - 1]!;
      re.runes = [];
      re.op = 'lit';
    } else {
      re.runes = re.runes.slice(n);
    }
  }
  while (stack.length > 0) {
    re = stack.pop()!;
    if (re.subs[0]!.op === 'empty') {
      if (re.subs.length === 2) {
        Object.assign(re, { ...re.subs[1]!, down: re.down });
      } else if (re.subs.length > 2) {
        re.subs = re.subs.slice(1);
      } else {
        re.op = 'empty';
        re.subs = [];
      }
    }
  }
}

function leadingRegexp(re: Node): Node | undefined {
  if (re.op === 'empty') return undefined;
  if (re.op === 'concat' && re.subs.length >= 2) {
    if (re.subs[0]!.op === 'empty') return undefined;
    return re.subs[0];
  }
  return re;
}

function removeLeadingRegexp(re: Node): Node {
  if (re.op === 'empty') return re;
  if (re.op === 'concat' && re.subs.length >= 2) {
    if (re.subs[0]!.op === 'empty') return re;
    if (re.subs.length === 2) return re.subs[1]!;
    re.subs = re.subs.slice(1);
    return re;
  }
  return node('empty', re.flags);
}

function equalNodes(a: Node, b: Node): boolean {
  if (a.op !== b.op) return false;
  switch (a.op) {
    case 'eot':
      if ((a.flags ^ b.flags) & WAS_DOLLAR) return false;
      break;
    case 'lit':
      if (a.rune !== b.rune || (a.flags ^ b.flags) & FOLD_CASE) return false;
      break;
    case 'str':
      if ((a.flags ^ b.flags) & FOLD_CASE || a.runes.length !== b.runes.length || a.runes.some((r, i) => r !== b.runes[i])) return false;
      break;
    case 'star':
    case 'plus':
    case 'quest':
      if ((a.flags ^ b.flags) & NON_GREEDY) return false;
      break;
    case 'repeat':
      if ((a.flags ^ b.flags) & NON_GREEDY || a.min !== b.min || a.max !== b.max) return false;
      break;
    case 'cap':
      // names are not modelled; Go accepts only distinct ones unless duplicated (see re2.ts)
      if (a.cap !== b.cap) return false;
      break;
    case 'class':
      if (a.ranges.length !== b.ranges.length || a.ranges.some((r, i) => r !== b.ranges[i])) return false;
      break;
    default:
      break;
  }
  if (a.subs.length !== b.subs.length) return false;
  for (let i = 0; i < a.subs.length; i++) if (!equalNodes(a.subs[i]!, b.subs[i]!)) return false;
  return true;
}

interface Splice {
  prefix: Node;
  start: number;
  count: number;
}

/** RE2's FactorAlternation: returns the new list of alternatives. */
function factorAlternation(subs: Node[], flags: number): Node[] {
  // round 1: common literal prefixes
  subs = applySplices(subs, round1(subs), (s, branch) => [s.prefix, branch], flags, true);
  // round 2: common leading simple pieces
  subs = applySplices(subs, round2(subs), (s, branch) => [s.prefix, branch], flags, true);
  // round 3: runs of literals and classes into one class
  subs = applySplices(subs, round3(subs, flags), undefined, flags, false);
  // round 4 (collapsing runs of empty matches) exists only in Go; RE2 keeps them
  return subs;
}

function applySplices(
  subs: Node[],
  splices: Splice[],
  build: ((s: Splice, branch: Node) => Node[]) | undefined,
  flags: number,
  recurse: boolean,
): Node[] {
  if (splices.length === 0) return subs;
  const out: Node[] = [];
  let i = 0;
  for (const s of splices) {
    while (i < s.start) out.push(subs[i++]!);
    if (build === undefined) out.push(s.prefix);
    else {
      let rest = subs.slice(s.start, s.start + s.count);
      if (recurse) rest = factorAlternation(rest, flags);
      const branch = concatOrAlternate('alt', rest, flags, false);
      out.push(concatOrAlternate('concat', build(s, branch), flags, false));
    }
    i = s.start + s.count;
  }
  while (i < subs.length) out.push(subs[i++]!);
  return out;
}

function round1(subs: Node[]): Splice[] {
  const splices: Splice[] = [];
  let start = 0;
  let runes: number[] = [];
  let nrune = 0;
  let runeflags = 0;
  for (let i = 0; i <= subs.length; i++) {
    let runesI: number[] = [];
    let flagsI = 0;
    if (i < subs.length) {
      const lead = leadingString(subs[i]!)!;
      runesI = lead.runes;
      flagsI = lead.flags;
      if (flagsI === runeflags) {
        let same = 0;
        while (same < nrune && same < runesI.length && runes[same] === runesI[same]) same++;
        if (same > 0) {
          nrune = same;
          continue;
        }
      }
    }
    if (i - start >= 2) {
      const prefix = literalString(runes.slice(0, nrune), runeflags);
      for (let j = start; j < i; j++) removeLeadingString(subs[j]!, nrune);
      splices.push({ prefix, start, count: i - start });
    }
    if (i < subs.length) {
      start = i;
      runes = runesI.slice();
      nrune = runesI.length;
      runeflags = flagsI;
    }
  }
  return splices;
}

function round2(subs: Node[]): Splice[] {
  const splices: Splice[] = [];
  let start = 0;
  let first: Node | undefined;
  for (let i = 0; i <= subs.length; i++) {
    let firstI: Node | undefined;
    if (i < subs.length) {
      firstI = leadingRegexp(subs[i]!);
      if (first !== undefined && firstI !== undefined && factorablePiece(first) && equalNodes(first, firstI)) continue;
    }
    if (i - start >= 2) {
      const prefix = first!;
      for (let j = start; j < i; j++) subs[j] = removeLeadingRegexp(subs[j]!);
      splices.push({ prefix, start, count: i - start });
    }
    if (i < subs.length) {
      start = i;
      first = firstI;
    }
  }
  return splices;
}

function factorablePiece(re: Node): boolean {
  switch (re.op) {
    case 'bol': case 'eol': case 'wb': case 'nwb': case 'bot': case 'eot': case 'class': case 'any': case 'anybyte':
      return true;
    case 'repeat': {
      const sub = re.subs[0]!.op;
      return re.min === re.max && (sub === 'lit' || sub === 'class' || sub === 'any' || sub === 'anybyte');
    }
    default:
      return false;
  }
}

function round3(subs: Node[], flags: number): Splice[] {
  const splices: Splice[] = [];
  let start = 0;
  let first: Node | undefined;
  for (let i = 0; i <= subs.length; i++) {
    let firstI: Node | undefined;
    if (i < subs.length) {
      firstI = subs[i]!;
      if (first !== undefined && (first.op === 'lit' || first.op === 'class') && (firstI.op === 'lit' || firstI.op === 'class')) continue;
    }
    if (i - start >= 2) {
      const cc = new ClassBuilder();
      for (let j = start; j < i; j++) {
        const re = subs[j]!;
        if (re.op === 'class') for (let k = 0; k < re.ranges.length; k += 2) cc.add(re.ranges[k]!, re.ranges[k + 1]!);
        else if (re.flags & FOLD_CASE && release !== '2022-06-01') {
          // fold into an empty class first, so runes already present do not stop the folding
          const folded = new ClassBuilder();
          folded.addWithFlags(re.rune, re.rune, re.flags);
          for (let k = 0; k < folded.ranges.length; k += 2) cc.add(folded.ranges[k]!, folded.ranges[k + 1]!);
        } else cc.addWithFlags(re.rune, re.rune, re.flags);
      }
      const re = node('class', flags);
      re.ranges = cc.ranges;
      splices.push({ prefix: re, start, count: i - start });
    }
    if (i < subs.length) {
      start = i;
      first = firstI;
    }
  }
  return splices;
}

/** Reads one code point at `i`: [rune, next index]. */
function runeAt(s: string, i: number): [number, number] {
  const c = s.codePointAt(i)!;
  return [c, i + (c > 0xffff ? 2 : 1)];
}

/** Parses `{n}`, `{n,}`, `{n,m}` at i: [min, max (-1: none), next index] or undefined. */
function parseRepetition(s: string, i: number): [number, number, number] | undefined {
  const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(s.slice(i, i + 24));
  if (m === null) return undefined;
  const bad = (d: string | undefined) => d !== undefined && d.length >= 2 && d[0] === '0';
  if (bad(m[1]) || bad(m[3])) return undefined;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
  return [min, max, i + m[0].length];
}

/** Parses an escape at i (after checking it is not a class escape): [rune, next]. */
function parseEscape(s: string, i: number): [number, number] {
  const c = s[i + 1]!;
  if (c >= '0' && c <= '7') {
    // octal: \0 up to two more digits (\1-\7 are back references, which Go rejects)
    let j = i + 2;
    let v = c.charCodeAt(0) - 48;
    while (j < i + 4 && j < s.length && s[j]! >= '0' && s[j]! <= '7') v = v * 8 + s.charCodeAt(j++) - 48;
    return [v, j];
  }
  if (c === 'x') {
    if (s[i + 2] === '{') {
      const end = s.indexOf('}', i + 3);
      return [parseInt(s.slice(i + 3, end), 16), end + 1];
    }
    return [parseInt(s.slice(i + 2, i + 4), 16), i + 4];
  }
  const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
  if (c in simple) return [simple[c]!, i + 2];
  const [r, next] = runeAt(s, i + 1);
  return [r, next];
}

/** Parses a class starting at `[`: the class node and the next index. */
function parseClass(p: Parser, s: string, i: number): [Node, number] {
  const flags = p.flags;
  const re = node('class', flags & ~FOLD_CASE);
  const cc = new ClassBuilder();
  i++;
  let negated = false;
  if (s[i] === '^') {
    negated = true;
    i++;
  }
  let first = true;
  while (i < s.length && (s[i] !== ']' || first)) {
    first = false;
    if (s[i] === '[' && s[i + 1] === ':') {
      const end = s.indexOf(':]', i + 2);
      if (end >= 0) {
        let name = s.slice(i + 2, end);
        let sign = 1;
        if (name.startsWith('^')) { sign = -1; name = name.slice(1); }
        const g = POSIX_GROUPS[name];
        if (g !== undefined) {
          addGroup(cc, g, sign, flags);
          i = end + 2;
          continue;
        }
      }
    }
    if (s[i] === '\\' && (s[i + 1] === 'p' || s[i + 1] === 'P')) throw new Unmodelled('Unicode group');
    const perl = s[i] === '\\' ? PERL_GROUPS[s.slice(i, i + 2)] : undefined;
    if (perl !== undefined) {
      addGroup(cc, perl.ranges, perl.sign, flags);
      i += 2;
      continue;
    }
    let lo: number;
    [lo, i] = s[i] === '\\' ? parseEscape(s, i) : runeAt(s, i);
    let hi = lo;
    if (s[i] === '-' && i + 1 < s.length && s[i + 1] !== ']') {
      [hi, i] = s[i + 1] === '\\' ? parseEscape(s, i + 1) : runeAt(s, i + 1);
    }
    cc.addWithFlags(lo, hi, flags | CLASS_NL);
  }
  i++; // ']'
  if (negated) cc.negate();
  re.ranges = cc.ranges;
  return [re, i];
}

function parseFlagsGroup(p: Parser, s: string, i: number): number {
  // at "(?"
  let j = i + 2;
  if (s[j] === 'P' && s[j + 1] === '<') {
    const end = s.indexOf('>', j + 2);
    p.leftParen(true);
    return end + 1;
  }
  if (s[j] === '<') {
    // (?<name>: RE2 C++ accepts it since 2023 (Go 1.22 too); a capture like (?P<name>
    const end = s.indexOf('>', j + 1);
    p.leftParen(true);
    return end + 1;
  }
  let negated = false;
  let nflags = p.flags;
  for (;;) {
    const c = s[j++];
    if (c === 'i') nflags = negated ? nflags & ~FOLD_CASE : nflags | FOLD_CASE;
    else if (c === 'm') nflags = negated ? nflags | ONE_LINE : nflags & ~ONE_LINE;
    else if (c === 's') nflags = negated ? nflags & ~DOT_NL : nflags | DOT_NL;
    else if (c === 'U') nflags = negated ? nflags & ~NON_GREEDY : nflags | NON_GREEDY;
    else if (c === '-') negated = true;
    else if (c === ':') {
      p.leftParen(false);
      break;
    } else if (c === ')') break;
    else throw new Unmodelled(`flag ${c}`);
  }
  p.flags = nflags;
  return j;
}

function parse(s: string): Node {
  const p = new Parser();
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    switch (c) {
      case '(':
        if (s[i + 1] === '?') {
          i = parseFlagsGroup(p, s, i);
        } else {
          p.leftParen(true);
          i++;
        }
        break;
      case '|':
        p.verticalBar();
        i++;
        break;
      case ')':
        p.rightParen();
        i++;
        break;
      case '^':
        p.pushSimple(p.flags & ONE_LINE ? 'bot' : 'bol');
        i++;
        break;
      case '$':
        if (p.flags & ONE_LINE) p.pushSimple('eot', WAS_DOLLAR);
        else p.pushSimple('eol');
        i++;
        break;
      case '.':
        p.pushDot();
        i++;
        break;
      case '[': {
        const [re, next] = parseClass(p, s, i);
        p.push(re);
        i = next;
        break;
      }
      case '*':
      case '+':
      case '?': {
        i++;
        let nongreedy = false;
        if (s[i] === '?') {
          nongreedy = true;
          i++;
        }
        p.pushRepeatOp(c === '*' ? 'star' : c === '+' ? 'plus' : 'quest', nongreedy);
        break;
      }
      case '{': {
        const rep = parseRepetition(s, i);
        if (rep === undefined) {
          p.pushLiteral(0x7b);
          i++;
          break;
        }
        i = rep[2];
        let nongreedy = false;
        if (s[i] === '?') {
          nongreedy = true;
          i++;
        }
        p.pushRepetition(rep[0], rep[1], nongreedy);
        break;
      }
      case '\\': {
        const e = s[i + 1];
        if (e === 'b' || e === 'B') {
          p.pushSimple(e === 'b' ? 'wb' : 'nwb');
          i += 2;
        } else if (e === 'A') {
          p.pushSimple('bot');
          i += 2;
        } else if (e === 'z') {
          p.pushSimple('eot');
          i += 2;
        } else if (e === 'C') {
          p.pushSimple('anybyte');
          i += 2;
        } else if (e === 'Q') {
          i += 2;
          while (i < s.length) {
            if (s[i] === '\\' && s[i + 1] === 'E') {
              i += 2;
              break;
            }
            let r: number;
            [r, i] = runeAt(s, i);
            p.pushLiteral(r);
          }
        } else if (e === 'p' || e === 'P') {
          throw new Unmodelled('Unicode group');
        } else if (PERL_GROUPS[`\\${e}`] !== undefined) {
          const g = PERL_GROUPS[`\\${e}`]!;
          const re = node('class', p.flags & ~FOLD_CASE);
          const cc = new ClassBuilder();
          addGroup(cc, g.ranges, g.sign, p.flags);
          re.ranges = cc.ranges;
          p.push(re);
          i += 2;
        } else {
          let r: number;
          [r, i] = parseEscape(s, i);
          p.pushLiteral(r);
        }
        break;
      }
      default: {
        let r: number;
        [r, i] = runeAt(s, i);
        p.pushLiteral(r);
      }
    }
  }
  return p.finish();
}

// ---------------------------------------------------------------------------------------
// Simplification (RE2's CoalesceWalker, then SimplifyWalker)

function coalesce(re: Node): Node {
  if (re.subs.length === 0) return re;
  const kids = re.subs.map(coalesce);
  const changed = kids.some((k, i) => k !== re.subs[i]);
  if (re.op !== 'concat') {
    if (!changed) return re;
    const n = node(re.op, re.flags);
    n.subs = kids;
    n.min = re.min;
    n.max = re.max;
    n.cap = re.cap;
    return n;
  }
  let any = false;
  for (let i = 0; i + 1 < kids.length; i++) if (canCoalesce(kids[i]!, kids[i + 1]!)) any = true;
  if (!any) {
    if (!changed) return re;
    const n = node(re.op, re.flags);
    n.subs = kids;
    return n;
  }
  for (let i = 0; i + 1 < kids.length; i++) if (canCoalesce(kids[i]!, kids[i + 1]!)) doCoalesce(kids, i);
  const n = node(re.op, re.flags);
  n.subs = kids.filter((k) => k.op !== 'empty');
  return n;
}

const REPEATS = new Set<Op>(['star', 'plus', 'quest', 'repeat']);
const SINGLE = new Set<Op>(['lit', 'class', 'any', 'anybyte']);

function canCoalesce(r1: Node, r2: Node): boolean {
  if (!REPEATS.has(r1.op) || !SINGLE.has(r1.subs[0]!.op)) return false;
  const s1 = r1.subs[0]!;
  if (REPEATS.has(r2.op) && equalNodes(s1, r2.subs[0]!) && (r1.flags & NON_GREEDY) === (r2.flags & NON_GREEDY)) return true;
  if (equalNodes(s1, r2)) return true;
  return s1.op === 'lit' && r2.op === 'str' && r2.runes[0] === s1.rune && (s1.flags & FOLD_CASE) === (r2.flags & FOLD_CASE);
}

function doCoalesce(kids: Node[], i: number): void {
  const r1 = kids[i]!;
  const r2 = kids[i + 1]!;
  const n = node('repeat', r1.flags);
  n.subs = [r1.subs[0]!];
  if (r1.op === 'star') { n.min = 0; n.max = -1; }
  else if (r1.op === 'plus') { n.min = 1; n.max = -1; }
  else if (r1.op === 'quest') { n.min = 0; n.max = 1; }
  else { n.min = r1.min; n.max = r1.max; }
  const empty = () => {
    kids[i] = node('empty', 0);
    kids[i + 1] = n;
  };
  switch (r2.op) {
    case 'star':
      n.max = -1;
      return empty();
    case 'plus':
      n.min++;
      n.max = -1;
      return empty();
    case 'quest':
      if (n.max !== -1) n.max++;
      return empty();
    case 'repeat':
      n.min += r2.min;
      if (r2.max === -1) n.max = -1;
      else if (n.max !== -1) n.max += r2.max;
      return empty();
    case 'lit':
    case 'class':
    case 'any':
    case 'anybyte':
      n.min++;
      if (n.max !== -1) n.max++;
      return empty();
    case 'str': {
      const r = r1.subs[0]!.rune;
      let k = 1;
      while (k < r2.runes.length && r2.runes[k] === r) k++;
      n.min += k;
      if (n.max !== -1) n.max += k;
      if (k === r2.runes.length) return empty();
      kids[i] = n;
      kids[i + 1] = literalString(r2.runes.slice(k), r2.flags);
      return;
    }
    default:
      return;
  }
}

function simplify(re: Node): Node {
  if (re.simple) return re;
  switch (re.op) {
    case 'concat':
    case 'alt': {
      const kids = re.subs.map(simplify);
      if (kids.every((k, i) => k === re.subs[i])) {
        re.simple = true;
        return re;
      }
      const n = node(re.op, re.flags);
      n.subs = kids;
      n.simple = true;
      return n;
    }
    case 'cap': {
      const sub = simplify(re.subs[0]!);
      if (sub === re.subs[0]) {
        re.simple = true;
        return re;
      }
      const n = node('cap', re.flags);
      n.subs = [sub];
      n.cap = re.cap;
      n.simple = true;
      return n;
    }
    case 'star':
    case 'plus':
    case 'quest': {
      const sub = simplify(re.subs[0]!);
      if (sub.op === 'empty') return sub;
      if (sub === re.subs[0]) {
        re.simple = true;
        return re;
      }
      if (re.op === sub.op && re.flags === sub.flags) return sub;
      const n = node(re.op, re.flags);
      n.subs = [sub];
      n.simple = true;
      return n;
    }
    case 'repeat': {
      const sub = simplify(re.subs[0]!);
      if (sub.op === 'empty') return sub;
      const n = simplifyRepeat(sub, re.min, re.max, re.flags);
      n.simple = true;
      return n;
    }
    case 'class':
      if (re.ranges.length === 0) return node('nomatch', re.flags);
      if (classFull(re.ranges)) return node('any', re.flags);
      return re;
    default:
      re.simple = true;
      return re;
  }
}

/** RE2's Regexp::Star/Plus/Quest constructors, which squash nested repeats. */
function starPlusOrQuest(op: 'star' | 'plus' | 'quest', sub: Node, flags: number): Node {
  if (op === sub.op && flags === sub.flags) return sub;
  if ((sub.op === 'star' || sub.op === 'plus' || sub.op === 'quest') && flags === sub.flags) {
    if (sub.op === 'star') return sub;
    const n = node('star', flags);
    n.subs = [sub.subs[0]!];
    return n;
  }
  const n = node(op, flags);
  n.subs = [sub];
  return n;
}

function concatOf(subs: Node[], flags: number): Node {
  return concatOrAlternate('concat', subs, flags, false);
}

const EMPTY_WIDTH = new Set<Op>(['bol', 'eol', 'wb', 'nwb', 'bot', 'eot']);

function simplifyRepeat(re: Node, min: number, max: number, f: number): Node {
  if (
    release !== '2022-06-01' &&
    (EMPTY_WIDTH.has(re.op) || ((re.op === 'concat' || re.op === 'alt') && re.subs.every((s) => EMPTY_WIDTH.has(s.op))))
  ) {
    // an assertion repeated is the assertion once
    min = Math.min(min, 1);
    max = Math.min(max, 1);
  }
  if (max === -1) {
    if (min === 0) return starPlusOrQuest('star', re, f);
    if (min === 1) return starPlusOrQuest('plus', re, f);
    const subs: Node[] = [];
    for (let i = 0; i < min - 1; i++) subs.push(re);
    subs.push(starPlusOrQuest('plus', re, f));
    return concatOf(subs, f);
  }
  if (min === 0 && max === 0) return node('empty', f);
  if (min === 1 && max === 1) return re;
  let n: Node | undefined;
  if (min > 0) {
    const subs: Node[] = [];
    for (let i = 0; i < min; i++) subs.push(re);
    n = concatOf(subs, f);
  }
  if (max > min) {
    let suf = starPlusOrQuest('quest', re, f);
    for (let i = min + 1; i < max; i++) {
      const c = node('concat', f);
      c.subs = [re, suf];
      suf = starPlusOrQuest('quest', c, f);
    }
    if (n === undefined) n = suf;
    else {
      const c = node('concat', f);
      c.subs = [n, suf];
      n = c;
    }
  }
  return n ?? node('nomatch', f);
}

// ---------------------------------------------------------------------------------------
// Compiler (re2/compile.cc), instruction by instruction

const I_ALT = 0;
const I_ALTMATCH = 1;
const I_BYTE = 2;
const I_CAPTURE = 3;
const I_EMPTY = 4;
const I_MATCH = 5;
const I_NOP = 6;
const I_FAIL = 7;

/** A fragment: entry instruction, patch list (head/tail encoded id<<1 | out1), nullable. */
interface Frag {
  begin: number;
  head: number;
  tail: number;
  nullable: boolean;
}

const NO_MATCH: Frag = { begin: 0, head: 0, tail: 0, nullable: false };

class Compiler {
  op: number[] = [I_FAIL];
  out: number[] = [0];
  out1: number[] = [0];
  lo: number[] = [0];
  hi: number[] = [0];
  fold: number[] = [0];
  n = 1;
  runeCache = new Map<number, number>();
  range: Frag = NO_MATCH;

  alloc(op: number): number {
    if (this.n >= MAX_INSTRUCTIONS) throw new TooLarge();
    const id = this.n++;
    this.op[id] = op;
    this.out[id] = 0;
    this.out1[id] = 0;
    this.lo[id] = 0;
    this.hi[id] = 0;
    this.fold[id] = 0;
    return id;
  }

  patch(head: number, target: number): void {
    while (head !== 0) {
      const id = head >> 1;
      if (head & 1) {
        head = this.out1[id]!;
        this.out1[id] = target;
      } else {
        head = this.out[id]!;
        this.out[id] = target;
      }
    }
  }

  append(h1: number, t1: number, h2: number, t2: number): [number, number] {
    if (h1 === 0) return [h2, t2];
    if (h2 === 0) return [h1, t1];
    const id = t1 >> 1;
    if (t1 & 1) this.out1[id] = h2;
    else this.out[id] = h2;
    return [h1, t2];
  }

  cat(a: Frag, b: Frag): Frag {
    if (a.begin === 0 || b.begin === 0) return NO_MATCH;
    if (this.op[a.begin] === I_NOP && a.head === a.begin << 1 && this.out[a.begin] === 0) {
      this.patch(a.head, b.begin);
      return b;
    }
    this.patch(a.head, b.begin);
    return { begin: a.begin, head: b.head, tail: b.tail, nullable: a.nullable && b.nullable };
  }

  alt(a: Frag, b: Frag): Frag {
    if (a.begin === 0) return b;
    if (b.begin === 0) return a;
    const id = this.alloc(I_ALT);
    this.out[id] = a.begin;
    this.out1[id] = b.begin;
    const [head, tail] = this.append(a.head, a.tail, b.head, b.tail);
    return { begin: id, head, tail, nullable: a.nullable || b.nullable };
  }

  /** the loop instruction of x+, x*, x?: tries x first unless non-greedy */
  loop(a: Frag, nongreedy: boolean): [number, number] {
    const id = this.alloc(I_ALT);
    if (nongreedy) {
      this.out1[id] = a.begin;
      return [id, id << 1];
    }
    this.out[id] = a.begin;
    return [id, (id << 1) | 1];
  }

  plus(a: Frag, nongreedy: boolean): Frag {
    const [id, pl] = this.loop(a, nongreedy);
    this.patch(a.head, id);
    return { begin: a.begin, head: pl, tail: pl, nullable: a.nullable };
  }

  star(a: Frag, nongreedy: boolean): Frag {
    if (a.nullable) return this.quest(this.plus(a, nongreedy), nongreedy);
    const [id, pl] = this.loop(a, nongreedy);
    this.patch(a.head, id);
    return { begin: id, head: pl, tail: pl, nullable: true };
  }

  quest(a: Frag, nongreedy: boolean): Frag {
    if (a.begin === 0) return this.nop();
    const [id, pl] = this.loop(a, nongreedy);
    const [head, tail] = this.append(pl, pl, a.head, a.tail);
    return { begin: id, head, tail, nullable: true };
  }

  byteRange(lo: number, hi: number, fold: boolean): Frag {
    const id = this.alloc(I_BYTE);
    this.lo[id] = lo;
    this.hi[id] = hi;
    this.fold[id] = fold ? 1 : 0;
    return { begin: id, head: id << 1, tail: id << 1, nullable: false };
  }

  nop(): Frag {
    const id = this.alloc(I_NOP);
    return { begin: id, head: id << 1, tail: id << 1, nullable: true };
  }

  match(): Frag {
    const id = this.alloc(I_MATCH);
    return { begin: id, head: 0, tail: 0, nullable: false };
  }

  emptyWidth(): Frag {
    const id = this.alloc(I_EMPTY);
    return { begin: id, head: id << 1, tail: id << 1, nullable: true };
  }

  capture(a: Frag): Frag {
    if (a.begin === 0) return NO_MATCH;
    const id = this.alloc(I_CAPTURE);
    const id2 = this.alloc(I_CAPTURE);
    this.out[id] = a.begin;
    this.patch(a.head, id2);
    return { begin: id, head: id2 << 1, tail: id2 << 1, nullable: a.nullable };
  }

  // --- rune ranges as UTF-8 byte automata

  beginRange(): void {
    this.runeCache.clear();
    this.range = NO_MATCH;
  }

  uncachedSuffix(lo: number, hi: number, fold: boolean, next: number): number {
    const f = this.byteRange(lo, hi, fold);
    if (next !== 0) this.patch(f.head, next);
    else {
      const [head, tail] = this.append(this.range.head, this.range.tail, f.head, f.tail);
      this.range = { ...this.range, head, tail };
    }
    return f.begin;
  }

  static cacheKey(lo: number, hi: number, fold: boolean, next: number): number {
    return next * 131072 + lo * 512 + hi * 2 + (fold ? 1 : 0);
  }

  cachedSuffix(lo: number, hi: number, fold: boolean, next: number): number {
    const key = Compiler.cacheKey(lo, hi, fold, next);
    const hit = this.runeCache.get(key);
    if (hit !== undefined) return hit;
    const id = this.uncachedSuffix(lo, hi, fold, next);
    this.runeCache.set(key, id);
    return id;
  }

  isCachedSuffix(id: number): boolean {
    return this.runeCache.has(Compiler.cacheKey(this.lo[id]!, this.hi[id]!, this.fold[id] === 1, this.out[id]!));
  }

  addSuffix(id: number): void {
    if (this.range.begin === 0) {
      this.range = { ...this.range, begin: id };
      return;
    }
    this.range = { ...this.range, begin: this.addSuffixRecursive(this.range.begin, id) };
  }

  sameRange(a: number, b: number): boolean {
    return this.lo[a] === this.lo[b] && this.hi[a] === this.hi[b] && this.fold[a] === this.fold[b];
  }

  /** where `id`'s leading byte range already is under `root`: [holder, slot (0: root itself, 1: out1)] */
  findByteRange(root: number, id: number): [number, number] | undefined {
    if (this.op[root] === I_BYTE) return this.sameRange(root, id) ? [root, 0] : undefined;
    while (this.op[root] === I_ALT) {
      const o1 = this.out1[root]!;
      if (this.sameRange(o1, id)) return [root, 1];
      return undefined; // forward programs only look at the newest alternative
    }
    return undefined;
  }

  addSuffixRecursive(root: number, id: number): number {
    const found = this.findByteRange(root, id);
    if (found === undefined) {
      const alt = this.alloc(I_ALT);
      this.out[alt] = root;
      this.out1[alt] = id;
      return alt;
    }
    const [holder, slot] = found;
    let br = slot === 0 ? root : this.out1[holder]!;
    if (this.isCachedSuffix(br)) {
      // shared by the cache: copy before changing its successor
      const copy = this.alloc(I_BYTE);
      this.lo[copy] = this.lo[br]!;
      this.hi[copy] = this.hi[br]!;
      this.fold[copy] = this.fold[br]!;
      this.out[copy] = this.out[br]!;
      br = copy;
      if (slot === 0) root = br;
      else this.out1[holder] = br;
    }
    const out = this.out[id]!;
    if (!this.isCachedSuffix(id)) {
      // id is the newest instruction and no longer needed
      this.n--;
    }
    const merged = this.addSuffixRecursive(this.out[br]!, out);
    this.out[br] = merged;
    return root;
  }

  add80to10ffff(): void {
    const cont1 = this.uncachedSuffix(0x80, 0xbf, false, 0);
    this.addSuffix(this.uncachedSuffix(0xc2, 0xdf, false, cont1));
    const cont2 = this.uncachedSuffix(0x80, 0xbf, false, cont1);
    this.addSuffix(this.uncachedSuffix(0xe0, 0xef, false, cont2));
    const cont3 = this.uncachedSuffix(0x80, 0xbf, false, cont2);
    this.addSuffix(this.uncachedSuffix(0xf0, 0xf4, false, cont3));
  }

  addRuneRange(lo: number, hi: number, fold: boolean): void {
    if (lo > hi) return;
    if (lo === 0x80 && hi === 0x10ffff) {
      this.add80to10ffff();
      return;
    }
    // split at UTF-8 length boundaries
    for (const max of [0x7f, 0x7ff, 0xffff]) {
      if (lo <= max && max < hi) {
        this.addRuneRange(lo, max, fold);
        this.addRuneRange(max + 1, hi, fold);
        return;
      }
    }
    if (hi < 0x80) {
      this.addSuffix(this.uncachedSuffix(lo, hi, fold, 0));
      return;
    }
    // split until lo and hi differ only in a run of full continuation bytes
    for (let i = 1; i < 4; i++) {
      const m = (1 << (6 * i)) - 1;
      if ((lo & ~m) !== (hi & ~m)) {
        if ((lo & m) !== 0) {
          this.addRuneRange(lo, lo | m, fold);
          this.addRuneRange((lo | m) + 1, hi, fold);
          return;
        }
        if ((hi & m) !== m) {
          this.addRuneRange(lo, (hi & ~m) - 1, fold);
          this.addRuneRange(hi & ~m, hi, fold);
          return;
        }
      }
    }
    const ulo = utf8(lo);
    const uhi = utf8(hi);
    const n = ulo.length;
    let id = 0;
    for (let i = n - 1; i >= 0; i--) {
      if (i === n - 1 || (ulo[i]! < uhi[i]! && i !== 0)) id = this.cachedSuffix(ulo[i]!, uhi[i]!, false, id);
      else id = this.uncachedSuffix(ulo[i]!, uhi[i]!, false, id);
    }
    this.addSuffix(id);
  }

  literal(r: number, fold: boolean): Frag {
    if (r < 0x80) return this.byteRange(r, r, fold);
    const bytes = utf8(r);
    let f = this.byteRange(bytes[0]!, bytes[0]!, false);
    for (let i = 1; i < bytes.length; i++) f = this.cat(f, this.byteRange(bytes[i]!, bytes[i]!, false));
    return f;
  }

  compileNode(re: Node): Frag {
    const kids = re.subs.map((s) => this.compileNode(s));
    switch (re.op) {
      case 'nomatch':
        return NO_MATCH;
      case 'empty':
        return this.nop();
      case 'concat': {
        let f = kids[0]!;
        for (let i = 1; i < kids.length; i++) f = this.cat(f, kids[i]!);
        return f;
      }
      case 'alt': {
        let f = kids[0]!;
        for (let i = 1; i < kids.length; i++) f = this.alt(f, kids[i]!);
        return f;
      }
      case 'star':
        return this.star(kids[0]!, (re.flags & NON_GREEDY) !== 0);
      case 'plus':
        return this.plus(kids[0]!, (re.flags & NON_GREEDY) !== 0);
      case 'quest':
        return this.quest(kids[0]!, (re.flags & NON_GREEDY) !== 0);
      case 'lit':
        return this.literal(re.rune, (re.flags & FOLD_CASE) !== 0);
      case 'str': {
        let f = this.literal(re.runes[0]!, (re.flags & FOLD_CASE) !== 0);
        for (let i = 1; i < re.runes.length; i++) f = this.cat(f, this.literal(re.runes[i]!, (re.flags & FOLD_CASE) !== 0));
        return f;
      }
      case 'any':
        this.beginRange();
        this.addRuneRange(0, RUNE_MAX, false);
        return this.range;
      case 'anybyte':
        return this.byteRange(0, 0xff, false);
      case 'class': {
        const r = re.ranges;
        const foldsAscii = classFoldsAscii(r);
        this.beginRange();
        for (let i = 0; i < r.length; i += 2) {
          const lo = r[i]!;
          const hi = r[i + 1]!;
          if (foldsAscii && 0x41 <= lo && hi <= 0x5a) continue;
          let fold = foldsAscii;
          if ((lo <= 0x41 && 0x7a <= hi) || hi < 0x41 || 0x7a < lo || (0x5a < lo && hi < 0x61)) fold = false;
          this.addRuneRange(lo, hi, fold);
        }
        return this.range;
      }
      case 'cap':
        return this.capture(kids[0]!);
      case 'bol': case 'eol': case 'bot': case 'eot': case 'wb': case 'nwb':
        return this.emptyWidth();
      default:
        throw new Unmodelled(re.op);
    }
  }
}

/** Whether the class holds each ASCII letter exactly when it holds the other case. */
function classFoldsAscii(ranges: number[]): boolean {
  for (let c = 0x41; c <= 0x5a; c++) if (classContains(ranges, c) !== classContains(ranges, c + 0x20)) return false;
  return true;
}

function utf8(r: number): number[] {
  if (r < 0x80) return [r];
  if (r < 0x800) return [0xc0 | (r >> 6), 0x80 | (r & 0x3f)];
  if (r < 0x10000) return [0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f)];
  return [0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f)];
}

// ---------------------------------------------------------------------------------------
// RE2::Init → Compile → Finish (Optimize, Flatten)

/** RE2's IsAnchorStart / IsAnchorEnd: strips a leading `^` (trailing `$`) into anchoring. */
function stripAnchor(re: Node, depth: number, atEnd: boolean): Node | undefined {
  if (depth >= 4) return undefined;
  if (re.op === 'concat' && re.subs.length > 0) {
    const k = atEnd ? re.subs.length - 1 : 0;
    const sub = stripAnchor(re.subs[k]!, depth + 1, atEnd);
    if (sub === undefined) return undefined;
    const n = node('concat', re.flags);
    n.subs = re.subs.slice();
    n.subs[k] = sub;
    return n;
  }
  if (re.op === 'cap') {
    const sub = stripAnchor(re.subs[0]!, depth + 1, atEnd);
    if (sub === undefined) return undefined;
    const n = node('cap', re.flags);
    n.subs = [sub];
    n.cap = re.cap;
    return n;
  }
  if (re.op === (atEnd ? 'eot' : 'bot')) return node('empty', re.flags);
  return undefined;
}

function programSizeOf(entire: Node): number {
  // RequiredPrefix: ^literal... is matched by a prefix check; only the rest is compiled
  let suffix = entire;
  if (entire.op === 'concat') {
    let i = 0;
    while (i < entire.subs.length && entire.subs[i]!.op === 'bot') i++;
    if (i > 0 && i < entire.subs.length && (entire.subs[i]!.op === 'lit' || entire.subs[i]!.op === 'str')) {
      i++;
      suffix = i < entire.subs.length ? concatOf(entire.subs.slice(i), entire.flags) : node('empty', entire.flags);
    }
  }

  let sre = simplify(coalesce(suffix));
  const startStripped = stripAnchor(sre, 0, false);
  const anchorStart = startStripped !== undefined;
  if (startStripped !== undefined) sre = startStripped;
  const endStripped = stripAnchor(sre, 0, true);
  if (endStripped !== undefined) sre = endStripped;

  const c = new Compiler();
  let all = c.compileNode(sre);
  all = c.cat(all, c.match());
  const start = all.begin;
  if (!anchorStart) {
    const dotStar = c.star(c.byteRange(0, 0xff, false), true);
    all = c.cat(dotStar, all);
  }
  const startUnanchored = all.begin;
  if (start === 0 && startUnanchored === 0) c.n = 1;
  optimize(c, start);
  return flattenedSize(c, start, startUnanchored);
}

/** Prog::Optimize: skip no-ops and mark `.*` loops before a match, from the anchored start. */
function optimize(c: Compiler, start: number): void {
  const skipNops = (j: number): number => {
    while (j !== 0 && c.op[j] === I_NOP) j = c.out[j]!;
    return j;
  };
  const seen = new Set<number>();
  const queue: number[] = [];
  const add = (id: number) => {
    if (id !== 0 && !seen.has(id)) {
      seen.add(id);
      queue.push(id);
    }
  };
  add(start);
  for (let k = 0; k < queue.length; k++) {
    const id = queue[k]!;
    c.out[id] = skipNops(c.out[id]!);
    add(c.out[id]!);
    if (c.op[id] === I_ALT) {
      c.out1[id] = skipNops(c.out1[id]!);
      add(c.out1[id]!);
    }
  }
  const isMatch = (id: number): boolean => {
    for (;;) {
      const op = c.op[id];
      if (op === I_CAPTURE || op === I_NOP) id = c.out[id]!;
      else return op === I_MATCH;
    }
  };
  const anyByteLoop = (j: number, id: number) => c.op[j] === I_BYTE && c.out[j] === id && c.lo[j] === 0 && c.hi[j] === 0xff;
  for (const id of queue) {
    if (c.op[id] !== I_ALT) continue;
    const j = c.out[id]!;
    const k = c.out1[id]!;
    if ((anyByteLoop(j, id) && isMatch(k)) || (isMatch(j) && anyByteLoop(k, id))) c.op[id] = I_ALTMATCH;
  }
}

/** Prog::Flatten's instruction count: lists of non-branching instructions per root. */
function flattenedSize(c: Compiler, start: number, startUnanchored: number): number {
  const roots = new Set<number>([0, startUnanchored, start]);
  const preds = new Map<number, number[]>();
  // MarkSuccessors: every instruction reachable from the unanchored start
  reach(startUnanchored, (id, branch) => {
    const op = c.op[id];
    if (op === I_ALT || op === I_ALTMATCH) {
      for (const o of [c.out[id]!, c.out1[id]!]) {
        let p = preds.get(o);
        if (p === undefined) preds.set(o, (p = []));
        p.push(id);
      }
      branch(c.out1[id]!);
      return c.out[id]!;
    }
    if (op === I_BYTE || op === I_CAPTURE || op === I_EMPTY) {
      roots.add(c.out[id]!);
      return c.out[id]!;
    }
    return op === I_NOP ? c.out[id]! : undefined;
  });
  // MarkDominator, from the highest root down (not the lowest, nor the two starts)
  const sorted = [...roots].sort((a, b) => a - b);
  for (let k = sorted.length - 1; k > 0; k--) {
    const root = sorted[k]!;
    if (root === start || root === startUnanchored) continue;
    const reachable = walkList(c, root, roots);
    for (const id of reachable) {
      const p = preds.get(id);
      if (p === undefined) continue;
      for (const pred of p) if (!reachable.has(pred)) roots.add(id);
    }
  }
  // EmitList
  let size = 0;
  for (const root of roots) {
    for (const id of walkList(c, root, roots)) {
      if (id !== root && roots.has(id)) size++;
      else {
        const op = c.op[id];
        if (op !== I_ALT && op !== I_NOP) size++;
      }
    }
  }
  return size;
}

/** The instructions a list starting at `root` reaches through branches, stopping at other roots. */
function walkList(c: Compiler, root: number, roots: Set<number>): Set<number> {
  return reach(root, (id, branch) => {
    if (id !== root && roots.has(id)) return undefined;
    const op = c.op[id];
    if (op === I_ALT || op === I_ALTMATCH) {
      branch(c.out1[id]!);
      return c.out[id]!;
    }
    return op === I_NOP ? c.out[id]! : undefined;
  });
}

/**
 * The instructions reachable from `start`, each visited once: `next` gives the one to follow
 * (undefined: none) and hands any other branch to `branch`, walked after.
 */
function reach(start: number, next: (id: number, branch: (id: number) => void) => number | undefined): Set<number> {
  const reached = new Set<number>();
  const stack = [start];
  const branch = (id: number): void => {
    stack.push(id);
  };
  while (stack.length > 0) {
    let id: number | undefined = stack.pop()!;
    while (id !== undefined && !reached.has(id)) {
      reached.add(id);
      id = next(id, branch);
    }
  }
  return reached;
}
