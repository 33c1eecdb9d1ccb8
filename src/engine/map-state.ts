/**
 * MapState: the endpoint's policy as the datapath holds it (pkg/policy/mapstate.go): rows
 * keyed by peer identity (0 = any identity), protocol (0 = any) and port range, each allow or
 * deny, with a proxy redirect when L7 rules apply. Named ports are resolved here: on ingress
 * against the endpoint's own ports, on egress against each destination identity's ports.
 * Rows for the identities known at compile time are built from the selector cache; rows for
 * an identity first seen later are built on demand.
 */

import { namedPortsOf, type Identity } from '../cluster/index.js';
import { maskedPortBlocks, protocolName } from '../net/index.js';
import type { Direction } from '../policy/entry.js';
import { authPasses, flowAuth } from './auth.js';
import type { EnvoyRejection } from './envoy.js';
import type { L4Filter, PerSelectorPolicy } from './l4-filter.js';
import type { DirectionPolicy, SelectorPolicy } from './resolve.js';
import type { SelectorCache } from './selector-cache.js';
import { DEFAULT_AGENT_SETTINGS, type AgentSettings } from '../cluster/index.js';

export interface Row {
  /** 0 = every protocol */
  readonly proto: number;
  readonly from: number;
  readonly to: number;
  readonly deny: boolean;
  /** traffic is redirected to the L7 proxy (HTTP or DNS rules apply) */
  readonly redirect: boolean;
  readonly filter: L4Filter;
  readonly policy: PerSelectorPolicy;
}

export const WILDCARD_IDENTITY = 0;

/** A sorted list of (protocol, port) pairs, searchable by row bounds. */
export class PortList {
  readonly protos: Uint16Array;
  readonly ports: Uint32Array;
  readonly scratchDeny: Uint8Array;
  constructor(entries: readonly { proto: number; port: number }[]) {
    const sorted = [...entries].sort((a, b) => a.proto - b.proto || a.port - b.port);
    this.protos = Uint16Array.from(sorted.map((e) => e.proto));
    this.ports = Uint32Array.from(sorted.map((e) => e.port));
    this.scratchDeny = new Uint8Array(sorted.length);
  }
  get length(): number {
    return this.ports.length;
  }
  /** First index whose (proto, port) is >= (proto, port). */
  lowerBound(proto: number, port: number): number {
    let lo = 0;
    let hi = this.ports.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = this.protos[mid]!;
      if (p < proto || (p === proto && this.ports[mid]! < port)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
const EMPTY_ROWS: readonly Row[] = [];

/** Marks the ports each row covers: allow codes in `out` (1, or 2 through a proxy), denies in `deny`. */
function markPorts(rows: readonly Row[], ports: PortList, out: Uint8Array, deny: Uint8Array): void {
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j]!;
    let lo = 0;
    let hi = ports.length;
    if (row.proto !== 0) {
      lo = ports.lowerBound(row.proto, row.from);
      hi = ports.lowerBound(row.proto, row.to + 1);
    }
    const code = row.redirect ? 2 : 1;
    for (let i = lo; i < hi; i++) {
      if (row.deny) deny[i] = 1;
      else if (out[i]! < code) out[i] = code;
    }
  }
}

/**
 * The row sends matching traffic to Envoy: HTTP rules, or a listener / TLS interception that
 * Membrane otherwise treats as an L4 allow. DNS rules redirect to the DNS proxy instead.
 */
export function isEnvoyRedirect(row: Row): boolean {
  if (row.deny) return false;
  if (row.redirect) return row.policy.l7?.kind === 'http';
  return row.policy.contributions.some((c) => c.kind === 'rule' && c.portRule?.envoyWithoutL7 === true);
}

export function rowMatches(row: Row, proto: number, port: number): boolean {
  return row.proto === 0 || (row.proto === proto && port >= row.from && port <= row.to);
}

const namedPortCache = new WeakMap<Identity, Map<string, Set<number>>>();

/**
 * The number a named port has on an identity's pods (`name`, lower-case, and the filter's
 * protocol), or undefined when absent or ambiguous. Computed once per identity.
 */
export function namedPortNumber(identity: Identity, name: string, proto: number): number | undefined {
  let ports = namedPortCache.get(identity);
  if (!ports) namedPortCache.set(identity, (ports = namedPortsOf(identity.pods)));
  const numbers = ports.get(`${name}/${protocolName(proto)}`);
  if (!numbers || numbers.size !== 1) return undefined;
  return [...numbers][0];
}

export class DirectionMap {
  readonly wildcardRows: Row[] = [];
  /** identity-specific rows, by the peer identity's dense index */
  private rowsByIndex: (Row[] | undefined)[] = [];
  /** peer identity ids, by dense index (for listing the map) */
  private readonly idByIndex: number[] = [];
  /** identities whose rows are complete: the universe materialized, plus ones built on demand */
  private materializedUniverse: ReadonlySet<number> = new Set();
  private materialized = new Set<number>();
  /** whether Envoy refuses the endpoint's network policy (set by EndpointPolicy, computed on first use) */
  envoyRejected: () => boolean = () => false;

  constructor(
    readonly policy: DirectionPolicy,
    private readonly subject: Identity,
    private readonly selectors: SelectorCache,
    private readonly settings: AgentSettings = DEFAULT_AGENT_SETTINGS,
  ) {
    for (const filter of policy.filters) {
      for (const psp of filter.perSelector.values()) {
        if (psp.peer.peer.kind !== 'wildcard') continue;
        if (filter.portName !== undefined && policy.direction === 'egress') continue; // per destination
        const range = this.range(filter, undefined);
        if (range) this.wildcardRows.push(this.row(filter, psp, range));
      }
    }
  }

  get direction(): Direction {
    return this.policy.direction;
  }

  private range(filter: L4Filter, peer: Identity | undefined): { from: number; to: number } | undefined {
    if (filter.portName === undefined) return { from: filter.port, to: filter.endPort };
    if (this.policy.direction === 'ingress') {
      const n = namedPortNumber(this.subject, filter.portName, filter.protocol);
      if (n === undefined) return undefined;
      const end = filter.namedEndPort !== undefined && filter.namedEndPort > n ? filter.namedEndPort : n;
      return { from: n, to: end };
    }
    if (!peer) return undefined;
    const n = namedPortNumber(peer, filter.portName, filter.protocol);
    return n === undefined ? undefined : { from: n, to: n };
  }

  private row(filter: L4Filter, psp: PerSelectorPolicy, range: { from: number; to: number }): Row {
    return { proto: filter.protocol, from: range.from, to: range.to, deny: psp.deny, redirect: !psp.deny && psp.l7 !== undefined, filter, policy: psp };
  }

  private push(peer: Identity, row: Row): void {
    let rows = this.rowsByIndex[peer.index];
    if (!rows) {
      this.rowsByIndex[peer.index] = rows = [];
      this.idByIndex[peer.index] = peer.id;
    }
    rows.push(row);
  }

  /** Builds the rows of every identity the selector cache knows (the whole map); once per universe. */
  materialize(universe: readonly Identity[]): void {
    if (this.materializedUniverse === this.selectors.universeIds) return;
    // start over: rows built on demand for identities now in the universe would be built twice
    this.rowsByIndex = [];
    this.materialized = new Set();
    for (const filter of this.policy.filters) {
      const namedEgress = filter.portName !== undefined && this.policy.direction === 'egress';
      for (const psp of filter.perSelector.values()) {
        const wildcard = psp.peer.peer.kind === 'wildcard';
        if (wildcard && !namedEgress) continue;
        const selected = wildcard ? universe : this.selectors.select(psp.peer);
        if (namedEgress) {
          for (const peer of selected) {
            const range = this.range(filter, peer);
            if (range) this.push(peer, this.row(filter, psp, range));
          }
          continue;
        }
        // the row is the same for every selected peer: build it once and share it
        const range = this.range(filter, undefined);
        if (!range) continue;
        const row = this.row(filter, psp, range);
        for (const peer of selected) this.push(peer, row);
      }
    }
    this.materializedUniverse = this.selectors.universeIds;
  }

  /** The identity-specific rows for a peer (not including the wildcard rows). */
  rowsFor(peer: Identity): readonly Row[] {
    if (this.materialized.has(peer.id) || this.materializedUniverse.has(peer.id)) return this.rowsByIndex[peer.index] ?? EMPTY_ROWS;
    const rows: Row[] = [];
    for (const filter of this.policy.filters) {
      const namedEgress = filter.portName !== undefined && this.policy.direction === 'egress';
      for (const psp of filter.perSelector.values()) {
        const wildcard = psp.peer.peer.kind === 'wildcard';
        if (wildcard && !namedEgress) continue;
        if (!wildcard && !this.selectors.matches(psp.peer, peer)) continue;
        const range = this.range(filter, peer);
        if (range) rows.push(this.row(filter, psp, range));
      }
    }
    this.rowsByIndex[peer.index] = rows;
    this.idByIndex[peer.index] = peer.id;
    this.materialized.add(peer.id);
    return rows;
  }


  /**
   * The datapath's lookup, for throughput (matrix, replay, benchmarks): 0 deny, 1 allow,
   * 2 allow through an L7 proxy. The peer's rows must be materialized. Same precedence as
   * the engine's explained lookup: any matching deny wins, then any allow, else default.
   */
  verdictCode(peer: Identity, proto: number, port: number): 0 | 1 | 2 {
    if (!this.policy.enforced) return 1;
    let allow = false;
    let redirect = false;
    const specific = this.rowsByIndex[peer.index] ?? EMPTY_ROWS;
    for (let j = 0; j < specific.length; j++) {
      const row = specific[j]!;
      if (row.proto !== 0 && (row.proto !== proto || port < row.from || port > row.to)) continue;
      if (row.deny) return 0;
      allow = true;
      if (row.redirect) redirect = true;
    }
    const wildcard = this.wildcardRows;
    for (let j = 0; j < wildcard.length; j++) {
      const row = wildcard[j]!;
      if (row.proto !== 0 && (row.proto !== proto || port < row.from || port > row.to)) continue;
      if (row.deny) return 0;
      allow = true;
      if (row.redirect) redirect = true;
    }
    if (allow && (this.policy.hasAuth || ((redirect || this.policy.hasEnvoyWithoutL7) && this.envoyRejected()))) return this.refinedCode(peer, proto, port, redirect ? 2 : 1);
    return allow ? (redirect ? 2 : 1) : this.policy.defaultDeny || this.policy.conflicts.length > 0 ? 0 : 1;
  }

  /**
   * The slow path for an allowed flow when the entry the lookup returns may require
   * authentication that does not happen, or when Envoy refused the endpoint's policy and the
   * flow is redirected to Envoy.
   */
  private refinedCode(peer: Identity, proto: number, port: number, code: 1 | 2): 0 | 1 | 2 {
    const allow: Row[] = [];
    for (const rows of [this.rowsFor(peer), this.wildcardRows]) {
      for (const row of rows) if (!row.deny && rowMatches(row, proto, port)) allow.push(row);
    }
    if (this.policy.hasAuth && !authPasses(flowAuth(allow, port), this.settings.mutualAuth)) return 0;
    if ((code === 2 || this.policy.hasEnvoyWithoutL7) && allow.some(isEnvoyRedirect) && this.envoyRejected()) return 0;
    return code;
  }

  /**
   * Verdict codes (as verdictCode) of one peer for many ports at once, the ports sorted by
   * protocol then port: each row marks the ports it covers with two binary searches, so a
   * whole matrix row costs a pass over the rows, not a lookup per port.
   */
  portCodes(peer: Identity, ports: PortList, out: Uint8Array): void {
    if (!this.policy.enforced) { out.fill(1, 0, ports.length); return; }
    out.fill(0, 0, ports.length);
    const deny = ports.scratchDeny;
    deny.fill(0, 0, ports.length);
    markPorts(this.rowsFor(peer), ports, out, deny);
    markPorts(this.wildcardRows, ports, out, deny);
    const fallback = this.policy.defaultDeny || this.policy.conflicts.length > 0 ? 0 : 1;
    for (let i = 0; i < ports.length; i++) {
      if (deny[i]) out[i] = 0;
      else if (out[i] === 0) out[i] = fallback;
      else if (this.policy.hasAuth || ((out[i] === 2 || this.policy.hasEnvoyWithoutL7) && this.envoyRejected())) out[i] = this.refinedCode(peer, ports.protos[i]!, ports.ports[i]!, out[i] as 1 | 2);
    }
  }

  /** All identity-specific rows built so far, by peer identity id. */
  entries(): ReadonlyMap<number, readonly Row[]> {
    const out = new Map<number, readonly Row[]>();
    this.rowsByIndex.forEach((rows, index) => {
      if (rows && rows.length > 0) out.set(this.idByIndex[index]!, rows);
    });
    return out;
  }

  /** Number of distinct BPF keys (identity, protocol, masked port) this map holds. */
  countKeys(): number {
    const count = (rows: readonly Row[]) => {
      const keys = new Set<string>();
      for (const r of rows) {
        if (r.proto === 0) { keys.add('0'); continue; }
        for (const b of maskedPortBlocks({ from: r.from, to: r.to })) keys.add(`${r.proto}/${b.port}/${b.prefixLength}`);
      }
      return keys.size;
    };
    let total = count(this.wildcardRows);
    for (const rows of this.rowsByIndex) if (rows) total += count(rows);
    return total;
  }

  get subjectIdentity(): Identity {
    return this.subject;
  }
}

/** The policy of an endpoint: both directions, as map state. */
export class EndpointPolicy {
  readonly ingress: DirectionMap;
  readonly egress: DirectionMap;
  private rejections: readonly EnvoyRejection[] | undefined;

  constructor(
    readonly selectorPolicy: SelectorPolicy,
    selectors: SelectorCache,
    settings: AgentSettings = DEFAULT_AGENT_SETTINGS,
    /** why Envoy refuses this endpoint's network policy (envoy.ts), computed on first use */
    private readonly checkEnvoy: (policy: SelectorPolicy) => readonly EnvoyRejection[] = () => [],
  ) {
    this.ingress = new DirectionMap(selectorPolicy.ingress, selectorPolicy.identity, selectors, settings);
    this.egress = new DirectionMap(selectorPolicy.egress, selectorPolicy.identity, selectors, settings);
    const rejected = () => this.envoyRejections.length > 0;
    this.ingress.envoyRejected = rejected;
    this.egress.envoyRejected = rejected;
  }

  /** Why Envoy refuses this endpoint's network policy; empty when it accepts it (or never gets it). */
  get envoyRejections(): readonly EnvoyRejection[] {
    return (this.rejections ??= this.checkEnvoy(this.selectorPolicy));
  }

  get identity(): Identity {
    return this.selectorPolicy.identity;
  }

  direction(d: Direction): DirectionMap {
    return d === 'ingress' ? this.ingress : this.egress;
  }
}
