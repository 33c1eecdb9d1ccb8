/**
 * L4Filter: the policy at one port/protocol of one direction of an identity, holding one
 * PerSelectorPolicy per peer selector (pkg/policy/l4.go). Rules that select the same
 * identity, port and peer merge here exactly as Cilium merges them: deny wins, L7 rule lists
 * are unioned, and an allow without L7 rules next to one with L7 rules adds a wildcard L7
 * rule (everything is allowed, but still through the proxy).
 */

import type { AuthMode, DnsRuleRef, HttpRuleRef, PeerRef, PolicyEntry, PortRuleEntry, PortSpec } from '../policy/entry.js';

/** Why an allow or deny exists: a rule of a policy, or a rule Cilium adds by itself. */
export type Contribution =
  | {
      readonly kind: 'rule';
      readonly entry: PolicyEntry;
      readonly peer: PeerRef;
      readonly portRule?: PortRuleEntry | undefined;
      readonly port?: PortSpec | undefined;
    }
  /** ingress from the local host is always allowed for default-deny endpoints (kubelet probes) */
  | { readonly kind: 'allow-localhost' }
  /** policies select the endpoint but none enables default deny for this direction */
  | { readonly kind: 'allow-any' };

export interface MergedL7 {
  readonly kind: 'http' | 'dns';
  readonly http: HttpRuleRef[];
  readonly dns: DnsRuleRef[];
  /** a wildcard L7 rule was added, so every request passes (with the reason) */
  allowAll?: 'l4-only-allow' | 'default-allow' | undefined;
}

export interface PerSelectorPolicy {
  readonly peer: PeerRef;
  deny: boolean;
  /** undefined: an allow without L7 rules, traffic is not redirected to a proxy */
  l7: MergedL7 | undefined;
  /** allows: the authentication a rule requires for this peer and port (explicit), if any */
  auth: AuthMode | undefined;
  readonly contributions: Contribution[];
}

export interface L4Filter {
  readonly key: string;
  /** IP protocol number; 0 = every protocol (a rule without ports) */
  readonly protocol: number;
  /** first port (0 = every port); unused when portName is set */
  readonly port: number;
  /** last port of a range (equal to port for a single port) */
  readonly endPort: number;
  /** a named port, resolved per endpoint (ingress) or per destination (egress) */
  readonly portName?: string | undefined;
  /** the endPort written next to a named port */
  readonly namedEndPort?: number | undefined;
  /**
   * an endPort written below a numeric port: the datapath opens the single port, but the
   * filter keeps it and Cilium sends it to Envoy as is (pkg/policy/l4.go createL4Filter)
   */
  readonly endPortBelowPort?: number | undefined;
  readonly perSelector: Map<string, PerSelectorPolicy>;
}

export function filterKey(protocol: number, port: number, endPort: number, portName?: string, endPortBelowPort?: number): string {
  if (portName !== undefined) return `${protocol}/${portName}`;
  // Cilium keys filters by (port, endPort, protocol): an endPort below port is a filter of its own
  return endPortBelowPort !== undefined ? `${protocol}/${port}-${endPort}/end${endPortBelowPort}` : `${protocol}/${port}-${endPort}`;
}

/** Merges one contribution into a filter; returns a merge conflict message, if any. */
export function mergeIntoFilter(
  filter: L4Filter,
  peer: PeerRef,
  deny: boolean,
  l7: PortRuleEntry['l7'],
  contribution: Contribution,
): string | undefined {
  const existing = filter.perSelector.get(peer.key);
  const auth = !deny && contribution.kind === 'rule' ? contribution.entry.auth : undefined;
  if (!existing) {
    filter.perSelector.set(peer.key, {
      peer,
      deny,
      l7: !deny && l7 ? { kind: l7.kind, http: l7.kind === 'http' ? [...l7.rules] : [], dns: l7.kind === 'dns' ? [...l7.rules] : [] } : undefined,
      auth,
      contributions: [contribution],
    });
    return undefined;
  }
  if (existing.deny) {
    if (deny) existing.contributions.push(contribution);
    return undefined;
  }
  if (deny) {
    existing.deny = true;
    existing.l7 = undefined;
    existing.auth = undefined;
    existing.contributions.length = 0;
    existing.contributions.push(contribution);
    return undefined;
  }
  existing.contributions.push(contribution);
  // pkg/policy/l4.go mergePortProto: two different explicit authentication modes cannot merge
  if (auth !== undefined) {
    if (existing.auth !== undefined && existing.auth !== auth) return `cannot merge conflicting authentication types (${existing.auth}/${auth})`;
    existing.auth = auth;
  }
  if (!l7) {
    if (existing.l7) existing.l7.allowAll = 'l4-only-allow';
    return undefined;
  }
  if (!existing.l7) {
    // the earlier allows of this peer and port had no L7 rules: the wildcard keeps them open
    existing.l7 = { kind: l7.kind, http: [], dns: [], allowAll: 'l4-only-allow' };
  } else if (existing.l7.kind !== l7.kind) {
    return `cannot merge conflicting L7 parsers (${existing.l7.kind}/${l7.kind})`;
  }
  if (l7.kind === 'http') for (const x of l7.rules) existing.l7.http.push(x);
  else for (const x of l7.rules) existing.l7.dns.push(x);
  return undefined;
}
