/**
 * The label selectors of accepted policies as lint checks see them: subjects (one per rule)
 * and endpoint peers (fromEndpoints / toEndpoints, NetworkPolicy pod and namespace
 * selectors), with where they are written.
 */

import {
  CLUSTER_LABEL,
  NAMESPACE_LABELS_PREFIX,
  POD_NAMESPACE_LABEL,
  formatPath,
  formatRequirement,
  splitSourceKey,
  type LabelSelector,
  type PathSegment,
  type Requirement,
} from '../../cluster/index.js';
import { formatPolicyRef, type PeerRef, type PolicyEntry, type PolicyRef } from '../../policy/entry.js';
import { subjectPath, type LintContext } from './context.js';

export interface SelectorSite {
  readonly policy: PolicyRef;
  readonly role: 'subject' | 'peer';
  readonly selector: LabelSelector;
  readonly path: readonly PathSegment[];
  /** an entry of the rule (for a peer: the entry the peer belongs to) */
  readonly entry: PolicyEntry;
  readonly peer?: PeerRef | undefined;
}

const ENDPOINT_FIELDS = new Set(['fromEndpoints', 'toEndpoints']);

function isEndpointPeer(entry: PolicyEntry, peer: PeerRef): boolean {
  if (peer.peer.kind !== 'selector') return false;
  const field = peer.path[peer.path.length - 2];
  if (entry.origin.policy.kind === 'NetworkPolicy') return field === 'from' || field === 'to';
  return typeof field === 'string' && ENDPOINT_FIELDS.has(field);
}

export function selectorSites(ctx: LintContext): SelectorSite[] {
  const sites: SelectorSite[] = [];
  const seen = new Set<string>();
  for (const policy of ctx.policies) {
    for (const entry of policy.entries) {
      const subjectKey = `${formatPolicyRef(policy.ref)}|${formatPath(subjectPath(entry))}`;
      if (!seen.has(subjectKey)) {
        seen.add(subjectKey);
        sites.push({ policy: policy.ref, role: 'subject', selector: entry.subject, path: subjectPath(entry), entry });
      }
      for (const peer of entry.peers ?? []) {
        if (!isEndpointPeer(entry, peer) || peer.peer.kind !== 'selector') continue;
        const key = `${formatPolicyRef(policy.ref)}|${formatPath(peer.path)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        sites.push({ policy: policy.ref, role: 'peer', selector: peer.peer.selector, path: peer.path, entry, peer });
      }
    }
  }
  return sites;
}

/** A requirement as users write it: `app=web`, `k8s:app=web`, `tier in (a,b)`. */
export function requirementText(r: Requirement): string {
  const text = formatRequirement(r);
  return r.source === 'any' ? text.replace(/^(!?)any:/, '$1') : text;
}

/**
 * The requirements of a selector without the namespace and cluster ones Cilium injects (for a
 * namespaced policy the namespace is said separately), as text.
 */
export function selectorText(selector: LabelSelector, namespaced = false): string {
  const own = selector.requirements.filter((r) =>
    r.key !== CLUSTER_LABEL && !(r.key === POD_NAMESPACE_LABEL && (r.operator === 'Exists' || (namespaced && r.source === 'k8s'))));
  return own.length === 0 ? '{}' : `{${own.map(requirementText).join(', ')}}`;
}

export function isUserSource(r: Requirement): boolean {
  return r.source === 'k8s' || r.source === 'any';
}

/**
 * Where a requirement is written under a selector: `matchLabels.<key>` or
 * `matchExpressions[i]`; for a NetworkPolicy peer inside its podSelector / namespaceSelector.
 */
export function requirementPath(ctx: LintContext, site: SelectorSite, r: Requirement): PathSegment[] {
  const base = [...site.path];
  const candidates: { path: PathSegment[]; key: string }[] = [];
  if (site.policy.kind === 'NetworkPolicy' && site.role === 'peer') {
    if (r.key.startsWith(NAMESPACE_LABELS_PREFIX)) candidates.push({ path: [...base, 'namespaceSelector'], key: r.key.slice(NAMESPACE_LABELS_PREFIX.length) });
    else candidates.push({ path: [...base, 'podSelector'], key: r.key });
  } else {
    candidates.push({ path: base, key: r.key });
  }
  for (const c of candidates) {
    const raw = ctx.raw(site.policy, c.path);
    if (typeof raw !== 'object' || raw === null) continue;
    const sel = raw as { matchLabels?: Record<string, unknown>; matchExpressions?: { key?: string }[] };
    for (const k of Object.keys(sel.matchLabels ?? {})) {
      if (splitSourceKey(k).key === c.key) return [...c.path, 'matchLabels', k];
    }
    const i = (sel.matchExpressions ?? []).findIndex((e) => typeof e?.key === 'string' && splitSourceKey(e.key).key === c.key);
    if (i >= 0) return [...c.path, 'matchExpressions', i];
  }
  return candidates[0]?.path ?? base;
}
