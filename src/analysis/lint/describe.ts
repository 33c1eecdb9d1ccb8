/** How findings name rules: where an entry is written and what it allows, in words. */

import { formatPath, type PathSegment } from '../../cluster/index.js';
import { protocolName } from '../../net/index.js';
import { formatPolicyRef, type PolicyEntry } from '../../policy/entry.js';
import { listText } from './context.js';

/**
 * Where an entry is written: its rule, or for a NetworkPolicy rule with several peers (one
 * entry per peer) the peer.
 */
export function entryPath(entry: PolicyEntry): PathSegment[] {
  const peer = entry.peers?.length === 1 ? entry.peers[0]! : undefined;
  if (entry.origin.policy.kind === 'NetworkPolicy' && peer && peer.path.length > entry.origin.path.length) return [...peer.path];
  return [...entry.origin.path];
}

/** `spec.ingress[1] of this policy`, or `CiliumNetworkPolicy/ns/name spec.ingress[1]`. */
export function ruleText(entry: PolicyEntry, relativeTo: PolicyEntry): string {
  const path = formatPath(entryPath(entry));
  return entry.origin.policy === relativeTo.origin.policy ? `${path} of this policy` : `${formatPolicyRef(entry.origin.policy)} ${path}`;
}

/** `fromEndpoints: {app=client} on 8080/TCP` */
export function describeEntry(entry: PolicyEntry): string {
  const peers = entry.peers === undefined ? 'any peer' : entry.peers.length === 0 ? 'no peer' : listText([...new Set(entry.peers.map((p) => p.description))], 2);
  if (entry.portRules === undefined) return `${peers} on every port`;
  const ports = entry.portRules.flatMap((pr) => pr.ports.map((p) => {
    const proto = p.protocol === 0 ? 'ANY' : protocolName(p.protocol);
    const port = p.name ?? (p.port === 0 || p.port === undefined ? 'every port' : p.endPort !== undefined && p.endPort > p.port ? `${p.port}-${p.endPort}` : `${p.port}`);
    return `${port}/${proto}`;
  }));
  return `${peers} on ${ports.length > 0 ? listText(ports, 4) : 'no port'}`;
}
