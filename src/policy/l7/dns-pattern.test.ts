import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  checkFqdnCrdValue,
  compileDnsSelector,
  dnsSelectorToRegex,
  normalizeDnsName,
  validateDnsSelector,
  validateMatchName,
  validateMatchPattern,
  type DnsSelectorContext,
  type DnsSelectorSpec,
} from './dns-pattern.js';
import { compileRe2 } from './re2.js';
import { uniform } from '../../../tools/prng.js';

interface Row {
  readonly name: string;
  readonly sel: DnsSelectorSpec;
  readonly query: string;
  readonly want: boolean;
  readonly context?: DnsSelectorContext;
}

const P = (matchPattern: string): DnsSelectorSpec => ({ matchPattern });
const N = (matchName: string): DnsSelectorSpec => ({ matchName });

/** features/43-dns-matchpattern-wildcards.yaml: DNS rule verdicts computed with Cilium. */
const FEATURE_43_NAMES = ['cilium.io', 'sub.cilium.io', 'a.b.cilium.io', 'subcilium.io', 'Sub.Cilium.IO', 'partial.com', 'part-extra-ial.com', 'example.com'];
const FEATURE_43: { sel: DnsSelectorSpec; allowed: string; rule: string }[] = [
  { sel: P('*.cilium.io'), allowed: '-A--A---', rule: '"*." is exactly one label (possibly empty) in front' },
  { sel: P('**.cilium.io'), allowed: '-AA-A---', rule: 'leading "**." is one or more labels, never the apex' },
  { sel: P('*cilium.io'), allowed: 'A--A----', rule: '"*" glued to a label stays inside that label' },
  { sel: P('part*ial.com'), allowed: '-----AA-', rule: '"*" in the middle matches zero or more characters' },
  { sel: P('*'), allowed: 'AAAAAAAA', rule: 'a lone "*" allows every query' },
  { sel: N('cilium.io'), allowed: 'A-------', rule: 'matchName is exact' },
  { sel: N('cilium.io.'), allowed: 'A-------', rule: 'matchName with a trailing dot is the same name' },
];

/** features/44-tofqdns-patterns.yaml: toFQDNs verdicts computed with Cilium. */
const FEATURE_44_NAMES = ['cilium.io', 'sub.cilium.io', 'a.b.cilium.io', 'subcilium.io', 'example.com'];
const FEATURE_44: { sel: DnsSelectorSpec; allowed: string }[] = [
  { sel: P('*.cilium.io'), allowed: '-A---' },
  { sel: P('**.cilium.io'), allowed: '-AA--' },
  { sel: P('*cilium.io'), allowed: 'A--A-' },
  { sel: P('*'), allowed: 'AAAAA' },
  { sel: N('cilium.io'), allowed: 'A----' },
];

const ROWS: Row[] = [
  ...FEATURE_43.flatMap(({ sel, allowed, rule }) =>
    FEATURE_43_NAMES.map((query, i) => ({
      name: `features/43 ${JSON.stringify(sel)} ${allowed[i] === 'A' ? 'allows' : 'refuses'} ${query}: ${rule}`,
      sel,
      query,
      want: allowed[i] === 'A',
    }))),
  ...FEATURE_44.flatMap(({ sel, allowed }) =>
    FEATURE_44_NAMES.map((query, i) => ({
      name: `features/44 toFQDNs ${JSON.stringify(sel)} ${allowed[i] === 'A' ? 'selects' : 'does not select'} ${query}`,
      sel,
      query,
      want: allowed[i] === 'A',
      context: 'fqdn-selector' as const,
    }))),
  // basics/08-dns-fqdn.yaml
  { name: 'basics/08 matchName is case-insensitive and the trailing dot is optional', sel: N('api.example.com'), query: 'API.Example.COM.', want: true },
  { name: 'basics/08 matchName does not select subdomains', sel: N('api.example.com'), query: 'sub.api.example.com', want: false },
  { name: 'basics/08 "*.cdn.example.org" selects one label below', sel: P('*.cdn.example.org'), query: 'a.cdn.example.org', want: true },
  { name: 'basics/08 "*.cdn.example.org": the star never crosses a dot', sel: P('*.cdn.example.org'), query: 'a.b.cdn.example.org', want: false },
  { name: 'basics/08 "*.cdn.example.org" does not select the apex', sel: P('*.cdn.example.org'), query: 'cdn.example.org', want: false },
  { name: 'basics/08 a star may stand for a whole middle label', sel: P('s3.*.amazonaws.com'), query: 's3.us-east-1.amazonaws.com', want: true },
  // cilium-semantics.md 6.3 and matchpattern_test.go
  { name: '6.3 "*.cilium.io" selects anysub.cilium.io.', sel: P('*.cilium.io'), query: 'anysub.cilium.io.', want: true },
  { name: '6.3 "*.cilium.io" does not select anysub.ciliumandmore.io.', sel: P('*.cilium.io'), query: 'anysub.ciliumandmore.io.', want: false },
  { name: '6.3 "*.cilium.io" selects ".cilium.io." (the star may be empty)', sel: P('*.cilium.io'), query: '.cilium.io.', want: true },
  { name: '6.3 "*pattern.com" selects the bare name', sel: P('*pattern.com'), query: 'pattern.com.', want: true },
  { name: '6.3 "*pattern.com" selects testpattern.com.', sel: P('*pattern.com'), query: 'testpattern.com.', want: true },
  { name: '6.3 "*pattern.com" does not select test.ppattern.com.', sel: P('*pattern.com'), query: 'test.ppattern.com.', want: false },
  { name: '6.3 "**.cilium.io" selects test.app.cilium.io.', sel: P('**.cilium.io'), query: 'test.app.cilium.io.', want: true },
  { name: '6.3 "*.ci*.io." selects anysub.ci.io. (star matches zero characters)', sel: P('*.ci*.io.'), query: 'anysub.ci.io.', want: true },
  { name: '6.3 "*.ci*.io." selects anysub.ciliumandmore.io.', sel: P('*.ci*.io.'), query: 'anysub.ciliumandmore.io.', want: true },
  { name: '6.3 "*.ci*.io." does not select cilium.io.', sel: P('*.ci*.io.'), query: 'cilium.io.', want: false },
  { name: '6.3 "*.*.*middle.*" selects a.b.cmiddle.io.', sel: P('*.*.*middle.*'), query: 'a.b.cmiddle.io.', want: true },
  { name: '6.3 "*.*.*middle.*" needs four labels', sel: P('*.*.*middle.*'), query: 'b.cmiddle.io.', want: false },
  { name: '6.3 SRV-style names with underscores are plain names', sel: N('_foobar._tcp.cilium.io.'), query: '_foobar._tcp.cilium.io.', want: true },
  { name: 'matchpattern_test "_foobar._tcp.cilium.io." is exact', sel: P('_foobar._tcp.cilium.io.'), query: '_tcp.cilium.io.', want: false },
  { name: 'matchpattern_test "*.*.cilium.io." stars match underscore labels', sel: P('*.*.cilium.io.'), query: '_foobar._tcp.cilium.io.', want: true },
  { name: 'matchpattern_test "." selects only the root', sel: P('.'), query: '.', want: true },
  { name: 'matchpattern_test "." does not select io.', sel: P('.'), query: 'io.', want: false },
  { name: 'matchpattern_test "**.cilium.io." selects many labels', sel: P('**.cilium.io.'), query: 'sub11.sub22.sub33._foobar._tcp.cilium.io.', want: true },
  { name: 'matchpattern_test "**.cilium.io." does not select cilium.trio', sel: P('**.cilium.io.'), query: '1._foobar_tcp.cilium.trio.', want: false },
  { name: 'matchpattern_test "**.ci*.io." selects a deep name', sel: P('**.ci*.io.'), query: 'service.namesace.svc.ciuster.io.', want: true },
  { name: 'matchpattern_test "**.ci*.io." refuses an empty label in the "**" part', sel: P('**.ci*.io.'), query: 'service.namesace.svc..ciblaster.io.', want: false },
  { name: 'matchpattern_test "**.*.io." refuses "io." (needs two labels in front)', sel: P('**.*.io.'), query: 'io.', want: false },
  { name: 'matchpattern_test "**.*.io." refuses a leading empty label', sel: P('**.*.io.'), query: '..cilium.io.', want: false },
  { name: 'matchpattern_test "**.*.io." selects anysub.cilium.io.', sel: P('**.*.io.'), query: 'anysub.cilium.io.', want: true },
  // current matchpattern.go: only a *leading* "**." spans labels
  { name: '"**" after the first label is a single "*" (one label)', sel: P('1.**.cilium.io'), query: '1.x.cilium.io', want: true },
  { name: '"**" after the first label does not span several labels', sel: P('1.**.cilium.io'), query: '1.2._foobar._tcp.cilium.io', want: false },
  { name: '"*.**.cilium.io": the second "**" is one label', sel: P('*.**.cilium.io.'), query: '_foobar._tcp.cilium.io.', want: true },
  { name: '"*.**.cilium.io": three labels in front are too many', sel: P('*.**.cilium.io.'), query: '2._foobar._tcp.cilium.io.', want: false },
  { name: '"***." counts as a leading "**."', sel: P('***.cilium.io'), query: 'a.b.cilium.io', want: true },
  { name: '"**foo" without a dot after the stars is a plain star', sel: P('**foo.io'), query: 'a.foo.io', want: false },
  { name: '"**foo" matches within one label', sel: P('**foo.io'), query: 'barfoo.io', want: true },
  // wildcard-only patterns
  { name: 'DNS rule "**" allows any query, even a malformed one', sel: P('**'), query: 'a..b', want: true },
  { name: 'DNS rule "*." allows any query (star plus one dot is a wildcard)', sel: P('*.'), query: 'bad name!', want: true },
  { name: 'toFQDNs "*" selects only well-formed names: no empty label', sel: P('*'), query: 'a..b', want: false, context: 'fqdn-selector' },
  { name: 'toFQDNs "**." selects only well-formed names: no odd characters', sel: P('**.'), query: 'bad name!', want: false, context: 'fqdn-selector' },
  { name: 'toFQDNs "*" selects the root', sel: P('*'), query: '.', want: true, context: 'fqdn-selector' },
  { name: 'toFQDNs "*" refuses ".io." (empty first label)', sel: P('*'), query: '.io.', want: false, context: 'fqdn-selector' },
  // star details
  { name: 'a star is zero or more DNS characters: zero', sel: P('a*b.com'), query: 'ab.com', want: true },
  { name: 'a star covers "-" and "_"', sel: P('a*b.com'), query: 'a-_b.com', want: true },
  { name: 'a star never covers a dot', sel: P('a*b.com'), query: 'a.b.com', want: false },
  { name: 'a star never covers a non-DNS character', sel: P('a*b.com'), query: 'a!b.com', want: false },
  { name: 'patterns are case-insensitive', sel: P('*.CILIUM.io'), query: 'sub.cilium.IO', want: true },
  { name: 'matchName is lower-cased too', sel: N('CILIUM.IO'), query: 'cilium.io', want: true },
  // selector shapes
  { name: 'a DNS rule with both fields allows either (name)', sel: { matchName: 'a.com', matchPattern: '*.b.com' }, query: 'a.com', want: true },
  { name: 'a DNS rule with both fields allows either (pattern)', sel: { matchName: 'a.com', matchPattern: '*.b.com' }, query: 'x.b.com', want: true },
  { name: 'an empty DNS rule allows nothing', sel: {}, query: 'a.com', want: false },
  { name: 'an empty toFQDNs pattern selects only the root (Sanitize("") is ".")', sel: P(''), query: '.', want: true, context: 'fqdn-selector' },
  { name: 'toFQDNs with both fields is invalid and selects nothing', sel: { matchName: 'a.com', matchPattern: '*' }, query: 'a.com', want: false, context: 'fqdn-selector' },
  { name: 'an invalid pattern selects nothing (never a regex)', sel: P('a+.com'), query: 'aa.com', want: false },
];

describe('DNS name matching table', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const m = compileDnsSelector(row.sel, { context: row.context ?? 'dns-rule' });
      assert.equal(m.matches(row.query), row.want, `regex ${m.regex}`);
    });
  }
});


function randomString(next: () => number, alphabet: string, maxLength: number): string {
  const length = Math.floor(next() * (maxLength + 1));
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

/** Cilium's decision: its regex, run by RE2 against the normalised name. */
function ciliumDecision(sel: DnsSelectorSpec, context: DnsSelectorContext, query: string): boolean {
  const regex = dnsSelectorToRegex(sel, context);
  if (regex === '(?:)') return true; // MatchAllAnchoredPattern with an unanchored MatchString
  const r = compileRe2(regex);
  assert.ok(r.ok, regex);
  return r.matcher.fullMatch(normalizeDnsName(query));
}

describe('hand-written matcher equals Cilium regexes', () => {
  for (const context of ['dns-rule', 'fqdn-selector'] as const) {
    it(`agrees with the RE2 regex on 40000 generated pattern/name pairs (${context})`, () => {
      const next = uniform(context === 'dns-rule' ? 7 : 11);
      for (let i = 0; i < 2000; i++) {
        const sel = next() < 0.15 ? N(randomString(next, 'ab_-.A', 6)) : P(randomString(next, 'ab*.-_A', 7));
        if (validateDnsSelector(sel, context).length > 0) continue;
        const m = compileDnsSelector(sel, { context });
        for (let j = 0; j < 20; j++) {
          const query = randomString(next, 'ab.._-A!', 9);
          assert.equal(m.matches(query), ciliumDecision(sel, context, query), `${JSON.stringify(sel)} vs ${JSON.stringify(query)} (${m.regex})`);
        }
      }
    });
  }
  it('builds the regexes of matchpattern_test.go', () => {
    assert.equal(dnsSelectorToRegex(P('cilium.io.'), 'fqdn-selector'), '^cilium[.]io[.]$');
    assert.equal(dnsSelectorToRegex(P('*.cilium.io.'), 'fqdn-selector'), '^[-a-zA-Z0-9_]*[.]cilium[.]io[.]$');
    assert.equal(dnsSelectorToRegex(P('*'), 'fqdn-selector'), '(^([-a-zA-Z0-9_]+[.])+$)|(^[.]$)');
    assert.equal(dnsSelectorToRegex(P('.'), 'fqdn-selector'), '^[.]$');
    assert.equal(dnsSelectorToRegex(P('**.cilium.io'), 'fqdn-selector'), '^([-a-zA-Z0-9_]+([.][-a-zA-Z0-9_]+){0,})[.]cilium[.]io[.]$');
    assert.equal(dnsSelectorToRegex(P('*'), 'dns-rule'), '(?:)');
    assert.equal(dnsSelectorToRegex({ matchName: 'A.io', matchPattern: '*.b.io' }, 'dns-rule'), '^(?:a[.]io[.]|[-a-zA-Z0-9_]*[.]b[.]io[.])$');
  });
  it('runs fast on long names (no backtracking)', () => {
    const m = compileDnsSelector(P('**.*a*a*a*a*a*.com'));
    assert.equal(m.matches(`${'a'.repeat(200)}.${'b'.repeat(50)}.com`), false);
    assert.equal(m.matches(`${'a'.repeat(200)}.b${'a'.repeat(50)}b.com`), true);
  });
});

describe('validation texts', () => {
  it('matchPattern with a space: Cilium\'s invalid-characters text', () => {
    assert.equal(validateMatchPattern('a b'), 'Invalid characters in MatchPattern: "a b". Only 0-9, a-z, A-Z and ., -, _ and * characters are allowed');
  });
  it('matchPattern longer than 255 bytes: length text with Go %q quoting', () => {
    const p = `${'a'.repeat(255)}"`;
    assert.equal(validateMatchPattern(p), `Invalid MatchPattern: "${'a'.repeat(255)}\\"". Must be <= 255 characters long.`);
  });
  it('matchPattern of exactly 255 characters is accepted', () => assert.equal(validateMatchPattern('a'.repeat(255)), null));
  it('the length limit counts the trimmed pattern', () => assert.match(validateMatchPattern(` ${'a'.repeat(255)} `) ?? '', /^Invalid characters/));
  it('an empty matchPattern passes the agent', () => assert.equal(validateMatchPattern(''), null));
  it('matchPattern may hold "_" and "*"', () => assert.equal(validateMatchPattern('*._tcp.*'), null));
  it('DNS rule matchName: the text omits "_" although "_" is accepted', () => {
    assert.equal(validateMatchName('bad name!', 'dns-rule'), 'Invalid characters in MatchName: "bad name!". Only 0-9, a-z, A-Z and . and - characters are allowed');
    assert.equal(validateMatchName('_foobar._tcp.cilium.io', 'dns-rule'), null);
  });
  it('toFQDNs matchName: the text lists "_"', () => {
    assert.equal(validateMatchName('bad name!', 'fqdn-selector'), 'Invalid characters in MatchName: "bad name!". Only 0-9, a-z, A-Z and ., -, _ characters are allowed');
  });
  it('matchName may not hold "*"', () => assert.notEqual(validateMatchName('*.io', 'fqdn-selector'), null));
  it('toFQDNs selector with both fields: only one allowed', () => {
    assert.deepEqual(validateDnsSelector({ matchName: 'a', matchPattern: 'b' }, 'fqdn-selector'), ['only one of MatchName or MatchPattern is allowed in an FQDNSelector']);
    assert.deepEqual(validateDnsSelector({ matchName: 'a', matchPattern: 'b' }, 'dns-rule'), []);
  });
  it('an invalid selector compiles to a matcher that says why', () => {
    const m = compileDnsSelector(P('a b'));
    assert.match(m.error ?? '', /Invalid characters in MatchPattern/);
    assert.equal(m.matches('a b'), false);
  });
  it('CRD pattern check: "bad name!" fails the schema', () => {
    assert.equal(checkFqdnCrdValue('bad name!', 'matchName'), "in body should match '^([-a-zA-Z0-9_]+[.]?)+$'");
  });
  it('CRD pattern check: no empty label, no leading dot, "*" only in patterns', () => {
    assert.notEqual(checkFqdnCrdValue('a..b', 'matchName'), null);
    assert.notEqual(checkFqdnCrdValue('.a', 'matchName'), null);
    assert.notEqual(checkFqdnCrdValue('*.a', 'matchName'), null);
    assert.equal(checkFqdnCrdValue('*.a.', 'matchPattern'), null);
    assert.equal(checkFqdnCrdValue('_sip._tcp.example.com.', 'matchName'), null);
  });
  it('CRD pattern check is linear on input that makes the CRD regex backtrack', () => {
    assert.notEqual(checkFqdnCrdValue(`${'a'.repeat(200)}!`, 'matchName'), null);
  });
});

describe('normalizeDnsName', () => {
  it('lower-cases and adds the trailing dot', () => assert.equal(normalizeDnsName('API.Example.COM'), 'api.example.com.'));
  it('keeps an existing trailing dot', () => assert.equal(normalizeDnsName('a.b.'), 'a.b.'));
  it('the empty name is the root', () => assert.equal(normalizeDnsName(''), '.'));
  it('an escaped final dot is not a trailing dot', () => assert.equal(normalizeDnsName('a\\.'), 'a\\..'));
  it('lower-cases like Go (one code point per code point)', () => assert.equal(normalizeDnsName('\u0130O'), 'io.'));
});
