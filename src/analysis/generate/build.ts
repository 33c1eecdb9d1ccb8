/**
 * CiliumNetworkPolicies from recorded traffic: one per workload identity (pods of equal
 * identity labels), selecting it by its stable labels, with one rule per peer: pods as
 * `toEndpoints`/`fromEndpoints` (with their namespace when it is another), reserved entities
 * (`host`, `remote-node`, `kube-apiserver`; `world` only when asked), outside addresses as
 * `toFQDNs` when a DNS answer of the recording named them (plus the DNS rule for exactly the
 * names the workload queried, so the DNS proxy learns them), else `toCIDR`; ports by number
 * and protocol, ICMP types, and with `l7` HTTP rules for ports where the recording has
 * requests. Pure: the objects are plain JSON, rendered to YAML by ./yaml.ts.
 */

import { SOURCE_K8S, type Identity } from '../../cluster/index.js';
import { formatPrefix, parseIp, type FlowProtocol } from '../../net/index.js';
import { dnsCacheKey, normalizeHttpPath } from '../../policy/l7/index.js';
import type { FlowClass } from './collect.js';

export interface GenerateOptions {
  /**
   * L7 rules from the recorded requests: HTTP rules (method, path) for ports where the
   * recording has HTTP requests, and DNS rules with exactly the names queried for every DNS
   * port with recorded queries (without it, DNS rules are written only for toFQDNs)
   */
  readonly l7?: boolean | undefined;
  /** aggregate outside addresses into prefixes of this length (IPv4; IPv6 uses it + 96) */
  readonly cidrMin?: number | undefined;
  /** allow outside addresses as the `world` entity instead of one CIDR each */
  readonly world?: boolean | undefined;
}

/** One rule of a generated policy, with what it came from (the YAML comment). */
export interface GeneratedRule {
  readonly spec: Record<string, unknown>;
  readonly flows: number;
  /** the other ends it came from (displays, most flows first) */
  readonly peers: readonly string[];
  readonly order: string;
}

export interface GeneratedPolicy {
  readonly namespace: string;
  readonly name: string;
  readonly subject: Identity;
  readonly selector: Record<string, unknown>;
  readonly egress: readonly GeneratedRule[];
  readonly ingress: readonly GeneratedRule[];
  /** recorded flows the policy's rules came from */
  readonly flows: number;
  readonly pods: readonly string[];
}

/** Keys of identity labels that make a selector stable across rollouts, most telling first. */
const PREFERRED_KEYS = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name', 'app.kubernetes.io/component', 'component', 'tier', 'role'];
/** the service account tells identities apart when their labels are equal; used last */
const SERVICE_ACCOUNT_KEY = 'io.cilium.k8s.policy.serviceaccount';

function ownLabels(identity: Identity): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of identity.labels.values()) {
    if (l.source !== SOURCE_K8S) continue;
    if (l.key === 'io.kubernetes.pod.namespace' || (l.key.startsWith('io.cilium.k8s.') && l.key !== SERVICE_ACCOUNT_KEY)) continue;
    out.set(l.key, l.value);
  }
  return out;
}

function selects(labels: ReadonlyMap<string, string>, match: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(match)) if (labels.get(k) !== v) return false;
  return true;
}

/**
 * The stable labels that select this identity and no other pod identity of its namespace:
 * the first preferred label that is enough, more labels while others still match, and
 * `DoesNotExist` for the extra labels of identities whose labels include all of these.
 */
export function stableSelector(identity: Identity, universe: readonly Identity[]): { matchLabels: Record<string, string>; matchExpressions?: { key: string; operator: 'DoesNotExist' }[] } {
  const own = ownLabels(identity);
  const others = universe
    .filter((i) => i !== identity && i.kind === 'pod' && i.namespace === identity.namespace)
    .map(ownLabels);
  const keys = [
    ...PREFERRED_KEYS.filter((k) => own.has(k)),
    ...[...own.keys()].filter((k) => !PREFERRED_KEYS.includes(k) && k !== SERVICE_ACCOUNT_KEY).sort(),
    ...(own.has(SERVICE_ACCOUNT_KEY) ? [SERVICE_ACCOUNT_KEY] : []),
  ];
  const matchLabels: Record<string, string> = {};
  let matched = others;
  for (const key of keys) {
    const value = own.get(key)!;
    if (Object.keys(matchLabels).length === 0) {
      matchLabels[key] = value;
      matched = matched.filter((o) => o.get(key) === value);
      continue;
    }
    if (matched.length === 0) break;
    // a label is added only when it tells this identity apart from one that still matches
    const rest = matched.filter((o) => o.get(key) === value);
    if (rest.length === matched.length) continue;
    matchLabels[key] = value;
    matched = rest;
  }
  const expressions: { key: string; operator: 'DoesNotExist' }[] = [];
  for (const o of others) {
    if (!selects(o, matchLabels)) continue;
    const extra = [...o.keys()].filter((k) => !own.has(k)).sort()[0];
    if (extra && !expressions.some((e) => e.key === extra)) expressions.push({ key: extra, operator: 'DoesNotExist' });
  }
  const ordered = Object.fromEntries(Object.entries(matchLabels).sort((a, b) => a[0].localeCompare(b[0])));
  return expressions.length > 0 ? { matchLabels: ordered, matchExpressions: expressions } : { matchLabels: ordered };
}

// --- peers ----------------------------------------------------------------------------------

type Target =
  | { readonly kind: 'endpoint'; readonly identity: Identity }
  | { readonly kind: 'entity'; readonly entity: string }
  | { readonly kind: 'fqdn'; readonly names: readonly string[] }
  | { readonly kind: 'cidr'; readonly cidr: string };

interface TargetAcc {
  readonly target: Target;
  readonly key: string;
  flows: number;
  readonly peers: Map<string, number>;
  /** `PROTO/port` -> flows */
  readonly ports: Map<string, number>;
  /** ICMP (v4 or v6) types, with their flows */
  readonly icmp: Map<string, { family: 'IPv4' | 'IPv6'; type: number; flows: number }>;
  /** port -> HTTP method+path */
  readonly http: Map<string, Map<string, { method: string; path: string }>>;
  /** port -> DNS names queried */
  readonly dns: Map<string, Set<string>>;
}

const ENTITY_ORDER = ['cluster', 'kube-apiserver', 'host', 'remote-node', 'health', 'ingress', 'world'];

function entityOf(identity: Identity): string | undefined {
  if (identity.kind !== 'reserved') return undefined;
  const name = identity.name.replace(/^reserved:/, '');
  if (name === 'world-ipv4' || name === 'world-ipv6') return 'world';
  if (name === 'unmanaged' || name === 'init') return 'world';
  return name;
}

function aggregate(ip: string, cidrMin: number | undefined): string {
  const addr = parseIp(ip);
  if (!addr) return `${ip}/32`;
  const full = addr.family === 4 ? 32 : 128;
  const length = cidrMin === undefined ? full : Math.min(full, addr.family === 4 ? cidrMin : cidrMin + 96);
  const mask = ((1n << BigInt(full)) - 1n) ^ ((1n << BigInt(full - length)) - 1n);
  return formatPrefix({ family: addr.family, value: addr.value & mask, length });
}

/** Envoy matches the path with its query: a literal path, allowing any query when one was seen. */
function pathRegex(path: string, withQuery: boolean): string {
  const literal = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return withQuery ? `${literal}(\\?.*)?` : literal;
}

/** Distinct paths per port above which HTTP rules use the first path segment as a prefix. */
const MAX_LITERAL_PATHS = 12;
/** Cilium's CRD allows at most 40 ports in one port rule. */
const MAX_PORTS_PER_RULE = 40;

function portsOf(list: readonly string[]): { port: string; protocol: string }[] {
  return list.map((pp) => {
    const [proto, port] = pp.split('/') as [string, string];
    return { port, protocol: proto };
  });
}

function portOrder(a: string, b: string): number {
  const [pa, na] = a.split('/');
  const [pb, nb] = b.split('/');
  return Number(na) - Number(nb) || pa!.localeCompare(pb!);
}

function httpRules(requests: Map<string, { method: string; path: string }>): { method: string; path: string }[] {
  // per method: literal paths, or prefixes of the first segment when there are many
  const byMethod = new Map<string, Map<string, boolean>>();
  for (const request of requests.values()) {
    const method = request.method;
    // rules match the path Envoy hands to the policy, after its normalisation
    const normal = normalizeHttpPath(request.path);
    if (normal.rejected) continue;
    const path = normal.path;
    const q = path.indexOf('?');
    const bare = q === -1 ? path : path.slice(0, q);
    let paths = byMethod.get(method);
    if (!paths) byMethod.set(method, (paths = new Map()));
    paths.set(bare, (paths.get(bare) ?? false) || q !== -1);
  }
  const out: { method: string; path: string }[] = [];
  for (const [method, paths] of [...byMethod.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (paths.size <= MAX_LITERAL_PATHS) {
      for (const [p, q] of [...paths.entries()].sort((a, b) => a[0].localeCompare(b[0]))) out.push({ method, path: pathRegex(p, q) });
    } else {
      const prefixes = new Set([...paths.keys()].map((p) => `/${p.split('/')[1] ?? ''}`));
      for (const prefix of [...prefixes].sort()) out.push({ method, path: `${pathRegex(prefix, false)}(/.*)?(\\?.*)?` });
    }
  }
  return out;
}

// --- building -------------------------------------------------------------------------------

function policyName(selector: Record<string, string>, identity: Identity, taken: Set<string>): string {
  const value = PREFERRED_KEYS.map((k) => selector[k]).find((v) => v !== undefined) ?? Object.values(selector)[0] ?? `identity-${identity.id}`;
  const base = `${value}`.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 200) || `identity-${identity.id}`;
  let name = `${base}-generated`;
  for (let i = 2; taken.has(name); i++) name = `${base}-generated-${i}`;
  taken.add(name);
  return name;
}

/** The names the recording's DNS answers give each outside address. */
export function namesByAddress(classes: readonly FlowClass[], include: (c: FlowClass) => boolean): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of classes) {
    if (c.type !== 'dns' || !c.dns || !include(c)) continue;
    const name = dnsCacheKey(c.dns.query);
    if (name === '') continue;
    for (const ip of c.dns.ips) {
      const addr = parseIp(ip);
      if (!addr) continue;
      let names = out.get(ip);
      if (!names) out.set(ip, (names = new Set()));
      names.add(name);
    }
  }
  return out;
}

export interface BuildInput {
  readonly classes: readonly FlowClass[];
  /** records per class to learn from (all of them without a holdout) */
  readonly counts: ArrayLike<number>;
  /** every identity of the cluster (for selectors that single one out) */
  readonly identities: readonly Identity[];
  /** outside addresses that must be written as CIDRs (they were used before a DNS answer named them) */
  readonly cidrOnly?: ReadonlySet<string> | undefined;
}

export function buildPolicies(input: BuildInput, options: GenerateOptions = {}): GeneratedPolicy[] {
  const { classes, counts } = input;
  const names = namesByAddress(classes, (c) => (counts[c.id] ?? 0) > 0);
  /** subject identity -> direction -> target key -> accumulated peer */
  const subjects = new Map<Identity, { egress: Map<string, TargetAcc>; ingress: Map<string, TargetAcc>; flows: number; pods: Set<string> }>();
  /** DNS queries each client made (for the DNS rules of its toFQDNs) */
  for (const c of classes) {
    const n = counts[c.id] ?? 0;
    if (n === 0 || c.type !== 'decision') continue;
    const f = c.flow;
    const protocol = f.protocol as FlowProtocol;
    for (const side of c.sides) {
      // workloads the manifests do not list (known only by the flows' labels) get no policy:
      // it could not be checked against their pods
      if (side.subject.kind !== 'pod' || side.subject.namespace === undefined || side.subject.pods.length === 0) continue;
      let s = subjects.get(side.subject);
      if (!s) subjects.set(side.subject, (s = { egress: new Map(), ingress: new Map(), flows: 0, pods: new Set() }));
      s.flows += n;
      if (s.pods.size < 50) s.pods.add(side.subjectDisplay);
      const target = targetOf(side.peer, side.peerIp, side.direction, names, input.cidrOnly, options);
      if (!target) continue;
      // Cilium lets a pod's own node in whatever the policy (allow-localhost): no rule needed
      if (side.direction === 'ingress' && target.kind === 'entity' && target.entity === 'host') continue;
      const map = side.direction === 'egress' ? s.egress : s.ingress;
      const key = targetKey(target);
      let acc = map.get(key);
      if (!acc) map.set(key, (acc = { target, key, flows: 0, peers: new Map(), ports: new Map(), icmp: new Map(), http: new Map(), dns: new Map() }));
      acc.flows += n;
      acc.peers.set(side.peerDisplay, (acc.peers.get(side.peerDisplay) ?? 0) + n);
      if (protocol === 'ICMP' || protocol === 'ICMPv6') {
        const family = protocol === 'ICMP' ? 'IPv4' : 'IPv6';
        const key = `${family}/${f.destinationPort}`;
        const known = acc.icmp.get(key);
        if (known) known.flows += n;
        else acc.icmp.set(key, { family, type: f.destinationPort, flows: n });
      } else {
        const pp = `${protocol}/${f.destinationPort}`;
        acc.ports.set(pp, (acc.ports.get(pp) ?? 0) + n);
        if (c.kind === 'http' && options.l7 && f.l7?.http) {
          let reqs = acc.http.get(pp);
          if (!reqs) acc.http.set(pp, (reqs = new Map()));
          reqs.set(`${f.l7.http.method} ${f.l7.http.path}`, { method: f.l7.http.method, path: f.l7.http.path });
        }
        if (c.kind === 'dns' && f.l7?.dns && side.direction === 'egress') {
          let qs = acc.dns.get(pp);
          if (!qs) acc.dns.set(pp, (qs = new Set()));
          const q = dnsCacheKey(f.l7.dns.query);
          if (q !== '') qs.add(q);
        }
      }
    }
  }
  // DNS answers to a client whose queries were not recorded still name what it resolved
  for (const c of classes) {
    if ((counts[c.id] ?? 0) === 0 || c.type !== 'dns' || !c.dns?.client) continue;
    const s = subjects.get(c.dns.client);
    if (!s) continue;
    const server = [...s.egress.values()].find((a) => a.dns.size > 0);
    const q = dnsCacheKey(c.dns.query);
    if (server && q !== '') for (const qs of server.dns.values()) qs.add(q);
  }

  const policies: GeneratedPolicy[] = [];
  const taken = new Map<string, Set<string>>();
  const sorted = [...subjects.entries()].sort((a, b) => (a[0].namespace ?? '').localeCompare(b[0].namespace ?? '') || a[0].name.localeCompare(b[0].name));
  for (const [identity, s] of sorted) {
    const namespace = identity.namespace!;
    const sel = stableSelector(identity, input.identities);
    let t = taken.get(namespace);
    if (!t) taken.set(namespace, (t = new Set()));
    const name = policyName(sel.matchLabels, identity, t);
    const needsFqdnDns = [...s.egress.values()].some((a) => a.target.kind === 'fqdn');
    if (s.egress.size > 0) addClusterDns(s.egress, input.identities);
    if (isDnsServer(identity) && s.ingress.size > 0) openDnsServer(s.ingress);
    const egress = rulesOf(s.egress, 'egress', namespace, input.identities, needsFqdnDns || options.l7 === true);
    const ingress = rulesOf(s.ingress, 'ingress', namespace, input.identities, false);
    policies.push({ namespace, name, subject: identity, selector: sel, egress, ingress, flows: s.flows, pods: [...s.pods].sort() });
  }
  return policies;
}

/**
 * A workload that talks but whose lookups the recording did not show (cached, or before it
 * started) still needs DNS: its egress gets the cluster DNS on 53/UDP and 53/TCP, so the
 * default deny the policy switches on does not break name resolution (lint's
 * dns-blocked-by-egress).
 */
function isDnsServer(i: Identity): boolean {
  return i.kind === 'pod' && [...i.labels.values()].some((l) => l.key === 'k8s-app' && l.value === 'kube-dns');
}

/** The cluster DNS answers every pod of the cluster (they all get DNS egress): one rule for 53/UDP and 53/TCP. */
function openDnsServer(ingress: Map<string, TargetAcc>): void {
  const target: Target = { kind: 'entity', entity: 'cluster' };
  const acc: TargetAcc = { target, key: targetKey(target), flows: 0, peers: new Map(), ports: new Map([['UDP/53', 0], ['TCP/53', 0]]), icmp: new Map(), http: new Map(), dns: new Map() };
  for (const [key, other] of ingress) {
    if (other.target.kind !== 'endpoint' && !(other.target.kind === 'entity' && ['host', 'remote-node'].includes(other.target.entity))) continue;
    let moved = false;
    for (const pp of ['UDP/53', 'TCP/53']) {
      const n = other.ports.get(pp);
      if (n === undefined) continue;
      acc.ports.set(pp, acc.ports.get(pp)! + n);
      other.ports.delete(pp);
      moved = true;
    }
    if (!moved) continue;
    acc.flows += other.flows;
    for (const [p, n] of other.peers) acc.peers.set(p, (acc.peers.get(p) ?? 0) + n);
    if (other.ports.size === 0 && other.icmp.size === 0) ingress.delete(key);
  }
  if (acc.peers.size === 0) acc.peers.set('every pod (DNS)', 0);
  ingress.set(acc.key, acc);
}

function addClusterDns(egress: Map<string, TargetAcc>, identities: readonly Identity[]): void {
  const servers = identities.filter((i) => i.pods.length > 0 && isDnsServer(i));
  for (const server of servers) {
    const target: Target = { kind: 'endpoint', identity: server };
    const key = targetKey(target);
    if (egress.has(key)) continue;
    egress.set(key, { target, key, flows: 0, peers: new Map([[`${server.namespace}/${server.pods[0]!.name}`, 0]]), ports: new Map([['UDP/53', 0], ['TCP/53', 0]]), icmp: new Map(), http: new Map(), dns: new Map() });
  }
}

function targetOf(
  peer: Identity, ip: string | undefined, direction: 'egress' | 'ingress', names: Map<string, Set<string>>,
  cidrOnly: ReadonlySet<string> | undefined, options: GenerateOptions,
): Target | undefined {
  if (peer.kind === 'pod') return { kind: 'endpoint', identity: peer };
  const entity = entityOf(peer);
  if (entity !== undefined && entity !== 'world') return { kind: 'entity', entity };
  // outside the cluster
  if (options.world) return { kind: 'entity', entity: 'world' };
  if (ip === undefined) return entity === 'world' ? { kind: 'entity', entity: 'world' } : undefined;
  const named = direction === 'egress' && !cidrOnly?.has(ip) ? names.get(ip) : undefined;
  if (named && named.size > 0) return { kind: 'fqdn', names: [...named].sort() };
  return { kind: 'cidr', cidr: aggregate(ip, options.cidrMin) };
}

function targetKey(t: Target): string {
  switch (t.kind) {
    case 'endpoint': return `0|${t.identity.namespace}|${t.identity.name}`;
    case 'entity': return `1|${String(ENTITY_ORDER.indexOf(t.entity)).padStart(2, '0')}|${t.entity}`;
    case 'fqdn': return `2|${t.names.join(',')}`;
    case 'cidr': return `3|${t.cidr}`;
  }
}

function peerSpec(t: Target, direction: 'egress' | 'ingress', namespace: string, identities: readonly Identity[]): Record<string, unknown> {
  const to = direction === 'egress';
  switch (t.kind) {
    case 'endpoint': {
      const sel = stableSelector(t.identity, identities);
      const matchLabels: Record<string, string> = { ...sel.matchLabels };
      if (t.identity.namespace !== namespace) matchLabels['k8s:io.kubernetes.pod.namespace'] = t.identity.namespace!;
      const selector = sel.matchExpressions ? { matchLabels, matchExpressions: sel.matchExpressions } : { matchLabels };
      return { [to ? 'toEndpoints' : 'fromEndpoints']: [selector] };
    }
    case 'entity':
      return { [to ? 'toEntities' : 'fromEntities']: [t.entity] };
    case 'fqdn':
      return { toFQDNs: t.names.map((n) => ({ matchName: n })) };
    case 'cidr':
      return { [to ? 'toCIDR' : 'fromCIDR']: [t.cidr] };
  }
}

function rulesOf(
  targets: Map<string, TargetAcc>, direction: 'egress' | 'ingress', namespace: string, identities: readonly Identity[], fqdnDns: boolean,
): GeneratedRule[] {
  const rules: GeneratedRule[] = [];
  for (const acc of targets.values()) {
    const peer = peerSpec(acc.target, direction, namespace, identities);
    const peers = [...acc.peers.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([p]) => p);
    // the DNS server of a workload with toFQDNs: its DNS ports carry the names it queried
    const isDnsServer = [...acc.dns.values()].some((q) => q.size > 0);
    const order = `${isDnsServer ? '0' : '1'}|${acc.key}`;
    const toPorts: Record<string, unknown>[] = [];
    const plain: string[] = [];
    for (const pp of [...acc.ports.keys()].sort(portOrder)) {
      const http = acc.http.get(pp);
      const dns = acc.dns.get(pp);
      if (http && http.size > 0) toPorts.push({ ports: portsOf([pp]), rules: { http: httpRules(http) } });
      else if (dns && dns.size > 0 && fqdnDns) toPorts.push({ ports: portsOf([pp]), rules: { dns: [...dns].sort().map((n) => ({ matchName: n })) } });
      else plain.push(pp);
    }
    // ports of the DNS server without recorded queries (TCP retries) keep the same DNS rules
    if (fqdnDns && isDnsServer) {
      const names = [...new Set([...acc.dns.values()].flatMap((q) => [...q]))].sort();
      for (const pp of [...plain]) {
        if (pp.endsWith('/53')) {
          plain.splice(plain.indexOf(pp), 1);
          toPorts.push({ ports: portsOf([pp]), rules: { dns: names.map((n) => ({ matchName: n })) } });
        }
      }
    }
    for (let i = 0; i < plain.length; i += MAX_PORTS_PER_RULE) toPorts.unshift({ ports: portsOf(plain.slice(i, i + MAX_PORTS_PER_RULE)) });
    const icmpFlows = [...acc.icmp.values()].reduce((sum, x) => sum + x.flows, 0);
    if (toPorts.length > 0) rules.push({ spec: { ...peer, toPorts }, flows: acc.flows - icmpFlows, peers, order });
    if (acc.icmp.size > 0) {
      const fields = [...acc.icmp.values()].sort((a, b) => a.family.localeCompare(b.family) || a.type - b.type).map((x) => ({ type: x.type, family: x.family }));
      rules.push({ spec: { ...peer, icmps: [{ fields }] }, flows: icmpFlows, peers, order: `${order}|icmp` });
    }
  }
  return rules.sort((a, b) => a.order.localeCompare(b.order));
}

/** The CiliumNetworkPolicy object of a generated policy. */
export function policyObject(p: GeneratedPolicy): Record<string, unknown> {
  // a direction without recorded traffic is denied whole: `[{}]` enables default deny and allows nothing
  const spec: Record<string, unknown> = {
    endpointSelector: p.selector,
    ingress: p.ingress.length > 0 ? p.ingress.map((r) => r.spec) : [{}],
    egress: p.egress.length > 0 ? p.egress.map((r) => r.spec) : [{}],
  };
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: p.name, namespace: p.namespace, labels: { 'app.kubernetes.io/managed-by': 'membrane-generate' } },
    spec,
  };
}

