/**
 * dns-blocked-by-egress: pods whose egress is default-deny and that cannot send UDP/53 to any
 * DNS server of the cluster. One finding per policy that puts them into egress default deny.
 */

import { formatPath, type Identity } from '../../../cluster/index.js';
import { PROTO_UDP } from '../../../net/index.js';
import { formatPolicyRef, type PolicyEntry } from '../../../policy/entry.js';
import { listText, podNames, podsText, sectionPath, type LintContext } from '../context.js';
import { relatedAt, type Finding } from '../finding.js';
import { dnsEgressRule } from '../snippets.js';

const ID = 'dns-blocked-by-egress';

interface Group {
  readonly entry: PolicyEntry;
  readonly identities: Identity[];
  /** deny rules that drop the DNS queries, by `policy rule` text */
  readonly denies: Map<string, PolicyEntry>;
  readonly others: Set<string>;
}

export function checkDnsBlockedByEgress(ctx: LintContext): Finding[] {
  const servers = ctx.dnsServers();
  const groups = new Map<string, Group>();
  for (const identity of ctx.podIdentities) {
    if (ctx.isDnsServer(identity)) continue;
    const map = ctx.map(identity, 'egress');
    const policy = map.policy;
    if (!policy.enforced || !policy.defaultDeny || policy.conflicts.length > 0) continue;
    const verdicts = servers.map((s) => ctx.engine.lookup(identity, 'egress', s.identity, PROTO_UDP, 53));
    if (verdicts.some((v) => v.verdict === 'allow')) continue;
    const denies = new Map<string, PolicyEntry>();
    for (const v of verdicts) {
      for (const row of v.reason === 'denied' ? v.deciding : []) {
        for (const c of row.policy.contributions) if (c.kind === 'rule') denies.set(`${formatPolicyRef(c.entry.origin.policy)} ${formatPath(c.entry.origin.path)}`, c.entry);
      }
    }
    const responsible = new Map<string, PolicyEntry>();
    for (const e of policy.selecting) {
      const key = formatPolicyRef(e.origin.policy);
      if (e.defaultDeny && !responsible.has(key)) responsible.set(key, e);
    }
    for (const [key, entry] of responsible) {
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { entry, identities: [], denies: new Map(), others: new Set() }));
      group.identities.push(identity);
      for (const [k, d] of denies) group.denies.set(k, d);
      for (const other of responsible.keys()) if (other !== key) group.others.add(other);
    }
  }
  const serverText = listText(servers.map((s) => s.display));
  const findings: Finding[] = [];
  for (const group of groups.values()) {
    const ref = group.entry.origin.policy;
    const denied = [...group.denies.keys()];
    const cause = denied.length > 0 ? `denied by ${listText(denied)}` : 'not allowed by any egress rule';
    const also = group.others.size > 0 ? ` (${listText([...group.others])} also make${group.others.size === 1 ? 's' : ''} it default-deny)` : '';
    const message =
      `Egress of ${podsText(group.identities)} is default-deny${also} and DNS is blocked: UDP/53 to ${serverText} is ${cause}.`;
    const fix = denied.length > 0
      ? { description: `Narrow ${listText(denied)} so that it does not cover the DNS server on port 53.` }
      : { description: `Add an egress rule for DNS to this policy (or to another policy selecting the same pods); with rules.dns the queries go through Cilium's DNS proxy.`, yaml: dnsEgressRule(ref.kind, servers) };
    findings.push(ctx.finding({
      id: ID,
      policy: ref,
      path: sectionPath(group.entry),
      message,
      fix,
      related: [...group.denies.values()].map((d) => relatedAt(d.origin.policy, d.origin.path, 'this deny rule drops the DNS queries')),
      pods: podNames(group.identities),
    }));
  }
  return findings;
}
