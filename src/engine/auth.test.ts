/**
 * The authentication the datapath requires for a flow (auth.ts): which entry the lookup
 * returns, explicit and derived auth types, and the merge conflict Cilium reports.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../analysis/model.js';
import { parseText } from '../policy/yaml-source.js';

const CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: default}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default, labels: {app: client}}
status: {podIP: 10.0.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: default, labels: {app: server}}
status: {podIP: 10.0.1.20}
`;

function verdict(ingress: string, port: number, mutualAuth = false, http?: boolean) {
  const text = `${CLUSTER}---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: server, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress:
${ingress}`;
  const parsed = parseText(text, 't.yaml');
  const model = buildModel(parsed.objects, { settings: { mutualAuth } });
  assert.deepEqual(model.policies.rejected, []);
  const pod = (name: string) => model.cluster.pods.find((p) => p.name === name)!;
  const v = model.engine.evaluate({ from: { kind: 'pod', pod: pod('client') }, to: { kind: 'pod', pod: pod('server') }, protocol: 'TCP', port, http: http ? { method: 'GET', path: '/' } : undefined });
  const code = model.engine.policyOf(model.cluster.identityOf(pod('server'))!).ingress.verdictCode(model.cluster.identityOf(pod('client'))!, 6, port);
  return { side: v.ingress!, code };
}

describe('mutual authentication in the datapath', () => {
  it('an allow of the wildcard identity with required auth is not derived onto an L3 allow of the peer (same-ID only)', () => {
    const { side, code } = verdict(`    - toPorts: [{ports: [{port: "80", protocol: TCP}]}]
      authentication: {mode: required}
    - fromEndpoints: [{matchLabels: {app: client}}]
`, 80);
    // the lookup returns the longer prefix: the L4-only entry (port 80) with its auth type
    assert.equal(side.verdict, 'deny');
    assert.equal(side.l4.reason, 'auth-required');
    assert.equal(code, 0);
  });

  it('a narrower allow of the same peer without auth inherits the broader one', () => {
    const rules = `    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "8000", endPort: "8999", protocol: TCP}]}]
      authentication: {mode: test-always-fail}
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
`.replace('endPort: "8999"', 'endPort: 8999');
    const on = verdict(rules, 8080, true);
    assert.equal(on.side.verdict, 'deny');
    assert.equal(on.side.l4.auth?.derived, true);
    assert.equal(on.side.l4.auth?.mode, 'test-always-fail');
    assert.equal(on.code, 0);
  });

  it('an HTTP rule and an allow with auth on the same peer and port merge into one redirected entry that requires auth', () => {
    const { side, code } = verdict(`    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET}]}}]
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "80", protocol: TCP}]}]
      authentication: {mode: required}
`, 80, false, true);
    // same selector and port: one per-selector policy with the auth type, redirected
    assert.equal(side.l4.reason, 'auth-required');
    assert.equal(code, 0);
  });

  it('two different explicit modes on the same peer and port cannot merge: the policy cannot be computed', () => {
    const { side, code } = verdict(`    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "80", protocol: TCP}]}]
      authentication: {mode: required}
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "80", protocol: TCP}]}]
      authentication: {mode: disabled}
`, 80, true);
    assert.equal(side.l4.reason, 'unmodelled');
    assert.match((side.l4.conflicts ?? []).join(), /cannot merge conflicting authentication types \(required\/disabled\)/);
    assert.equal(code, 0);
  });
});
