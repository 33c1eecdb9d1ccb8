/**
 * The web app's graph model, without a browser: the edge columns the worker sends, the
 * layout, the names drawn, and what is drawn for a large cluster (edges between namespaces
 * with the hubs named, a namespace's or an endpoint's own edges when picked).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeGraph, computeGraphNodes } from '../src/analysis/graph.js';
import { buildModel } from '../src/analysis/model.js';
import { parseText } from '../src/policy/yaml-source.js';
import { workspaceFromParsed } from '../src/policy/workspace.js';
import { boxId, filtersFrom, findHubs, LARGE_GRAPH, NO_HUBS, wantedElements, type SyncInput } from '../web/src/features/graph/graph-model.js';
import { groupOf, layoutGraph, nodeLabels, shortName } from '../web/src/features/graph/layout.js';
import { edgeAt, edgeColumns, type GraphData } from '../web/src/worker/protocol.js';
import { teamCluster } from './helpers/team-cluster.js';

const text = teamCluster();
const ws = workspaceFromParsed([{ file: 'teams.yaml', parsed: parseText(text, 'teams.yaml') }]);
const model = buildModel(ws.objects, { dns: { answers: {}, mode: 'shared' } });
const graph = computeGraph(model);
const data: GraphData = { nodes: graph.nodes, edges: { ...edgeColumns(graph), ms: 0, at: 0 } };
const nodesById = new Map(graph.nodes.map((n) => [String(n.id), n]));
const labels = nodeLabels(graph.nodes);
const idOf = (name: string) => String(graph.nodes.find((n) => shortName(n, labels) === name)!.id);

function input(params: string, patch: Partial<SyncInput> = {}): SyncInput {
  const filters = filtersFrom(new URLSearchParams(params));
  const mode = filters.edges || 'namespaces';
  return { graph: data, nodesById, filters, mode, selected: undefined, aggFontSize: 10, hubs: mode === 'namespaces' ? findHubs(data, nodesById, filters.port) : NO_HUBS, ...patch };
}

describe('web graph model', () => {
  it('is a large cluster: more identities than the graph draws edge by edge', () => {
    assert.ok(graph.nodes.length > LARGE_GRAPH, `${graph.nodes.length} nodes`);
    // the nodes sent first are the graph's nodes
    assert.deepEqual(computeGraphNodes(model).map((n) => n.id).sort(), graph.nodes.map((n) => n.id).sort());
  });

  it('sends the edges as columns that read back as the edges', () => {
    const edges = data.edges!;
    assert.equal(edges.count, graph.edges.length);
    for (let i = 0; i < graph.edges.length; i++) {
      const e = graph.edges[i]!;
      assert.deepEqual(edgeAt(edges, i), { from: e.from, to: e.to, kind: e.kind, ports: e.ports, deniedBy: e.deniedBy });
    }
    // port lists are shared, not one per edge
    assert.ok(edges.portLists.length < 20, `${edges.portLists.length} port lists for ${edges.count} edges`);
  });

  it('names nodes by their naming label, and tells namesakes apart', () => {
    assert.equal(labels.get(Number(idOf('team3:app=svc4')))!.display, 'svc4 ×2');
    assert.equal(labels.get(Number(idOf('kube-system:k8s-app=kube-dns')))!.label, 'k8s-app=kube-dns ×2');
    const canary = graph.nodes.find((n) => n.namespace === 'team0' && n.labels.includes('track=canary'))!;
    assert.equal(labels.get(canary.id)!.label, 'app=svc0 track=canary');
    assert.equal(labels.get(canary.id)!.display, 'svc0 track=canary');
  });

  it('lays namespaces out to the canvas shape, boxes apart, members inside, titles fitting', () => {
    const title = (g: string, n: number) => `${g} (${n})`;
    for (const aspect of [1.8, 1, 0.6]) {
      const layout = layoutGraph(graph.nodes, { aspect, titleSize: 20, title });
      const shape = layout.width / layout.height;
      assert.ok(shape > aspect / 2.2 && shape < aspect * 2.2, `aspect ${aspect}: drawing ${Math.round(layout.width)} x ${Math.round(layout.height)}`);
      const boxes = new Map(layout.boxes.map((b) => [b.name, b]));
      for (const a of layout.boxes) {
        assert.ok(a.width >= title(a.name, a.members).length * 20 * 0.6, `${a.name}'s title fits`);
        for (const b of layout.boxes) {
          if (a === b) continue;
          const apart = Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
          assert.ok(apart, `${a.name} and ${b.name} overlap`);
        }
      }
      for (const p of layout.placed) {
        const b = boxes.get(p.group)!;
        assert.equal(p.group, groupOf(p.node));
        assert.ok(Math.abs(p.x - b.x) < b.width / 2 && Math.abs(p.y - b.y) < b.height / 2, `${p.node.name} inside ${b.name}`);
      }
    }
  });

  it('finds the hubs: what reaches or is reached from most namespaces', () => {
    const hubs = findHubs(data, nodesById, '');
    assert.deepEqual([...hubs.out.keys()].map((id) => shortName(nodesById.get(id)!, labels)).sort(), ['host', 'monitoring:app=prometheus']);
    assert.deepEqual([...hubs.in.keys()].map((id) => shortName(nodesById.get(id)!, labels)), ['kube-system:k8s-app=kube-dns']);
    assert.equal(hubs.namespaces, 10);
    // on a port only DNS uses, prometheus reaches nothing
    assert.equal(findHubs(data, nodesById, '8080/TCP').in.size, 0);
  });

  it('draws a large cluster between namespaces, leaving the hubs\' lines out', () => {
    const { wanted, visible, identityEdges } = wantedElements(input(''), false);
    assert.equal(identityEdges, 0);
    assert.equal(visible.size, graph.nodes.length);
    const lines = [...wanted.values()].map((e) => e.data as { source: string; target: string; count: number });
    const between = (a: string, b: string) => lines.filter((l) => l.source === a && l.target === b);
    // the one connection between two teams
    assert.deepEqual(between(boxId('team0'), boxId('team1')).map((l) => l.count), [1]);
    // the hubs' lines are left out: into kube-dns's namespace, out of prometheus's, out of host
    assert.deepEqual(lines.filter((l) => l.target === boxId('kube-system') || l.source === boxId('monitoring') || l.source === idOf('host')), []);
    // the rest are namespaces' and entities' own (kube-dns has no egress policy: it reaches prometheus)
    assert.deepEqual(between(boxId('kube-system'), boxId('monitoring')).map((l) => l.count), [1]);
    // no namespace to itself
    assert.ok(lines.every((l) => l.source !== l.target));
  });

  it('draws a picked namespace\'s own connections between identities, and its peers', () => {
    const { wanted, visible } = wantedElements(input('ns=team1'), false);
    const ends = [...wanted.values()].map((e) => e.data as { source: string; target: string });
    assert.ok(ends.length > 0);
    for (const e of ends) assert.ok([e.source, e.target].some((id) => nodesById.get(id)!.namespace === 'team1'), `${e.source} > ${e.target} touches team1`);
    assert.ok(ends.some((e) => e.source === idOf('team0:app=svc1') && e.target === idOf('team1:app=svc1')));
    for (const peer of ['team0:app=svc1', 'kube-system:k8s-app=kube-dns', 'monitoring:app=prometheus', 'host']) assert.ok(visible.has(idOf(peer)), `${peer} shown`);
    assert.ok(!visible.has(idOf('team2:app=svc1')), 'team2 is not a peer of team1');
  });

  it('draws a selected endpoint\'s own connections over the namespace lines', () => {
    const svc1 = idOf('team0:app=svc1');
    const { wanted } = wantedElements(input('', { selected: svc1 }), false);
    const own = [...wanted.values()].filter((e) => (e.classes as string).includes('ident'));
    assert.ok(own.some((e) => (e.data as { target: string }).target === idOf('team1:app=svc1')));
    for (const e of own) assert.ok([(e.data as { source: string }).source, (e.data as { target: string }).target].includes(svc1));
  });

  it('draws every identity edge when asked', () => {
    const { identityEdges } = wantedElements(input('edges=identities'), true);
    assert.equal(identityEdges, graph.edges.filter((e) => e.kind !== 'deny').length);
  });
});
