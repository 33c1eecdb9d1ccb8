/**
 * What Envoy refuses in an endpoint's network policy (envoy.ts), beyond the PolicyTest
 * scenario test/semantics/envoy-rejects-endpoint-policy.yaml: redirects Membrane treats as L4
 * allows (listeners), egress named ports resolved per destination, and endpoints Envoy never
 * gets a policy for.
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
metadata: {name: api, namespace: default, labels: {app: api}}
spec: {containers: [{name: c, ports: [{name: grpc, containerPort: 7070}]}]}
status: {podIP: 10.0.1.20}
`;

function model(egress: string) {
  const text = `${CLUSTER}---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: client, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
${egress}`;
  const m = buildModel(parseText(text, 't.yaml').objects);
  assert.deepEqual(m.policies.rejected.map((r) => r.diagnostics.map((d) => d.message)), []);
  const pod = (name: string) => m.cluster.pods.find((p) => p.name === name)!;
  const flow = (port: number) => m.engine.evaluate({ from: { kind: 'pod', pod: pod('client') }, to: { kind: 'pod', pod: pod('api') }, protocol: 'TCP', port });
  const rejections = m.engine.policyOf(m.cluster.identityOf(pod('client'))!).envoyRejections;
  return { flow, rejections };
}

describe('Envoy rejections', () => {
  it('a listener redirect is an Envoy redirect: a reversed range refuses its connections', () => {
    const { flow, rejections } = model(`    - toEndpoints: [{matchLabels: {app: api}}]
      toPorts:
        - ports: [{port: "443", protocol: TCP}]
          listener: {envoyConfig: {kind: CiliumEnvoyConfig, name: mesh}, name: egress}
    - toEndpoints: [{matchLabels: {app: api}}]
      toPorts: [{ports: [{port: "6000", endPort: 60, protocol: TCP}]}]
`);
    assert.deepEqual(rejections.map((r) => r.problem), ['endPort 60 < port 6000']);
    assert.equal(flow(443).verdict, 'deny');
    assert.equal(flow(443).egress?.l4.reason, 'envoy-rejected');
    assert.equal(flow(6000).verdict, 'allow');
  });

  it('an egress named port resolves per destination, and keeps the endPort written next to it', () => {
    const { flow, rejections } = model(`    - toEndpoints: [{matchLabels: {app: api}}]
      toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET}]}}]
    - toEndpoints: [{matchLabels: {app: api}}]
      toPorts: [{ports: [{port: grpc, endPort: 7000, protocol: TCP}]}]
`);
    assert.deepEqual(rejections.map((r) => r.problem), ['endPort 7000 < port grpc (7070 here)']);
    assert.equal(flow(80).egress?.l4.reason, 'envoy-rejected');
  });

  it('no Envoy redirect: Envoy never gets the policy, so nothing is refused', () => {
    const { flow, rejections } = model(`    - toEndpoints: [{matchLabels: {app: api}}]
      toPorts: [{ports: [{port: "6000", endPort: 60, protocol: TCP}]}]
    - toEndpoints: [{matchLabels: {app: api}}]
      toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
`);
    assert.deepEqual(rejections, []);
    assert.equal(flow(6000).verdict, 'allow');
  });

  it('a range in order, or ports of other protocols, are fine', () => {
    const { rejections } = model(`    - toEndpoints: [{matchLabels: {app: api}}]
      toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET}]}}]
    - toEndpoints: [{matchLabels: {app: api}}]
      toPorts: [{ports: [{port: "6000", endPort: 6100, protocol: TCP}, {port: "5000", endPort: 50, protocol: UDP}, {port: "5001", endPort: 0, protocol: TCP}]}]
`);
    assert.deepEqual(rejections, []);
  });
});
