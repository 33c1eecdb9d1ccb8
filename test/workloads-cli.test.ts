/** Workloads, services and -n from the command line; commands that need pods say when there are none. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './helpers/cli.js';

const SHOP = 'test/fixtures/workloads/shop.yaml';
const DUMP = 'test/fixtures/workloads/dump.yaml';
const POLICY_ONLY = 'examples/starwars/sw_l3_l4_l7_policy.yaml';
const SEED = 'examples/seed/seed-demo.yaml';

describe('workloads and services as endpoints', () => {
  it('manifests without namespace land in -n; a service is reached at its target port (a named port of the template)', async () => {
    const r = await runCli('trace', '-f', SHOP, '-n', 'shop', '--from', 'deploy:frontend', '--to', 'svc:cart', '--port', '80', '-o', 'json');
    assert.equal(r.code, 0, r.stderr);
    const x = JSON.parse(r.stdout);
    assert.equal(x.verdict, 'allow');
    assert.equal(x.from, 'pod shop/frontend-0');
    assert.equal(x.to, 'pod shop/cart-0');
    assert.equal(x.port, 6379);
    assert.equal(x.ingress.decidedBy[0].policy, 'CiliumNetworkPolicy/shop/cart-ingress', 'the policy is in -n too, and the service account comes from the template');
  });

  it('a service without selector or endpoints, and a pod name that is a workload, are clear usage errors', async () => {
    const legacy = await runCli('trace', '-f', SHOP, '-n', 'shop', '--from', 'deploy:frontend', '--to', 'service:legacy', '--port', '80');
    assert.equal(legacy.code, 2);
    assert.match(legacy.stderr, /--to: service shop\/legacy has no selector and no EndpointSlice or Endpoints of it in the input/);
    const pod = await runCli('trace', '-f', SHOP, '-n', 'shop', '--from', 'pod:frontend', '--to', 'service:cart', '--port', '80');
    assert.equal(pod.code, 2);
    assert.match(pod.stderr, /--from: no pod shop\/frontend in the input; shop\/frontend is a Deployment: use deployment:shop\/frontend/);
  });

  it('a cluster dump: the real pod stands for its Deployment (nothing synthesized, nothing doubled)', async () => {
    const r = await runCli('policy', '-f', DUMP, '--all', '-o', 'json');
    assert.equal(r.code, 0, r.stderr);
    const views = (JSON.parse(r.stdout) as { items: { pods: string[] }[] }).items;
    assert.deepEqual(views.flatMap((v) => v.pods), ['shop/frontend-6d4cf56db6-x7k2p']);
    const trace = await runCli('trace', '-f', DUMP, '--from', 'deployment:shop/frontend', '--to', 'ip:8.8.8.8', '--port', '53/UDP', '-o', 'json');
    assert.equal(JSON.parse(trace.stdout).from, 'pod shop/frontend-6d4cf56db6-x7k2p');
  });

  it('policy --pod takes a workload; matrix marks synthesized pods', async () => {
    const policy = await runCli('policy', '-f', SHOP, '-n', 'shop', '--pod', 'statefulset:cart', '-o', 'json');
    assert.equal(policy.code, 0, policy.stderr);
    assert.deepEqual(JSON.parse(policy.stdout).pods, ['shop/cart-0', 'shop/cart-1']);
    const matrix = await runCli('matrix', '-f', SHOP, '--max-replicas', '1');
    assert.match(matrix.stdout, /default:app=frontend {2}\(1 pod, synthesized from a workload\)/);
    const none = await runCli('matrix', '-f', SHOP, '--max-replicas', '0');
    assert.equal(none.code, 2, '--max-replicas 0: no pods made from workloads');
    assert.match(none.stderr, /the input has no pods/);
  });

  it('-n and --max-replicas are checked', async () => {
    const ns = await runCli('matrix', '-f', SHOP, '-n', 'Not_A_Namespace');
    assert.equal(ns.code, 2);
    assert.match(ns.stderr, /--namespace: "Not_A_Namespace" is not a namespace name/);
    const max = await runCli('trace', '-f', SHOP, '--max-replicas', 'many', '--from', 'deploy:frontend', '--to', 'svc:cart');
    assert.equal(max.code, 2);
    assert.match(max.stderr, /--max-replicas must be a whole number/);
  });
});

describe('commands that need pods say when the input has none', () => {
  const NO_PODS = /^error: the input has no pods: add a cluster dump \(kubectl get pods,namespaces,nodes,services,endpointslices -A -o yaml\)/m;

  for (const [name, args] of [
    ['trace', ['trace', '-f', POLICY_ONLY, '--from', 'ip:10.0.0.1', '--to', 'ip:10.0.0.2']],
    ['matrix', ['matrix', '-f', POLICY_ONLY]],
    ['policy --all', ['policy', '-f', POLICY_ONLY, '--all']],
    ['policy --pod', ['policy', '-f', POLICY_ONLY, '--pod', 'default/deathstar']],
    ['diff', ['diff', POLICY_ONLY, POLICY_ONLY]],
  ] as const) {
    it(`${name}: exit 2 with the hint, no empty output`, async () => {
      const r = await runCli(...args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, NO_PODS);
      assert.equal(r.stdout, '');
    });
  }

  it('lint and replay warn (they still check what they can)', async () => {
    const lint = await runCli('lint', '-f', POLICY_ONLY);
    assert.equal(lint.code, 0);
    assert.match(lint.stderr, /warning: the input has no pods, so checks that need them .* find nothing: add a cluster dump/);
    const replay = await runCli('replay', '-f', POLICY_ONLY, 'test/fixtures/hubble/seed-flows.jsonl', '-o', 'json');
    assert.match(replay.stderr, /warning: the input has no pods, so endpoints are known only by the labels in the flows: add a cluster dump/);
    const withPods = await runCli('replay', '-f', SEED, 'test/fixtures/hubble/seed-flows.jsonl', '-o', 'json');
    assert.doesNotMatch(withPods.stderr, /no pods/);
  });
});
