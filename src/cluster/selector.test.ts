/**
 * Label selectors over Cilium labels (pkg/labels/labels.go `Label.HasKey`,
 * pkg/policy/api/selector.go, pkg/policy/types/selector.go). Keys carry a source: a key
 * without one is sanitized to `any:` and matches the key from any source; `k8s:app` matches
 * only k8s labels; `reserved:host` only reserved labels. Requirements are ANDed with k8s
 * semantics (NotIn matches an absent key); no requirement at all is a wildcard.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { labelSetFrom, type Label } from './labels.js';
import {
  LabelSelector,
  WILDCARD_SELECTOR,
  equals,
  exists,
  splitSourceKey,
  type Requirement,
  type Selectable,
  type SelectorOperator,
} from './selector.js';
import { parseCidr } from '../net/index.js';

/** A requirement written as in a policy: `key` may carry `source:`; none means `any:`. */
function req(encoded: string, operator: SelectorOperator, values: string[] = []): Requirement {
  const { source, key } = splitSourceKey(encoded);
  return { source, key, operator, values };
}

function sel(...reqs: Requirement[]): LabelSelector {
  return new LabelSelector(reqs);
}

/** matchLabels as a policy writes them. */
function matchLabels(labels: Record<string, string>): LabelSelector {
  return sel(...Object.entries(labels).map(([k, v]) => req(k, 'In', [v])));
}

function target(...labels: string[]): Selectable {
  return {
    labels: labelSetFrom(
      labels.map((text): Label => {
        const colon = text.indexOf(':');
        const source = text.slice(0, colon);
        const rest = text.slice(colon + 1);
        const eq = rest.indexOf('=');
        return eq === -1 ? { source, key: rest, value: '' } : { source, key: rest.slice(0, eq), value: rest.slice(eq + 1) };
      }),
    ),
  };
}

const web = target('k8s:app=web', 'k8s:tier=front', 'k8s:io.kubernetes.pod.namespace=prod');
const host = target('reserved:host');
const containerLabelled = target('container:app=web');

describe('source prefixes of selector keys', () => {
  it('a key without source becomes any: and matches the key from any source', () => {
    assert.deepEqual(splitSourceKey('app'), { source: 'any', key: 'app' });
    assert.equal(matchLabels({ app: 'web' }).matches(web), true);
    assert.equal(matchLabels({ app: 'web' }).matches(containerLabelled), true);
  });

  it('any: written explicitly matches every source', () => {
    assert.equal(matchLabels({ 'any:app': 'web' }).matches(web), true);
    assert.equal(matchLabels({ 'any:app': 'web' }).matches(containerLabelled), true);
  });

  it('k8s:app matches only labels whose source is k8s', () => {
    assert.equal(matchLabels({ 'k8s:app': 'web' }).matches(web), true);
    assert.equal(matchLabels({ 'k8s:app': 'web' }).matches(containerLabelled), false);
  });

  it('reserved:host matches the reserved host label, and k8s:host does not', () => {
    assert.equal(sel(req('reserved:host', 'Exists')).matches(host), true);
    assert.equal(sel(req('k8s:host', 'Exists')).matches(host), false);
    assert.equal(sel(req('reserved:host', 'Exists')).matches(web), false);
  });

  it('a source-less key also matches a reserved label of that key (any: matches every source)', () => {
    assert.equal(sel(req('host', 'Exists')).matches(host), true);
  });

  it('a key splits at its first colon only', () => {
    assert.deepEqual(splitSourceKey('k8s:io.cilium.k8s.namespace.labels.team'), { source: 'k8s', key: 'io.cilium.k8s.namespace.labels.team' });
    assert.deepEqual(splitSourceKey('reserved:kube-apiserver'), { source: 'reserved', key: 'kube-apiserver' });
  });

  it('a cidr: key matches an identity whose prefix lies inside it (prefix containment)', () => {
    const parsed = parseCidr('10.1.2.3/32');
    assert.ok(parsed.ok);
    const world: Selectable = { labels: labelSetFrom([{ source: 'reserved', key: 'world', value: '' }]), prefix: parsed.prefix };
    assert.equal(sel(req('cidr:10.0.0.0/8', 'Exists')).matches(world), true);
    assert.equal(sel(req('cidr:10.1.2.3/32', 'Exists')).matches(world), true);
    assert.equal(sel(req('cidr:11.0.0.0/8', 'Exists')).matches(world), false);
    assert.equal(sel(req('cidr:10.0.0.0/8', 'Exists'), req('cidr:10.1.0.0/16', 'DoesNotExist')).matches(world), false, 'except');
    assert.equal(sel(req('cidr:10.0.0.0/8', 'Exists')).matches(web), false, 'no prefix: never a CIDR match');
  });
});

describe('operators (k8s LabelSelector semantics)', () => {
  it('In matches when the value is one of the values', () => {
    assert.equal(sel(req('app', 'In', ['api', 'web'])).matches(web), true);
    assert.equal(sel(req('app', 'In', ['api', 'db'])).matches(web), false);
  });

  it('In does not match an absent key', () => {
    assert.equal(sel(req('role', 'In', ['x'])).matches(web), false);
  });

  it('NotIn matches a value outside the set and an absent key', () => {
    assert.equal(sel(req('app', 'NotIn', ['db'])).matches(web), true);
    assert.equal(sel(req('app', 'NotIn', ['web'])).matches(web), false);
    assert.equal(sel(req('role', 'NotIn', ['x'])).matches(web), true);
    assert.equal(sel(req('role', 'NotIn', ['x'])).matches(host), true, 'reserved identities lack the key too');
  });

  it('NotIn with a concrete source treats a label of another source as absent', () => {
    assert.equal(sel(req('k8s:app', 'NotIn', ['web'])).matches(containerLabelled), true);
  });

  it('Exists and DoesNotExist look at the key only', () => {
    assert.equal(sel(req('tier', 'Exists')).matches(web), true);
    assert.equal(sel(req('role', 'Exists')).matches(web), false);
    assert.equal(sel(req('role', 'DoesNotExist')).matches(web), true);
    assert.equal(sel(req('tier', 'DoesNotExist')).matches(web), false);
  });

  it('a matchLabels value "" matches a label with an empty value (reserved labels)', () => {
    assert.equal(matchLabels({ 'reserved:host': '' }).matches(host), true);
    assert.equal(matchLabels({ 'reserved:host': 'x' }).matches(host), false);
  });
});

describe('requirements are ANDed; no requirement is a wildcard', () => {
  it('every requirement must hold', () => {
    assert.equal(matchLabels({ app: 'web', tier: 'front' }).matches(web), true);
    assert.equal(matchLabels({ app: 'web', tier: 'back' }).matches(web), false);
    assert.equal(sel(req('app', 'In', ['web']), req('tier', 'DoesNotExist')).matches(web), false);
    assert.equal(sel(req('app', 'In', ['web']), req('role', 'DoesNotExist')).matches(web), true);
  });

  it('the empty selector matches every identity, reserved and empty ones included', () => {
    const empty = sel();
    assert.equal(empty.isWildcard, true);
    assert.equal(WILDCARD_SELECTOR.isWildcard, true);
    for (const t of [web, host, containerLabelled, target()]) assert.equal(empty.matches(t), true);
  });

  it('a selector with a requirement is not a wildcard', () => {
    assert.equal(matchLabels({ app: 'web' }).isWildcard, false);
  });

  it('with() adds requirements (ANDed), leaving the original unchanged', () => {
    const base = matchLabels({ app: 'web' });
    const scoped = base.with(equals('k8s', 'io.kubernetes.pod.namespace', 'dev'));
    assert.equal(base.matches(web), true);
    assert.equal(scoped.matches(web), false);
    assert.equal(base.with(exists('k8s', 'io.kubernetes.pod.namespace')).matches(web), true);
  });
});

describe('canonical keys (Cilium caches one selector per distinct selector)', () => {
  it('equal selectors have equal keys whatever the order of requirements', () => {
    const a = matchLabels({ app: 'web', tier: 'front' });
    const b = sel(req('tier', 'In', ['front']), req('app', 'In', ['web']));
    assert.equal(a.key, b.key);
  });

  it('different selectors have different keys: value, operator, source', () => {
    const keys = new Set([
      matchLabels({ app: 'web' }).key,
      matchLabels({ app: 'api' }).key,
      matchLabels({ 'k8s:app': 'web' }).key,
      sel(req('app', 'NotIn', ['web'])).key,
      sel(req('app', 'Exists')).key,
      sel(req('app', 'DoesNotExist')).key,
      sel().key,
    ]);
    assert.equal(keys.size, 7);
  });

  it('the wildcard has the key {}', () => {
    assert.equal(sel().key, '{}');
  });

  it('hasKey and hasKeyPrefix see k8s: and any: keys only, by default', () => {
    const s = sel(req('io.kubernetes.pod.namespace', 'In', ['prod']), req('k8s:io.cilium.k8s.namespace.labels.team', 'In', ['a']));
    assert.equal(s.hasKey('io.kubernetes.pod.namespace'), true);
    assert.equal(s.hasKeyPrefix('io.cilium.k8s.namespace.labels.'), true);
    assert.equal(sel(req('reserved:host', 'Exists')).hasKey('host'), false);
    assert.equal(sel(req('reserved:host', 'Exists')).hasSource('reserved'), true);
  });
});
