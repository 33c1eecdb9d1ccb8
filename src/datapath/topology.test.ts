import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Cluster } from '../cluster/index.js';
import { readWorkspace } from '../io/workspace.js';
import { buildTopology, hostsFile, resolvConf } from './topology.js';

const SEED = 'examples/seed/seed-demo.yaml';

function seedTopology(extras = {}) {
  const ws = readWorkspace([SEED]);
  const { cluster } = Cluster.build(ws.objects);
  return buildTopology('t', cluster, ws.objects, new Map(Object.entries(ws.dns)), extras);
}

test('seed: a namespace per pod and node, one for the outside, with the manifest addresses', () => {
  const t = seedTopology();
  const byKey = new Map(t.endpoints.map((e) => [e.key, e]));
  assert.deepEqual([...byKey.keys()].sort(), ['node:node-1', 'node:node-2', 'pod:default/app1', 'pod:default/app2', 'pod:default/other', 'pod:kube-system/coredns-0', 'world']);
  assert.deepEqual(byKey.get('pod:default/app2')!.addresses, ['10.0.2.10']);
  assert.equal(byKey.get('pod:default/app2')!.node, 'node-2');
  assert.deepEqual(byKey.get('node:node-1')!.addresses, ['192.168.0.11']);
  // the outside holds every DNS answer that is not a pod or node
  assert.deepEqual(byKey.get('world')!.addresses, ['74.6.143.25', '142.250.74.36', '205.251.242.103']);
  // veth names fit IFNAMSIZ and are unique
  const veths = t.endpoints.map((e) => e.veth);
  assert.equal(new Set(veths).size, veths.length);
  assert.ok(veths.every((v) => v.length <= 15));
  assert.deepEqual(t.nodes, ['node-1', 'node-2']);
});

test('seed: container ports are served, the cluster DNS pod answers on 53 and is every pod\'s resolver', () => {
  const t = seedTopology();
  const app2 = t.endpoints.find((e) => e.key === 'pod:default/app2')!;
  assert.deepEqual(app2.ports, [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 90 }]);
  const dns = t.endpoints.find((e) => e.key === 'pod:kube-system/coredns-0')!;
  assert.ok(dns.dnsServer);
  assert.deepEqual(dns.ports, [{ protocol: 'TCP', port: 53 }, { protocol: 'UDP', port: 53 }]);
  assert.equal(t.resolver, '10.0.1.2');
  assert.match(resolvConf(t), /^nameserver 10\.0\.1\.2$/m);
  const app1 = t.endpoints.find((e) => e.key === 'pod:default/app1')!;
  const hosts = hostsFile(t, app1);
  assert.match(hosts, /^10\.0\.2\.10 app2 app2\.default app2\.default\.pod$/m, 'pods of the same namespace by short name');
  assert.match(hosts, /^10\.0\.1\.2 coredns-0\.kube-system coredns-0\.kube-system\.pod$/m, 'other namespaces only qualified');
  assert.match(hosts, /^192\.168\.0\.12 node-2$/m);
});

test('extra ports and outside addresses from tests; addresses used twice and pods without one are reported', () => {
  const t = seedTopology({ worldAddresses: ['192.0.2.10', '10.0.2.10'], ports: new Map([['pod:default/app2', [{ protocol: 'UDP', port: 5353 }]]]) });
  const world = t.endpoints.find((e) => e.key === 'world')!;
  assert.ok(world.addresses.includes('192.0.2.10'));
  assert.ok(!world.addresses.includes('10.0.2.10'), 'a pod address stays the pod\'s');
  assert.ok(t.endpoints.find((e) => e.key === 'pod:default/app2')!.ports.some((p) => p.protocol === 'UDP' && p.port === 5353));

  const withEntity = seedTopology({ entityAddresses: new Map([['kube-apiserver', '198.51.100.10']]), ports: new Map([['entity:kube-apiserver', [{ protocol: 'TCP', port: 443 }]]]) });
  const api = withEntity.endpoints.find((e) => e.key === 'entity:kube-apiserver')!;
  assert.equal(api.entity, 'kube-apiserver');
  assert.deepEqual(api.addresses, ['198.51.100.10']);
  assert.deepEqual(api.ports, [{ protocol: 'TCP', port: 443 }]);
  assert.equal(api.netnsSuffix, 'entity.kube-apiserver');

  const objects = [
    { value: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'default' }, status: { podIP: '10.1.0.1' } } },
    { value: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'default' }, status: { podIP: '10.1.0.1' } } },
    { value: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'c', namespace: 'default' } } },
    { value: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'd', namespace: 'default' }, status: { podIP: '169.254.1.1' } } },
  ];
  const { cluster } = Cluster.build(objects);
  const t2 = buildTopology('t', cluster, objects, new Map());
  // a pod the input gives no address gets one allocated by the cluster model (198.18.0.0/15)
  assert.deepEqual(t2.endpoints.map((e) => e.key), ['pod:default/a', 'pod:default/c']);
  assert.match(t2.endpoints[1]!.addresses[0]!, /^198\.1[89]\./);
  assert.equal(t2.notes.length, 2);
  assert.match(t2.notes.join('\n'), /pod default\/b is not in the lab: 10\.1\.0\.1 is already used by pod:default\/a/);
  assert.match(t2.notes.join('\n'), /pod default\/d is not in the lab: 169\.254\.1\.1 is the lab's gateway address/);
  assert.deepEqual(t2.nodes, ['']);
});
