/**
 * DNS name matching as Cilium does it for `rules.dns` (the DNS proxy, `pkg/fqdn/dnsproxy`
 * `GeneratePattern`) and for `toFQDNs` (`FQDNSelector.ToRegex`), both built on
 * `pkg/fqdn/matchpattern/matchpattern.go` (Cilium 1.20-dev).
 *
 * Cilium turns every selector into a regex. We match by hand instead, with the same result
 * (dns-pattern.test.ts checks the two against each other over generated names), because these
 * matchers run for every name and pattern pair. `dnsSelectorToRegex` still returns Cilium's
 * regex, for explanations.
 *
 * What the regexes say, once names and patterns are lower-cased and fully qualified:
 * - `matchName: x` is the exact name `x.`.
 * - In `matchPattern`, `.` is a literal dot and a run of `*` is `[-a-zA-Z0-9_]*`: zero or more
 *   DNS characters that never cross a dot. A leading run of two or more stars followed by a dot
 *   (`**.`, `***.`) is one or more whole labels instead: `([-a-zA-Z0-9_]+([.][-a-zA-Z0-9_]+){0,})[.]`.
 *   Elsewhere `**` is just `*`.
 * - A pattern made only of stars, with or without one trailing dot (`*`, `**`, `***.`), matches
 *   every name. The DNS proxy then allows any query (`.*`); a `toFQDNs` selector uses the
 *   anchored form `(^([-a-zA-Z0-9_]+[.])+$)|(^[.]$)`, so only well-formed names (non-empty
 *   labels of DNS characters, or the root `.`).
 */

export type DnsSelectorContext = 'dns-rule' | 'fqdn-selector';

export interface DnsSelectorSpec {
  matchName?: string | undefined;
  matchPattern?: string | undefined;
}

/** `MaxFQDNLength` in matchpattern.go (also the CRD's MaxLength). */
export const MAX_FQDN_LENGTH = 255;

/** The CRD patterns of `FQDNSelector` (pkg/policy/api/fqdn.go kubebuilder markers). */
export const FQDN_MATCH_NAME_CRD_PATTERN = '^([-a-zA-Z0-9_]+[.]?)+$';
export const FQDN_MATCH_PATTERN_CRD_PATTERN = '^([-a-zA-Z0-9_*]+[.]?)+$';

/** `allowedDNSCharsREGroup`: what a `*` may stand for. */
const DNS_CHARS_RE = '[-a-zA-Z0-9_]';
/** `dnsWildcardREGroup`: what a leading `**.` stands for. */
const DNS_LABELS_RE = `(${DNS_CHARS_RE}+([.]${DNS_CHARS_RE}+){0,})[.]`;
/** the anchored match-all regex of `ToAnchoredRegexp` */
const MATCH_ALL_ANCHORED_GRAMMAR = `(^(${DNS_CHARS_RE}+[.])+$)|(^[.]$)`;
/** `MatchAllAnchoredPattern`, what the DNS proxy uses for an allow-all rule */
const MATCH_ALL_PATTERN = '(?:)';

// ---------------------------------------------------------------- name normalisation

function isDnsChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || (c >= 0x41 && c <= 0x5a);
}

/** Go's `strings.ToLower`: per code point, simple case mapping (JavaScript would turn U+0130 into two code points). */
function goToLower(s: string): string {
  let ascii = true;
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) { ascii = false; break; }
    if (c >= 0x41 && c <= 0x5a) upper = true;
  }
  if (ascii) return upper ? s.toLowerCase() : s;
  let out = '';
  for (const ch of s) {
    if (ch === '\u0130') { out += 'i'; continue; }
    const low = ch.toLowerCase();
    out += [...low].length === 1 ? low : ch;
  }
  return out;
}

/** `dns.isFQDN` (pkg/fqdn/dns): ends with a dot that is not escaped by a backslash. */
function isFqdn(s: string): boolean {
  if (!s.endsWith('.')) return false;
  let backslashes = 0;
  for (let i = s.length - 2; i >= 0 && s[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/**
 * A DNS name as the proxy and the FQDN cache see it: lower-case and fully qualified
 * (`dns.FQDN`): `API.Example.com` -> `api.example.com.`; `""` -> `"."`.
 */
export function normalizeDnsName(name: string): string {
  const lower = goToLower(name);
  return isFqdn(lower) ? lower : `${lower}.`;
}

const GO_SPACE = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

function isGoSpace(c: number): boolean {
  return GO_SPACE.has(c) || (c >= 0x2000 && c <= 0x200a);
}

/** Go's `strings.TrimSpace` (Unicode White_Space, not U+FEFF). */
function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's `%q` (strconv.Quote) for the texts Cilium quotes in its errors. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c === 0x20 || (c > 0x20 && c < 0x7f)) out += ch;
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x80) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else if (PRINTABLE.test(ch)) out += ch;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

// ---------------------------------------------------------------- validation

function onlyChars(s: string, allowStar: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(isDnsChar(c) || c === 0x2e || (allowStar && c === 0x2a))) return false;
  }
  return true;
}

/**
 * The agent's check of a `matchName` (`allowedMatchNameChars = ^[-a-zA-Z0-9_.]+$`), or null.
 * A DNS rule (`PortRuleDNS.Sanitize`) words the error as if `_` were refused, although it is
 * accepted; a `toFQDNs` selector (`FQDNSelector.sanitize`) lists `_`. An empty name passes.
 */
export function validateMatchName(name: string, context: DnsSelectorContext): string | null {
  if (name.length === 0 || onlyChars(name, false)) return null;
  return context === 'dns-rule'
    ? `Invalid characters in MatchName: "${name}". Only 0-9, a-z, A-Z and . and - characters are allowed`
    : `Invalid characters in MatchName: "${name}". Only 0-9, a-z, A-Z and ., -, _ characters are allowed`;
}

/**
 * `matchpattern.Validate` (its `prevalidate` part; the regex it then builds always compiles):
 * the length of the trimmed pattern, then the characters. An empty pattern passes.
 */
export function validateMatchPattern(pattern: string): string | null {
  if (utf8Length(goTrimSpace(pattern)) > MAX_FQDN_LENGTH) {
    return `Invalid MatchPattern: ${goQuote(pattern)}. Must be <= ${MAX_FQDN_LENGTH} characters long.`;
  }
  if (pattern.length > 0 && !onlyChars(pattern, true)) {
    return `Invalid characters in MatchPattern: "${pattern}". Only 0-9, a-z, A-Z and ., -, _ and * characters are allowed`;
  }
  return null;
}

/**
 * Every agent-side error of one selector, in Cilium's order. For `toFQDNs` both fields set is
 * an error; a DNS rule with both allows either (the CRD's oneOf may refuse it earlier).
 */
export function validateDnsSelector(sel: DnsSelectorSpec, context: DnsSelectorContext): string[] {
  if (context === 'fqdn-selector' && nonEmpty(sel.matchName) && nonEmpty(sel.matchPattern)) {
    return ['only one of MatchName or MatchPattern is allowed in an FQDNSelector'];
  }
  const out: string[] = [];
  if (sel.matchName !== undefined) {
    const e = validateMatchName(sel.matchName, context);
    if (e) out.push(e);
  }
  if (sel.matchPattern !== undefined) {
    const e = validateMatchPattern(sel.matchPattern);
    if (e) out.push(e);
  }
  return out;
}

/**
 * The API server's schema check of `matchName`/`matchPattern` (CRD pattern and MaxLength),
 * as a message tail like the API server prints (`in body should match '...'`), or null.
 * Checked by hand: the CRD regex backtracks exponentially in a backtracking engine.
 */
export function checkFqdnCrdValue(value: string, field: 'matchName' | 'matchPattern'): string | null {
  if (utf8Length(value) > MAX_FQDN_LENGTH) return `Too long: may not be more than ${MAX_FQDN_LENGTH} bytes`;
  const star = field === 'matchPattern';
  // ^([-a-zA-Z0-9_(*)]+[.]?)+$: non-empty, starts with a label character, no two dots in a row
  let ok = value.length > 0 && value[0] !== '.' && onlyChars(value, star);
  if (ok && value.includes('..')) ok = false;
  if (ok) return null;
  return `in body should match '${star ? FQDN_MATCH_PATTERN_CRD_PATTERN : FQDN_MATCH_NAME_CRD_PATTERN}'`;
}

function nonEmpty(s: string | undefined): s is string {
  return s !== undefined && s.length > 0;
}

// ---------------------------------------------------------------- Cilium's regexes

/** `isDNSWildcard`: `*`, `**`, `*.`, `***.`: only stars, at most one trailing dot. */
function isDnsWildcard(pattern: string): boolean {
  let p = pattern;
  if (p.endsWith('.')) p = p.slice(0, -1);
  if (p.length === 0) return false;
  for (let i = 0; i < p.length; i++) if (p[i] !== '*') return false;
  return true;
}

/** `matchpattern.Sanitize`: wildcards stay, everything else becomes a lower-case FQDN. */
function sanitizePattern(pattern: string): string {
  return isDnsWildcard(pattern) ? pattern : normalizeDnsName(pattern);
}

/** `escapeRegexpCharacters` (leading `**.` group, `[.]`, star runs). */
function escapePattern(pattern: string): string {
  let out = '';
  let start = 0;
  let lead = 0;
  while (lead < pattern.length && pattern[lead] === '*') lead++;
  if (lead >= 2 && lead < pattern.length && pattern[lead] === '.') {
    out += DNS_LABELS_RE;
    start = lead + 1;
  }
  for (let i = start; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '.') out += '[.]';
    else if (c === '*') {
      while (pattern[i + 1] === '*') i++;
      out += `${DNS_CHARS_RE}*`;
    } else out += c;
  }
  return out;
}

function toAnchoredRegexp(pattern: string): string {
  const p = goToLower(goTrimSpace(pattern));
  return isDnsWildcard(p) ? MATCH_ALL_ANCHORED_GRAMMAR : `^${escapePattern(p)}$`;
}

function toUnanchoredRegexp(pattern: string): string {
  const p = goToLower(goTrimSpace(pattern));
  return isDnsWildcard(p) ? '.*' : escapePattern(p);
}

/**
 * The regex Cilium builds for one selector: `GeneratePattern` for a DNS rule
 * (`^(?:name|pattern)$`, or `(?:)` when it allows everything), `ToRegex` for `toFQDNs`.
 */
export function dnsSelectorToRegex(sel: DnsSelectorSpec, context: DnsSelectorContext = 'dns-rule'): string {
  if (context === 'fqdn-selector') {
    if (nonEmpty(sel.matchName)) return toAnchoredRegexp(normalizeDnsName(sel.matchName));
    return toAnchoredRegexp(sanitizePattern(sel.matchPattern ?? ''));
  }
  const parts: string[] = [];
  if (nonEmpty(sel.matchName)) parts.push(toUnanchoredRegexp(normalizeDnsName(sel.matchName)));
  if (nonEmpty(sel.matchPattern)) {
    const re = toUnanchoredRegexp(sanitizePattern(sel.matchPattern));
    if (re === '.*') return MATCH_ALL_PATTERN;
    parts.push(re);
  }
  return `^(?:${parts.join('|')})$`;
}

// ---------------------------------------------------------------- hand-written matcher

/** One label of a pattern: literal text, or literal pieces around `*` (each `*` = `[-a-zA-Z0-9_]*`). */
type LabelGlob =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'glob'; readonly pieces: readonly string[] };

/** A compiled pattern: an optional leading "one or more labels", then labels that must align one to one. */
interface CompiledPattern {
  readonly leadingLabels: boolean;
  readonly labels: readonly LabelGlob[];
}

function compileLabel(label: string): LabelGlob {
  if (!label.includes('*')) return { kind: 'literal', text: label };
  // split('*') on a collapsed label: stars sit between pieces; empty first/last pieces = leading/trailing star
  return { kind: 'glob', pieces: label.replace(/\*+/g, '*').split('*') };
}

/** Compiles a sanitized, lower-case, non-wildcard pattern (always ending with a dot). */
function compilePattern(pattern: string): CompiledPattern {
  let lead = 0;
  while (lead < pattern.length && pattern[lead] === '*') lead++;
  const leadingLabels = lead >= 2 && lead < pattern.length && pattern[lead] === '.';
  const rest = leadingLabels ? pattern.slice(lead + 1) : pattern;
  return { leadingLabels, labels: rest.split('.').map(compileLabel) };
}

/** name[from, to) matches the label glob. */
function labelMatches(glob: LabelGlob, name: string, from: number, to: number): boolean {
  if (glob.kind === 'literal') {
    return to - from === glob.text.length && name.startsWith(glob.text, from);
  }
  // A star only stands for DNS characters, and literal pieces are DNS characters too
  // (validated patterns), so a label holding anything else cannot match.
  for (let i = from; i < to; i++) if (!isDnsChar(name.charCodeAt(i))) return false;
  const pieces = glob.pieces;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (to - from < first.length + last.length) return false;
  if (!name.startsWith(first, from)) return false;
  if (!name.startsWith(last, to - last.length)) return false;
  let pos = from + first.length;
  const end = to - last.length;
  for (let k = 1; k < pieces.length - 1; k++) {
    const piece = pieces[k]!;
    if (piece.length === 0) continue;
    const at = name.indexOf(piece, pos);
    if (at < 0 || at + piece.length > end) return false;
    pos = at + piece.length;
  }
  return true;
}

/** name[from..] matches the labels joined by dots, one name label per pattern label. */
function labelsMatch(labels: readonly LabelGlob[], name: string, from: number): boolean {
  let pos = from;
  const lastIndex = labels.length - 1;
  for (let i = 0; i < lastIndex; i++) {
    const dot = name.indexOf('.', pos);
    if (dot < 0 || !labelMatches(labels[i]!, name, pos, dot)) return false;
    pos = dot + 1;
  }
  if (name.indexOf('.', pos) >= 0) return false;
  return labelMatches(labels[lastIndex]!, name, pos, name.length);
}

function patternMatches(p: CompiledPattern, name: string): boolean {
  if (!p.leadingLabels) return labelsMatch(p.labels, name, 0);
  // name = L1. L2. ... Lj. S, j >= 1, each Li a non-empty run of DNS characters, and S has
  // exactly as many dots as the rest of the pattern: S starts after dot number (dots - k).
  const k = p.labels.length - 1;
  let dots = 0;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) === 0x2e) dots++;
  const prefixLabels = dots - k;
  if (prefixLabels < 1) return false;
  let pos = 0;
  for (let j = 0; j < prefixLabels; j++) {
    const dot = name.indexOf('.', pos);
    if (dot <= pos) return false; // empty label (dot < 0 cannot happen: enough dots counted)
    for (let i = pos; i < dot; i++) if (!isDnsChar(name.charCodeAt(i))) return false;
    pos = dot + 1;
  }
  return labelsMatch(p.labels, name, pos);
}

/** The anchored match-all grammar: `.` or one or more non-empty labels of DNS characters, each followed by a dot. */
function wellFormedName(name: string): boolean {
  if (name === '.') return true;
  if (name.length === 0 || !name.endsWith('.')) return false;
  let labelLength = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      if (labelLength === 0) return false;
      labelLength = 0;
    } else if (isDnsChar(c)) labelLength++;
    else return false;
  }
  return true;
}

/** A compiled `matchName`/`matchPattern` selector. */
export interface DnsNameMatcher {
  readonly selector: Readonly<DnsSelectorSpec>;
  readonly context: DnsSelectorContext;
  /** `matchName: x`, `matchPattern: *.x`, as written */
  readonly text: string;
  /** the regex Cilium builds for the selector (see dnsSelectorToRegex) */
  readonly regex: string;
  /** the selector allows every name (a DNS rule) or every well-formed name (toFQDNs) */
  readonly matchesAll: boolean;
  /** why the selector can match nothing: it is invalid, or Cilium cannot build its regex */
  readonly error?: string | undefined;
  /** whether `name` (any case, trailing dot optional) is selected */
  matches(name: string): boolean;
  /** the same for a name already normalized by normalizeDnsName (many rules, one name) */
  matchesNormalized(name: string): boolean;
  /** set when the selector selects exactly this one normalized name (lets rule sets index it) */
  readonly exactName?: string | undefined;
}

export interface CompileDnsSelectorOptions {
  /**
   * `dns-rule` (default): a `rules.dns` entry, as the DNS proxy matches queries.
   * `fqdn-selector`: a `toFQDNs` entry, as the name manager matches names of the DNS cache.
   */
  readonly context?: DnsSelectorContext;
}

type NameTest = (normalized: string) => boolean;

const NEVER: NameTest = () => false;

function selectorText(sel: DnsSelectorSpec): string {
  const parts: string[] = [];
  if (sel.matchName !== undefined) parts.push(`matchName: ${sel.matchName}`);
  if (sel.matchPattern !== undefined) parts.push(`matchPattern: ${sel.matchPattern}`);
  return parts.length > 0 ? parts.join(', ') : '(empty selector)';
}

/**
 * Compiles a selector into a matcher equivalent to Cilium's regex. An invalid selector
 * (one the agent would refuse) compiles to a matcher that selects nothing and says why.
 */
export function compileDnsSelector(sel: DnsSelectorSpec, options: CompileDnsSelectorOptions = {}): DnsNameMatcher {
  const context = options.context ?? 'dns-rule';
  const selector = { ...(sel.matchName !== undefined ? { matchName: sel.matchName } : {}), ...(sel.matchPattern !== undefined ? { matchPattern: sel.matchPattern } : {}) };
  const text = selectorText(sel);
  const regex = dnsSelectorToRegex(sel, context);
  const make = (test: NameTest, matchesAll: boolean, error?: string, exactName?: string): DnsNameMatcher => ({
    selector,
    context,
    text,
    regex,
    matchesAll,
    error,
    exactName: error === undefined ? exactName : undefined,
    matches: error !== undefined ? () => false : (name: string) => test(normalizeDnsName(name)),
    matchesNormalized: error !== undefined ? () => false : test,
  });

  const problems = validateDnsSelector(sel, context);
  if (problems.length > 0) return make(NEVER, false, problems.join('; '));

  if (context === 'fqdn-selector') {
    // ToRegex: matchName wins when set; otherwise the pattern ("" sanitizes to ".", the root).
    if (nonEmpty(sel.matchName)) {
      const exact = normalizeDnsName(sel.matchName);
      const tooLong = validateMatchPattern(exact);
      if (tooLong) return make(NEVER, false, tooLong);
      return make((n) => n === exact, false, undefined, exact);
    }
    const sanitized = sanitizePattern(sel.matchPattern ?? '');
    const tooLong = validateMatchPattern(sanitized);
    if (tooLong) return make(NEVER, false, tooLong);
    const p = goToLower(goTrimSpace(sanitized));
    if (isDnsWildcard(p)) return make(wellFormedName, true);
    const compiled = compilePattern(p);
    return make((n) => patternMatches(compiled, n), false);
  }

  // DNS proxy: both fields may be set and are ORed; none set allows nothing.
  const tests: NameTest[] = [];
  if (nonEmpty(sel.matchName)) {
    const exact = goToLower(goTrimSpace(normalizeDnsName(sel.matchName)));
    tests.push((n) => n === exact);
  }
  if (nonEmpty(sel.matchPattern)) {
    const p = goToLower(goTrimSpace(sanitizePattern(sel.matchPattern)));
    if (isDnsWildcard(p)) return make(() => true, true);
    const compiled = compilePattern(p);
    tests.push((n) => patternMatches(compiled, n));
  }
  if (tests.length === 0) return make(NEVER, false);
  if (tests.length === 1) return make(tests[0]!, false, undefined, nonEmpty(sel.matchPattern) ? undefined : goToLower(goTrimSpace(normalizeDnsName(sel.matchName!))));
  return make((n) => tests.some((t) => t(n)), false);
}

/** The key of a name in DNS answer maps and FQDN caches: lower case, no trailing dot. */
export function dnsCacheKey(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** DNS answers as written (`name: [addresses]`, or one address), keyed by dnsCacheKey. */
export function dnsAnswersFrom(value: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [name, ips] of Object.entries(value)) out.set(dnsCacheKey(name), Array.isArray(ips) ? ips.map(String) : [String(ips)]);
  return out;
}
