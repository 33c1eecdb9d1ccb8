/**
 * The policy engine: a cluster and its accepted policies in, per-identity policy and flow
 * verdicts with their reasons out. Pure: no I/O, clock or globals.
 */

import type { Cluster, Identity, PodInfo } from '../cluster/index.js';
import { formatIp, parseIp, protocolNumber, PROTO_TCP, type Prefix } from '../net/index.js';
import type { Direction, ParsedPolicy, PeerRef } from '../policy/entry.js';
import { dnsCacheKey } from '../policy/l7/index.js';
import { authPasses, flowAuth } from './auth.js';
import { envoyRejections } from './envoy.js';
import { EMPTY_FQDN_CACHE, PerNodeFqdnCache, SharedFqdnCache, normalizeAnswers, type FqdnCache } from './fqdn-cache.js';
import { IpCache } from './ipcache.js';
import { evaluateDns, evaluateHttp } from './l7.js';
import { EndpointPolicy, isEnvoyRedirect, namedPortNumber, rowMatches, type DirectionMap, type Row } from './map-state.js';
import type { NearMiss } from './verdict.js';
import { Repository } from './repository.js';
import { resolvePolicy } from './resolve.js';
import { SelectorCache } from './selector-cache.js';
import { VerdictTables } from './verdict-table.js';
import { DEFAULT_AGENT_SETTINGS, type AgentSettings } from '../cluster/index.js';
import type {
  FlowEndpoint,
  FlowSpec,
  FlowVerdict,
  L4Verdict,
  L7Verdict,
  ResolvedEndpoint,
  SideVerdict,
} from './verdict.js';

/** explained lookups remembered per policy map */
const MAX_CACHED_LOOKUPS = 4096;

export interface EngineOptions {
  /**
   * DNS answers (name -> addresses) and how the FQDN cache learns them: `shared` takes them
   * as observed by every node's DNS proxy (a recorded cache); `learn` lets a node know a
   * name only when one of its pods can resolve it through the DNS proxy (PolicyTest `dns`).
   */
  readonly dns?: { readonly answers: Readonly<Record<string, readonly string[]>>; readonly mode: 'shared' | 'learn' } | undefined;
  /** agent settings that change verdicts (default: Cilium's defaults) */
  readonly settings?: Partial<AgentSettings> | undefined;
}

const podNames = new WeakMap<PodInfo, string>();

/** `namespace/name`, built once per pod (flows name the same pods again and again). */
function podName(pod: PodInfo): string {
  let name = podNames.get(pod);
  if (name === undefined) podNames.set(pod, (name = `${pod.namespace}/${pod.name}`));
  return name;
}

export class PolicyEngine {
  readonly repository: Repository;
  readonly selectors: SelectorCache;
  readonly ipcache: IpCache;
  /** every distinct toFQDNs selector */
  readonly fqdnPeers: readonly PeerRef[];
  /** every prefix policies name (CIDR rules and their excepts) */
  readonly policyPrefixes: readonly Prefix[];
  readonly settings: AgentSettings;
  private readonly policies = new Map<number, EndpointPolicy>();
  /** verdict tables shared by every policy map of this engine */
  readonly tables = new VerdictTables();

  constructor(
    readonly cluster: Cluster,
    policies: readonly ParsedPolicy[],
    options: EngineOptions = {},
  ) {
    this.repository = new Repository(policies);
    this.settings = { ...DEFAULT_AGENT_SETTINGS, ...options.settings };
    this.selectors = new SelectorCache(cluster.identities);
    const fqdn = new Map<string, PeerRef>();
    const prefixes = new Map<string, Prefix>();
    for (const e of this.repository.entries) {
      for (const p of e.peers ?? []) {
        if (p.peer.kind === 'fqdn') fqdn.set(p.key, p);
        if (p.peer.kind === 'cidr') {
          for (const prefix of [p.peer.prefix, ...p.peer.except]) {
            if (prefix.length > 0) prefixes.set(`${prefix.family}/${prefix.value}/${prefix.length}`, prefix);
          }
        }
      }
    }
    this.fqdnPeers = [...fqdn.values()];
    this.policyPrefixes = [...prefixes.values()];
    this.ipcache = new IpCache(cluster, this.policyPrefixes, this.fqdnPeers, EMPTY_FQDN_CACHE);
    for (const prefix of this.policyPrefixes) cluster.identities.world(prefix);
    this.selectors.snapshot();
    if (options.dns) {
      const answers = normalizeAnswers(options.dns.answers);
      if (options.dns.mode === 'shared') this.ipcache.setFqdnCache(new SharedFqdnCache(answers));
      else this.ipcache.setFqdnCache(this.learnFqdnCache(answers));
    }
  }

  /** The resolved policy of an identity (computed once, shared by all its pods). */
  policyOf(identity: Identity): EndpointPolicy {
    let policy = this.policies.get(identity.id);
    if (!policy) {
      policy = new EndpointPolicy(resolvePolicy(identity, this.repository), this.selectors, this.settings, (p) => envoyRejections(p, this.selectors), this.tables);
      this.policies.set(identity.id, policy);
    }
    return policy;
  }

  /**
   * The identities a full map must cover: reserved, pods, one per policy prefix, and the
   * FQDN identities of every cached address on every node.
   */
  identityUniverse(): Identity[] {
    const nodes = this.cluster.nodes.length > 0 ? this.cluster.nodes.map((n) => n.name) : [''];
    for (const [, ips] of this.ipcache.fqdnCache.answers) {
      for (const ip of ips) {
        const addr = parseIp(ip);
        if (addr && !this.cluster.ownerOf(addr)) for (const node of nodes) this.ipcache.worldIdentity(addr, node);
      }
    }
    this.selectors.snapshot();
    return this.cluster.identities.all();
  }

  /** Computes and materializes the policy maps of every pod identity (`policy --all`). */
  compileAll(): EndpointPolicy[] {
    const universe = this.identityUniverse();
    const out: EndpointPolicy[] = [];
    const subjects = this.cluster.podIdentities();
    const pending = subjects.reduce((n, id) => n + (this.policyOf(id).ingress.isMaterialized() ? 0 : 1) + (this.policyOf(id).egress.isMaterialized() ? 0 : 1), 0);
    this.tables.reserveClasses(pending * universe.length);
    for (const identity of subjects) {
      const policy = this.policyOf(identity);
      policy.ingress.materialize(universe);
      policy.egress.materialize(universe);
      out.push(policy);
    }
    return out;
  }

  // --- flows ---

  private resolveEndpoint(e: FlowEndpoint): ResolvedEndpoint {
    switch (e.kind) {
      case 'pod':
        return { endpoint: e, display: `pod ${podName(e.pod)}`, pod: e.pod, node: e.pod.nodeName };
      case 'node':
        return { endpoint: e, display: `node ${e.node.name}`, node: e.node.name };
      case 'ip': {
        const owner = this.cluster.ownerOf(e.ip);
        const text = formatIp(e.ip);
        if (owner?.kind === 'pod') {
          return { endpoint: e, display: `pod ${owner.pod.namespace}/${owner.pod.name} (${text})`, pod: owner.pod, node: owner.pod.nodeName };
        }
        if (owner?.kind === 'node') return { endpoint: e, display: `node ${owner.node.name} (${text})`, node: owner.node.name };
        return { endpoint: e, display: `ip ${text}` };
      }
      case 'entity':
        return { endpoint: e, display: `entity ${e.entity}` };
      case 'identity':
        return { endpoint: e, display: `identity ${e.identity.id} (${e.identity.name})`, node: e.node };
    }
  }

  /** The identity whose policy an endpoint enforces: pods, and pod identities known by labels. */
  private subjectOf(e: ResolvedEndpoint): Identity | undefined {
    if (e.pod) return this.cluster.identityOf(e.pod);
    if (e.endpoint.kind === 'identity' && e.endpoint.identity.kind === 'pod') return e.endpoint.identity;
    return undefined;
  }

  /** The identity of an endpoint as the agent on `observer` sees it. */
  identityAt(e: ResolvedEndpoint, observer: string): Identity {
    const ep = e.endpoint;
    if (e.pod) {
      const id = this.cluster.identityOf(e.pod);
      return id ?? this.ipcache.nodeIdentity(e.pod.nodeName, observer);
    }
    switch (ep.kind) {
      case 'node': return this.ipcache.nodeIdentity(ep.node, observer);
      case 'ip': return this.ipcache.identityFor(ep.ip, observer);
      case 'entity': return this.cluster.identities.entity(ep.entity);
      case 'identity': return ep.identity;
      case 'pod': return this.ipcache.nodeIdentity(ep.pod.nodeName, observer); // host-network pod
    }
  }

  /** lookup answers as L4Verdict (without the allow rows), for side verdicts */
  private readonly withoutRows = new WeakMap<object, L4Verdict>();
  /** Explained lookups already answered, per policy map and peer class (the maps never change). */
  private readonly lookups = new WeakMap<DirectionMap, Map<number, L4Verdict & { allowRows: Row[] }>>();

  /** The L3/L4 verdict of one direction of an identity's policy for a peer (the same object for a repeated question). */
  lookup(subject: Identity, direction: Direction, peer: Identity, proto: number, port: number): L4Verdict & { allowRows: Row[] } {
    const map = this.policyOf(subject).direction(direction);
    let answers = this.lookups.get(map);
    if (!answers) this.lookups.set(map, (answers = new Map()));
    // peers of one class of the map get the same answer (rows, near misses): one lookup per class
    const key = map.peerClass(peer) * 16777216 + proto * 65536 + port;
    let verdict = answers.get(key);
    if (!verdict) {
      verdict = this.explainedLookup(subject, map, peer, proto, port);
      if (answers.size >= MAX_CACHED_LOOKUPS) answers.clear();
      answers.set(key, verdict);
    }
    return verdict;
  }

  private explainedLookup(subject: Identity, map: DirectionMap, peer: Identity, proto: number, port: number): L4Verdict & { allowRows: Row[] } {
    const policy = map.policy;
    const base = { defaultDeny: policy.defaultDeny, selecting: policy.selecting };
    if (!policy.enforced) return { ...base, verdict: 'allow', reason: 'no-policy', deciding: [], allowRows: [] };
    if (policy.conflicts.length > 0) {
      return { ...base, verdict: 'deny', reason: 'unmodelled', deciding: [], conflicts: policy.conflicts, allowRows: [] };
    }
    const deny: Row[] = [];
    const allow: Row[] = [];
    for (const rows of [map.rowsFor(peer), map.wildcardRows]) {
      for (const row of rows) {
        if (!rowMatches(row, proto, port)) continue;
        (row.deny ? deny : allow).push(row);
      }
    }
    if (deny.length > 0) return { ...base, verdict: 'deny', reason: 'denied', deciding: deny, allowRows: [] };
    if (allow.length > 0) {
      const auth = policy.hasAuth ? flowAuth(allow, port) : undefined;
      const mutualAuth = this.settings.mutualAuth;
      if (!authPasses(auth, mutualAuth)) return { ...base, verdict: 'deny', reason: 'auth-required', deciding: allow, allowRows: [], auth, mutualAuth };
      if (allow.some(isEnvoyRedirect)) {
        const envoy = this.policyOf(subject).envoyRejections;
        if (envoy.length > 0) return { ...base, verdict: 'deny', reason: 'envoy-rejected', deciding: allow, allowRows: [], envoy, auth, mutualAuth: auth ? mutualAuth : undefined };
      }
      return { ...base, verdict: 'allow', reason: 'allowed', deciding: allow, allowRows: allow, auth, mutualAuth: auth ? mutualAuth : undefined };
    }
    return { ...base, verdict: 'deny', reason: 'default-deny', deciding: [], allowRows: [], nearMisses: this.nearMisses(map, peer, proto, port) };
  }

  /** Allows that would have applied with another port, or to another peer. */
  private nearMisses(map: ReturnType<EndpointPolicy['direction']>, peer: Identity, proto: number, port: number): NearMiss[] {
    const out: NearMiss[] = [];
    const limit = 5;
    for (const row of [...map.rowsFor(peer), ...map.wildcardRows]) {
      if (!row.deny && out.length < limit) out.push({ missing: 'port', row });
    }
    for (const filter of map.policy.filters) {
      if (out.length >= limit) break;
      if (filter.portName !== undefined) continue;
      const covers = filter.protocol === 0 || (filter.protocol === proto && port >= filter.port && port <= filter.endPort);
      if (!covers) continue;
      for (const psp of filter.perSelector.values()) {
        if (psp.deny || psp.peer.peer.kind === 'wildcard' || this.selectors.matches(psp.peer, peer)) continue;
        if (psp.contributions.every((c) => c.kind !== 'rule')) continue;
        out.push({ missing: 'peer', row: { proto: filter.protocol, from: filter.port, to: filter.endPort, deny: false, redirect: psp.l7 !== undefined, filter, policy: psp } });
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  /**
   * One side's verdict, for a flow whose address families the cluster runs (see
   * `unmodelledFamily`; `evaluateSide` checks both). Equal for peers of one class of the map
   * (DirectionMap.peerClass) and equal requests.
   */
  sideVerdict(direction: Direction, subjectPod: PodInfo | undefined, subject: Identity, peer: Identity, flow: FlowSpec): SideVerdict {
    const proto = protocolNumber(flow.protocol);
    const found = this.lookup(subject, direction, peer, proto, flow.port);
    const allowRows = found.allowRows;
    let l4 = this.withoutRows.get(found);
    if (!l4) {
      const { allowRows: _rows, ...rest } = found;
      this.withoutRows.set(found, (l4 = rest));
    }
    let l7: L7Verdict | undefined;
    if (l4.verdict === 'allow' && l4.reason !== 'no-policy') {
      if (flow.http && proto === PROTO_TCP) l7 = evaluateHttp(allowRows, flow.http);
      else if (flow.dns) l7 = evaluateDns(allowRows, proto, flow.port, flow.dns.query);
    }
    const verdict = l4.verdict === 'allow' && (!l7 || l7.verdict === 'allow') ? 'allow' : 'deny';
    const name = subjectPod ? podName(subjectPod) : `identity ${subject.id} (${subject.name})`;
    return { direction, subject: { pod: subjectPod, identity: subject, name }, peer, verdict, l4, l7 };
  }

  /**
   * Why a flow's address family is outside what the cluster runs (and so not modelled), if it
   * is: an address of a family the agent does not enable, mixed families, or a pod or node
   * without an address of the flow's family.
   */
  unmodelledFamily(from: ResolvedEndpoint, to: ResolvedEndpoint): string | undefined {
    // only a flow to or from an address names a family (the common pod-to-pod case is quick)
    if (from.endpoint.kind !== 'ip' && to.endpoint.kind !== 'ip') return undefined;
    const families = [from, to].flatMap((e) => (e.endpoint.kind === 'ip' ? [e.endpoint.ip.family] : []));
    if (families.length === 0) return undefined;
    if (families.length === 2 && families[0] !== families[1]) return 'the source and the destination are of different address families (IPv4 and IPv6): no such flow';
    const family = families[0]!;
    const identities = this.cluster.identities;
    if (!identities.runs(family)) {
      return family === 6
        ? 'IPv6 is not enabled in this cluster (Cilium\'s default enable-ipv6: false, and no pod or node of the input has an IPv6 address): Membrane does not model IPv6 flows here and never allows them; for a dual-stack cluster give --settings with enable-ipv6: "true"'
        : 'IPv4 is not enabled in this cluster (enable-ipv4: false): Membrane does not model IPv4 flows here and never allows them';
    }
    for (const e of [from, to]) {
      // an address Membrane allocated (the input gave the pod none) says nothing about its families
      const addresses = e.pod && !e.pod.hostNetwork ? (e.pod.addressAllocated ? [] : e.pod.ips) : e.endpoint.kind === 'node' ? e.endpoint.node.addresses : [];
      if (addresses.length > 0 && !addresses.some((a) => a.family === family)) return `${e.display} has no IPv${family} address: no such flow`;
    }
    return undefined;
  }

  /**
   * The verdict of one enforcing side only (replay judges the side a record reports): as
   * `evaluate(flow).egress` / `.ingress`, without computing the other side. A flow of an
   * address family the cluster does not run is not modelled: denied, saying why.
   */
  evaluateSide(direction: Direction, subjectPod: PodInfo | undefined, subject: Identity, peer: Identity, flow: FlowSpec): SideVerdict {
    const unmodelled = this.unmodelledFamily(this.resolveEndpoint(flow.from), this.resolveEndpoint(flow.to));
    if (unmodelled) {
      const name = subjectPod ? `${subjectPod.namespace}/${subjectPod.name}` : `identity ${subject.id} (${subject.name})`;
      return {
        direction, subject: { pod: subjectPod, identity: subject, name }, peer, verdict: 'deny',
        l4: { verdict: 'deny', reason: 'unmodelled', defaultDeny: false, selecting: [], deciding: [], conflicts: [unmodelled] },
      };
    }
    return this.sideVerdict(direction, subjectPod, subject, peer, flow);
  }

  evaluate(flow: FlowSpec): FlowVerdict {
    const from = this.resolveEndpoint(flow.from);
    const to = this.resolveEndpoint(flow.to);
    const notes: string[] = [];
    const unmodelled = this.unmodelledFamily(from, to);
    if (unmodelled) return { verdict: 'deny', flow, from, to, notes: [], unmodelled };
    if (from.pod && to.pod && from.pod === to.pod) {
      notes.push('the flow stays inside the pod (loopback); policy does not apply');
      return { verdict: 'allow', flow, from, to, notes };
    }
    let egress: SideVerdict | undefined;
    let ingress: SideVerdict | undefined;
    const src = this.subjectOf(from);
    const dst = this.subjectOf(to);
    if (src) egress = this.sideVerdict('egress', from.pod, src, this.identityAt(to, from.node ?? ''), flow);
    else if (from.pod) notes.push(`${from.display} uses the host network: it has the node's identity and no pod policy`);
    if (dst) ingress = this.sideVerdict('ingress', to.pod, dst, this.identityAt(from, to.node ?? ''), flow);
    else if (to.pod) notes.push(`${to.display} uses the host network: it has the node's identity and no pod policy`);
    if (!egress && !ingress) notes.push('neither end is a pod of the cluster: no pod policy applies');
    const verdict = (egress?.verdict ?? 'allow') === 'allow' && (ingress?.verdict ?? 'allow') === 'allow' ? 'allow' : 'deny';
    if (verdict === 'allow' && (egress || ingress)) {
      notes.push('replies of this connection (and related ICMP errors) pass through connection tracking; opening a connection the other way needs its own allow');
    }
    return { verdict, flow, from, to, egress, ingress, notes };
  }

  // --- the per-node FQDN cache ---

  /**
   * Where a pod's DNS queries go through the DNS proxy: each server its egress DNS rules
   * name (a rule open to every peer may reach any resolver: the cluster's pods or one
   * outside), with the port (a named port resolves on each server) and protocol.
   */
  dnsProxyTargets(pod: PodInfo): { readonly server: Identity; readonly target: FlowEndpoint; readonly protocol: 'TCP' | 'UDP' | 'SCTP'; readonly port: number }[] {
    const identity = this.cluster.identityOf(pod);
    if (!identity) return [];
    const out: { server: Identity; target: FlowEndpoint; protocol: 'TCP' | 'UDP' | 'SCTP'; port: number }[] = [];
    const universe = this.cluster.identities.all();
    const egress = this.policyOf(identity).egress.policy;
    for (const filter of egress.filters) {
      for (const psp of filter.perSelector.values()) {
        if (psp.deny || psp.l7?.kind !== 'dns') continue;
        const servers = psp.peer.peer.kind === 'wildcard'
          ? [...universe.filter((i) => i.kind === 'pod'), this.cluster.identities.worldOf()]
          : this.selectors.select(psp.peer);
        for (const server of servers) {
          // any pod of the server identity answers, except the querying pod itself: a
          // query to its own address stays on loopback and never reaches the DNS proxy
          let target: FlowEndpoint = { kind: 'identity', identity: server };
          if (server.kind === 'pod' && server.pods.length > 0) {
            const other = server.pods.find((p) => p !== pod);
            if (!other) continue;
            target = { kind: 'pod', pod: other };
          }
          const port = filter.portName === undefined
            ? filter.port
            : namedPortNumber(server, filter.portName, filter.protocol);
          if (port === undefined || port === 0) continue;
          const protocol = filter.protocol === 17 ? 'UDP' as const : filter.protocol === 6 ? 'TCP' as const : 'SCTP' as const;
          out.push({ server, target, protocol, port });
        }
      }
    }
    return out;
  }

  /**
   * Which names each node learns: a node knows a name when one of its pods can send that
   * query to some DNS server through the DNS proxy and both sides allow it.
   */
  private learnFqdnCache(answers: Map<string, string[]>): FqdnCache {
    const learned = new Map<string, Set<string>>();
    for (const pod of this.cluster.pods) {
      const names = learned.get(pod.nodeName) ?? new Set<string>();
      learned.set(pod.nodeName, names);
      for (const { target, protocol, port } of this.dnsProxyTargets(pod)) {
        for (const name of answers.keys()) {
          if (names.has(name)) continue;
          const v = this.evaluate({ from: { kind: 'pod', pod }, to: target, protocol, port, dns: { query: name } });
          const dns = v.egress?.l7;
          if (v.verdict === 'allow' && dns?.kind === 'dns' && dns.proxied) names.add(dnsCacheKey(name));
        }
      }
    }
    return new PerNodeFqdnCache(answers, learned);
  }
}
