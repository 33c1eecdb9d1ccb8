import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIp } from '../net/index.js';
import { Cluster } from './cluster.js';
import type { K8sObject } from './source.js';

type Obj = Record<string, unknown>;
const obj = (value: Obj): K8sObject => ({ value });

function deployment(name: string, spec: Obj = {}, meta: Obj = {}): K8sObject {
  return obj({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', ...meta },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, tier: 'web' } },
        spec: { serviceAccountName: `${name}-sa`, containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] },
      },
      ...spec,
    },
  });
}

function node(name: string, labels: Record<string, string> = {}, address?: string): K8sObject {
  return obj({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, status: address ? { addresses: [{ type: 'InternalIP', address }] } : {} });
}

function pod(name: string, labels: Record<string, string>, extra: Obj = {}, ip?: string): K8sObject {
  return obj({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels, ...extra }, spec: { containers: [{ name: 'c' }] }, status: ip ? { podIP: ip } : {} });
}

const names = (c: Cluster) => c.pods.map((p) => `${p.namespace}/${p.name}`);

describe('workloads become pods', () => {
  it('a Deployment without pods in the input becomes one pod per replica, from its template', () => {
    const { cluster, diagnostics } = Cluster.build([deployment('web')]);
    assert.deepEqual(names(cluster), ['shop/web-0', 'shop/web-1', 'shop/web-2']);
    const p = cluster.pods[1]!;
    assert.deepEqual(p.labels, { app: 'web', tier: 'web' });
    assert.equal(p.serviceAccount, 'web-sa');
    assert.deepEqual(p.namedPorts, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(p.synthesized?.workload, { kind: 'Deployment', namespace: 'shop', name: 'web' });
    assert.equal(p.synthesized?.index, 1);
    assert.deepEqual(p.owners, [{ kind: 'Deployment', namespace: 'shop', name: 'web' }]);
    // pods of one template share an identity (computed per identity, not per pod)
    assert.equal(new Set(cluster.pods.map((x) => cluster.identityOf(x))).size, 1);
    assert.ok(diagnostics.some((d) => d.severity === 'info' && /3 synthesized from its template \(web-0, web-1, web-2\)/.test(d.message)));
  });

  it('allocates addresses from 198.18.0.0/15 that no object of the input uses', () => {
    const { cluster } = Cluster.build([
      node('n1', {}, '198.18.0.2'),
      pod('bare', { app: 'x' }),
      pod('dumped', { app: 'y' }, {}, '198.18.0.1'),
      obj({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' }, spec: { clusterIP: '198.18.0.4', ports: [{ port: 80 }] } }),
      deployment('web', { replicas: 2 }),
    ]);
    const ips = Object.fromEntries(cluster.pods.map((p) => [p.name, p.ips.map(formatIp).join(',')]));
    assert.deepEqual(ips, { bare: '198.18.0.3', dumped: '198.18.0.1', 'web-0': '198.18.0.5', 'web-1': '198.18.0.6' });
    assert.equal(cluster.pod('shop', 'bare')?.addressAllocated, true);
    assert.equal(cluster.pod('shop', 'dumped')?.addressAllocated, undefined);
    assert.equal(cluster.ownerOf(cluster.pod('shop', 'web-1')!.ips[0]!)?.kind, 'pod');
  });

  it('caps the pods per workload (maxReplicas) and says so; replicas default to 1; 0 replicas make none', () => {
    const { cluster, diagnostics } = Cluster.build([deployment('big', { replicas: 500 }), deployment('one', { replicas: undefined }), deployment('none', { replicas: 0 })], { maxReplicas: 4 });
    assert.deepEqual(names(cluster), ['shop/big-0', 'shop/big-1', 'shop/big-2', 'shop/big-3', 'shop/one-0']);
    assert.equal(cluster.pods[0]!.synthesized?.replicas, 500);
    assert.ok(diagnostics.some((d) => /4 synthesized from its template \(500 replicas, capped at 4\)/.test(d.message)));
    assert.ok(diagnostics.some((d) => /Deployment shop\/none has no pod in the input and asks for 0 replicas/.test(d.message)));
  });

  it('a DaemonSet runs one pod on each node its nodeSelector matches, not capped', () => {
    const ds = obj({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: { selector: { matchLabels: { k8s: 'agent' } }, template: { metadata: { labels: { k8s: 'agent' } }, spec: { nodeSelector: { pool: 'a' }, containers: [] } } },
    });
    const { cluster } = Cluster.build([node('n1', { pool: 'a' }), node('n2', { pool: 'b' }), node('n3', { pool: 'a' }), ds], { maxReplicas: 1 });
    assert.deepEqual(cluster.pods.map((p) => `${p.name}@${p.nodeName}`), ['agent-0@n1', 'agent-1@n3']);
  });

  it('StatefulSets, ReplicationControllers, Jobs (parallelism, completions) and CronJobs (jobTemplate)', () => {
    const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [] } };
    const { cluster } = Cluster.build([
      obj({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'shop' }, spec: { replicas: 2, selector: { matchLabels: { app: 'db' } }, template: { ...template, metadata: { labels: { app: 'db' } } } } }),
      obj({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'old', namespace: 'shop' }, spec: { replicas: 1, template: { ...template, metadata: { labels: { app: 'old' } } } } }),
      obj({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' }, spec: { parallelism: 5, completions: 2, template } }),
      obj({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'backup', namespace: 'shop' }, spec: { schedule: '@daily', jobTemplate: { spec: { template: { ...template, metadata: { labels: { app: 'backup' } } } } } } }),
    ]);
    assert.deepEqual(names(cluster), ['shop/db-0', 'shop/db-1', 'shop/old-0', 'shop/migrate-0', 'shop/migrate-1', 'shop/backup-0']);
    assert.deepEqual(cluster.pod('shop', 'backup-0')?.labels, { app: 'backup' });
  });

  it('a cluster dump: real pods win, tied to their ReplicaSet and Deployment by owner references', () => {
    const { cluster } = Cluster.build([
      deployment('web', {}, { uid: 'd-1' }),
      obj({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web-5d9c', namespace: 'shop', uid: 'rs-1', ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'd-1', controller: true }] },
        spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: {} } },
      }),
      pod('web-5d9c-abcde', { app: 'web', 'pod-template-hash': '5d9c' }, { ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d9c', uid: 'rs-1', controller: true }] }, '10.0.0.1'),
    ]);
    assert.deepEqual(names(cluster), ['shop/web-5d9c-abcde']);
    assert.deepEqual(cluster.pods[0]!.owners, [
      { kind: 'ReplicaSet', namespace: 'shop', name: 'web-5d9c' },
      { kind: 'Deployment', namespace: 'shop', name: 'web' },
    ]);
    assert.deepEqual(cluster.podsOf('Deployment', 'shop', 'web').map((p) => p.name), ['web-5d9c-abcde']);
  });

  it('pods whose ReplicaSet is not in the input still name their Deployment (NAME-<pod-template-hash>)', () => {
    const { cluster } = Cluster.build([
      deployment('web'),
      pod('web-7f8-x1', { app: 'web', 'pod-template-hash': '7f8' }, { ownerReferences: [{ kind: 'ReplicaSet', name: 'web-7f8', controller: true }] }, '10.0.0.1'),
      pod('api-99-x1', { app: 'api', 'pod-template-hash': '99' }, { ownerReferences: [{ kind: 'ReplicaSet', name: 'api-99', controller: true }] }, '10.0.0.2'),
    ]);
    assert.deepEqual(names(cluster), ['shop/web-7f8-x1', 'shop/api-99-x1'], 'the Deployment is not doubled');
    assert.deepEqual(cluster.podsOf('Deployment', 'shop', 'api').map((p) => p.name), ['api-99-x1'], 'a Deployment absent from the input too');
  });

  it('a dump of pods and ReplicaSets (no Deployments) still names the Deployment from the ReplicaSet owner', () => {
    const { cluster } = Cluster.build([
      obj({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web-5d9c', namespace: 'shop', uid: 'rs-1', ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'd-1', controller: true }] },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: {} } },
      }),
      pod('web-5d9c-abcde', { app: 'web' }, { ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d9c', uid: 'rs-1', controller: true }] }, '10.0.0.1'),
    ]);
    assert.deepEqual(names(cluster), ['shop/web-5d9c-abcde']);
    assert.deepEqual(cluster.podsOf('Deployment', 'shop', 'web').map((p) => p.name), ['web-5d9c-abcde']);
  });

  it('a Deployment and its ReplicaSet without pods synthesize once (the Deployment stands for its ReplicaSet)', () => {
    const { cluster } = Cluster.build([
      deployment('web', { replicas: 2 }),
      obj({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web-5d9c', namespace: 'shop', ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: {} } },
      }),
    ]);
    assert.deepEqual(names(cluster), ['shop/web-0', 'shop/web-1']);
  });

  it('a pod without owner references that a workload selects is its pod (adopted), not doubled', () => {
    const { cluster } = Cluster.build([deployment('web'), pod('handmade', { app: 'web' }), pod('other', { app: 'other' })]);
    assert.deepEqual(names(cluster), ['shop/handmade', 'shop/other']);
    assert.deepEqual(cluster.podsOf('Deployment', 'shop', 'web').map((p) => p.name), ['handmade']);
  });

  it('a pod in another namespace is not adopted', () => {
    const { cluster } = Cluster.build([deployment('web', { replicas: 1 }), obj({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'other', labels: { app: 'web' } }, spec: {} })]);
    assert.deepEqual(names(cluster), ['other/p', 'shop/web-0']);
  });

  it('unreadable workloads are reported and make no pods; name clashes are reported', () => {
    const { cluster, diagnostics } = Cluster.build([
      deployment('bad', { replicas: '3' }),
      obj({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'empty', namespace: 'shop' }, spec: {} }),
      pod('web-0', { app: 'unrelated' }),
      deployment('web', { replicas: 2 }),
    ]);
    assert.deepEqual(names(cluster), ['shop/web-0', 'shop/web-1']);
    assert.equal(cluster.pod('shop', 'web-0')?.synthesized, undefined);
    const messages = diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message);
    assert.ok(messages.some((m) => /must be a whole number >= 0 \(got "3"\)/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /Deployment has no pod template \(spec.template\)/.test(m)));
    assert.ok(messages.some((m) => /pod shop\/web-0 of Deployment shop\/web is not synthesized: another pod has this name/.test(m)));
  });
});
