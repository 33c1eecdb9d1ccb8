/**
 * CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy as users write them (Cilium 1.20's
 * pkg/policy/api). The schema check runs first, so values have these shapes when read.
 */

export interface LabelSelectorRequirementSpec {
  key: string;
  operator: string;
  values?: string[];
}

export interface EndpointSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirementSpec[];
}

export interface PortProtocolSpec {
  port?: string;
  endPort?: number;
  protocol?: string;
}

export interface HttpHeaderMatchSpec {
  name: string;
  value?: string;
  secret?: { namespace?: string; name: string };
  mismatch?: string;
}

export interface PortRuleHttpSpec {
  method?: string;
  path?: string;
  host?: string;
  headers?: string[];
  headerMatches?: HttpHeaderMatchSpec[];
}

export interface FqdnSelectorSpec {
  matchName?: string;
  matchPattern?: string;
}

export interface L7RulesSpec {
  http?: PortRuleHttpSpec[];
  dns?: FqdnSelectorSpec[];
}

export interface PortRuleSpec {
  ports?: PortProtocolSpec[];
  rules?: L7RulesSpec;
  serverNames?: string[];
  terminatingTLS?: unknown;
  originatingTLS?: unknown;
  listener?: { envoyConfig?: { kind?: string; name?: string }; name?: string; priority?: number };
}

export interface PortDenyRuleSpec {
  ports?: PortProtocolSpec[];
}

export interface IcmpFieldSpec {
  family?: string;
  type: number | string;
}

export interface IcmpRuleSpec {
  fields?: IcmpFieldSpec[];
}

export interface CidrRuleSpec {
  cidr?: string;
  cidrGroupRef?: string;
  cidrGroupSelector?: EndpointSelectorSpec;
  except?: string[];
}

export interface ServiceSelectorSpec {
  k8sService?: { serviceName?: string; namespace?: string };
  k8sServiceSelector?: { selector: EndpointSelectorSpec; namespace?: string };
}

/** Fields shared by allow and deny rules of one direction (the L3 peers and the L4 part). */
export interface DirectionRuleSpec {
  fromEndpoints?: EndpointSelectorSpec[];
  fromCIDR?: string[];
  fromCIDRSet?: CidrRuleSpec[];
  fromEntities?: string[];
  fromGroups?: unknown[];
  fromNodes?: EndpointSelectorSpec[];
  fromRequires?: unknown[];
  toEndpoints?: EndpointSelectorSpec[];
  toCIDR?: string[];
  toCIDRSet?: CidrRuleSpec[];
  toEntities?: string[];
  toGroups?: unknown[];
  toNodes?: EndpointSelectorSpec[];
  toRequires?: unknown[];
  toServices?: ServiceSelectorSpec[];
  toFQDNs?: FqdnSelectorSpec[];
  toPorts?: PortRuleSpec[];
  icmps?: IcmpRuleSpec[];
  authentication?: { mode?: string };
}

export interface RuleSpec {
  endpointSelector?: EndpointSelectorSpec;
  nodeSelector?: EndpointSelectorSpec;
  ingress?: DirectionRuleSpec[];
  ingressDeny?: DirectionRuleSpec[];
  egress?: DirectionRuleSpec[];
  egressDeny?: DirectionRuleSpec[];
  labels?: unknown[];
  enableDefaultDeny?: { ingress?: boolean; egress?: boolean };
  description?: string;
  log?: { value?: string };
}

export type RuleSection = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';

export const RULE_SECTIONS: readonly RuleSection[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

export const ENTITIES = [
  'all', 'world', 'world-ipv4', 'world-ipv6', 'cluster', 'host', 'init', 'ingress', 'unmanaged',
  'remote-node', 'health', 'none', 'kube-apiserver',
] as const;

export type Entity = (typeof ENTITIES)[number];
