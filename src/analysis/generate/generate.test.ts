/**
 * `membrane generate` end to end on recordings: the project's sample (policy verdicts, L7,
 * DNS) and recordings of clusters without policy made from PolicyTest scenarios
 * (tools/synthesize-flows.ts: every allowed case a connection). The generated policies must
 * pass the recording (0 drops, checked again here by the PolicyTest runner) and keep every
 * denied case of the scenario denied unless the recording shows that traffic.
 */

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { recordableCase, synthesizeFlows } from '../../../tools/synthesize-flows.js';
import type { K8sObject } from '../../cluster/index.js';
import { readWorkspace } from '../../io/workspace.js';
import { parseText } from '../../policy/yaml-source.js';
import { buildModel } from '../model.js';
import { runPolicyTest } from '../policy-test.js';
import { PolicyGenerator, stableSelector, type GenerateResult, type PolicyGeneratorOptions } from './index.js';

type Obj = Record<string, any>;
const POLICY_KINDS = new Set(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'NetworkPolicy']);

function generateFrom(base: K8sObject[], dns: Record<string, string[]>, lines: readonly string[], options: PolicyGeneratorOptions = {}, verifyByClass = true): GenerateResult {
  const modelOptions = { dns: { answers: dns, mode: 'learn' as const } };
  const model = buildModel(base, modelOptions);
  const generator = new PolicyGenerator(base, model, modelOptions, options);
  if (!verifyByClass) Object.assign(generator, { verifyByClass: false });
  lines.forEach((line, i) => generator.addRecord(JSON.parse(line), 'recording', i + 1));
  return generator.finish();
}

function generatedObjects(r: GenerateResult): Obj[] {
  return [...r.files.entries()].flatMap(([ns, text]) => parseText(text, `${ns}.yaml`).objects.map((o) => o.value as Obj));
}

/** Generated HTTP rules match method and path: Host and headers are not learned. */
const sameRequest = (a: Obj, b: Obj): boolean => !a.dns && !b.dns && (!a.http || (b.http && a.http.method === b.http.method && String(a.http.path).split('?')[0] === String(b.http.path).split('?')[0]));
const sameFlow = (a: Obj, b: Obj): boolean => JSON.stringify([a.from, a.to, a.protocol ?? 'TCP', a.port, a.icmpType]) === JSON.stringify([b.from, b.to, b.protocol ?? 'TCP', b.port, b.icmpType]);

describe('membrane generate on PolicyTest scenarios recorded without policy', () => {
  const dirs = ['test/conformance/basics', 'test/conformance/features'];
  const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.yaml')).map((f) => join(d, f)));
  let scenarios = 0;
  for (const file of files) {
    const doc = parse(readFileSync(file, 'utf8'), { version: '1.1' }) as Obj;
    const cases: Obj[] = Array.isArray(doc.cases) ? doc.cases : [];
    if (doc.kind !== 'PolicyTest' || !cases.some(recordableCase)) continue;
    scenarios++;
    it(file, () => {
      const base: K8sObject[] = (doc.resources as Obj[]).filter((r) => !POLICY_KINDS.has(r.kind)).map((value) => ({ value }));
      const lines = synthesizeFlows(doc);
      const result = generateFrom(base, (doc.dns ?? {}) as Record<string, string[]>, lines, { l7: true });
      // the verification replays each class once where no DNS answer is learned: as record by record
      for (const holdout of [undefined, 0.3]) {
        const byClass = generateFrom(base, (doc.dns ?? {}) as Record<string, string[]>, lines, { l7: true, holdout });
        const inOrder = generateFrom(base, (doc.dns ?? {}) as Record<string, string[]>, lines, { l7: true, holdout }, false);
        assert.deepEqual(byClass.verification, inOrder.verification);
        assert.deepEqual(byClass.holdout, inOrder.holdout);
      }
      assert.deepEqual(result.verification.rejected, []);
      assert.equal(result.verification.dropped, 0, JSON.stringify(result.verification.report.nowDropped.groups.map((g) => g.decision.summary)));
      // the scenario's cases against the cluster with only the generated policies
      const recorded = cases.filter(recordableCase);
      // workloads the recording does not show get no policy: only denials a generated policy can make are checked
      const covered = new Set(result.policies.flatMap((p) => p.subject.pods.map((pod) => `${pod.namespace}/${pod.name}`)));
      const enforcedByGenerated = (c: Obj): boolean => covered.has(c.from?.pod) || covered.has(c.to?.pod);
      // Cilium always lets a pod's own node in (allow-localhost): only a deny rule stops it, and generate writes none
      const fromOwnNode = (c: Obj): boolean => {
        const dst = (doc.resources as Obj[]).find((r) => r.kind === 'Pod' && `${r.metadata.namespace ?? 'default'}/${r.metadata.name}` === c.to?.pod);
        const node = (doc.resources as Obj[]).find((r) => r.kind === 'Node' && r.metadata.name === dst?.spec?.nodeName);
        return c.from?.node === node?.metadata?.name || (c.from?.ip !== undefined && (node?.status?.addresses ?? []).some((a: Obj) => a.address === c.from.ip));
      };
      // workloads with egress keep DNS to the cluster DNS open when the recording shows none of their lookups
      const dnsPods = new Set((doc.resources as Obj[]).filter((r) => r.kind === 'Pod' && r.metadata.labels?.['k8s-app'] === 'kube-dns').map((r) => `${r.metadata.namespace ?? 'default'}/${r.metadata.name}`));
      const openDns = (c: Obj): boolean => dnsPods.has(c.to?.pod) && c.port === 53 && !recorded.some((a) => a.dns && a.from?.pod === c.from?.pod);
      const checked = cases
        .filter((c) => c.expect === 'allow' ? recordableCase(c) : c.expect === 'deny' && enforcedByGenerated(c) && !fromOwnNode(c) && !openDns(c))
        .filter((c) => c.expect === 'allow' || !recorded.some((a) => sameFlow(a, c) && sameRequest(a, c)))
        .map(({ egress: _e, ingress: _i, ...c }) => c);
      const test = { ...doc, resources: [...base.map((o) => o.value), ...generatedObjects(result)], expectRejected: [], cases: checked };
      const r = runPolicyTest(file, test, undefined);
      assert.equal(r.error, null);
      const failed = r.cases.filter((c) => c.status === 'fail').map((c) => `${c.name}: ${c.reason}`);
      assert.deepEqual(failed, [], `generated:\n${[...result.files.values()].join('\n')}`);
    });
  }
  it('covers the scenarios', () => assert.ok(scenarios >= 30, String(scenarios)));
});

describe('membrane generate on the project sample recording', () => {
  const ws = readWorkspace(['examples/seed/seed-demo.yaml']);
  const lines = readFileSync('test/fixtures/hubble/seed-flows.jsonl', 'utf8').split('\n').filter(Boolean);

  it('writes policies the recording passes, with and without the existing policies', () => {
    const result = generateFrom(ws.objects, ws.dns, lines, { l7: true });
    assert.equal(result.verification.dropped, 0);
    assert.ok(result.verification.flows > 800, String(result.verification.flows));
    // without the scenario's own policies: the generated ones alone pass the recording
    const base = ws.objects.filter((o) => !POLICY_KINDS.has((o.value as Obj).kind));
    const alone = generateFrom(base, ws.dns, lines, { l7: true });
    assert.equal(alone.verification.dropped, 0);
    const names = alone.policies.map((p) => `${p.namespace}/${p.name}`).sort();
    // one per workload of the manifests that the recording shows (prometheus and the report job are not in them)
    assert.deepEqual(names, ['default/app1-generated', 'default/app2-generated', 'default/other-generated', 'kube-system/kube-dns-generated']);
    const app1 = alone.files.get('default')!;
    // toFQDNs for the names the DNS answers gave, and the DNS rule with exactly the names queried
    assert.match(app1, /toFQDNs:\n\s+- matchName: maps\.google\.com/);
    assert.match(app1, /rules:\n\s+dns:\n\s+- matchName: api\.github\.com\n\s+- matchName: maps\.google\.com/);
    // HTTP rules from the recorded requests, and a comment per rule
    assert.match(app1, /http:\n\s+- method: GET\n\s+path: \/auth/);
    assert.match(app1, /# \d+ recorded flows? to default\/app2/);
  });

  it('--holdout: learns from the start, replays the rest per workload', () => {
    const result = generateFrom(ws.objects, ws.dns, lines, { holdout: 0.2 });
    assert.ok(result.holdout);
    assert.ok(result.holdout.verification.flows > 100);
    assert.equal(result.holdout.byWorkload.reduce((n, w) => n + w.dropped, 0), result.holdout.verification.dropped);
    assert.ok(result.learnedFlows < result.verification.flows + 1);
  });

  it('a connection made before the DNS answer named its address gets a CIDR rule', () => {
    // move app1's first connection to maps.google.com before every DNS answer
    const first = lines.findIndex((l) => l.includes('"destination":"142.250.180.14"') && l.includes('"event_type":{"type":5}'));
    assert.ok(first > 0);
    const moved = [lines[first]!, ...lines.slice(0, first), ...lines.slice(first + 1)];
    const result = generateFrom(ws.objects, ws.dns, moved, { l7: true });
    assert.equal(result.verification.dropped, 0);
    assert.ok(result.cidrFallbacks.includes('142.250.180.14'), String(result.cidrFallbacks));
    assert.match(result.files.get('default')!, /toCIDR:\n\s+- 142\.250\.180\.14\/32/);
  });
});

describe('stableSelector', () => {
  it('uses the most telling label, adds labels until the identity is singled out, and DoesNotExist for supersets', () => {
    const ws = readWorkspace(['examples/seed/seed-demo.yaml']);
    const model = buildModel(ws.objects);
    const all = model.cluster.identities.all();
    const app1 = all.find((i) => i.name === 'default:app=app1')!;
    assert.deepEqual(stableSelector(app1, all), { matchLabels: { app: 'app1' } });
    const pod = (name: string, labels: Obj) => ({ value: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: { nodeName: 'node-1' }, status: { podIP: `10.9.0.${name.length + Object.keys(labels).length}` } } });
    const m2 = buildModel([pod('a', { app: 'web', 'pod-template-hash': 'abc' }), pod('bb', { app: 'web', version: 'v2' })]);
    const ids = m2.cluster.identities.all();
    const web = ids.find((i) => i.pods[0]?.name === 'a')!;
    const v2 = ids.find((i) => i.pods[0]?.name === 'bb')!;
    assert.deepEqual(stableSelector(web, ids), { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'version', operator: 'DoesNotExist' }] });
    assert.deepEqual(stableSelector(v2, ids), { matchLabels: { app: 'web', version: 'v2' } });
  });
});
