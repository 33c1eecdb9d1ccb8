/**
 * Cilium labels: `source:key=value`. An identity's labels are keyed by key (as Cilium's
 * `labels.Labels` map is), so one key carries one source.
 */

export type LabelSource = string; // 'k8s' | 'reserved' | 'cidr' | 'fqdn' | 'unspec' | ...

export const SOURCE_K8S = 'k8s';
export const SOURCE_RESERVED = 'reserved';
export const SOURCE_ANY = 'any';
export const SOURCE_CIDR = 'cidr';

export interface Label {
  readonly source: LabelSource;
  readonly key: string;
  readonly value: string;
}

export type LabelSet = ReadonlyMap<string, Label>;

export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
export const SERVICE_ACCOUNT_LABEL = 'io.cilium.k8s.policy.serviceaccount';
export const CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const DEFAULT_CLUSTER_NAME = 'default';

export function labelSetFrom(labels: Iterable<Label>): Map<string, Label> {
  const set = new Map<string, Label>();
  for (const l of labels) set.set(l.key, l);
  return set;
}

export function formatLabel(label: Label): string {
  return label.value === '' ? `${label.source}:${label.key}` : `${label.source}:${label.key}=${label.value}`;
}

/** Sorted `source:key=value` strings: the canonical text of a label set. */
export function formatLabels(labels: LabelSet): string[] {
  return [...labels.values()].map(formatLabel).sort();
}

/** A stable key for "same labels" comparisons (identity allocation). */
export function labelSetKey(labels: LabelSet): string {
  return formatLabels(labels).join('\u0000');
}

/** Parses `source:key=value` (Hubble's and Cilium's label text); no source means `unspec`. */
export function parseLabel(text: string): Label {
  const colon = text.indexOf(':');
  const eq = text.indexOf('=');
  const hasSource = colon !== -1 && (eq === -1 || colon < eq);
  const source = hasSource ? text.slice(0, colon) : 'unspec';
  const rest = hasSource ? text.slice(colon + 1) : text;
  const at = rest.indexOf('=');
  return at === -1 ? { source, key: rest, value: '' } : { source, key: rest.slice(0, at), value: rest.slice(at + 1) };
}
