/**
 * What the graph view draws, from the graph's data, the filters and the selection: which
 * nodes are visible, which edges (between identities, or between namespaces with the hubs
 * left out), as Cytoscape element definitions. No drawing here (test/web-graph.test.ts).
 */

import type { ElementDefinition } from 'cytoscape';
import type { GraphNode } from '../../../../src/analysis/graph.js';
import { EDGE_KINDS, type GraphData } from '../../worker/protocol.js';
import { groupOf } from './layout.js';

/**
 * Above this many identities the graph starts with its edges drawn between namespaces (one
 * per pair of namespaces and kind, as wide as the connections it stands for): 500 identities
 * have thousands of connections, which drawn one by one are a hairball. A namespace's or an
 * endpoint's own connections are drawn when it is picked; the toolbar draws them all.
 */
export const LARGE_GRAPH = 150;

export type EdgeMode = 'namespaces' | 'identities';

export interface Filters {
  ns: string;
  label: string;
  port: string;
  deny: boolean;
  entities: boolean;
  /** empty: the default for the graph's size */
  edges: EdgeMode | '';
}

export function filtersFrom(params: URLSearchParams): Filters {
  const edges = params.get('edges');
  return {
    ns: params.get('ns') ?? '',
    label: params.get('label') ?? '',
    port: params.get('port') ?? '',
    deny: params.get('deny') === '1',
    entities: params.get('entities') !== '0',
    edges: edges === 'namespaces' || edges === 'identities' ? edges : '',
  };
}

export function toParams(f: Filters, node: string | undefined): Record<string, string | undefined> {
  return { ns: f.ns || undefined, label: f.label || undefined, port: f.port || undefined, deny: f.deny ? '1' : undefined, entities: f.entities ? undefined : '0', edges: f.edges || undefined, node };
}

export function dirClass(n: GraphNode): string {
  const i = n.ingress.defaultDeny;
  const e = n.egress.defaultDeny;
  return i && e ? 'dd-both' : i ? 'dd-in' : e ? 'dd-out' : 'dd-none';
}

export const boxId = (group: string) => `group:${group}`;
export const DENY = EDGE_KINDS.indexOf('deny');
/** drawn at most (the deny toggle on a large cluster: tens of thousands) */
export const MAX_DENY_EDGES = 5000;
/** more identity edges than this are drawn the cheap way (haystack lines, no arrows) */
export const BULK_EDGES = 1000;

/** Endpoints that reach (out) or are reached from (in) most namespaces: drawn as landmarks, their lines left out of the namespace view. */
export interface Hubs {
  readonly out: ReadonlyMap<string, number>;
  readonly in: ReadonlyMap<string, number>;
  /** namespaces with pods */
  readonly namespaces: number;
}

export const NO_HUBS: Hubs = { out: new Map(), in: new Map(), namespaces: 0 };

export function portsAllowed(graph: GraphData, port: string): boolean[] {
  return (graph.edges?.portLists ?? []).map((ports) => !port || ports.includes(port) || ports.includes('any'));
}

/** An endpoint connected with at least 60% of the other namespaces, in one direction, is a hub. */
export function findHubs(graph: GraphData, nodesById: ReadonlyMap<string, GraphNode>, port: string): Hubs {
  const edges = graph.edges;
  if (!edges) return NO_HUBS;
  const portOk = portsAllowed(graph, port);
  const namespaces = new Set<string>();
  for (const n of graph.nodes) if (n.kind === 'pods') namespaces.add(groupOf(n));
  const reach = { out: new Map<string, Set<string>>(), in: new Map<string, Set<string>>() };
  const add = (m: Map<string, Set<string>>, id: string, ns: string) => {
    let set = m.get(id);
    if (!set) m.set(id, (set = new Set()));
    set.add(ns);
  };
  for (let i = 0; i < edges.count; i++) {
    if (edges.kind[i] === DENY || !portOk[edges.ports[i]!]) continue;
    const f = nodesById.get(String(edges.from[i]));
    const t = nodesById.get(String(edges.to[i]));
    if (!f || !t || groupOf(f) === groupOf(t)) continue;
    if (t.kind === 'pods') add(reach.out, String(f.id), groupOf(t));
    if (f.kind === 'pods') add(reach.in, String(t.id), groupOf(f));
  }
  const pick = (m: Map<string, Set<string>>) => {
    const out = new Map<string, number>();
    for (const [id, set] of m) {
      const own = nodesById.get(id)!.kind === 'pods' ? 1 : 0;
      if (set.size >= Math.max(3, Math.ceil(0.6 * (namespaces.size - own)))) out.set(id, set.size);
    }
    return out;
  };
  return { out: pick(reach.out), in: pick(reach.in), namespaces: namespaces.size };
}

export interface SyncInput {
  readonly graph: GraphData;
  readonly nodesById: ReadonlyMap<string, GraphNode>;
  readonly filters: Filters;
  readonly mode: EdgeMode;
  readonly selected: string | undefined;
  /** font size of the namespace edges' labels, in graph units */
  readonly aggFontSize: number;
  readonly hubs: Hubs;
}

/** What the filters show, and the edges to draw for it. */
export function wantedElements({ graph, nodesById, filters, mode, selected, aggFontSize, hubs }: SyncInput, bulk: boolean) {
  const edges = graph.edges;
  const labelNeedle = filters.label.trim().toLowerCase();
  const matches = (n: GraphNode) =>
    (!filters.ns || groupOf(n) === filters.ns) &&
    (!labelNeedle || n.labels.some((l) => l.toLowerCase().includes(labelNeedle)) || n.name.toLowerCase().includes(labelNeedle)) &&
    (filters.entities || n.kind !== 'entity');
  const filtering = !!filters.ns || !!labelNeedle;
  const matched = new Set<string>();
  for (const n of graph.nodes) if (matches(n)) matched.add(String(n.id));
  const visible = new Set(matched);
  const portOk = portsAllowed(graph, filters.port);
  // with a filter, the matched nodes' direct peers stay visible too
  if (filtering && edges) {
    for (let i = 0; i < edges.count; i++) {
      if (edges.kind[i] === DENY || !portOk[edges.ports[i]!]) continue;
      const f = String(edges.from[i]);
      const t = String(edges.to[i]);
      if (matched.has(f) === matched.has(t)) continue;
      const peer = nodesById.get(matched.has(f) ? t : f);
      if (peer && (filters.entities || peer.kind !== 'entity')) visible.add(peer.id.toString());
    }
  }
  const wanted = new Map<string, ElementDefinition>();
  if (!edges) return { wanted, visible, matched, identityEdges: 0 };
  const style = bulk ? ' bulk' : ' curved';
  let identityEdges = 0;
  const aggregate = mode === 'namespaces' && !filtering;
  const counts = new Map<string, { kind: number; from: string; to: string; count: number }>();
  for (let i = 0; i < edges.count; i++) {
    const k = edges.kind[i]!;
    if (k === DENY || !portOk[edges.ports[i]!]) continue;
    const f = String(edges.from[i]);
    const t = String(edges.to[i]);
    if (!visible.has(f) || !visible.has(t)) continue;
    const own = mode === 'identities' || (filtering && (matched.has(f) || matched.has(t))) || (selected !== undefined && (f === selected || t === selected));
    if (own) {
      const kind = EDGE_KINDS[k]!;
      const id = `${kind}:${f}>${t}`;
      const ports = edges.portLists[edges.ports[i]!]!;
      wanted.set(id, { group: 'edges', data: { id, source: f, target: t, label: ports.join(' ') }, classes: `${kind} ident${style}` });
      identityEdges++;
    }
    if (aggregate && !hubs.out.has(f) && !hubs.in.has(t)) {
      // an entity is its own end; pods end at their namespace's box
      const a = nodesById.get(f)!;
      const b = nodesById.get(t)!;
      const from = a.kind === 'entity' ? f : boxId(groupOf(a));
      const to = b.kind === 'entity' ? t : boxId(groupOf(b));
      if (from === to) continue;
      const key = `${k}:${from}>${to}`;
      const c = counts.get(key);
      if (c) c.count++;
      else counts.set(key, { kind: k, from, to, count: 1 });
    }
  }
  for (const [key, c] of counts) {
    const id = `agg:${key}:${c.count}`;
    const kind = EDGE_KINDS[c.kind]!;
    wanted.set(id, { group: 'edges', data: { id, source: c.from, target: c.to, count: c.count, label: String(c.count), fontSize: aggFontSize }, classes: `${kind} agg` });
  }
  // deny edges: all of them on request (capped), else the selected endpoint's
  let denies = 0;
  for (let i = 0; i < edges.count && denies < MAX_DENY_EDGES; i++) {
    if (edges.kind[i] !== DENY) continue;
    const f = String(edges.from[i]);
    const t = String(edges.to[i]);
    if (!(filters.deny || f === selected || t === selected) || !visible.has(f) || !visible.has(t)) continue;
    const id = `deny:${f}>${t}`;
    wanted.set(id, { group: 'edges', data: { id, source: f, target: t, label: `deny ${edges.portLists[edges.ports[i]!]!.join(' ')}` }, classes: `deny ident${style}` });
    denies++;
  }
  return { wanted, visible, matched, identityEdges };
}

