/**
 * Building compiled selectors from what users write, and the namespace / cluster injection
 * Cilium applies to them (pkg/k8s/apis/cilium.io/utils/utils.go).
 */

import {
  CLUSTER_LABEL,
  LabelSelector,
  NAMESPACE_LABELS_PREFIX,
  POD_NAMESPACE_LABEL,
  SOURCE_ANY,
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
  return new LabelSelector(selectorRequirements(spec));
}

/** The requirements a selector spec writes (a matchLabels key equal to `withoutLabel` left out). */
function selectorRequirements(spec: EndpointSelectorSpec | undefined, withoutLabel?: string): Requirement[] {
  const reqs: Requirement[] = [];
  const labels = spec?.matchLabels;
  if (labels) {
    for (const encoded in labels) {
      if (!Object.hasOwn(labels, encoded) || encoded === withoutLabel) continue;
      const { source, key } = splitSourceKey(encoded);
      reqs.push(equals(source, key, String(labels[encoded])));
    }
  }
  for (const expr of spec?.matchExpressions ?? []) {
    const { source, key } = splitSourceKey(expr.key);
    reqs.push({ source, key, operator: expr.operator as SelectorOperator, values: (expr.values ?? []).map(String) });
  }
  return reqs;
}

/**
 * Compiled selectors are immutable and policies repeat the same ones (namespace baselines,
 * kube-dns, prometheus): each distinct (selector, scope) is compiled once and shared, found by
 * its scope, then by the selector's JSON text.
 */
class ScopedMemo<T> {
  private readonly byScope = new Map<string, Map<string, T>>();
  private size = 0;

  clear(): void {
    this.byScope.clear();
    this.size = 0;
  }

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
  const reqs = selectorRequirements(spec, `${SOURCE_K8S}:${POD_NAMESPACE_LABEL}`);
  reqs.push(equals(SOURCE_K8S, POD_NAMESPACE_LABEL, namespace));
  return new LabelSelector(reqs);
}

export interface PeerScope {
  /** the policy namespace (CNP, KNP) or undefined (CCNP) */
  readonly namespace?: string | undefined;
  readonly clusterName: string;
  /** CCNP only: the rule's subject names reserved:init, so peers are not namespace-limited */
  readonly subjectIsInit?: boolean;
}

/** The memo key of a scope (peerScope computes it once for all the peers of a rule). */
function scopeKeyOf(scope: PeerScope): string {
  return JSON.stringify([scope.namespace ?? 0, scope.clusterName, scope.subjectIsInit === true]);
}

const scopeKeys = new WeakMap<PeerScope, string>();

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

/** Forgets every remembered selector (tests: a memo must answer as a fresh computation). */
export function clearSelectorMemos(): void {
  subjects.clear();
  scopedPeers.clear();
}

/** scopedPeerSelector and describeSelectorSpec of one selector, computed once per (selector, scope). */
export function scopedPeer(spec: EndpointSelectorSpec | undefined, scope: PeerScope): ScopedPeer {
  const build = (): ScopedPeer => ({ selector: buildScopedPeerSelector(spec, scope), description: describeSelectorSpec(spec) });
  const text = specText(spec);
  if (text === undefined) return build();
  let scopeKey = scopeKeys.get(scope);
  if (scopeKey === undefined) scopeKeys.set(scope, (scopeKey = scopeKeyOf(scope)));
  return scopedPeers.get(scopeKey, text, build);
}

/** Whether a requirement names `key` (or a key starting with it) with the k8s or any source, as LabelSelector.hasKey does. */
function namesKey(reqs: readonly Requirement[], key: string, prefix = false): boolean {
  return reqs.some((r) => (prefix ? r.key.startsWith(key) : r.key === key) && (r.source === SOURCE_K8S || r.source === SOURCE_ANY));
}

/** The scoped selector, built from its requirements at once (one sort, one key). */
function buildScopedPeerSelector(spec: EndpointSelectorSpec | undefined, scope: PeerScope): LabelSelector {
  const reqs = selectorRequirements(spec);
  if (reqs.some((r) => r.source === SOURCE_RESERVED)) return new LabelSelector(reqs);
  if (!namesKey(reqs, POD_NAMESPACE_LABEL)) {
    if (scope.namespace !== undefined) {
      if (!namesKey(reqs, NAMESPACE_LABELS_PREFIX, true)) reqs.push(equals(SOURCE_K8S, POD_NAMESPACE_LABEL, scope.namespace));
    } else if (!scope.subjectIsInit) {
      reqs.push(exists(SOURCE_K8S, POD_NAMESPACE_LABEL));
    }
  }
  if (!namesKey(reqs, CLUSTER_LABEL)) reqs.push(equals(SOURCE_K8S, CLUSTER_LABEL, scope.clusterName));
  return new LabelSelector(reqs);
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
