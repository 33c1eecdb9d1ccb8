import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseText } from '../policy/yaml-source.js';
import { diffPolicies } from './diff.js';

const CLUSTER = parseText(`
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
status: {podIP: 10.0.1.1}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
status: {podIP: 10.0.1.3}
`, 'cluster.yaml').objects;

function policy(ports: string[], http?: string): ReturnType<typeof parseText>['objects'] {
  const rules = http ? `, rules: {http: [{path: "${http}"}]}` : '';
  return parseText(`
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-ingress, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: web}}]
      toPorts: [{ports: [${ports.map((p) => `{port: "${p}", protocol: TCP}`).join(', ')}]${rules}}]
`, 'policy.yaml').objects;
}

describe('policy diff', () => {
  it('no change between equal policy sets', () => {
    const d = diffPolicies(CLUSTER, policy(['5432']), policy(['5432']));
    assert.deepEqual(d.counts, { newAllow: 0, newDeny: 0, l7Change: 0 });
    assert.ok(d.pairs > 0);
  });

  it('a port added to an allow rule is a new allow, named with the rule responsible', () => {
    const d = diffPolicies(CLUSTER, policy(['5432']), policy(['5432', '6432']));
    const change = d.changes.find((c) => c.kind === 'new-allow');
    assert.ok(change, 'expected a new allow');
    assert.equal(change.from, 'shop:app=web');
    assert.equal(change.to, 'shop:app=db');
    assert.deepEqual(change.ports, ['6432/TCP']);
    assert.equal(change.new.verdict, 'allow');
    assert.equal(change.new.ingress?.decidedBy[0]?.policy, 'CiliumNetworkPolicy/shop/db-ingress');
    assert.equal(change.old.ingress?.defaultDeny, true);
  });

  it('removing the policy opens the endpoint: every port becomes allowed', () => {
    const d = diffPolicies(CLUSTER, policy(['5432']), []);
    assert.ok(d.counts.newAllow > 0);
    assert.equal(d.counts.newDeny, 0);
  });

  it('a port removed is a new deny', () => {
    const d = diffPolicies(CLUSTER, policy(['5432', '6432']), policy(['5432']));
    assert.deepEqual(d.changes.filter((c) => c.kind === 'new-deny').map((c) => c.ports), [['6432/TCP']]);
  });

  it('L7 rules changed on a connection allowed on both sides', () => {
    const d = diffPolicies(CLUSTER, policy(['5432'], '/a'), policy(['5432'], '/b'));
    const change = d.changes.find((c) => c.kind === 'l7-change');
    assert.ok(change);
    assert.match(change.oldL7 ?? '', /\/a/);
    assert.match(change.newL7 ?? '', /\/b/);
  });
});
