import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cluster, withDefaultNamespace, type K8sObject } from '../cluster/index.js';
import { parseEndpointRef, resolveEndpointRef, resolveFlow, type EndpointRef } from './flow-endpoint.js';

type Obj = Record<string, unknown>;
const obj = (value: Obj): K8sObject => ({ value });

const objects: K8sObject[] = [
  obj({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'shop', labels: { app: 'client' } }, spec: {}, status: { podIP: '10.0.0.9' } }),
  obj({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'cart', namespace: 'shop' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'cart' } },
      template: { metadata: { labels: { app: 'cart' } }, spec: { containers: [{ name: 'c', ports: [{ name: 'web', containerPort: 8080 }] }] } },
    },
  }),
  obj({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'cart', namespace: 'shop' }, spec: { clusterIP: '10.96.0.10', selector: { app: 'cart' }, ports: [{ port: 80, targetPort: 'web' }, { port: 81, targetPort: 9000 }] } }),
  obj({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'cart-headless', namespace: 'shop' }, spec: { clusterIP: 'None', selector: { app: 'cart' }, ports: [{ port: 8080 }] } }),
  obj({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } }),
  obj({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'gone', namespace: 'shop' }, spec: { selector: { app: 'gone' }, ports: [{ port: 80 }] } }),
  obj({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } }),
];
const { cluster } = Cluster.build(objects);
const noDns = new Map<string, string[]>();

function flow(from: EndpointRef, to: EndpointRef, port = 80) {
  return resolveFlow({ from, to, protocol: 'TCP', port }, cluster, noDns, 'shop');
}

describe('endpoint references', () => {
  it('parses kinds, kubectl short names and bare addresses', () => {
    assert.deepEqual(parseEndpointRef('deployment:shop/cart'), { deployment: 'shop/cart' });
    assert.deepEqual(parseEndpointRef('deploy:cart'), { deployment: 'cart' });
    assert.deepEqual(parseEndpointRef('sts:db'), { statefulset: 'db' });
    assert.deepEqual(parseEndpointRef('svc:shop/cart'), { service: 'shop/cart' });
    assert.deepEqual(parseEndpointRef('Service:cart'), { service: 'cart' });
    assert.deepEqual(parseEndpointRef('10.0.0.1'), { ip: '10.0.0.1' });
    assert.equal(parseEndpointRef('bogus:x'), undefined);
    assert.equal(parseEndpointRef('pod:'), undefined);
  });

  it('a workload is its first pod, in the default namespace when none is written', () => {
    const r = resolveEndpointRef({ deployment: 'cart' }, cluster, noDns, 'shop');
    assert.ok(r.ok);
    assert.equal(r.endpoint.kind === 'pod' && r.endpoint.pod.name, 'cart-0');
    assert.equal(r.note, 'Deployment shop/cart is pod shop/cart-0 (the first of its 2 pods)');
    const missing = resolveEndpointRef({ statefulset: 'shop/cart' }, cluster, noDns);
    assert.deepEqual(missing, { ok: false, error: 'no StatefulSet shop/cart in the input, and no pod of it' });
  });

  it('pod:NAME that is a workload or a service says which endpoint to use', () => {
    const r = resolveEndpointRef({ pod: 'cart' }, cluster, noDns, 'shop');
    assert.deepEqual(r, { ok: false, error: 'no pod shop/cart in the input; shop/cart is a Deployment: use deployment:shop/cart' });
  });

  it('a service destination goes to a backend at the target port (named ports resolved on the backend)', () => {
    const r = flow({ pod: 'client' }, { service: 'cart' });
    assert.ok(r.ok);
    assert.equal(r.flow.to.kind === 'pod' && r.flow.to.pod.name, 'cart-0');
    assert.equal(r.flow.port, 8080);
    assert.match(r.notes[0]!, /^service shop\/cart port 80\/TCP: Cilium translates it to backend shop\/cart-0:8080 \(1 of 2 backends/);
    const numbered = flow({ pod: 'client' }, { service: 'shop/cart' }, 81);
    assert.ok(numbered.ok && numbered.flow.port === 9000);
  });

  it('a headless service goes to a backend on the same port', () => {
    const r = flow({ pod: 'client' }, { service: 'cart-headless' }, 8080);
    assert.ok(r.ok);
    assert.equal(r.flow.port, 8080);
    assert.match(r.notes[0]!, /headless/);
  });

  it('services that reach no backend, or not on this port, are clear errors', () => {
    const port = flow({ pod: 'client' }, { service: 'cart' }, 443);
    assert.deepEqual(port, { ok: false, side: 'to', error: 'service shop/cart, which has no TCP port 443 (its ports: 80/TCP, 81/TCP)' });
    const manual = flow({ pod: 'client' }, { service: 'manual' });
    assert.ok(!manual.ok && /has no selector and no EndpointSlice or Endpoints of it in the input/.test(manual.error));
    const gone = flow({ pod: 'client' }, { service: 'gone' });
    assert.ok(!gone.ok && /selects pods labelled app=gone in namespace shop, and no pod of the input has them/.test(gone.error));
    const ext = flow({ pod: 'client' }, { service: 'ext' });
    assert.ok(!ext.ok && /ExternalName: its name is a DNS alias of db\.example\.com.*fqdn:db\.example\.com/.test(ext.error));
    const absent = flow({ service: 'nope' }, { pod: 'client' });
    assert.deepEqual(absent, { ok: false, side: 'from', error: 'no service shop/nope in the input' });
  });

  it('a service as a source is one of its backends', () => {
    const r = flow({ service: 'cart' }, { pod: 'client' });
    assert.ok(r.ok);
    assert.equal(r.flow.from.kind === 'pod' && r.flow.from.pod.name, 'cart-0');
    assert.equal(r.flow.port, 80, 'the port of a flow from a service is not translated');
  });

  it('an input without pods says so', () => {
    const empty = Cluster.build([]).cluster;
    const r = resolveEndpointRef({ pod: 'default/a' }, empty, noDns);
    assert.ok(!r.ok && /^no pod default\/a: the input has no pods: add a cluster dump \(kubectl get pods,namespaces/.test(r.error));
    const d = resolveEndpointRef({ deployment: 'a' }, empty, noDns);
    assert.ok(!d.ok && /^no Deployment default\/a: the input has no pods/.test(d.error));
  });
});

describe('-n: the namespace of objects that name none', () => {
  it('fills namespaced kinds only, and keeps a namespace that is written', () => {
    const input = [
      obj({ kind: 'Deployment', metadata: { name: 'a' } }),
      obj({ kind: 'CiliumNetworkPolicy', metadata: { name: 'p', namespace: '' } }),
      obj({ kind: 'Pod', metadata: { name: 'b', namespace: 'kept' } }),
      obj({ kind: 'CiliumClusterwideNetworkPolicy', metadata: { name: 'c' } }),
      obj({ kind: 'Namespace', metadata: { name: 'n' } }),
    ];
    const out = withDefaultNamespace(input, 'shop').map((o) => (o.value.metadata as Obj).namespace);
    assert.deepEqual(out, ['shop', 'shop', 'kept', undefined, undefined]);
    assert.equal((input[0]!.value.metadata as Obj).namespace, undefined, 'the input objects are not changed');
  });
});
