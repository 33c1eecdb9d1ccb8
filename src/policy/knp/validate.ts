/**
 * The API server's validation of a NetworkPolicy (kubernetes pkg/apis/networking/validation:
 * ValidateNetworkPolicy*), in its wording. Cilium itself checks nothing more, so this is what
 * decides whether a NetworkPolicy is enforced.
 */

import type { PathSegment } from '../../cluster/index.js';
import { formatPath } from '../../cluster/index.js';
import { parseCidr, prefixContains } from '../../net/index.js';
import { sanitizeSelectorIssues } from '../cilium/sanitize.js';
import type { NetworkPolicyPeerSpec, NetworkPolicyPortSpec, NetworkPolicySpec } from './api.js';

export interface KnpIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function portIssues(p: NetworkPolicyPortSpec, path: PathSegment[], out: KnpIssue[]): void {
  const at = (field: string) => [...path, field];
  const say = (field: string, detail: string) => out.push({ path: at(field), message: `${formatPath(at(field))}: ${detail}` });
  if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) {
    say('protocol', `Unsupported value: ${JSON.stringify(p.protocol)}: supported values: "SCTP", "TCP", "UDP"`);
  }
  if (typeof p.port === 'number') {
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) say('port', `Invalid value: ${p.port}: must be between 1 and 65535, inclusive`);
    if (p.endPort !== undefined) {
      if (p.endPort < p.port) say('endPort', `Invalid value: ${p.endPort}: must be greater than or equal to \`port\``);
      if (p.endPort < 1 || p.endPort > 65535) say('endPort', `Invalid value: ${p.endPort}: must be between 1 and 65535, inclusive`);
    }
  } else if (typeof p.port === 'string') {
    const name = p.port;
    if (name.length > 15) say('port', `Invalid value: ${JSON.stringify(name)}: must be no more than 15 characters`);
    else if (!PORT_NAME.test(name) && !/^[a-z0-9-]+$/.test(name)) say('port', `Invalid value: ${JSON.stringify(name)}: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`);
    else if (name.includes('--')) say('port', `Invalid value: ${JSON.stringify(name)}: must not contain consecutive hyphens`);
    else if (!PORT_NAME.test(name)) say('port', `Invalid value: ${JSON.stringify(name)}: must not begin or end with a hyphen`);
    else if (!/[a-z]/.test(name)) say('port', `Invalid value: ${JSON.stringify(name)}: must contain at least one letter (a-z)`);
    if (p.endPort !== undefined) say('endPort', `Invalid value: ${p.endPort}: may not be specified when \`port\` is non-numeric`);
  } else if (p.endPort !== undefined) {
    say('endPort', `Invalid value: ${p.endPort}: may not be specified when \`port\` is not specified`);
  }
}

function peerIssues(peer: NetworkPolicyPeerSpec, path: PathSegment[], out: KnpIssue[]): void {
  const set = [peer.podSelector, peer.namespaceSelector, peer.ipBlock].filter((v) => v !== undefined).length;
  if (set === 0) out.push({ path, message: `${formatPath(path)}: Required value: must specify a peer` });
  if (peer.ipBlock && set > 1) out.push({ path, message: `${formatPath(path)}: Forbidden: may not specify both ipBlock and another peer` });
  for (const field of ['podSelector', 'namespaceSelector'] as const) {
    for (const issue of sanitizeSelectorIssues(peer[field], [...path, field])) out.push(issue);
  }
  if (peer.ipBlock) {
    const cidrPath = [...path, 'ipBlock', 'cidr'];
    const cidr = parseCidr(peer.ipBlock.cidr ?? '');
    if (!peer.ipBlock.cidr) out.push({ path: cidrPath, message: `${formatPath(cidrPath)}: Required value` });
    else if (!cidr.ok) {
      out.push({ path: cidrPath, message: `${formatPath(cidrPath)}: Invalid value: ${JSON.stringify(peer.ipBlock.cidr)}: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)` });
    }
    (peer.ipBlock.except ?? []).forEach((e, i) => {
      const p = [...path, 'ipBlock', 'except', i];
      const ex = parseCidr(e);
      if (!ex.ok) {
        out.push({ path: p, message: `${formatPath(p)}: Invalid value: ${JSON.stringify(e)}: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)` });
      } else if (cidr.ok && (!prefixContains(cidr.prefix, ex.prefix) || ex.prefix.length <= cidr.prefix.length)) {
        out.push({ path: p, message: `${formatPath(p)}: Invalid value: ${JSON.stringify(e)}: must be a strict subset of \`cidr\`` });
      }
    });
  }
}

export function validateNetworkPolicy(spec: NetworkPolicySpec, name: string): KnpIssue[] {
  const out: KnpIssue[] = [];
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name) || name.length > 253) {
    out.push({ path: ['metadata', 'name'], message: `metadata.name: Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character` });
  }
  for (const issue of sanitizeSelectorIssues(spec.podSelector, ['spec', 'podSelector'])) out.push(issue);
  const types = spec.policyTypes ?? [];
  if (types.length > 2) out.push({ path: ['spec', 'policyTypes'], message: 'spec.policyTypes: Invalid value: may not specify more than two policyTypes' });
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') {
      out.push({ path: ['spec', 'policyTypes', i], message: `spec.policyTypes[${i}]: Unsupported value: ${JSON.stringify(t)}: supported values: "Ingress", "Egress"` });
    }
  });
  (spec.ingress ?? []).forEach((rule, i) => {
    (rule.ports ?? []).forEach((p, j) => portIssues(p, ['spec', 'ingress', i, 'ports', j], out));
    (rule.from ?? []).forEach((peer, j) => peerIssues(peer, ['spec', 'ingress', i, 'from', j], out));
  });
  (spec.egress ?? []).forEach((rule, i) => {
    (rule.ports ?? []).forEach((p, j) => portIssues(p, ['spec', 'egress', i, 'ports', j], out));
    (rule.to ?? []).forEach((peer, j) => peerIssues(peer, ['spec', 'egress', i, 'to', j], out));
  });
  return out;
}
