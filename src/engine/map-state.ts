/**
 * MapState: the endpoint's policy as the datapath holds it (pkg/policy/mapstate.go): rows
 * keyed by peer identity (0 = any identity), protocol (0 = any) and port range, each allow or
 * deny, with a proxy redirect when L7 rules apply. Named ports are resolved here: on ingress
 * against the endpoint's own ports, on egress against each destination identity's ports.
 * Rows for the identities known at compile time are built from the selector cache, grouped
 * into classes of identities with the same rows, each with a verdict table (verdict-table.ts)
 * for lookups; rows for an identity first seen later are built on demand.
 */

import { namedPortsOf, type Identity } from '../cluster/index.js';
import { maskedPortBlocks, protocolName } from '../net/index.js';
import type { Direction } from '../policy/entry.js';
import { authPasses, flowAuth } from './auth.js';
import type { EnvoyRejection } from './envoy.js';
import type { L4Filter, PerSelectorPolicy } from './l4-filter.js';
import type { DirectionPolicy, SelectorPolicy } from './resolve.js';
import type { SelectorCache } from './selector-cache.js';
import { tableKey, VerdictTables, type VerdictCode } from './verdict-table.js';
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
  /** verdict-table keys (tableKey) of the pairs, in order */
  readonly keys: Uint32Array;
  constructor(entries: readonly { proto: number; port: number }[]) {
    const sorted = [...entries].sort((a, b) => a.proto - b.proto || a.port - b.port);
    this.protos = Uint16Array.from(sorted.map((e) => e.proto));
    this.ports = Uint32Array.from(sorted.map((e) => e.port));
    this.keys = Uint32Array.from(sorted.map((e) => tableKey(e.proto, e.port)));
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

/** Reused by materialize (one map at a time): the class of each identity while rows are added. */
let scratchClasses = new Uint32Array(0);

/**
 * Splits identities into classes as rows are added (reused by materialize, one map at a
 * time): class c holds the rows of class parent[c] plus rowOf[c]; adding a row moves each
 * selected identity from its class to that class's child for the row (made on first need).
 */
class ClassSplitter {
  parent = new Int32Array(256);
  rowOf: (Row | undefined)[] = [];
  private stamp = new Int32Array(256);
  private next = new Int32Array(256);
  private round = 0;
  count = 1;

  reset(): void {
    this.count = 1;
    this.rowOf = [undefined];
    this.round = 0;
    this.stamp.fill(0);
  }

  private grow(): void {
    const size = this.parent.length * 2;
    for (const field of ['parent', 'stamp', 'next'] as const) {
      const grown = new Int32Array(size);
      grown.set(this[field]);
      this[field] = grown;
    }
  }

  add(classes: Uint32Array, n: number, row: Row, peers: readonly Identity[]): void {
    const round = ++this.round;
    for (let j = 0; j < peers.length; j++) {
      const i = peers[j]!.index;
      if (i >= n) continue;
      const c = classes[i]!;
      if (this.stamp[c] !== round) {
        if (this.count === this.parent.length) this.grow();
        const child = this.count++;
        this.stamp[c] = round;
        this.next[c] = child;
        this.parent[child] = c;
        this.stamp[child] = 0;
        this.rowOf.push(row);
      }
      classes[i] = this.next[c]!;
    }
  }
}

const classSplitter = new ClassSplitter();

/** Class numbers from this value up are read from the wide array (maps with many classes). */
const WIDE_CLASS = 255;
/** peers built one at a time before a map is materialized for the whole universe */
const MATERIALIZE_AFTER = 32;
/** `peerClass` of peers outside the materialized universe: this plus their index (above any class) */
const ON_DEMAND_CLASS = 2 ** 24;

/**
 * One direction of an endpoint's policy map. The datapath form is keyed: the identities of the
 * universe fall into classes (peers with exactly the same identity-specific rows), each class
 * has its rows (the provenance, for explanations) and a verdict table (for lookups), and an
 * identity's class is one typed-array read. Identities outside the materialized universe get
 * their rows and table on demand.
 */
export class DirectionMap {
  readonly wildcardRows: Row[] = [];
  /** the identities of the materialized universe, by dense index */
  private universe: readonly Identity[] = [];
  /**
   * class of each identity of the universe (by dense index); class 0 has no specific rows.
   * One byte per identity (always a Uint8Array, so lookups stay monomorphic); classes from
   * WIDE_CLASS up are stored in `wideClassOf`.
   */
  private classBase = 0;
  /** identities with a class: the universe's size (dense indexes below it) */
  private classCount = 0;
  private wideClassOf: Uint32Array | undefined;
  private classRows: (readonly Row[])[] = [EMPTY_ROWS];
  /** verdict table of each class (its rows and the wildcard rows) */
  private classTable = new Int32Array(0);
  /** where this map's class spans start in the shared span pool (first and last table position per class) */
  private spanBase = 0;
  /** the direction is not enforced: everything is allowed */
  private readonly open: boolean;
  /** identities outside the universe, by dense index: rows and table built on demand */
  private readonly onDemand = new Map<number, { peer: Identity; rows: readonly Row[]; table: number }>();
  private materializedUniverse: ReadonlySet<number> | undefined;
  private readonly fallback: VerdictCode;
  private wildcardTable = -1;
  /** whether Envoy refuses the endpoint's network policy (set by EndpointPolicy, computed on first use) */
  envoyRejected: () => boolean = () => false;

  constructor(
    readonly policy: DirectionPolicy,
    private readonly subject: Identity,
    private readonly selectors: SelectorCache,
    private readonly settings: AgentSettings = DEFAULT_AGENT_SETTINGS,
    private readonly tables: VerdictTables = new VerdictTables(),
  ) {
    for (const filter of policy.filters) {
      for (const psp of filter.perSelector.values()) {
        if (psp.peer.peer.kind !== 'wildcard') continue;
        if (filter.portName !== undefined && policy.direction === 'egress') continue; // per destination
        const range = this.range(filter, undefined);
        if (range) this.wildcardRows.push(this.row(filter, psp, range));
      }
    }
    // a map Cilium cannot compute (merge conflict) lets nothing through, as the explained lookup
    this.fallback = policy.defaultDeny || policy.conflicts.length > 0 ? 0 : 1;
    this.open = !policy.enforced;
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

  /** The verdict table of a peer's specific rows plus the wildcard rows. */
  private tableOf(rows: readonly Row[]): number {
    if (this.policy.conflicts.length > 0) return this.tables.intern(EMPTY_ROWS, 0);
    const all = rows.length === 0 ? this.wildcardRows : this.wildcardRows.length === 0 ? rows : [...rows, ...this.wildcardRows];
    if (this.needsRefinement(all)) return this.tables.internCompiled(this.refinedTable(all));
    if (rows.length === 0) {
      if (this.wildcardTable < 0) this.wildcardTable = this.tables.intern(this.wildcardRows, this.fallback);
      return this.wildcardTable;
    }
    return this.tables.intern(all, this.fallback);
  }

  /**
   * Whether an allowed entry of these rows may still drop traffic: the entry the datapath
   * returns may require authentication that does not happen, or Envoy refused the endpoint's
   * policy and the traffic is redirected to Envoy.
   */
  private needsRefinement(rows: readonly Row[]): boolean {
    if (this.policy.hasAuth) return true;
    return (this.policy.hasEnvoyWithoutL7 || rows.some((r) => r.redirect)) && this.envoyRejected();
  }

  /** The datapath's code for one (protocol, port) of these rows, authentication and Envoy's refusal included. */
  private refinedCodeOf(rows: readonly Row[], proto: number, port: number): VerdictCode {
    const allow: Row[] = [];
    let redirect = false;
    for (const row of rows) {
      if (!rowMatches(row, proto, port)) continue;
      if (row.deny) return 0;
      allow.push(row);
      if (row.redirect) redirect = true;
    }
    if (allow.length === 0) return this.fallback;
    const code: VerdictCode = redirect ? 2 : 1;
    if (this.policy.hasAuth && !authPasses(flowAuth(allow, port), this.settings.mutualAuth)) return 0;
    if ((code === 2 || this.policy.hasEnvoyWithoutL7) && allow.some(isEnvoyRedirect) && this.envoyRejected()) return 0;
    return code;
  }

  /**
   * The table of rows whose allows may be refined: the key space is cut wherever a row or one
   * of its masked port blocks (the datapath's keys, which decide which entry carries the
   * authentication) starts or ends; within a piece every answer is the same, so one code each.
   */
  private refinedTable(rows: readonly Row[]): { starts: number[]; codes: VerdictCode[] } {
    const edges = new Set<number>([0]);
    for (const r of rows) {
      if (r.proto === 0) continue;
      for (const b of maskedPortBlocks({ from: r.from, to: r.to })) {
        edges.add(tableKey(r.proto, b.port));
        edges.add(tableKey(r.proto, b.port + 2 ** (16 - b.prefixLength)));
      }
    }
    const starts: number[] = [];
    const codes: VerdictCode[] = [];
    for (const key of [...edges].sort((a, b) => a - b)) {
      if (key >= 256 * 65536) break;
      const code = this.refinedCodeOf(rows, Math.floor(key / 65536), key % 65536);
      if (codes.length > 0 && codes[codes.length - 1] === code) continue;
      starts.push(key);
      codes.push(code);
    }
    return { starts, codes };
  }

  /** Whether the map is built for the selector cache's current universe (materialize has nothing to do). */
  isMaterialized(): boolean {
    return this.materializedUniverse === this.selectors.universeIds;
  }

  /**
   * Builds the map for every identity of the universe (the selector cache's snapshot, dense
   * indexes 0..n-1); once per universe. Rows are added one (L4 filter, selector) at a time and
   * split the identities they select into classes, so the work is one pass over each
   * selector's identities and the memory one small integer per identity.
   */
  materialize(universe: readonly Identity[]): void {
    if (this.materializedUniverse === this.selectors.universeIds) return;
    const n = universe.length;
    if (n > 0 && universe[n - 1]!.index !== n - 1) throw new Error('materialize: the universe must be every identity of the registry, in index order');
    if (scratchClasses.length < n) scratchClasses = new Uint32Array(Math.max(n, scratchClasses.length * 2));
    const classes = scratchClasses;
    classes.fill(0, 0, n);
    const splitter = classSplitter;
    splitter.reset();
    const add = (row: Row, peers: readonly Identity[]) => splitter.add(classes, n, row, peers);
    for (const filter of this.policy.filters) {
      const namedEgress = filter.portName !== undefined && this.policy.direction === 'egress';
      for (const psp of filter.perSelector.values()) {
        const wildcard = psp.peer.peer.kind === 'wildcard';
        if (wildcard && !namedEgress) continue;
        const selected = wildcard ? universe : this.selectors.select(psp.peer);
        if (namedEgress) {
          // the port is each destination's own: one row per port number
          const byPort = new Map<number, Identity[]>();
          for (const peer of selected) {
            const range = this.range(filter, peer);
            if (!range) continue;
            let list = byPort.get(range.from);
            if (!list) byPort.set(range.from, (list = []));
            list.push(peer);
          }
          for (const [port, peers] of byPort) add(this.row(filter, psp, { from: port, to: port }), peers);
          continue;
        }
        // the row is the same for every selected peer: built once and shared
        const range = this.range(filter, undefined);
        if (range) add(this.row(filter, psp, range), selected);
      }
    }
    // renumber the classes in use densely (class 0 stays the empty one) and collect their rows
    const { parent, rowOf } = splitter;
    const renumber = new Int32Array(splitter.count).fill(-1);
    renumber[0] = 0;
    const classRows: (readonly Row[])[] = [EMPTY_ROWS];
    for (let i = 0; i < n; i++) {
      const c = classes[i]!;
      if (renumber[c]! >= 0) continue;
      renumber[c] = classRows.length;
      const rows: Row[] = [];
      for (let k = c; k !== 0; k = parent[k]!) rows.push(rowOf[k]!);
      classRows.push(rows.reverse());
    }
    const classTable = new Int32Array(classRows.length);
    for (let c = 0; c < classRows.length; c++) classTable[c] = this.tableOf(classRows[c]!);
    const tables = this.tables;
    const classBase = tables.allocateClasses(n);
    const pool = tables.classes;
    const wide = classRows.length > WIDE_CLASS ? new Uint32Array(n) : undefined;
    for (let i = 0; i < n; i++) {
      const c = renumber[classes[i]!]!;
      pool[classBase + i] = c < WIDE_CLASS ? c : WIDE_CLASS;
      if (wide) wide[i] = c;
    }
    const spanBase = tables.allocateSpans(classRows.length * 2);
    for (let c = 0; c < classRows.length; c++) {
      const t = classTable[c]!;
      tables.spans[spanBase + 2 * c] = tables.offsets[t]!;
      tables.spans[spanBase + 2 * c + 1] = tables.offsets[t + 1]! - 1;
    }
    this.universe = universe;
    this.classBase = classBase;
    this.classCount = n;
    this.wideClassOf = wide;
    this.classRows = classRows;
    this.classTable = classTable;
    this.spanBase = spanBase;
    this.onDemand.clear();
    this.materializedUniverse = this.selectors.universeIds;
  }

  /** Rows and table of an identity outside the materialized universe, built on first use. */
  private built(peer: Identity): { readonly rows: readonly Row[]; readonly table: number } {
    let entry = this.onDemand.get(peer.index);
    if (entry) return entry;
    if (this.onDemand.size >= MATERIALIZE_AFTER && !this.isMaterialized() && peer.index < this.selectors.snapshotSize) {
      // many peers asked one at a time (replay): the whole universe at once is cheaper (one pass per selector)
      this.materialize(this.selectors.snapshotIdentities());
      if (peer.index < this.classCount) return { rows: this.classRows[this.classAt(peer.index)]!, table: this.classTable[this.classAt(peer.index)]! };
    }
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
    entry = { peer, rows, table: this.tableOf(rows) };
    this.onDemand.set(peer.index, entry);
    return entry;
  }

  /** The class of the universe identity at dense index i. */
  private classAt(i: number): number {
    const c = this.tables.classes[this.classBase + i]!;
    return c < WIDE_CLASS ? c : this.wideClassOf![i]!;
  }

  /**
   * The identity-specific rows for a peer (not including the wildcard rows). Identities of
   * the materialized universe are those with a dense index below its size (the registry
   * never removes one).
   */
  rowsFor(peer: Identity): readonly Row[] {
    return peer.index < this.classCount ? this.classRows[this.classAt(peer.index)]! : this.built(peer).rows;
  }

  /**
   * A number for the peer's rows in this map: peers with equal numbers have the same rows
   * (so the same verdicts, explanations and near misses); a peer outside the materialized
   * universe has a number of its own.
   */
  peerClass(peer: Identity): number {
    if (peer.index >= this.classCount) {
      this.built(peer);
      if (peer.index >= this.classCount) return ON_DEMAND_CLASS + peer.index;
    }
    return this.classAt(peer.index);
  }

  /** The verdict table of a peer (see VerdictTables). */
  private tableFor(peer: Identity): number {
    return peer.index < this.classCount ? this.classTable[this.classAt(peer.index)]! : this.built(peer).table;
  }

  /**
   * The datapath's lookup, for throughput (matrix, replay, benchmarks): 0 deny, 1 allow,
   * 2 allow through an L7 proxy. Same precedence as the engine's explained lookup: any
   * matching deny wins, then any allow, else the default. A class read and a binary search.
   */
  verdictCode(peer: Identity, proto: number, port: number): VerdictCode {
    if (this.open) return 1;
    const tables = this.tables;
    const i = peer.index;
    let lo: number;
    let hi: number;
    if (i < this.classCount) {
      let c = tables.classes[this.classBase + i]!;
      if (c === WIDE_CLASS) c = this.wideClassOf![i]!;
      const spans = tables.spans;
      const at = this.spanBase + 2 * c;
      lo = spans[at]!;
      hi = spans[at + 1]!;
    } else {
      const t = this.built(peer).table;
      lo = tables.offsets[t]!;
      hi = tables.offsets[t + 1]! - 1;
    }
    if (lo !== hi) {
      const starts = tables.starts;
      const key = proto * 65536 + port;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid]! <= key) lo = mid;
        else hi = mid - 1;
      }
    }
    return tables.codes[lo] as VerdictCode;
  }

  /**
   * Verdict codes (as verdictCode) of one peer for many ports at once, in the port list's
   * order: computed once per verdict table and port list, so a whole matrix costs a lookup
   * per distinct table and port, not per cell.
   */
  portCodes(peer: Identity, ports: PortList, out: Uint8Array): void {
    if (!this.policy.enforced) { out.fill(1, 0, ports.length); return; }
    out.set(this.tables.codesFor(this.tableFor(peer), ports, ports.keys));
  }

  /**
   * The verdict table that answers for a peer (an id in the engine's VerdictTables), or -1
   * when the direction is not enforced (everything allowed). Peers with equal ids get equal
   * answers on every port.
   */
  tableId(peer: Identity): number {
    return this.open ? -1 : this.tableFor(peer);
  }

  /** All identity-specific rows built so far, by peer identity id. */
  entries(): ReadonlyMap<number, readonly Row[]> {
    const out = new Map<number, readonly Row[]>();
    for (let i = 0; i < this.classCount; i++) {
      const rows = this.classRows[this.classAt(i)]!;
      if (rows.length > 0) out.set(this.universe[i]!.id, rows);
    }
    for (const entry of this.onDemand.values()) if (entry.rows.length > 0) out.set(entry.peer.id, entry.rows);
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
    const members = new Float64Array(this.classRows.length);
    for (let i = 0; i < this.classCount; i++) members[this.classAt(i)]!++;
    for (let c = 1; c < this.classRows.length; c++) if (members[c]! > 0) total += members[c]! * count(this.classRows[c]!);
    for (const entry of this.onDemand.values()) total += count(entry.rows);
    return total;
  }

  /** Bytes of this map's per-identity state (its slice of the class pool, class tables and spans). */
  get classBytes(): number {
    return this.classCount + (this.wideClassOf?.byteLength ?? 0) + this.classTable.byteLength + this.classRows.length * 8;
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
    /** the engine's shared verdict tables and class pools (a private set when omitted) */
    tables: VerdictTables = new VerdictTables(),
  ) {
    this.ingress = new DirectionMap(selectorPolicy.ingress, selectorPolicy.identity, selectors, settings, tables);
    this.egress = new DirectionMap(selectorPolicy.egress, selectorPolicy.identity, selectors, settings, tables);
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
