/**
 * excluded-label-selector: selectors on label keys that Cilium's identity label filter drops
 * (pod-template-hash, statefulset.kubernetes.io/pod-name, ...). Such a requirement never holds
 * (In, Exists) or always holds (NotIn, DoesNotExist).
 */

import { isIdentityRelevantLabel, type PodInfo, type Requirement } from '../../../cluster/index.js';
import { listText, type LintContext } from '../context.js';
import type { Finding } from '../finding.js';
import { isUserSource, requirementPath, requirementText, selectorSites, selectorText, type SelectorSite } from '../selectors.js';
import { toYaml } from '../snippets.js';

const ID = 'excluded-label-selector';

/** The requirements of a selector on labels Cilium leaves out of identities. */
export function excludedRequirements(site: SelectorSite): Requirement[] {
  return site.selector.requirements.filter((r) => isUserSource(r) && !isIdentityRelevantLabel(r.key));
}

function rawLabelHolds(r: Requirement, pod: PodInfo): boolean {
  const v = pod.labels[r.key];
  switch (r.operator) {
    case 'In': return v !== undefined && r.values.includes(v);
    case 'Exists': return v !== undefined;
    case 'NotIn': return v === undefined || !r.values.includes(v);
    case 'DoesNotExist': return v === undefined;
  }
}

/** Identity labels every one of these pods shares (same value), as matchLabels. */
function commonIdentityLabels(pods: readonly PodInfo[]): Record<string, string> {
  const [first, ...rest] = pods;
  if (!first) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(first.labels)) {
    if (!isIdentityRelevantLabel(k)) continue;
    if (rest.every((p) => p.labels[k] === v)) out[k] = v;
  }
  return out;
}

export function checkExcludedLabelSelector(ctx: LintContext): Finding[] {
  const findings: Finding[] = [];
  for (const site of selectorSites(ctx)) {
    for (const r of excludedRequirements(site)) {
      const never = r.operator === 'In' || r.operator === 'Exists';
      const what = site.role === 'subject' ? 'the policy' : site.entry.deny ? 'the deny rule' : 'the rule';
      const effect = never
        ? (site.role === 'subject' ? `${what} applies to no pod` : `${what} matches no peer`)
        : `the requirement holds for every ${site.role === 'subject' ? 'pod' : 'peer'}, so ${what} selects more than intended`;
      let message = `Selector ${selectorText(site.selector, site.policy.kind !== 'CiliumClusterwideNetworkPolicy')} uses ${r.key}, a label Cilium leaves out of security identities: ` +
        `${requirementText(r)} ${never ? 'never matches' : 'always matches'}, so ${effect}.`;
      let fix: Finding['fix'] = { description: 'Select on labels that are part of identities (the workload\'s own labels such as app or app.kubernetes.io/name).' };
      if (never) {
        const namespace = site.entry.origin.policy.kind === 'CiliumClusterwideNetworkPolicy' ? undefined : site.entry.origin.policy.namespace;
        const pods = ctx.cluster.pods.filter((p) => rawLabelHolds(r, p) && (site.role === 'peer' || namespace === undefined || p.namespace === namespace));
        const labels = commonIdentityLabels(pods);
        if (pods.length > 0 && Object.keys(labels).length > 0) {
          const sameLabels = ctx.cluster.pods.filter((p) => Object.entries(labels).every(([k, v]) => p.labels[k] === v));
          const wider = sameLabels.length > pods.length
            ? ` It also selects ${listText(sameLabels.filter((p) => !pods.includes(p)).map((p) => `${p.namespace}/${p.name}`))}: Cilium cannot tell pods apart by ${r.key}.`
            : '';
          message += ` The pods meant (${listText(pods.map((p) => `${p.namespace}/${p.name}`))}) share the identity labels ${listText(Object.entries(labels).map(([k, v]) => `${k}=${v}`))}.`;
          fix = {
            description: `Select the pods by their identity labels instead of ${r.key}.${wider}`,
            yaml: toYaml({ matchLabels: labels }),
          };
        }
      }
      findings.push(ctx.finding({ id: ID, policy: site.policy, path: requirementPath(ctx, site, r), message, fix }));
    }
  }
  return findings;
}
