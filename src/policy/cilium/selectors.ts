/**
 * Building compiled selectors from what users write, and the namespace / cluster injection
 * Cilium applies to them (pkg/k8s/apis/cilium.io/utils/utils.go).
 */

import {
  CLUSTER_LABEL,
  LabelSelector,
  NAMESPACE_LABELS_PREFIX,
  POD_NAMESPACE_LABEL,
  SOURCE_K8S,
  SOURCE_RESERVED,
  equals,
  exists,
  splitSourceKey,
  type Requirement,
  type SelectorOperator,
} from '../../cluster/index.js';
import type { EndpointSelectorSpec } from './api.js';

export function compileSelector(spec: EndpointSelectorSpec | undefined): LabelSelector {
  const reqs: Requirement[] = [];
  for (const [encoded, value] of Object.entries(spec?.matchLabels ?? {})) {
    const { source, key } = splitSourceKey(encoded);
    reqs.push(equals(source, key, String(value)));
  }
  for (const expr of spec?.matchExpressions ?? []) {
    const { source, key } = splitSourceKey(expr.key);
    reqs.push({ source, key, operator: expr.operator as SelectorOperator, values: (expr.values ?? []).map(String) });
  }
  return new LabelSelector(reqs);
}

/**
 * Compiled selectors are immutable and policies repeat the same ones (namespace baselines,
 * kube-dns, prometheus): each distinct (selector, scope) is compiled once and shared, found by
 * its scope, then by the selector's JSON text.
 */
class ScopedMemo<T> {
  private readonly byScope = new Map<string, Map<string, T>>();
  private size = 0;

  get(scopeKey: string, text: string, build: () => T): T {
    let byText = this.byScope.get(scopeKey);
    if (!byText) this.byScope.set(scopeKey, (byText = new Map()));
    let value = byText.get(text);
    if (value === undefined) {
      value = build();
      if (this.size >= MAX_COMPILED) {
        for (const m of this.byScope.values()) m.clear();
        this.size = 0;
      }
      byText.set(text, value);
      this.size++;
    }
    return value;
  }
}

const MAX_COMPILED = 200_000;

/** The text of a selector as written, for the memo (undefined when it is not plain data). */
function specText(spec: EndpointSelectorSpec | undefined): string | undefined {
  try {
    return JSON.stringify(spec ?? null);
  } catch {
    return undefined;
  }
}

const subjects = new ScopedMemo<LabelSelector>();

/** The subject of a namespaced policy: the policy namespace always wins over a user value. */
export function namespacedSubject(spec: EndpointSelectorSpec | undefined, namespace: string): LabelSelector {
  const text = specText(spec);
  if (text === undefined) return buildNamespacedSubject(spec, namespace);
  return subjects.get(namespace, text, () => buildNamespacedSubject(spec, namespace));
}

function buildNamespacedSubject(spec: EndpointSelectorSpec | undefined, namespace: string): LabelSelector {
  const matchLabels = { ...(spec?.matchLabels ?? {}) };
  delete matchLabels[`${SOURCE_K8S}:${POD_NAMESPACE_LABEL}`];
  const base = compileSelector({ ...spec, matchLabels });
  return base.with(equals(SOURCE_K8S, POD_NAMESPACE_LABEL, namespace));
}

export interface PeerScope {
  /** the policy namespace (CNP, KNP) or undefined (CCNP) */
  readonly namespace?: string | undefined;
  readonly clusterName: string;
  /** CCNP only: the rule's subject names reserved:init, so peers are not namespace-limited */
  readonly subjectIsInit?: boolean;
}

/** fromEndpoints / toEndpoints as Cilium scopes them (getEndpointSelector). */
export function scopedPeerSelector(spec: EndpointSelectorSpec | undefined, scope: PeerScope): LabelSelector {
  return scopedPeer(spec, scope).selector;
}

/** A scoped peer selector and how the user wrote it (describeSelectorSpec), both remembered. */
export interface ScopedPeer {
  readonly selector: LabelSelector;
  readonly description: string;
}

const scopedPeers = new ScopedMemo<ScopedPeer>();

/** scopedPeerSelector and describeSelectorSpec of one selector, computed once per (selector, scope). */
export function scopedPeer(spec: EndpointSelectorSpec | undefined, scope: PeerScope): ScopedPeer {
  const build = (): ScopedPeer => ({ selector: buildScopedPeerSelector(spec, scope), description: describeSelectorSpec(spec) });
  const text = specText(spec);
  if (text === undefined) return build();
  return scopedPeers.get(`${scope.namespace ?? '\u0001'}\0${scope.clusterName}\0${scope.subjectIsInit === true}`, text, build);
}

function buildScopedPeerSelector(spec: EndpointSelectorSpec | undefined, scope: PeerScope): LabelSelector {
  let sel = compileSelector(spec);
  if (sel.hasSource(SOURCE_RESERVED)) return sel;
  if (!sel.hasKey(POD_NAMESPACE_LABEL)) {
    if (scope.namespace !== undefined) {
      if (!sel.hasKeyPrefix(NAMESPACE_LABELS_PREFIX)) sel = sel.with(equals(SOURCE_K8S, POD_NAMESPACE_LABEL, scope.namespace));
    } else if (!scope.subjectIsInit) {
      sel = sel.with(exists(SOURCE_K8S, POD_NAMESPACE_LABEL));
    }
  }
  if (!sel.hasKey(CLUSTER_LABEL)) sel = sel.with(equals(SOURCE_K8S, CLUSTER_LABEL, scope.clusterName));
  return sel;
}

export function describeSelectorSpec(spec: EndpointSelectorSpec | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(spec?.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of spec?.matchExpressions ?? []) {
    const values = e.values && e.values.length > 0 ? ` (${e.values.join(',')})` : '';
    parts.push(`${e.key} ${e.operator}${values}`);
  }
  return parts.length === 0 ? '{}' : `{${parts.join(', ')}}`;
}
