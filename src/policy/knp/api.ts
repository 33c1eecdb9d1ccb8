/** networking.k8s.io/v1 NetworkPolicy as users write it. */

import type { EndpointSelectorSpec } from '../cilium/api.js';

export interface IpBlockSpec {
  cidr: string;
  except?: string[];
}

export interface NetworkPolicyPeerSpec {
  podSelector?: EndpointSelectorSpec;
  namespaceSelector?: EndpointSelectorSpec;
  ipBlock?: IpBlockSpec;
}

export interface NetworkPolicyPortSpec {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyIngressRuleSpec {
  from?: NetworkPolicyPeerSpec[];
  ports?: NetworkPolicyPortSpec[];
}

export interface NetworkPolicyEgressRuleSpec {
  to?: NetworkPolicyPeerSpec[];
  ports?: NetworkPolicyPortSpec[];
}

export interface NetworkPolicySpec {
  podSelector?: EndpointSelectorSpec;
  policyTypes?: string[];
  ingress?: NetworkPolicyIngressRuleSpec[];
  egress?: NetworkPolicyEgressRuleSpec[];
}
