/**
 * What the engine answers for a flow: the verdict of each enforcing side and why, as data.
 * Rendering into words happens in explain/.
 */

import type { Identity, NodeInfo, PodInfo, ReservedName } from '../cluster/index.js';
import type { FlowProtocol, IpAddress } from '../net/index.js';
import type { Direction, DnsRuleRef, HttpRuleRef, PolicyEntry } from '../policy/entry.js';
import type { HttpRequest } from '../policy/l7/index.js';
import type { FlowAuth } from './auth.js';
import type { EnvoyRejection } from './envoy.js';
import type { Row } from './map-state.js';

export type Verdict = 'allow' | 'deny';

/** One end of a flow as written by the user. */
export type FlowEndpoint =
  | { readonly kind: 'pod'; readonly pod: PodInfo }
  | { readonly kind: 'node'; readonly node: NodeInfo }
  | { readonly kind: 'ip'; readonly ip: IpAddress }
  | { readonly kind: 'entity'; readonly entity: ReservedName }
  /** an identity known only by its labels (replayed flows of endpoints not in the input) */
  | { readonly kind: 'identity'; readonly identity: Identity; readonly node?: string | undefined };

export interface FlowSpec {
  readonly from: FlowEndpoint;
  readonly to: FlowEndpoint;
  readonly protocol: FlowProtocol;
  /** destination port; the ICMP type for ICMP */
  readonly port: number;
  readonly http?: HttpRequest | undefined;
  readonly dns?: { readonly query: string } | undefined;
}

export type L4Reason =
  /** no rule selects the endpoint for this direction: Cilium allows everything */
  | 'no-policy'
  /** an allow rule (or one Cilium adds) matched */
  | 'allowed'
  /** a deny rule matched; deny wins over every allow */
  | 'denied'
  /** the direction is default-deny and no allow rule matched */
  | 'default-deny'
  /** Cilium cannot compute this endpoint's policy (merge conflict): traffic is not allowed */
  | 'unmodelled'
  /** an allow matched, but its entry requires authentication that does not happen (see `auth`) */
  | 'auth-required'
  /** the connection is redirected to Envoy, which rejected the endpoint's network policy (see `envoy`) */
  | 'envoy-rejected';

export interface L4Verdict {
  readonly verdict: Verdict;
  readonly reason: L4Reason;
  readonly defaultDeny: boolean;
  /** the rules that select the subject in this direction */
  readonly selecting: readonly PolicyEntry[];
  /** the rows that decided: deny rows when denied, allow rows when allowed */
  readonly deciding: readonly Row[];
  readonly conflicts?: readonly string[] | undefined;
  /**
   * default deny only: allows that nearly applied — the peer is allowed on other ports, or
   * this port is allowed for other peers (at most a few, for "why not")
   */
  readonly nearMisses?: readonly NearMiss[] | undefined;
  /** the authentication the matching entry requires, when it requires one */
  readonly auth?: FlowAuth | undefined;
  /** whether the agents run mutual authentication (the setting the verdict assumed) */
  readonly mutualAuth?: boolean | undefined;
  /** envoy-rejected: why Envoy refused the endpoint's network policy */
  readonly envoy?: readonly EnvoyRejection[] | undefined;
}

export interface NearMiss {
  /** `port`: the peer is allowed, but not on this port; `peer`: the port is allowed, but not for this peer */
  readonly missing: 'port' | 'peer';
  readonly row: Row;
}

export interface L7Attempt<R> {
  readonly rule: R;
  readonly row: Row;
  /** why the rule did not match (computed when read) */
  readonly mismatches: readonly string[];
}

export type L7Reason =
  /** no L7 rule applies to this peer and port: the proxy is not involved */
  | 'not-proxied'
  /** an allow without L7 rules (or Cilium's wildcard L7 rule) covers this peer and port */
  | 'allow-all'
  | 'rule-matched'
  | 'no-rule-matched'
  /** the port is redirected to the proxy of the other L7 protocol, which cannot parse the request */
  | 'wrong-protocol';

export interface HttpVerdict {
  readonly kind: 'http';
  readonly verdict: Verdict;
  readonly reason: L7Reason;
  readonly matched?: { readonly rule: HttpRuleRef; readonly row: Row } | undefined;
  readonly openedBy?: Row | undefined;
  /** wrong-protocol: the allow whose L7 rules redirect the port to the other proxy */
  readonly redirectedBy?: Row | undefined;
  readonly tried: readonly L7Attempt<HttpRuleRef>[];
}

export interface DnsVerdict {
  readonly kind: 'dns';
  readonly verdict: Verdict;
  readonly reason: L7Reason;
  readonly query: string;
  /** the query went through the DNS proxy (and so feeds the FQDN cache when allowed) */
  readonly proxied: boolean;
  readonly matched?: { readonly rule: DnsRuleRef; readonly row: Row } | undefined;
  readonly openedBy?: Row | undefined;
  /** wrong-protocol: the allow whose L7 rules redirect the port to the other proxy */
  readonly redirectedBy?: Row | undefined;
  readonly tried: readonly L7Attempt<DnsRuleRef>[];
}

export type L7Verdict = HttpVerdict | DnsVerdict;

export interface SideVerdict {
  readonly direction: Direction;
  /** the enforcing endpoint: a pod of the input, or an identity known only by its labels */
  readonly subject: { readonly pod?: PodInfo | undefined; readonly identity: Identity; readonly name: string };
  /** the identity of the other end, as the subject's node sees it */
  readonly peer: Identity;
  readonly verdict: Verdict;
  readonly l4: L4Verdict;
  readonly l7?: L7Verdict | undefined;
}

export interface ResolvedEndpoint {
  readonly endpoint: FlowEndpoint;
  /** `pod prod/web`, `node node-1`, `ip 8.8.8.8`, `entity kube-apiserver` */
  readonly display: string;
  readonly pod?: PodInfo | undefined;
  /** the node the endpoint runs on (pods, nodes) */
  readonly node?: string | undefined;
}

export interface FlowVerdict {
  readonly verdict: Verdict;
  readonly flow: FlowSpec;
  readonly from: ResolvedEndpoint;
  readonly to: ResolvedEndpoint;
  /** the source's egress, when the source is a pod */
  readonly egress?: SideVerdict | undefined;
  /** the destination's ingress, when the destination is a pod */
  readonly ingress?: SideVerdict | undefined;
  readonly notes: readonly string[];
  /** why Membrane cannot model this flow (it is denied, never allowed): an address family the cluster does not run */
  readonly unmodelled?: string | undefined;
}
