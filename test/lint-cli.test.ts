/**
 * `membrane lint` run in-process: exit codes by --fail-on, output formats, rule selection,
 * and the findings the conformance corpus' footgun scenarios describe.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LINT_RULES } from '../src/analysis/lint/lint.js';
import { runCli } from './helpers/cli.js';

const FEATURES = 'test/conformance/features';
const SEED = 'examples/seed/seed-demo.yaml';

interface JsonFinding {
  id: string;
  severity: string;
  policy: string;
  name: string;
  path: string;
  file?: string;
  line?: number;
  message: string;
}

async function lintJson(...args: string[]): Promise<{ code: number; findings: JsonFinding[]; summary: Record<string, number> }> {
  const r = await runCli('lint', ...args, '-o', 'json');
  assert.equal(r.stderr.includes('internal error'), false, r.stderr);
  const parsed = JSON.parse(r.stdout) as { findings: JsonFinding[]; summary: Record<string, number> };
  return { code: r.code, ...parsed };
}

describe('membrane lint (command line)', () => {
  it('text output, and exit 1 on an error finding (default --fail-on error)', async () => {
    const r = await runCli('lint', '-f', `${FEATURES}/07-footgun-02-tofqdns-without-dns-rule.yaml`);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^test\/conformance\/features\/07-footgun-02-tofqdns-without-dns-rule\.yaml:\d+:\d+: error\[tofqdns-without-dns-proxy\]: toFQDNs: matchName api\.example\.com selects default\/fetcher-l4dns/m);
    assert.match(r.stdout, /^ {2}why: /m);
    assert.match(r.stdout, /^ {2}fix: /m);
    assert.match(r.stdout, /\d+ findings: 2 errors, \d+ warnings?, \d+ info$/);
  });

  it('--fail-on decides the exit code', async () => {
    const file = `${FEATURES}/09-footgun-04-l4-rule-overrides-l7.yaml`;
    assert.equal((await runCli('lint', '-f', file)).code, 0, 'warnings only');
    assert.equal((await runCli('lint', '-f', file, '--fail-on', 'warning')).code, 1);
    assert.equal((await runCli('lint', '-f', `${FEATURES}/07-footgun-02-tofqdns-without-dns-rule.yaml`, '--fail-on', 'none')).code, 0);
    assert.equal((await runCli('lint', '-f', SEED, '--fail-on', 'warning')).code, 0, 'the seed demo has no warning');
    assert.equal((await runCli('lint', '-f', SEED, '--fail-on', 'info')).code, 1);
  });

  it('-o sarif is a SARIF 2.1.0 log with relative URIs', async () => {
    const r = await runCli('lint', '-f', `${FEATURES}/11-footgun-06-toservices-target-port.yaml`, '-o', 'sarif');
    assert.equal(r.code, 0);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'membrane');
    assert.ok(run.tool.driver.rules.some((x: { id: string }) => x.id === 'toservices-service-port'));
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'toservices-service-port');
    assert.equal(result.level, 'warning');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'toservices-service-port');
    const loc = result.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'test/conformance/features/11-footgun-06-toservices-target-port.yaml');
    assert.ok(loc.region.startLine > 1 && loc.region.startColumn >= 1);
  });

  it('-o json and -o md', async () => {
    const j = await lintJson('-f', `${FEATURES}/06-footgun-01-egress-without-dns.yaml`);
    assert.equal(j.code, 0);
    assert.equal(j.summary.warnings, 1);
    assert.deepEqual(j.findings.map((f) => [f.id, f.name, f.path]), [['dns-blocked-by-egress', 'client-egress-api-only', 'spec.egress']]);
    const md = await runCli('lint', '-f', `${FEATURES}/06-footgun-01-egress-without-dns.yaml`, '-o', 'md');
    assert.match(md.stdout, /^## Membrane lint: 0 errors, 1 warning, 0 info/);
    assert.match(md.stdout, /```yaml\negress:/);
  });

  it('--enable and --disable select rules; --list-rules prints the catalogue', async () => {
    const file = `${FEATURES}/11-footgun-06-toservices-target-port.yaml`;
    const only = await lintJson('-f', file, '--enable', 'cidr-matches-cluster-address');
    assert.deepEqual([...new Set(only.findings.map((f) => f.id))], ['cidr-matches-cluster-address']);
    const without = await lintJson('-f', file, '--disable', 'dns-blocked-by-egress,cidr-matches-cluster-address');
    assert.deepEqual([...new Set(without.findings.map((f) => f.id))], ['toservices-service-port']);
    const list = await runCli('lint', '--list-rules');
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^tofqdns-without-dns-proxy +error +A toFQDNs rule/m);
    const listJson = JSON.parse((await runCli('lint', '--list-rules', '-o', 'json')).stdout);
    assert.equal(listJson.kind, 'LintRuleList');
    assert.ok(listJson.items.some((x: { id: string; why: string }) => x.id === 'shadowed-rule' && x.why.length > 0));
  });

  it('bad usage and unreadable input exit 2', async () => {
    const unknown = await runCli('lint', '-f', SEED, '--enable', 'no-such-rule');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown rule "no-such-rule"/);
    assert.equal((await runCli('lint')).code, 2);
    assert.equal((await runCli('lint', '-f', SEED, '-o', 'xml')).code, 2);
    assert.equal((await runCli('lint', '-f', SEED, '--fail-on', 'sometimes')).code, 2);
    const missing = await runCli('lint', '-f', 'does-not-exist.yaml');
    assert.equal(missing.code, 2);
  });

  it('docs/lint.md documents every rule with its severity', () => {
    const doc = readFileSync('docs/lint.md', 'utf8');
    for (const rule of LINT_RULES) assert.ok(doc.includes(`### \`${rule.id}\` (${rule.severity})`), `docs/lint.md lacks ${rule.id}`);
  });

  it('policies without a cluster: a warning, and only cluster-independent findings', async () => {
    const r = await runCli('lint', '-f', 'test/fixtures/typo-policy.yaml');
    assert.match(r.stderr, /the input has no pods/);
    assert.match(r.stdout, /error\[policy-rejected\]/);
    assert.equal(r.code, 1);
  });
});

/** What each footgun scenario's description talks about, as findings (rule id, policy). */
const FOOTGUNS: { file: string; expect: [string, string][]; absent: [string, string][] }[] = [
  {
    file: '06-footgun-01-egress-without-dns.yaml',
    expect: [['dns-blocked-by-egress', 'client-egress-api-only']],
    absent: [['dns-blocked-by-egress', 'client-dns-egress-api-and-dns']],
  },
  {
    file: '07-footgun-02-tofqdns-without-dns-rule.yaml',
    expect: [['tofqdns-without-dns-proxy', 'l4dns'], ['tofqdns-without-dns-proxy', 'nodns']],
    absent: [['tofqdns-without-dns-proxy', 'l7dns'], ['tofqdns-without-dns-proxy', 'otherpolicy-fqdn']],
  },
  {
    file: '08-footgun-03-first-policy-default-deny.yaml',
    expect: [['implicit-default-deny', 'web-from-client']],
    absent: [['implicit-default-deny', 'web-nodd-from-client']],
  },
  {
    file: '09-footgun-04-l4-rule-overrides-l7.yaml',
    expect: [['l4-allow-voids-l7', 'server-a-l7-and-l4-same-peer'], ['l4-allow-voids-l7', 'server-c-l7'], ['l4-allow-voids-l7', 'server-d-l7-and-l3-only']],
    absent: [['l4-allow-voids-l7', 'server-b-l7-client-l4-other']],
  },
  {
    // the L7 proxy is assumed enabled (Cilium's default): the rules filter, nothing voids them
    file: '10-footgun-05-l7-rules-are-enforced.yaml',
    expect: [],
    absent: [['l4-allow-voids-l7', 'server-get-public'], ['l7-rules-not-enforced', 'server-get-public']],
  },
  {
    file: '11-footgun-06-toservices-target-port.yaml',
    expect: [['toservices-service-port', 'svc-port'], ['cidr-matches-cluster-address', 'clusterip-cidr']],
    absent: [['toservices-service-port', 'target-port'], ['toservices-service-port', 'svc-only'], ['toservices-service-port', 'svc-selector']],
  },
  {
    file: '12-footgun-07-labels-excluded-from-identity.yaml',
    expect: [['excluded-label-selector', 'db-0-by-pod-name'], ['excluded-label-selector', 'cache-from-api-by-hash']],
    absent: [['excluded-label-selector', 'queue-from-api-by-name']],
  },
];

describe('membrane lint on the footgun scenarios', () => {
  for (const { file, expect, absent } of FOOTGUNS) {
    it(file, async () => {
      const { findings } = await lintJson('-f', `${FEATURES}/${file}`, '--fail-on', 'none');
      const got = new Set(findings.map((f) => `${f.id} ${f.name}`));
      for (const [id, policy] of expect) assert.ok(got.has(`${id} ${policy}`), `${file}: expected ${id} on ${policy}; got ${[...got].join(', ')}`);
      for (const [id, policy] of absent) assert.ok(!got.has(`${id} ${policy}`), `${file}: unexpected ${id} on ${policy}`);
      for (const f of findings) assert.ok(f.file && f.line && f.line > 0, `${f.id} on ${f.name} has a location`);
    });
  }

  it('the seed demo has only informational findings', async () => {
    const { findings } = await lintJson('-f', SEED);
    assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => `${f.id} ${f.name}: ${f.message}`), []);
  });
});
