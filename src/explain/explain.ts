/**
 * Verdict provenance turned into an explanation: for each enforcing side, whether it is in
 * default deny, which policy / rule / peer / port decided, and for L7 which rule matched or
 * which were tried. Plain data (JSON-ready); report/ renders it.
 */

import { formatLabels, formatLocation, formatPath, formatWorkloadRef, type Identity, type PodInfo } from '../cluster/index.js';
import { describeRejection, type Contribution, type EnvoyRejection, type FlowAuth, type FlowVerdict, type L7Verdict, type Row, type SideVerdict } from '../engine/index.js';
import { formatIp, formatPortRange, protocolName } from '../net/index.js';
import { formatPolicyRef, type PolicyEntry } from '../policy/entry.js';

export interface RuleCitation {
  /** `CiliumNetworkPolicy/prod/web-ingress`, or the rule Cilium adds itself */
  readonly policy: string;
  /** `spec.ingress[0]` */
  readonly rule?: string | undefined;
  /** `fromEndpoints: {app: frontend}` */
  readonly peer?: string | undefined;
  /** `80/TCP`, `8000-8100/TCP`, `http/TCP` (named), `any` */
  readonly port?: string | undefined;
  readonly verdict: 'allow' | 'deny';
  /** file:line:column of the rule */
  readonly location?: string | undefined;
}

export interface IdentityView {
  readonly id: number;
  readonly name: string;
  readonly labels: readonly string[];
}

export interface L7Explanation {
  readonly kind: 'http' | 'dns';
  readonly verdict: 'allow' | 'deny';
  readonly summary: string;
  readonly matched?: RuleCitation & { readonly l7Rule: string; readonly l7Path: string } | undefined;
  readonly tried: readonly { readonly l7Rule: string; readonly l7Path: string; readonly policy: string; readonly why: readonly string[] }[];
}

export interface SideExplanation {
  readonly direction: 'ingress' | 'egress';
  /** `prod/web` */
  readonly endpoint: string;
  readonly identity: IdentityView;
  readonly peer: IdentityView;
  readonly verdict: 'allow' | 'deny';
  readonly enforced: boolean;
  readonly defaultDeny: boolean;
  /** the policies that select the endpoint in this direction */
  readonly selectedBy: readonly string[];
  /** one sentence */
  readonly summary: string;
  readonly decidedBy: readonly RuleCitation[];
  /** default deny: allows that nearly applied (another port for this peer, this port for other peers) */
  readonly nearMisses?: readonly (RuleCitation & { readonly missing: 'port' | 'peer' })[] | undefined;
  readonly l7?: L7Explanation | undefined;
  /** the authentication the deciding entry requires (mutual auth on or off), when it requires one */
  readonly authentication?: AuthExplanation | undefined;
  /** why Envoy refused the endpoint's network policy, when that denied the connection */
  readonly envoyRejected?: readonly EnvoyRejectionView[] | undefined;
}

export interface EnvoyRejectionView {
  readonly policy: string;
  /** `spec.ingress[0].toPorts[0].ports[0]` */
  readonly path: string;
  readonly problem: string;
  readonly fix: string;
  readonly location?: string | undefined;
}

export interface AuthExplanation {
  /** `required` or `test-always-fail` */
  readonly mode: string;
  /** whether the verdict assumed the agents run mutual authentication (--mutual-auth) */
  readonly mutualAuth: boolean;
  readonly passes: boolean;
  /** the requirement comes from a broader allow of the same peer */
  readonly derived: boolean;
  readonly requiredBy: RuleCitation;
  readonly summary: string;
}

export interface FlowExplanation {
  readonly verdict: 'allow' | 'deny';
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly port: number;
  readonly request?: string | undefined;
  readonly egress?: SideExplanation | undefined;
  readonly ingress?: SideExplanation | undefined;
  readonly notes: readonly string[];
  /** why Membrane cannot model the flow (it is denied, never allowed) */
  readonly unmodelled?: string | undefined;
}

export function identityView(identity: Identity): IdentityView {
  return { id: identity.id, name: identity.name, labels: formatLabels(identity.labels) };
}

function entryLocation(entry: PolicyEntry): string | undefined {
  const loc = entry.origin.policy.source?.locate(entry.origin.path);
  return loc ? formatLocation(loc) : undefined;
}

function rowPort(row: Row): string {
  if (row.proto === 0) return 'any';
  const name = row.filter.portName;
  const range = formatPortRange({ from: row.from, to: row.to });
  return name ? `${name}=${range}/${protocolName(row.proto)}` : `${range}/${protocolName(row.proto)}`;
}

function citeContribution(c: Contribution, row: Row): RuleCitation {
  const verdict = row.deny ? 'deny' : 'allow';
  if (c.kind === 'allow-localhost') {
    return { policy: 'allow-localhost (Cilium adds it: the local host may always reach its pods)', peer: 'reserved:host', port: 'any', verdict };
  }
  if (c.kind === 'allow-any') {
    return { policy: 'allow-any (Cilium adds it: no rule selecting this endpoint enables default deny)', peer: 'any peer', port: 'any', verdict };
  }
  return {
    policy: formatPolicyRef(c.entry.origin.policy),
    rule: formatPath(c.entry.origin.path),
    peer: peerText(c.peer.path, c.entry.origin.path, c.peer.description),
    port: rowPort(row),
    verdict,
    location: entryLocation(c.entry),
  };
}

/** `from[1]: podSelector {...}` — the peer's place inside its rule, then how it was written. */
function peerText(peerPath: readonly (string | number)[], rulePath: readonly (string | number)[], description: string): string {
  const inRule = peerPath.slice(rulePath.length);
  if (inRule.length === 0) return description;
  const where = formatPath(inRule);
  // Cilium descriptions start with the field name (`fromEndpoints: ...`): keep the indexed form only
  const colon = description.indexOf(': ');
  const field = String(inRule[0]);
  const body = colon !== -1 && description.slice(0, colon) === field ? description.slice(colon + 2) : description;
  return `${where}: ${body}`;
}

function citations(rows: readonly Row[]): RuleCitation[] {
  const out: RuleCitation[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const c of row.policy.contributions) {
      const cite = citeContribution(c, row);
      const key = JSON.stringify(cite);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(cite);
    }
  }
  return out;
}

function explainL7(l7: L7Verdict): L7Explanation {
  const what = l7.kind === 'http' ? 'HTTP request' : `DNS query ${l7.query}`;
  let summary: string;
  switch (l7.reason) {
    case 'not-proxied':
      summary = `${what}: no L7 rule applies to this peer and port, so it is not inspected`;
      break;
    case 'allow-all': {
      const by = l7.openedBy ? citations([l7.openedBy])[0] : undefined;
      summary = `${what} allowed: ${by ? `${by.policy} ${by.rule ?? ''}`.trim() : 'an allow'} has no L7 rules for this peer and port, so every ${l7.kind === 'http' ? 'request' : 'query'} passes (L7 rules of other allows add up with it)`;
      break;
    }
    case 'rule-matched':
      summary = `${what} allowed by ${l7.matched!.rule.text}`;
      break;
    case 'no-rule-matched':
      summary = l7.kind === 'http'
        ? `${what} denied (HTTP 403 Access denied): no HTTP rule for this peer and port matches`
        : `${what} refused (DNS REFUSED): no DNS rule for this peer and port matches`;
      break;
    case 'wrong-protocol': {
      const by = l7.redirectedBy ? citations([l7.redirectedBy])[0] : undefined;
      const rule = by ? ` (${`${by.policy} ${by.rule ?? ''}`.trim()})` : '';
      summary = l7.kind === 'http'
        ? `${what} dropped: this port is redirected to Cilium's DNS proxy by DNS rules${rule}, which parses only DNS messages`
        : `${what} dropped: this port is redirected to Envoy by HTTP rules${rule}, which parses only HTTP`;
      break;
    }
  }
  const matched = l7.matched
    ? { ...citations([l7.matched.row])[0]!, l7Rule: l7.matched.rule.text, l7Path: formatPath(l7.matched.rule.path) }
    : undefined;
  const tried = l7.tried.map((t) => {
    const c = t.row.policy.contributions.find((x) => x.kind === 'rule');
    return {
      l7Rule: t.rule.text,
      l7Path: formatPath(t.rule.path),
      policy: c && c.kind === 'rule' ? formatPolicyRef(c.entry.origin.policy) : '',
      why: t.mismatches,
    };
  });
  return { kind: l7.kind, verdict: l7.verdict, summary, matched, tried };
}

function policiesOf(entries: readonly PolicyEntry[]): string[] {
  return [...new Set(entries.map((e) => formatPolicyRef(e.origin.policy)))];
}

/** Why an allowed entry's authentication requirement drops (or, with mutual auth, passes) the flow. */
export function authSummary(auth: FlowAuth, mutualAuth: boolean): string {
  const by = citations([auth.row])[0];
  const rule = by ? `${by.policy} ${by.rule ?? ''}`.trim() : 'an allow';
  const derived = auth.derived ? ', inherited from a broader allow of the same peer' : '';
  if (auth.mode === 'test-always-fail') {
    return `authentication mode test-always-fail (${rule}${derived}) never succeeds: Cilium drops the traffic (DROP_POLICY_AUTH_REQUIRED)`;
  }
  return mutualAuth
    ? `mutual authentication required (${rule}${derived}); the cluster runs mutual authentication (--mutual-auth or settings), assumed to succeed`
    : `mutual authentication required (${rule}${derived}), but mutual authentication is off (Cilium's default): Cilium drops the traffic (DROP_POLICY_AUTH_REQUIRED); pass --mutual-auth if the cluster runs it`;
}

/** `Envoy rejected this endpoint's policy: CNP/ns/name spec.ingress[0]...ports[0] endPort 80 < port 8080; ...` */
export function envoySummary(rejections: readonly EnvoyRejection[]): string {
  const causes = rejections.map((r) => `${formatPolicyRef(r.entry.origin.policy)} ${describeRejection(r)}`);
  return `Envoy rejected this endpoint's policy: ${causes.join('; ')}; Envoy then refuses every connection of this endpoint redirected to it, in both directions`;
}

function sideSummary(side: SideVerdict, flowText: string): string {
  const l4 = side.l4;
  const who = `${side.direction} of ${side.subject.name}`;
  switch (l4.reason) {
    case 'no-policy':
      return `${who}: allowed, no policy selects this endpoint for ${side.direction} (not enforced)`;
    case 'denied':
      return `${who}: denied by a deny rule (deny wins over every allow)`;
    case 'default-deny':
      return `${who}: denied, the endpoint is in ${side.direction} default deny and no rule allows ${side.peer.name} on ${flowText}`;
    case 'unmodelled':
      return `${who}: denied, Cilium cannot compute this endpoint's policy (${(l4.conflicts ?? []).join('; ')})`;
    case 'auth-required':
      return `${who}: denied, ${l4.auth ? authSummary(l4.auth, l4.mutualAuth ?? false) : 'authentication required'}`;
    case 'envoy-rejected':
      return `${who}: denied, the connection is redirected to Envoy, but ${envoySummary(l4.envoy ?? [])}`;
    case 'allowed':
      if (side.l7 && side.l7.verdict === 'deny') {
        const request = side.l7.kind === 'http' ? 'HTTP request' : 'DNS query';
        if (side.l7.reason === 'wrong-protocol') return `${who}: connection allowed, but the ${request} is dropped by the ${side.l7.kind === 'http' ? 'DNS proxy' : 'HTTP proxy (Envoy)'} this port is redirected to`;
        return `${who}: connection allowed, but the ${request} is denied by L7 rules`;
      }
      return `${who}: allowed`;
  }
}

function explainSide(side: SideVerdict, flowText: string): SideExplanation {
  const decidedBy = citations(side.l4.deciding);
  return {
    direction: side.direction,
    endpoint: side.subject.name,
    identity: identityView(side.subject.identity),
    peer: identityView(side.peer),
    verdict: side.verdict,
    enforced: side.l4.reason !== 'no-policy',
    defaultDeny: side.l4.defaultDeny,
    selectedBy: policiesOf(side.l4.selecting),
    summary: sideSummary(side, flowText),
    decidedBy,
    nearMisses: side.l4.nearMisses && side.l4.nearMisses.length > 0
      ? side.l4.nearMisses.flatMap((m) => citations([m.row]).map((c) => ({ ...c, missing: m.missing })))
      : undefined,
    l7: side.l7 ? explainL7(side.l7) : undefined,
    authentication: side.l4.auth ? explainAuth(side.l4.auth, side.l4.mutualAuth ?? false) : undefined,
    envoyRejected: side.l4.envoy?.map(envoyRejectionView),
  };
}

export function envoyRejectionView(r: EnvoyRejection): EnvoyRejectionView {
  const loc = r.entry.origin.policy.source?.locate(r.field);
  return { policy: formatPolicyRef(r.entry.origin.policy), path: formatPath(r.path), problem: r.problem, fix: r.fix, location: loc ? formatLocation(loc) : undefined };
}

function explainAuth(auth: FlowAuth, mutualAuth: boolean): AuthExplanation {
  return {
    mode: auth.mode,
    mutualAuth,
    passes: auth.mode === 'required' && mutualAuth,
    derived: auth.derived,
    requiredBy: citations([auth.row])[0]!,
    summary: authSummary(auth, mutualAuth),
  };
}

function requestText(v: FlowVerdict): string | undefined {
  const http = v.flow.http;
  if (http) return `${http.method} ${http.path}${http.host ? ` host=${http.host}` : ''}`;
  if (v.flow.dns) return `DNS ${v.flow.dns.query}`;
  return undefined;
}

/** Says when an end of the flow is a pod Membrane made up (from a workload) or gave an address. */
export function podOriginNote(pod: PodInfo | undefined): string | undefined {
  if (!pod || (!pod.synthesized && !pod.addressAllocated)) return undefined;
  const name = `${pod.namespace}/${pod.name}`;
  const address = pod.addressAllocated ? `address ${pod.ips.map(formatIp).join(', ')} allocated by Membrane (the input gives none)` : undefined;
  const s = pod.synthesized;
  if (!s) return `pod ${name}: ${address}`;
  const capped = s.replicas > s.count ? `; ${s.replicas} replicas, capped by --max-replicas` : '';
  return `pod ${name} is synthesized from the pod template of ${formatWorkloadRef(s.workload)} (pod ${s.index + 1} of ${s.count}${capped}): the input has none of its pods${address ? `; ${address}` : ''}`;
}

export function explainFlow(v: FlowVerdict): FlowExplanation {
  const flowText = v.flow.protocol.startsWith('ICMP') ? `${v.flow.protocol} type ${v.flow.port}` : `${v.flow.protocol}/${v.flow.port}`;
  return {
    verdict: v.verdict,
    from: v.from.display,
    to: v.to.display,
    protocol: v.flow.protocol,
    port: v.flow.port,
    request: requestText(v),
    egress: v.egress ? explainSide(v.egress, flowText) : undefined,
    ingress: v.ingress ? explainSide(v.ingress, flowText) : undefined,
    notes: [...new Set([podOriginNote(v.from.pod), podOriginNote(v.to.pod)])].filter((n): n is string => n !== undefined).concat(v.notes),
    unmodelled: v.unmodelled,
  };
}
