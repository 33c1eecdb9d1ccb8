/**
 * l7-rules-not-enforced: L7 rules of a direction that is not default-deny, where Cilium adds an
 * allow-all L7 rule (1.18+): the rules only give visibility.
 */

import { formatPath, type Identity } from '../../../cluster/index.js';
import { formatPolicyRef, type Direction } from '../../../policy/entry.js';
import { podNames, podsText, type LintContext } from '../context.js';
import type { Finding } from '../finding.js';
import { DIRECTIONS, l7Contributions, l7Text, matchesEverything, type RuleContribution } from '../l7-rules.js';
import { toYaml } from '../snippets.js';

export function checkL7RulesNotEnforced(ctx: LintContext): Finding[] {
  const groups = new Map<string, { c: RuleContribution; direction: Direction; subjects: Set<Identity> }>();
  for (const subject of ctx.podIdentities) {
    for (const direction of DIRECTIONS) {
      const policy = ctx.map(subject, direction).policy;
      if (!policy.enforced || policy.defaultDeny) continue;
      for (const filter of policy.filters) {
        for (const psp of filter.perSelector.values()) {
          if (psp.deny || psp.l7?.allowAll !== 'default-allow') continue;
          // rules that let everything through are meant for visibility (`matchPattern: "*"`)
          for (const c of l7Contributions(psp).filter((x) => !matchesEverything(x.portRule!))) {
            const key = `${formatPolicyRef(c.entry.origin.policy)}|${formatPath(c.portRule!.path)}`;
            let g = groups.get(key);
            if (!g) groups.set(key, (g = { c, direction, subjects: new Set() }));
            g.subjects.add(subject);
          }
        }
      }
    }
  }
  const findings: Finding[] = [];
  for (const { c, direction, subjects } of groups.values()) {
    const own = c.entry.defaultDeny ? '' : ` (this policy sets enableDefaultDeny.${direction}: false)`;
    const message =
      `${l7Text(c.portRule!)} of ${formatPath(c.entry.origin.path)} only observe traffic of ${podsText(subjects)}: no policy selecting ` +
      `${subjects.size === 1 ? 'it' : 'them'} enables ${direction} default deny${own}, so Cilium adds an allow-all L7 rule and every request passes.`;
    const fix = c.entry.origin.policy.kind !== 'NetworkPolicy'
      ? { description: `If the rules are meant to filter, enable ${direction} default deny in this policy.`, yaml: toYaml({ enableDefaultDeny: { [direction]: true } }) }
      : undefined;
    findings.push(ctx.finding({
      id: 'l7-rules-not-enforced',
      policy: c.entry.origin.policy,
      path: [...c.portRule!.path, 'rules'],
      message,
      fix,
      pods: podNames(subjects),
    }));
  }
  return findings;
}
