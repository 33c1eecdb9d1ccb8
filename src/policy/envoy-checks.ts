/**
 * What the agent accepts but Envoy refuses, found in a policy alone (validate's warnings).
 * Cilium sends Envoy every TCP/ANY port of an endpoint's policy with its endPort as written
 * (pkg/envoy/xds_server.go GetDirectionNetworkPolicy, portKey{port, l4.EndPort}) and the HTTP
 * rules as Envoy matchers; an end port below the port, or a regex RE2 refuses, makes Envoy
 * NACK the endpoint's whole network policy (cilium/proxy cilium/network_policy.cc). Whether a
 * given endpoint is affected depends on the cluster (it needs an Envoy redirect, and the rule
 * must select some peer): the engine decides that per endpoint (engine/envoy.ts).
 */

import type { PathSegment } from '../cluster/index.js';
import { PROTO_ANY, PROTO_TCP } from '../net/index.js';
import type { PolicyEntry } from './entry.js';

export interface EnvoyCheckIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
  readonly hint: string;
}

const CONSEQUENCE = 'Envoy rejects the network policy of every endpoint this rule applies to that has an Envoy redirect (HTTP rules, a listener, TLS interception), and then refuses all of its connections redirected to Envoy, in both directions';

export function envoyCheckIssues(entries: readonly PolicyEntry[]): EnvoyCheckIssue[] {
  const out: EnvoyCheckIssue[] = [];
  for (const entry of entries) {
    for (const portRule of entry.portRules ?? []) {
      for (const port of portRule.ports) {
        if (port.protocol !== PROTO_TCP && port.protocol !== PROTO_ANY) continue;
        if (port.name !== undefined || port.port === undefined || port.port === 0) continue;
        if (port.endPort === undefined || port.endPort === 0 || port.endPort >= port.port) continue;
        out.push({
          path: [...port.path, 'endPort'],
          message: `endPort ${port.endPort} < port ${port.port}: Cilium accepts it as the single port ${port.port}, but sends the range as written to Envoy, which refuses it: ${CONSEQUENCE}`,
          hint: `set endPort to at least ${port.port}, or remove it for a single port`,
        });
      }
      if (portRule.l7?.kind !== 'http') continue;
      for (const rule of portRule.l7.rules) {
        for (const issue of rule.rule.issues) {
          if (issue.source !== 'envoy') continue;
          out.push({
            path: [...rule.path, ...issue.path],
            message: `${issue.message.replace(/ and then rejects the endpoint's network policy$/, '')}: ${CONSEQUENCE}`,
            hint: 'simplify the regex (fewer alternatives, smaller repetition counts) or split it over several rules',
          });
        }
      }
    }
  }
  return out;
}
