/**
 * The lint rule catalogue: every rule's id, default severity and texts, in one place. The
 * checks (rules/<id>.ts) produce the specific message of each finding; the rationale (`why`),
 * the generic fix and the documentation come from here, and so do SARIF rule descriptions,
 * `membrane lint --list-rules` and docs/lint.md.
 */

import type { LintSeverity } from './finding.js';

export interface LintRuleInfo {
  readonly id: string;
  /** the severity of its findings (some checks use another one for a milder or clearer case, as their help says) */
  readonly severity: LintSeverity;
  /** a few words: the rule's name in lists */
  readonly title: string;
  /** one sentence: what the rule reports */
  readonly summary: string;
  /** why it matters: the consequence in the cluster */
  readonly why: string;
  /** how to fix it, in general */
  readonly fix: string;
  /** longer documentation: what is checked and how, what is not (Markdown) */
  readonly help: string;
  /** Cilium docs or issues behind the rule */
  readonly references: readonly string[];
}

export const LINT_RULES: readonly LintRuleInfo[] = [
  {
    id: 'dns-blocked-by-egress',
    severity: 'warning',
    title: 'egress default deny blocks DNS',
    summary: 'Pods whose egress is default-deny cannot send DNS queries (UDP/53) to the cluster DNS server.',
    why: 'Once any egress rule selects a pod, everything it does not allow is dropped, DNS included: name resolution fails and the application fails in ways that rarely point at the policy (timeouts, "no such host").',
    fix: 'Allow egress to the DNS pods on port 53 (UDP and TCP), through the DNS proxy (rules.dns) so toFQDNs rules and Hubble see the names.',
    help:
      'For every pod identity whose egress is enforced and default-deny, the engine evaluates UDP/53 to each DNS server of the ' +
      'cluster (pods labelled `k8s-app=kube-dns` or backing the `kube-dns` Service; without such pods, an endpoint labelled ' +
      '`k8s:k8s-app=kube-dns` in `kube-system`). When no DNS server is reachable, every policy that put those pods into ' +
      'egress default deny gets a finding naming them. DNS pods themselves are not checked. The DNS server\'s own ingress ' +
      'policy is not considered.',
    references: ['https://docs.cilium.io/en/stable/security/policy/language/#dns-based', 'cilium/cilium#11767'],
  },
  {
    id: 'tofqdns-without-dns-proxy',
    severity: 'error',
    title: 'toFQDNs without a DNS rule',
    summary: 'A toFQDNs rule selects pods whose DNS lookups do not go through Cilium\'s DNS proxy (no rules.dns rule toward the DNS server).',
    why: 'toFQDNs allows only the addresses Cilium\'s DNS proxy has seen in answers. Lookups allowed at L4 only (or dropped) never reach the proxy, so the FQDN cache never learns the names and the rule allows nothing, or works only while another pod on the same node happens to resolve the same name.',
    fix: 'Add an egress rule to the DNS server on port 53 with `rules: dns:` (e.g. `matchPattern: "*"`) in a policy that selects the same pods.',
    help:
      'For every pod identity selected by an egress toFQDNs peer, the engine evaluates a DNS query for a name the peer ' +
      'matches (its matchName, or a sample name for a matchPattern) to each DNS server on UDP/53 and TCP/53, and checks ' +
      'that the query is allowed and redirected to the DNS proxy. Otherwise the finding says whether the lookup is dropped, ' +
      'allowed at L4 only or refused by the DNS rules, and names other pods on the same nodes whose lookups would teach the ' +
      'per-node cache (which makes the rule work by accident).',
    references: ['https://docs.cilium.io/en/stable/security/policy/language/#dns-based', 'cilium/cilium#44396', 'cilium/cilium#18900'],
  },
  {
    id: 'l4-allow-voids-l7',
    severity: 'warning',
    title: 'L4-only allow voids L7 rules',
    summary: 'HTTP or DNS rules filter nothing for a peer and port because another allow covers the same peer and port without L7 rules.',
    why: 'Allows add up: when one rule allows a peer on a port with L7 rules and another allows it without, Cilium adds an allow-all L7 rule (HTTP: across any port granularity, L3-only rules included; DNS: on the same port and protocol). The L7 rules then filter nothing for that peer.',
    fix: 'Remove the L4-only allow for that peer and port, narrow its peers or ports, or give it the same L7 rules.',
    help:
      'For every L7 rule set of every pod identity\'s policy, and every peer identity it applies to, the engine\'s L7 ' +
      'evaluation (the union of all allows matching the connection) is asked whether some allow without L7 rules opens ' +
      'every request. The finding names both rules. Cilium\'s own allow-localhost rule is not reported.',
    references: ['https://docs.cilium.io/en/stable/security/policy/language/#layer-7-examples', 'cilium/cilium#3509'],
  },
  {
    id: 'l7-rules-not-enforced',
    severity: 'warning',
    title: 'L7 rules only observe (no default deny)',
    summary: 'HTTP or DNS rules apply to pods whose direction is not default-deny, so Cilium adds an allow-all L7 rule and the rules only give visibility.',
    why: 'Since Cilium 1.18, when no rule selecting the endpoint enables default deny for the direction (enableDefaultDeny: false), L7 rules are made non-restrictive: every request passes, contrary to what older docs say.',
    fix: 'If the rules are meant to filter, let the policy enable default deny for that direction (remove `enableDefaultDeny: false`); if visibility is the intent, nothing to do.',
    help: 'Reported per L7 rule set whose merged policy on a pod identity carries Cilium\'s `default-allow` wildcard.',
    references: ['https://docs.cilium.io/en/stable/security/policy/intro/'],
  },
  {
    id: 'implicit-default-deny',
    severity: 'info',
    title: 'first policy puts pods into default deny',
    summary: 'A single allow rule is the only thing that puts some pods into default deny for a direction, which silently drops all their other traffic.',
    why: 'The first policy that selects a pod for a direction switches that direction to default deny: a policy written to allow one more client also blocks every other client, load balancer traffic and webhook calls.',
    fix: 'If the rule is meant to add an allow and not to lock the pods down, set `enableDefaultDeny` to false for that direction.',
    help:
      'Considered for CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy rules that do not write enableDefaultDeny, when ' +
      'for some pod identity the policy is the only one that makes the direction default-deny and it has exactly one allow ' +
      'rule for it (and no deny rule). A warning when the input shows traffic this breaks: another policy explicitly allows ' +
      'the other side of a flow that is now dropped (a client\'s egress toward these pods, a server\'s ingress from them), ' +
      'the pods back a LoadBalancer or NodePort Service whose traffic from world is dropped, or the rule only allows DNS (a ' +
      'DNS visibility policy that blocks all other egress). Otherwise informational, and only for narrow rules (peers named ' +
      'by endpoint labels). Explicit default-deny policies (`ingress: [{}]`) and NetworkPolicies (which always isolate) are ' +
      'not reported; egress that loses DNS is reported by dns-blocked-by-egress instead.',
    references: ['https://docs.cilium.io/en/stable/security/policy/language/#enabledefaultdeny', 'cilium/cilium#37317'],
  },
  {
    id: 'selector-matches-nothing',
    severity: 'warning',
    title: 'selector matches nothing',
    summary: 'A subject or peer selector matches no pod, or a namespace selector no namespace, of the given cluster.',
    why: 'A subject selector that matches nothing makes the policy a no-op; a peer selector that matches nothing makes its rule allow (or deny) nothing. Frequent causes: a typo in a label, or a CiliumNetworkPolicy peer without namespace, which only selects pods of the policy\'s own namespace.',
    fix: 'Fix the labels; for a peer in another namespace add `k8s:io.kubernetes.pod.namespace: <namespace>` to the selector.',
    help:
      'Needs cluster objects (pods, namespaces) in the input: without pods the rule is silent. Subjects are matched against ' +
      'pod identities, peers after namespace and cluster injection against every identity. When pods with the same labels ' +
      'exist in other namespaces the finding says so. Selectors that use labels Cilium drops from identities are reported ' +
      'by excluded-label-selector instead.',
    references: ['https://docs.cilium.io/en/stable/security/policy/kubernetes/#namespaces'],
  },
  {
    id: 'excluded-label-selector',
    severity: 'error',
    title: 'selector on a label excluded from identities',
    summary: 'A selector uses a label key that Cilium leaves out of security identities (pod-template-hash, statefulset.kubernetes.io/pod-name, ...).',
    why: 'Cilium builds identities from a filtered label set; a requirement on a dropped label can never match (In, Exists) or always matches (NotIn, DoesNotExist). The policy then selects nothing, or more than intended, without any error.',
    fix: 'Select on labels that are part of identities: the workload\'s own labels (app, app.kubernetes.io/name, ...).',
    help: 'Checks subject and peer selectors against Cilium\'s default identity label filter (pkg/labelsfilter). Custom agent label filters (--labels) are not known to Membrane.',
    references: ['https://docs.cilium.io/en/stable/operations/performance/scalability/identity-relevant-labels/'],
  },
  {
    id: 'toservices-service-port',
    severity: 'warning',
    title: 'toServices with the Service port',
    summary: 'A toServices rule lists a port that is not a target port of the Service (often the Service port itself).',
    why: 'Policy sees traffic after service translation: the destination is the backend pod and the port is the target port. A rule that lists the Service port (80 when the target port is 8080) does not allow the service traffic.',
    fix: 'List the target port (containerPort) of the Service, or its name.',
    help: 'Needs the Service in the input. Named target ports are resolved on the Service\'s backend pods.',
    references: ['https://docs.cilium.io/en/stable/security/policy/language/#services-based', 'cilium/cilium#25796'],
  },
  {
    id: 'cidr-matches-cluster-address',
    severity: 'warning',
    title: 'CIDR rule covers cluster addresses',
    summary: 'A CIDR peer contains pod, node or Service ClusterIP addresses of the cluster, which CIDR rules never match.',
    why: 'Pods, nodes and the host have their own identities and CIDR selectors only match addresses outside the cluster; ClusterIPs are translated to backend pods before policy. The rule does not allow (or deny) traffic to those addresses, whatever the CIDR says.',
    fix: 'Use toEndpoints / fromEndpoints for pods, toServices for Services, and toEntities / fromEntities (host, remote-node) for nodes.',
    help: 'Checks every CIDR, CIDRSet and ipBlock peer (except /0) against the pod IPs, node addresses and ClusterIPs in the input, minus the excepts.',
    references: ['https://docs.cilium.io/en/stable/security/policy/language/#ip-cidr-based', 'cilium/cilium#20914'],
  },
  {
    id: 'shadowed-rule',
    severity: 'info',
    title: 'rule shadowed by another rule',
    summary: 'Every peer and port an allow rule allows is also allowed by other rules, for every pod it applies to.',
    why: 'A rule that changes nothing is dead weight and often hides a mistake: it was meant to be narrower, or the broader rule was meant to be removed. Deleting it changes no verdict.',
    fix: 'Remove the rule, or narrow the broader rule if it was not meant to cover this traffic.',
    help:
      'Computed on the resolved policy maps of every pod identity the rule applies to: each (peer identity, protocol, port ' +
      'range) the rule allows must be covered by allows of other rules without L7 rules (Cilium\'s allow-localhost counts). ' +
      'Rules with L7 rules, rules that select nothing and rules of pods without default deny are not reported. Of two ' +
      'identical rules the later one is reported.',
    references: [],
  },
  {
    id: 'allow-overridden-by-deny',
    severity: 'warning',
    title: 'allow made dead by a deny',
    summary: 'Everything an allow rule allows is denied by deny rules, for every pod it applies to.',
    why: 'Deny rules win over every allow, whatever their specificity: the allow never takes effect. Either the allow is obsolete or the deny is broader than intended.',
    fix: 'Remove the allow, or narrow the deny (an `except` in a CIDR deny, fewer ports, a narrower selector).',
    help: 'Computed per pod identity on the resolved map: each (peer identity, protocol, port range) of the allow must be covered by deny entries.',
    references: ['https://docs.cilium.io/en/stable/security/policy/language/#deny-policies'],
  },
  {
    id: 'knp-cnp-overlap',
    severity: 'warning',
    title: 'NetworkPolicy and Cilium policy on the same pods',
    summary: 'Pods selected by both a NetworkPolicy and a Cilium policy in one direction get a combined effect that surprises.',
    why: 'Cilium enforces both kinds together: allows of all policies add up (a NetworkPolicy cannot restrict what a CiliumNetworkPolicy allows), Cilium deny rules override NetworkPolicy allows, and a NetworkPolicy puts the pods into default deny even when the Cilium policy says enableDefaultDeny: false.',
    fix: 'Keep one kind of policy per workload and direction, or make the combination explicit: put restrictions in Cilium deny rules.',
    help:
      'Reported per NetworkPolicy, Cilium policy and direction when: the NetworkPolicy is written for these pods (not ' +
      '`podSelector: {}`), allows specific peers, and the Cilium policy allows more (a warning for a CiliumNetworkPolicy, ' +
      'info for a clusterwide baseline); Cilium deny rules remove part of what the NetworkPolicy allows (warning); or the ' +
      'Cilium policy has L7 rules under enableDefaultDeny: false, which the NetworkPolicy\'s default deny turns into filters ' +
      '(warning). A namespace-wide NetworkPolicy next to Cilium allows is the usual way to combine them and is not reported.',
    references: ['https://docs.cilium.io/en/stable/security/policy/kubernetes/'],
  },
  {
    id: 'host-probes-denied',
    severity: 'error',
    title: 'kubelet probes denied',
    summary: 'A deny rule covers the local host (reserved:host), from which kubelet probes come.',
    why: 'Kubelet liveness, readiness and startup probes come from the node\'s own identity (host). Cilium always allows them into default-deny pods, except when a deny rule covers the host: then probes fail and pods are restarted or never become ready.',
    fix: 'Exclude the host from the deny (deny narrower entities or CIDRs than `all` / `cluster`, or ports other than the probe ports).',
    help:
      'For every pod identity, ingress deny entries that match reserved:host are reported. When the input has the pods\' ' +
      'probes (httpGet, tcpSocket, grpc), the probe ports are evaluated and a denied probe is an error; otherwise the ' +
      'finding is a warning.',
    references: ['https://docs.cilium.io/en/stable/security/policy/language/#host-policies', 'cilium/cilium#48444'],
  },
  {
    id: 'policy-rejected',
    severity: 'error',
    title: 'policy rejected',
    summary: 'Cilium (or the API server) rejects the policy: it contributes nothing.',
    why: 'A rejected policy is not enforced at all, often silently (the error appears only in the agent log or the policy status).',
    fix: 'Fix the error; `membrane validate` shows every problem of the policy.',
    help: 'One finding per error of the validation `membrane validate` performs.',
    references: ['cilium/cilium#23152'],
  },
  {
    id: 'envoy-rejects-policy',
    severity: 'error',
    title: 'Envoy rejects the endpoint\'s policy',
    summary: 'Cilium accepts the policy, but Envoy refuses the network policy of endpoints it applies to (an endPort below port, an HTTP regex RE2 refuses).',
    why: 'Cilium sends Envoy every TCP port rule of an endpoint that has HTTP rules, with or without L7 rules, endPort as written, and the HTTP regexes. Envoy rejects the whole update when an end port is below its port or a regex is over its RE2 program-size limit: it then has no policy for the endpoint and refuses every connection redirected to it, in both directions. Nothing fails in kubectl or in the policy status; the agent only logs the NACK.',
    fix: 'Set endPort to at least port (or remove it); simplify or split the regex.',
    help:
      'For every pod identity with an Envoy redirect (HTTP rules on some port, ingress or egress), the engine builds what ' +
      'Cilium sends Envoy (pkg/envoy/xds_server.go): every TCP/ANY port filter of both enforced directions whose rules select ' +
      'some identity, named ports resolved, with the HTTP rules; a reversed range or an HTTP regex Envoy refuses is reported ' +
      'with the pods it breaks. RE2 program sizes are RE2 C++\'s own count (as Envoy computes it, checked against RE2 C++ ' +
      'on thousands of regexes); a regex with a Unicode class (\\p{...}), whose size is not computed, is reported as one ' +
      'Envoy may refuse. `membrane validate` warns about the ' +
      'same fields without the cluster; `membrane trace` explains the refused connections.',
    references: ['cilium/cilium#41314', 'https://github.com/cilium/proxy/blob/main/cilium/network_policy.cc'],
  },
];

const BY_ID = new Map(LINT_RULES.map((r) => [r.id, r]));

export function lintRule(id: string): LintRuleInfo {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`unknown lint rule ${id}`);
  return rule;
}

export function isLintRuleId(id: string): boolean {
  return BY_ID.has(id);
}
