import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseText } from '../policy/yaml-source.js';
import { workspaceFromParsed } from '../policy/workspace.js';
import { computeGraph, type ConnectivityGraph } from './graph.js';
import { buildModel } from './model.js';

function graphOf(file: string): ConnectivityGraph {
  const ws = workspaceFromParsed([{ file, parsed: parseText(readFileSync(file, 'utf8'), file) }]);
  return computeGraph(buildModel(ws.objects, { dns: { answers: ws.dns, mode: 'learn' } }));
}

function edge(g: ConnectivityGraph, from: string, to: string, kind: string) {
  const id = (name: string) => g.nodes.find((n) => n.name === name)!.id;
  return g.edges.find((e) => e.from === id(from) && e.to === id(to) && e.kind === kind);
}

describe('connectivity graph', () => {
  const seed = graphOf('examples/seed/seed-demo.yaml');

  it('has one node per identity, and the entities, with each direction\'s default deny', () => {
    assert.deepEqual(seed.nodes.map((n) => n.name).sort(), ['default:app=app1', 'default:app=app2', 'default:app=other', 'host', 'kube-apiserver', 'kube-system:k8s-app=kube-dns', 'remote-node', 'world']);
    const app1 = seed.nodes.find((n) => n.name === 'default:app=app1')!;
    assert.deepEqual([app1.egress, app1.ingress], [{ enforced: true, defaultDeny: true }, { enforced: false, defaultDeny: false }]);
    assert.deepEqual(app1.labels, ['app=app1']);
    assert.equal(app1.namespace, 'default');
  });

  it('draws allowed, L7-filtered and open connections by port', () => {
    assert.deepEqual(edge(seed, 'default:app=app1', 'default:app=app2', 'l7')?.ports, ['80/TCP']);
    assert.equal(edge(seed, 'default:app=app1', 'default:app=app2', 'allow'), undefined);
    assert.deepEqual(edge(seed, 'default:app=app1', 'kube-system:k8s-app=kube-dns', 'l7')?.ports, ['53/TCP', '53/UDP']);
    // app1's egress is default deny: nothing to app=other
    assert.equal(seed.edges.filter((e) => e.from === seed.nodes.find((n) => n.name === 'default:app=app1')!.id && e.to === seed.nodes.find((n) => n.name === 'default:app=other')!.id).length, 0);
    // app2 has no egress policy: every port open
    assert.deepEqual(edge(seed, 'default:app=app2', 'default:app=other', 'allow')?.ports, ['any']);
  });

  it('draws deny rules written for a peer as deny edges, on the side that denies', () => {
    const g = graphOf('test/conformance/features/23-deny-beats-allow.yaml');
    const deny = edge(g, 'default:app=client', 'default:app=server', 'deny');
    assert.deepEqual(deny?.deniedBy, ['ingress']);
    assert.ok(deny?.ports.includes('80/TCP'), String(deny?.ports));
    assert.deepEqual(edge(g, 'default:app=client-eg', 'default:app=server', 'deny')?.deniedBy, ['egress']);
    // allowed on 81 and the range despite the deny on 80
    assert.ok(edge(g, 'default:app=client', 'default:app=server', 'allow')?.ports.includes('81/TCP'));
  });
});
