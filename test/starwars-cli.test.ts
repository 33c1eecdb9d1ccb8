/**
 * Cilium's Star Wars demo as published (examples/starwars, from cilium/cilium's
 * examples/minikube): the exact commands of the README, with the verdicts Cilium's
 * getting-started guide shows.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { runCli } from './helpers/cli.js';

const RUN = fileURLToPath(new URL('../src/cli/run.ts', import.meta.url));
const DEMO_DIR = fileURLToPath(new URL('../examples/starwars/', import.meta.url));

/** `membrane ARGS` as a process in examples/starwars, as the README runs it. */
function membrane(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', RUN, ...args], { cwd: DEMO_DIR }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const APP = 'examples/starwars/http-sw-app.yaml';
const POLICY = 'examples/starwars/sw_l3_l4_l7_policy.yaml';

const trace = (from: string, request: string, ...more: string[]) =>
  runCli('trace', '-f', APP, '-f', POLICY, '--from', from, '--to', 'service:default/deathstar', '--port', '80/TCP', '--http', request, ...more);

describe('Star Wars demo', () => {
  it('the README commands, run as written in examples/starwars, give ALLOW, DENY, DENY', async () => {
    const readme = (from: string, request: string) =>
      membrane('trace', '-f', 'http-sw-app.yaml', '-f', 'sw_l3_l4_l7_policy.yaml', '--from', from, '--to', 'service:default/deathstar', '--port', '80/TCP', '--http', request);
    const [land, exhaust, xwing] = await Promise.all([
      readme('pod:default/tiefighter', 'POST /v1/request-landing'),
      readme('pod:default/tiefighter', 'PUT /v1/exhaust-port'),
      readme('pod:default/xwing', 'POST /v1/request-landing'),
    ]);
    for (const r of [land, exhaust, xwing]) assert.equal(r.code, 0, r.stderr);
    assert.match(land!.stdout, /^ALLOW {2}pod default\/tiefighter -> pod default\/deathstar-0 TCP\/80 POST \/v1\/request-landing\n/);
    assert.match(exhaust!.stdout, /^DENY {2}pod default\/tiefighter -> pod default\/deathstar-0 TCP\/80 PUT \/v1\/exhaust-port\n/);
    assert.match(xwing!.stdout, /^DENY {2}pod default\/xwing -> pod default\/deathstar-0 TCP\/80 POST \/v1\/request-landing\n/);
    assert.match(xwing!.stdout, /DENY {2}ingress of default\/deathstar-0: denied, the endpoint is in ingress default deny/);
  });

  it('tiefighter may land: POST /v1/request-landing is allowed by rule1', async () => {
    const r = await trace('pod:default/tiefighter', 'POST /v1/request-landing');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ALLOW {2}pod default\/tiefighter -> pod default\/deathstar-0 TCP\/80 POST \/v1\/request-landing/);
    assert.match(r.stdout, /HTTP request allowed by POST \/v1\/request-landing/);
    assert.match(r.stdout, /service default\/deathstar port 80\/TCP: Cilium translates it to backend default\/deathstar-0:80 \(1 of 2 backends/);
    assert.match(r.stdout, /pod default\/deathstar-0 is synthesized from the pod template of Deployment default\/deathstar \(pod 1 of 2\)/);
  });

  it('tiefighter may not blow the exhaust port: PUT /v1/exhaust-port is denied by the L7 rules', async () => {
    const r = await trace('pod:default/tiefighter', 'PUT /v1/exhaust-port');
    assert.match(r.stdout, /^DENY {2}pod default\/tiefighter -> pod default\/deathstar-0/);
    assert.match(r.stdout, /HTTP request denied \(HTTP 403 Access denied\)/);
    const json = JSON.parse((await trace('pod:default/tiefighter', 'PUT /v1/exhaust-port', '-o', 'json')).stdout);
    assert.equal(json.verdict, 'deny');
    assert.equal(json.ingress.l7.verdict, 'deny');
    assert.equal(json.egress.verdict, 'allow');
  });

  it('xwing (org=alliance) cannot connect at all: ingress default deny', async () => {
    const r = await trace('pod:default/xwing', 'POST /v1/request-landing', '-o', 'json');
    const x = JSON.parse(r.stdout);
    assert.equal(x.verdict, 'deny');
    assert.equal(x.ingress.verdict, 'deny');
    assert.equal(x.ingress.l7, undefined, 'dropped at L3/L4, before any HTTP');
    assert.match(x.ingress.summary, /default deny/);
    const l4 = await runCli('trace', '-f', APP, '-f', POLICY, '--from', 'pod:default/xwing', '--to', 'service:default/deathstar', '--port', '80/TCP', '--expect', 'deny');
    assert.equal(l4.code, 0);
  });

  it('the deathstar can be named by its Deployment; endpoints without a namespace are in -n (default)', async () => {
    const ok = await runCli('trace', '-f', APP, '-f', POLICY, '--from', 'pod:tiefighter', '--to', 'deploy:deathstar', '--port', '80/TCP', '--http', 'POST /v1/request-landing', '-o', 'json');
    assert.equal(ok.code, 0, ok.stderr);
    const x = JSON.parse(ok.stdout);
    assert.equal(x.verdict, 'allow');
    assert.equal(x.to, 'pod default/deathstar-0');
    assert.match(x.notes[0], /^Deployment default\/deathstar is pod default\/deathstar-0 \(the first of its 2 pods\)/);
  });

  it('with -n empire the manifests land in namespace empire', async () => {
    const r = await runCli('trace', '-f', APP, '-f', POLICY, '-n', 'empire', '--from', 'pod:tiefighter', '--to', 'service:deathstar', '--port', '80/TCP', '--http', 'PUT /v1/exhaust-port');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^DENY {2}pod empire\/tiefighter -> pod empire\/deathstar-0/);
    assert.match(r.stdout, /CiliumNetworkPolicy\/empire\/rule1/);
    const other = await runCli('trace', '-f', APP, '-f', POLICY, '-n', 'empire', '--from', 'pod:default/tiefighter', '--to', 'service:empire/deathstar');
    assert.equal(other.code, 2);
    assert.match(other.stderr, /no pod default\/tiefighter in the input/);
  });
});
