/**
 * The command line on the semantic points of issue 8 §1 (the scenarios in test/semantics):
 * Envoy rejecting an endpoint's policy (validate warns, lint errs, trace explains), mutual
 * authentication settings (--mutual-auth, --settings, PolicyTest settings).
 */

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './helpers/cli.js';

const NACK = 'test/semantics/envoy-rejects-endpoint-policy.yaml';
const AUTH = 'test/semantics/mutual-auth-off.yaml';

describe('Envoy rejecting an endpoint\'s policy', () => {
  it('validate: a warning with the field and the fix, the policy is accepted (exit 0)', async () => {
    const r = await runCli('validate', '-f', NACK);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /envoy-rejects-endpoint-policy\.yaml:\d+:54: warning: endPort 80 < port 8080: Cilium accepts it as the single port 8080, but sends the range as written to Envoy, which refuses it/);
    assert.match(r.stdout, /hint: set endPort to at least 8080, or remove it for a single port/);
    assert.match(r.stdout, /warning: the path regex .* has an RE2 program size of 282/);
    assert.match(r.stdout, /6 policies: 6 accepted, 0 rejected/);
  });

  it('lint: an error per field naming the pods it breaks (exit 1)', async () => {
    const r = await runCli('lint', '-q', '-f', NACK, '--enable', 'envoy-rejects-policy', '-o', 'json');
    assert.equal(r.code, 1);
    const findings = JSON.parse(r.stdout).findings as { id: string; severity: string; message: string; pods: string[] }[];
    assert.deepEqual(findings.map((f) => [f.id, f.severity, f.pods]), [
      ['envoy-rejects-policy', 'error', ['default/server']],
      ['envoy-rejects-policy', 'error', ['default/regex']],
      ['envoy-rejects-policy', 'error', ['default/named']],
    ]);
    assert.match(findings[2]!.message, /spec\.ingress\[1\]\.toPorts\[0\]\.ports\[0\] endPort 9000 < port admin \(9443 here\)/);
  });

  it('trace: the refused connection says why, in text and JSON', async () => {
    const text = await runCli('trace', '-q', '-f', NACK, '--from', 'pod:default/client', '--to', 'pod:default/server', '--port', '80/TCP');
    assert.match(text.stdout, /^DENY /);
    assert.match(text.stdout, /Envoy rejected this endpoint's policy: CiliumNetworkPolicy\/default\/server spec\.ingress\[1\]\.toPorts\[0\]\.ports\[0\] endPort 80 < port 8080/);
    const json = JSON.parse((await runCli('trace', '-q', '-f', NACK, '--from', 'pod:default/client', '--to', 'pod:default/server', '--port', '80/TCP', '-o', 'json')).stdout);
    assert.deepEqual(json.ingress.envoyRejected.map((e: { path: string; problem: string }) => `${e.path} ${e.problem}`), ['spec.ingress[1].toPorts[0].ports[0] endPort 80 < port 8080']);
  });
});

describe('mutual authentication settings', () => {
  it('by default a rule requiring authentication drops the traffic, and says so', async () => {
    const r = await runCli('trace', '-q', '-f', AUTH, '--from', 'pod:default/client', '--to', 'pod:default/server', '--port', '80/TCP', '-o', 'json');
    const x = JSON.parse(r.stdout);
    assert.equal(x.verdict, 'deny');
    assert.deepEqual({ mode: x.ingress.authentication.mode, mutualAuth: x.ingress.authentication.mutualAuth, passes: x.ingress.authentication.passes }, { mode: 'required', mutualAuth: false, passes: false });
    assert.match(x.ingress.summary, /mutual authentication is off \(Cilium's default\)/);
  });

  it('--mutual-auth and --settings (a cilium-config ConfigMap) let it pass', async () => {
    const flag = await runCli('trace', '-q', '-f', AUTH, '--from', 'pod:default/client', '--to', 'pod:default/server', '--port', '80/TCP', '--mutual-auth');
    assert.match(flag.stdout, /^ALLOW /);
    assert.match(flag.stdout, /assumed to succeed/);
    const dir = mkdtempSync(join(tmpdir(), 'membrane-settings-'));
    const cm = join(dir, 'cilium-config.yaml');
    writeFileSync(cm, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata:\n  mesh-auth-enabled: "true"\n  mesh-auth-mutual-listener-port: "4250"\n  tunnel-protocol: vxlan\n');
    const file = await runCli('trace', '-q', '-f', AUTH, '--from', 'pod:default/client', '--to', 'pod:default/server', '--port', '80/TCP', '--settings', cm);
    assert.equal(file.code, 0);
    assert.match(file.stdout, /^ALLOW /);
    const matrix = await runCli('matrix', '-q', '-f', AUTH, '--settings', cm, '-o', 'json');
    assert.equal(matrix.code, 0);
  });

  it('a bad settings file is an input error (exit 2) naming the option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'membrane-settings-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'mesh-auth-mutual-listener-port: lots\n');
    const r = await runCli('trace', '-f', AUTH, '--from', 'pod:default/client', '--to', 'pod:default/server', '--port', '80/TCP', '--settings', bad);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yaml:1:\d+: error: mesh-auth-mutual-listener-port: expected a port number \(got "lots"\)/);
  });

  it('membrane test --mutual-auth applies to files without settings; a file\'s own settings win', async () => {
    assert.equal((await runCli('test', AUTH)).code, 0);
    const on = await runCli('test', AUTH, '--mutual-auth');
    assert.equal(on.code, 1);
    assert.match(on.stdout, /client -> server TCP\/80 \(authentication required, mutual auth off\)/);
    assert.equal((await runCli('test', 'test/semantics/mutual-auth-on.yaml')).code, 0);
  });
});

describe('IPv6', () => {
  const SINGLE = 'test/semantics/ipv6-not-enabled.yaml';

  it('without IPv6 an IPv6 flow is denied as not modelled, in text and JSON', async () => {
    const text = await runCli('trace', '-q', '-f', SINGLE, '--from', 'pod:default/open', '--to', 'ip:2001:db8::10', '--port', '443');
    assert.match(text.stdout, /^DENY /);
    assert.match(text.stdout, /not modelled, so not allowed: IPv6 is not enabled in this cluster/);
    const json = JSON.parse((await runCli('trace', '-q', '-f', SINGLE, '--from', 'pod:default/open', '--to', 'ip:2001:db8::10', '--port', '443', '-o', 'json')).stdout);
    assert.equal(json.verdict, 'deny');
    assert.match(json.unmodelled, /IPv6 is not enabled/);
  });

  it('--settings enable-ipv6 makes the cluster dual stack; pods without an IPv6 address send no IPv6', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'membrane-settings-'));
    const settings = join(dir, 'settings.yaml');
    writeFileSync(settings, 'enable-ipv6: "true"\n');
    const r = await runCli('trace', '-q', '-f', SINGLE, '--from', 'pod:default/client', '--to', 'ip:2001:db8::10', '--port', '443', '--settings', settings, '-o', 'json');
    const x = JSON.parse(r.stdout);
    // client has only an IPv4 address, so it cannot send IPv6
    assert.match(x.unmodelled, /pod default\/client has no IPv6 address/);
    const from = await runCli('trace', '-q', '-f', SINGLE, '--from', 'ip:2001:db8::10', '--to', 'ip:2001:db8::11', '--port', '443', '--settings', settings, '-o', 'json');
    assert.equal(JSON.parse(from.stdout).unmodelled, undefined);
  });

  it('in dual stack an IPv6 address outside the cluster is reserved:world-ipv6, an IPv4 one world-ipv4', async () => {
    const peer = async (ip: string) => JSON.parse((await runCli('trace', '-q', '-f', 'test/semantics/ipv6-dual-stack.yaml', '--from', 'pod:default/v4only', '--to', `ip:${ip}`, '--port', '443', '-o', 'json')).stdout).egress.peer;
    assert.deepEqual(await peer('2600::10'), { id: 10, name: 'reserved:world-ipv6', labels: ['reserved:world-ipv6'] });
    assert.deepEqual(await peer('203.0.113.10'), { id: 9, name: 'reserved:world-ipv4', labels: ['reserved:world-ipv4'] });
  });
});
