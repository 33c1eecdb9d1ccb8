/**
 * Rule sets against a plain scan: HttpRuleSet (method buckets, literal prefixes, remembered
 * answers) must give the first rule, in order, that matchHttpRule accepts; the engine's DNS
 * rule union (exact names by lookup, patterns in order, remembered answers) the first rule
 * whose matcher selects the name. Random rules and requests, each request asked twice.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mulberry32 } from '../../tools/prng.js';
import { evaluateDns } from './l7.js';
import type { Row } from './map-state.js';
import type { DnsRuleRef } from '../policy/entry.js';
import { compileDnsSelector } from '../policy/l7/dns-pattern.js';
import { compileHttpRule, HttpRuleSet, matchHttpRule, type HttpRequest, type HttpRuleSpec } from '../policy/l7/http-rule.js';

describe('HttpRuleSet', () => {
  it('gives the first matching rule of a scan, on 300 random rule sets and 60,000 requests', () => {
    const r = mulberry32(11);
    const pick = <T>(xs: readonly T[]): T => xs[r() % xs.length]!;
    const methods = ['GET', 'POST', 'PUT', 'DELETE', 'GET|POST', 'P.*', '[A-Z]+'];
    const paths = ['/api', '/api/v1/[a-z]+', '/api/v1/items/[0-9]+', '/healthz', '/api/.*', '/a+b', '(/x|/y)/z', '/api/v1/items/7'];
    let compared = 0;
    for (let round = 0; round < 300; round++) {
      const specs: HttpRuleSpec[] = [];
      for (let i = 0, n = 1 + (r() % 12); i < n; i++) {
        const spec: HttpRuleSpec = {};
        if (r() % 4 !== 0) spec.method = pick(methods);
        if (r() % 5 !== 0) spec.path = pick(paths);
        if (r() % 6 === 0) spec.host = pick(['api\\.example\\.com', '.*\\.internal', 'web']);
        if (r() % 5 === 0) spec.headers = [pick(['X-Tenant: t1', 'X-Tenant t2', 'X-Debug', 'Host web'])];
        specs.push(spec);
      }
      const rules = specs.map(compileHttpRule);
      const set = new HttpRuleSet(rules);
      for (let q = 0; q < 100; q++) {
        const request: HttpRequest = {
          method: pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'get']),
          path: pick(['/api', '/api/v1/users', '/api/v1/items/7', '/api/v1/items/x', '/healthz', '/a/../api', '/aab', '/x/z', '/api//v1/users', '/api?x=1']),
          ...(r() % 3 === 0 ? { host: pick(['api.example.com', 'db.internal', 'web', 'web:80']) } : {}),
          ...(r() % 2 === 0 ? { headers: { [pick(['X-Tenant', 'x-tenant', 'X-Debug', 'Host'])]: pick(['t1', 't2', ' t1 ', 'web', '']) } } : {}),
        };
        const expected = rules.findIndex((rule) => matchHttpRule(rule, request).matched);
        assert.equal(set.firstMatch(request), expected, `round ${round}: ${JSON.stringify(specs)} ${JSON.stringify(request)}`);
        assert.equal(set.firstMatch(request), expected, 'asked again (remembered)');
        compared++;
      }
    }
    assert.equal(compared, 30_000);
  });
});

/** A row carrying DNS rules, as the engine's maps hold them (only the fields evaluateDns reads). */
function dnsRow(rules: DnsRuleRef[]): Row {
  const policy = { peer: { peer: { kind: 'wildcard' }, key: '*', path: [], description: 'any' }, deny: false, l7: { kind: 'dns', http: [], dns: rules }, contributions: [] };
  return { proto: 17, from: 53, to: 53, deny: false, redirect: true, filter: { key: '17/53-53', protocol: 17, port: 53, endPort: 53, perSelector: new Map() }, policy } as unknown as Row;
}

describe('DNS rule unions', () => {
  it('give the first selecting rule of a scan, on 300 random rule lists', () => {
    const r = mulberry32(5);
    const pick = <T>(xs: readonly T[]): T => xs[r() % xs.length]!;
    const selectors = [
      { matchName: 'api.example.com' }, { matchName: 'API.example.com.' }, { matchName: 'db.example.com' },
      { matchPattern: '*.example.com' }, { matchPattern: '*' }, { matchPattern: 'api.*.com' }, { matchPattern: '**.example.com' },
      { matchName: 'x.example.net', matchPattern: '*.zone.example.net' }, { matchPattern: '*.zone.example.net' },
    ];
    for (let round = 0; round < 300; round++) {
      const rows: Row[] = [];
      for (let k = 0, n = 1 + (r() % 3); k < n; k++) {
        const rules: DnsRuleRef[] = [];
        for (let i = 0, m = 1 + (r() % 6); i < m; i++) {
          const sel = pick(selectors);
          rules.push({ matcher: compileDnsSelector(sel), text: JSON.stringify(sel), path: [] });
        }
        rows.push(dnsRow(rules));
      }
      const all = rows.flatMap((row) => row.policy.l7!.dns.map((rule) => ({ rule, row })));
      for (const query of ['api.example.com', 'API.EXAMPLE.COM.', 'db.example.com', 'a.b.example.com', 'api.test.com', 'x.example.net', 'y.zone.example.net', 'other.org']) {
        const expected = all.find(({ rule }) => rule.matcher.matches(query));
        for (let again = 0; again < 2; again++) {
          const v = evaluateDns(rows, 17, 53, query);
          assert.equal(v.verdict, expected ? 'allow' : 'deny', `${query} ${JSON.stringify(all.map((a) => a.rule.text))}`);
          assert.equal(v.matched?.rule, expected?.rule);
          assert.equal(v.matched?.row, expected?.row);
          // the why-not list names every rule before the decision
          assert.equal(v.tried.length, expected ? all.indexOf(expected) : all.length);
        }
      }
    }
  });
});
