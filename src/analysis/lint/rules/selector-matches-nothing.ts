/**
 * selector-matches-nothing: subject and endpoint-peer selectors that match no pod identity
 * of the input, and namespace selectors that match no namespace. Silent when the input has no
 * pods (policies linted without a cluster).
 */

import {
  LabelSelector,
  NAMESPACE_LABELS_PREFIX,
  POD_NAMESPACE_LABEL,
  SOURCE_K8S,
  formatRequirement,
  splitSourceKey,
  type Identity,
  type Label,
} from '../../../cluster/index.js';
import { listText, podNames, type LintContext } from '../context.js';
import type { Finding } from '../finding.js';
import { selectorSites, selectorText, type SelectorSite } from '../selectors.js';
import { toYaml } from '../snippets.js';
import { excludedRequirements } from './excluded-label-selector.js';

const ID = 'selector-matches-nothing';

function namespaceLabels(labels: Readonly<Record<string, string>>): Map<string, Label> {
  return new Map(Object.entries(labels).map(([k, v]) => [NAMESPACE_LABELS_PREFIX + k, { source: SOURCE_K8S, key: NAMESPACE_LABELS_PREFIX + k, value: v }]));
}

/** Whether the namespace requirement was added by Cilium (namespaced policies), not written. */
function injectedNamespace(ctx: LintContext, site: SelectorSite): boolean {
  const kind = site.policy.kind;
  if (kind === 'CiliumClusterwideNetworkPolicy') return false;
  if (site.role === 'subject') return true;
  if (kind === 'NetworkPolicy') return true;
  const raw = ctx.raw(site.policy, site.path) as { matchLabels?: Record<string, unknown>; matchExpressions?: { key?: unknown }[] } | undefined;
  if (!raw) return true;
  const keys = [...Object.keys(raw.matchLabels ?? {}), ...(raw.matchExpressions ?? []).map((e) => String(e?.key ?? ''))];
  return !keys.some((k) => splitSourceKey(k).key === POD_NAMESPACE_LABEL);
}

function matches(ctx: LintContext, site: SelectorSite): boolean {
  if (site.role === 'subject') return ctx.podIdentities.some((i) => site.selector.matches(i));
  return ctx.engine.selectors.select(site.peer!).length > 0;
}

export function checkSelectorMatchesNothing(ctx: LintContext): Finding[] {
  if (ctx.cluster.pods.length === 0) return [];
  const findings: Finding[] = [];
  const listedNamespaces = [...ctx.cluster.namespaces.values()].filter((n) => n.listed);
  for (const site of selectorSites(ctx)) {
    if (ctx.enabled('excluded-label-selector') && excludedRequirements(site).some((r) => r.operator === 'In' || r.operator === 'Exists')) continue;
    if (matches(ctx, site)) continue;
    const ref = site.policy;
    const sel = site.selector;
    const pinned = sel.requirements.find((r) => r.key === POD_NAMESPACE_LABEL && r.operator === 'In' && r.values.length === 1);
    const nsReqs = sel.requirements.filter((r) => r.key.startsWith(NAMESPACE_LABELS_PREFIX));
    const reasons: string[] = [];
    let fix: Finding['fix'];
    // a namespace selector that matches no namespace
    if (nsReqs.length > 0 && listedNamespaces.length > 0) {
      const nsSel = new LabelSelector(nsReqs);
      if (!listedNamespaces.some((n) => nsSel.matches({ labels: namespaceLabels(n.labels) }))) {
        reasons.push(`its namespace selector (${nsReqs.map(formatRequirement).join(', ')}) matches no namespace (namespaces: ${listText(listedNamespaces.map((n) => n.name), 5)})`);
      }
    }
    // namespace scoping: the same labels in other namespaces
    if (pinned && reasons.length === 0) {
      const unpinned = new LabelSelector(sel.requirements.filter((r) => r !== pinned));
      const elsewhere: Identity[] = ctx.podIdentities.filter((i) => unpinned.matches(i));
      if (elsewhere.length > 0) {
        const namespaces = [...new Set(elsewhere.map((i) => i.namespace ?? ''))].sort();
        const found = `pods with these labels exist in ${listText(namespaces)} (${listText(podNames(elsewhere), 2)})`;
        if (!injectedNamespace(ctx, site)) {
          reasons.push(found);
        } else {
          const scoped = site.role === 'subject'
            ? `a ${ref.kind} only selects pods of its own namespace (${pinned.values[0]})`
            : ref.kind === 'NetworkPolicy'
              ? `a podSelector without namespaceSelector selects pods of the policy's namespace (${pinned.values[0]}) only`
              : `a ${ref.kind} peer selector without io.kubernetes.pod.namespace is scoped to the policy's namespace (${pinned.values[0]})`;
          reasons.push(`${found}, but ${scoped}`);
          if (site.role === 'peer' && ref.kind !== 'NetworkPolicy') {
            const raw = ctx.raw(ref, site.path) as { matchLabels?: Record<string, unknown> } | undefined;
            const matchLabels: Record<string, unknown> = { ...(raw?.matchLabels ?? {}), 'k8s:io.kubernetes.pod.namespace': namespaces[0] };
            fix = { description: `Name the namespace of the peer pods in the selector${namespaces.length > 1 ? ` (one selector per namespace: ${namespaces.join(', ')})` : ''}.`, yaml: toYaml({ matchLabels }) };
          } else if (site.role === 'peer') {
            fix = { description: `Add a namespaceSelector for ${namespaces.join(', ')} next to the podSelector.`, yaml: toYaml({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespaces[0] } } }) };
          }
        }
      }
    }
    const where = pinned ? ` in namespace ${pinned.values[0]}` : '';
    const effect = site.role === 'subject'
      ? 'the policy applies to nothing'
      : site.entry.deny ? 'this peer denies nothing' : 'this peer allows nothing';
    const what = site.role === 'subject' ? `Subject selector ${selectorText(sel, ref.kind !== 'CiliumClusterwideNetworkPolicy')}` : `${site.peer!.description}`;
    const message = `${what} matches no pod${where}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}, so ${effect}.`;
    findings.push(ctx.finding({ id: ID, policy: ref, path: site.path, message, fix }));
  }
  return findings;
}
