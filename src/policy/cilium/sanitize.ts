/**
 * Cilium's agent-side validation of a rule (`Rule.Sanitize`, pkg/policy/api/rule_validation.go
 * and the field sanitizers it calls), in Cilium 1.20's wording. Every problem is reported with
 * the path of the field at fault; Cilium stops at the first, we collect them all. Any error
 * rejects the whole policy, as the agent refuses to import it.
 */

import { parseCidr, parseCidrOrIp, prefixContains, formatPrefix } from '../../net/index.js';
import type { PathSegment } from '../../cluster/index.js';
import { validateHttpRule, validateMatchName, validateMatchPattern } from '../l7/index.js';
import type {
  CidrRuleSpec,
  DirectionRuleSpec,
  EndpointSelectorSpec,
  FqdnSelectorSpec,
  IcmpRuleSpec,
  PortRuleSpec,
  RuleSpec,
} from './api.js';
import { ENTITIES } from './api.js';
import { resolveIcmpType } from './icmp-types.js';
import { BASIC_PROTOCOLS, parsePortString } from './ports.js';

export interface SanitizeIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface SanitizeOptions {
  /** CiliumClusterwideNetworkPolicy (true) or CiliumNetworkPolicy (false) */
  readonly clusterwide: boolean;
  /** agent flag enable-node-selector-labels (default false) */
  readonly enableNodeSelectorLabels?: boolean;
}

const MAX_PORTS = 40;
const MAX_ICMP_FIELDS = 40;

class Collector {
  readonly issues: SanitizeIssue[] = [];
  error(path: readonly PathSegment[], message: string): void {
    this.issues.push({ path, message, severity: 'error' });
  }
  warning(path: readonly PathSegment[], message: string): void {
    this.issues.push({ path, message, severity: 'warning' });
  }
}

// --- label selectors (k8s LabelSelector validation as Cilium wraps it) ---

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ALNUM = /^[A-Za-z0-9]+$/;

function labelKeyError(encoded: string): string | undefined {
  const parts = encoded.split(':');
  if (parts.length > 2) return "a valid label key only support ':' character as a source separator with non empty value";
  let key = encoded;
  if (parts.length === 2) {
    if (!ALNUM.test(parts[0]!)) return 'label source should be a non empty string with only alphanumeric characters';
    key = parts[1]!;
  }
  const slash = key.split('/');
  if (slash.length > 2) return `${JSON.stringify(key)}: a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  const name = slash.length === 2 ? slash[1]! : slash[0]!;
  if (slash.length === 2 && (slash[0]!.length === 0 || slash[0]!.length > 253 || !DNS_SUBDOMAIN.test(slash[0]!))) {
    return `${JSON.stringify(key)}: prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`;
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `${JSON.stringify(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (63 characters at most)`;
  }
  return undefined;
}

function labelValueError(value: string): string | undefined {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    return `${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (63 characters at most)`;
  }
  return undefined;
}

/** labelKeyError by key: policies repeat the same few label keys. */
const labelKeyErrors = new Map<string, string | undefined>();

function labelKeyErrorOnce(encoded: string): string | undefined {
  if (labelKeyErrors.has(encoded)) return labelKeyErrors.get(encoded);
  const error = labelKeyError(encoded);
  if (labelKeyErrors.size < 10_000) labelKeyErrors.set(encoded, error);
  return error;
}

export function sanitizeSelector(sel: EndpointSelectorSpec | undefined, path: readonly PathSegment[], out: Collector): void {
  if (!sel) return;
  const labels = sel.matchLabels;
  if (labels) {
    for (const key in labels) {
      if (!Object.hasOwn(labels, key)) continue;
      const keyErr = labelKeyErrorOnce(key);
      if (keyErr) out.error([...path, 'matchLabels', key], `invalid label selector: matchLabels: ${keyErr}`);
      const valueErr = labelValueError(String(labels[key]));
      if (valueErr) out.error([...path, 'matchLabels', key], `invalid label selector: matchLabels: Invalid value: ${valueErr}`);
    }
  }
  const expressions = sel.matchExpressions ?? [];
  for (let i = 0; i < expressions.length; i++) {
    const expr = expressions[i]!;
    const keyErr = labelKeyErrorOnce(expr.key);
    if (keyErr) out.error([...path, 'matchExpressions', i, 'key'], `invalid label selector: matchExpressions[${i}].key: ${keyErr}`);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) {
          out.error([...path, 'matchExpressions', i, 'values'], `invalid label selector: matchExpressions[${i}].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`);
        }
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          out.error([...path, 'matchExpressions', i, 'values'], `invalid label selector: matchExpressions[${i}].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`);
        }
        break;
      default:
        out.error([...path, 'matchExpressions', i, 'operator'], `invalid label selector: matchExpressions[${i}].operator: Invalid value: ${JSON.stringify(expr.operator)}: not a valid selector operator`);
    }
    for (let j = 0; j < values.length; j++) {
      const valueErr = labelValueError(String(values[j]));
      if (valueErr) out.error([...path, 'matchExpressions', i, 'values', j], `invalid label selector: matchExpressions[${i}].values[${j}]: Invalid value: ${valueErr}`);
    }
  }
}

// --- peers ---

function sanitizeCidr(text: string, path: readonly PathSegment[], out: Collector): void {
  if (text === '') return out.error(path, 'IP must be specified');
  const parsed = parseCidrOrIp(text);
  if (!parsed.ok) out.error(path, `unable to parse CIDR: ${parsed.reason}`);
}

function sanitizeCidrRule(rule: CidrRuleSpec, path: readonly PathSegment[], out: Collector): void {
  const set = [rule.cidr, rule.cidrGroupRef, rule.cidrGroupSelector].filter((v) => v !== undefined && v !== '').length;
  if (set === 0) return out.error(path, 'one of cidr, cidrGroupRef, or cidrGroupSelector is required');
  if (set > 1) return out.error(path, 'more than one of cidr, cidrGroupRef, or cidrGroupSelector may not be set');
  if (rule.cidrGroupRef !== undefined || rule.cidrGroupSelector !== undefined) return;
  const parsed = parseCidr(rule.cidr ?? '');
  if (!parsed.ok) return out.error([...path, 'cidr'], `unable to parse CIDRRule ${JSON.stringify(rule.cidr)}: netip.ParsePrefix(${JSON.stringify(rule.cidr)}): ${parsed.reason}`);
  (rule.except ?? []).forEach((e, i) => {
    const ex = parseCidr(e);
    if (!ex.ok) return out.error([...path, 'except', i], `netip.ParsePrefix(${JSON.stringify(e)}): ${ex.reason}`);
    // Cilium 1.20 refuses excepts outside the allowed prefix, broader ones included
    if (!prefixContains(parsed.prefix, ex.prefix)) {
      out.error([...path, 'except', i], `allow CIDR prefix ${rule.cidr} does not contain exclude CIDR prefix ${e}`);
    }
  });
  void formatPrefix;
}

function sanitizeFqdnSelector(sel: FqdnSelectorSpec, path: readonly PathSegment[], out: Collector, context: 'dns-rule' | 'fqdn-selector'): void {
  if (sel.matchName !== undefined && sel.matchPattern !== undefined && context === 'fqdn-selector') {
    return out.error(path, 'only one of MatchName or MatchPattern is allowed in an FQDNSelector');
  }
  if (sel.matchName !== undefined) {
    const err = validateMatchName(sel.matchName, context);
    if (err) out.error([...path, 'matchName'], err);
  }
  if (sel.matchPattern !== undefined) {
    const err = validateMatchPattern(sel.matchPattern);
    if (err) out.error([...path, 'matchPattern'], err);
  }
}

// --- ports and L7 ---

function hasL7(pr: PortRuleSpec): 'http' | 'dns' | undefined {
  if (!pr.rules) return undefined;
  if (pr.rules.http && pr.rules.http.length > 0) return 'http';
  if (pr.rules.dns && pr.rules.dns.length > 0) return 'dns';
  return undefined;
}

function rulesNonEmpty(pr: PortRuleSpec): boolean {
  return !!pr.rules && ((pr.rules.http?.length ?? 0) > 0 || (pr.rules.dns?.length ?? 0) > 0 || pr.rules.http !== undefined || pr.rules.dns !== undefined);
}

function sanitizePortRule(pr: PortRuleSpec, ingress: boolean, path: readonly PathSegment[], out: Collector): void {
  const dns = !!pr.rules?.dns && pr.rules.dns.length > 0;
  if (ingress && dns) out.error([...path, 'rules', 'dns'], 'DNS rules are not allowed on ingress');
  const l7 = rulesNonEmpty(pr);
  if ((pr.serverNames?.length ?? 0) > 0 && l7 && pr.terminatingTLS === undefined) {
    out.error([...path, 'serverNames'], 'ServerNames are not allowed with L7 rules without TLS termination');
  }
  (pr.serverNames ?? []).forEach((sn, i) => {
    if (sn === '') out.error([...path, 'serverNames', i], 'empty server name is not allowed');
  });
  const ports = pr.ports ?? [];
  if (ports.length > MAX_PORTS) out.error([...path, 'ports'], `too many ports, the max is ${MAX_PORTS}`);
  let zeroPort = false;
  ports.forEach((pp, i) => {
    const p = [...path, 'ports', i];
    if (pp.port === undefined || pp.port === '') {
      out.error([...p, 'port'], 'port must be specified');
      return;
    }
    const parsed = parsePortString(pp.port);
    if (parsed.kind === 'error') out.error([...p, 'port'], parsed.message);
    if (parsed.kind === 'number') {
      if (parsed.port === 0) zeroPort = true;
      if (dns && (pp.endPort ?? 0) > parsed.port) out.error([...p, 'endPort'], 'DNS rules do not support port ranges');
    }
    const proto = (pp.protocol ?? '').toUpperCase() || 'ANY';
    if (!(BASIC_PROTOCOLS as readonly string[]).includes(proto)) {
      out.error([...p, 'protocol'], `invalid protocol ${JSON.stringify(proto)}, must be { tcp | udp | sctp | any } (extended IP protocols need the agent flag enable-extended-ip-protocols)`);
    } else if (l7 && !dns && proto !== 'TCP') {
      out.error([...p, 'protocol'], `L7 rules can only apply to TCP (not ${proto}) except for DNS rules`);
    }
  });
  if (pr.listener) {
    const name = pr.listener.name ?? '';
    if (ingress) out.error([...path, 'listener'], `Listener is not allowed on ingress (${name})`);
    if (l7) out.error([...path, 'listener'], `Listener is not allowed with L7 rules (${name})`);
  }
  if (!l7 || !pr.rules) return;
  if (zeroPort) out.error([...path, 'rules'], 'L7 rules can not be used when a port is 0');
  const types = (pr.rules.http !== undefined ? 1 : 0) + (pr.rules.dns !== undefined ? 1 : 0);
  if (types > 1) out.error([...path, 'rules'], 'multiple L7 protocol rule types specified in single rule');
  (pr.rules.http ?? []).forEach((rule, i) => {
    for (const problem of validateHttpRule(rule)) out.error([...path, 'rules', 'http', i, problem.field], problem.message);
  });
  if (pr.rules.dns !== undefined) {
    if (ports.length === 0) out.error([...path, 'rules', 'dns'], 'port 53 must be specified for DNS rules');
    pr.rules.dns.forEach((sel, i) => sanitizeFqdnSelector(sel, [...path, 'rules', 'dns', i], out, 'dns-rule'));
  }
}

function sanitizeIcmps(icmps: IcmpRuleSpec[], path: readonly PathSegment[], out: Collector): void {
  icmps.forEach((rule, i) => {
    const fields = rule.fields ?? [];
    if (fields.length > MAX_ICMP_FIELDS) out.error([...path, i, 'fields'], `too many types, the max is ${MAX_ICMP_FIELDS}`);
    fields.forEach((f, j) => {
      const family = f.family ?? '';
      if (family !== '' && family !== 'IPv4' && family !== 'IPv6') {
        out.error([...path, i, 'fields', j, 'family'], `wrong family: ${family}`);
        return;
      }
      if (typeof f.type === 'string' && !/^[0-9]+$/.test(f.type)) {
        // decoding resolves names against the family written (default IPv4); the message
        // names the family as written, empty when omitted
        const resolved = resolveIcmpType(f.type, family === 'IPv6' ? 'IPv6' : 'IPv4');
        if (!resolved.ok) out.error([...path, i, 'fields', j, 'type'], `decode: ICMP type ${f.type} not found in ${family}`);
      }
    });
  });
}

// --- rules ---

const INGRESS_L3 = ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromNodes', 'fromGroups'] as const;
const EGRESS_L3 = ['toCIDR', 'toCIDRSet', 'toEndpoints', 'toEntities', 'toServices', 'toFQDNs', 'toGroups', 'toNodes'] as const;

function fieldName(f: string): string {
  return f.charAt(0).toUpperCase() + f.slice(1);
}

function sanitizeDirectionRule(
  rule: DirectionRuleSpec,
  ingress: boolean,
  deny: boolean,
  path: readonly PathSegment[],
  opts: SanitizeOptions,
  out: Collector,
): void {
  let firstL3: string | undefined;
  for (const f of ingress ? INGRESS_L3 : EGRESS_L3) {
    if (((rule as Record<string, unknown[] | undefined>)[f]?.length ?? 0) === 0) continue;
    if (firstL3 === undefined) firstL3 = f;
    else {
      out.error([...path, f], `combining ${fieldName(firstL3)} and ${fieldName(f)} is not supported yet`);
      break;
    }
  }
  const toPorts = rule.toPorts ?? [];
  if (!deny && ingress && toPorts.some((pr) => hasL7(pr) === 'dns')) out.error([...path, 'toPorts'], 'L7 protocol DNS is not supported on ingress yet');
  if ((rule.icmps?.length ?? 0) > 0 && toPorts.length > 0) {
    out.error([...path, 'icmps'], 'the ICMPs block may only be present without ToPorts. Define a separate rule to use ToPorts');
  }
  const nodes = ingress ? rule.fromNodes : rule.toNodes;
  if ((nodes?.length ?? 0) > 0 && !opts.enableNodeSelectorLabels) {
    out.error([...path, ingress ? 'fromNodes' : 'toNodes'], 'FromNodes/ToNodes rules can only be applied when the "enable-node-selector-labels" flag is set');
  }
  const endpoints = (ingress ? rule.fromEndpoints : rule.toEndpoints) ?? [];
  for (let i = 0; i < endpoints.length; i++) sanitizeSelector(endpoints[i], [...path, ingress ? 'fromEndpoints' : 'toEndpoints', i], out);
  const nodeList = nodes ?? [];
  for (let i = 0; i < nodeList.length; i++) sanitizeSelector(nodeList[i], [...path, ingress ? 'fromNodes' : 'toNodes', i], out);
  for (let i = 0; i < toPorts.length; i++) sanitizePortRule(toPorts[i]!, ingress, [...path, 'toPorts', i], out);
  if (rule.icmps && rule.icmps.length > 0) sanitizeIcmps(rule.icmps, [...path, 'icmps'], out);
  const cidrs = (ingress ? rule.fromCIDR : rule.toCIDR) ?? [];
  for (let i = 0; i < cidrs.length; i++) sanitizeCidr(cidrs[i]!, [...path, ingress ? 'fromCIDR' : 'toCIDR', i], out);
  const cidrSets = (ingress ? rule.fromCIDRSet : rule.toCIDRSet) ?? [];
  for (let i = 0; i < cidrSets.length; i++) sanitizeCidrRule(cidrSets[i]!, [...path, ingress ? 'fromCIDRSet' : 'toCIDRSet', i], out);
  const entities = (ingress ? rule.fromEntities : rule.toEntities) ?? [];
  for (let i = 0; i < entities.length; i++) {
    if (!(ENTITIES as readonly string[]).includes(entities[i]!)) out.error([...path, ingress ? 'fromEntities' : 'toEntities', i], `unsupported entity: ${entities[i]}`);
  }
  const fqdns = (ingress ? undefined : rule.toFQDNs) ?? [];
  for (let i = 0; i < fqdns.length; i++) sanitizeFqdnSelector(fqdns[i]!, [...path, 'toFQDNs', i], out, 'fqdn-selector');
}

const SECTIONS = ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const;

export function sanitizeRule(rule: RuleSpec, path: readonly PathSegment[], opts: SanitizeOptions): SanitizeIssue[] {
  const out = new Collector();
  if (SECTIONS.every((s) => (rule[s]?.length ?? 0) === 0)) {
    out.error(path, 'rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny');
  }
  if (rule.endpointSelector === undefined && rule.nodeSelector === undefined) {
    out.error(path, 'rule must have one of EndpointSelector or NodeSelector');
  }
  if (rule.endpointSelector !== undefined && rule.nodeSelector !== undefined) {
    out.error([...path, 'nodeSelector'], 'rule cannot have both EndpointSelector and NodeSelector');
  }
  sanitizeSelector(rule.endpointSelector, [...path, 'endpointSelector'], out);
  sanitizeSelector(rule.nodeSelector, [...path, 'nodeSelector'], out);
  const hostPolicy = rule.nodeSelector !== undefined;
  for (const section of SECTIONS) {
    const ingress = section.startsWith('ingress');
    const deny = section.endsWith('Deny');
    const list = rule[section] ?? [];
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      const p = [...path, section, i];
      sanitizeDirectionRule(r, ingress, deny, p, opts, out);
      // host policies: no L7 on ingress, only DNS on egress
      if (hostPolicy && !deny && (r.toPorts ?? []).some((pr) => {
        const k = hasL7(pr);
        return k !== undefined && (ingress || k === 'http');
      })) {
        out.error([...p, 'toPorts'], ingress ? 'L7 policy is not supported on host ingress yet' : 'L7 protocol HTTP is not supported on host egress yet');
      }
    }
  }
  if (hostPolicy && !opts.clusterwide) out.error([...path, 'nodeSelector'], 'rule cannot have NodeSelector');
  return out.issues;
}

/** Label selector problems alone (shared with NetworkPolicy validation). */
export function sanitizeSelectorIssues(sel: EndpointSelectorSpec | undefined, path: readonly PathSegment[]): { path: readonly PathSegment[]; message: string }[] {
  const out = new Collector();
  sanitizeSelector(sel, path, out);
  return out.issues.map((i) => ({ path: i.path, message: i.message }));
}
