/** `membrane replay` on the recorded sample (test/fixtures/hubble, tools/gen-hubble-sample.ts). */

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { runCli } from './helpers/cli.js';

const SEED = 'examples/seed/seed-demo.yaml';
const SAMPLE = 'test/fixtures/hubble/seed-flows.jsonl';
const SAMPLE_GZ = 'test/fixtures/hubble/seed-flows.jsonl.gz';
const LINES = readFileSync(SAMPLE, 'utf8').split('\n').filter(Boolean);
const dir = mkdtempSync(join(tmpdir(), 'membrane-replay-cli-'));

interface Group {
  direction: string;
  endpoint: string;
  flows: number;
  decision: { reason: string; policies: string[]; selectedBy: string[] };
  peers: { peer: string; count: number }[];
  examples: { flow: string; location: string; explanation: { verdict: string } }[];
}

async function replayJson(...args: string[]) {
  const r = await runCli('replay', '-f', SEED, ...args, '-o', 'json');
  return { ...r, json: JSON.parse(r.stdout) as Record<string, any> };
}

describe('membrane replay', () => {
  it('replays the recorded sample: totals, fidelity, groups (JSON)', async () => {
    const { code, json, stderr } = await replayJson(SAMPLE);
    assert.equal(code, 0, stderr);
    assert.equal(json.kind, 'ReplayReport');
    assert.equal(json.version, 1);
    assert.deepEqual(json.inputs, [SAMPLE]);
    assert.deepEqual(json.policies, { accepted: 3, rejected: 0 });
    const t = json.totals;
    assert.equal(t.records, LINES.length);
    assert.equal(t.nonFlowRecords, 1);
    assert.equal(t.flows, LINES.length - 1);
    assert.equal(t.malformed, 0);
    assert.equal(t.unresolved, 0);
    // every flow is either compared, a DNS answer, or skipped for a reason
    const skipped = Object.values(t.skipped as Record<string, number>).reduce((a, b) => a + b, 0);
    assert.equal(t.decisions + t.dnsResponses + skipped, t.flows);
    assert.ok(t.skipped.reply > 500 && t.skipped.trace + t.skipped.established > 500 && t.skipped.duplicate > 50, JSON.stringify(t.skipped));
    // the trace events of connections whose sides have a policy verdict are counted once, with it
    assert.ok(t.skipped.repeat > 300, JSON.stringify(t.skipped));
    assert.ok(t.connections > 400 && t.connections < t.decisions, String(t.connections));
    assert.equal(t.membrane.allow + t.membrane.deny, t.decisions);
    assert.match(t.firstSeen, /^2025-03-14T09:30:00/);

    const f = json.fidelity;
    assert.equal(f.total.decisions, t.decisions);
    assert.equal(f.total.agree + f.total.nowDropped + f.total.nowAllowed, f.total.decisions);
    assert.ok(f.agreement > 0.85 && f.agreement < 1, String(f.agreement));
    assert.ok(f.byKind.l3l4.decisions > 0 && f.byKind.http.decisions > 0 && f.byKind.dns.decisions > 0);
    assert.equal(f.byDirection.egress.decisions + f.byDirection.ingress.decisions + f.byDirection.unknown.decisions, f.total.decisions);
    assert.deepEqual(Object.keys(f.byObserved).sort(), ['DROPPED/POLICY_DENIED', 'FORWARDED']);

    // the flows recorded under older policies
    const dropped = json.nowDropped.groups as Group[];
    const summary = dropped.map((g) => `${g.direction} ${g.endpoint} ${g.decision.reason}`).sort();
    assert.deepEqual(summary, [
      'egress default:app=app1 default-deny',
      'egress default:app=app1 l7-denied',
      'ingress default:app=app2 l7-denied',
    ]);
    assert.equal(json.nowDropped.flows, dropped.reduce((n, g) => n + g.flows, 0));
    const deny = dropped.find((g) => g.decision.reason === 'default-deny')!;
    assert.deepEqual(deny.decision.selectedBy, ['CiliumNetworkPolicy/default/app1-egress']);
    assert.deepEqual(deny.peers.map((p) => p.peer).sort(), ['to 140.82.112.6 TCP/443', 'to default/other TCP/80']);
    const http = dropped.find((g) => g.direction === 'ingress')!;
    assert.deepEqual(http.peers.map((p) => p.peer), ['from default/app1 TCP/80 GET /healthz']);
    const example = http.examples[0]!;
    assert.match(example.location, /^test\/fixtures\/hubble\/seed-flows\.jsonl:\d+$/);
    assert.equal(example.explanation.verdict, 'deny');
    assert.equal(LINES[Number(example.location.split(':')[1]) - 1]!.includes('/healthz'), true);

    const allowed = json.nowAllowed.groups as Group[];
    assert.deepEqual(allowed.map((g) => `${g.direction} ${g.endpoint} ${g.decision.reason}`).sort(), [
      'ingress default:app=other no-policy',
      'ingress kube-system:k8s-app=kube-dns allowed',
    ]);
    assert.deepEqual(json.byPolicy.map((p: { policy: string }) => p.policy).sort(), [
      'CiliumClusterwideNetworkPolicy/coredns-ingress',
      'CiliumNetworkPolicy/default/app1-egress',
      'CiliumNetworkPolicy/default/app2-ingress',
    ]);

    // endpoints: the manifests' pods and nodes, prometheus and the report job by labels
    assert.equal(json.endpoints.labels, 2);
    // DNS: names app1 resolved through its proxy; api.github.com is refused under these policies
    // www.google.com is in the manifests' DNS answers already: not new
    assert.deepEqual(Object.keys(json.dns.names['node-1']).sort(), ['maps.google.com', 'storage.google.com', 'yahoo.com']);
    assert.ok(json.dns.notProxied > 0);
  });

  it('reads the gzip copy to the same report', async () => {
    const plain = await replayJson(SAMPLE);
    const gz = await replayJson(SAMPLE_GZ);
    assert.equal(gz.code, 0);
    const strip = (j: Record<string, any>) => JSON.stringify({ ...j, inputs: [] }).replaceAll(SAMPLE_GZ, SAMPLE);
    assert.equal(strip(gz.json), strip(plain.json));
  });

  it('--fail-on-disagreement exits 1 when a recorded verdict differs', async () => {
    const r = await runCli('replay', '-f', SEED, SAMPLE, '--fail-on-disagreement');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /recorded verdicts differ from Membrane's/);
    // flows that all agree: app1 -> app2 GET /auth at app2's ingress
    const agreeing = LINES.filter((l) => l.includes('"url":"http://app2.default.svc.cluster.local/auth"') && l.includes('"type":"REQUEST"') && l.includes('"verdict":"FORWARDED"'));
    assert.ok(agreeing.length > 10);
    const path = join(dir, 'agree.jsonl');
    writeFileSync(path, `${agreeing.join('\n')}\n`);
    const ok = await runCli('replay', '-f', SEED, path, '--fail-on-disagreement');
    assert.equal(ok.code, 0, ok.stdout);
  });

  it('text output: summary, fidelity table, groups with an explained example', async () => {
    const r = await runCli('replay', '-f', SEED, SAMPLE, '--limit-examples', '1');
    assert.equal(r.code, 0);
    assert.ok(r.stdout.startsWith(`Replay of ${LINES.length.toLocaleString('en-US')} records (test/fixtures/hubble/seed-flows.jsonl) against 3 policies`));
    assert.match(r.stdout, /\nFidelity: [\d,]+ of [\d,]+ decisions agree \(\d+\.\d%\)/);
    assert.match(r.stdout, /\nWould now be dropped \(recorded FORWARDED, the policies deny\): \d+ flows in 3 groups/);
    assert.match(r.stdout, /egress of default:app=app1 \[identity \d+\]: \d+ flows\n +egress of default:app=app1: default deny \(selected by CiliumNetworkPolicy\/default\/app1-egress\)/);
    assert.match(r.stdout, /\n +example: default\/app1 -> default\/other TCP\/80: recorded FORWARDED at egress/);
    assert.match(r.stdout, /\nBy policy:\n/);
    assert.match(r.stdout, /\nDNS: \d+ responses; \d+ taught a node new names/);
  });

  it('Markdown output', async () => {
    const r = await runCli('replay', '-f', SEED, SAMPLE, '-o', 'md');
    assert.equal(r.code, 0);
    assert.ok(r.stdout.startsWith(`# Replay of ${LINES.length.toLocaleString('en-US')} records`));
    assert.match(r.stdout, /\n## Fidelity: \d+\.\d% agree\n/);
    assert.match(r.stdout, /\n\| # \| side \| endpoint \| flows \| decided by \| peers \|\n/);
    assert.match(r.stdout, /<details><summary>1\. /);
    assert.match(r.stdout, /\n## By policy\n/);
  });

  it('malformed lines are counted, listed with file:line and warned about', async () => {
    const path = join(dir, 'broken.jsonl');
    writeFileSync(path, `${LINES.slice(0, 20).join('\n')}\n{"flow":{"verdict":"FORWA\n${LINES.slice(20, 40).join('\n')}\n`);
    const { code, json, stderr } = await replayJson(path);
    assert.equal(code, 0);
    assert.equal(json.totals.malformed, 1);
    assert.equal(json.totals.records, 40);
    assert.equal(json.malformed[0].location, `${path}:21`);
    assert.match(stderr, /broken\.jsonl:21/);
  });

  it('a JSON array file gives the same counts as JSON lines', async () => {
    const path = join(dir, 'array.json');
    writeFileSync(path, JSON.stringify(LINES.slice(0, 300).map((l) => JSON.parse(l)), null, 2));
    const lines = join(dir, 'lines.jsonl');
    writeFileSync(lines, `${LINES.slice(0, 300).join('\n')}\n`);
    const a = await replayJson(path);
    const b = await replayJson(lines);
    assert.deepEqual(a.json.totals, b.json.totals);
    assert.deepEqual(a.json.fidelity, b.json.fidelity);
  });

  it('several inputs are replayed in order, as one recording', async () => {
    const first = join(dir, 'part1.jsonl');
    const second = join(dir, 'part2.jsonl.gz');
    writeFileSync(first, `${LINES.slice(0, 1500).join('\n')}\n`);
    writeFileSync(second, gzipSync(`${LINES.slice(1500).join('\n')}\n`));
    const parts = await replayJson(first, second);
    const whole = await replayJson(SAMPLE);
    assert.deepEqual(parts.json.totals, whole.json.totals);
    assert.deepEqual(parts.json.fidelity, whole.json.fidelity);
  });

  it('--no-dns-learning: connections to names learned from the recording are now dropped', async () => {
    const learning = await replayJson(SAMPLE);
    const none = await replayJson(SAMPLE, '--no-dns-learning');
    assert.equal(none.json.dns.learned, 0);
    assert.ok(none.json.nowDropped.flows > learning.json.nowDropped.flows);
  });

  it('usage and input errors exit 2', async () => {
    assert.equal((await runCli('replay', '-f', SEED, join(dir, 'missing.jsonl'))).code, 2);
    assert.equal((await runCli('replay', '-f', SEED, SAMPLE, '-o', 'csv')).code, 2);
    assert.equal((await runCli('replay', '-f', SEED, SAMPLE, '--limit-examples', 'x')).code, 2);
    assert.equal((await runCli('replay', SAMPLE)).code, 2);
    const cut = join(dir, 'cut.jsonl.gz');
    const gz = readFileSync(SAMPLE_GZ);
    writeFileSync(cut, gz.subarray(0, gz.length - 1000));
    const r = await runCli('replay', '-f', SEED, cut);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /truncated|unexpected end/);
  });

  it('-o jsonl: one object per judged record, in input order, with exactly the documented fields', async () => {
    const r = await runCli('replay', '-f', SEED, SAMPLE, '-o', 'jsonl');
    assert.equal(r.code, 0, r.stderr);
    const records = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const report = (await replayJson(SAMPLE)).json;
    // every decision has its line; trace events repeating a judged side have theirs too
    assert.equal(records.length, report.totals.decisions + report.totals.skipped.repeat);
    for (const rec of records) {
      assert.deepEqual(Object.keys(rec), ['input', 'line', 'side', 'recorded', 'verdict', 'layer', 'policy', 'rule']);
      assert.equal(rec.input, SAMPLE);
      assert.ok(['egress', 'ingress', 'flow'].includes(rec.side as string));
      assert.ok(['allow', 'deny'].includes(rec.recorded as string) && ['allow', 'deny'].includes(rec.verdict as string));
      assert.ok(['l3l4', 'http', 'dns'].includes(rec.layer as string));
      assert.equal(typeof rec.rule, 'string');
    }
    const lines = records.map((rec) => rec.line as number);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'input order');
    // each record is the line it names: the side is the line's traffic_direction
    for (const rec of records.slice(0, 200)) {
      const flow = JSON.parse(LINES[(rec.line as number) - 1]!).flow;
      assert.equal(rec.side, String(flow.traffic_direction).toLowerCase());
      assert.equal(rec.recorded, flow.verdict === 'DROPPED' || flow.verdict === 'AUDIT' ? 'deny' : 'allow');
    }
    // the disagreements are the report's (the HTTP /healthz ones name app2's rule)
    const differ = records.filter((rec) => rec.verdict !== rec.recorded);
    const notTrace = differ.filter((rec) => JSON.parse(LINES[(rec.line as number) - 1]!).flow.event_type.type !== 4);
    assert.equal(notTrace.length, report.fidelity.total.nowDropped + report.fidelity.total.nowAllowed);
    const healthz = differ.find((rec) => rec.layer === 'http')!;
    assert.deepEqual({ side: healthz.side, policy: healthz.policy, rule: healthz.rule },
      { side: 'ingress', policy: 'CiliumNetworkPolicy/default/app2-ingress', rule: 'spec.ingress[0]' });
    assert.ok(LINES[(healthz.line as number) - 1]!.includes('/healthz'));
    const defaultDeny = differ.find((rec) => rec.rule === 'default-deny')!;
    assert.equal(defaultDeny.policy, null);
    const allowed = records.find((rec) => rec.layer === 'http' && rec.verdict === 'allow')!;
    assert.equal(allowed.rule, 'spec.ingress[0].toPorts[0].rules.http[0]');
  });

  it('a recording without policy: trace events judged per side, every protocol, each side of a connection once', async () => {
    const shop = 'test/fixtures/generate/shop.yaml';
    const flows = 'test/fixtures/generate/trace-flows.jsonl';
    const lines = readFileSync(flows, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).flow);
    const r = await runCli('replay', '-f', shop, flows, '-o', 'json');
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    const t = json.totals;
    // the side of a connection, however many points saw it: FROM_ENDPOINT and TO_OVERLAY are one egress decision
    const sides = new Set<string>();
    const connections = new Set<string>();
    for (const f of lines) {
      if (f.event_type.type !== 4 || f.trace_reason !== 'NEW') continue;
      const l4 = f.l4.TCP ?? f.l4.UDP ?? f.l4.SCTP ?? f.l4.ICMPv4;
      const conn = `${Object.keys(f.l4)[0]}|${f.IP.source}|${l4.source_port ?? 0}|${f.IP.destination}|${l4.destination_port ?? l4.type}`;
      connections.add(conn);
      sides.add(`${conn}|${f.traffic_direction}`);
    }
    assert.equal(json.fidelity.byKind.l3l4.decisions, sides.size);
    assert.equal(t.connections, connections.size);
    assert.ok(t.skipped.repeat > 0);
    assert.equal(t.skipped.reply, lines.filter((f) => f.is_reply === true && f.Type === 'L3_L4').length);
    assert.equal(json.fidelity.agreement, 1);
    assert.ok(json.fidelity.byDirection.egress.decisions > 0 && json.fidelity.byDirection.ingress.decisions > 0);
    assert.equal(json.fidelity.byDirection.unknown.decisions, 0);
    // every protocol of the recording was judged
    const judged = await runCli('replay', '-f', shop, flows, '-o', 'jsonl');
    const protocols = new Set(judged.stdout.split('\n').filter(Boolean).map((l) => Object.keys(lines[JSON.parse(l).line - 1].l4)[0]));
    assert.deepEqual([...protocols].sort(), ['ICMPv4', 'SCTP', 'TCP', 'UDP']);
    // against a policy that denies cart's egress to payments, those trace events are now dropped at egress
    const denyAll = join(dir, 'deny.yaml');
    writeFileSync(denyAll, 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: cart, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app.kubernetes.io/name: cart}}\n  egress: [{}]\n');
    const denied = await runCli('replay', '-f', shop, '-f', denyAll, flows, '-o', 'json');
    const groups = JSON.parse(denied.stdout).nowDropped.groups as Group[];
    assert.deepEqual(groups.map((g) => `${g.direction} ${g.endpoint} ${g.decision.reason}`), ['egress shop:app.kubernetes.io/name=cart default-deny']);
    // --no-traces: only the L7 requests are judged
    const noTraces = JSON.parse((await runCli('replay', '-f', shop, flows, '--no-traces', '-o', 'json')).stdout);
    assert.equal(noTraces.fidelity.byKind.l3l4.decisions, 0);
    assert.ok(noTraces.totals.skipped.trace > 0);
  });

  it('--help shows examples', async () => {
    const r = await runCli('replay', '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /membrane replay -f cluster\/ -f new-policies\/ flows\.jsonl/);
    assert.match(r.stdout, /--fail-on-disagreement/);
  });
});
