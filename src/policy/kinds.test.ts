/**
 * Objects the API server would refuse do not count (issue 8 §2): apiVersion per kind (the
 * versions the Cilium CRDs serve, networking.k8s.io/v1, v1, discovery.k8s.io/v1), names and
 * namespaces by the API server's rules, misspelled kinds with a did-you-mean, network policy
 * kinds Cilium does not enforce.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../analysis/model.js';
import { admitObjects, nameProblem, suggestKind } from './kinds.js';
import { CRD_SERVED_VERSIONS } from './schema/crd-versions.generated.js';
import { parseText } from './yaml-source.js';

const objects = (text: string) => parseText(text, 'k.yaml').objects;
const CNP = (apiVersion: string, name: string, extra = '') => `apiVersion: ${apiVersion}
kind: CiliumNetworkPolicy
metadata: {name: ${name}, namespace: default}
spec: {endpointSelector: {}, ingress: [{}]}${extra}
`;

describe('the API server\'s kind, version and name checks', () => {
  it('the served CRD versions come from the CRDs (CiliumCIDRGroup serves v2 and v2alpha1)', () => {
    assert.deepEqual(CRD_SERVED_VERSIONS.CiliumNetworkPolicy, ['cilium.io/v2']);
    assert.deepEqual([...CRD_SERVED_VERSIONS.CiliumCIDRGroup].sort(), ['cilium.io/v2', 'cilium.io/v2alpha1']);
  });

  it('a CiliumNetworkPolicy in a version the CRD does not serve is rejected, with the served version as the fix', () => {
    const model = buildModel(objects([CNP('cilium.io/v2', 'ok'), CNP('cilium.io/v2alpha1', 'old'), CNP('cilium.io/v3', 'new')].join('---\n')));
    assert.deepEqual(model.policies.accepted.map((p) => p.ref.name), ['ok']);
    assert.deepEqual(model.policies.rejected.map((r) => r.ref.name), ['old', 'new']);
    const d = model.policies.rejected[0]!.diagnostics[0]!;
    assert.match(d.message, /no matches for kind "CiliumNetworkPolicy" in version "cilium\.io\/v2alpha1"/);
    assert.equal(d.hint, 'apiVersion: cilium.io/v2');
    assert.equal(d.location?.line, 6);
  });

  it('names and namespaces by the API server\'s rules per kind', () => {
    assert.equal(nameProblem('web.prod', 'subdomain'), undefined);
    assert.match(nameProblem('Web', 'subdomain') ?? '', /RFC 1123 subdomain/);
    assert.match(nameProblem('a'.repeat(254), 'subdomain') ?? '', /253/);
    assert.match(nameProblem('web.prod', 'label') ?? '', /RFC 1123 label/);
    assert.match(nameProblem('1web', 'dns1035') ?? '', /DNS-1035/);
    const model = buildModel(objects([
      CNP('cilium.io/v2', 'Bad_Name'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: Prod}\n',
      'apiVersion: v1\nkind: Service\nmetadata: {name: 1svc, namespace: default}\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {namespace: default}\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: good, namespace: default}\n',
    ].join('---\n')));
    assert.deepEqual(model.policies.rejected.map((r) => r.ref.name), ['Bad_Name']);
    assert.deepEqual(model.admission.refused.map((r) => `${r.ref.kind}/${r.ref.name}`), ['Pod/p', 'Service/1svc', 'Pod/']);
    assert.deepEqual(model.cluster.pods.map((p) => p.name), ['good'], 'refused pods are left out of the cluster');
  });

  it('a misspelled kind is refused with a did-you-mean; real kinds are listed as ignored', () => {
    assert.equal(suggestKind('CiliumNetworkPolicies'), 'CiliumNetworkPolicy');
    assert.equal(suggestKind('CiliumNetworkpolicy'), 'CiliumNetworkPolicy');
    assert.equal(suggestKind('NetworkPolicies'), 'NetworkPolicy');
    assert.equal(suggestKind('Pods'), 'Pod');
    assert.equal(suggestKind('Role'), undefined, 'a real kind close to Node');
    assert.equal(suggestKind('Certificate'), undefined);
    const a = admitObjects(objects([
      'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicies\nmetadata: {name: x, namespace: default}\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\n',
    ].join('---\n')));
    assert.equal(a.refused.length, 1);
    const d = a.refused[0]!.diagnostics[0]!;
    assert.equal(d.severity, 'error');
    assert.equal(d.hint, 'did you mean "CiliumNetworkPolicy"?');
    assert.deepEqual([...a.ignored], [['ConfigMap', 2]]);
    assert.ok(a.diagnostics.some((x) => x.code === 'input.ignored-kinds' && /ConfigMap \(2\)/.test(x.message)));
  });

  it('network policies Cilium does not enforce are warned about and never read as policies', () => {
    const model = buildModel(objects([
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: ClusterNetworkPolicy\nmetadata: {name: deny-all}\nspec: {}\n',
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: anp}\nspec: {}\n',
      'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: calico, namespace: default}\nspec: {selector: all()}\n',
      'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: old, namespace: default}\nspec: {podSelector: {}}\n',
    ].join('---\n')));
    assert.equal(model.policies.accepted.length, 0, 'a Calico NetworkPolicy is not a Kubernetes NetworkPolicy');
    const warnings = model.diagnostics.filter((d) => d.code === 'k8s.not-enforced');
    assert.equal(warnings.length, 3);
    assert.match(warnings[0]!.message, /ClusterNetworkPolicy .*Cilium does not enforce it/);
    assert.deepEqual(model.admission.refused.map((r) => r.ref.name), ['old'], 'extensions/v1beta1 is no longer served');
  });

  it('the last accepted definition of a name is in force; a rejected one is still reported', () => {
    const bad = CNP('cilium.io/v2', 'dup').replace('ingress: [{}]', 'ingress: [{}], bogus: 1');
    const good = CNP('cilium.io/v2', 'dup');
    for (const text of [[bad, good], [good, bad]]) {
      const model = buildModel(objects(text.join('---\n')));
      assert.equal(model.policies.accepted.length, 1);
      assert.equal(model.policies.rejected.length, 1);
    }
  });
});
