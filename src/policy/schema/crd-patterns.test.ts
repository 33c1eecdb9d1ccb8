/**
 * The hand-written checks of the CRD patterns answer as RE2 does (re2js, Go's syntax and
 * MatchString): on edge cases and on random strings over the characters the patterns care
 * about, and every pattern of the generated CRD schemas has a check.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uniform } from '../../../tools/prng.js';
import { CRD_PATTERN_CHECKS } from './crd-patterns.js';
import { ciliumClusterwideNetworkPolicySchema, ciliumNetworkPolicySchema, type OpenApiSchema } from './index.js';
import { testWithRe2 } from './re2-pattern.js';

function patternsOf(schema: OpenApiSchema, out: Set<string>): Set<string> {
  if (schema.pattern !== undefined) out.add(schema.pattern);
  const children = [...Object.values(schema.properties ?? {}), ...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  if (schema.items) children.push(schema.items);
  if (schema.not) children.push(schema.not);
  if (typeof schema.additionalProperties === 'object') children.push(schema.additionalProperties);
  for (const c of children) patternsOf(c, out);
  return out;
}

const EDGE_CASES = [
  '', ' ', '-', '_', '.', '*', '..', 'a', 'A', '0', '00', '007', '01', '1', '9', '10', '99', '100', '199', '200', '249', '250', '255', '256', '300', '999',
  '65535', '65536', '0x50', '80', 'http', 'http-alt', 'a-', '-a', 'a--b', 'a-b', 'a_b', 'a.b', 'a..b', '.a', 'a.', 'a.b.', '*.a', '**.a', 'a*', 'a.*',
  'EchoReply', 'echoreply', 'EchoReply ', 'ExtendedEcho Reply', 'ExtendedEchoReply', 'ParameterProblem', 'RouterAdvertisement', 'Echo', 'Ech',
  'kube-system', 'Kube-System', 'k8s.io', 'a.b-c.d', 'a-.b', 'a.-b', '1a', 'a1', 'é', 'aé', 'éa', 'a😀', '😀', 'a\u0000', 'tab\there', 'line\nbreak', 'a b',
  '\u00a0', '\u200b', '\ud800', 'x\udc00y', 'ok text', 'Ünïcödé', 'a'.repeat(70), `${'a'.repeat(62)}-b`, '-1', '1-', '1-a', '80a', 'a80', '--', '-_-', 'é1', '1é',
];

const ALPHABET = ['a', 'z', 'A', 'Z', 'E', 'c', 'h', 'o', '0', '1', '2', '5', '6', '9', '-', '-', '_', '.', '.', '*', ' ', 'é', '😀', '\n', '\u0085', '\u200b', '\ud800'];

describe('hand-written CRD pattern checks', () => {
  it('cover every pattern of the Cilium policy CRDs', () => {
    const patterns = patternsOf(ciliumClusterwideNetworkPolicySchema, patternsOf(ciliumNetworkPolicySchema, new Set()));
    assert.ok(patterns.size >= 7);
    for (const p of patterns) assert.ok(CRD_PATTERN_CHECKS.has(p), `no hand-written check for ${p}`);
  });

  it('answer as RE2 does', () => {
    const random = uniform(9);
    const samples = [...EDGE_CASES];
    for (let i = 0; i < 4000; i++) {
      let s = '';
      const length = Math.floor(random() * 9);
      for (let j = 0; j < length; j++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
      samples.push(s);
    }
    let compared = 0;
    for (const [pattern, check] of CRD_PATTERN_CHECKS) {
      const texts = pattern.includes('EchoReply') ? [...samples, ...pattern.slice(1, -1).split('|').flatMap((x) => [x, `${x}x`, x.slice(1)])] : samples;
      let matched = 0;
      for (const text of texts) {
        const byHand = check(text);
        if (byHand === undefined) continue;
        const re2 = testWithRe2(pattern, text);
        assert.ok(re2.ok);
        assert.equal(byHand, re2.matches, `${pattern} on ${JSON.stringify(text)}`);
        compared++;
        if (byHand) matched++;
      }
      assert.ok(matched > 0 && matched < texts.length, `${pattern}: ${matched} of ${texts.length} match`);
    }
    assert.ok(compared > 20000);
  });
});
