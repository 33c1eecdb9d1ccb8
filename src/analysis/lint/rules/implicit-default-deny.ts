/**
 * implicit-default-deny: a Cilium policy whose single allow rule is the only thing that puts
 * some pods into default deny for a direction. An allow-only policy changes exactly one thing
 * for pods that had no policy: everything it does not allow is now dropped. Often intended, so
 * the plain case is informational and limited to narrow rules (specific endpoint selectors);
 * it is a warning when the input shows traffic that this default deny breaks:
 *
 * - another policy explicitly allows the other side of a flow this direction now drops
 *   (egress of a client toward these pods, or ingress of a server from them);
 * - the pods back a LoadBalancer or NodePort Service whose traffic (from world) is dropped;
 * - the rule only allows DNS: a DNS-visibility policy that blocks all other egress.
 */

import { CLUSTER_LABEL, POD_NAMESPACE_LABEL, formatPath, type Identity } from '../../../cluster/index.js';
import { PROTO_ANY, PROTO_SCTP, PROTO_TCP, PROTO_UDP, protocolName } from '../../../net/index.js';
import { formatPolicyRef, type Direction, type PolicyEntry } from '../../../policy/entry.js';
import { isCilium, listText, podNames, podsText, sectionPath, type LintContext } from '../context.js';
import type { Finding, LintSeverity } from '../finding.js';
import { entryCombos } from '../coverage.js';
import { describeEntry } from '../describe.js';
import { toYaml } from '../snippets.js';

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** Peers named by endpoint selectors with labels: the rule allows little. */
function isNarrow(entry: PolicyEntry): boolean {
  const peers = entry.peers ?? [];
  return peers.length > 0 && peers.every((p) => {
    if (p.peer.kind !== 'selector') return false;
    const field = p.path[p.path.length - 2];
    if (field !== 'fromEndpoints' && field !== 'toEndpoints') return false;
    return p.peer.selector.requirements.some((r) => r.key !== POD_NAMESPACE_LABEL && r.key !== CLUSTER_LABEL);
  });
}

function dnsAllowed(ctx: LintContext, subject: Identity): boolean {
  return ctx.dnsServers().some((s) => ctx.engine.lookup(subject, 'egress', s.identity, PROTO_UDP, 53).verdict === 'allow');
}

/** The rule only allows DNS servers on port 53. */
function dnsOnly(ctx: LintContext, entry: PolicyEntry, subject: Identity): boolean {
  if (entry.direction !== 'egress' || entry.portRules === undefined) return false;
  const combos = entryCombos(ctx, entry, subject);
  return combos.length > 0 && combos.every((c) => c.peer !== undefined && ctx.isDnsServer(c.peer) && c.from === 53 && c.to === 53);
}

/** Flows the other side explicitly allows and this direction's default deny drops. */
function brokenFlows(ctx: LintContext, subject: Identity, direction: Direction): string[] {
  const out: string[] = [];
  const other: Direction = direction === 'ingress' ? 'egress' : 'ingress';
  for (const peer of ctx.podIdentities) {
    if (peer === subject) continue;
    const rows = ctx.map(peer, other).rowsFor(subject).filter((r) => !r.deny && r.policy.contributions.some((c) => c.kind === 'rule'));
    for (const row of rows) {
      // SCTP that only comes from `protocol: ANY` (written for TCP and UDP) is not evidence
      if (row.proto === PROTO_SCTP && row.policy.contributions.every((c) => c.kind !== 'rule' || c.port?.protocol === PROTO_ANY)) continue;
      // L3-only and every-port allows name no port to test
      if (row.proto === 0 || row.from === 0) continue;
      const proto = row.proto;
      const port = row.from;
      const v = ctx.engine.lookup(subject, direction, peer, proto, port);
      if (v.verdict !== 'deny' || v.reason !== 'default-deny') continue;
      const rule = row.policy.contributions.find((c) => c.kind === 'rule');
      const by = rule && rule.kind === 'rule' ? ` (allowed by ${formatPolicyRef(rule.entry.origin.policy)} ${formatPath(rule.entry.origin.path)})` : '';
      const [name] = podNames([peer]);
      out.push(direction === 'ingress' ? `${name} -> ${port}/${protocolName(proto)}${by}` : `-> ${name} ${port}/${protocolName(proto)}${by}`);
    }
  }
  return [...new Set(out)];
}

/** LoadBalancer / NodePort traffic (from world) to these pods that default deny drops. */
function brokenServices(ctx: LintContext, subject: Identity): string[] {
  const world = ctx.cluster.identities.worldOf();
  const out: string[] = [];
  for (const svc of ctx.cluster.services) {
    if ((svc.type !== 'LoadBalancer' && svc.type !== 'NodePort') || !svc.selector) continue;
    const selector = svc.selector;
    if (!subject.pods.some((p) => p.namespace === svc.namespace && Object.entries(selector).every(([k, v]) => p.labels[k] === v))) continue;
    for (const sp of svc.ports) {
      if (typeof sp.targetPort !== 'number') continue;
      const proto = sp.protocol === 'UDP' ? PROTO_UDP : PROTO_TCP;
      const v = ctx.engine.lookup(subject, 'ingress', world, proto, sp.targetPort);
      if (v.verdict === 'deny' && v.reason === 'default-deny') out.push(`${svc.type} Service ${svc.namespace}/${svc.name} (${sp.port} -> ${sp.targetPort}/${sp.protocol}, from world)`);
    }
  }
  return out;
}

interface Group {
  readonly entry: PolicyEntry;
  readonly direction: Direction;
  readonly subjects: Identity[];
  readonly broken: Set<string>;
  dnsOnly: boolean;
}

export function checkImplicitDefaultDeny(ctx: LintContext): Finding[] {
  const groups = new Map<string, Group>();
  for (const subject of ctx.podIdentities) {
    for (const direction of DIRECTIONS) {
      const policy = ctx.map(subject, direction).policy;
      if (!policy.enforced || !policy.defaultDeny || policy.conflicts.length > 0) continue;
      const ddPolicies = new Set(policy.selecting.filter((e) => e.defaultDeny).map((e) => e.origin.policy));
      if (ddPolicies.size !== 1) continue;
      const [ref] = [...ddPolicies];
      if (!ref || !isCilium(ref)) continue;
      const own = policy.selecting.filter((e) => e.origin.policy === ref);
      if (own.length !== 1 || own.some((e) => e.deny)) continue;
      const entry = own[0]!;
      // `ingress: [{}]` and friends: an explicit default deny
      if (entry.peers === undefined && entry.portRules === undefined) continue;
      if (entry.peers !== undefined && entry.peers.length === 0) continue;
      // written explicitly: the author chose
      if (ctx.raw(ref, [...entry.origin.rulePath, 'enableDefaultDeny', direction]) !== undefined) continue;
      // egress that blocks DNS is reported by dns-blocked-by-egress, which says more
      if (direction === 'egress' && ctx.enabled('dns-blocked-by-egress') && !dnsAllowed(ctx, subject)) continue;
      const broken = [...brokenFlows(ctx, subject, direction), ...(direction === 'ingress' ? brokenServices(ctx, subject) : [])];
      const onlyDns = dnsOnly(ctx, entry, subject);
      if (broken.length === 0 && !onlyDns && !isNarrow(entry)) continue;
      const key = `${formatPolicyRef(ref)}|${formatPath(entry.origin.path)}|${direction}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { entry, direction, subjects: [], broken: new Set(), dnsOnly: true }));
      g.subjects.push(subject);
      for (const b of broken) g.broken.add(b);
      if (!onlyDns) g.dnsOnly = false;
    }
  }
  const findings: Finding[] = [];
  for (const g of groups.values()) {
    const { entry, direction, subjects } = g;
    const broken = [...g.broken].sort();
    const severity: LintSeverity = broken.length > 0 || g.dnsOnly ? 'warning' : 'info';
    let consequence: string;
    if (broken.length > 0) {
      consequence = `it drops traffic the input expects: ${listText(broken, 4)}`;
    } else if (g.dnsOnly) {
      consequence = 'the rule only allows DNS, so all other egress of these pods is dropped (a DNS visibility policy needs enableDefaultDeny.egress: false)';
    } else {
      consequence = direction === 'ingress'
        ? 'everything else is dropped, other pods, load-balancer and NodePort traffic and webhook calls from the API server included (kubelet probes from the local host stay allowed)'
        : 'everything else is dropped, the API server, other pods and the outside world included';
    }
    const message =
      `This policy is the only one that selects ${podsText(subjects)} for ${direction}, and its single rule ${formatPath(entry.origin.path)} ` +
      `(${describeEntry(entry)}) also switches ${direction} to default deny: ${consequence}.`;
    findings.push(ctx.finding({
      id: 'implicit-default-deny',
      policy: entry.origin.policy,
      path: sectionPath(entry),
      severity,
      message,
      fix: {
        description: `If the rule is meant to add an allow and not to lock these pods down, set enableDefaultDeny.${direction}: false in ${formatPath(entry.origin.rulePath)}; if default deny is intended, write enableDefaultDeny.${direction}: true to say so.`,
        yaml: toYaml({ enableDefaultDeny: { [direction]: false } }),
      },
      pods: podNames(subjects),
    }));
  }
  return findings;
}
