/**
 * envoy-rejects-policy: endpoints whose network policy Envoy refuses (engine/envoy.ts), so
 * every connection of theirs redirected to Envoy is refused. One finding per offending field,
 * naming the pods it breaks.
 */

import { formatPath, type Identity } from '../../../cluster/index.js';
import { describeRejection, type EnvoyRejection } from '../../../engine/index.js';
import { formatPolicyRef } from '../../../policy/entry.js';
import { podNames, podsText, type LintContext } from '../context.js';
import type { Finding } from '../finding.js';

export function checkEnvoyRejectsPolicy(ctx: LintContext): Finding[] {
  const groups = new Map<string, { rejection: EnvoyRejection; subjects: Set<Identity> }>();
  for (const subject of ctx.podIdentities) {
    for (const r of ctx.engine.policyOf(subject).envoyRejections) {
      const key = `${formatPolicyRef(r.entry.origin.policy)}|${formatPath(r.field)}|${r.problem}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { rejection: r, subjects: new Set() }));
      g.subjects.add(subject);
    }
  }
  const findings: Finding[] = [];
  for (const { rejection: r, subjects } of groups.values()) {
    findings.push(ctx.finding({
      id: 'envoy-rejects-policy',
      policy: r.entry.origin.policy,
      path: r.field,
      message:
        `Envoy rejects the network policy of ${podsText(subjects)}: ${describeRejection(r)}. ` +
        `Every connection of ${subjects.size === 1 && podNames(subjects).length === 1 ? 'this pod' : 'these pods'} redirected to Envoy (ports with HTTP rules, ingress and egress) is refused.`,
      fix: { description: `${r.fix[0]!.toUpperCase()}${r.fix.slice(1)}.` },
      pods: podNames(subjects),
    }));
  }
  return findings;
}
