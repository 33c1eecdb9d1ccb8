/**
 * The cluster as a graph: one node per identity (pods with equal identity labels, and the
 * entities asked for), one edge per ordered pair and kind of connection — allowed at L3/L4,
 * allowed then filtered per request by L7 rules, or denied by a deny rule — with the ports
 * it concerns. Nodes carry each direction's enforcement and default-deny state. Built from
 * the connectivity matrix (the same verdicts as every other command) and the deny entries
 * of the compiled maps.
 */

import type { Identity, ReservedName } from '../cluster/index.js';
import type { DirectionMap, Row } from '../engine/index.js';
import { formatPortRange, protocolName } from '../net/index.js';
import { computeMatrix, type Matrix, type MatrixGroup, type MatrixPort } from './matrix.js';
import type { Model } from './model.js';

export interface GraphNode {
  /** the identity number (a stable node id within one model) */
  readonly id: number;
  /** `prod:app=web`, or the entity name */
  readonly name: string;
  readonly kind: 'pods' | 'entity';
  readonly namespace?: string | undefined;
  /** the pod's own labels (`app=web`); identity labels without the namespace facts */
  readonly labels: readonly string[];
  readonly pods: readonly string[];
  readonly ingress: DirectionState;
  readonly egress: DirectionState;
}

export interface DirectionState {
  /** a policy selects the endpoint in this direction */
  readonly enforced: boolean;
  /** traffic nothing allows is dropped */
  readonly defaultDeny: boolean;
}

export type EdgeKind = 'allow' | 'l7' | 'deny';

export interface GraphEdge {
  /** node ids (identity numbers) */
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
  /**
   * allow and l7: the matrix ports the connection is allowed on (`any` when every port,
   * the one no policy names included, is allowed); deny: the ports of the deny entries
   */
  readonly ports: readonly string[];
  /** deny: the side whose deny rule matches */
  readonly deniedBy?: readonly ('egress' | 'ingress')[] | undefined;
}

export interface ConnectivityGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** the ports the allow edges were computed on */
  readonly ports: readonly MatrixPort[];
  readonly matrix: Matrix;
}

export interface GraphOptions {
  /** entities shown as nodes (default: world, host, remote-node, kube-apiserver) */
  readonly entities?: readonly ReservedName[] | undefined;
}

export const DEFAULT_GRAPH_ENTITIES: readonly ReservedName[] = ['world', 'host', 'remote-node', 'kube-apiserver'];

function ownLabels(identity: Identity): string[] {
  const out: string[] = [];
  for (const l of identity.labels.values()) {
    if (l.source !== 'k8s' || l.key.startsWith('io.kubernetes.') || l.key.startsWith('io.cilium.')) continue;
    out.push(`${l.key}=${l.value}`);
  }
  return out.sort();
}

function rowPort(r: Row): string {
  if (r.proto === 0) return 'any';
  const range = r.from === 0 && r.to === 65535 ? 'any' : formatPortRange({ from: r.from, to: r.to });
  return `${range}/${protocolName(r.proto)}`;
}

/**
 * Per peer identity, the ports of the deny entries written for that peer. Deny entries for
 * every peer (a deny from `all`) are a property of the endpoint, not an edge: they stay in
 * its resolved policy.
 */
function denyPortsByPeer(map: DirectionMap | undefined): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (!map?.policy.enforced) return out;
  for (const [peer, rows] of map.entries()) {
    const ports = rows.filter((r) => r.deny).map(rowPort);
    if (ports.length > 0) out.set(peer, ports);
  }
  return out;
}

/** The graph's nodes alone (each identity's enforcement state): cheaper than the edges, drawn first. */
export function computeGraphNodes(model: Model, options: GraphOptions = {}): GraphNode[] {
  const entities = options.entities ?? DEFAULT_GRAPH_ENTITIES;
  const pods: MatrixGroup[] = model.cluster
    .podIdentities()
    .map((identity) => ({ identity, kind: 'pods' as const, name: identity.name, pods: identity.pods.map((p) => `${p.namespace}/${p.name}`) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const reserved: MatrixGroup[] = entities.map((name) => ({ identity: model.cluster.identities.reserved(name), kind: 'entity', name, pods: [] }));
  return graphNodes(model, [...pods, ...reserved]);
}

function graphNodes(model: Model, groups: readonly MatrixGroup[]): GraphNode[] {
  return groups.map((g) => {
    const state = (dir: 'ingress' | 'egress'): DirectionState => {
      if (g.kind !== 'pods') return { enforced: false, defaultDeny: false };
      const p = model.engine.policyOf(g.identity)[dir].policy;
      return { enforced: p.enforced, defaultDeny: p.enforced && p.defaultDeny };
    };
    return {
      id: g.identity.id,
      name: g.name,
      kind: g.kind,
      namespace: g.kind === 'pods' ? g.identity.namespace : undefined,
      labels: g.kind === 'pods' ? ownLabels(g.identity) : [],
      pods: g.pods,
      ingress: state('ingress'),
      egress: state('egress'),
    };
  });
}

export function computeGraph(model: Model, options: GraphOptions = {}): ConnectivityGraph {
  const entities = options.entities ?? DEFAULT_GRAPH_ENTITIES;
  const matrix = computeMatrix(model, { entities });
  const { sources, destinations, ports } = matrix;
  // sources and destinations are the same groups in the same order when no filter is given
  const groups = sources;
  const nodes = graphNodes(model, groups);
  const control = ports.findIndex((p) => p.source === 'unmentioned');
  const edges: GraphEdge[] = [];
  const P = ports.length;
  const D = destinations.length;
  const egressDenies = sources.map((g) => (g.kind === 'pods' ? denyPortsByPeer(model.engine.policyOf(g.identity).egress) : new Map<number, string[]>()));
  const ingressDenies = destinations.map((g) => (g.kind === 'pods' ? denyPortsByPeer(model.engine.policyOf(g.identity).ingress) : new Map<number, string[]>()));
  // cell codes in matrix order: 0 A, 1 L, 2 E, 3 I, 4 X, 5 -. Pairs with equal answers share
  // one row of cells (a pattern): each pattern's allowed and filtered ports are read once.
  const { pairs, patterns } = matrix;
  const summaries = patterns.map((row) => {
    const allowed: string[] = [];
    const filtered: string[] = [];
    for (let p = 0; p < P; p++) {
      if (row[p] === 0) allowed.push(ports[p]!.label);
      else if (row[p] === 1) filtered.push(ports[p]!.label);
    }
    // every port, the one nothing names included, is allowed: the connection is open
    return { allowed: allowed.length === P && control !== -1 ? ['any'] : allowed, filtered };
  });
  for (let s = 0; s < sources.length; s++) {
    const src = sources[s]!;
    for (let d = 0; d < D; d++) {
      const dst = destinations[d]!;
      if (src.kind === 'entity' && dst.kind === 'entity') continue;
      if (src.identity === dst.identity && src.pods.length <= 1) continue;
      const summary = summaries[pairs[s * D + d]!]!;
      const from = src.identity.id;
      const to = dst.identity.id;
      if (summary.allowed.length > 0) edges.push({ from, to, kind: 'allow', ports: summary.allowed });
      if (summary.filtered.length > 0) edges.push({ from, to, kind: 'l7', ports: summary.filtered });
      const byEgress = egressDenies[s]!.get(to);
      const byIngress = ingressDenies[d]!.get(from);
      if (byEgress || byIngress) {
        edges.push({
          from,
          to,
          kind: 'deny',
          ports: [...new Set([...(byEgress ?? []), ...(byIngress ?? [])])],
          deniedBy: [...(byEgress ? ['egress' as const] : []), ...(byIngress ? ['ingress' as const] : [])],
        });
      }
    }
  }
  return { nodes, edges, ports, matrix };
}
