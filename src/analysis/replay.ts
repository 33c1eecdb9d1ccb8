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

import { parseLabel, type Identity, type PodInfo, type ReservedName } from '../cluster/index.js';
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
  isPrescreened,
  observedAllowed,
  policyRelevance,
  toObservedFlow,
  type DecisionKind,
  type ObservedEndpoint,
  type ObservedFlow,
  type Relevance,
} from './hubble-flow.js';
import type { Model } from './model.js';

// --- the report ---------------------------------------------------------------------------

export type SkipReason = (typeof SKIP_REASONS)[number] | 'duplicate';

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
    /** node -> name -> addresses learned from the flows */
    readonly names: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  };
  /** distinct endpoints by how they were identified */
  readonly endpoints: Readonly<Record<Identification, number>>;
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
  /** count TCP SYNs delivered to their endpoint (trace events) as decisions */
  readonly includeTraces?: boolean | undefined;
  /** learn DNS answers from DNS responses (default true) */
  readonly learnDns?: boolean | undefined;
  /** input names for the report */
  readonly inputs?: readonly string[] | undefined;
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
}

interface RefCacheEntry {
  readonly namespace: string | undefined;
  readonly podName: string | undefined;
  readonly labels: readonly string[];
  /** refs by local node (identities known by labels depend on their node); '' for others */
  readonly refs: Map<string, Ref | null>;
  readonly nodeIndependent: boolean;
}

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
  flows: number;
  readonly kinds: Record<DecisionKind, number>;
  readonly observed: Map<string, number>;
  /** the other end -> protocol*65536+port (L3/L4) or `protoPort|request` (L7) -> flows */
  readonly peers: Map<Ref, Map<number | string, number>>;
  readonly observedPolicies: Set<string>;
  firstSeen: string | undefined;
  lastSeen: string | undefined;
  readonly examples: ReplayExample[];
}

const counts = (): FidelityCounts => ({ decisions: 0, agree: 0, nowDropped: 0, nowAllowed: 0 });

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
const MAX_PODS = 10;
const DUP_WINDOW_MS = 1000;
const DUP_WINDOW_RECORDS = 1000;

/** Replays flows one at a time; `report()` gives the result so far. */
export class Replayer {
  private readonly engine: PolicyEngine;
  private readonly fqdn: ObservedFqdnCache;
  private readonly examplesPerGroup: number;
  private readonly includeTraces: boolean;
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
    reply: 0, established: 0, trace: 0, 'non-policy-drop': 0, 'l7-other': 0, 'no-verdict': 0, 'no-l4': 0, duplicate: 0,
  };
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
  /** (subject id, peer id, direction) -> (proto, port) -> side */
  private readonly l4Cache = new Map<number, Map<number, SideEntry>>();
  private readonly l7Cache = new Map<string, SideEntry>();
  /** recent policy drops by 5-tuple, to recognize the drop notification that repeats a policy verdict */
  private readonly recentDrops = new Map<string, { type: number; time: number; index: number }>();
  private readonly nowDroppedGroups = new Map<string, GroupAcc>();
  private readonly nowAllowedGroups = new Map<string, GroupAcc>();

  constructor(private readonly model: Model, private readonly options: ReplayOptions = {}) {
    this.engine = model.engine;
    this.examplesPerGroup = options.examples ?? 3;
    this.includeTraces = options.includeTraces ?? false;
    this.learnDns = options.learnDns ?? true;
    this.progressEvery = options.progressEvery ?? 100_000;
    this.onProgress = options.onProgress;
    // the engine's FQDN cache keeps what it had (answers given up front) and learns from the flows
    this.fqdn = new ObservedFqdnCache(this.engine.ipcache.fqdnCache);
    this.engine.ipcache.setFqdnCache(this.fqdn);
  }

  /** A parsed record (a JSON line): flows are replayed, anything else is counted. */
  addRecord(value: unknown, file?: string, line?: number): void {
    this.records++;
    if (isPrescreened(value)) {
      // a reply or trace event recognized from its text (prescreenHubbleLine)
      const n = ++this.flows;
      if (this.onProgress && n % this.progressEvery === 0) this.onProgress(n);
      if (value.time !== undefined) {
        if (this.firstSeen === undefined) this.firstSeen = value.time;
        this.lastSeen = value.time;
      }
      this.skipped[value.prescreened]++;
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

  private addFlow(flow: ObservedFlow, file: string | undefined, line: number | undefined): void {
    const n = ++this.flows;
    if (this.onProgress && n % this.progressEvery === 0) this.onProgress(n);
    if (flow.time !== undefined) {
      if (this.firstSeen === undefined) this.firstSeen = flow.time;
      this.lastSeen = flow.time;
    }
    const relevance: Relevance = policyRelevance(flow, { includeTraces: this.includeTraces });
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
    const key = `${f.source.ip}|${f.sourcePort}|${f.destination.ip}|${f.destinationPort}|${f.protocol}|${f.node ?? ''}`;
    const time = f.time !== undefined ? Date.parse(f.time) : Number.NaN;
    const previous = this.recentDrops.get(key);
    if (previous && previous.type !== type) {
      const close = Number.isFinite(time) && Number.isFinite(previous.time)
        ? Math.abs(time - previous.time) <= DUP_WINDOW_MS
        : this.flows - previous.index <= DUP_WINDOW_RECORDS;
      if (close) {
        this.recentDrops.delete(key);
        return true;
      }
    }
    if (this.recentDrops.size > 50_000) this.recentDrops.clear();
    this.recentDrops.set(key, { type, time, index: this.flows });
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
      this.nodeNames.set(raw, name);
    }
    return name;
  }

  private newRef(key: string, display: string, endpoint: FlowEndpoint, how: Identification, pod: PodInfo | undefined, subject: Identity | undefined, node: string | undefined): Ref {
    this.endpointKeys[how].add(key);
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
    };
  }

  /** null: the endpoint cannot be identified (no address, pod or labels). */
  private build(e: ObservedEndpoint, node: string): { ref: Ref | null; nodeIndependent: boolean } {
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
        const identity = cluster.identities.fromLabels(labels.map(parseLabel));
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
      const ref = entry.refs.get(entry.nodeIndependent ? '' : node);
      if (ref !== undefined) return ref;
      const built = this.build(e, node);
      entry.refs.set(entry.nodeIndependent ? '' : node, built.ref);
      return built.ref;
    }
    const built = this.build(e, node);
    const refs = new Map<string, Ref | null>();
    refs.set(built.nodeIndependent ? '' : node, built.ref);
    this.refCache.set(cacheKey, { namespace: e.namespace, podName: e.podName, labels: e.labels, refs, nodeIndependent: built.nodeIndependent });
    return built.ref;
  }

  /** The identity of an endpoint as the agent on `observer` sees it (memoized per FQDN generation). */
  private identityAt(ref: Ref, observer: string): Identity {
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

  private store(side: SideVerdict, protoPort: number, l7key: string | undefined): SideEntry {
    const entry: SideEntry = { verdict: side.verdict, side };
    const key = (side.subject.identity.id * 33554432 + side.peer.id) * 2 + (side.direction === 'egress' ? 1 : 0);
    if (l7key === undefined) {
      let inner = this.l4Cache.get(key);
      if (!inner) this.l4Cache.set(key, (inner = new Map()));
      inner.set(protoPort, entry);
    } else {
      this.l7Cache.set(`${key}|${protoPort}|${l7key}`, entry);
    }
    return entry;
  }

  /** The verdict of one enforcing side, from the cache or (on a miss) from the engine. */
  private sideEntry(
    direction: Direction, subject: Identity, peer: Identity, protoPort: number, l7key: string | undefined,
    src: Ref, dst: Ref, f: ObservedFlow | undefined, dnsQuery?: string,
  ): SideEntry {
    const key = (subject.id * 33554432 + peer.id) * 2 + (direction === 'egress' ? 1 : 0);
    let entry: SideEntry | undefined = l7key === undefined ? this.l4Cache.get(key)?.get(protoPort) : this.l7Cache.get(`${key}|${protoPort}|${l7key}`);
    if (entry) return entry;
    const v = this.engine.evaluate(this.spec(src, dst, PROTOCOLS[protoPort >>> 16]!, protoPort & 0xffff, f, dnsQuery));
    if (v.egress) {
      const e = this.store(v.egress, protoPort, l7key);
      if (direction === 'egress') entry = e;
    }
    if (v.ingress) {
      const i = this.store(v.ingress, protoPort, l7key);
      if (direction === 'ingress') entry = i;
    }
    if (!entry) throw new Error(`internal: the engine gave no ${direction} verdict for ${subject.name}`);
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
    // the enforcing side a record reports: traffic_direction; trace points saw both sides pass
    const direction = f.eventType === EVENT_TRACE ? 'UNKNOWN' : f.direction;
    const src = this.resolve(f.source, direction === 'INGRESS' ? undefined : node);
    const dst = this.resolve(f.destination, direction === 'INGRESS' ? node : undefined);
    if (!src || !dst) {
      const which = !src ? 'source' : 'destination';
      this.unresolved(`${which} has no address, pod or labels`, `${f.time ?? ''} ${f.node ?? ''} ${f.source.ip ?? '?'} -> ${f.destination.ip ?? '?'}`.trim());
      return;
    }
    this.decisions++;
    const kind = decisionKind(f);
    const port = f.destinationPort;
    const protoPort = protocolNumber(protocol) * 65536 + port;
    const l7key = kind === 'l3l4' ? undefined : this.l7Key(f);
    let egress: SideEntry | undefined;
    let ingress: SideEntry | undefined;
    const loopback = src.pod !== undefined && src.pod === dst.pod;
    if (!loopback) {
      if (src.subject && direction !== 'INGRESS') {
        egress = this.sideEntry('egress', src.subject, this.identityAt(dst, src.resolved.node ?? ''), protoPort, l7key, src, dst, f);
      }
      if (dst.subject && direction !== 'EGRESS') {
        ingress = this.sideEntry('ingress', dst.subject, this.identityAt(src, dst.resolved.node ?? ''), protoPort, l7key, src, dst, f);
      }
    }
    const membrane: Verdict = (egress?.verdict ?? 'allow') === 'allow' && (ingress?.verdict ?? 'allow') === 'allow' ? 'allow' : 'deny';
    if (membrane === 'allow') this.membraneAllow++;
    else this.membraneDeny++;
    const recordedAllow = observedAllowed(f.verdict);
    const outcome: 'agree' | 'nowDropped' | 'nowAllowed' = recordedAllow === (membrane === 'allow') ? 'agree' : recordedAllow ? 'nowDropped' : 'nowAllowed';
    const observedKey = this.observedKey(f);
    let byObs = this.byObserved.get(observedKey);
    if (!byObs) this.byObserved.set(observedKey, (byObs = counts()));
    const dirCounts = direction === 'EGRESS' ? this.byDirection.egress : direction === 'INGRESS' ? this.byDirection.ingress : this.byDirection.unknown;
    const kindCounts = this.byKind[kind];
    this.total.decisions++;
    this.total[outcome]++;
    dirCounts.decisions++;
    dirCounts[outcome]++;
    kindCounts.decisions++;
    kindCounts[outcome]++;
    byObs.decisions++;
    byObs[outcome]++;
    if (outcome === 'agree') return;

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
    g.flows++;
    g.kinds[kind]++;
    g.observed.set(observedKey, (g.observed.get(observedKey) ?? 0) + 1);
    const sideDir = g.direction;
    const self = sideDir === 'ingress' ? dst : src;
    const other = sideDir === 'ingress' ? src : dst;
    if (g.pods.size < MAX_PODS) g.pods.add(self.display);
    g.identifiedBy.add(self.how);
    let byPort = g.peers.get(other);
    if (!byPort) g.peers.set(other, (byPort = new Map()));
    const peerKey = kind === 'l3l4' ? protoPort : `${protoPort}|${requestText(f)}`;
    byPort.set(peerKey, (byPort.get(peerKey) ?? 0) + 1);
    const recorded = f.policies;
    if (recorded) {
      for (const list of [recorded.egressAllowedBy, recorded.ingressAllowedBy, recorded.egressDeniedBy, recorded.ingressDeniedBy]) {
        for (const p of list) g.observedPolicies.add(p);
      }
    }
    if (f.time !== undefined) {
      if (g.firstSeen === undefined) g.firstSeen = f.time;
      g.lastSeen = f.time;
    }
    if (g.examples.length < this.examplesPerGroup) g.examples.push(this.example(f, src, dst, this.spec(src, dst, protocol, port, f), file, line));
  }

  private readonly observedKeys = new Map<string, Map<string, string>>();

  /** `FORWARDED`, `DROPPED/POLICY_DENIED`: one string per combination (no per-flow concatenation). */
  private observedKey(f: ObservedFlow): string {
    if (f.dropReason === undefined) return f.verdict;
    let byReason = this.observedKeys.get(f.verdict);
    if (!byReason) this.observedKeys.set(f.verdict, (byReason = new Map()));
    let key = byReason.get(f.dropReason);
    if (key === undefined) byReason.set(f.dropReason, (key = `${f.verdict}/${f.dropReason}`));
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
        flows: 0,
        kinds: { l3l4: 0, http: 0, dns: 0 },
        observed: new Map(),
        peers: new Map(),
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
    if (!this.learnDns) return;
    // a response travels server -> client; the query went client -> server's port
    const node = this.nodeName(f.node);
    const client = this.resolve(f.destination, node);
    const server = this.resolve(f.source, undefined);
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
          observed: Object.fromEntries([...g.observed.entries()].sort((a, b) => b[1] - a[1])),
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
      dns: { responses: this.dnsResponses, learned: this.dnsStats.learned, noAnswer: this.dnsStats.noAnswer, notProxied: this.dnsStats.notProxied, names },
      endpoints: {
        manifest: this.endpointKeys.manifest.size,
        labels: this.endpointKeys.labels.size,
        entity: this.endpointKeys.entity.size,
        world: this.endpointKeys.world.size,
      },
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
  const out: { peer: string; count: number }[] = [];
  const dir = g.direction === 'ingress' ? 'from' : 'to';
  for (const [ref, byPort] of g.peers) {
    for (const [key, count] of byPort) {
      const protoPort = typeof key === 'number' ? key : Number(key.slice(0, key.indexOf('|')));
      const request = typeof key === 'number' ? '' : key.slice(key.indexOf('|') + 1);
      out.push({ peer: `${dir} ${ref.display} ${portText(PROTOCOLS[protoPort >>> 16]!, protoPort & 0xffff)}${request}`, count });
    }
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
