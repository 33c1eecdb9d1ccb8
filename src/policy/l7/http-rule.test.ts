import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { normalizeHttpPath } from './http-path.js';
import {
  applyHttpHeaderActions,
  compileHttpRule,
  describeHttpRule,
  matchHttpRule,
  validateHttpRule,
  type HttpRequest,
  type HttpRuleSpec,
} from './http-rule.js';

interface Row {
  readonly name: string;
  readonly rule: HttpRuleSpec;
  readonly req: Partial<HttpRequest>;
  readonly want: boolean;
  readonly options?: { normalizePath?: boolean };
}

const req = (r: Partial<HttpRequest>): HttpRequest => ({ method: 'GET', path: '/', ...r });

const ROWS: Row[] = [
  // anchoring: RE2 full match (features/45, basics/07)
  { name: 'path regex matches the whole path', rule: { path: '/public' }, req: { path: '/public' }, want: true },
  { name: 'path regex is not a prefix match', rule: { path: '/public' }, req: { path: '/public/x' }, want: false },
  { name: 'path regex is not a prefix match within a segment', rule: { path: '/public' }, req: { path: '/publicity' }, want: false },
  { name: 'the query string is part of :path', rule: { path: '/public' }, req: { path: '/public?x=1' }, want: false },
  { name: '".*" also matches the query string', rule: { path: '/public/.*' }, req: { path: '/public/x?q=1' }, want: true },
  { name: '"/public/.*" needs the slash', rule: { path: '/public/.*' }, req: { path: '/public' }, want: false },
  { name: '"/api/v1/.*" matches an empty tail', rule: { path: '/api/v1/.*' }, req: { path: '/api/v1/' }, want: true },
  { name: '"/api/v1/.*" refuses /api/v1', rule: { path: '/api/v1/.*' }, req: { path: '/api/v1' }, want: false },
  { name: '"/api/v1/.*" refuses another version', rule: { path: '/api/v1/.*' }, req: { path: '/api/v2/users' }, want: false },
  { name: 'method alternation allows each branch', rule: { method: 'GET|HEAD' }, req: { method: 'HEAD' }, want: true },
  { name: 'method alternation is anchored as a whole', rule: { method: 'GET|HEAD' }, req: { method: 'GETX' }, want: false },
  { name: 'method is case-sensitive', rule: { method: 'GET' }, req: { method: 'get' }, want: false },
  { name: 'method POST|PUT allows PUT', rule: { method: 'POST|PUT' }, req: { method: 'PUT' }, want: true },
  { name: 'host with escaped dots matches the host', rule: { host: 'api\\.example\\.com' }, req: { host: 'api.example.com' }, want: true },
  { name: 'host with escaped dots refuses another character', rule: { host: 'api\\.example\\.com' }, req: { host: 'apiXexample.com' }, want: false },
  { name: 'host with unescaped dots also matches any character', rule: { host: 'api.example.com' }, req: { host: 'apiXexample.com' }, want: true },
  { name: 'host is matched with its port', rule: { host: 'api\\.example\\.com' }, req: { host: 'api.example.com:83' }, want: false },
  { name: 'host is case-sensitive', rule: { host: 'api\\.example\\.com' }, req: { host: 'API.EXAMPLE.COM' }, want: false },
  { name: 'a host rule refuses a request without Host', rule: { host: 'api\\.example\\.com' }, req: {}, want: false },
  { name: 'the Host header stands for :authority', rule: { host: 'app2' }, req: { headers: { Host: 'app2' } }, want: true },
  { name: 'character classes work in paths', rule: { path: '/v1/items/[0-9]+' }, req: { path: '/v1/items/42' }, want: true },
  { name: 'an escaped "?" matches the query separator', rule: { path: '/search\\?q=.*' }, req: { path: '/search?q=abc' }, want: true },
  { name: 'an escaped dot is a literal dot', rule: { path: '/files/.*\\.txt' }, req: { path: '/files/axtxt' }, want: false },
  { name: 'an unescaped dot is any character', rule: { path: '/files/.*.txt' }, req: { path: '/files/axtxt' }, want: true },
  // Envoy path normalisation (basics/15, features/45)
  { name: 'dot segments are removed before matching', rule: { path: '/public' }, req: { path: '/a/../public' }, want: true },
  { name: 'double slashes are merged before matching', rule: { path: '/public' }, req: { path: '//public' }, want: true },
  { name: 'escaped unreserved characters are decoded', rule: { path: '/public' }, req: { path: '/%70ublic' }, want: true },
  { name: 'escaped dot segments count as dot segments', rule: { path: '/public' }, req: { path: '/x/%2e%2E/public' }, want: true },
  { name: 'a trailing "/." leaves the trailing slash', rule: { path: '/public' }, req: { path: '/public/.' }, want: false },
  { name: 'escaped slashes: the redirect target is matched', rule: { path: '/public' }, req: { path: '/x%2F..%2Fpublic' }, want: true },
  { name: 'escaped reserved characters stay escaped', rule: { path: '/a\\*' }, req: { path: '/a%2a' }, want: false },
  { name: 'escaped reserved characters match as written', rule: { path: '/a%2a' }, req: { path: '/a%2a' }, want: true },
  { name: 'the query string is not normalised', rule: { path: '/p\\?a=/\\.\\./x' }, req: { path: '/p?a=/../x' }, want: true },
  { name: 'a fragment makes Envoy refuse the request, even for {}', rule: {}, req: { path: '/public#top' }, want: false },
  { name: 'with --http-normalize-path=false the raw path is matched', rule: { path: '/public' }, req: { path: '/a/../public' }, want: false, options: { normalizePath: false } },
  // headers
  { name: '"Name: value" is an exact value match', rule: { headers: ['X-Token: abc'] }, req: { headers: { 'X-Token': 'abc' } }, want: true },
  { name: '"Name: value" refuses another value', rule: { headers: ['X-Token: abc'] }, req: { headers: { 'X-Token': 'xyz' } }, want: false },
  { name: '"Name: value" refuses a missing header', rule: { headers: ['X-Token: abc'] }, req: {}, want: false },
  { name: 'header names are case-insensitive', rule: { headers: ['X-Token: abc'] }, req: { headers: { 'x-token': 'abc' } }, want: true },
  { name: '"Name value" (no colon) is an exact value match too', rule: { headers: ['X-Token abc'] }, req: { headers: { 'X-Token': 'abc' } }, want: true },
  { name: '"Name:value" (no space) never matches', rule: { headers: ['X-Token:abc'] }, req: { headers: { 'X-Token': 'abc' } }, want: false },
  { name: '"Name:" (no space) never matches either', rule: { headers: ['X-Token:'] }, req: { headers: { 'X-Token': 'abc' } }, want: false },
  { name: '"Name" alone is a presence match', rule: { headers: ['X-Debug'] }, req: { headers: { 'X-Debug': '1' } }, want: true },
  { name: 'presence refuses a missing header', rule: { headers: ['X-Debug'] }, req: {}, want: false },
  { name: 'presence accepts an empty value', rule: { headers: ['X-Debug'] }, req: { headers: { 'X-Debug': '' } }, want: true },
  { name: 'values are not prefixes', rule: { headers: ['X-Token: abc'] }, req: { headers: { 'X-Token': 'abcd' } }, want: false },
  { name: 'values are not regexes', rule: { headers: ['X-Token: a.c'] }, req: { headers: { 'X-Token': 'abc' } }, want: false },
  { name: 'repeated headers are joined with ","', rule: { headers: ['X-Multi: a,b'] }, req: { headers: { 'X-Multi': ['a', 'b'] } }, want: true },
  { name: 'the value keeps everything after the first space', rule: { headers: ['X-Token:  abc'] }, req: { headers: { 'X-Token': 'abc' } }, want: false },
  { name: 'a Host entry in headers is matched against :authority', rule: { headers: ['Host: app2'] }, req: { host: 'app2' }, want: true },
  // headerMatches
  { name: 'headerMatches value without mismatch is exact', rule: { headerMatches: [{ name: 'X-Env', value: 'prod' }] }, req: { headers: { 'X-Env': 'prod' } }, want: true },
  { name: 'headerMatches value without mismatch refuses another value', rule: { headerMatches: [{ name: 'X-Env', value: 'prod' }] }, req: { headers: { 'X-Env': 'dev' } }, want: false },
  { name: 'headerMatches value without mismatch refuses a missing header', rule: { headerMatches: [{ name: 'X-Env', value: 'prod' }] }, req: {}, want: false },
  { name: 'headerMatches without value is a presence match', rule: { headerMatches: [{ name: 'X-Env' }] }, req: { headers: { 'x-env': 'anything' } }, want: true },
  { name: 'mismatch LOG never fails the rule', rule: { headerMatches: [{ name: 'X-Env', value: 'prod', mismatch: 'LOG' }] }, req: { headers: { 'X-Env': 'dev' } }, want: true },
  { name: 'mismatch ADD never fails the rule', rule: { headerMatches: [{ name: 'X-Env', value: 'prod', mismatch: 'ADD' }] }, req: {}, want: true },
  { name: 'mismatch DELETE never fails the rule', rule: { headerMatches: [{ name: 'X-Env', value: 'prod', mismatch: 'DELETE' }] }, req: { headers: { 'X-Env': 'dev' } }, want: true },
  { name: 'mismatch REPLACE never fails the rule', rule: { headerMatches: [{ name: 'X-Env', value: 'prod', mismatch: 'REPLACE' }] }, req: {}, want: true },
  { name: 'a Secret Membrane cannot read never matches', rule: { headerMatches: [{ name: 'X-Token', secret: { namespace: 'ns', name: 'tok' } }] }, req: { headers: { 'X-Token': 'abc' } }, want: false },
  { name: 'a Secret with an inline value falls back to the value', rule: { headerMatches: [{ name: 'X-Token', value: 'abc', secret: { name: 'tok' } }] }, req: { headers: { 'X-Token': 'abc' } }, want: true },
  // conjunction
  { name: 'every field must match: all match', rule: { method: 'GET', path: '/auth', host: 'app2', headers: ['X-Token: abc'] }, req: { path: '/auth', host: 'app2', headers: { 'X-Token': 'abc' } }, want: true },
  { name: 'every field must match: one field differs', rule: { method: 'GET', path: '/auth', host: 'app2', headers: ['X-Token: abc'] }, req: { path: '/auth', host: 'app3', headers: { 'X-Token': 'abc' } }, want: false },
  { name: 'an empty rule matches every request', rule: {}, req: { method: 'DELETE', path: '/anything' }, want: true },
  { name: 'empty strings are unset fields', rule: { method: '', path: '', host: '' }, req: { method: 'PATCH', path: '/x' }, want: true },
];

describe('HTTP rule matching table', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const r = matchHttpRule(compileHttpRule(row.rule), req(row.req), row.options ?? {});
      assert.equal(r.matched, row.want, JSON.stringify(r.mismatches));
    });
  }
});

describe('mismatch explanations', () => {
  it('names the value and the regex', () => {
    const r = matchHttpRule(compileHttpRule({ path: '/auth' }), req({ path: '/products' }));
    assert.deepEqual(r.mismatches, [{ field: 'path', detail: 'path "/products" does not match regex "/auth"' }]);
  });
  it('lists every failing field', () => {
    const r = matchHttpRule(compileHttpRule({ method: 'GET', path: '/auth', headers: ['X-Token: abc'] }), req({ method: 'POST', path: '/x', headers: { 'X-Token': 'xyz' } }));
    assert.deepEqual(r.mismatches.map((m) => m.field), ['method', 'path', 'header']);
    assert.equal(r.mismatches[2]!.detail, 'header "X-Token" is "xyz", expected "abc"');
  });
  it('shows the normalised path', () => {
    const r = matchHttpRule(compileHttpRule({ path: '/auth' }), req({ path: '/a/../b' }));
    assert.equal(r.mismatches[0]!.detail, 'path "/a/../b" (normalised to "/b") does not match regex "/auth"');
  });
  it('says why "Name:value" never matches and how to write it', () => {
    const r = matchHttpRule(compileHttpRule({ headers: ['X-Token:abc'] }), req({ headers: { 'X-Token': 'abc' } }));
    assert.match(r.mismatches[0]!.detail, /literally named "x-token:abc".*write "X-Token: abc"/);
  });
  it('says that Membrane cannot read the Secret', () => {
    const r = matchHttpRule(compileHttpRule({ headerMatches: [{ name: 'X-Token', secret: { namespace: 'ns', name: 'tok' } }] }), req({}));
    assert.match(r.mismatches[0]!.detail, /Secret ns\/tok, which Membrane cannot read/);
  });
  it('notes the Secret fallback to the inline value', () => {
    const r = matchHttpRule(compileHttpRule({ headerMatches: [{ name: 'X-Token', value: 'abc', secret: { name: 'tok' } }] }), req({ headers: { 'X-Token': 'abc' } }));
    assert.match(r.notes[0] ?? '', /using the inline value "abc"/);
  });
  it('a missing Host is explained', () => {
    const r = matchHttpRule(compileHttpRule({ host: 'app2' }), req({}));
    assert.match(r.mismatches[0]!.detail, /no Host header/);
  });
  it('an Envoy-refused path is explained', () => {
    const r = matchHttpRule(compileHttpRule({}), req({ path: 'relative' }));
    assert.match(r.mismatches[0]!.detail, /Envoy refuses the request with 404/);
  });
});

describe('headerMatches mismatch actions', () => {
  it('REPLACE reports that it would set the value', () => {
    const r = matchHttpRule(compileHttpRule({ headerMatches: [{ name: 'X-Foo', value: 'bar', mismatch: 'REPLACE' }] }), req({ headers: { 'X-Foo': 'old' } }));
    assert.equal(r.matched, true);
    assert.equal(r.actions.length, 1);
    assert.equal(r.actions[0]!.effect, 'set');
    assert.equal(r.actions[0]!.detail, 'X-Foo mismatch (header is "old", expected "bar"): REPLACE would set it to "bar"');
  });
  it('ADD appends next to the existing value', () => {
    const r = matchHttpRule(compileHttpRule({ headerMatches: [{ name: 'X-Foo', value: 'bar', mismatch: 'ADD' }] }), req({ headers: { 'X-Foo': 'old' } }));
    assert.equal(r.actions[0]!.detail, 'X-Foo mismatch (header is "old", expected "bar"): ADD would add "bar" next to "old"');
  });
  it('DELETE removes a header with a wrong value', () => {
    const r = matchHttpRule(compileHttpRule({ headerMatches: [{ name: 'X-Foo', value: 'bar', mismatch: 'DELETE' }] }), req({ headers: { 'X-Foo': 'old' } }));
    assert.equal(r.actions[0]!.effect, 'remove');
  });
  it('DELETE on a presence match has nothing to remove', () => {
    const r = matchHttpRule(compileHttpRule({ headerMatches: [{ name: 'X-Foo', mismatch: 'DELETE' }] }), req({}));
    assert.equal(r.actions[0]!.effect, 'none');
  });
  it('LOG only logs', () => {
    const r = matchHttpRule(compileHttpRule({ headerMatches: [{ name: 'X-Foo', value: 'bar', mismatch: 'LOG' }] }), req({}));
    assert.equal(r.actions[0]!.effect, 'none');
    assert.match(r.actions[0]!.detail, /header missing/);
  });
  it('a matching header needs no action', () => {
    const r = matchHttpRule(compileHttpRule({ headerMatches: [{ name: 'X-Foo', value: 'bar', mismatch: 'REPLACE' }] }), req({ headers: { 'x-foo': 'bar' } }));
    assert.deepEqual(r.actions, []);
  });
  it('edits are visible to the next headerMatches entry', () => {
    const r = matchHttpRule(compileHttpRule({ headerMatches: [{ name: 'X-Foo', value: 'bar', mismatch: 'REPLACE' }, { name: 'x-foo', value: 'bar', mismatch: 'LOG' }] }), req({}));
    assert.deepEqual(r.actions.map((a) => a.action), ['REPLACE']);
  });
  it('no action runs when the rest of the rule does not match', () => {
    const r = matchHttpRule(compileHttpRule({ path: '/x', headerMatches: [{ name: 'X-Foo', value: 'bar', mismatch: 'REPLACE' }] }), req({ path: '/y' }));
    assert.equal(r.matched, false);
    assert.deepEqual(r.actions, []);
  });
  it('applyHttpHeaderActions gives the request the next rule sees', () => {
    const r = matchHttpRule(compileHttpRule({ headerMatches: [{ name: 'X-Foo', value: 'bar', mismatch: 'REPLACE' }] }), req({ headers: { 'X-Foo': 'old', Other: 'o' } }));
    assert.deepEqual(applyHttpHeaderActions(req({ headers: { 'X-Foo': 'old', Other: 'o' } }), r.actions).headers, { 'x-foo': 'bar', other: 'o' });
  });
});

describe('validateHttpRule: what the agent refuses, in its words', () => {
  it('path must compile as a Go regexp', () => {
    assert.deepEqual(validateHttpRule({ path: '/api/(' }).map((i) => [i.field, i.message]), [['path', 'error parsing regexp: missing closing ): `/api/(`']]);
  });
  it('method "*" is not a regexp', () => {
    assert.equal(validateHttpRule({ method: '*' })[0]!.message, 'error parsing regexp: missing argument to repetition operator: `*`');
  });
  it('headerMatches need a name', () => {
    assert.equal(validateHttpRule({ headerMatches: [{ name: '' }] })[0]!.message, 'Header name missing');
  });
  it('headerMatches actions are LOG, ADD, DELETE or REPLACE', () => {
    assert.equal(validateHttpRule({ headerMatches: [{ name: 'x', mismatch: 'DROP' }] })[0]!.message, 'Invalid header action: DROP');
    assert.deepEqual(validateHttpRule({ headerMatches: [{ name: 'x', mismatch: 'log' }] }).map((i) => i.message), ['Invalid header action: log']);
  });
  it('a Secret needs a name', () => {
    assert.deepEqual(validateHttpRule({ headerMatches: [{ name: 'x', secret: { namespace: 'ns', name: '' } }] }).map((i) => [i.message, i.path]), [['Secret name missing', ['headerMatches', 0, 'secret', 'name']]]);
  });
  it('the agent validates neither host nor headers', () => {
    assert.deepEqual(validateHttpRule({ host: '(', headers: ['', 'X:y'] }), []);
  });
  it('with Envoy checks, an invalid host is an Envoy rejection', () => {
    const issues = validateHttpRule({ host: '(' }, { includeEnvoy: true });
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.source, 'envoy');
    assert.match(issues[0]!.message, /Envoy refuses the host regex \(error parsing regexp: missing closing \): `\(`\)/);
  });
  it('with Envoy checks, a regex over the RE2 program size limit is a warning', () => {
    const path = '/(dashboard|alerts|calendar|components|metrics|critical_asset_metrics|critical_product_metrics|simple_search|support|celery_status|choices)([/?].*)?';
    const issues = validateHttpRule({ path }, { includeEnvoy: true });
    assert.deepEqual(issues.map((i) => [i.source, i.severity]), [['envoy', 'warning']]);
  });
  it('with Envoy checks, an empty header name is an Envoy rejection', () => {
    assert.equal(validateHttpRule({ headers: [' abc'] }, { includeEnvoy: true })[0]!.source, 'envoy');
  });
  it('an invalid host never matches', () => {
    assert.equal(matchHttpRule(compileHttpRule({ host: '(' }), req({ host: '(' })).matched, false);
  });
});

describe('describeHttpRule', () => {
  it('method, path, host and headers', () => {
    assert.equal(describeHttpRule({ method: 'GET', path: '/auth', host: 'app2', headers: ['X-Token: abc'] }), 'GET /auth host=app2 headers[X-Token: abc]');
  });
  it('headerMatches', () => {
    assert.equal(
      describeHttpRule({ headerMatches: [{ name: 'X-Env', value: 'prod' }, { name: 'X-Id' }, { name: 'X-Tok', secret: { namespace: 'ns', name: 's' } }, { name: 'X-Foo', value: 'bar', mismatch: 'REPLACE' }] }),
      'headerMatches[X-Env=prod, X-Id, X-Tok=secret:ns/s, X-Foo=bar (mismatch REPLACE)]',
    );
  });
  it('the empty rule', () => assert.equal(describeHttpRule({}), 'any request'));
});

describe('Envoy path normalisation', () => {
  const table: { name: string; path: string; want: string; redirect?: boolean; rejected?: number }[] = [
    { name: 'plain paths are unchanged', path: '/a/b', want: '/a/b' },
    { name: '".." removes the previous segment', path: '/a/b/../c', want: '/a/c' },
    { name: '".." never goes above the root', path: '/../../x', want: '/x' },
    { name: '"." segments are dropped', path: '/a/./b', want: '/a/b' },
    { name: 'a final ".." keeps the trailing slash', path: '/a/b/..', want: '/a/' },
    { name: '"..a" is a file name, not a dot segment', path: '/..a/b', want: '/..a/b' },
    { name: 'backslashes are slashes', path: '/a\\b', want: '/a/b' },
    { name: 'slashes are merged after dot removal', path: '/a//../b', want: '/a/b' },
    { name: 'escaped unreserved characters are decoded', path: '/%41%7e%2D', want: '/A~-' },
    { name: 'other escapes keep their case', path: '/%3a%3B', want: '/%3a%3B' },
    { name: 'a "%" without two hex digits stays', path: '/100%', want: '/100%' },
    { name: 'spaces and non-ASCII are percent-encoded', path: '/a b/caf\u00e9', want: '/a%20b/caf%C3%A9' },
    { name: 'the query is left alone', path: '/a/../b?x=/../%41', want: '/b?x=/../%41' },
    { name: '%2F redirects to the unescaped path', path: '/a%2Fb', want: '/a/b', redirect: true },
    { name: '%5c redirects too (backslash, read as a slash)', path: '/a%5cb', want: '/a/b', redirect: true },
    { name: 'unescaped slashes take part in dot removal', path: '/x%2f..%2fy', want: '/y', redirect: true },
    { name: '%00 is refused', path: '/a%00', want: '/a%00', rejected: 400 },
    { name: 'a fragment is refused', path: '/a#b', want: '/a#b', rejected: 400 },
    { name: 'a path must start with "/"', path: 'a/b', want: 'a/b', rejected: 404 },
  ];
  for (const row of table) {
    it(row.name, () => {
      const n = normalizeHttpPath(row.path);
      assert.equal(n.path, row.want);
      assert.equal(n.redirect, row.redirect ?? false);
      assert.equal(n.rejected?.status, row.rejected);
    });
  }
});

describe('linear-time regex matching', () => {
  it('a catastrophic-backtracking path regex finishes on a long path', () => {
    // JavaScript RegExp would not finish; RE2 answers in linear time.
    const rule = compileHttpRule({ path: '/(a+)+$' });
    assert.equal(matchHttpRule(rule, req({ path: `/${'a'.repeat(50000)}b` })).matched, false);
    assert.equal(matchHttpRule(rule, req({ path: `/${'a'.repeat(50000)}` })).matched, true);
  });
});
