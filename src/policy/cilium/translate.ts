/**
 * From a sanitized Cilium rule to policy entries (pkg/policy/utils/parserules.go): one entry
 * per ingress / ingressDeny / egress / egressDeny rule, with peers compiled and scoped as
 * Cilium scopes them, ports normalized, and L7 rules compiled.
 */

import {
  DEFAULT_CLUSTER_NAME,
  LabelSelector,
  POD_NAMESPACE_LABEL,
  SOURCE_K8S,
  SOURCE_RESERVED,
  equals,
  exists,
  type Cluster,
  type PathSegment,
  type ServiceInfo,
} from '../../cluster/index.js';
import {
  PROTO_ANY,
  PROTO_ICMP,
  PROTO_ICMPV6,
  PROTO_SCTP,
  PROTO_TCP,
  PROTO_UDP,
  formatPrefix,
  parseCidr,
  parseCidrOrIp,
  hostPrefix,
  type Prefix,
} from '../../net/index.js';
import type { Direction, DnsRuleRef, HttpRuleRef, L7Rules, Peer, PeerRef, PolicyEntry, PolicyRef, PortRuleEntry, PortSpec } from '../entry.js';
import { compileDnsSelector, compileHttpRule, type CompiledHttpRule, type DnsNameMatcher, type DnsSelectorContext } from '../l7/index.js';
import type {
  CidrRuleSpec,
  DirectionRuleSpec,
  FqdnSelectorSpec,
  IcmpRuleSpec,
  PortRuleHttpSpec,
  PortRuleSpec,
  RuleSection,
  RuleSpec,
  ServiceSelectorSpec,
} from './api.js';
import { resolveIcmpType } from './icmp-types.js';
import { parsePortString } from './ports.js';
import { clearSelectorMemos, compileSelector, namespacedSubject, scopedPeer, type PeerScope } from './selectors.js';

export interface TranslateContext {
  readonly policy: PolicyRef;
  /** the cluster, for toServices and CIDR groups */
  readonly cluster: Cluster;
  readonly clusterName?: string;
  /** notes about what could not be modelled exactly */
  readonly warn: (path: readonly PathSegment[], message: string) => void;
}

const RESERVED_ENTITY_PARTS: Record<string, string[]> = {
  world: ['world', 'world-ipv4', 'world-ipv6'],
  cluster: ['host', 'remote-node', 'init', 'ingress', 'health', 'unmanaged', 'kube-apiserver'],
};

const reservedSelectors = new Map<string, LabelSelector>();

function reservedSelector(name: string): LabelSelector {
  let sel = reservedSelectors.get(name);
  if (!sel) reservedSelectors.set(name, (sel = new LabelSelector([exists(SOURCE_RESERVED, name)])));
  return sel;
}

function selectorPeer(selector: LabelSelector, path: readonly PathSegment[], description: string): PeerRef {
  return { peer: { kind: 'selector', selector }, key: selector.key, path, description };
}

function entityPeers(entity: string, path: readonly PathSegment[], field: string, clusterName: string): PeerRef[] {
  const description = `${field}: ${entity}`;
  if (entity === 'all') return [{ peer: { kind: 'wildcard' }, key: '*', path, description }];
  const parts = RESERVED_ENTITY_PARTS[entity] ?? [entity];
  const peers = parts.map((p) => selectorPeer(reservedSelector(p), path, description));
  if (entity === 'cluster') {
    peers.push(selectorPeer(new LabelSelector([equals(SOURCE_K8S, 'io.cilium.k8s.policy.cluster', clusterName)]), path, description));
  }
  return peers;
}

/** A parsed CIDR peer and its key, remembered by text (policies repeat the same CIDRs). */
interface CidrPeerParts {
  readonly peer: Peer;
  readonly key: string;
}

const cidrPeers = new Map<string, CidrPeerParts | null>();
const MAX_REMEMBERED = 100_000;

function cidrPeerParts(text: string, except: readonly string[]): CidrPeerParts | null {
  const memoKey = JSON.stringify([text, except]);
  let parts = cidrPeers.get(memoKey);
  if (parts === undefined) {
    const parsed = except.length === 0 ? parseCidrOrIp(text) : parseCidr(text);
    if (!parsed.ok) parts = null;
    else {
      const excepts: Prefix[] = [];
      for (const e of except) {
        const r = parseCidr(e);
        if (r.ok) excepts.push(r.prefix);
      }
      const key = `cidr:${formatPrefix(parsed.prefix)}${excepts.length > 0 ? ` except ${excepts.map(formatPrefix).join(',')}` : ''}`;
      parts = { peer: { kind: 'cidr', prefix: parsed.prefix, except: excepts }, key };
    }
    if (cidrPeers.size < MAX_REMEMBERED) cidrPeers.set(memoKey, parts);
  }
  return parts;
}

function cidrPeer(text: string, except: readonly string[], path: readonly PathSegment[], description: string): PeerRef | undefined {
  const parts = cidrPeerParts(text, except);
  return parts ? { peer: parts.peer, key: parts.key, path, description } : undefined;
}

/** Forgets everything translation remembers (tests: a memo must answer as a fresh computation). */
export function clearTranslationMemos(): void {
  cidrPeers.clear();
  dnsMatchers.clear();
  httpRules.clear();
  clearSelectorMemos();
}

/** DNS name matchers by context and selector (a compiled matcher is immutable: shared). */
const dnsMatchers = new Map<string, DnsNameMatcher>();

function dnsMatcher(sel: FqdnSelectorSpec, context: DnsSelectorContext): DnsNameMatcher {
  // unambiguous text: an absent field (0) is neither null nor any string
  const key = JSON.stringify([context, sel.matchName === undefined ? 0 : sel.matchName, sel.matchPattern === undefined ? 0 : sel.matchPattern]);
  let matcher = dnsMatchers.get(key);
  if (!matcher) {
    matcher = compileDnsSelector(sel, { context });
    if (dnsMatchers.size < MAX_REMEMBERED) dnsMatchers.set(key, matcher);
  }
  return matcher;
}

function fqdnPeer(sel: FqdnSelectorSpec, path: readonly PathSegment[]): PeerRef {
  const text = sel.matchName !== undefined ? `matchName:${sel.matchName.toLowerCase()}` : `matchPattern:${(sel.matchPattern ?? '').toLowerCase()}`;
  return {
    peer: { kind: 'fqdn', text, matcher: dnsMatcher(sel, 'fqdn-selector') },
    key: `fqdn:${text}`,
    path,
    description: `toFQDNs: ${sel.matchName !== undefined ? `matchName ${sel.matchName}` : `matchPattern ${sel.matchPattern}`}`,
  };
}

/** The Services a toServices entry names (exported for lint, which explains port mistakes). */
export function servicesMatching(spec: ServiceSelectorSpec, cluster: Cluster): ServiceInfo[] {
  if (spec.k8sService) {
    const { serviceName = '', namespace = '' } = spec.k8sService;
    if (serviceName === '') return [];
    return cluster.services.filter((s) => s.name === serviceName && (namespace === '' || s.namespace === namespace));
  }
  if (spec.k8sServiceSelector) {
    const selector = compileSelector(spec.k8sServiceSelector.selector);
    const namespace = spec.k8sServiceSelector.namespace ?? '';
    return cluster.services.filter((s) => {
      if (namespace !== '' && s.namespace !== namespace) return false;
      const labels = new Map(Object.entries(s.labels).map(([k, v]) => [k, { source: SOURCE_K8S, key: k, value: v }]));
      return selector.matches({ labels });
    });
  }
  return [];
}

/** toServices as Cilium's service watcher expands it: pod selectors, or backend addresses. */
function servicePeers(spec: ServiceSelectorSpec, path: readonly PathSegment[], ctx: TranslateContext): PeerRef[] {
  const services = servicesMatching(spec, ctx.cluster);
  const peers: PeerRef[] = [];
  for (const svc of services) {
    const description = `toServices: ${svc.namespace}/${svc.name}`;
    if (svc.selector) {
      const reqs = Object.entries(svc.selector).map(([k, v]) => equals(SOURCE_K8S, k, v));
      reqs.push(equals(SOURCE_K8S, POD_NAMESPACE_LABEL, svc.namespace));
      peers.push(selectorPeer(new LabelSelector(reqs), path, description));
      continue;
    }
    const slices = ctx.cluster.endpointSlices.filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name);
    for (const slice of slices) {
      for (const addr of slice.addresses) {
        const prefix = hostPrefix(addr);
        peers.push({ peer: { kind: 'cidr', prefix, except: [] }, key: `cidr:${formatPrefix(prefix)}`, path, description });
      }
    }
  }
  if (services.length === 0) {
    ctx.warn(path, 'toServices matches no Service in the input: the rule allows nothing until one exists');
  }
  return peers;
}

function cidrSetPeers(rules: CidrRuleSpec[], field: string, path: readonly PathSegment[], ctx: TranslateContext, peers: PeerRef[]): void {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    const p = [...path, i];
    if (rule.cidr !== undefined) {
      const peer = cidrPeer(rule.cidr, rule.except ?? [], p, `${field}: ${rule.cidr}${rule.except?.length ? ` except ${rule.except.join(', ')}` : ''}`);
      if (peer) peers.push(peer);
      continue;
    }
    // CIDR groups: the CIDRs of the CiliumCIDRGroups named or selected (none: selects nothing, as in Cilium)
    const groups = rule.cidrGroupRef !== undefined
      ? ctx.cluster.cidrGroups.filter((g) => g.name === rule.cidrGroupRef)
      : ctx.cluster.cidrGroups.filter((g) => {
          const selector = compileSelector(rule.cidrGroupSelector);
          const labels = new Map(Object.entries(g.labels).map(([k, v]) => [k, { source: 'cidrgroup', key: k, value: v }]));
          return selector.matches({ labels });
        });
    const what = rule.cidrGroupRef !== undefined ? `cidrGroupRef ${rule.cidrGroupRef}` : 'cidrGroupSelector';
    if (groups.length === 0) {
      ctx.warn(p, `${what} matches no CiliumCIDRGroup in the input: the peer selects nothing (as in Cilium until such a group exists)`);
    }
    for (const group of groups) {
      for (const cidr of group.cidrs) {
        const peer = cidrPeer(cidr, rule.except ?? [], p, `${field}: CiliumCIDRGroup ${group.name} ${cidr}${rule.except?.length ? ` except ${rule.except.join(', ')}` : ''}`);
        if (peer) peers.push(peer);
      }
    }
  }
}

/** The field names of one direction's peers (paths and descriptions use them). */
interface PeerFields {
  readonly endpoints: string;
  readonly cidr: string;
  readonly cidrSet: string;
  readonly entities: string;
  readonly groups: string;
  readonly dir: string;
}

const INGRESS_FIELDS: PeerFields = { endpoints: 'fromEndpoints', cidr: 'fromCIDR', cidrSet: 'fromCIDRSet', entities: 'fromEntities', groups: 'fromGroups', dir: 'from' };
const EGRESS_FIELDS: PeerFields = { endpoints: 'toEndpoints', cidr: 'toCIDR', cidrSet: 'toCIDRSet', entities: 'toEntities', groups: 'toGroups', dir: 'to' };

/** The L3 peers of a rule; undefined when the rule names no peer field at all. */
function rulePeers(rule: DirectionRuleSpec, ingress: boolean, path: readonly PathSegment[], scope: PeerScope, ctx: TranslateContext): PeerRef[] | undefined {
  const f = ingress ? INGRESS_FIELDS : EGRESS_FIELDS;
  const endpoints = ingress ? rule.fromEndpoints : rule.toEndpoints;
  const cidrs = ingress ? rule.fromCIDR : rule.toCIDR;
  const cidrSets = ingress ? rule.fromCIDRSet : rule.toCIDRSet;
  const entities = ingress ? rule.fromEntities : rule.toEntities;
  const groups = ingress ? rule.fromGroups : rule.toGroups;
  const nodes = ingress ? rule.fromNodes : rule.toNodes;
  const services = ingress ? undefined : rule.toServices;
  const fqdns = ingress ? undefined : rule.toFQDNs;
  if (
    endpoints === undefined && cidrs === undefined && cidrSets === undefined && entities === undefined &&
    nodes === undefined && groups === undefined && services === undefined && fqdns === undefined
  ) {
    return undefined;
  }
  const peers: PeerRef[] = [];
  if (endpoints) {
    for (let i = 0; i < endpoints.length; i++) {
      const sel = endpoints[i];
      const scoped = scopedPeer(sel, scope);
      peers.push(selectorPeer(scoped.selector, [...path, f.endpoints, i], `${f.endpoints}: ${scoped.description}`));
    }
  }
  if (cidrs) {
    for (let i = 0; i < cidrs.length; i++) {
      const peer = cidrPeer(cidrs[i]!, [], [...path, f.cidr, i], `${f.cidr}: ${cidrs[i]}`);
      if (peer) peers.push(peer);
    }
  }
  if (cidrSets) cidrSetPeers(cidrSets, f.cidrSet, [...path, f.cidrSet], ctx, peers);
  if (entities) {
    for (let i = 0; i < entities.length; i++) {
      for (const x of entityPeers(entities[i]!, [...path, f.entities, i], f.entities, scope.clusterName)) peers.push(x);
    }
  }
  if (groups) {
    for (let i = 0; i < groups.length; i++) {
      const reason = `${f.groups}: cloud provider groups are resolved by Cilium's operator and are not modelled`;
      ctx.warn([...path, f.groups, i], `${reason}; this peer selects nothing in Membrane${path.some((x) => String(x).endsWith('Deny')) ? ' — so this DENY rule denies nothing here, while Cilium would deny the group\'s addresses' : ''}`);
      peers.push({ peer: { kind: 'unresolved', reason }, key: `unresolved:${reason}`, path: [...path, f.groups, i], description: reason });
    }
  }
  if (services) {
    for (let i = 0; i < services.length; i++) for (const x of servicePeers(services[i]!, [...path, 'toServices', i], ctx)) peers.push(x);
  }
  if (fqdns) for (let i = 0; i < fqdns.length; i++) peers.push(fqdnPeer(fqdns[i]!, [...path, 'toFQDNs', i]));
  return peers;
}

function protocolNumber(text: string | undefined): number {
  switch ((text ?? '').toUpperCase()) {
    case 'TCP': return PROTO_TCP;
    case 'UDP': return PROTO_UDP;
    case 'SCTP': return PROTO_SCTP;
    default: return PROTO_ANY;
  }
}

/** Compiled HTTP rules by their JSON text (a compiled rule is immutable: shared). */
const httpRules = new Map<string, CompiledHttpRule>();

function httpRule(spec: PortRuleHttpSpec): CompiledHttpRule {
  let key: string | undefined;
  try {
    key = JSON.stringify(spec);
  } catch {
    return compileHttpRule(spec);
  }
  let rule = httpRules.get(key);
  if (!rule) {
    rule = compileHttpRule(spec);
    if (httpRules.size < MAX_REMEMBERED) httpRules.set(key, rule);
  }
  return rule;
}

function l7Rules(pr: PortRuleSpec, path: readonly PathSegment[]): L7Rules | undefined {
  const http = pr.rules?.http;
  if (http !== undefined && http.length > 0) {
    const rules: HttpRuleRef[] = [];
    for (let i = 0; i < http.length; i++) {
      const rule = httpRule(http[i]!);
      rules.push({ rule, text: rule.text, path: [...path, 'rules', 'http', i] });
    }
    return { kind: 'http', rules };
  }
  const dns = pr.rules?.dns;
  if (dns !== undefined && dns.length > 0) {
    const rules: DnsRuleRef[] = [];
    for (let i = 0; i < dns.length; i++) {
      const r = dns[i]!;
      rules.push({
        matcher: dnsMatcher(r, 'dns-rule'),
        text: r.matchName !== undefined ? `matchName: ${r.matchName}` : `matchPattern: ${r.matchPattern}`,
        path: [...path, 'rules', 'dns', i],
      });
    }
    return { kind: 'dns', rules };
  }
  return undefined;
}

/**
 * What Membrane cannot evaluate in a port rule, said out loud; TLS SNI filtering is treated as
 * allowing nothing, so that it can never widen access.
 */
function unmodelledPortRule(pr: PortRuleSpec, path: readonly PathSegment[], ctx: TranslateContext): boolean {
  if (pr.serverNames && pr.serverNames.length > 0) {
    ctx.warn([...path, 'serverNames'], 'TLS SNI filtering (serverNames) is not modelled: Envoy allows only TLS connections whose SNI matches, which Membrane cannot see, so this port rule is treated as allowing nothing');
    return true;
  }
  if (pr.listener) ctx.warn([...path, 'listener'], 'traffic is redirected to a CiliumEnvoyConfig listener: Cilium enforces no L7 rule there, and Membrane does not model what the listener does');
  if (pr.terminatingTLS || pr.originatingTLS) ctx.warn([...path, pr.terminatingTLS ? 'terminatingTLS' : 'originatingTLS'], 'TLS interception is assumed to work: HTTP rules are evaluated on the decrypted requests');
  return false;
}

function portRuleEntries(rule: DirectionRuleSpec, path: readonly PathSegment[], ctx: TranslateContext): PortRuleEntry[] | undefined {
  const toPorts = rule.toPorts ?? [];
  const icmps = rule.icmps ?? [];
  if (toPorts.length === 0 && icmps.length === 0) return undefined;
  const entries: PortRuleEntry[] = [];
  for (let i = 0; i < toPorts.length; i++) {
    const pr = toPorts[i]!;
    const p = [...path, 'toPorts', i];
    if (unmodelledPortRule(pr, p, ctx)) {
      entries.push({ ports: [], path: p });
      continue;
    }
    const ports: PortSpec[] = [];
    const specs = pr.ports ?? [];
    for (let j = 0; j < specs.length; j++) {
      const pp = specs[j]!;
      const parsed = parsePortString(pp.port ?? '');
      const protocol = protocolNumber(pp.protocol);
      if (parsed.kind === 'name') ports.push({ protocol, name: parsed.name, endPort: pp.endPort, path: [...p, 'ports', j] });
      else if (parsed.kind === 'number') ports.push({ protocol, port: parsed.port, endPort: pp.endPort, path: [...p, 'ports', j] });
    }
    const l7 = l7Rules(pr, p);
    const envoyWithoutL7 = !l7 && (pr.listener !== undefined || pr.terminatingTLS !== undefined || pr.originatingTLS !== undefined) ? true : undefined;
    entries.push({ ports, l7, path: p, envoyWithoutL7 });
  }
  for (let i = 0; i < icmps.length; i++) {
    const icmp: IcmpRuleSpec = icmps[i]!;
    const p = [...path, 'icmps', i];
    const ports: PortSpec[] = [];
    const fields = icmp.fields ?? [];
    for (let j = 0; j < fields.length; j++) {
      const f = fields[j]!;
      const family = f.family === 'IPv6' ? 'IPv6' : 'IPv4';
      const resolved = resolveIcmpType(f.type, family);
      if (resolved.ok) ports.push({ protocol: family === 'IPv6' ? PROTO_ICMPV6 : PROTO_ICMP, port: resolved.type, path: [...p, 'fields', j] });
    }
    entries.push({ ports, path: p });
  }
  return entries;
}

const SECTIONS: readonly RuleSection[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

/** Entries of one rule of a Cilium policy. The rule must have passed sanitizeRule. */
export function translateRule(rule: RuleSpec, rulePath: readonly PathSegment[], ruleListIndex: number, ctx: TranslateContext): PolicyEntry[] {
  const namespace = ctx.policy.kind === 'CiliumNetworkPolicy' ? ctx.policy.namespace ?? 'default' : undefined;
  const clusterName = ctx.clusterName ?? DEFAULT_CLUSTER_NAME;
  if (rule.nodeSelector !== undefined) {
    ctx.warn([...rulePath, 'nodeSelector'], 'host policy (nodeSelector): the host firewall is off by default in Cilium, so this rule is not enforced and Membrane ignores it');
    return [];
  }
  const subject = namespace !== undefined ? namespacedSubject(rule.endpointSelector, namespace) : compileSelector(rule.endpointSelector);
  const subjectIsInit = subject.requirements.some((r) => r.source === SOURCE_RESERVED && r.key === 'init');
  const scope: PeerScope = { namespace, clusterName, subjectIsInit };
  const defaultDeny = {
    ingress: rule.enableDefaultDeny?.ingress ?? ((rule.ingress?.length ?? 0) > 0 || (rule.ingressDeny?.length ?? 0) > 0),
    egress: rule.enableDefaultDeny?.egress ?? ((rule.egress?.length ?? 0) > 0 || (rule.egressDeny?.length ?? 0) > 0),
  };
  const entries: PolicyEntry[] = [];
  for (const section of SECTIONS) {
    const direction: Direction = section.startsWith('ingress') ? 'ingress' : 'egress';
    const deny = section.endsWith('Deny');
    const list = rule[section] ?? [];
    for (let index = 0; index < list.length; index++) {
      const r = list[index]!;
      const path = [...rulePath, section, index];
      const mode = r.authentication?.mode;
      const auth = mode === 'required' || mode === 'test-always-fail' || mode === 'disabled' ? mode : undefined;
      if (auth === 'required') {
        ctx.warn([...path, 'authentication'], 'mutual authentication required: Cilium drops this traffic unless the agents run mutual authentication (SPIRE, mesh-auth-mutual-listener-port), which is off by default; verdicts follow --mutual-auth or --settings and say which they assumed');
      }
      entries.push({
        origin: { policy: ctx.policy, ruleListIndex, rulePath, section, index, path },
        subject,
        direction,
        deny,
        defaultDeny: direction === 'ingress' ? defaultDeny.ingress : defaultDeny.egress,
        peers: rulePeers(r, direction === 'ingress', path, scope, ctx),
        portRules: portRuleEntries(r, path, ctx),
        auth: deny ? undefined : auth,
      });
    }
  }
  return entries;
}
