import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseText } from '../policy/yaml-source.js';
import { computeMatrix, parseGroupFilter, patternText } from './matrix.js';
import { buildModel } from './model.js';

const CLUSTER = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.0.1.1}
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.0.1.2}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
status: {podIP: 10.0.1.3}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-ingress, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: web}}]
      toPorts: [{ports: [{port: "5432", protocol: TCP}]}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-ingress, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  ingress:
    - toPorts: [{ports: [{port: "8080", protocol: TCP}], rules: {http: [{method: GET}]}}]
`;

function model() {
  return buildModel(parseText(CLUSTER, 'cluster.yaml').objects);
}

describe('matrix', () => {
  it('groups pods with equal identity into one row and column', () => {
    const m = computeMatrix(model());
    assert.deepEqual(m.sources.map((s) => s.name), ['shop:app=db', 'shop:app=web']);
    assert.equal(m.sources[1]!.pods.length, 2);
  });

  it('default ports: the ports policies and containers name, plus one nothing names', () => {
    const m = computeMatrix(model());
    const labels = m.ports.map((p) => p.label);
    assert.ok(labels.includes('5432/TCP') && labels.includes('8080/TCP'));
    assert.equal(m.ports.filter((p) => p.source === 'unmentioned').length, 1);
  });

  it('cells combine egress and ingress: allowed, L7-filtered, denied by ingress', () => {
    const m = computeMatrix(model(), { ports: [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 22 }] });
    const web = m.sources.findIndex((s) => s.name === 'shop:app=web');
    const db = m.destinations.findIndex((d) => d.name === 'shop:app=db');
    const webDst = m.destinations.findIndex((d) => d.name === 'shop:app=web');
    const dbSrc = m.sources.findIndex((s) => s.name === 'shop:app=db');
    assert.equal(m.cell(web, db, 0), 'A'); // web -> db 5432 allowed
    assert.equal(m.cell(web, db, 2), 'I'); // web -> db 22: db's ingress default deny
    assert.equal(m.cell(dbSrc, webDst, 1), 'L'); // db -> web 8080: the HTTP rule decides per request
    assert.equal(m.cell(dbSrc, webDst, 2), 'I');
    assert.equal(m.cell(web, webDst, 1), 'L'); // two pods of one identity do talk to each other
  });

  it('pairs with the same answers share one row of cells (patterns), and every cell reads its row', () => {
    const m = computeMatrix(model(), { entities: ['world', 'host'] });
    const pairs = m.sources.length * m.destinations.length;
    assert.equal(m.pairs.length, pairs);
    assert.ok(m.patterns.length < pairs, `${m.patterns.length} patterns for ${pairs} pairs`);
    // world -> host and host -> world are both not applicable: one shared row
    const world = m.sources.findIndex((s) => s.name === 'world');
    const host = m.destinations.findIndex((d) => d.name === 'host');
    assert.equal(m.pairs[world * m.destinations.length + host], m.pairs[m.sources.findIndex((s) => s.name === 'host') * m.destinations.length + m.destinations.findIndex((d) => d.name === 'world')]);
    for (let s = 0; s < m.sources.length; s++) {
      for (let d = 0; d < m.destinations.length; d++) {
        const row = patternText(m.patterns[m.pairs[s * m.destinations.length + d]!]!);
        assert.equal(row, m.ports.map((_, p) => m.cell(s, d, p)).join(''));
        assert.equal(row.length, m.ports.length);
      }
    }
  });

  it('a single pod and itself is not applicable (loopback)', () => {
    const m = computeMatrix(model(), { ports: [{ protocol: 'TCP', port: 80 }] });
    const db = m.sources.findIndex((s) => s.name === 'shop:app=db');
    assert.equal(m.cell(db, m.destinations.findIndex((d) => d.name === 'shop:app=db'), 0), '-');
  });

  it('entities: world reaches web on 8080 (a toPorts-only rule admits everyone) but not db', () => {
    const m = computeMatrix(model(), { entities: ['world'], ports: [{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 5432 }] });
    const world = m.sources.findIndex((s) => s.name === 'world');
    assert.equal(m.cell(world, m.destinations.findIndex((d) => d.name === 'shop:app=web'), 0), 'L');
    assert.equal(m.cell(world, m.destinations.findIndex((d) => d.name === 'shop:app=db'), 1), 'I');
  });

  it('filters select rows and columns by namespace and labels', () => {
    const m = computeMatrix(model(), { from: { namespace: 'shop', labels: { app: 'web' } } });
    assert.deepEqual(m.sources.map((s) => s.name), ['shop:app=web']);
    assert.deepEqual(parseGroupFilter('shop/app=web'), { namespace: 'shop', labels: { app: 'web' } });
    assert.deepEqual(parseGroupFilter('app=web'), { namespace: undefined, labels: { app: 'web' } });
    assert.equal(typeof parseGroupFilter('shop/app'), 'string');
  });
});
