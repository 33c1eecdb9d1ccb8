/**
 * shadowed-rule: every combination an allow rule allows (and no deny removes), on every pod
 * identity it applies to, is also allowed by other rules without L7 rules (or by Cilium's
 * allow-localhost): removing it changes no verdict.
 */

import { formatPath, type Identity } from '../../../cluster/index.js';
import type { Row } from '../../../engine/index.js';
import type { PolicyEntry } from '../../../policy/entry.js';
import { listText, podNames, podsText, type LintContext } from '../context.js';
import { candidateRows, coverage, entryCombos, hasL7, ruleContributors } from '../coverage.js';
import { describeEntry, entryPath, ruleText } from '../describe.js';
import { relatedAt, type Finding, type RelatedLocation } from '../finding.js';

const isDeny = (r: Row) => r.deny;

/** The entry is its policy's only rule for its direction: removing it would also end default deny. */
function onlyRule(ctx: LintContext, entry: PolicyEntry): boolean {
  if (entry.origin.policy.kind === 'NetworkPolicy') return false;
  const policy = ctx.policies.find((p) => p.ref === entry.origin.policy);
  return !(policy?.entries ?? []).some((e) => e !== entry && e.direction === entry.direction);
}

interface Shadowed {
  readonly entry: PolicyEntry;
  readonly identities: readonly Identity[];
  readonly by: Map<string, PolicyEntry>;
  readonly localhost: boolean;
}

export function checkShadowedRule(ctx: LintContext): Finding[] {
  const order = new Map(ctx.engine.repository.entries.map((e, i) => [e, i]));
  const shadowed = new Map<PolicyEntry, Shadowed>();
  for (const policy of ctx.policies) {
    for (const entry of policy.entries) {
      if (entry.deny || hasL7(entry)) continue;
      const identities = ctx.identitiesOf(entry);
      if (identities.length === 0) continue;
      let covered = true;
      let live = 0;
      const by = new Map<string, PolicyEntry>();
      let localhost = false;
      for (const identity of identities) {
        const map = ctx.map(identity, entry.direction);
        if (!map.policy.defaultDeny || map.policy.conflicts.length > 0) { covered = false; break; }
        for (const combo of entryCombos(ctx, entry, identity)) {
          if (coverage(map, combo, isDeny).covered) continue;
          // the rule opens L7 rules of its peer and port: removing it would change L7 verdicts
          const own = candidateRows(map, combo).filter((r) => r.policy.contributions.some((c) => c.kind === 'rule' && c.entry === entry));
          if (own.some((r) => r.policy.l7 !== undefined)) { covered = false; break; }
          live++;
          const cov = coverage(map, combo, (r) => !r.deny && r.policy.contributions.some((c) =>
            (c.kind === 'rule' && c.entry !== entry && c.portRule?.l7 === undefined) || c.kind === 'allow-localhost'));
          if (!cov.covered) { covered = false; break; }
          const contributors = ruleContributors(cov.rows, entry);
          for (const [k, e] of contributors.entries) by.set(k, e);
          if (contributors.localhost) localhost = true;
        }
        if (!covered) break;
      }
      if (!covered || live === 0) continue;
      shadowed.set(entry, { entry, identities, by, localhost });
    }
  }
  const findings: Finding[] = [];
  for (const s of shadowed.values()) {
    const coverers = [...s.by.values()];
    const position = order.get(s.entry) ?? 0;
    // of rules that cover each other, report the later ones
    if (!s.localhost && coverers.length > 0 && coverers.every((c) => shadowed.has(c) && (order.get(c) ?? 0) > position)) continue;
    const names = coverers.map((c) => ruleText(c, s.entry));
    if (s.localhost) names.push('Cilium\'s allow-localhost rule (the local host may always reach default-deny pods)');
    findings.push(ctx.finding({
      id: 'shadowed-rule',
      policy: s.entry.origin.policy,
      path: entryPath(s.entry),
      message:
        `${formatPath(entryPath(s.entry))} (${describeEntry(s.entry)}) allows nothing new for ${podsText(s.identities)}: ` +
        `everything it allows is also allowed by ${listText(names)}.`,
      fix: {
        description: onlyRule(ctx, s.entry)
          ? `Keep it only if it is meant to put these pods into ${s.entry.direction} default deny; then say so: \`${s.entry.origin.section}: [{}]\` or enableDefaultDeny.${s.entry.direction}: true.`
          : coverers.length === 0
          ? `Remove ${formatPath(entryPath(s.entry))}: Cilium already lets the local host into these pods.`
          : `Remove ${formatPath(entryPath(s.entry))}, or narrow ${listText(coverers.map((c) => ruleText(c, s.entry)))} if it was not meant to cover this traffic.`,
      },
      related: coverers.map((c): RelatedLocation => relatedAt(c.origin.policy, entryPath(c), 'this rule allows the same peers and ports')),
      pods: podNames(s.identities),
    }));
  }
  return findings;
}
