/**
 * Schema `pattern`s with Go RE2 semantics (the API server compiles them with Go's regexp).
 * Kubernetes tests them like regexp.MatchString: an unanchored search, so a pattern anchors
 * only where it says `^`/`$` (`^(a)|(b)$` accepts anything containing a match of `(a)` at the
 * start or of `(b)` at the end).
 */

import { RE2JS } from 're2js';
import { CRD_PATTERN_CHECKS } from './crd-patterns.js';

export type PatternTest = { ok: true; matches: boolean } | { ok: false; error: string };

const compiled = new Map<string, RE2JS | string>();

function compile(pattern: string): RE2JS | string {
  let entry = compiled.get(pattern);
  if (entry === undefined) {
    try {
      entry = RE2JS.compile(pattern);
    } catch (error) {
      entry = error instanceof Error ? error.message : String(error);
    }
    compiled.set(pattern, entry);
  }
  return entry;
}

const MATCHES: PatternTest = { ok: true, matches: true };
const NO_MATCH: PatternTest = { ok: true, matches: false };
/** answers per pattern and text: the same label keys, ports and names recur across policies */
const answers = new Map<string, Map<string, boolean>>();
const MAX_ANSWERS = 100_000;

/** Whether `text` contains a match of `pattern`, or why the pattern does not compile. */
export function testPattern(pattern: string, text: string): PatternTest {
  const byHand = CRD_PATTERN_CHECKS.get(pattern)?.(text);
  if (byHand !== undefined) return byHand ? MATCHES : NO_MATCH;
  return testWithRe2(pattern, text);
}

/** testPattern with RE2 alone (exported for tests: the hand-written checks must agree with it). */
export function testWithRe2(pattern: string, text: string): PatternTest {
  const regexp = compile(pattern);
  if (typeof regexp === 'string') return { ok: false, error: regexp };
  let known = answers.get(pattern);
  if (!known) answers.set(pattern, (known = new Map()));
  let matches = known.get(text);
  if (matches === undefined) {
    matches = regexp.test(text);
    if (known.size < MAX_ANSWERS) known.set(text, matches);
  }
  return matches ? MATCHES : NO_MATCH;
}

/** A pattern as a yes/no test of a string: matches, and the pattern compiles. */
export function patternCheck(pattern: string): (text: string) => boolean {
  return (text) => {
    const outcome = testPattern(pattern, text);
    return outcome.ok && outcome.matches;
  };
}
