/**
 * `membrane lab` end to end, on real packets: the seed walkthrough typed as a user would (curl,
 * dig, nc inside the pods' namespaces), policy changes, a dead proxy failing closed, removal
 * after kill -9, and PolicyTest cases as traffic. Needs root, iproute2, nftables and the
 * client tools (CI installs them); otherwise skipped with the reason.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { labPrerequisiteProblem } from '../src/datapath/index.js';
import { runCli } from './helpers/cli.js';

const SEED = 'examples/seed/seed-demo.yaml';
const TOOLS = ['curl', 'dig', 'nc', 'ping'];

function skipReason(): string | undefined {
  const problem = labPrerequisiteProblem();
  if (problem) return problem;
  const missing = TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' }).status !== 0);
  return missing.length > 0 ? `the lab tests need ${missing.join(', ')} (apt-get install curl dnsutils netcat-openbsd iputils-ping)` : undefined;
}
const skip = skipReason();

/** Runs a command inside a lab endpoint's namespace, as `membrane lab exec` does. */
function inPod(lab: string, suffix: string, ...argv: string[]): { code: number; out: string } {
  const r = spawnSync('ip', ['netns', 'exec', `mlab.${lab}.${suffix}`, ...argv], { encoding: 'utf8', timeout: 20_000 });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

const app1 = (lab: string, ...argv: string[]) => inPod(lab, 'pod.default.app1', ...argv);

function labNamespaces(lab: string): string[] {
  try {
    return readdirSync('/run/netns').filter((n) => n === `mlab.${lab}` || n.startsWith(`mlab.${lab}.`));
  } catch {
    return [];
  }
}

function labPids(lab: string): number[] {
  const pids = new Set<number>();
  for (const ns of labNamespaces(lab)) {
    for (const p of spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean)) pids.add(Number(p));
  }
  try {
    for (const r of JSON.parse(readFileSync(`/run/membrane/lab/${lab}/processes.json`, 'utf8')) as { pid: number }[]) pids.add(r.pid);
  } catch {
    // no state
  }
  return [...pids];
}

/** Namespace inodes some process still holds (a namespace lives, with its veths, while one does). */
function heldNamespaces(inodes: ReadonlySet<number>): number[] {
  const held = new Set<number>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const ino = statSync(`/proc/${pid}/ns/net`).ino;
      if (inodes.has(ino)) held.add(ino);
    } catch {
      // the process ended
    }
  }
  return [...held];
}

/** What the lab must never change: the root namespace's links, addresses, routes, rules and ruleset. */
function rootSnapshot(): string {
  const run = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).stdout;
  return [run('ip', '-o', 'link', 'show'), run('ip', '-o', 'addr'), run('ip', 'route', 'show', 'table', 'all'), run('ip', 'rule'), run('nft', 'list', 'ruleset')]
    .join('\n---\n')
    // counters and link statistics move on their own
    .replace(/packets \d+ bytes \d+/g, '');
}

describe('membrane lab', { skip }, () => {
  const before = skip ? '' : rootSnapshot();
  after(async () => {
    for (const lab of ['mtest-seed', 'mtest-kill', 'mtest-term', 'mtest-cases']) if (labNamespaces(lab).length > 0) await runCli('lab', 'down', '--name', lab);
  });

  it('seed walkthrough: TCP/80 connects, TCP/90 does not, GET /auth 200, GET /products 403, DNS rules, toFQDNs after the lookup', async () => {
    const up = await runCli('lab', 'up', '-f', SEED, '--name', 'mtest-seed');
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /lab "mtest-seed" is up/);
    assert.match(up.stdout, /default\/app2 +10\.0\.2\.10 +node-2 +80\/TCP 90\/TCP/);

    assert.equal(app1('mtest-seed', 'nc', '-z', '-w', '5', 'app2', '80').code, 0, 'app1 -> app2 TCP/80 connects');
    assert.notEqual(app1('mtest-seed', 'nc', '-z', '-w', '1', 'app2', '90').code, 0, 'app1 -> app2 TCP/90 does not');

    const auth = app1('mtest-seed', 'curl', '-s', '-m', '10', '-w', '\n%{http_code}', 'http://app2/auth');
    assert.match(auth.out, /^default\/app2 \(10\.0\.2\.10:80\): GET \/auth from 10\.0\.1\.10\n\n200$/, 'through the HTTP proxy, app2 still sees app1\'s address');
    const products = app1('mtest-seed', 'curl', '-s', '-m', '10', '-w', '\n%{http_code}', 'http://app2/products');
    assert.equal(products.out, 'Access denied\r\n\n403');

    // toFQDNs: the address of www.google.com is closed until app1 looks the name up
    assert.notEqual(app1('mtest-seed', 'nc', '-z', '-w', '1', '142.250.74.36', '443').code, 0, 'before the lookup');
    const google = app1('mtest-seed', 'dig', '+time=8', '+tries=1', 'www.google.com');
    assert.match(google.out, /status: NOERROR/);
    assert.match(google.out, /^www\.google\.com\.\s+\d+\s+IN\s+A\s+142\.250\.74\.36$/m);
    assert.match(app1('mtest-seed', 'dig', '+time=8', '+tries=1', 'mail.google.com').out, /status: NXDOMAIN/, '*.google.com is let through (the server does not know this one)');
    assert.match(app1('mtest-seed', 'dig', '+short', '+time=8', '+tries=1', 'yahoo.com').out, /^74\.6\.143\.25$/m);
    assert.match(app1('mtest-seed', 'dig', '+time=8', '+tries=1', 'amazon.com').out, /status: REFUSED/);
    assert.equal(app1('mtest-seed', 'nc', '-z', '-w', '5', '142.250.74.36', '443').code, 0, 'after the lookup');
    assert.notEqual(app1('mtest-seed', 'nc', '-z', '-w', '1', '205.251.242.103', '443').code, 0, 'amazon.com was refused, so never learned');

    const exec = await runCli('lab', 'exec', '--name', 'mtest-seed', 'default/app1', '--', 'sh', '-c', 'exit 3');
    assert.equal(exec.code, 3, 'lab exec passes the command\'s exit code on');
    const status = await runCli('lab', 'status', '--name', 'mtest-seed');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /learned on node-1: www\.google\.com -> 142\.250\.74\.36/);
    assert.doesNotMatch(status.stdout, /amazon/);
  });

  it('ping: ICMP echo follows the policy too', () => {
    assert.equal(inPod('mtest-seed', 'pod.default.other', 'ping', '-c', '1', '-W', '2', '10.0.1.10').code, 0, 'other has no egress policy, app1 no ingress policy');
    assert.notEqual(app1('mtest-seed', 'ping', '-c', '1', '-W', '1', '10.0.2.10').code, 0, 'app1 may send TCP/80 only');
  });

  it('lab apply replaces the ruleset: other may now reach app2, and established flows follow', async () => {
    const other = (...argv: string[]) => inPod('mtest-seed', 'pod.default.other', ...argv);
    assert.notEqual(other('nc', '-z', '-w', '1', 'app2.default', '80').code, 0);
    const applied = await runCli('lab', 'apply', '-f', 'test/fixtures/allow-all-app2.yaml', '--name', 'mtest-seed');
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /4 policies enforced/);
    assert.equal(other('nc', '-z', '-w', '5', 'app2.default', '80').code, 0);
    assert.match(app1('mtest-seed', 'curl', '-s', '-m', '10', 'http://app2/products').out, /^default\/app2/, 'allows add up: app2 is open to all, so /products passes');
    const pruned = await runCli('lab', 'apply', '-f', SEED, '--prune', '--name', 'mtest-seed');
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stdout, /3 policies enforced/);
    assert.notEqual(other('nc', '-z', '-w', '1', 'app2.default', '80').code, 0, 'back to the seed policies');
  });

  it('a second lab runs beside it, and kill -9 of every lab process then lab down leaves nothing', async () => {
    const up = await runCli('lab', 'up', '-f', SEED, '--name', 'mtest-kill', '--reject');
    assert.equal(up.code, 0, up.stderr);
    assert.match(inPod('mtest-kill', 'pod.default.app1', 'curl', '-s', '-m', '10', 'http://app2/auth').out, /GET \/auth from 10\.0\.1\.10/);
    const denied = inPod('mtest-kill', 'pod.default.app1', 'nc', '-z', '-w', '5', 'app2', '90');
    assert.notEqual(denied.code, 0, '--reject: denied as well, at once');
    const inodes = new Set(labNamespaces('mtest-kill').map((ns) => statSync(`/run/netns/${ns}`).ino));
    assert.equal(inodes.size, 7 + 1);
    const pids = labPids('mtest-kill');
    assert.ok(pids.length >= 2, `lab processes: ${pids.join(', ')}`);
    for (const pid of pids) process.kill(pid, 'SIGKILL');

    const down = await runCli('lab', 'down', '--name', 'mtest-kill');
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(labNamespaces('mtest-kill'), [], '0 namespaces');
    assert.ok(!existsSync('/run/membrane/lab/mtest-kill'));
    assert.ok(!readdirSync('/etc/netns').some((n) => n.startsWith('mlab.mtest-kill')));
    // the namespaces are gone once nothing holds them: so are their veths, routes and nft table
    const deadline = Date.now() + 5000;
    while (heldNamespaces(inodes).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(heldNamespaces(inodes), [], '0 veths and 0 nft tables: no namespace of the lab survives');
    assert.doesNotMatch(spawnSync('nft', ['list', 'tables'], { encoding: 'utf8' }).stdout, /membrane/, 'no table in the root namespace');

    assert.match(app1('mtest-seed', 'curl', '-s', '-m', '10', 'http://app2/auth').out, /GET \/auth/, 'the other lab is untouched');
  });

  it('fails closed when the proxy dies: HTTP to app2 stops instead of bypassing the L7 rules, and the lab reports it', async () => {
    const agent = (JSON.parse(readFileSync('/run/membrane/lab/mtest-seed/processes.json', 'utf8')) as { role: string; pid: number }[]).find((p) => p.role === 'agent')!;
    process.kill(agent.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const r = app1('mtest-seed', 'curl', '-s', '-m', '2', '-w', '%{http_code}', 'http://app2/products');
    assert.equal(r.out, '000', 'no answer at all: not app2\'s 200');
    assert.doesNotMatch(app1('mtest-seed', 'dig', '+time=1', '+tries=1', 'www.google.com').out, /status: NOERROR/, 'no DNS answer without the DNS proxy');
    assert.notEqual(app1('mtest-seed', 'nc', '-z', '-w', '5', 'app2', '80').code, 0, 'not even a connection');
    const status = await runCli('lab', 'status', '--name', 'mtest-seed');
    assert.equal(status.code, 1);
    assert.match(status.stderr, /the lab agent \(HTTP proxy, DNS proxy, policy updates; pid \d+\) is not running: traffic redirected to the proxies is dropped \(fail closed\)/);
    const down = await runCli('lab', 'down', '--name', 'mtest-seed');
    assert.equal(down.code, 0);
    assert.deepEqual(labNamespaces('mtest-seed'), []);
  });

  it('SIGTERM to the lab agent removes the lab', async () => {
    const up = await runCli('lab', 'up', '-f', SEED, '--name', 'mtest-term');
    assert.equal(up.code, 0, up.stderr);
    const agent = (JSON.parse(readFileSync('/run/membrane/lab/mtest-term/processes.json', 'utf8')) as { role: string; pid: number }[]).find((p) => p.role === 'agent')!;
    process.kill(agent.pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while ((labNamespaces('mtest-term').length > 0 || existsSync('/run/membrane/lab/mtest-term')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(labNamespaces('mtest-term'), []);
    assert.ok(!existsSync('/run/membrane/lab/mtest-term'));
  });

  it('lab test: conformance cases of every kind the lab carries, as traffic, agree with Cilium\'s expected verdicts', async () => {
    // a deterministic sample across the kinds of rule; the whole corpus: membrane lab test test/conformance (docs/lab.md)
    const files = [
      SEED,
      'test/conformance/basics/01-l3-namespaces.yaml',
      'test/conformance/basics/02-l4-ports-ranges.yaml',
      'test/conformance/basics/04-cidr-except.yaml',
      'test/conformance/basics/06-deny-precedence.yaml',
      'test/conformance/basics/07-l7-http.yaml',
      'test/conformance/basics/08-dns-fqdn.yaml',
      'test/conformance/basics/10-knp.yaml',
      'test/conformance/basics/16-fqdn-cache-per-node.yaml',
      'test/conformance/features/35-icmp-type-rules.yaml',
      'test/conformance/features/48-l7-http-egress-to-fqdn.yaml',
    ];
    const r = await runCli('lab', 'test', ...files, '--name', 'mtest-cases', '-o', 'json');
    const out = JSON.parse(r.stdout) as { summary: { passed: number; failed: number; skipped: number }; agreement: { probed: number; agree: number }; files: { file: string; error: string | null; cases: { name: string; status: string; reason?: string }[] }[] };
    const failures = out.files.flatMap((f) => [...(f.error ? [`${f.file}: ${f.error}`] : []), ...f.cases.filter((c) => c.status === 'fail').map((c) => `${f.file}: ${c.name}: ${c.reason}`)]);
    assert.deepEqual(failures, []);
    assert.equal(r.code, 0);
    assert.equal(out.agreement.agree, out.agreement.probed, 'packets agree with the engine on every case sent');
    assert.ok(out.summary.passed >= 120, `passed ${out.summary.passed}`);
    assert.deepEqual(labNamespaces('mtest-cases'), [], 'each document\'s lab is removed');
  });

  it('leaves the root namespace as it found it', () => {
    assert.equal(rootSnapshot(), before);
  });
});
