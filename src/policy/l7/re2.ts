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
 *   cilium/cilium#41314). `programSize` below is re2js's count, which follows Go's compiler:
 *   close to RE2 C++ for literal alternations, much lower for `.` and character classes
 *   (RE2 C++ compiles them to UTF-8 byte automata). It is an estimate only.
 * - Matching runs on JavaScript strings (UTF-16, decoded as code points); Envoy matches
 *   UTF-8 bytes. For valid text the results agree; lone surrogates have no UTF-8 form.
 */

import { RE2JS, RE2JSSyntaxException } from 're2js';

export interface Re2Matcher {
  /** the regex as written */
  readonly source: string;
  /** whole-string match, as Envoy's `safe_regex` (RE2::FullMatch) does */
  fullMatch(input: string): boolean;
  /** re2js program size: an estimate of RE2's program size (see the file comment) */
  readonly programSize: number;
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
 * themselves in full, and re2js's program for n characters has n + 2 instructions
 * (re2.test.ts checks both against re2js), so no automaton is built for them.
 */
function literalMatcher(source: string): Re2Matcher {
  return { source, programSize: [...source].length + 2, envoyError: undefined, fullMatch: (input: string) => input === source };
}

function compileUncached(source: string): Re2CompileResult {
  if (isPlainLiteral(source)) return { ok: true, matcher: literalMatcher(source) };
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
  let out = '';
  for (const c of source) {
    if ('.[]()*+?{}^$\\'.includes(c)) {
      if ('*+?{'.includes(c)) out = out.slice(0, -1);
      break;
    }
    out += c;
  }
  return out;
}

function makeMatcher(source: string, re: RE2JS, envoyError: string | undefined): Re2Matcher {
  const prefix = literalPrefix(source);
  return {
    source,
    programSize: re.programSize(),
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
