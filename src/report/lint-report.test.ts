/** Lint reports: text, JSON, Markdown, and SARIF checked against the 2.1.0 schema's essentials. */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LINT_RULES, type Finding } from '../analysis/lint/lint.js';
import { lintJson, lintSarif, relativeFile, renderLintMarkdown, renderLintText, renderRuleList, summaryText } from './lint-report.js';

const FINDINGS: Finding[] = [
  {
    id: 'dns-blocked-by-egress',
    severity: 'warning',
    policy: { kind: 'CiliumNetworkPolicy', namespace: 'default', name: 'client-egress' },
    path: ['spec', 'egress'],
    location: { file: '/repo/deploy/policies.yaml', line: 12, column: 5 },
    excerpt: '    - toEndpoints: [{matchLabels: {app: api}}]\n    ^',
    message: 'Egress of default/client (1 pod) is default-deny and DNS is blocked.',
    why: 'Name resolution fails.',
    fix: { description: 'Allow DNS.', yaml: 'egress:\n  - toEndpoints: []' },
    related: [{ message: 'this deny rule drops the DNS queries', policy: { kind: 'CiliumClusterwideNetworkPolicy', name: 'deny' }, path: ['spec', 'egressDeny', 0], location: { file: '/repo/deploy/ccnp.yaml', line: 3, column: 7 } }],
    pods: ['default/client'],
  },
  {
    id: 'shadowed-rule',
    severity: 'info',
    policy: { kind: 'NetworkPolicy', namespace: 'default', name: 'a|b' },
    path: ['spec', 'ingress', 1],
    location: { file: 'other dir/np#1.yaml', line: 4, column: 3 },
    message: 'spec.ingress[1] allows nothing new.',
    why: 'Dead weight.',
  },
  {
    id: 'host-probes-denied',
    severity: 'error',
    policy: { kind: 'CiliumNetworkPolicy', namespace: 'default', name: 'no-source' },
    path: ['spec', 'ingressDeny', 0],
    message: 'Probes fail.',
    why: 'Pods restart.',
  },
];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const LEVELS = ['none', 'note', 'warning', 'error'];

/** The SARIF 2.1.0 schema's requirements for what Membrane emits (sarif-schema-2.1.0.json). */
function sarifProblems(log: unknown): string[] {
  const p: string[] = [];
  const need = (cond: boolean, what: string) => { if (!cond) p.push(what); };
  if (!isObj(log)) return ['log is not an object'];
  need(log.version === '2.1.0', 'version must be "2.1.0"');
  need(typeof log.$schema === 'string' && /sarif-2\.1\.0/.test(log.$schema as string), '$schema names 2.1.0');
  need(Array.isArray(log.runs) && log.runs.length === 1, 'one run');
  const run = (log.runs as unknown[])[0];
  if (!isObj(run)) return [...p, 'run is not an object'];
  const driver = isObj(run.tool) && isObj(run.tool.driver) ? run.tool.driver : undefined;
  need(!!driver && typeof driver.name === 'string' && driver.name !== '', 'tool.driver.name is required');
  const rules = Array.isArray(driver?.rules) ? driver!.rules as Obj[] : [];
  const ids = new Set<string>();
  for (const [i, r] of rules.entries()) {
    need(typeof r.id === 'string' && !ids.has(r.id as string), `rules[${i}].id unique string`);
    ids.add(r.id as string);
    for (const k of ['shortDescription', 'fullDescription', 'help']) {
      need(isObj(r[k]) && typeof (r[k] as Obj).text === 'string' && ((r[k] as Obj).text as string).length > 0, `rules[${i}].${k}.text`);
    }
    need(isObj(r.defaultConfiguration) && LEVELS.includes((r.defaultConfiguration as Obj).level as string), `rules[${i}].defaultConfiguration.level`);
    if (r.helpUri !== undefined) need(typeof r.helpUri === 'string' && /^https?:\/\//.test(r.helpUri as string), `rules[${i}].helpUri is a URI`);
  }
  need(Array.isArray(run.results), 'results array');
  for (const [i, res] of ((run.results as Obj[]) ?? []).entries()) {
    need(typeof res.ruleId === 'string', `results[${i}].ruleId`);
    if (res.ruleIndex !== undefined) {
      need(Number.isInteger(res.ruleIndex) && (res.ruleIndex as number) >= 0 && rules[res.ruleIndex as number]?.id === res.ruleId, `results[${i}].ruleIndex points at its rule`);
    }
    need(LEVELS.includes(res.level as string), `results[${i}].level`);
    need(isObj(res.message) && typeof (res.message as Obj).text === 'string' && ((res.message as Obj).text as string).length > 0, `results[${i}].message.text`);
    const locations = Array.isArray(res.locations) ? res.locations as Obj[] : [];
    for (const [j, loc] of [...locations.entries(), ...((res.relatedLocations as Obj[] | undefined) ?? []).entries()]) {
      if (loc.id !== undefined) need(Number.isInteger(loc.id) && (loc.id as number) >= 0, `results[${i}] location ${j} id`);
      if (loc.physicalLocation === undefined) continue;
      const phys = loc.physicalLocation as Obj;
      const art = phys.artifactLocation as Obj | undefined;
      need(isObj(art) && typeof art.uri === 'string' && !/[\\ ]/.test(art.uri as string), `results[${i}] location ${j} artifactLocation.uri is a URI reference`);
      const region = phys.region as Obj | undefined;
      need(isObj(region) && Number.isInteger(region.startLine) && (region.startLine as number) >= 1, `results[${i}] location ${j} region.startLine >= 1`);
      need(isObj(region) && Number.isInteger(region.startColumn) && (region.startColumn as number) >= 1, `results[${i}] location ${j} region.startColumn >= 1`);
    }
    if (res.partialFingerprints !== undefined) {
      need(isObj(res.partialFingerprints) && Object.values(res.partialFingerprints as Obj).every((v) => typeof v === 'string'), `results[${i}].partialFingerprints values are strings`);
    }
  }
  return p;
}

describe('lint reports', () => {
  it('text: compiler-style lines, excerpt, why, fix snippet and related locations', () => {
    const text = renderLintText(FINDINGS, { baseDir: '/repo' });
    assert.match(text, /^deploy\/policies\.yaml:12:5: warning\[dns-blocked-by-egress\]: Egress of default\/client/m);
    assert.match(text, /^ {2}in CiliumNetworkPolicy\/default\/client-egress, field spec\.egress$/m);
    assert.match(text, /^ {2}\| {5}- toEndpoints/m);
    assert.match(text, /^ {2}why: Name resolution fails\.$/m);
    assert.match(text, /^ {2}fix: Allow DNS\.\n {6}egress:\n {8}- toEndpoints: \[\]$/m);
    assert.match(text, /^ {2}see: deploy\/ccnp\.yaml:3:7: CiliumClusterwideNetworkPolicy\/deny spec\.egressDeny\[0\]: this deny rule/m);
    assert.match(text, /^error\[host-probes-denied\]: Probes fail\.$/m);
    assert.match(text, /3 findings: 1 error, 1 warning, 1 info$/);
    assert.equal(summaryText([]), 'no findings');
  });

  it('JSON: summary and one object per finding', () => {
    const json = lintJson(FINDINGS, { baseDir: '/repo' }) as unknown as { kind: string; version: number; summary: Obj; findings: Obj[] };
    assert.equal(json.kind, 'LintReport');
    assert.equal(json.version, 1);
    assert.deepEqual(json.summary, { errors: 1, warnings: 1, info: 1 });
    assert.equal(json.findings[0]!.file, 'deploy/policies.yaml');
    assert.equal(json.findings[0]!.path, 'spec.egress');
    assert.equal(json.findings[0]!.policy, 'CiliumNetworkPolicy/default/client-egress');
    assert.deepEqual((json.findings[0]!.fix as Obj).yaml, 'egress:\n  - toEndpoints: []');
  });

  it('Markdown: a table with escaped cells and details with the snippet', () => {
    const md = renderLintMarkdown(FINDINGS, { baseDir: '/repo' });
    assert.match(md, /^## Membrane lint: 1 error, 1 warning, 1 info$/m);
    assert.match(md, /\| :warning: warning \| `dns-blocked-by-egress` \| `CiliumNetworkPolicy\/default\/client-egress` \| `deploy\/policies\.yaml:12:5` \|/);
    assert.match(md, /`NetworkPolicy\/default\/a\\\|b`/);
    assert.match(md, /```yaml\negress:\n {2}- toEndpoints: \[\]\n```/);
    assert.match(renderLintMarkdown([]), /No findings\./);
  });

  it('SARIF: valid 2.1.0 essentials, relative URIs, levels and rule indexes', () => {
    const log = lintSarif(FINDINGS, { baseDir: '/repo', toolVersion: '0.1.0' });
    assert.deepEqual(sarifProblems(log), []);
    const run = (log.runs as Obj[])[0]!;
    const results = run.results as Obj[];
    assert.deepEqual(results.map((r) => r.level), ['warning', 'note', 'error']);
    const loc = ((results[0]!.locations as Obj[])[0]!.physicalLocation as Obj);
    assert.deepEqual(loc.artifactLocation, { uri: 'deploy/policies.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(loc.region, { startLine: 12, startColumn: 5 });
    assert.equal((((results[1]!.locations as Obj[])[0]!.physicalLocation as Obj).artifactLocation as Obj).uri, 'other%20dir/np%231.yaml');
    assert.equal((results[2]!.locations as Obj[])[0]!.physicalLocation, undefined, 'no physical location without a source');
    assert.equal(((results[0]!.relatedLocations as Obj[])[0]!.physicalLocation as Obj).region !== undefined, true);
    const rules = ((run.tool as Obj).driver as Obj).rules as Obj[];
    assert.equal(rules.length, LINT_RULES.length);
    assert.equal(((run.tool as Obj).driver as Obj).version, '0.1.0');
    // an absolute path outside the base directory is a file URI
    const outside = lintSarif([{ ...FINDINGS[0]!, location: { file: '/elsewhere/p.yaml', line: 1, column: 1 } }], { baseDir: '/repo' });
    const uri = ((((outside.runs as Obj[])[0]!.results as Obj[])[0]!.locations as Obj[])[0]!.physicalLocation as Obj).artifactLocation as Obj;
    assert.deepEqual(uri, { uri: 'file:///elsewhere/p.yaml' });
    assert.deepEqual(sarifProblems(lintSarif([])), []);
  });

  it('paths relative to the base directory; the rule list', () => {
    assert.equal(relativeFile('/repo/a/b.yaml', '/repo/'), 'a/b.yaml');
    assert.equal(relativeFile('/repository/b.yaml', '/repo'), '/repository/b.yaml');
    assert.equal(relativeFile('a\\b.yaml'), 'a/b.yaml');
    const list = renderRuleList();
    assert.match(list.split('\n')[0]!, /^\S+ +error +/);
    assert.equal(list.split('\n').length, LINT_RULES.length);
    assert.match(renderRuleList(LINT_RULES, 'md'), /^\| Rule \| Severity \| What \|/);
  });
});
