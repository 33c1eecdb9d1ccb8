/**
 * Who can reach whom: sources x destinations x ports, computed per identity (pods with equal
 * identity labels are one group) and per port class, from the compiled policy maps — the
 * same precedence as every other verdict, at the speed of table lookups.
 */

import type { Identity, ReservedName } from '../cluster/index.js';
import { PortList } from '../engine/index.js';
import { PROTO_ICMP, PROTO_SCTP, PROTO_TCP, PROTO_UDP, protocolName, protocolNumber, type FlowProtocol } from '../net/index.js';
import type { Model } from './model.js';

export interface GroupFilter {
  readonly namespace?: string | undefined;
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

/** `prod`, `prod/app=web,tier=db`, `app=web` (any namespace), or `*`. */
export function parseGroupFilter(text: string): GroupFilter | string {
  if (text === '*' || text === '') return {};
  const slash = text.indexOf('/');
  const nsPart = slash === -1 ? (text.includes('=') ? undefined : text) : text.slice(0, slash);
  const labelPart = slash === -1 ? (text.includes('=') ? text : '') : text.slice(slash + 1);
  const labels: Record<string, string> = {};
  for (const kv of labelPart.split(',').filter(Boolean)) {
    const eq = kv.indexOf('=');
    if (eq <= 0) return `cannot read "${kv}" in "${text}": labels are key=value`;
    labels[kv.slice(0, eq).trim()] = kv.slice(eq + 1).trim();
  }
  return { namespace: nsPart === '*' ? undefined : nsPart, labels };
}

export interface MatrixPort {
  readonly protocol: FlowProtocol;
  readonly port: number;
  /** `80/TCP`, `8/ICMP` */
  readonly label: string;
  /** why the port is a column: a policy or a container names it, or it is the unmentioned control */
  readonly source: 'policy' | 'container' | 'unmentioned' | 'user';
}

export interface MatrixGroup {
  readonly identity: Identity;
  readonly kind: 'pods' | 'entity';
  /** `prod:app=web` or `world` */
  readonly name: string;
  readonly pods: readonly string[];
  /** those of `pods` synthesized from a workload (not in the input) */
  readonly synthesizedPods?: readonly string[] | undefined;
}

/**
 * A cell per (source, destination, port):
 * A allowed; L allowed, through the L7 proxy (HTTP/DNS rules decide per request);
 * E denied by the source's egress; I denied by the destination's ingress; X denied by both;
 * - not applicable (a single pod and itself, or two non-pod endpoints).
 */
export type CellCode = 'A' | 'L' | 'E' | 'I' | 'X' | '-';

export const CELL_LEGEND: Readonly<Record<CellCode, string>> = {
  A: 'allowed',
  L: 'allowed, then filtered per request by L7 (HTTP/DNS) rules',
  E: "denied by the source's egress policy",
  I: "denied by the destination's ingress policy",
  X: 'denied by both sides',
  '-': 'not applicable',
};

const CODES: readonly CellCode[] = ['A', 'L', 'E', 'I', 'X', '-'];

export interface MatrixOptions {
  readonly from?: GroupFilter | undefined;
  readonly to?: GroupFilter | undefined;
  /** explicit ports; default: every port a policy or container mentions, plus one that none does */
  readonly ports?: readonly { protocol: FlowProtocol; port: number }[] | undefined;
  /** non-pod endpoints to add on both axes */
  readonly entities?: readonly ReservedName[] | undefined;
}

export interface Matrix {
  readonly sources: readonly MatrixGroup[];
  readonly destinations: readonly MatrixGroup[];
  readonly ports: readonly MatrixPort[];
  /**
   * The row of cells of each (source, destination) pair, pairs[s * destinations + d], as an
   * index into `patterns`: pairs with equal answers share one row, so a 5,000 x 5,000
   * identity matrix takes a few bytes per pair, not one per cell.
   */
  readonly pairs: Uint16Array | Uint32Array;
  /** distinct rows of cells, one code per port (index into CellCode order A L E I X -) */
  readonly patterns: readonly Uint8Array[];
  /**
   * Every cell, cells[(s * destinations + d) * ports + p] (same codes), built on first read:
   * sources x destinations x ports bytes, so large clusters should read pairs/patterns.
   */
  readonly cells: Uint8Array;
  cell(source: number, destination: number, port: number): CellCode;
}

/** The code letters of a pattern, one per port: `AAEI-`. */
export function patternText(pattern: Uint8Array): string {
  let text = '';
  for (let p = 0; p < pattern.length; p++) text += CODES[pattern[p]!]!;
  return text;
}

/** Whether an identity is in a `--from`/`--to` group filter (no filter: everyone). */
export function matchesGroupFilter(identity: Identity, filter: GroupFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.namespace !== undefined && identity.namespace !== filter.namespace) return false;
  for (const [k, v] of Object.entries(filter.labels ?? {})) {
    const label = identity.labels.get(k);
    if (!label || label.value !== v) return false;
  }
  return true;
}

function podGroups(model: Model, filter: GroupFilter | undefined): MatrixGroup[] {
  return model.cluster
    .podIdentities()
    .filter((i) => matchesGroupFilter(i, filter))
    .map((identity) => ({
      identity,
      kind: 'pods' as const,
      name: identity.name,
      pods: identity.pods.map((p) => `${p.namespace}/${p.name}`),
      synthesizedPods: identity.pods.filter((p) => p.synthesized).map((p) => `${p.namespace}/${p.name}`),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The ports policies and containers name, per protocol, plus one port nothing names. */
export function mentionedPorts(model: Model): MatrixPort[] {
  const seen = new Map<string, MatrixPort>();
  const add = (proto: number, port: number, source: MatrixPort['source']) => {
    const protocol = protocolName(proto) as FlowProtocol;
    const key = `${proto}/${port}`;
    if (!seen.has(key)) seen.set(key, { protocol, port, label: `${port}/${protocol}`, source });
  };
  const ranges: { proto: number; from: number; to: number }[] = [];
  const containerPorts = new Map<string, { proto: number; port: number }[]>();
  // pods of one identity share their named ports (Cilium 1.20's named-ports identity label)
  for (const identity of model.cluster.podIdentities()) {
    const pod = identity.pods[0];
    if (!pod) continue;
    for (const np of pod.namedPorts) {
      const proto = protocolNumber(np.protocol as FlowProtocol);
      add(proto, np.port, 'container');
      const list = containerPorts.get(np.name) ?? [];
      list.push({ proto, port: np.port });
      containerPorts.set(np.name, list);
    }
  }
  for (const entry of model.engine.repository.entries) {
    for (const pr of entry.portRules ?? []) {
      for (const spec of pr.ports) {
        const protos = spec.protocol === 0 ? [PROTO_TCP, PROTO_UDP] : [spec.protocol];
        if (spec.name !== undefined) {
          for (const cp of containerPorts.get(spec.name) ?? []) add(cp.proto, cp.port, 'policy');
          continue;
        }
        const port = spec.port ?? 0;
        if (port === 0) continue;
        for (const proto of protos) {
          add(proto, port, 'policy');
          if (spec.endPort !== undefined && spec.endPort > port) {
            add(proto, spec.endPort, 'policy');
            ranges.push({ proto, from: port, to: spec.endPort });
          }
        }
      }
    }
  }
  // a control column: a TCP port nothing names, to show each side's default
  const named = (p: number) => seen.has(`${PROTO_TCP}/${p}`) || ranges.some((r) => r.proto === PROTO_TCP && p >= r.from && p <= r.to);
  let free = 9999;
  while (named(free) && free < 65535) free++;
  add(PROTO_TCP, free, 'unmentioned');
  const order = (p: MatrixPort) => [PROTO_TCP, PROTO_UDP, PROTO_SCTP, PROTO_ICMP].indexOf(protocolNumber(p.protocol));
  return [...seen.values()].sort((a, b) => order(a) - order(b) || a.port - b.port);
}

export function computeMatrix(model: Model, options: MatrixOptions = {}): Matrix {
  const { engine, cluster } = model;
  const entityGroups: MatrixGroup[] = (options.entities ?? []).map((name) => ({
    identity: cluster.identities.entity(name),
    kind: 'entity',
    name,
    pods: [],
  }));
  const sources = [...podGroups(model, options.from), ...(options.from ? [] : entityGroups)];
  const destinations = [...podGroups(model, options.to), ...(options.to ? [] : entityGroups)];
  const ports: MatrixPort[] = options.ports
    ? options.ports.map((p) => ({ ...p, label: `${p.port}/${p.protocol}`, source: 'user' as const }))
    : mentionedPorts(model);
  const list = new PortList(ports.map((p) => ({ proto: protocolNumber(p.protocol), port: p.port })));
  // PortList sorts by protocol number; map back to the column order we show
  const column = ports.map((p) => list.lowerBound(protocolNumber(p.protocol), p.port));
  const universe = engine.identityUniverse();
  for (const g of [...sources, ...destinations]) {
    if (g.kind !== 'pods') continue;
    const p = engine.policyOf(g.identity);
    p.egress.materialize(universe);
    p.ingress.materialize(universe);
  }
  const P = ports.length;
  const D = destinations.length;
  // a pair's cells depend only on the two verdict tables that answer it (the source's egress
  // for the destination, the destination's ingress for the source): one row per distinct pair
  const patterns: Uint8Array[] = [new Uint8Array(P).fill(5)];
  const allow = new Uint8Array(list.length).fill(1);
  const codesOf = (table: number) => (table < 0 ? allow : engine.tables.codesFor(table, list, list.keys));
  // pattern of each (egress table, ingress table) pair: a dense array while the engine has
  // few tables (the usual case: tens), a map otherwise
  const side = engine.tables.size + 1;
  const dense = side * side <= 1 << 22 ? new Int32Array(side * side).fill(-1) : undefined;
  const byTables = new Map<number, number>();
  const patternOf = (egressTable: number, ingressTable: number): number => {
    // (a table made while computing, for an identity outside the maps' universe, goes to the map)
    const inDense = dense !== undefined && egressTable + 1 < side && ingressTable + 1 < side;
    const key = inDense ? (egressTable + 1) * side + (ingressTable + 1) : (egressTable + 1) * 4294967296 + (ingressTable + 1);
    let id = inDense ? dense[key]! : byTables.get(key) ?? -1;
    if (id >= 0) return id;
    const e = codesOf(egressTable);
    const n = codesOf(ingressTable);
    const row = new Uint8Array(P);
    for (let c = 0; c < P; c++) {
      const i = column[c]!;
      row[c] = e[i] === 0 && n[i] === 0 ? 4 : e[i] === 0 ? 2 : n[i] === 0 ? 3 : e[i] === 2 || n[i] === 2 ? 1 : 0;
    }
    id = patterns.length;
    patterns.push(row);
    if (inDense) dense[key] = id;
    else byTables.set(key, id);
    return id;
  };
  let pairs: Uint16Array | Uint32Array = new Uint16Array(sources.length * D);
  const egressMaps = sources.map((g) => (g.kind === 'pods' ? engine.policyOf(g.identity).egress : undefined));
  const ingressMaps = destinations.map((g) => (g.kind === 'pods' ? engine.policyOf(g.identity).ingress : undefined));
  for (let s = 0; s < sources.length; s++) {
    const src = sources[s]!;
    const egressMap = egressMaps[s];
    for (let d = 0; d < D; d++) {
      const dst = destinations[d]!;
      const loopback = src.identity === dst.identity && src.kind === 'pods' && src.pods.length === 1;
      if (loopback || (src.kind === 'entity' && dst.kind === 'entity')) continue; // pattern 0: not applicable
      const ingressMap = ingressMaps[d];
      const id = patternOf(egressMap ? egressMap.tableId(dst.identity) : -1, ingressMap ? ingressMap.tableId(src.identity) : -1);
      if (id > 65535 && pairs instanceof Uint16Array) pairs = Uint32Array.from(pairs);
      pairs[s * D + d] = id;
    }
  }
  let cells: Uint8Array | undefined;
  return {
    sources,
    destinations,
    ports,
    pairs,
    patterns,
    get cells() {
      if (!cells) {
        cells = new Uint8Array(pairs.length * P);
        for (let i = 0; i < pairs.length; i++) cells.set(patterns[pairs[i]!]!, i * P);
      }
      return cells;
    },
    cell: (s, d, p) => CODES[patterns[pairs[s * D + d]!]![p]!]!,
  };
}
