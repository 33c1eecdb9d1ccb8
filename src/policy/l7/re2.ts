/**
 * RE2 regular expressions for policy-supplied patterns (HTTP `path`/`method`/`host`, and the
 * regexes Cilium builds from DNS patterns), on top of `re2js`: linear-time matching, no
 * backtracking, so a hostile pattern cannot hang the engine. JavaScript's RegExp is never
 * used for a regex that comes from a policy.
 *
 * Dialect. The Cilium agent validates `path` and `method` with Go's `regexp.Compile`; Envoy
 * evaluates all three with Google RE2 (C++) as a *full* match. `re2js` is a port of RE2/J,
 * itself a port of Go's `regexp/syntax`, so parsing and error texts follow Go. Differences
 * found while checking (see re2.test.ts):
 *
 * - Duplicate group names, `(?P<a>x)(?P<a>y)`: Go accepts them (it has no error code for
 *   them); RE2/J, re2js and RE2 C++ reject them ("duplicate capture group name"). We follow Go
 *   for validation (the pattern compiles, names are dropped, matching is unchanged) and report
 *   `envoyError`, because Envoy's RE2 would refuse the regex.
 * - `re2js` reports "trailing backslash at end of expression" and "expression nests too
 *   deeply" without the offending text; Go always prints ``: `<expr>` `` (empty for a trailing
 *   backslash, the whole regexp for nesting). We rebuild Go's wording.
 * - `re2js` can compile lookbehinds when given its LOOKBEHINDS flag. We never pass that flag,
 *   so `(?<=a)` is rejected as in Go (`invalid named capture: ...`, Go >= 1.22 wording).
 * - RE2 C++ accepts `\C` (any byte); Go and re2js reject it. Only matters for `host`, which
 *   the agent does not validate: we report such a host regex as one Envoy rejects, which is
 *   wrong for `\C` alone.
 * - Envoy refuses (NACKs) a regex whose RE2 C++ *program size* exceeds 100 (runtime key
 *   `re2.max_program_size.error_level`, default 100; Cilium's bootstrap does not raise it,
 *   cilium/cilium#41314). Go's compiler (re2js's `programSize()`) counts differently (lower
 *   for `.` and classes, which RE2 C++ compiles to UTF-8 byte automata), so `programSize` is
 *   RE2 C++'s own count, computed by re2-program-size.ts; Unicode groups (`\pL`) are the one
 *   construct not modelled (`programSizeExact` false: Envoy may refuse it).
 * - Matching runs on JavaScript strings (UTF-16, decoded as code points); Envoy matches
 *   UTF-8 bytes. For valid text the results agree; lone surrogates have no UTF-8 form.
 */

import { RE2JS, RE2JSSyntaxException } from 're2js';
import { re2LiteralProgramSize, re2ProgramSize, type Re2ProgramSize } from './re2-program-size.js';

export interface Re2Matcher {
  /** the regex as written */
  readonly source: string;
  /** whole-string match, as Envoy's `safe_regex` (RE2::FullMatch) does */
  fullMatch(input: string): boolean;
  /**
   * RE2 C++'s program size, the figure Envoy compares with its limit of 100 (see the file
   * comment); Infinity when not `programSizeExact`
   */
  readonly programSize: number;
  /** false when the size is not known (Unicode groups): Envoy may refuse the regex */
  readonly programSizeExact: boolean;
  /** set when Go accepts the regex but RE2 C++ (Envoy) would refuse it */
  readonly envoyError?: string | undefined;
}

export type Re2CompileResult =
  | { readonly ok: true; readonly matcher: Re2Matcher }
  | { readonly ok: false; readonly error: string };

/** Compiled regexes by source text. Bounded: the oldest entries go first. */
const cache = new Map<string, Re2CompileResult>();
const CACHE_LIMIT = 4096;

/**
 * Compiles `source` with Go/RE2 syntax. Errors are worded as Go's `regexp.Compile` prints
 * them, which is what Cilium reports, e.g. ``error parsing regexp: missing closing ): `/api/(` ``.
 */
export function compileRe2(source: string): Re2CompileResult {
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  const result = compileUncached(source);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(source, result);
  return result;
}

/** Drops every cached regex (tests and long-running sessions). */
export function clearRe2Cache(): void {
  cache.clear();
}

/** Go regexp metacharacters; a regex without any (and without surrogates) is a plain literal. */
const META = new Set(['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$']);

function isPlainLiteral(source: string): boolean {
  if (source === '') return false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if ((c >= 0xd800 && c <= 0xdfff) || META.has(source[i]!)) return false;
  }
  return true;
}

/**
 * Methods and many paths are plain text (`GET`, `/healthz`): they always compile, match only
 * themselves in full, and RE2 C++'s program for them has one instruction per UTF-8 byte plus
 * four (re2.test.ts checks both), so no automaton is built for them.
 */
function literalMatcher(source: string): Re2Matcher {
  return {
    source,
    programSize: re2LiteralProgramSize(source),
    programSizeExact: true,
    envoyError: undefined,
    fullMatch: (input: string) => input === source,
  };
}

/** Sizes that differ between RE2 releases need case folding or counted repetition. */
const RELEASE_SENSITIVE = /\(\?[a-zA-Z-]*i|\{/;

/**
 * RE2 C++'s program size as Envoy counts it: RE2 2024-07-02 (what Envoy bundles today), or
 * 2022-06-01 (older Envoy builds) when that is higher, so no Envoy build refuses a regex
 * Membrane accepts. The two differ only for case folding and counted repetition.
 */
export function envoyProgramSize(source: string): Re2ProgramSize {
  const current = re2ProgramSize(source, '2024-07-02');
  if (!current.exact || !RELEASE_SENSITIVE.test(source)) return current;
  const older = re2ProgramSize(source, '2022-06-01');
  return older.size > current.size ? older : current;
}

/**
 * The program size re2js gives a regex of a simple shape, or undefined for any other regex.
 * The shapes: plain characters, `.`, escaped punctuation, classes of ASCII letters, digits
 * and `_/.-` (ranges of letters or digits, `^` allowed), capture groups with something in
 * them, each optionally followed by one `*`, `+` or `?`; no alternation, no `(?` syntax, no
 * counted repetition, no anchors (or else literals joined by `|`, see literalAlternationSize).
 * Go's parser accepts every such regex and keeps its shape
 * (no repetition of a repetition collapses: a repeated group is a capture), and its compiler
 * spends one instruction per rune, dot or class, one per `*`/`+`/`?` (two for a `*` of what
 * can match empty), two per capture, plus two for the program (re2.test.ts holds this to
 * re2js on thousands of such regexes).
 * These are the common path regexes (`/api/v1/.*`, `/api/v2/items(/.*)?`, `/items/[0-9]+`):
 * their validation needs no automaton, so it is built only when a request is matched. (The
 * re2js size is the tests' check that a shape is read as Go reads it; the size Envoy compares
 * is envoyProgramSize's.)
 */
export function simpleShapeProgramSize(source: string): number | undefined {
  if (source.length === 0 || source.length > 1000) return undefined;
  if (source.includes('|')) return literalAlternationSize(source);
  let i = 0;
  let depth = 0;
  /** a sequence up to `)` or the end: its size and whether it can match the empty string */
  const sequence = (): { size: number; nullable: boolean } | undefined => {
    let size = 0;
    let nullable = true;
    while (i < source.length && source[i] !== ')') {
      const c = source[i]!;
      let atom: number;
      let atomNullable = false;
      if (c === '(') {
        if (source[i + 1] === '?' || depth >= 20) return undefined;
        i++;
        depth++;
        const inner = sequence();
        depth--;
        if (inner === undefined || inner.size === 0 || source[i] !== ')') return undefined;
        i++;
        atom = inner.size + 2;
        atomNullable = inner.nullable;
      } else if (c === '[') {
        const end = simpleClassEnd(source, i);
        if (end === undefined) return undefined;
        i = end;
        atom = 1;
      } else if (c === '\\') {
        if (!ESCAPABLE.has(source[i + 1] ?? '')) return undefined;
        i += 2;
        atom = 1;
      } else if (c === '.') {
        i++;
        atom = 1;
      } else {
        const code = source.charCodeAt(i);
        if (META.has(c)) return undefined;
        if (code >= 0xd800 && code <= 0xdfff) {
          // one rune: a surrogate pair (a lone surrogate has no UTF-8 form)
          const low = source.charCodeAt(i + 1);
          if (code > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return undefined;
          i++;
        }
        i++;
        atom = 1;
      }
      const op = source[i];
      if (op === '*' || op === '+' || op === '?') {
        i++;
        const next = source[i];
        if (next === '*' || next === '+' || next === '?' || next === '{') return undefined;
        // Go compiles x* of an x that can match empty as (x+)? (golang.org/issue/46123): one more
        atom += op === '*' && atomNullable ? 2 : 1;
        if (op !== '+') atomNullable = true;
      }
      size += atom;
      nullable &&= atomNullable;
    }
    return { size, nullable };
  };
  const result = sequence();
  return result === undefined || result.size === 0 || i !== source.length ? undefined : result.size + 2;
}

/**
 * `GET|HEAD`: an alternation of plain literals of two runes or more that all start with
 * different runes, so Go's parser neither factors a common prefix out nor merges branches
 * into a class: one instruction per rune, one per `|`, two for the program.
 */
function literalAlternationSize(source: string): number | undefined {
  const branches = source.split('|');
  const firsts = new Set<string>();
  let size = 2 + branches.length - 1;
  for (const branch of branches) {
    if (!isPlainLiteral(branch)) return undefined;
    const runes = [...branch];
    if (runes.length < 2 || firsts.has(runes[0]!)) return undefined;
    firsts.add(runes[0]!);
    size += runes.length;
  }
  return size;
}

/** Punctuation a simple regex may escape (`\.`): a literal character in Go's syntax. */
const ESCAPABLE = new Set(['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$', '/', '-']);

function isClassChar(c: string | undefined): boolean {
  return c !== undefined && /^[A-Za-z0-9_/.]$/.test(c);
}

function isRangeEnd(c: string | undefined): boolean {
  return c !== undefined && /^[A-Za-z0-9]$/.test(c);
}

/** The index after a simple class starting at `start` (`[a-z0-9_]`, `[^/]`), or undefined. */
function simpleClassEnd(source: string, start: number): number | undefined {
  let i = start + 1;
  if (source[i] === '^') i++;
  let items = 0;
  while (source[i] !== ']') {
    const c = source[i];
    if (source[i + 1] === '-' && source[i + 2] !== ']') {
      const to = source[i + 2];
      // a range of two letters or two digits, in order
      if (!isRangeEnd(c) || !isRangeEnd(to) || c! > to! || /[0-9]/.test(c!) !== /[0-9]/.test(to!)) return undefined;
      i += 3;
    } else if (isClassChar(c) || (c === '-' && items > 0 && source[i + 1] === ']')) {
      i++;
    } else {
      return undefined;
    }
    items++;
  }
  return items === 0 ? undefined : i + 1;
}

/** A regex of a simple shape: valid without compiling; the automaton is compiled on first use. */
function lazyMatcher(source: string): Re2Matcher {
  let matcher: Re2Matcher | undefined;
  const size = envoyProgramSize(source);
  return {
    source,
    programSize: size.size,
    programSizeExact: size.exact,
    envoyError: undefined,
    fullMatch: (input: string) => (matcher ??= makeMatcher(source, RE2JS.compile(source), undefined)).fullMatch(input),
  };
}

function compileUncached(source: string): Re2CompileResult {
  if (isPlainLiteral(source)) return { ok: true, matcher: literalMatcher(source) };
  if (simpleShapeProgramSize(source) !== undefined) return { ok: true, matcher: lazyMatcher(source) };
  try {
    return { ok: true, matcher: makeMatcher(source, RE2JS.compile(source), undefined) };
  } catch (e) {
    const err = describeError(e, source);
    if (err.code === 'duplicate capture group name') {
      // Go accepts duplicate names; names do not change what matches, so drop them.
      const rewritten = dropGroupNames(source);
      try {
        const unnamed = RE2JS.compile(rewritten);
        return { ok: true, matcher: makeMatcher(source, unnamed, `RE2 rejects it: ${err.code}: ${err.expr ?? ''}`) };
      } catch (e2) {
        const err2 = describeError(e2, rewritten);
        // errors that quote the whole regexp (missing closing paren) quote what the user wrote
        if (err2.expr === rewritten) return { ok: false, error: `error parsing regexp: ${err2.code}: \`${source}\`` };
        return { ok: false, error: err2.message };
      }
    }
    return { ok: false, error: err.message };
  }
}

/**
 * The literal text every full match must begin with: the leading run of plain characters,
 * minus the last one when a quantifier follows it; empty when the regex has an alternation.
 * Checking it first skips the automaton for most non-matching inputs (policies with many
 * path rules), without changing any result.
 */
export function literalPrefix(source: string): string {
  if (source.includes('|')) return '';
  // by code point: a quantifier repeats a whole rune (an astral one is two UTF-16 units)
  const runes: string[] = [];
  for (const c of source) {
    if ('.[]()*+?{}^$\\'.includes(c)) {
      if ('*+?{'.includes(c)) runes.pop();
      break;
    }
    runes.push(c);
  }
  return runes.join('');
}

function makeMatcher(source: string, re: RE2JS, envoyError: string | undefined): Re2Matcher {
  const prefix = literalPrefix(source);
  const size = envoyProgramSize(source);
  return {
    source,
    programSize: size.size,
    programSizeExact: size.exact,
    envoyError,
    fullMatch: prefix === '' ? (input: string) => re.testExact(input) : (input: string) => input.startsWith(prefix) && re.testExact(input),
  };
}

interface DescribedError {
  readonly code: string | undefined;
  readonly expr: string | undefined;
  readonly message: string;
}

/** Go's `(*syntax.Error).Error()`: "error parsing regexp: " + code + ": `" + expr + "`". */
function describeError(e: unknown, source: string): DescribedError {
  if (e instanceof RE2JSSyntaxException) {
    const code = e.error;
    let expr = e.input ?? undefined;
    if (expr === undefined) {
      // re2js leaves these without text; Go prints "" and the whole regexp respectively.
      expr = code === 'trailing backslash at end of expression' ? '' : source;
    }
    return { code, expr, message: `error parsing regexp: ${code}: \`${expr}\`` };
  }
  const text = e instanceof Error ? e.message : String(e);
  return { code: undefined, expr: undefined, message: text.startsWith('error parsing regexp') ? text : `error parsing regexp: ${text}` };
}

/**
 * Rewrites `(?P<name>` and `(?<name>` to `(`, leaving escapes and character classes alone.
 * Only used after the parser has accepted every other part of the pattern.
 */
function dropGroupNames(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      if (source[i + 1] === 'Q') {
        // \Q...\E is literal text up to \E (or the end)
        const end = source.indexOf('\\E', i + 2);
        const stop = end < 0 ? source.length : end + 2;
        out += source.slice(i, stop);
        i = stop - 1;
        continue;
      }
      out += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // a ']' right after '[' or '[^' is a literal
      if (source[i + 1] === '^') { out += '^'; i++; }
      if (source[i + 1] === ']') { out += ']'; i++; }
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      const named = source.startsWith('?P<', i + 1) ? i + 4 : source[i + 2] === '<' ? i + 3 : -1;
      const close = named >= 0 ? source.indexOf('>', named) : -1;
      if (close >= 0) {
        out += '(';
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}
