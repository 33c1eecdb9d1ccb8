/**
 * allow-overridden-by-deny: every (peer identity, protocol, port range) an allow rule allows,
 * on every pod identity it applies to, is covered by deny entries of the resolved map: the
 * allow never takes effect.
 */

import { formatPath } from '../../../cluster/index.js';
import type { Row } from '../../../engine/index.js';
import type { PolicyEntry } from '../../../policy/entry.js';
import { listText, podNames, podsText, type LintContext } from '../context.js';
import { coverage, entryCombos, ruleContributors } from '../coverage.js';
import { describeEntry, entryPath, ruleText } from '../describe.js';
import { relatedAt, type Finding } from '../finding.js';

const isDeny = (r: Row) => r.deny;

export function checkAllowOverriddenByDeny(ctx: LintContext): Finding[] {
  const findings: Finding[] = [];
  for (const policy of ctx.policies) {
    for (const entry of policy.entries) {
      if (entry.deny) continue;
      const identities = ctx.identitiesOf(entry);
      if (identities.length === 0) continue;
      let dead = true;
      let combos = 0;
      const denies = new Map<string, PolicyEntry>();
      for (const identity of identities) {
        const map = ctx.map(identity, entry.direction);
        if (map.policy.conflicts.length > 0) { dead = false; break; }
        for (const combo of entryCombos(ctx, entry, identity)) {
          combos++;
          const cov = coverage(map, combo, isDeny);
          if (!cov.covered) { dead = false; break; }
          for (const [k, e] of ruleContributors(cov.rows).entries) denies.set(k, e);
        }
        if (!dead) break;
      }
      if (!dead || combos === 0 || denies.size === 0) continue;
      const by = [...denies.values()].map((d) => ruleText(d, entry));
      findings.push(ctx.finding({
        id: 'allow-overridden-by-deny',
        policy: policy.ref,
        path: entryPath(entry),
        message:
          `${formatPath(entryPath(entry))} (${describeEntry(entry)}) never takes effect for ${podsText(identities)}: ` +
          `${listText(by)} ${denies.size === 1 ? 'denies' : 'deny'} every peer and port it allows, and deny rules win over every allow.`,
        fix: { description: `Remove ${formatPath(entryPath(entry))}, or narrow ${listText(by)} (fewer peers or ports, an except in a CIDR deny) if this traffic is meant to pass.` },
        related: [...denies.values()].map((d) => relatedAt(d.origin.policy, entryPath(d), 'this deny rule covers the allow')),
        pods: podNames(identities),
      }));
    }
  }
  return findings;
}
