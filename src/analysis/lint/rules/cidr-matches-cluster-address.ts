/**
 * cidr-matches-cluster-address: CIDR peers (toCIDR, toCIDRSet, fromCIDR, fromCIDRSet,
 * NetworkPolicy ipBlock) that contain pod, node or Service ClusterIP addresses of the input.
 * CIDR selectors only ever match addresses outside the cluster, and ClusterIPs are translated
 * to backends before policy.
 */

import { formatPath } from '../../../cluster/index.js';
import { formatIp, formatPrefix, prefixContainsIp, type IpAddress, type Prefix } from '../../../net/index.js';
import type { PeerRef } from '../../../policy/entry.js';
import { listText, type LintContext } from '../context.js';
import type { Finding } from '../finding.js';
import { toYaml } from '../snippets.js';

const ID = 'cidr-matches-cluster-address';
const CIDR_FIELDS = new Set(['toCIDR', 'fromCIDR', 'toCIDRSet', 'fromCIDRSet', 'ipBlock']);

function isWrittenCidr(peer: PeerRef): boolean {
  return peer.path.some((seg) => typeof seg === 'string' && CIDR_FIELDS.has(seg));
}

function inside(prefix: Prefix, except: readonly Prefix[], ip: IpAddress): boolean {
  return prefixContainsIp(prefix, ip) && !except.some((e) => prefixContainsIp(e, ip));
}

export function checkCidrMatchesClusterAddress(ctx: LintContext): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const policy of ctx.policies) {
    for (const entry of policy.entries) {
      for (const peer of entry.peers ?? []) {
        if (peer.peer.kind !== 'cidr' || peer.peer.prefix.length === 0 || !isWrittenCidr(peer)) continue;
        const key = `${formatPath(peer.path)}|${peer.key}`;
        if (seen.has(`${policy.ref.kind}/${policy.ref.namespace}/${policy.ref.name}|${key}`)) continue;
        seen.add(`${policy.ref.kind}/${policy.ref.namespace}/${policy.ref.name}|${key}`);
        const { prefix, except } = peer.peer;
        // addresses Membrane allocated (the input gives none) say nothing about the cluster
        const pods = ctx.cluster.pods.filter((p) => !p.hostNetwork && !p.addressAllocated && p.ips.some((ip) => inside(prefix, except, ip)));
        const nodes = ctx.cluster.nodes.filter((n) => n.addresses.some((ip) => inside(prefix, except, ip)));
        const services = ctx.cluster.services.filter((s) => s.clusterIPs.some((ip) => inside(prefix, except, ip)));
        if (pods.length + nodes.length + services.length === 0) continue;
        const parts: string[] = [];
        const advice: string[] = [];
        const egress = entry.direction === 'egress';
        if (pods.length > 0) {
          parts.push(`pods ${listText(pods.map((p) => `${p.namespace}/${p.name} (${p.ips.map(formatIp).join(', ')})`))}`);
          advice.push(`${egress ? 'toEndpoints' : 'fromEndpoints'} for pods`);
        }
        if (nodes.length > 0) {
          parts.push(`nodes ${listText(nodes.map((n) => `${n.name} (${n.addresses.map(formatIp).join(', ')})`))}`);
          advice.push(`${egress ? 'toEntities' : 'fromEntities'}: [host, remote-node] for nodes`);
        }
        if (services.length > 0) {
          parts.push(`ClusterIPs of ${listText(services.map((s) => `${s.namespace}/${s.name} (${s.clusterIPs.map(formatIp).join(', ')})`))}`);
          advice.push('toServices for Services (with their target ports)');
        }
        const verb = entry.deny ? 'deny' : 'allow';
        const message =
          `${peer.description} covers ${parts.join(', ')}; CIDR rules never match cluster endpoints${services.length > 0 ? ' and ClusterIPs are translated to backend pods before policy' : ''}, ` +
          `so this rule does not ${verb} traffic ${egress ? 'to' : 'from'} them.`;
        let yaml: string | undefined;
        if (services.length > 0 && egress && policy.ref.kind !== 'NetworkPolicy') {
          yaml = toYaml({ toServices: services.map((s) => ({ k8sService: { serviceName: s.name, namespace: s.namespace } })) });
        } else if (pods.length > 0 && policy.ref.kind !== 'NetworkPolicy') {
          const namespaces = [...new Set(pods.map((p) => p.namespace))];
          yaml = toYaml({ [egress ? 'toEndpoints' : 'fromEndpoints']: namespaces.map((ns) => ({ matchLabels: { 'k8s:io.kubernetes.pod.namespace': ns } })) });
        }
        findings.push(ctx.finding({
          id: ID,
          policy: policy.ref,
          path: peer.path,
          message,
          fix: { description: `If these endpoints are meant, use ${listText(advice)}; keep the CIDR for addresses outside the cluster (${formatPrefix(prefix)}).`, yaml },
        }));
      }
    }
  }
  return findings;
}
