/**
 * The resolved form of a policy rule, one per ingress/egress/deny rule of a policy, as
 * Cilium's `PolicyEntry` (pkg/policy/types/policyentry.go): a subject, a verdict, the peers
 * (L3) and the ports (L4) with their L7 rules. Every part keeps the path of the field it came
 * from, so verdicts can name the exact rule, peer and port.
 */

import type { LabelSelector, PathSegment, SourceDocument } from '../cluster/index.js';
import type { Prefix } from '../net/index.js';
import type { CompiledHttpRule, DnsNameMatcher } from './l7/index.js';

export type Direction = 'ingress' | 'egress';
export type PolicyKind = 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy' | 'NetworkPolicy';

export interface PolicyRef {
  readonly kind: PolicyKind;
  readonly namespace?: string | undefined;
  readonly name: string;
  readonly source?: SourceDocument | undefined;
}

export function formatPolicyRef(ref: Pick<PolicyRef, 'kind' | 'namespace' | 'name'>): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/** Where a rule sits: `spec.egress[2]`, `specs[1].ingressDeny[0]`, `spec.ingress[0]` of a KNP. */
export interface RuleOrigin {
  readonly policy: PolicyRef;
  /** index into the policy's rule list ([spec] ++ specs for Cilium policies) */
  readonly ruleListIndex: number;
  /** path of the rule list element (`['spec']` or `['specs', 1]`) */
  readonly rulePath: readonly PathSegment[];
  readonly section: string;
  readonly index: number;
  /** full path of this rule */
  readonly path: readonly PathSegment[];
}

/** A peer: whom a rule allows or denies, compiled for matching identities. */
export type Peer =
  | { readonly kind: 'selector'; readonly selector: LabelSelector }
  | { readonly kind: 'cidr'; readonly prefix: Prefix; readonly except: readonly Prefix[] }
  | { readonly kind: 'fqdn'; readonly text: string; readonly matcher: DnsNameMatcher }
  | { readonly kind: 'wildcard' }
  /** a peer Membrane cannot resolve (for example an AWS group): selects nothing, reported */
  | { readonly kind: 'unresolved'; readonly reason: string };

export interface PeerRef {
  readonly peer: Peer;
  /** canonical text; equal peers have equal keys (Cilium's cached selector identity) */
  readonly key: string;
  /** the field the peer came from, e.g. `['spec','ingress',0,'fromEndpoints',1]` */
  readonly path: readonly PathSegment[];
  /** how the user wrote it: `fromEntities: world`, `toEndpoints: {app: db}` */
  readonly description: string;
}

export interface PortSpec {
  /** protocol number; 0 = ANY (TCP, UDP, SCTP) */
  readonly protocol: number;
  /** numeric port (0 = every port) or, when `name` is set, undefined */
  readonly port?: number | undefined;
  /** named port, lower-cased */
  readonly name?: string | undefined;
  /** inclusive end of a range; ignored when not above port */
  readonly endPort?: number | undefined;
  readonly path: readonly PathSegment[];
}

export interface HttpRuleRef {
  readonly rule: CompiledHttpRule;
  readonly text: string;
  readonly path: readonly PathSegment[];
}

export interface DnsRuleRef {
  readonly matcher: DnsNameMatcher;
  readonly text: string;
  readonly path: readonly PathSegment[];
}

export type L7Rules =
  | { readonly kind: 'http'; readonly rules: readonly HttpRuleRef[] }
  | { readonly kind: 'dns'; readonly rules: readonly DnsRuleRef[] };

export interface PortRuleEntry {
  /** an empty list (a port rule without ports) produces no filter at all */
  readonly ports: readonly PortSpec[];
  readonly l7?: L7Rules | undefined;
  /**
   * the port is redirected to Envoy for something Membrane treats as an L4 allow (a
   * CiliumEnvoyConfig listener, TLS interception without HTTP rules): only matters when Envoy
   * rejects the endpoint's policy
   */
  readonly envoyWithoutL7?: boolean | undefined;
  readonly path: readonly PathSegment[];
}

/**
 * `authentication.mode` of an allow rule (pkg/policy/api/rule.go Authentication): `required`
 * needs SPIFFE mutual authentication of the peer, `test-always-fail` always fails it,
 * `disabled` explicitly opts out (and so stops the requirement of a broader allow applying).
 */
export type AuthMode = 'disabled' | 'required' | 'test-always-fail';

export interface PolicyEntry {
  readonly origin: RuleOrigin;
  /** the endpoints the rule applies to (namespace already injected for namespaced policies) */
  readonly subject: LabelSelector;
  readonly direction: Direction;
  readonly deny: boolean;
  /** whether this rule puts its subjects into default deny for its direction */
  readonly defaultDeny: boolean;
  /** undefined: the rule names no peer field (all peers when it has ports); [] selects nothing */
  readonly peers: readonly PeerRef[] | undefined;
  /** undefined: no port restriction (every port and protocol) */
  readonly portRules: readonly PortRuleEntry[] | undefined;
  /** allow rules: the authentication the rule requires, when it sets one */
  readonly auth?: AuthMode | undefined;
}

/** A policy after validation: its entries, or why it was rejected. */
export interface ParsedPolicy {
  readonly ref: PolicyRef;
  readonly entries: readonly PolicyEntry[];
}
