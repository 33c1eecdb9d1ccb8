/**
 * Cilium's default identity label filter (pkg/labelsfilter/filter.go, defaultLabelPrefixCfg,
 * 1.20 list incl. `!topology\.kubernetes\.io` from PR #43725). Each entry is a regex matched at
 * the start of the key; a label is kept when no ignore entry matches or the longest include is
 * longer than the shortest ignore (docs/research/cilium-knp-translation.md B.1, B.2).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { podIdentityLabels } from './identity.js';
import { isIdentityRelevantLabel } from './label-filter.js';
import type { PodInfo } from './resources.js';

interface Row {
  readonly key: string;
  readonly kept: boolean;
  readonly why: string;
}

const ROWS: readonly Row[] = [
  // ordinary labels: no entry matches at offset 0
  { key: 'app', kept: true, why: 'no filter entry matches' },
  { key: 'k8s-app', kept: true, why: '`k8s\\.io` needs a literal dot after k8s' },
  { key: 'tier', kept: true, why: 'no filter entry matches' },
  { key: 'my-annotation', kept: true, why: '`annotation.*` is anchored at the start' },
  // ignore entries
  { key: 'pod-template-hash', kept: false, why: '!pod-template-hash' },
  { key: 'pod-template-generation', kept: false, why: '!pod-template-generation' },
  { key: 'controller-revision-hash', kept: false, why: '!controller-revision-hash' },
  { key: 'controller-uid', kept: false, why: '!controller-uid' },
  { key: 'statefulset.kubernetes.io/pod-name', kept: false, why: '!statefulset\\.kubernetes\\.io/pod-name' },
  { key: 'apps.kubernetes.io/pod-index', kept: false, why: '!apps\\.kubernetes\\.io/pod-index' },
  { key: 'batch.kubernetes.io/job-completion-index', kept: false, why: '!batch\\.kubernetes\\.io/job-completion-index' },
  { key: 'batch.kubernetes.io/controller-uid', kept: false, why: '!batch\\.kubernetes\\.io/controller-uid' },
  { key: 'kubernetes.io/hostname', kept: false, why: '!kubernetes\\.io' },
  { key: 'kubernetes.io/metadata.name', kept: false, why: '!kubernetes\\.io' },
  { key: 'k8s.io/foo', kept: false, why: '!k8s\\.io' },
  { key: 'topology.kubernetes.io/zone', kept: false, why: '!topology\\.kubernetes\\.io (PR #43725)' },
  { key: 'beta.kubernetes.io/arch', kept: false, why: '!.*beta\\.kubernetes\\.io' },
  { key: 'failure-domain.beta.kubernetes.io/zone', kept: false, why: '!.*beta\\.kubernetes\\.io matches anywhere in the key' },
  { key: 'annotation.example.com/x', kept: false, why: '!annotation.*' },
  { key: 'etcd_node', kept: false, why: '!etcd_node' },
  { key: 'io.kubernetes.pod.name', kept: false, why: '!io\\.kubernetes, and no include is longer' },
  { key: 'io.kubernetes.container.name', kept: false, why: '!io\\.kubernetes' },
  // anchored at the start: a later occurrence does not match
  { key: 'node.kubernetes.io/x', kept: true, why: '`kubernetes\\.io` is anchored, so node.kubernetes.io is kept' },
  { key: 'node-role.kubernetes.io/control-plane', kept: true, why: 'anchored ignore entries do not match a later occurrence' },
  // includes longer than the ignore that also matches
  { key: 'io.kubernetes.pod.namespace', kept: true, why: 'include (27 chars) beats !io\\.kubernetes (13 chars)' },
  { key: 'app.kubernetes.io/name', kept: true, why: 'include app\\.kubernetes\\.io; no ignore matches at offset 0' },
  { key: 'app.kubernetes.io/part-of', kept: true, why: 'include app\\.kubernetes\\.io' },
  { key: 'io.cilium.k8s.namespace.labels.team', kept: true, why: 'include io\\.cilium\\.k8s\\.namespace\\.labels' },
  { key: 'io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name', kept: true, why: 'the namespace-label include; !kubernetes\\.io is anchored' },
  { key: 'io.cilium.k8s.policy.serviceaccount', kept: true, why: 'include io\\.cilium\\.k8s\\.policy\\.serviceaccount' },
  { key: 'io.cilium.k8s.policy.cluster', kept: true, why: 'include io\\.cilium\\.k8s\\.policy\\.cluster' },
  // an ignore match longer than the include wins
  {
    key: 'io.cilium.k8s.namespace.labels.failure-domain.beta.kubernetes.io/zone',
    kept: false,
    why: '!.*beta\\.kubernetes\\.io matches 64 chars, longer than the 30-char namespace-label include',
  },
];

describe('the default identity label filter', () => {
  for (const row of ROWS) {
    it(`${row.key} is ${row.kept ? 'kept' : 'dropped'}: ${row.why}`, () => {
      assert.equal(isIdentityRelevantLabel(row.key), row.kept);
    });
  }

  it('answers the same on repeated calls (the answer is cached per key)', () => {
    for (const row of ROWS) assert.equal(isIdentityRelevantLabel(row.key), row.kept, row.key);
  });
});

describe('identity labels of a pod go through the filter (k8s.GetPodMetadata, then labelsfilter.Filter)', () => {
  const pod: PodInfo = {
    namespace: 'prod',
    name: 'web-0',
    labels: {
      app: 'web',
      'pod-template-hash': '5d4f8',
      'statefulset.kubernetes.io/pod-name': 'web-0',
      'app.kubernetes.io/name': 'web',
      'topology.kubernetes.io/zone': 'a',
    },
    nodeName: 'node-1',
    serviceAccount: 'web-sa',
    ips: [],
    namedPorts: [],
    hostNetwork: false,
  };
  const labels = podIdentityLabels(pod, {
    name: 'prod',
    labels: { team: 'a', 'kubernetes.io/metadata.name': 'prod', 'failure-domain.beta.kubernetes.io/zone': 'z' },
    listed: true,
  });
  const text = [...labels.values()].map((l) => `${l.source}:${l.key}=${l.value}`).sort();

  it('keeps relevant pod labels and drops the filtered ones', () => {
    assert.ok(text.includes('k8s:app=web'));
    assert.ok(text.includes('k8s:app.kubernetes.io/name=web'));
    assert.ok(!text.some((t) => t.includes('pod-template-hash')));
    assert.ok(!text.some((t) => t.includes('statefulset.kubernetes.io/pod-name')));
    assert.ok(!text.some((t) => t.includes('topology.kubernetes.io/zone')));
  });

  it('namespace labels become io.cilium.k8s.namespace.labels.<key>, filtered as a whole key', () => {
    assert.ok(text.includes('k8s:io.cilium.k8s.namespace.labels.team=a'));
    assert.ok(text.includes('k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=prod'));
    assert.ok(!text.some((t) => t.includes('failure-domain')));
  });

  it('adds the namespace, service account and cluster labels with source k8s', () => {
    assert.ok(text.includes('k8s:io.kubernetes.pod.namespace=prod'));
    assert.ok(text.includes('k8s:io.cilium.k8s.policy.serviceaccount=web-sa'));
    assert.ok(text.includes('k8s:io.cilium.k8s.policy.cluster=default'));
  });
});
