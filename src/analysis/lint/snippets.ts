/** YAML snippets for suggested fixes, written as they would appear in the policy. */

import { stringify } from 'yaml';
import type { PolicyKind } from '../../policy/entry.js';
import type { DnsServer } from './context.js';

export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** An egress rule that lets pods query the DNS servers through the DNS proxy. */
export function dnsEgressRule(kind: PolicyKind, servers: readonly DnsServer[], dnsRules: readonly Record<string, string>[] = [{ matchPattern: '*' }]): string {
  const server = servers[0];
  const namespace = server?.namespace ?? 'kube-system';
  const labels = server?.matchLabels ?? { 'k8s-app': 'kube-dns' };
  if (kind === 'NetworkPolicy') {
    return toYaml({
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, podSelector: { matchLabels: labels } }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    });
  }
  const matchLabels: Record<string, string> = { 'k8s:io.kubernetes.pod.namespace': namespace };
  for (const [k, v] of Object.entries(labels)) matchLabels[`k8s:${k}`] = v;
  return toYaml({
    egress: [{
      toEndpoints: [{ matchLabels }],
      toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: dnsRules } }],
    }],
  });
}
