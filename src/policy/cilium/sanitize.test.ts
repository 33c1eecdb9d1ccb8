/**
 * Cilium's agent-side validation (`Rule.Sanitize` / `Validate`, pkg/policy/api/rule_validation.go
 * and its tests rule_validation_test.go; label selectors pkg/labels/validation.go), in Cilium
 * 1.20's wording (docs: /work/shared/docs/cilium-semantics.md §4). Each row is a rule as a
 * user writes it and the error Cilium reports (a substring, or a pattern where Cilium's
 * wording depends on Go map order), or none.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { RuleSpec } from './api.js';
import { sanitizeRule, type SanitizeOptions } from './sanitize.js';

interface Row {
  readonly name: string;
  readonly rule: RuleSpec;
  /** substring (or pattern) of one error; undefined: the rule is valid */
  readonly error?: string | RegExp | undefined;
  readonly opts?: Partial<SanitizeOptions>;
  /** set when Membrane disagrees with Cilium: why, with the evidence (the row runs as todo) */
  readonly todo?: string;
}

type Json = Record<string, unknown>;

const any = { endpointSelector: {} };
const ingress = (rule: Json): RuleSpec => ({ ...any, ingress: [rule] }) as RuleSpec;
const egress = (rule: Json): RuleSpec => ({ ...any, egress: [rule] }) as RuleSpec;
const hostEgress = (rule: Json): RuleSpec => ({ nodeSelector: {}, egress: [rule] }) as RuleSpec;
const hostIngress = (rule: Json): RuleSpec => ({ nodeSelector: {}, ingress: [rule] }) as RuleSpec;
const tcp = (port: string) => ({ port, protocol: 'TCP' });
const udp = (port: string) => ({ port, protocol: 'UDP' });
const http = { http: [{ method: 'GET', path: '/' }] };
const dns = { dns: [{ matchPattern: '*' }] };
const peer = { matchLabels: { app: 'x' } };
const manyPorts = Array.from({ length: 41 }, (_, i) => tcp(String(80 + i)));
const manyIcmps = Array.from({ length: 41 }, (_, i) => ({ type: i + 1 }));
/** Cilium reports "combining A and B" in Go map iteration order. */
const combining = (a: string, b: string) => new RegExp(`combining (${a} and ${b}|${b} and ${a}) is not supported yet`);

const ROWS: readonly Row[] = [
  // --- rule level ---
  { name: 'a rule needs at least one non-empty section', rule: { ...any } as RuleSpec, error: 'rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny' },
  { name: 'an explicitly empty section does not count', rule: { ...any, ingress: [], egress: [] } as RuleSpec, error: 'rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny' },
  { name: 'a rule needs a subject selector', rule: { egress: [{}] } as RuleSpec, error: 'rule must have one of EndpointSelector or NodeSelector' },
  { name: 'endpointSelector and nodeSelector exclude each other', rule: { endpointSelector: {}, nodeSelector: {}, egress: [{}] } as RuleSpec, error: 'rule cannot have both EndpointSelector and NodeSelector' },
  { name: 'a CiliumNetworkPolicy cannot have a nodeSelector (Parse: "rule cannot have NodeSelector")', rule: { nodeSelector: {}, egress: [{}] } as RuleSpec, error: 'rule cannot have NodeSelector' },
  { name: 'a CiliumClusterwideNetworkPolicy may have a nodeSelector', rule: { nodeSelector: {}, egress: [{}] } as RuleSpec, opts: { clusterwide: true } },
  { name: 'ingress: [{}] is a valid rule (it denies all)', rule: ingress({}) },
  { name: 'a deny-only rule is valid', rule: { ...any, ingressDeny: [{ fromEntities: ['world'] }] } as RuleSpec },
  { name: 'enableDefaultDeny false is valid', rule: { ...any, enableDefaultDeny: { ingress: false }, ingress: [{ fromEndpoints: [peer] }] } as RuleSpec },

  // --- label selectors (pkg/labels/validation.go) ---
  {
    name: 'an unknown operator is refused (TestPrivilegedNodeSelector)',
    rule: { endpointSelector: { matchExpressions: [{ key: 'app', operator: 'asdfasdfasdf', values: ['x'] }] }, egress: [{}] } as RuleSpec,
    error: 'invalid label selector: matchExpressions[0].operator: Invalid value: "asdfasdfasdf": not a valid selector operator',
  },
  {
    name: 'In needs values',
    rule: { endpointSelector: { matchExpressions: [{ key: 'app', operator: 'In' }] }, egress: [{}] } as RuleSpec,
    error: "invalid label selector: matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
  },
  {
    name: 'NotIn needs values',
    rule: { endpointSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: [] }] }, egress: [{}] } as RuleSpec,
    error: "must be specified when `operator` is 'In' or 'NotIn'",
  },
  {
    name: 'Exists takes no values',
    rule: { endpointSelector: { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] }, egress: [{}] } as RuleSpec,
    error: "invalid label selector: matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
  },
  {
    name: 'DoesNotExist takes no values',
    rule: { endpointSelector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: ['x'] }] }, egress: [{}] } as RuleSpec,
    error: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
  },
  {
    name: 'peer selectors are validated too (fromEndpoints)',
    rule: ingress({ fromEndpoints: [{ matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] }] }),
    error: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
  },
  {
    name: 'peer selectors of deny rules are validated too (toEndpoints in egressDeny)',
    rule: { ...any, egressDeny: [{ toEndpoints: [{ matchExpressions: [{ key: 'app', operator: 'Bogus' }] }] }] } as RuleSpec,
    error: 'not a valid selector operator',
  },
  {
    name: 'a label source must be alphanumeric',
    rule: { endpointSelector: { matchLabels: { 'k-8s:app': 'x' } }, egress: [{}] } as RuleSpec,
    error: 'label source should be a non empty string with only alphanumeric characters',
  },
  {
    name: "a label key may contain one ':' only",
    rule: { endpointSelector: { matchLabels: { 'k8s:a:b': 'x' } }, egress: [{}] } as RuleSpec,
    // labelKeyErrMultipleSourceDelimiter, pkg/labels/validation.go IsValidCiliumLabelKey
    error: "a valid label key only support ':' character as a source separator with non empty value",
  },
  { name: 'source-qualified keys are valid', rule: { endpointSelector: { matchLabels: { 'k8s:app': 'x', 'any:tier': 'y' } }, ingress: [{ fromEndpoints: [{ matchLabels: { 'reserved:host': '' } }] }] } as RuleSpec },

  // --- L3 peers ---
  { name: 'fromEndpoints and fromCIDR cannot be combined in one rule', rule: ingress({ fromEndpoints: [peer], fromCIDR: ['10.0.0.0/8'] }), error: combining('FromEndpoints', 'FromCIDR') },
  { name: 'fromEntities and fromCIDRSet cannot be combined in one rule', rule: ingress({ fromEntities: ['world'], fromCIDRSet: [{ cidr: '10.0.0.0/8' }] }), error: combining('FromEntities', 'FromCIDRSet') },
  { name: 'toFQDNs and toEndpoints cannot be combined in one rule', rule: egress({ toFQDNs: [{ matchName: 'a.com' }], toEndpoints: [peer] }), error: combining('ToFQDNs', 'ToEndpoints') },
  { name: 'toServices and toCIDR cannot be combined in one rule', rule: egress({ toServices: [{ k8sService: { serviceName: 's' } }], toCIDR: ['10.0.0.0/8'] }), error: combining('ToServices', 'ToCIDR') },
  { name: 'an L3 field with an explicitly empty list does not count for combining', rule: ingress({ fromEndpoints: [peer], fromCIDR: [] }) },
  { name: 'toPorts may go with any L3 field, toServices included (TestToServicesSanitize)', rule: egress({ toServices: [{ k8sService: { serviceName: 's' } }], toPorts: [{ ports: [tcp('80')] }] }) },
  { name: 'an unknown entity is refused', rule: egress({ toEntities: ['everything'] }), error: 'unsupported entity: everything' },
  { name: 'world-ipv4 is an entity the agent accepts', rule: egress({ toEntities: ['world-ipv4', 'world-ipv6', 'kube-apiserver', 'none'] }) },
  { name: 'fromNodes needs the enable-node-selector-labels flag', rule: ingress({ fromNodes: [peer] }), error: 'FromNodes/ToNodes rules can only be applied when the "enable-node-selector-labels" flag is set' },
  { name: 'toNodes needs the enable-node-selector-labels flag', rule: egress({ toNodes: [peer] }), error: 'FromNodes/ToNodes rules can only be applied when the "enable-node-selector-labels" flag is set' },
  { name: 'fromNodes is valid with the flag set', rule: ingress({ fromNodes: [peer] }), opts: { enableNodeSelectorLabels: true } },

  // --- CIDR ---
  { name: 'an empty CIDR is refused', rule: egress({ toCIDR: [''] }), error: 'IP must be specified' },
  { name: 'an unparsable CIDR is refused', rule: egress({ toCIDR: ['not-a-cidr'] }), error: 'unable to parse CIDR' },
  { name: 'toCIDR accepts a bare address (api.CIDR.sanitize falls back to ParseAddr)', rule: egress({ toCIDR: ['8.8.8.8'] }) },
  { name: 'a CIDRRule needs prefix notation', rule: egress({ toCIDRSet: [{ cidr: '8.8.8.8' }] }), error: 'unable to parse CIDRRule "8.8.8.8"' },
  { name: 'a CIDRRule needs one of cidr, cidrGroupRef, cidrGroupSelector', rule: egress({ toCIDRSet: [{}] }), error: 'one of cidr, cidrGroupRef, or cidrGroupSelector is required' },
  { name: 'a CIDRRule takes only one of cidr, cidrGroupRef, cidrGroupSelector', rule: egress({ toCIDRSet: [{ cidrGroupRef: 'g', cidrGroupSelector: peer }] }), error: 'more than one of cidr, cidrGroupRef, or cidrGroupSelector may not be set' },
  { name: 'an except outside the allowed prefix is refused', rule: egress({ toCIDRSet: [{ cidr: '203.0.113.0/24', except: ['198.51.100.0/24'] }] }), error: 'allow CIDR prefix 203.0.113.0/24 does not contain exclude CIDR prefix 198.51.100.0/24' },
  { name: 'an except broader than the allowed prefix is refused (fixed 2026-03)', rule: egress({ toCIDRSet: [{ cidr: '10.0.0.0/24', except: ['10.0.0.0/16'] }] }), error: 'allow CIDR prefix 10.0.0.0/24 does not contain exclude CIDR prefix 10.0.0.0/16' },
  { name: 'an except of the other family is refused', rule: egress({ toCIDRSet: [{ cidr: '10.0.0.0/8', except: ['2001:db8::/64'] }] }), error: 'does not contain exclude CIDR prefix 2001:db8::/64' },
  { name: 'an except inside the allowed prefix is valid', rule: egress({ toCIDRSet: [{ cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.0.0.0/8'] }] }) },

  // --- ports and protocols ---
  { name: 'a port is required', rule: ingress({ toPorts: [{ ports: [{ protocol: 'TCP' }] }] }), error: 'port must be specified' },
  { name: 'an unparsable port is refused with strconv text', rule: ingress({ toPorts: [{ ports: [tcp('08')] }] }), error: 'unable to parse port: strconv.ParseUint: parsing "08": invalid syntax' },
  { name: 'a range written as one port string is refused', rule: ingress({ toPorts: [{ ports: [tcp('6581-6586')] }] }), error: 'unable to parse port: strconv.ParseUint: parsing "6581-6586": invalid syntax' },
  { name: 'a port above 65535 is refused', rule: ingress({ toPorts: [{ ports: [tcp('70000')] }] }), error: 'value out of range' },
  { name: 'at most 40 ports per port rule', rule: ingress({ toPorts: [{ ports: manyPorts }] }), error: 'too many ports, the max is 40' },
  { name: 'ICMP is not a toPorts protocol', rule: ingress({ toPorts: [{ ports: [{ port: '8', protocol: 'ICMP' }] }] }), error: 'invalid protocol "ICMP"' },
  { name: 'protocols are parsed case-insensitively by the agent', rule: ingress({ toPorts: [{ ports: [{ port: '80', protocol: 'tcp' }, { port: '53', protocol: 'Udp' }] }] }) },
  { name: 'a named port, a port range and port 0 are valid without L7 rules', rule: ingress({ toPorts: [{ ports: [tcp('http'), { port: '8000', endPort: 8100, protocol: 'TCP' }, { port: '0' }] }] }) },
  { name: 'a port rule without ports is valid', rule: ingress({ toPorts: [{}] }) },

  // --- L7 ---
  { name: 'HTTP on TCP is valid', rule: ingress({ toPorts: [{ ports: [tcp('80')], rules: http }] }) },
  { name: 'HTTP on UDP is refused', rule: ingress({ toPorts: [{ ports: [udp('80')], rules: http }] }), error: 'L7 rules can only apply to TCP (not UDP) except for DNS rules' },
  { name: 'HTTP without a protocol (ANY) is refused', rule: ingress({ toPorts: [{ ports: [{ port: '80' }], rules: http }] }), error: 'L7 rules can only apply to TCP (not ANY) except for DNS rules' },
  { name: 'HTTP on protocol ANY is refused', rule: ingress({ toPorts: [{ ports: [{ port: '80', protocol: 'ANY' }], rules: http }] }), error: 'L7 rules can only apply to TCP (not ANY) except for DNS rules' },
  { name: 'HTTP refuses a UDP port listed after a TCP one', rule: ingress({ toPorts: [{ ports: [tcp('80'), udp('12345')], rules: http }] }), error: 'L7 rules can only apply to TCP (not UDP) except for DNS rules' },
  { name: 'L7 rules on port 0 are refused', rule: ingress({ toPorts: [{ ports: [tcp('0')], rules: http }] }), error: 'L7 rules can not be used when a port is 0' },
  { name: 'an HTTP path must compile as RE2', rule: ingress({ toPorts: [{ ports: [tcp('80')], rules: { http: [{ path: '/api/(' }] } }] }), error: 'error parsing regexp: missing closing ): `/api/(`' },
  { name: 'an HTTP path "*" is not a regexp (TestHTTPRuleRegexes)', rule: ingress({ toPorts: [{ ports: [tcp('80')], rules: { http: [{ path: '*' }] } }] }), error: 'error parsing regexp: missing argument to repetition operator: `*`' },
  { name: 'an HTTP method must compile as RE2', rule: ingress({ toPorts: [{ ports: [tcp('80')], rules: { http: [{ method: '*' }] } }] }), error: 'error parsing regexp' },
  { name: 'a headerMatch needs a name', rule: ingress({ toPorts: [{ ports: [tcp('80')], rules: { http: [{ headerMatches: [{ name: '', value: 'x' }] }] } }] }), error: 'Header name missing' },
  { name: 'a headerMatch mismatch action must be known', rule: ingress({ toPorts: [{ ports: [tcp('80')], rules: { http: [{ headerMatches: [{ name: 'x', mismatch: 'EXPLODE' }] }] } }] }), error: 'Invalid header action: EXPLODE' },
  { name: 'DNS rules are not supported on ingress', rule: ingress({ toPorts: [{ ports: [udp('53')], rules: dns }] }), error: 'L7 protocol DNS is not supported on ingress yet' },
  { name: 'DNS on egress over UDP, TCP and ANY is valid', rule: egress({ toEndpoints: [peer], toPorts: [{ ports: [udp('53'), tcp('53'), { port: '53', protocol: 'ANY' }], rules: dns }] }) },
  { name: 'DNS rules accept any explicit port', rule: egress({ toPorts: [{ ports: [udp('5353')], rules: dns }] }) },
  { name: 'DNS rules need a port ("port 53 must be specified")', rule: egress({ toPorts: [{ rules: dns }] }), error: 'port 53 must be specified for DNS rules' },
  { name: 'DNS rules do not support port ranges', rule: egress({ toPorts: [{ ports: [{ port: '443', endPort: 445, protocol: 'TCP' }], rules: { dns: [{ matchName: 'www.google.com' }] } }] }), error: 'DNS rules do not support port ranges' },
  { name: 'one port rule takes one L7 protocol', rule: egress({ toPorts: [{ ports: [tcp('53')], rules: { http: [{}], dns: [{ matchName: 'a.com' }] } }] }), error: 'multiple L7 protocol rule types specified in single rule' },
  { name: 'a DNS matchPattern allows only DNS characters and *', rule: egress({ toPorts: [{ ports: [udp('53')], rules: { dns: [{ matchPattern: 'bad pattern!' }] } }] }), error: 'Invalid characters in MatchPattern: "bad pattern!". Only 0-9, a-z, A-Z and ., -, _ and * characters are allowed' },
  { name: 'serverNames with L7 rules need TLS termination', rule: egress({ toPorts: [{ ports: [tcp('443')], serverNames: ['foo.bar.com'], rules: http }] }), error: 'ServerNames are not allowed with L7 rules without TLS termination' },
  { name: 'serverNames with L7 rules and TLS termination are valid', rule: egress({ toPorts: [{ ports: [tcp('443')], serverNames: ['foo.bar.com'], terminatingTLS: { secret: { name: 's' } }, rules: http }] }) },
  { name: 'an empty server name is refused', rule: egress({ toPorts: [{ ports: [tcp('443')], serverNames: [''] }] }), error: 'empty server name is not allowed' },
  { name: 'a listener is not allowed on ingress', rule: ingress({ toPorts: [{ ports: [tcp('443')], listener: { envoyConfig: { name: 'c' }, name: 'myCustomListener' } }] }), error: 'Listener is not allowed on ingress (myCustomListener)' },
  { name: 'a listener is not allowed with L7 rules', rule: egress({ toPorts: [{ ports: [tcp('443')], listener: { envoyConfig: { name: 'c' }, name: 'myCustomListener' }, rules: http }] }), error: 'Listener is not allowed with L7 rules (myCustomListener)' },
  { name: 'a listener on egress is valid', rule: egress({ toPorts: [{ ports: [tcp('443')], listener: { envoyConfig: { name: 'c' }, name: 'myCustomListener' } }] }) },

  // --- toFQDNs ---
  { name: 'an FQDN selector takes matchName or matchPattern, not both', rule: egress({ toFQDNs: [{ matchName: 'a.com', matchPattern: '*.a.com' }] }), error: 'only one of MatchName or MatchPattern is allowed in an FQDNSelector' },
  { name: 'a toFQDNs matchName allows only DNS characters', rule: egress({ toFQDNs: [{ matchName: 'bad name!' }] }), error: 'Invalid characters in MatchName: "bad name!". Only 0-9, a-z, A-Z and ., -, _ characters are allowed' },
  { name: 'toFQDNs with toPorts is valid', rule: egress({ toFQDNs: [{ matchPattern: '*.example.com' }], toPorts: [{ ports: [tcp('443')] }] }) },

  // --- ICMP ---
  { name: 'icmps may not go with toPorts in one rule', rule: ingress({ toPorts: [{ ports: [tcp('80')] }], icmps: [{ fields: [{ type: 8 }] }] }), error: 'the ICMPs block may only be present without ToPorts. Define a separate rule to use ToPorts' },
  { name: 'icmps may not go with toPorts in a deny rule either', rule: { ...any, egressDeny: [{ toPorts: [{ ports: [tcp('80')] }], icmps: [{ fields: [{ type: 8 }] }] }] } as RuleSpec, error: 'the ICMPs block may only be present without ToPorts' },
  { name: 'at most 40 ICMP fields', rule: ingress({ icmps: [{ fields: manyIcmps }] }), error: 'too many types, the max is 40' },
  { name: 'an ICMP family is IPv4 or IPv6', rule: ingress({ icmps: [{ fields: [{ family: 'IPv5', type: 8 }] }] }), error: 'wrong family: IPv5' },
  { name: 'an ICMP type name must exist in its family (IPv4 by default)', rule: ingress({ icmps: [{ fields: [{ type: 'PacketTooBig' }] }] }), error: 'ICMP type PacketTooBig not found in' },
  { name: 'ICMP types by number and by name are valid', rule: ingress({ icmps: [{ fields: [{ type: 8 }, { type: 'EchoRequest' }, { family: 'IPv6', type: 'PacketTooBig' }] }] }) },

  // --- host policies (nodeSelector) ---
  { name: 'host policies refuse L7 on ingress', rule: hostIngress({ toPorts: [{ ports: [tcp('80')], rules: http }] }), opts: { clusterwide: true }, error: 'L7 policy is not supported on host ingress yet' },
  { name: 'host policies refuse HTTP on egress', rule: hostEgress({ toEndpoints: [{}], toPorts: [{ ports: [tcp('80')], rules: http }] }), opts: { clusterwide: true }, error: 'L7 protocol HTTP is not supported on host egress yet' },
  {
    name: 'host policies accept DNS rules on egress (TestL7RulesWithNodeSelector: validL7RuleEgress)',
    rule: hostEgress({ toEndpoints: [{}], toPorts: [{ ports: [udp('53')], rules: { dns: [{ matchName: 'domain.com' }] } }] }),
    // SEM §6.7: host policies support L7 only as DNS on egress
    opts: { clusterwide: true },
  },
  { name: 'host policies without L7 rules are valid', rule: hostIngress({ fromEntities: ['world'], toPorts: [{ ports: [tcp('22')] }] }), opts: { clusterwide: true } },
];

function errorsOf(row: Row): string[] {
  const opts: SanitizeOptions = { clusterwide: false, ...row.opts };
  return sanitizeRule(row.rule, ['spec'], opts).filter((i) => i.severity === 'error').map((i) => i.message);
}

describe('Cilium sanitizer table', () => {
  for (const row of ROWS) {
    const title = row.error === undefined ? `${row.name} (valid)` : `${row.name}: ${row.error instanceof RegExp ? row.error.source : row.error}`;
    it(title, row.todo ? { todo: row.todo } : {}, () => {
      const errors = errorsOf(row);
      if (row.error === undefined) {
        assert.deepEqual(errors, [], 'expected no error');
        return;
      }
      const want = row.error;
      const found = errors.some((e) => (typeof want === 'string' ? e.includes(want) : want.test(e)));
      assert.ok(found, `expected an error matching ${String(want)}; got ${JSON.stringify(errors)}`);
    });
  }
});

describe('sanitizer reports point at the field at fault', () => {
  it('the path of an invalid except names the except entry', () => {
    const issues = sanitizeRule(egress({ toCIDRSet: [{ cidr: '203.0.113.0/24', except: ['198.51.100.0/24'] }] }), ['spec'], { clusterwide: false });
    assert.deepEqual(issues[0]?.path, ['spec', 'egress', 0, 'toCIDRSet', 0, 'except', 0]);
  });

  it('the path of an invalid port names the port', () => {
    const issues = sanitizeRule(ingress({ toPorts: [{ ports: [tcp('80'), tcp('08')] }] }), ['specs', 1], { clusterwide: false });
    assert.deepEqual(issues[0]?.path, ['specs', 1, 'ingress', 0, 'toPorts', 0, 'ports', 1, 'port']);
  });
});
