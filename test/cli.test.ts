/** The command line, run in-process: outputs, formats and exit codes. */

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './helpers/cli.js';

const SEED = 'examples/seed/seed-demo.yaml';

describe('membrane trace', () => {
  it('explains an allowed flow with the policy, rule and peer', async () => {
    const r = await runCli('trace', '-f', SEED, '--from', 'pod:default/app1', '--to', 'pod:default/app2', '--port', '80/TCP');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^ALLOW {2}pod default\/app1 -> pod default\/app2 TCP\/80/);
    assert.match(r.stdout, /CiliumNetworkPolicy\/default\/app1-egress {2}spec\.egress\[0\] {2}peer toEndpoints\[0\]: \{app=app2\}/);
  });

  it('an HTTP request the L7 rules refuse is denied, naming the rule tried', async () => {
    const r = await runCli('trace', '-f', SEED, '--from', 'pod:default/app1', '--to', 'pod:default/app2', '--port', '80/TCP', '--http', 'GET /products', '-o', 'json');
    const x = JSON.parse(r.stdout);
    assert.equal(x.verdict, 'deny');
    assert.equal(x.ingress.l7.verdict, 'deny');
    assert.equal(x.ingress.l7.tried[0].l7Rule, 'GET /auth');
  });

  it('a DNS query outside the DNS rules is refused', async () => {
    const r = await runCli('trace', '-f', SEED, '--from', 'pod:default/app1', '--to', 'pod:kube-system/coredns-0', '--port', '53/UDP', '--dns-query', 'amazon.com');
    assert.match(r.stdout, /^DENY/);
    assert.match(r.stdout, /REFUSED/);
  });

  it('a flow to a ClusterIP is evaluated to a backend at the target port, as Cilium translates it first', async () => {
    const f = 'test/conformance/features/11-footgun-06-toservices-target-port.yaml';
    const r = await runCli('trace', '-f', f, '--from', 'pod:default/client-svc-port', '--to', 'ip:10.96.0.50', '--port', '80', '-o', 'json');
    const x = JSON.parse(r.stdout);
    assert.equal(x.to, 'pod default/backend-0');
    assert.equal(x.port, 8080);
    assert.match(x.notes[0], /10\.96\.0\.50:80 is service default\/backend: Cilium translates it to backend default\/backend-0:8080/);
    const none = await runCli('trace', '-f', f, '--from', 'pod:default/client-svc-port', '--to', 'ip:10.96.0.50', '--port', '81');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /has no TCP port 81/);
  });

  it('--expect makes a different verdict exit 1', async () => {
    const ok = await runCli('trace', '-f', SEED, '--from', 'pod:default/app1', '--to', 'ip:8.8.8.8', '--port', '443', '--expect', 'deny');
    assert.equal(ok.code, 0);
    const bad = await runCli('trace', '-f', SEED, '--from', 'pod:default/app1', '--to', 'ip:8.8.8.8', '--port', '443', '--expect', 'allow');
    assert.equal(bad.code, 1);
  });

  it('bad usage exits 2 with a clear message', async () => {
    const r = await runCli('trace', '-f', SEED, '--from', 'pod:default/nope', '--to', 'ip:8.8.8.8');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no pod default\/nope/);
    const port = await runCli('trace', '-f', SEED, '--from', 'pod:default/app1', '--to', 'ip:8.8.8.8', '--port', '99999');
    assert.equal(port.code, 2);
    const missing = await runCli('trace', '-f', 'does-not-exist.yaml', '--from', 'pod:default/app1', '--to', 'ip:8.8.8.8');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or directory/);
  });
});

describe('membrane validate', () => {

  it('exits 1 when an object is rejected even though a later object of the same name is accepted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'membrane-validate-'));
    const file = join(dir, 'dup.yaml');
    const cnp = (extra: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: dup, namespace: default}\nspec: {endpointSelector: {}, ingress: [{}]${extra}}\n`;
    writeFileSync(file, [cnp(', bogus: 1'), cnp('')].join('---\n'));
    const r = await runCli('validate', '-f', file);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /2 policies: 1 accepted, 1 rejected \(CiliumNetworkPolicy\/default\/dup\)/);
    const json = JSON.parse((await runCli('validate', '-f', file, '-o', 'json')).stdout);
    assert.deepEqual(json.accepted, ['CiliumNetworkPolicy/default/dup']);
    assert.equal(json.rejected.length, 1);
  });

  it('a misspelled kind is refused with a did-you-mean and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'membrane-validate-'));
    const file = join(dir, 'kind.yaml');
    writeFileSync(file, 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicies\nmetadata: {name: x, namespace: default}\nspec: {endpointSelector: {}}\n');
    const r = await runCli('validate', '-f', file);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /kind\.yaml:2:7: error: no kind "CiliumNetworkPolicies" in cilium\.io\/v2: the API server would refuse it; it is ignored \[k8s\.unknown-kind\]/);
    assert.match(r.stdout, /hint: did you mean "CiliumNetworkPolicy"\?/);
    assert.match(r.stdout, /1 other object the API server would refuse: CiliumNetworkPolicies\/default\/x/);
  });
  it('rejects an unknown field with file, line, path and a did-you-mean', async () => {
    const r = await runCli('validate', '-f', 'test/fixtures/typo-policy.yaml');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /test\/fixtures\/typo-policy\.yaml:8:7: error: API server validation: strict decoding error: unknown field "spec\.ingress\[0\]\.toPort"/);
    assert.match(r.stdout, /hint: did you mean "toPorts"\?/);
    assert.match(r.stdout, /1 policy: 0 accepted, 1 rejected/);
  });

  it('accepts valid policies with exit 0, and reports JSON', async () => {
    const r = await runCli('validate', '-f', SEED, '-o', 'json');
    assert.equal(r.code, 0);
    const x = JSON.parse(r.stdout);
    assert.equal(x.rejected.length, 0);
    assert.equal(x.accepted.length, 3);
  });
});

describe('membrane test', () => {
  it('passes the examples, ending with the summary line', async () => {
    const r = await runCli('test', 'examples');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /\n24 passed, 0 failed, 0 skipped$/);
    // the manifests beside the tests (examples/starwars) are skipped with a note, not failed
    assert.match(r.stderr, /note: examples\/starwars\/http-sw-app\.yaml: no PolicyTest document \(a manifest\?\), skipped/);
  });

  it('a file named on its own must hold a PolicyTest', async () => {
    const r = await runCli('test', 'examples/starwars/http-sw-app.yaml');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /no PolicyTest document \(kind: PolicyTest\) in this file/);
  });

  it('a failing case exits 1 and shows expected vs actual with the explanation', async () => {
    const r = await runCli('test', 'test/fixtures/failing-test.yaml');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL a -> b TCP\/81 \(wrong on purpose\)/);
    assert.match(r.stdout, /expected allow, got deny/);
    assert.match(r.stdout, /ingress default deny/);
    assert.match(r.stdout, /1 passed, 1 failed, 1 skipped$/);
  });

  it('-o json follows the runner output format', async () => {
    const r = await runCli('test', 'test/fixtures/failing-test.yaml', '-o', 'json');
    const x = JSON.parse(r.stdout);
    assert.deepEqual(x.summary, { passed: 1, failed: 1, skipped: 1 });
    const f = x.files[0];
    assert.deepEqual(Object.keys(f), ['file', 'name', 'error', 'rejected', 'cases']);
    assert.equal(f.error, null);
    assert.deepEqual(f.cases.map((c: { status: string }) => c.status), ['pass', 'fail', 'skip']);
    assert.equal(f.cases[1].actual, 'deny');
  });

  it('--junit writes a JUnit report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'membrane-'));
    const file = join(dir, 'junit.xml');
    await runCli('test', 'test/fixtures/failing-test.yaml', '--junit', file);
    const xml = readFileSync(file, 'utf8');
    assert.match(xml, /<testsuites name="membrane" tests="3" failures="1" skipped="1">/);
    assert.match(xml, /<failure message="expected allow, got deny"/);
  });

  it('an unreadable file: no verdict, exit 2; --skip-invalid runs the rest and lists it in every format', async () => {
    const r = await runCli('test', 'no-such-dir/x.yaml', SEED, '-o', 'json');
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no-such-dir\/x\.yaml: error: no such file or directory/);
    assert.match(r.stderr, /--skip-invalid/);
    const skipped = await runCli('test', 'no-such-dir/x.yaml', SEED, '-o', 'json', '--skip-invalid');
    assert.equal(skipped.code, 0, skipped.stderr);
    const x = JSON.parse(skipped.stdout);
    assert.equal(x.summary.failed, 0);
    assert.ok(x.summary.passed > 0);
    assert.deepEqual(x.skippedFiles.map((s: { file: string }) => s.file), ['no-such-dir/x.yaml']);
    const text = await runCli('test', 'no-such-dir/x.yaml', SEED, '--skip-invalid');
    assert.match(text.stdout, /skipped input \(could not be read or parsed\): no-such-dir\/x\.yaml: no such file or directory/);
    const junit = join(mkdtempSync(join(tmpdir(), 'membrane-junit-')), 'j.xml');
    await runCli('test', 'no-such-dir/x.yaml', SEED, '--skip-invalid', '--junit', junit);
    assert.match(readFileSync(junit, 'utf8'), /<testcase name="load no-such-dir\/x\.yaml" classname="skipped inputs"><skipped message="could not be read or parsed: no such file or directory"\/>/);
  });

  it('a file that does not parse: exit 2 with the position and, for a template, a hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'membrane-helm-'));
    const file = join(dir, 'chart.yaml');
    writeFileSync(file, 'kind: PolicyTest\nname: {{ .Values.name }}\n');
    const r = await runCli('test', file);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /chart\.yaml:2:\d+: YAML: .*hint: this file holds \{\{ \.\.\. \}\} template expressions: it looks like an unrendered Helm chart/);
  });
});

describe('membrane policy', () => {
  it('shows an endpoint\'s map entries with their rules, in 100 columns', async () => {
    const r = await runCli('policy', '-f', SEED, '--pod', 'default/app2');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /ingress: enforced, default deny on/);
    assert.match(r.stdout, /ALLOW +257 +default:app=app1 +80\/TCP +http +cnp\/default\/app2-ingress/);
    assert.match(r.stdout, /allow-localhost/);
    assert.match(r.stdout, /egress: not enforced/);
    const app1 = await runCli('policy', '-f', SEED, '--pod', 'default/app1');
    const widest = Math.max(...app1.stdout.split('\n').map((l) => l.length));
    assert.ok(widest <= 100, `a line of ${widest} columns`);
    // long cells wrap onto the next line, in their column
    assert.match(app1.stdout, /^ {4}ALLOW +256 +kube-system:k8s-app= +53\/TCP +dns +cnp\/default\/app1-egress\n {23}kube-dns +egress\[1\]$/m);
  });

  it('-o wide lists every label, one per line; -o json and yaml are documents', async () => {
    const wide = await runCli('policy', '-f', SEED, '--pod', 'default/app1', '-o', 'wide');
    assert.equal(wide.code, 0);
    assert.match(wide.stdout, /^ {4}ALLOW +256 +gen:io\.cilium\.k8s\.named-ports=dns-tcp\.TCP\.53_dns\.UDP\.53 +53\/TCP +dns +CiliumNetworkPolicy\/default\/app1-egress spec\.egress\[1\]\n {23}k8s:io\.cilium\.k8s\.namespace\.labels/m);
    const json = JSON.parse((await runCli('policy', '-f', SEED, '--pod', 'default/app1', '-o', 'json')).stdout);
    assert.equal(json.kind, 'EndpointPolicy');
    assert.equal(json.version, 1);
    assert.equal(json.name, 'default:app=app1');
    assert.equal(json.egress.entries.find((e: { identity: number }) => e.identity === 256).peer, 'kube-system:k8s-app=kube-dns');
    const yaml = await runCli('policy', '-f', SEED, '--pod', 'default/app1', '-o', 'yaml');
    assert.match(yaml.stdout, /^kind: EndpointPolicy\nversion: 1\n/);
    assert.equal((await runCli('policy', '-f', SEED, '--pod', 'default/app1', '-o', 'xml')).code, 2);
  });

  it('--all summarises every identity', async () => {
    const r = await runCli('policy', '-f', SEED, '--all');
    assert.match(r.stdout, /4 identities, \d+ map entries/);
    assert.match(r.stdout, /^256 +1 +deny-default\/9 +open +kube-system:k8s-app=kube-dns$/m);
    const j = JSON.parse((await runCli('policy', '-f', SEED, '--all', '-o', 'json')).stdout);
    assert.equal(j.kind, 'EndpointPolicyList');
    assert.equal(j.items.length, 4);
  });
});

describe('membrane demo, matrix and diff', () => {
  it('demo prints every flow and exits 0', async () => {
    const r = await runCli('demo', '--brief');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /DENY +app1 -> app2 GET \/products/);
  });

  it('matrix renders text, csv, markdown, json and dot', async () => {
    const text = await runCli('matrix', '-f', SEED);
    assert.match(text.stdout, /legend/);
    const csv = await runCli('matrix', '-f', SEED, '-o', 'csv', '--ports', '80/TCP');
    assert.match(csv.stdout, /^source,destination,protocol,port,verdict,code\n/);
    assert.match(csv.stdout, /default:app=app1,default:app=app2,TCP,80,allow,L/);
    const md = await runCli('matrix', '-f', SEED, '-o', 'md', '--ports', '80/TCP');
    assert.match(md.stdout, /\| default:app=app1 \|/);
    const json = JSON.parse((await runCli('matrix', '-f', SEED, '-o', 'json')).stdout);
    assert.equal(json.sources.length, 4);
    const dot = await runCli('matrix', '-f', SEED, '-o', 'dot');
    assert.match(dot.stdout, /^digraph membrane \{/);
    const bad = await runCli('matrix', '-f', SEED, '-o', 'pdf');
    assert.equal(bad.code, 2);
  });

  it('diff fails on a new allow when asked', async () => {
    const same = await runCli('diff', SEED, SEED, '--fail-on-new-allow');
    assert.equal(same.code, 0);
    assert.match(same.stdout, /No change in connectivity/);
    const r = await runCli('diff', SEED, 'test/fixtures/allow-all-app2.yaml', '--fail-on-new-allow', '-o', 'json');
    assert.equal(r.code, 1);
    assert.ok(JSON.parse(r.stdout).counts.newAllow > 0);
  });

  it('--help teaches: every command has examples', async () => {
    for (const cmd of ['test', 'trace', 'validate', 'policy', 'matrix', 'diff']) {
      const r = await runCli(cmd, '--help');
      assert.equal(r.code, 0, cmd);
      assert.match(r.stdout, /Examples:/, cmd);
    }
  });
});
