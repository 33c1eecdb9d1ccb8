/**
 * Cilium's default identity-relevant label filter (pkg/labelsfilter/filter.go, 1.20 list).
 * Each entry is a regular expression matched at the start of the label key; its length is
 * the end of that match. A label is kept when no ignore entry matches, or when the longest
 * matching include is longer than the shortest matching ignore (ties drop the label).
 * Labels it drops do not become part of a pod's identity, so selectors on them match nothing.
 */

interface FilterEntry {
  /** fixed pattern written here (never user input), anchored at the start */
  readonly pattern: RegExp;
  readonly include: boolean;
}

function entry(source: string, include: boolean): FilterEntry {
  return { pattern: new RegExp(`^(?:${source})`), include };
}

const DEFAULT_ENTRIES: readonly FilterEntry[] = [
  entry('io\\.kubernetes\\.pod\\.namespace', true),
  entry('io\\.cilium\\.k8s\\.namespace\\.labels', true),
  entry('app\\.kubernetes\\.io', true),
  entry('io\\.cilium\\.k8s\\.policy\\.cluster', true),
  entry('io\\.cilium\\.k8s\\.policy\\.serviceaccount', true),
  entry('io\\.kubernetes', false),
  entry('kubernetes\\.io', false),
  entry('statefulset\\.kubernetes\\.io/pod-name', false),
  entry('apps\\.kubernetes\\.io/pod-index', false),
  entry('batch\\.kubernetes\\.io/job-completion-index', false),
  entry('batch\\.kubernetes\\.io/controller-uid', false),
  entry('.*beta\\.kubernetes\\.io', false),
  entry('k8s\\.io', false),
  entry('pod-template-generation', false),
  entry('pod-template-hash', false),
  entry('controller-revision-hash', false),
  entry('controller-uid', false),
  entry('annotation.*', false),
  entry('etcd_node', false),
  entry('topology\\.kubernetes\\.io', false),
];

const cache = new Map<string, boolean>();

/** Whether Cilium keeps a (k8s-source) label key in identities by default. */
export function isIdentityRelevantLabel(key: string): boolean {
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let included = 0;
  let ignored = 0;
  for (const e of DEFAULT_ENTRIES) {
    const m = e.pattern.exec(key);
    if (!m) continue;
    const length = m[0].length;
    if (e.include) included = Math.max(included, length);
    else ignored = ignored === 0 ? length : Math.min(ignored, length);
  }
  const keep = ignored === 0 || included > ignored;
  cache.set(key, keep);
  return keep;
}
