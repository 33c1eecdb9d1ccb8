/**
 * NetworkPolicy as Cilium enforces it (pkg/k8s/network_policy.go ParseNetworkPolicy), see
 * docs/research/cilium-knp-translation.md: every peer of every rule is an allow entry that
 * puts the subject into default deny; a rule without peers allows everyone (world and nodes
 * included); a direction listed in policyTypes without rules gets an entry that selects
 * nothing, only to make it default-deny.
 */

import {
  CLUSTER_LABEL,
  DEFAULT_CLUSTER_NAME,
  LabelSelector,
  NAMESPACE_LABELS_PREFIX,
  POD_NAMESPACE_LABEL,
  SOURCE_K8S,
  equals,
  exists,
  type PathSegment,
  type Requirement,
  type SelectorOperator,
} from '../../cluster/index.js';
import { PROTO_SCTP, PROTO_TCP, PROTO_UDP, formatPrefix, parseCidr } from '../../net/index.js';
import type { EndpointSelectorSpec } from '../cilium/api.js';
import { describeSelectorSpec } from '../cilium/selectors.js';
import type { Direction, PeerRef, PolicyEntry, PolicyRef, PortRuleEntry, PortSpec } from '../entry.js';
import type { NetworkPolicyPeerSpec, NetworkPolicyPortSpec, NetworkPolicySpec } from './api.js';

function requirements(spec: EndpointSelectorSpec | undefined, keyPrefix = ''): Requirement[] {
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(spec?.matchLabels ?? {})) reqs.push(equals(SOURCE_K8S, keyPrefix + k, String(v)));
  for (const e of spec?.matchExpressions ?? []) {
    reqs.push({ source: SOURCE_K8S, key: keyPrefix + e.key, operator: e.operator as SelectorOperator, values: (e.values ?? []).map(String) });
  }
  return reqs;
}

function isEmptySelector(spec: EndpointSelectorSpec | undefined): boolean {
  return Object.keys(spec?.matchLabels ?? {}).length === 0 && (spec?.matchExpressions ?? []).length === 0;
}

/** API server defaulting: Ingress always, Egress when egress rules exist. */
export function effectivePolicyTypes(spec: NetworkPolicySpec): string[] {
  if (spec.policyTypes && spec.policyTypes.length > 0) return spec.policyTypes;
  return (spec.egress?.length ?? 0) > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** A pod selector pinned to the policy namespace (a user value for that label is replaced). */
function podSelectorWithNamespace(spec: EndpointSelectorSpec | undefined, namespace: string): Requirement[] {
  const matchLabels = { ...(spec?.matchLabels ?? {}) };
  delete matchLabels[POD_NAMESPACE_LABEL];
  return [...requirements({ ...spec, matchLabels }), equals(SOURCE_K8S, POD_NAMESPACE_LABEL, namespace)];
}

function peerRefs(peer: NetworkPolicyPeerSpec, namespace: string, clusterName: string, path: readonly PathSegment[]): PeerRef[] {
  if (peer.ipBlock) {
    const cidr = parseCidr(peer.ipBlock.cidr);
    if (!cidr.ok) return [];
    const except = (peer.ipBlock.except ?? []).map((e) => parseCidr(e)).flatMap((r) => (r.ok ? [r.prefix] : []));
    const key = `cidr:${formatPrefix(cidr.prefix)}${except.length ? ` except ${except.map(formatPrefix).join(',')}` : ''}`;
    const description = `ipBlock ${peer.ipBlock.cidr}${except.length ? ` except ${(peer.ipBlock.except ?? []).join(', ')}` : ''}`;
    return [{ peer: { kind: 'cidr', prefix: cidr.prefix, except }, key, path: [...path, 'ipBlock'], description }];
  }
  if (!peer.podSelector && !peer.namespaceSelector) return [];
  let reqs: Requirement[];
  const parts: string[] = [];
  if (peer.namespaceSelector === undefined) {
    reqs = podSelectorWithNamespace(peer.podSelector, namespace);
    parts.push(`podSelector ${describeSelectorSpec(peer.podSelector)} (namespace ${namespace})`);
  } else {
    reqs = [...requirements(peer.namespaceSelector, NAMESPACE_LABELS_PREFIX), ...requirements(peer.podSelector)];
    if (isEmptySelector(peer.namespaceSelector) && isEmptySelector(peer.podSelector)) reqs.push(exists(SOURCE_K8S, POD_NAMESPACE_LABEL));
    else if (isEmptySelector(peer.namespaceSelector)) reqs.push(exists(SOURCE_K8S, POD_NAMESPACE_LABEL));
    parts.push(`namespaceSelector ${describeSelectorSpec(peer.namespaceSelector)}`);
    if (peer.podSelector) parts.push(`podSelector ${describeSelectorSpec(peer.podSelector)}`);
  }
  if (!reqs.some((r) => r.key === CLUSTER_LABEL)) reqs.push(equals(SOURCE_K8S, CLUSTER_LABEL, clusterName));
  const selector = new LabelSelector(reqs);
  return [{ peer: { kind: 'selector', selector }, key: selector.key, path, description: parts.join(' and ') }];
}

function protocolOf(text: string | undefined): number {
  return text === 'UDP' ? PROTO_UDP : text === 'SCTP' ? PROTO_SCTP : PROTO_TCP;
}

function portRules(ports: NetworkPolicyPortSpec[] | undefined, path: readonly PathSegment[]): PortRuleEntry[] | undefined {
  if (!ports || ports.length === 0) return undefined;
  return ports.map((p, i) => {
    const portPath = [...path, 'ports', i];
    const protocol = protocolOf(p.protocol);
    let spec: PortSpec;
    if (typeof p.port === 'string' && !/^[0-9]+$/.test(p.port)) spec = { protocol, name: p.port.toLowerCase(), path: portPath };
    else spec = { protocol, port: p.port === undefined ? 0 : Number(p.port), endPort: p.endPort, path: portPath };
    return { ports: [spec], path: portPath };
  });
}

export function translateNetworkPolicy(spec: NetworkPolicySpec, policy: PolicyRef, clusterName = DEFAULT_CLUSTER_NAME): PolicyEntry[] {
  const namespace = policy.namespace ?? 'default';
  const subject = new LabelSelector(podSelectorWithNamespace(spec.podSelector, namespace));
  const types = effectivePolicyTypes(spec);
  const entries: PolicyEntry[] = [];
  const make = (direction: Direction, section: string, index: number, peers: PeerRef[] | undefined, ports: PortRuleEntry[] | undefined): PolicyEntry => ({
    origin: { policy, ruleListIndex: 0, rulePath: ['spec'], section, index, path: index < 0 ? ['spec', 'policyTypes'] : ['spec', section, index] },
    subject,
    direction,
    deny: false,
    defaultDeny: true,
    peers,
    portRules: ports,
  });
  for (const [direction, rules] of [['ingress', spec.ingress ?? []], ['egress', spec.egress ?? []]] as const) {
    rules.forEach((rule, i) => {
      const path = ['spec', direction, i];
      const peers = direction === 'ingress' ? (rule as { from?: NetworkPolicyPeerSpec[] }).from : (rule as { to?: NetworkPolicyPeerSpec[] }).to;
      const ports = portRules(rule.ports, path);
      if (!peers || peers.length === 0) {
        entries.push(make(direction, direction, i, [{ peer: { kind: 'wildcard' }, key: '*', path, description: `any peer (no ${direction === 'ingress' ? 'from' : 'to'})` }], ports));
        return;
      }
      peers.forEach((peer, j) => {
        const refs = peerRefs(peer, namespace, clusterName, [...path, direction === 'ingress' ? 'from' : 'to', j]);
        entries.push(make(direction, direction, i, refs, ports));
      });
    });
  }
  const has = (d: Direction) => entries.some((e) => e.direction === d);
  // directions isolated without rules: an entry that selects nothing switches on default deny
  if (!has('ingress') && (types.includes('Ingress') || !types.includes('Egress'))) entries.push(make('ingress', 'policyTypes', -1, [], undefined));
  if (!has('egress') && types.includes('Egress')) entries.push(make('egress', 'policyTypes', -1, [], undefined));
  return entries;
}
