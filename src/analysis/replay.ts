/**
 * Policy replay: recorded Hubble flows evaluated against the given policies. Answers which
 * observed flows the policies would now drop (or allow), per endpoint identity and deciding
 * policy, and how far Membrane's verdicts agree with the ones Cilium recorded.
 *
 * Streaming and pure: flows arrive one by one (`Replayer.add`) in recording order; DNS
 * responses teach a per-node FQDN cache as they stream by, so a later connection to an
 * address a name resolved to is judged with that name known (toFQDNs).
 *
 * Endpoints: a pod of the manifests (by namespace/pod name, then by address), a node of the
 * manifests (by address), an identity known only by the flow's labels (a pod outside the
 * manifests), a reserved entity (`reserved:host`...), else an address outside the cluster.
 *
 * Speed: verdicts are cached per enforcing side (subject identity, peer identity as the
 * subject's node sees it, protocol, port, and the L7 request for L7 flows); the engine's
 * `evaluate` runs only on a cache miss, and explanations only for the few examples kept.
 */

import { formatPath, parseLabel, type Identity, type PathSegment, type PodInfo, type ReservedName } from '../cluster/index.js';
import {
  ObservedFqdnCache,
  type Contribution,
  type FlowEndpoint,
  type FlowSpec,
  type FlowVerdict,
  type PolicyEngine,
  type ResolvedEndpoint,
  type Row,
  type SideVerdict,
  type Verdict,
} from '../engine/index.js';
import { authSummary, envoySummary, explainFlow, type FlowExplanation } from '../explain/index.js';
import { formatIp, parseIp, protocolNumber, type FlowProtocol } from '../net/index.js';
import { formatPolicyRef, type Direction } from '../policy/entry.js';
import {
  EVENT_DROP,
  EVENT_POLICY_VERDICT,
  EVENT_TRACE,
  SKIP_REASONS,
  decisionKind,
  traceSide,
  observedAllowed,
  policyRelevance,
  toObservedFlow,
  type DecisionKind,
  type ObservedEndpoint,
  type ObservedFlow,
  type Relevance,
  type RelevanceOptions,
} from './hubble-flow.js';
import { DecodedFlow, HubbleLineDecoder, NonFlowRecord, SkippedFlow, type DecodedLine } from './hubble-line.js';
import type { Model } from './model.js';

// --- the report ---------------------------------------------------------------------------

/**
 * `duplicate`: a drop notification repeating the policy verdict of the same packet;
 * `repeat`: a trace event of a connection side already judged (another observation point, or
 * the trace that follows the side's policy verdict).
 */
export type SkipReason = (typeof SKIP_REASONS)[number] | 'duplicate' | 'repeat';

/** One side of an allowed record, as the enforcing endpoint's node sees it (`membrane generate`). */
export interface ObservedSide {
  readonly direction: Direction;
  /** the pod identity whose policy applies */
  readonly subject: Identity;
  /** the other end's identity as the subject's node sees it */
  readonly peer: Identity;
  /** the other end: `pod:ns/name`, `identity:N`, `ip:1.2.3.4`, `node:name`, `entity:name` */
  readonly peerKey: string;
  /** the other end's address when it is outside the cluster */
  readonly peerIp: string | undefined;
  readonly peerDisplay: string;
  readonly subjectDisplay: string;
}

export interface AllowedObservation {
  readonly flow: ObservedFlow;
  readonly kind: DecisionKind;
  /** the sides the record reports (both for records without a direction), enforcing pods only; built on demand */
  readonly sides: () => readonly ObservedSide[];
  /**
   * Records with equal class parts are equal for `membrane generate` (same sides, peers,
   * protocol, port and L7 request): the direction reported, each end (a pod identity on its
   * node, or the endpoint itself) as a small number, protocol*65536+port, the L7 request.
   */
  readonly direction: ObservedFlow['direction'];
  readonly sourceEnd: number;
  readonly destinationEnd: number;
  readonly protoPort: number;
  readonly l7key: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
}

export interface DnsAnswerObservation {
  readonly flow: ObservedFlow;
  /** the client (the response's destination) and the server, as endpoint keys */
  readonly key: string;
  readonly client: Identity | undefined;
  readonly query: string;
  readonly ips: readonly string[];
}

/** One judged record, as `membrane replay -o jsonl` writes it. */
export interface JudgedRecord {
  /** the input as given (`<stdin>` for -) */
  readonly input: string | undefined;
  /** 1-based line of the record in that input */
  readonly line: number | undefined;
  /** the side the record reports; `flow` when it names none (both sides judged) */
  readonly side: 'egress' | 'ingress' | 'flow';
  /** what Cilium recorded */
  readonly recorded: Verdict;
  /** Membrane's verdict for that side (for `flow`, both sides) */
  readonly verdict: Verdict;
  readonly layer: DecisionKind;
  /** the policy whose rule decided (`CiliumNetworkPolicy/ns/name`); null when no rule did */
  readonly policy: string | null;
  /**
   * the deciding rule's field path (`spec.egress[0]`, `spec.ingress[1].toPorts[0].rules.http[2]`),
   * or why no rule decided: `default-deny`, `not-enforced`, `allow-any`, `allow-localhost`,
   * `unmodelled`, `auth-required`, `envoy-rejected`
   */
  readonly rule: string;
}

/** How an endpoint of a flow was identified. */
export type Identification = 'manifest' | 'labels' | 'entity' | 'world';

export interface FidelityCounts {
  /** decisions compared */
  decisions: number;
  /** Membrane's verdict equals the recorded one */
  agree: number;
  /** recorded FORWARDED (or REDIRECTED), Membrane denies: the policies would now drop it */
  nowDropped: number;
  /** recorded DROPPED by policy (or AUDIT), Membrane allows */
  nowAllowed: number;
}

export interface ReplayDecision {
  /** `default-deny`, `deny-rule`, `l7-denied`, `unmodelled`, `allowed`, `no-policy`, `no-pod-policy` */
  readonly reason: string;
  /** one sentence */
  readonly summary: string;
  /** the policies whose rules decided (deny rules, allow rules, L7 rules tried or matched) */
  readonly policies: readonly string[];
  /** the policies selecting the endpoint in this direction */
  readonly selectedBy: readonly string[];
  readonly defaultDeny: boolean;
}

export interface ReplayExample {
  readonly time?: string | undefined;
  readonly node?: string | undefined;
  /** file:line of the record */
  readonly location?: string | undefined;
  readonly observed: {
    readonly verdict: string;
    readonly dropReason?: string | undefined;
    readonly direction: string;
    /** policies Cilium named on the record (`*_allowed_by`, `*_denied_by`) */
    readonly policies?: readonly string[] | undefined;
  };
  /** `default/app1 -> default/other TCP/80` */
  readonly flow: string;
  readonly explanation: FlowExplanation;
}

export interface ReplayGroup {
  /** the enforcing side Membrane's verdict comes from; `none` when no end is a pod */
  readonly direction: Direction | 'none';
  /** the enforcing endpoint: a pod identity's name (`default:app=app1`) */
  readonly endpoint: string;
  readonly identity?: { readonly id: number; readonly name: string } | undefined;
  /** pods seen on these flows (at most 10) */
  readonly pods: readonly string[];
  readonly identifiedBy: readonly Identification[];
  readonly decision: ReplayDecision;
  readonly flows: number;
  readonly kinds: Readonly<Record<DecisionKind, number>>;
  /** recorded verdicts, e.g. `FORWARDED`, `DROPPED/POLICY_DENIED` */
  readonly observed: Readonly<Record<string, number>>;
  /** the other ends, port and request, most frequent first (at most 10) */
  readonly peers: readonly { readonly peer: string; readonly count: number }[];
  /** policies Cilium named on the recorded flows */
  readonly observedPolicies: readonly string[];
  readonly firstSeen?: string | undefined;
  readonly lastSeen?: string | undefined;
  readonly examples: readonly ReplayExample[];
}

export interface PolicyImpact {
  readonly policy: string;
  /** flows this policy now drops: by its deny or L7 rules, or by the default deny it enables */
  readonly nowDropped: number;
  /** flows this policy now allows (its allow rules decided) */
  readonly nowAllowed: number;
  /** how: `deny rule`, `default deny`, `L7 rule`, `allow rule` */
  readonly roles: readonly string[];
}

export interface ReplayReport {
  readonly inputs: readonly string[];
  readonly policies: { readonly accepted: number; readonly rejected: number };
  readonly totals: {
    /** parsed records (lines or array elements) */
    readonly records: number;
    /** records that are flows */
    readonly flows: number;
    /** distinct connections judged (a connection seen at several points counts once) */
    readonly connections: number;
    /** records that are not flows (`node_status`, `lost_events`, ...) */
    readonly nonFlowRecords: number;
    /** lines that are not JSON */
    readonly malformed: number;
    /** flows compared with Membrane's verdict */
    readonly decisions: number;
    readonly dnsResponses: number;
    readonly unresolved: number;
    readonly skipped: Readonly<Record<SkipReason, number>>;
    readonly membrane: { readonly allow: number; readonly deny: number };
    readonly firstSeen?: string | undefined;
    readonly lastSeen?: string | undefined;
  };
  readonly fidelity: {
    readonly total: FidelityCounts;
    /** agree / decisions (1 when there were none) */
    readonly agreement: number;
    readonly byDirection: Readonly<Record<'egress' | 'ingress' | 'unknown', FidelityCounts>>;
    readonly byKind: Readonly<Record<DecisionKind, FidelityCounts>>;
    /** by recorded verdict (`FORWARDED`, `DROPPED/POLICY_DENIED`, `AUDIT`, ...) */
    readonly byObserved: Readonly<Record<string, FidelityCounts>>;
  };
  readonly dns: {
    readonly responses: number;
    /** responses that taught a node something new */
    readonly learned: number;
    /** responses with nothing to learn (dropped, an error rcode, no addresses) */
    readonly noAnswer: number;
    /** the given policies would not pass the query through the DNS proxy, so no node learns it */
    readonly notProxied: number;
    /** answers not learned because the FQDN cache was full (200,000 name-address pairs) */
    readonly cacheFull: number;
    /** node -> name -> addresses learned from the flows */
    readonly names: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  };
  /** distinct endpoints by how they were identified */
  readonly endpoints: Readonly<Record<Identification, number>>;
  /** `exact`, or why `endpoints` are lower bounds (memory stays bounded: at most 100,000 are told apart per kind) */
  readonly endpointsCounted: string;
  readonly nowDropped: { readonly flows: number; readonly groups: readonly ReplayGroup[] };
  readonly nowAllowed: { readonly flows: number; readonly groups: readonly ReplayGroup[] };
  readonly byPolicy: readonly PolicyImpact[];
  readonly unresolved: readonly { readonly reason: string; readonly count: number; readonly example?: string | undefined }[];
  /** the first malformed lines (all are counted in totals.malformed) */
  readonly malformed: readonly { readonly location: string; readonly message: string }[];
}

export interface ReplayOptions {
  /** examples kept per group (default 3) */
  readonly examples?: number | undefined;
  /** judge trace events of connections' first packets (default true) */
  readonly traces?: boolean | undefined;
  /** called for every judged record, in input order (`-o jsonl`) */
  readonly onJudged?: ((record: JudgedRecord) => void) | undefined;
  /** called for every record Cilium recorded as allowed, with the sides it reports (`membrane generate`) */
  readonly onAllowed?: ((observation: AllowedObservation) => void) | undefined;
  /** called for every forwarded DNS answer (rcode 0, with addresses), before the policies are asked whether the node learns it */
  readonly onDnsAnswer?: ((answer: DnsAnswerObservation) => void) | undefined;
  /** count a side of a connection once however many points saw it (default true); false counts every record */
  readonly dedupConnections?: boolean | undefined;
  /** evaluate the policies (default true); false only resolves endpoints for `onAllowed` (membrane generate collecting) */
  readonly evaluate?: boolean | undefined;
  /** learn DNS answers from DNS responses (default true) */
  readonly learnDns?: boolean | undefined;
  /** input names for the report */
  readonly inputs?: readonly string[] | undefined;
  /** decode lines by shape in the fast path (analysis/hubble-line.ts; default true): false leaves every line to JSON.parse */
  readonly decodeLines?: boolean | undefined;
  /** called every `progressEvery` flows (default 100,000) */
  readonly onProgress?: ((flows: number) => void) | undefined;
  readonly progressEvery?: number | undefined;
}

// --- endpoints ------------------------------------------------------------------------------

interface Ref {
  readonly key: string;
  readonly display: string;
  readonly resolved: ResolvedEndpoint;
  /** the identity whose policy this endpoint enforces (pods, pod identities known by labels) */
  readonly subject: Identity | undefined;
  readonly pod: PodInfo | undefined;
  readonly how: Identification;
  /** one-entry memo: the identity of this endpoint as `memoObserver` sees it */
  memoGen: number;
  memoObserver: string;
  memoIdentity: Identity | undefined;
  /** the end as `membrane generate` classes records (`endId`), -1 until asked */
  endId: number;
  /** this ref's number in groups' peer counts (GroupAcc.peers) */
  readonly peerId: number;
}

interface RefCacheEntry {
  readonly namespace: string | undefined;
  readonly podName: string | undefined;
  readonly labels: readonly string[];
  /** refs by local node (identities known by labels depend on their node); undefined when node-independent */
  readonly refs: Map<string, Ref | null> | undefined;
  /** the ref of a node-independent endpoint */
  readonly ref: Ref | null;
  readonly nodeIndependent: boolean;
}

/** the peer under which a group counts the peers past MAX_PEER_REFS */
const OTHER_PEERS: Ref = {
  key: 'other',
  display: '(other peers)',
  resolved: { endpoint: { kind: 'entity', entity: 'world' }, display: '(other peers)' },
  subject: undefined,
  pod: undefined,
  how: 'world',
  memoGen: -1,
  memoObserver: '',
  memoIdentity: undefined,
  endId: -1,
  peerId: 0,
};

const RESERVED_PRIORITY: readonly ReservedName[] = ['kube-apiserver', 'host', 'remote-node', 'health', 'ingress', 'init', 'unmanaged'];
const POD_NAMESPACE_PREFIX = 'k8s:io.kubernetes.pod.namespace=';

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// --- decisions ----------------------------------------------------------------------------

interface SideEntry {
  readonly verdict: Verdict;
  readonly side: SideVerdict;
  decision?: ReplayDecision;
  decisionKey?: string;
  /** the groups this side's disagreements go to (looked up once) */
  nowDroppedGroup?: GroupAcc;
  nowAllowedGroup?: GroupAcc;
  /** the deciding policy and rule (`-o jsonl`), computed once */
  rule?: { policy: string | null; rule: string };
}

function unique(list: readonly string[]): string[] {
  return [...new Set(list)];
}

function rowPolicies(rows: readonly Row[]): string[] {
  const out: string[] = [];
  for (const row of rows) {
    for (const c of row.policy.contributions as readonly Contribution[]) {
      if (c.kind === 'rule') out.push(formatPolicyRef(c.entry.origin.policy));
      else if (c.kind === 'allow-any') out.push('allow-any (Cilium adds it: no selecting rule enables default deny)');
      else out.push('allow-localhost (Cilium adds it for the local host)');
    }
  }
  return unique(out);
}

function describeSide(side: SideVerdict): ReplayDecision {
  const l4 = side.l4;
  const selectedBy = unique(l4.selecting.map((e) => formatPolicyRef(e.origin.policy)));
  const decision = (reason: string, policies: readonly string[], summary: string): ReplayDecision =>
    ({ reason, summary, policies, selectedBy, defaultDeny: l4.defaultDeny });
  const who = `${side.direction} of ${side.subject.identity.name}`;
  const l7 = side.l7;
  if (l4.verdict === 'allow' && l7 && l7.verdict === 'deny') {
    const policies = unique(l7.tried.map((t) => t.row).flatMap((r) => rowPolicies([r])));
    const what = l7.kind === 'http' ? 'HTTP requests denied (403)' : 'DNS queries refused (REFUSED)';
    return decision('l7-denied', policies, `${who}: ${what}: no ${l7.kind.toUpperCase()} rule of ${policies.join(', ') || 'the allowing policies'} matches`);
  }
  switch (l4.reason) {
    case 'denied': {
      const policies = rowPolicies(l4.deciding);
      return decision('deny-rule', policies, `${who}: denied by a deny rule of ${policies.join(', ')}`);
    }
    case 'default-deny':
      return decision('default-deny', [], `${who}: default deny (selected by ${selectedBy.join(', ')}) and no rule allows these peers and ports`);
    case 'unmodelled':
      return decision('unmodelled', selectedBy, `${who}: Cilium cannot compute this endpoint's policy (${(l4.conflicts ?? []).join('; ')})`);
    case 'no-policy':
      return decision('no-policy', [], `${who}: no policy selects the endpoint for ${side.direction} (not enforced)`);
    case 'auth-required':
      return decision('auth-required', rowPolicies(l4.deciding), `${who}: ${l4.auth ? authSummary(l4.auth, l4.mutualAuth ?? false) : 'authentication required'}`);
    case 'envoy-rejected':
      return decision('envoy-rejected', unique((l4.envoy ?? []).map((r) => formatPolicyRef(r.entry.origin.policy))), `${who}: ${envoySummary(l4.envoy ?? [])}`);
    case 'allowed': {
      const policies = rowPolicies(l4.deciding);
      if (l7?.matched) for (const p of rowPolicies([l7.matched.row])) if (!policies.includes(p)) policies.push(p);
      const by = l7?.matched ? ` (${l7.kind.toUpperCase()} rule ${l7.matched.rule.text})` : '';
      return decision('allowed', policies, `${who}: allowed by ${policies.join(', ')}${by}`);
    }
  }
}

const NO_POD_DECISION: ReplayDecision = {
  reason: 'no-pod-policy',
  summary: 'no end of the flow enforces policy for this direction (not a pod of the input, nor one known by labels)',
  policies: [],
  selectedBy: [],
  defaultDeny: false,
};

// --- accumulation -------------------------------------------------------------------------

interface GroupAcc {
  readonly direction: Direction | 'none';
  readonly endpoint: string;
  readonly identity: Identity | undefined;
  readonly decision: ReplayDecision;
  readonly pods: Set<string>;
  readonly identifiedBy: Set<Identification>;
  /** the endpoint last added to `pods` and `identifiedBy` */
  lastSelf: Ref | undefined;
  flows: number;
  readonly kinds: Record<DecisionKind, number>;
  readonly observed: Map<string, number>;
  /**
   * flows per other end and port: keyed by peerId * 2^24 + protocol*65536+port (L3/L4) or
   * `peerId|protoPort|request` (L7), in one map (a map per peer cost memory and time)
   */
  readonly peers: Map<number | string, number>;
  /** the other ends counted in `peers`, with the number of their keys there */
  readonly peerRefs: Map<Ref, number>;
  readonly observedPolicies: Set<string>;
  firstSeen: string | undefined;
  lastSeen: string | undefined;
  readonly examples: ReplayExample[];
}

const counts = (): FidelityCounts => ({ decisions: 0, agree: 0, nowDropped: 0, nowAllowed: 0 });

type Outcome = 'agree' | 'nowDropped' | 'nowAllowed';

/** What one decision added to the counts, so that it can be taken back. */
interface Tally {
  readonly fromTrace: boolean;
  readonly outcome: Outcome;
  readonly membrane: Verdict;
  readonly direction: FidelityCounts;
  readonly kind: DecisionKind;
  readonly byObserved: FidelityCounts;
  readonly observedKey: string;
  group: GroupAcc | undefined;
  peers: Map<number | string, number> | undefined;
  peerKey: number | string;
}

/**
 * An entry of a TupleTable: a 5-tuple's addresses (and node) as its text key would hold them,
 * and the text key itself when the tuple is kept by text.
 */
interface TupleEntry<E> {
  readonly source: string;
  readonly destination: string;
  readonly node: string;
  readonly key: string | undefined;
  /** the next entry with the same protocol and ports */
  next: E | undefined;
}

/**
 * Entries by 5-tuple (and node) whose lookup builds no key string (a string per record, hashed
 * once and kept, was a large share of replay's time and garbage): by protocol and ports as one
 * number (tupleNumber), the addresses compared on a chain of the entries with that number.
 * Tuples a number cannot hold exactly go by their text key, as before.
 */
class TupleTable<E extends TupleEntry<E>> {
  private readonly byPorts = new Map<number, E>();
  private readonly byText = new Map<string, E>();
  /** distinct tuples (as a map by text key counts them) */
  size = 0;

  /** `ports`: tupleNumber's; `key`: the text key when that is -1 (else undefined) */
  find(ports: number, key: string | undefined, source: string, destination: string, node: string): E | undefined {
    if (key !== undefined) return this.byText.get(key);
    for (let e = this.byPorts.get(ports); e !== undefined; e = e.next) {
      if (e.source === source && e.destination === destination && e.node === node) return e;
    }
    return undefined;
  }

  /** Adds an entry whose tuple is not in the table. */
  add(ports: number, entry: E): E {
    this.size++;
    if (entry.key !== undefined) {
      this.byText.set(entry.key, entry);
    } else {
      entry.next = this.byPorts.get(ports);
      this.byPorts.set(ports, entry);
    }
    return entry;
  }

  /** Removes an entry `find` gave. */
  delete(ports: number, entry: E): void {
    this.size--;
    if (entry.key !== undefined) {
      this.byText.delete(entry.key);
      return;
    }
    const head = this.byPorts.get(ports)!;
    if (head === entry) {
      if (entry.next === undefined) this.byPorts.delete(ports);
      else this.byPorts.set(ports, entry.next);
      return;
    }
    let e = head;
    while (e.next !== entry) e = e.next!;
    e.next = entry.next;
  }

  clear(): void {
    this.byPorts.clear();
    this.byText.clear();
    this.size = 0;
  }
}

/**
 * The key of a TupleTable: protocol * 2^32 + source port * 2^16 + destination port, or -1 when
 * a number cannot stand for the text key (a port out of 0..65535 or not whole, a protocol
 * without a number, or a '|' in an address or node, where two tuples' texts could be equal:
 * those are keyed by text, so they stay one entry).
 */
function tupleNumber(protocol: FlowProtocol | undefined, sourcePort: number, destinationPort: number, source: string, destination: string, node: string): number {
  const proto: number | undefined = protocol === undefined ? undefined : protocolNumber(protocol);
  if (proto === undefined || !isPort(sourcePort) || !isPort(destinationPort) || source.includes('|') || destination.includes('|') || node.includes('|')) return -1;
  return proto * 4294967296 + sourcePort * 65536 + destinationPort;
}

/** A recently seen connection (5-tuple), in a generation of them (Replayer.connection). */
interface ConnectionEntry extends TupleEntry<ConnectionEntry> {
  /** the stale entry of the same tuple is reset in place (the generation counts tuples, as a map by key would) */
  time: number;
  index: number;
  /** what the side counted: the Tally of a trace event (a policy verdict takes it back), else SEEN */
  egress: Tally | undefined;
  ingress: Tally | undefined;
}

/** A recent policy drop (Replayer.isDuplicateDrop). */
interface DropEntry extends TupleEntry<DropEntry> {
  type: number;
  time: number;
  index: number;
}

function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 65535;
}

/** Records of one connection side within this time (or this many records, without times) are one decision. */
const CONNECTION_WINDOW_MS = 5000;
const CONNECTION_WINDOW_RECORDS = 10_000;
/** connections remembered at most (older ones are forgotten first) */
const MAX_CONNECTIONS = 50_000;

const NOT_ENFORCED = { policy: null, rule: 'not-enforced' } as const;

/**
 * A connection side seen by a replay that does not evaluate (collecting for membrane generate),
 * or judged by a record other than a trace event: a later record of the side only asks whether
 * it was seen and whether by a trace event (whose counts a policy verdict takes back), so only a
 * trace event's Tally is kept on the connection (a Tally per connection side kept 600,000
 * objects alive on workload-10k's million records).
 */
const SEEN: Tally = {
  fromTrace: false, outcome: 'agree', membrane: 'allow', direction: counts(), kind: 'l3l4', byObserved: counts(), observedKey: '', group: undefined, peers: undefined, peerKey: 0,
};

let lastSecond = '';
let lastSecondMs = Number.NaN;

/**
 * Milliseconds of an RFC 3339 time as Hubble writes it (`2025-03-14T09:30:07.019053984Z`):
 * Date.parse of the whole-second part once per second of the recording, the fraction read by
 * hand (Date.parse of nanosecond times is a large share of replay's time otherwise).
 */
export function timeMs(text: string | undefined): number {
  if (text === undefined) return Number.NaN;
  const c = text.charCodeAt(19);
  if (text.length < 20 || text.charCodeAt(10) !== 84 /* T */ || (c !== 46 /* . */ && c !== 90 /* Z */) || text.charCodeAt(text.length - 1) !== 90) return Date.parse(text);
  if (!text.startsWith(lastSecond) || lastSecond === '') {
    lastSecond = text.slice(0, 19);
    lastSecondMs = Date.parse(`${lastSecond}Z`);
  }
  let ms = 0;
  if (c === 46) {
    for (let i = 20, scale = 100; i < 23 && i < text.length - 1; i++, scale /= 10) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return Date.parse(text);
      ms += d * scale;
    }
  }
  return lastSecondMs + ms;
}

/** The policy and rule that decided one side (`-o jsonl`). */
function decidingRule(entry: SideEntry): { policy: string | null; rule: string } {
  if (entry.rule) return entry.rule;
  const side = entry.side;
  const l7 = side.l7;
  let rule: { policy: string | null; rule: string };
  const fromRow = (row: Row, path?: readonly PathSegment[]): { policy: string | null; rule: string } | undefined => {
    for (const c of row.policy.contributions as readonly Contribution[]) {
      if (c.kind === 'rule') return { policy: formatPolicyRef(c.entry.origin.policy), rule: formatPath(path ?? c.entry.origin.path) };
      return { policy: null, rule: c.kind };
    }
    return undefined;
  };
  if (side.l4.verdict === 'allow' && l7 && l7.verdict === 'deny') {
    const tried = l7.tried[0];
    rule = (tried && fromRow(tried.row)) ?? { policy: null, rule: 'l7-denied' };
  } else if (side.l4.reason === 'allowed' && l7?.matched) {
    rule = fromRow(l7.matched.row, l7.matched.rule.path) ?? { policy: null, rule: 'allowed' };
  } else {
    switch (side.l4.reason) {
      case 'allowed':
      case 'denied':
        rule = (side.l4.deciding[0] && fromRow(side.l4.deciding[0])) ?? { policy: null, rule: side.l4.reason };
        break;
      case 'default-deny':
        rule = { policy: null, rule: 'default-deny' };
        break;
      case 'unmodelled':
        rule = { policy: null, rule: 'unmodelled' };
        break;
      case 'no-policy':
        rule = NOT_ENFORCED;
        break;
      case 'auth-required':
        rule = { ...((side.l4.deciding[0] && fromRow(side.l4.deciding[0])) ?? { policy: null }), rule: 'auth-required' };
        break;
      case 'envoy-rejected':
        rule = { policy: side.l4.envoy?.[0] ? formatPolicyRef(side.l4.envoy[0].entry.origin.policy) : null, rule: 'envoy-rejected' };
        break;
    }
  }
  entry.rule = rule;
  return rule;
}

function portText(protocol: FlowProtocol, port: number): string {
  return protocol === 'ICMP' || protocol === 'ICMPv6' ? `${protocol} type ${port}` : `${protocol}/${port}`;
}

function requestText(f: ObservedFlow): string {
  const l7 = f.l7;
  if (l7?.http) return ` ${l7.http.method} ${l7.http.path}`;
  if (l7?.dns) return ` DNS ${l7.dns.query}`;
  return '';
}

const MAX_MALFORMED_KEPT = 20;
const MAX_PEERS = 10;
/**
 * Bounds that keep replay's memory flat whatever the input (docs/replay.md, "Limits"): caches
 * are dropped and rebuilt when they reach these sizes; distinct endpoints are counted exactly
 * up to MAX_COUNTED_ENDPOINTS per kind, then reported as "at least".
 */
const MAX_REF_CACHE = 20_000;
const MAX_SIDE_CACHE = 300_000;
const MAX_UNMODELLED_CACHE = 10_000;
const MAX_COUNTED_ENDPOINTS = 50_000;
const MAX_NODE_NAMES = 10_000;
/** pods known only by their labels: Cilium's cluster identities are 256..65535 */
const MAX_LABEL_IDENTITIES = 65_280;
/** distinct recorded verdict and drop reason texts (`FORWARDED`, `DROPPED/POLICY_DENIED`) */
const MAX_OBSERVED_KEYS = 256;
/** distinct peer endpoints (and requests per peer) a group keeps apart; the rest count as one */
const MAX_PEER_REFS = 1000;
const MAX_PODS = 10;
const DUP_WINDOW_MS = 1000;
const DUP_WINDOW_RECORDS = 1000;

/** Replays flows one at a time; `report()` gives the result so far. */
export class Replayer {
  private readonly engine: PolicyEngine;
  private readonly fqdn: ObservedFqdnCache;
  private readonly examplesPerGroup: number;
  private readonly traces: boolean;
  private readonly onJudged: ((record: JudgedRecord) => void) | undefined;
  private readonly onAllowed: ((observation: AllowedObservation) => void) | undefined;
  private readonly onDnsAnswer: ((answer: DnsAnswerObservation) => void) | undefined;
  private readonly dedupConnections: boolean;
  private readonly evaluateVerdicts: boolean;
  private readonly learnDns: boolean;
  private readonly progressEvery: number;
  private readonly onProgress: ((flows: number) => void) | undefined;
  private gen = 0;

  private records = 0;
  private flows = 0;
  private nonFlow = 0;
  private malformedCount = 0;
  private readonly malformedKept: { location: string; message: string }[] = [];
  private decisions = 0;
  private dnsResponses = 0;
  private unresolvedCount = 0;
  private readonly unresolvedByReason = new Map<string, { count: number; example?: string | undefined }>();
  private readonly skipped: Record<SkipReason, number> = {
    reply: 0, established: 0, trace: 0, 'non-policy-drop': 0, 'l7-other': 0, 'no-verdict': 0, 'no-l4': 0, duplicate: 0, repeat: 0,
  };
  private connectionCount = 0;
  /** recent connections (5-tuple) and what each side counted, to count a side once however many points saw it */
  private connections = new TupleTable<ConnectionEntry>();
  private previousConnections = new TupleTable<ConnectionEntry>();
  private generationStart = { time: Number.NaN, index: 0 };
  private membraneAllow = 0;
  private membraneDeny = 0;
  private firstSeen: string | undefined;
  private lastSeen: string | undefined;
  private readonly total = counts();
  private readonly byDirection = { egress: counts(), ingress: counts(), unknown: counts() };
  private readonly byKind: Record<DecisionKind, FidelityCounts> = { l3l4: counts(), http: counts(), dns: counts() };
  private readonly byObserved = new Map<string, FidelityCounts>();
  private readonly dnsStats = { learned: 0, noAnswer: 0, notProxied: 0 };

  private readonly refCache = new Map<string, RefCacheEntry>();
  private readonly endpointKeys: Record<Identification, Set<string>> = { manifest: new Set(), labels: new Set(), entity: new Set(), world: new Set() };
  private readonly nodeNames = new Map<string, string | undefined>();
  /** endpoint kinds with more distinct endpoints than MAX_COUNTED_ENDPOINTS */
  private readonly endpointsCapped = new Set<Identification>();
  private labelIdentities = 0;
  /** why the last endpoint could not be identified, when it was not for lack of data */
  private unresolvedReason: string | undefined;
  /** subject id and direction -> peer class -> protocol*65536+port -> side */
  private readonly l4Cache = new Map<number, Map<number, SideEntry>>();
  /** sides of flows of an address family the cluster does not run, per subject, direction and reason */
  private readonly unmodelledCache = new Map<string, SideEntry>();
  private readonly l7Cache = new Map<string, SideEntry>();
  private sideCacheSize = 0;
  /** recent policy drops by 5-tuple, to recognize the drop notification that repeats a policy verdict */
  private readonly recentDrops = new TupleTable<DropEntry>();
  private readonly nowDroppedGroups = new Map<string, GroupAcc>();
  private readonly nowAllowedGroups = new Map<string, GroupAcc>();

  constructor(private readonly model: Model, private readonly options: ReplayOptions = {}) {
    this.engine = model.engine;
    this.examplesPerGroup = options.examples ?? 3;
    this.traces = options.traces ?? true;
    this.onJudged = options.onJudged;
    this.onAllowed = options.onAllowed;
    this.onDnsAnswer = options.onDnsAnswer;
    this.dedupConnections = options.dedupConnections ?? true;
    this.evaluateVerdicts = options.evaluate ?? true;
    this.learnDns = options.learnDns ?? true;
    this.progressEvery = options.progressEvery ?? 100_000;
    this.onProgress = options.onProgress;
    // the engine's FQDN cache keeps what it had (answers given up front) and learns from the flows
    this.fqdn = new ObservedFqdnCache(this.engine.ipcache.fqdnCache);
    this.engine.ipcache.setFqdnCache(this.fqdn);
    this.decoder = options.decodeLines === false ? undefined : new HubbleLineDecoder({ traces: this.traces });
  }

  private readonly decoder: HubbleLineDecoder | undefined;

  /**
   * The text fast path (HubbleReadOptions.fastPath): the record of a line decoded by its shape
   * (analysis/hubble-line.ts), exactly as parsing it would give; undefined: parse the line.
   */
  readonly fastPath = (line: string): DecodedLine | undefined => this.decoder?.decode(line);

  /** The options of the shape decoder (undefined without one): another thread may decode lines for this replay (LineWireReader). */
  get lineDecoding(): RelevanceOptions | undefined {
    return this.decoder ? { traces: this.traces } : undefined;
  }

  /** Changes whenever a DNS answer taught a node something (verdicts on outside addresses may change). */
  get fqdnGeneration(): number {
    return this.gen;
  }

  /** A parsed record (a JSON line): flows are replayed, anything else is counted. */
  addRecord(value: unknown, file?: string, line?: number): void {
    this.records++;
    if (value instanceof SkippedFlow) {
      // a flow skipped anyway (a reply, a packet of an established connection...), read from its text
      const n = ++this.flows;
      if (this.onProgress && n % this.progressEvery === 0) this.onProgress(n);
      if (value.time !== undefined) {
        if (this.firstSeen === undefined) this.firstSeen = value.time;
        this.lastSeen = value.time;
      }
      this.skipped[value.relevance]++;
      return;
    }
    if (value instanceof DecodedFlow) {
      this.addFlow(value.flow, file, line, value.relevance);
      return;
    }
    if (value instanceof NonFlowRecord) {
      this.nonFlow++;
      return;
    }
    const flow = toObservedFlow(value);
    if (!flow) {
      this.nonFlow++;
      return;
    }
    this.addFlow(flow, file, line);
  }

  /** A line that is not JSON (counted; the first ones are kept with their location). */
  addMalformed(location: string, message: string): void {
    this.malformedCount++;
    if (this.malformedKept.length < MAX_MALFORMED_KEPT) this.malformedKept.push({ location, message });
  }

  /** One observed flow (records that are already normalized). */
  add(flow: ObservedFlow, file?: string, line?: number): void {
    this.records++;
    this.addFlow(flow, file, line);
  }

  private addFlow(flow: ObservedFlow, file: string | undefined, line: number | undefined, known?: Relevance): void {
    const n = ++this.flows;
    if (this.onProgress && n % this.progressEvery === 0) this.onProgress(n);
    if (flow.time !== undefined) {
      if (this.firstSeen === undefined) this.firstSeen = flow.time;
      this.lastSeen = flow.time;
    }
    const relevance: Relevance = known ?? policyRelevance(flow, { traces: this.traces });
    if (relevance === 'decision') {
      if (this.isDuplicateDrop(flow)) this.skipped.duplicate++;
      else this.decide(flow, file, line);
    } else if (relevance === 'dns-response') {
      this.dnsResponse(flow);
    } else {
      this.skipped[relevance]++;
    }
  }

  // --- duplicates: Cilium sends a policy verdict and a drop notification for one policy drop

  private isDuplicateDrop(f: ObservedFlow): boolean {
    const type = f.eventType;
    if ((type !== EVENT_DROP && type !== EVENT_POLICY_VERDICT) || (f.verdict !== 'DROPPED' && f.verdict !== 'AUDIT')) return false;
    // (the addresses as the text key writes them: `undefined` for none)
    const source = `${f.source.ip}`;
    const destination = `${f.destination.ip}`;
    const node = f.node ?? '';
    const ports = tupleNumber(f.protocol, f.sourcePort, f.destinationPort, source, destination, node);
    const key = ports === -1 ? `${source}|${f.sourcePort}|${destination}|${f.destinationPort}|${f.protocol}|${node}` : undefined;
    const time = timeMs(f.time);
    const drops = this.recentDrops;
    let previous = drops.find(ports, key, source, destination, node);
    if (previous && previous.type !== type) {
      const close = Number.isFinite(time) && Number.isFinite(previous.time)
        ? Math.abs(time - previous.time) <= DUP_WINDOW_MS
        : this.flows - previous.index <= DUP_WINDOW_RECORDS;
      if (close) {
        drops.delete(ports, previous);
        return true;
      }
    }
    if (drops.size > 50_000) {
      drops.clear();
      previous = undefined;
    }
    if (previous) {
      previous.type = type;
      previous.time = time;
      previous.index = this.flows;
    } else {
      drops.add(ports, { source, destination, node, key, type, time, index: this.flows, next: undefined });
    }
    return false;
  }

  // --- endpoints

  private nodeName(raw: string | undefined): string | undefined {
    if (raw === undefined) return undefined;
    let name = this.nodeNames.get(raw);
    if (name === undefined && !this.nodeNames.has(raw)) {
      // relay prefixes the cluster name: `cluster/node`
      const slash = raw.lastIndexOf('/');
      const bare = slash === -1 ? raw : raw.slice(slash + 1);
      name = this.model.cluster.node(raw) ? raw : this.model.cluster.node(bare) ? bare : raw;
      if (this.nodeNames.size >= MAX_NODE_NAMES) this.nodeNames.clear();
      this.nodeNames.set(raw, name);
    }
    return name;
  }

  private newRef(key: string, display: string, endpoint: FlowEndpoint, how: Identification, pod: PodInfo | undefined, subject: Identity | undefined, node: string | undefined): Ref {
    const keys = this.endpointKeys[how];
    if (keys.size < MAX_COUNTED_ENDPOINTS) keys.add(key);
    else if (!keys.has(key)) this.endpointsCapped.add(how);
    return {
      key,
      display,
      resolved: { endpoint, display, pod, node },
      subject,
      pod,
      how,
      memoGen: -1,
      memoObserver: '',
      memoIdentity: undefined,
      endId: -1,
      peerId: this.nextPeerId++,
    };
  }

  /** null: the endpoint cannot be identified (no address, pod or labels). */
  private build(e: ObservedEndpoint, node: string): { ref: Ref | null; nodeIndependent: boolean; reason?: string } {
    const cluster = this.model.cluster;
    if (e.namespace !== undefined && e.podName !== undefined) {
      const pod = cluster.pod(e.namespace, e.podName);
      if (pod) return { ref: this.podRef(pod), nodeIndependent: true };
    }
    const addr = e.ip !== undefined ? parseIp(e.ip) : undefined;
    if (addr) {
      const owner = cluster.ownerOf(addr);
      if (owner?.kind === 'pod') return { ref: this.podRef(owner.pod), nodeIndependent: true };
      if (owner?.kind === 'node') {
        const n = owner.node;
        return { ref: this.newRef(`node:${n.name}`, `node ${n.name}`, { kind: 'node', node: n }, 'manifest', undefined, undefined, n.name), nodeIndependent: true };
      }
    }
    const labels = e.labels;
    if (labels.length > 0) {
      let reserved: ReservedName | undefined;
      let world = false;
      let podNamespace = false;
      for (const l of labels) {
        if (l.startsWith('reserved:')) {
          const name = l.slice('reserved:'.length) as ReservedName;
          if (name === 'world' || name === 'world-ipv4' || name === 'world-ipv6') world = true;
          else if (RESERVED_PRIORITY.includes(name) && (reserved === undefined || RESERVED_PRIORITY.indexOf(name) < RESERVED_PRIORITY.indexOf(reserved))) reserved = name;
        } else if (l.startsWith('cidr:') || l.startsWith('fqdn:')) {
          world = true;
        } else if (l.startsWith(POD_NAMESPACE_PREFIX)) {
          podNamespace = true;
        }
      }
      if (reserved !== undefined) {
        return { ref: this.newRef(`entity:${reserved}`, `reserved:${reserved}`, { kind: 'entity', entity: reserved }, 'entity', undefined, undefined, undefined), nodeIndependent: true };
      }
      if (!world && podNamespace) {
        // a new label set allocates an identity, as in Cilium, up to its identity space
        if (this.labelIdentities >= MAX_LABEL_IDENTITIES) return { ref: null, nodeIndependent: true, reason: `more distinct label sets than Cilium has cluster identities (${MAX_LABEL_IDENTITIES.toLocaleString('en-US')})` };
        const before = cluster.identities.size;
        const identity = cluster.identities.fromLabels(labels.map(parseLabel));
        if (cluster.identities.size > before) this.labelIdentities++;
        const display = e.podName !== undefined ? `${e.namespace ?? identity.namespace ?? ''}/${e.podName}` : identity.name;
        const subject = identity.kind === 'pod' ? identity : undefined;
        const endpoint: FlowEndpoint = { kind: 'identity', identity, node: node === '' ? undefined : node };
        return { ref: this.newRef(`identity:${identity.id}`, display, endpoint, 'labels', undefined, subject, node === '' ? undefined : node), nodeIndependent: false };
      }
    }
    if (addr) {
      const text = formatIp(addr);
      return { ref: this.newRef(`ip:${text}`, text, { kind: 'ip', ip: addr }, 'world', undefined, undefined, undefined), nodeIndependent: true };
    }
    return { ref: null, nodeIndependent: true };
  }

  private readonly podRefs = new Map<PodInfo, Ref>();
  /** numbers refs in groups' peer counts (0 is OTHER_PEERS) */
  private nextPeerId = 1;

  private podRef(pod: PodInfo): Ref {
    let ref = this.podRefs.get(pod);
    if (!ref) {
      const display = `${pod.namespace}/${pod.name}`;
      ref = this.newRef(`pod:${display}`, display, { kind: 'pod', pod }, 'manifest', pod, this.model.cluster.identityOf(pod), pod.nodeName);
      this.podRefs.set(pod, ref);
    }
    return ref;
  }

  /** The endpoint of one end of a flow; `localNode` when the flow was recorded on its node. */
  private resolve(e: ObservedEndpoint, localNode: string | undefined): Ref | null {
    const cacheKey = e.ip ?? `~${e.namespace ?? ''}/${e.podName ?? ''}|${e.labels.join(',')}`;
    const node = localNode ?? '';
    let entry = this.refCache.get(cacheKey);
    if (entry && (entry.namespace !== e.namespace || entry.podName !== e.podName || !sameLabels(entry.labels, e.labels))) entry = undefined;
    if (entry) {
      if (entry.nodeIndependent) return entry.ref;
      const ref = entry.refs!.get(node);
      if (ref !== undefined) return ref;
      const built = this.build(e, node);
      entry.refs!.set(node, built.ref);
      return built.ref;
    }
    const built = this.build(e, node);
    if (built.reason) this.unresolvedReason = built.reason;
    let refs: Map<string, Ref | null> | undefined;
    if (!built.nodeIndependent) refs = new Map([[node, built.ref]]);
    if (this.refCache.size >= MAX_REF_CACHE) this.refCache.clear();
    this.refCache.set(cacheKey, { namespace: e.namespace, podName: e.podName, labels: e.labels, refs, ref: built.nodeIndependent ? built.ref : null, nodeIndependent: built.nodeIndependent });
    return built.ref;
  }

  private readonly endIds = new Map<string, number>();

  /** A small number per end of a record for `membrane generate`'s classes: a pod identity on its node, else the endpoint. */
  private endId(r: Ref): number {
    if (r.endId === -1) {
      const end = r.subject ? `i${r.subject.id}@${r.resolved.node ?? ''}` : r.key;
      let id = this.endIds.get(end);
      if (id === undefined) this.endIds.set(end, (id = this.endIds.size));
      r.endId = id;
    }
    return r.endId;
  }

  /** The identity of an endpoint as the agent on `observer` sees it (memoized per FQDN generation). */
  private identityAt(ref: Ref, observer: string): Identity {
    // a pod with an identity is that identity wherever it is seen (Engine.identityAt; pods keep theirs)
    if (ref.pod !== undefined && ref.subject !== undefined) return ref.subject;
    if (ref.memoGen === this.gen && ref.memoObserver === observer && ref.memoIdentity) return ref.memoIdentity;
    const identity = this.engine.identityAt(ref.resolved, observer);
    ref.memoGen = this.gen;
    ref.memoObserver = observer;
    ref.memoIdentity = identity;
    return identity;
  }

  private unresolved(reason: string, example: string): void {
    this.unresolvedCount++;
    const u = this.unresolvedByReason.get(reason);
    if (u) u.count++;
    else this.unresolvedByReason.set(reason, { count: 1, example });
  }

  // --- verdicts

  private spec(src: Ref, dst: Ref, protocol: FlowProtocol, port: number, f: ObservedFlow | undefined, dnsQuery?: string): FlowSpec {
    const http = f?.l7?.http;
    return {
      from: src.resolved.endpoint,
      to: dst.resolved.endpoint,
      protocol,
      port,
      http: http ? { method: http.method, path: http.path, host: http.host, headers: { ...http.headers } } : undefined,
      dns: dnsQuery !== undefined ? { query: dnsQuery } : f?.l7?.dns ? { query: f.l7.dns.query } : undefined,
    };
  }

  /**
   * The verdict of one enforcing side, from the cache or (on a miss) from the engine. Cached
   * per subject identity, direction, the peer's class in the subject's policy map (peers
   * with the same rows get the same verdict and explanation), protocol and port, and the L7
   * request: random pairs of a large cluster's pods share a few classes.
   */
  private sideEntry(
    direction: Direction, subject: Identity, peer: Identity, protoPort: number, l7key: string | undefined,
    src: Ref, dst: Ref, f: ObservedFlow | undefined, dnsQuery?: string,
  ): SideEntry {
    const self = direction === 'egress' ? src : dst;
    const unmodelled = this.engine.unmodelledFamily(src.resolved, dst.resolved);
    if (unmodelled !== undefined) {
      // a flow of an address family the cluster does not run: denied, saying why (per subject and reason)
      const key = `${subject.id}|${direction}|${unmodelled}`;
      let entry = this.unmodelledCache.get(key);
      if (!entry) {
        if (this.unmodelledCache.size >= MAX_UNMODELLED_CACHE) this.unmodelledCache.clear();
        const spec = this.spec(src, dst, PROTOCOLS[protoPort >>> 16]!, protoPort & 0xffff, f, dnsQuery);
        const side = this.engine.evaluateSide(direction, self.pod, subject, peer, spec);
        this.unmodelledCache.set(key, (entry = { verdict: side.verdict, side }));
      }
      return entry;
    }
    const peerClass = this.engine.policyOf(subject).direction(direction).peerClass(peer);
    // small-integer keys at each level (V8 hashes them fastest)
    const subjectKey = subject.id * 2 + (direction === 'egress' ? 1 : 0);
    let bySubject = this.l4Cache.get(subjectKey);
    if (!bySubject) this.l4Cache.set(subjectKey, (bySubject = new Map()));
    // the peer's class and the protocol and port in one number (as the engine's lookup cache):
    // classes are below 2^26, protoPort below 2^24 (ports a record gives above 65535 go by text)
    const numeric = l7key === undefined && protoPort < 16777216;
    const classPort = peerClass * 16777216 + protoPort;
    const textKey = numeric ? '' : `${subjectKey}|${peerClass}|${protoPort}|${l7key ?? ''}`;
    let entry: SideEntry | undefined = numeric ? bySubject.get(classPort) : this.l7Cache.get(textKey);
    if (entry) return entry;
    // only the side asked for: the record reports one side, and the other is keyed by another peer view
    const spec = this.spec(src, dst, PROTOCOLS[protoPort >>> 16]!, protoPort & 0xffff, f, dnsQuery);
    const side = this.engine.sideVerdict(direction, self.pod, subject, peer, spec);
    entry = { verdict: side.verdict, side };
    if (this.sideCacheSize++ >= MAX_SIDE_CACHE) {
      // the verdicts are recomputed on demand; the groups they pointed to are found again by key
      this.l4Cache.clear();
      this.l7Cache.clear();
      this.sideCacheSize = 1;
    }
    if (numeric) {
      if (this.l4Cache.size === 0) {
        // emptied above: the map found before is gone
        this.l4Cache.set(subjectKey, (bySubject = new Map()));
      }
      bySubject.set(classPort, entry);
    } else {
      this.l7Cache.set(textKey, entry);
    }
    return entry;
  }

  /** whether any HTTP rule looks at headers (else request headers are left out of cache keys) */
  private headersMatter: boolean | undefined;

  private l7Key(f: ObservedFlow): string | undefined {
    const l7 = f.l7;
    if (l7?.http) {
      const h = l7.http;
      this.headersMatter ??= this.engine.repository.entries.some((e) => (e.portRules ?? []).some((pr) =>
        pr.l7?.kind === 'http' && pr.l7.rules.some((r) => r.rule.headerChecks.length > 0 || r.rule.headerActions.length > 0)));
      const headers = this.headersMatter && Object.keys(h.headers).length > 0 ? JSON.stringify(h.headers) : '';
      return `http ${h.method} ${h.path} ${h.host ?? ''} ${headers}`;
    }
    if (l7?.dns) return `dns ${l7.dns.query.toLowerCase()}`;
    return undefined;
  }

  private decide(f: ObservedFlow, file: string | undefined, line: number | undefined): void {
    const protocol = f.protocol!;
    const node = this.nodeName(f.node);
    const isTrace = f.eventType === EVENT_TRACE;
    // the enforcing side a record reports: traffic_direction (for trace events, else the side
    // their observation point implies)
    const direction = isTrace ? traceSide(f) : f.direction;
    const src = this.resolve(f.source, direction === 'INGRESS' ? undefined : node);
    const dst = this.resolve(f.destination, direction === 'INGRESS' ? node : undefined);
    if (!src || !dst) {
      const which = !src ? 'source' : 'destination';
      const reason = this.unresolvedReason ?? 'has no address, pod or labels';
      this.unresolvedReason = undefined;
      this.unresolved(`${which} ${reason}`, `${f.time ?? ''} ${f.node ?? ''} ${f.source.ip ?? '?'} -> ${f.destination.ip ?? '?'}`.trim());
      return;
    }
    const kind = decisionKind(f);
    const port = f.destinationPort;
    const protoPort = protocolNumber(protocol) * 65536 + port;
    const l7key = kind === 'l3l4' ? undefined : this.l7Key(f);
    let egress: SideEntry | undefined;
    let ingress: SideEntry | undefined;
    let egressPeer: Identity | undefined;
    let ingressPeer: Identity | undefined;
    const loopback = src.pod !== undefined && src.pod === dst.pod;
    if (!loopback) {
      if (src.subject && direction !== 'INGRESS') {
        egressPeer = this.identityAt(dst, src.resolved.node ?? '');
        if (this.evaluateVerdicts) egress = this.sideEntry('egress', src.subject, egressPeer, protoPort, l7key, src, dst, f);
      }
      if (dst.subject && direction !== 'EGRESS') {
        ingressPeer = this.identityAt(src, dst.resolved.node ?? '');
        if (this.evaluateVerdicts) ingress = this.sideEntry('ingress', dst.subject, ingressPeer, protoPort, l7key, src, dst, f);
      }
    }
    const membrane: Verdict = (egress?.verdict ?? 'allow') === 'allow' && (ingress?.verdict ?? 'allow') === 'allow' ? 'allow' : 'deny';
    const recordedAllow = observedAllowed(f.verdict);
    if (this.onJudged) this.onJudged(this.judged(f, direction, egress, ingress, membrane, recordedAllow, kind, file, line));

    // a side of a connection counts once: later observation points of it are repeats, and a
    // policy verdict replaces what a trace event of the same side counted
    let connection: ConnectionEntry | undefined;
    const sideKey = direction === 'EGRESS' ? 'egress' : direction === 'INGRESS' ? 'ingress' : undefined;
    if (sideKey && this.dedupConnections) {
      connection = this.connection(f);
      const previous = kind === 'l3l4' ? connection[sideKey] : undefined;
      if (previous) {
        if (isTrace) {
          this.skipped.repeat++;
          return;
        }
        if (previous.fromTrace && this.evaluateVerdicts) this.apply(previous, -1);
      }
    }

    if (this.onAllowed && recordedAllow) {
      // records of equal identities (on the same nodes: FQDN caches and host/remote-node are
      // per node) get equal verdicts: one class, whichever pods of them talk

      // the sides are built only when the consumer asks (once per class of equal records)
      const sides = (): ObservedSide[] => {
        const out: ObservedSide[] = [];
        for (const [side, subject, peer, self, other] of [['egress', src.subject, egressPeer, src, dst], ['ingress', dst.subject, ingressPeer, dst, src]] as const) {
          if (!subject || !peer) continue;
          const ep = other.resolved.endpoint;
          out.push({
            direction: side,
            subject,
            peer,
            peerKey: other.key,
            peerIp: ep.kind === 'ip' ? formatIp(ep.ip) : undefined,
            peerDisplay: other.display,
            subjectDisplay: self.display,
          });
        }
        return out;
      };
      this.onAllowed({ flow: f, kind, sides, direction, sourceEnd: this.endId(src), destinationEnd: this.endId(dst), protoPort, l7key, file, line });
    }
    if (!this.evaluateVerdicts) {
      // collecting only (membrane generate): the side is marked seen, nothing is tallied
      if (connection && sideKey) {
        if (kind === 'l3l4') connection[sideKey] = SEEN;
      } else {
        this.connectionCount++;
      }
      return;
    }

    const outcome: Outcome = recordedAllow === (membrane === 'allow') ? 'agree' : recordedAllow ? 'nowDropped' : 'nowAllowed';
    const observedKey = this.observedKey(f);
    let byObs = this.byObserved.get(observedKey);
    if (!byObs) this.byObserved.set(observedKey, (byObs = counts()));
    const tally: Tally = {
      fromTrace: isTrace,
      outcome,
      membrane,
      direction: direction === 'EGRESS' ? this.byDirection.egress : direction === 'INGRESS' ? this.byDirection.ingress : this.byDirection.unknown,
      kind,
      byObserved: byObs,
      observedKey,
      group: undefined,
      peers: undefined,
      peerKey: 0,
    };
    if (connection && sideKey) {
      if (kind === 'l3l4') connection[sideKey] = isTrace ? tally : SEEN;
    } else {
      this.connectionCount++;
    }
    if (outcome !== 'agree') this.attach(tally, f, direction, egress, ingress, src, dst, protoPort, file, line);
    // (attach counted the peer key already: it had looked it up)
    this.applyCounts(tally, 1);
  }

  /** The connection of a record (its 5-tuple, recently seen), created on first sight. */
  private connection(f: ObservedFlow): ConnectionEntry {
    const time = timeMs(f.time);
    const source = f.source.ip ?? f.source.podName ?? '';
    const destination = f.destination.ip ?? f.destination.podName ?? '';
    const ports = tupleNumber(f.protocol, f.sourcePort, f.destinationPort, source, destination, '');
    const key = ports === -1 ? `${f.protocol}|${source}|${f.sourcePort}|${destination}|${f.destinationPort}` : undefined;
    const index = this.flows;
    // two generations, each at least a window long: a connection seen within the window is in
    // one of them; older ones are dropped a generation at a time (no per-entry expiry)
    const start = this.generationStart;
    const old = Number.isFinite(time) && Number.isFinite(start.time) ? time - start.time > CONNECTION_WINDOW_MS : index - start.index > CONNECTION_WINDOW_RECORDS;
    if (old || this.connections.size >= MAX_CONNECTIONS / 2) {
      this.previousConnections = this.connections;
      this.connections = new TupleTable();
      this.generationStart = { time, index };
    }
    const current = this.connections;
    let c = current.find(ports, key, source, destination, '');
    const inCurrent = c !== undefined;
    c ??= this.previousConnections.find(ports, key, source, destination, '');
    if (c) {
      const stale = Number.isFinite(time) && Number.isFinite(c.time) ? Math.abs(time - c.time) > CONNECTION_WINDOW_MS : index - c.index > CONNECTION_WINDOW_RECORDS;
      if (!stale) return c;
    }
    this.connectionCount++;
    if (inCurrent) {
      // a new connection of a tuple this generation has: it replaces the stale one
      c!.time = time;
      c!.index = index;
      c!.egress = undefined;
      c!.ingress = undefined;
      return c!;
    }
    return current.add(ports, { source, destination, node: '', key, time, index, egress: undefined, ingress: undefined, next: undefined });
  }


  /** Adds (+1) or takes back (-1) one decision's counts. */
  private apply(t: Tally, sign: 1 | -1): void {
    this.applyCounts(t, sign);
    if (t.peers) t.peers.set(t.peerKey, (t.peers.get(t.peerKey) ?? 0) + sign);
  }

  /** `apply` but for the group's peer count. */
  private applyCounts(t: Tally, sign: 1 | -1): void {
    this.decisions += sign;
    if (t.membrane === 'allow') this.membraneAllow += sign;
    else this.membraneDeny += sign;
    // (four statements, not a loop over an array literal: one array less per decision)
    const outcome = t.outcome;
    this.total.decisions += sign;
    this.total[outcome] += sign;
    t.direction.decisions += sign;
    t.direction[outcome] += sign;
    const byKind = this.byKind[t.kind];
    byKind.decisions += sign;
    byKind[outcome] += sign;
    t.byObserved.decisions += sign;
    t.byObserved[outcome] += sign;
    const g = t.group;
    if (g) {
      g.flows += sign;
      g.kinds[t.kind] += sign;
      g.observed.set(t.observedKey, (g.observed.get(t.observedKey) ?? 0) + sign);
    }
  }

  /** Finds the group of a disagreement and records the flow's details there (counts come from `apply`). */
  private attach(
    tally: Tally, f: ObservedFlow, direction: string, egress: SideEntry | undefined, ingress: SideEntry | undefined,
    src: Ref, dst: Ref, protoPort: number, file: string | undefined, line: number | undefined,
  ): void {
    const outcome = tally.outcome as 'nowDropped' | 'nowAllowed';
    const kind = tally.kind;
    // which side explains the difference
    let blamed: SideEntry | undefined;
    if (outcome === 'nowDropped') {
      blamed = egress?.verdict === 'deny' ? egress : ingress;
    } else if (direction === 'EGRESS') {
      blamed = egress;
    } else if (direction === 'INGRESS') {
      blamed = ingress;
    } else {
      blamed = egress && egress.side.l4.reason !== 'no-policy' ? egress : ingress ?? egress;
    }
    let g = blamed ? (outcome === 'nowDropped' ? blamed.nowDroppedGroup : blamed.nowAllowedGroup) : undefined;
    if (!g) {
      g = this.group(outcome, blamed, kind, src, dst);
      if (blamed) {
        if (outcome === 'nowDropped') blamed.nowDroppedGroup = g;
        else blamed.nowAllowedGroup = g;
      }
    }
    tally.group = g;
    const sideDir = g.direction;
    const self = sideDir === 'ingress' ? dst : src;
    const other = sideDir === 'ingress' ? src : dst;
    // (the endpoint of the group's last flow is in its sets already)
    if (g.lastSelf !== self) {
      if (g.pods.size < MAX_PODS) g.pods.add(self.display);
      g.identifiedBy.add(self.how);
      g.lastSelf = self;
    }
    // peers are kept per endpoint up to a bound; the rest are counted under one entry
    let keys = g.peerRefs.get(other);
    const peerRef = keys !== undefined || g.peerRefs.size < MAX_PEER_REFS ? other : OTHER_PEERS;
    if (peerRef !== other) keys = g.peerRefs.get(peerRef);
    keys ??= 0;
    // (an L7 request of a peer with many keys is counted under its port)
    const byPort = kind === 'l3l4' || keys >= MAX_PEER_REFS;
    // (ports a record gives above 65535 go by text)
    const peerKey = byPort ? (protoPort < 16777216 ? peerRef.peerId * 16777216 + protoPort : `${peerRef.peerId}|${protoPort}`) : `${peerRef.peerId}|${protoPort}|${requestText(f)}`;
    // the flow counts for its peer key (one lookup: the map is large, and far from the cache);
    // one more key for this peer when it is new
    const peerCount = g.peers.get(peerKey);
    if (peerCount === undefined) g.peerRefs.set(peerRef, keys + 1);
    g.peers.set(peerKey, (peerCount ?? 0) + 1);
    tally.peers = g.peers;
    tally.peerKey = peerKey;
    const recorded = f.policies;
    if (recorded && g.observedPolicies.size < MAX_PEER_REFS) {
      for (const list of [recorded.egressAllowedBy, recorded.ingressAllowedBy, recorded.egressDeniedBy, recorded.ingressDeniedBy]) {
        for (const p of list) g.observedPolicies.add(p);
      }
    }
    if (f.time !== undefined) {
      if (g.firstSeen === undefined) g.firstSeen = f.time;
      g.lastSeen = f.time;
    }
    if (g.examples.length < this.examplesPerGroup) {
      g.examples.push(this.example(f, src, dst, this.spec(src, dst, f.protocol!, f.destinationPort, f), file, line));
    }
  }

  /** The `-o jsonl` record of a judged flow. */
  private judged(
    f: ObservedFlow, direction: string, egress: SideEntry | undefined, ingress: SideEntry | undefined,
    membrane: Verdict, recordedAllow: boolean, kind: DecisionKind, file: string | undefined, line: number | undefined,
  ): JudgedRecord {
    const side = direction === 'EGRESS' ? 'egress' : direction === 'INGRESS' ? 'ingress' : 'flow';
    // the deciding side: the one that denies, else the enforced one (egress first)
    const deciding = side === 'egress' ? egress : side === 'ingress' ? ingress
      : egress?.verdict === 'deny' ? egress : ingress?.verdict === 'deny' ? ingress
        : egress && egress.side.l4.reason !== 'no-policy' ? egress : ingress ?? egress;
    const rule = deciding ? decidingRule(deciding) : NOT_ENFORCED;
    return { input: file, line, side, recorded: recordedAllow ? 'allow' : 'deny', verdict: membrane, layer: kind, policy: rule.policy, rule: rule.rule };
  }

  private readonly observedKeys = new Map<string, Map<string, string>>();
  private observedKeyCount = 0;

  /** `FORWARDED`, `DROPPED/POLICY_DENIED`: one string per combination (no per-flow concatenation). */
  private observedKey(f: ObservedFlow): string {
    if (f.dropReason === undefined) return f.verdict;
    let byReason = this.observedKeys.get(f.verdict);
    if (!byReason) this.observedKeys.set(f.verdict, (byReason = new Map()));
    let key = byReason.get(f.dropReason);
    if (key === undefined) {
      if (this.observedKeyCount >= MAX_OBSERVED_KEYS) return `${f.verdict}/OTHER`;
      this.observedKeyCount++;
      byReason.set(f.dropReason, (key = `${f.verdict}/${f.dropReason}`));
    }
    return key;
  }

  /** The group of a disagreement: per enforcing side, identity, kind of decision and deciding rules. */
  private group(outcome: 'nowDropped' | 'nowAllowed', blamed: SideEntry | undefined, kind: DecisionKind, src: Ref, dst: Ref): GroupAcc {
    const groups = outcome === 'nowDropped' ? this.nowDroppedGroups : this.nowAllowedGroups;
    let decision: ReplayDecision;
    let decisionKey: string;
    if (blamed) {
      if (!blamed.decision) {
        blamed.decision = describeSide(blamed.side);
        blamed.decisionKey = `${blamed.decision.reason}|${blamed.decision.policies.join(',')}|${blamed.decision.selectedBy.join(',')}`;
      }
      decision = blamed.decision;
      decisionKey = blamed.decisionKey!;
    } else {
      decision = NO_POD_DECISION;
      decisionKey = `none|${src.key}|${dst.key}`;
    }
    const identity = blamed?.side.subject.identity;
    const sideDir: Direction | 'none' = blamed ? blamed.side.direction : 'none';
    const groupKey = `${sideDir}|${identity?.id ?? 0}|${kind === 'l3l4' ? '' : kind}|${decisionKey}`;
    let g = groups.get(groupKey);
    if (!g) {
      g = {
        direction: sideDir,
        endpoint: identity ? identity.name : `${src.display} -> ${dst.display}`,
        identity,
        decision,
        pods: new Set(),
        identifiedBy: new Set(),
        lastSelf: undefined,
        flows: 0,
        kinds: { l3l4: 0, http: 0, dns: 0 },
        observed: new Map(),
        peers: new Map(),
        peerRefs: new Map(),
        observedPolicies: new Set(),
        firstSeen: undefined,
        lastSeen: undefined,
        examples: [],
      };
      groups.set(groupKey, g);
    }
    return g;
  }

  private example(f: ObservedFlow, src: Ref, dst: Ref, spec: FlowSpec, file: string | undefined, line: number | undefined): ReplayExample {
    const verdict: FlowVerdict = this.engine.evaluate(spec);
    const recorded = f.policies;
    const policies = recorded
      ? unique([...recorded.egressAllowedBy, ...recorded.ingressAllowedBy, ...recorded.egressDeniedBy, ...recorded.ingressDeniedBy])
      : undefined;
    return {
      time: f.time,
      node: f.node,
      location: file !== undefined ? `${file}${line !== undefined ? `:${line}` : ''}` : undefined,
      observed: { verdict: f.verdict, dropReason: f.dropReason, direction: f.direction, policies: policies && policies.length > 0 ? policies : undefined },
      flow: `${src.display} -> ${dst.display} ${portText(spec.protocol, spec.port)}${requestText(f)}`,
      explanation: explainFlow(verdict),
    };
  }

  // --- DNS responses feed the FQDN cache

  private dnsResponse(f: ObservedFlow): void {
    this.dnsResponses++;
    const dns = f.l7!.dns!;
    if (!observedAllowed(f.verdict) || dns.rcode !== 0 || dns.ips.length === 0 || dns.query === '' || !f.protocol) {
      this.dnsStats.noAnswer++;
      return;
    }
    // a response travels server -> client; the query went client -> server's port
    const node = this.nodeName(f.node);
    const client = this.resolve(f.destination, node);
    const server = this.resolve(f.source, undefined);
    if (this.onDnsAnswer && client && server) {
      this.onDnsAnswer({ flow: f, key: `${client.key}|${server.key}|${f.sourcePort}|${dns.query}|${dns.ips.join(',')}`, client: client.subject, query: dns.query, ips: dns.ips });
    }
    if (!this.learnDns) return;
    if (!client || !server || !client.subject) {
      this.dnsStats.notProxied++;
      return;
    }
    const protocol = f.protocol;
    const port = f.sourcePort;
    const query = dns.query;
    const entry = this.sideEntry(
      'egress',
      client.subject,
      this.identityAt(server, client.resolved.node ?? ''),
      protocolNumber(protocol) * 65536 + port,
      `dns ${query.toLowerCase()}`,
      client,
      server,
      undefined,
      query,
    );
    const l7 = entry.side.l7;
    if (entry.verdict !== 'allow' || l7?.kind !== 'dns' || !l7.proxied) {
      this.dnsStats.notProxied++;
      return;
    }
    const learnNode = client.resolved.node ?? node ?? '';
    const ips: string[] = [];
    for (const ip of dns.ips) {
      const addr = parseIp(ip);
      if (addr) ips.push(formatIp(addr));
    }
    if (this.fqdn.learn(learnNode, query, ips)) {
      this.dnsStats.learned++;
      this.gen++;
      // clears the address -> identity memo, so addresses get their new names' identities
      this.engine.ipcache.setFqdnCache(this.fqdn);
    }
  }

  // --- the report

  report(): ReplayReport {
    const finish = (groups: Map<string, GroupAcc>): ReplayGroup[] =>
      [...groups.values()]
        .filter((g) => g.flows > 0)
        .sort((a, b) => b.flows - a.flows || a.endpoint.localeCompare(b.endpoint))
        .map((g) => ({
          direction: g.direction,
          endpoint: g.endpoint,
          identity: g.identity ? { id: g.identity.id, name: g.identity.name } : undefined,
          pods: [...g.pods].sort(),
          identifiedBy: [...g.identifiedBy].sort(),
          decision: g.decision,
          flows: g.flows,
          kinds: { ...g.kinds },
          observed: Object.fromEntries([...g.observed.entries()].filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1])),
          peers: peerList(g),
          observedPolicies: [...g.observedPolicies].sort(),
          firstSeen: g.firstSeen,
          lastSeen: g.lastSeen,
          examples: g.examples,
        }));
    const nowDropped = finish(this.nowDroppedGroups);
    const nowAllowed = finish(this.nowAllowedGroups);
    const impact = new Map<string, { nowDropped: number; nowAllowed: number; roles: Set<string> }>();
    const credit = (policy: string, field: 'nowDropped' | 'nowAllowed', flows: number, role: string): void => {
      let p = impact.get(policy);
      if (!p) impact.set(policy, (p = { nowDropped: 0, nowAllowed: 0, roles: new Set() }));
      p[field] += flows;
      p.roles.add(role);
    };
    for (const g of nowDropped) {
      const d = g.decision;
      if (d.reason === 'default-deny') for (const p of d.selectedBy) credit(p, 'nowDropped', g.flows, 'default deny');
      else if (d.reason === 'deny-rule') for (const p of d.policies) credit(p, 'nowDropped', g.flows, 'deny rule');
      else if (d.reason === 'l7-denied') for (const p of d.policies) credit(p, 'nowDropped', g.flows, 'L7 rule');
      else for (const p of d.policies) credit(p, 'nowDropped', g.flows, d.reason);
    }
    for (const g of nowAllowed) {
      for (const p of g.decision.policies) credit(p, 'nowAllowed', g.flows, 'allow rule');
    }
    const byPolicy = [...impact.entries()]
      .map(([policy, p]) => ({ policy, nowDropped: p.nowDropped, nowAllowed: p.nowAllowed, roles: [...p.roles].sort() }))
      .sort((a, b) => b.nowDropped + b.nowAllowed - (a.nowDropped + a.nowAllowed) || a.policy.localeCompare(b.policy));
    const names: Record<string, Record<string, string[]>> = {};
    for (const [node, byName] of [...this.fqdn.learnedByNode().entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      names[node] = Object.fromEntries([...byName.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([n, ips]) => [n, [...ips].sort()]));
    }
    const total = { ...this.total };
    return {
      inputs: this.options.inputs ?? [],
      policies: { accepted: this.model.policies.accepted.length, rejected: this.model.policies.rejected.length },
      totals: {
        records: this.records,
        flows: this.flows,
        connections: this.connectionCount,
        nonFlowRecords: this.nonFlow,
        malformed: this.malformedCount,
        decisions: this.decisions,
        dnsResponses: this.dnsResponses,
        unresolved: this.unresolvedCount,
        skipped: { ...this.skipped },
        membrane: { allow: this.membraneAllow, deny: this.membraneDeny },
        firstSeen: this.firstSeen,
        lastSeen: this.lastSeen,
      },
      fidelity: {
        total,
        agreement: total.decisions === 0 ? 1 : total.agree / total.decisions,
        byDirection: { egress: { ...this.byDirection.egress }, ingress: { ...this.byDirection.ingress }, unknown: { ...this.byDirection.unknown } },
        byKind: { l3l4: { ...this.byKind.l3l4 }, http: { ...this.byKind.http }, dns: { ...this.byKind.dns } },
        byObserved: Object.fromEntries([...this.byObserved.entries()].sort((a, b) => b[1].decisions - a[1].decisions || a[0].localeCompare(b[0])).map(([k, v]) => [k, { ...v }])),
      },
      dns: { responses: this.dnsResponses, learned: this.dnsStats.learned, noAnswer: this.dnsStats.noAnswer, notProxied: this.dnsStats.notProxied, cacheFull: this.fqdn.full, names },
      endpoints: {
        manifest: this.endpointKeys.manifest.size,
        labels: this.endpointKeys.labels.size,
        entity: this.endpointKeys.entity.size,
        world: this.endpointKeys.world.size,
      },
      endpointsCounted: this.endpointsCapped.size > 0 ? `at least: more than ${MAX_COUNTED_ENDPOINTS.toLocaleString('en-US')} distinct ${[...this.endpointsCapped].sort().join(', ')} endpoints` : 'exact',
      nowDropped: { flows: total.nowDropped, groups: nowDropped },
      nowAllowed: { flows: total.nowAllowed, groups: nowAllowed },
      byPolicy,
      unresolved: [...this.unresolvedByReason.entries()].map(([reason, u]) => ({ reason, count: u.count, example: u.example })),
      malformed: [...this.malformedKept],
    };
  }
}

/** protocol numbers back to names (cache keys hold the number) */
const PROTOCOLS: Readonly<Record<number, FlowProtocol>> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6', 132: 'SCTP' };

function peerList(g: GroupAcc): { peer: string; count: number }[] {
  // only entries that can be among the first MAX_PEERS (count at least the MAX_PEERS-th
  // largest) are written out and sorted: the same list as sorting them all
  const counts: number[] = [];
  for (const count of g.peers.values()) if (count > 0) counts.push(count);
  const least = counts.length <= MAX_PEERS ? 1 : counts.sort((a, b) => b - a)[MAX_PEERS - 1]!;
  const out: { peer: string; count: number }[] = [];
  const dir = g.direction === 'ingress' ? 'from' : 'to';
  const refs = new Map<number, Ref>();
  for (const ref of g.peerRefs.keys()) refs.set(ref.peerId, ref);
  for (const [key, count] of g.peers) {
    if (count <= 0 || count < least) continue;
    let peerId: number;
    let protoPort: number;
    let request = '';
    if (typeof key === 'number') {
      peerId = Math.floor(key / 16777216);
      protoPort = key % 16777216;
    } else {
      const bar = key.indexOf('|');
      const bar2 = key.indexOf('|', bar + 1);
      peerId = Number(key.slice(0, bar));
      protoPort = Number(key.slice(bar + 1, bar2 === -1 ? key.length : bar2));
      if (bar2 !== -1) request = key.slice(bar2 + 1);
    }
    out.push({ peer: `${dir} ${refs.get(peerId)!.display} ${portText(PROTOCOLS[protoPort >>> 16]!, protoPort & 0xffff)}${request}`, count });
  }
  return out.sort((a, b) => b.count - a.count || a.peer.localeCompare(b.peer)).slice(0, MAX_PEERS);
}

function isAsyncIterable<T>(v: Iterable<T> | AsyncIterable<T>): v is AsyncIterable<T> {
  return typeof (v as AsyncIterable<T>)[Symbol.asyncIterator] === 'function';
}

/**
 * Replays flows against a model's policies. A synchronous iterable gives the report at once;
 * an asynchronous one (a stream; its items may be flows or batches of flows) gives a promise.
 * The model's engine is changed: its FQDN cache learns from the flows' DNS responses.
 */
export function replayFlows(model: Model, flows: Iterable<ObservedFlow>, options?: ReplayOptions): ReplayReport;
export function replayFlows(model: Model, flows: AsyncIterable<ObservedFlow | readonly ObservedFlow[]>, options?: ReplayOptions): Promise<ReplayReport>;
export function replayFlows(
  model: Model,
  flows: Iterable<ObservedFlow> | AsyncIterable<ObservedFlow | readonly ObservedFlow[]>,
  options: ReplayOptions = {},
): ReplayReport | Promise<ReplayReport> {
  const replayer = new Replayer(model, options);
  if (!isAsyncIterable(flows)) {
    for (const f of flows) replayer.add(f);
    return replayer.report();
  }
  return (async () => {
    for await (const item of flows) {
      if (Array.isArray(item)) for (const f of item as readonly ObservedFlow[]) replayer.add(f);
      else replayer.add(item as ObservedFlow);
    }
    return replayer.report();
  })();
}
