/**
 * `npm run bench:lab` (root, iproute2, nftables): the enforcing lab's figures.
 *   - HTTP proxy added latency: p50/p99 of GETs at 1,000 requests/s (a new connection each),
 *     through the HTTP proxy (port with HTTP rules) minus the same through plain L3/L4 policy;
 *   - DNS proxy throughput: queries/s answered through the DNS proxy (allowed and refused names);
 *   - `lab up` time for the seed scenario and for 100 pods of workload-1k;
 *   - `lab apply` time of workload-1k's 115 policies on that lab, and the ruleset of all 1,000
 *     pods compiled and loaded into a scratch namespace.
 * Each figure: best and spread of a few runs (the VM is shared). All traffic stays in the lab.
 *
 *   npm run bench:lab [-- --json] [-- --workload DIR]
 */

import { spawn, spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Cluster, type K8sObject } from '../src/cluster/index.js';
import { compileRuleset } from '../src/datapath/compile.js';
import { labApply, labDown, labPrerequisiteProblem, labUp } from '../src/datapath/index.js';
import { buildTopology } from '../src/datapath/topology.js';
import { PolicyEngine } from '../src/engine/index.js';
import { readWorkspace } from '../src/io/workspace.js';
import { loadPolicies } from '../src/policy/load.js';

const LAB = 'bench';
const json = process.argv.includes('--json');
const workloadArg = process.argv.indexOf('--workload');
const WORKLOAD = workloadArg > 0 ? process.argv[workloadArg + 1]! : '../shared/bench/workload-1k';
const log = (line: string) => { if (!json) console.log(line); };

function spread(values: number[]): { best: number; median: number; worst: number } {
  const s = [...values].sort((a, b) => a - b);
  return { best: Math.round(s[0]!), median: Math.round(s[Math.floor(s.length / 2)]!), worst: Math.round(s[s.length - 1]!) };
}

function load(job: unknown): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const file = fileURLToPath(new URL('./lab-load.ts', import.meta.url));
    const child = spawn('ip', ['netns', 'exec', `mlab.${LAB}.pod.default.client`, process.execPath, '--import', import.meta.resolve('tsx'), file], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, number>) : reject(new Error(`load generator exited ${code}`))));
    child.stdin.end(JSON.stringify(job));
  });
}

const breakdown: string[] = [];
async function up(objects: readonly K8sObject[], dns: Record<string, string[]>): Promise<number> {
  const r = await labUp({ name: LAB, objects, dns: new Map(Object.entries(dns)) });
  breakdown.push(`${(r.ms.networks / 1000).toFixed(1)} s / ${(r.ms.processes / 1000).toFixed(1)} s`);
  return r.ms.total;
}

async function proxies(): Promise<Record<string, unknown>> {
  const ws = readWorkspace([fileURLToPath(new URL('./lab/proxies.yaml', import.meta.url))]);
  await up(ws.objects, ws.dns);
  try {
    const runs: { direct: Record<string, number>; proxied: Record<string, number> }[] = [];
    // warm-up (not measured): the proxy's JIT, connection tracking, the servers
    await load({ mode: 'http', host: '10.0.1.20', port: 80, path: '/api/x', rps: 1000, seconds: 2 });
    await load({ mode: 'http', host: '10.0.1.20', port: 81, path: '/api/x', rps: 1000, seconds: 2 });
    for (let i = 0; i < 3; i++) {
      const direct = await load({ mode: 'http', host: '10.0.1.20', port: 81, path: '/api/x', rps: 1000, seconds: 3 });
      const proxied = await load({ mode: 'http', host: '10.0.1.20', port: 80, path: '/api/x', rps: 1000, seconds: 3 });
      runs.push({ direct, proxied });
      log(`  HTTP at 1000 req/s: direct p50 ${direct.p50!.toFixed(2)} ms p99 ${direct.p99!.toFixed(2)} ms (sent ${direct.sentRps}/s, ${direct.failed} failed); through the proxy p50 ${proxied.p50!.toFixed(2)} ms p99 ${proxied.p99!.toFixed(2)} ms (sent ${proxied.sentRps}/s, ${proxied.failed} failed)`);
    }
    const added50 = runs.map((r) => r.proxied.p50! - r.direct.p50!);
    const added99 = runs.map((r) => r.proxied.p99! - r.direct.p99!);
    const dnsRuns: Record<string, number>[] = [];
    for (let i = 0; i < 3; i++) {
      const allowed = await load({ mode: 'dns', server: '10.0.1.2', names: ['api.example.com', 'www.example.com', 'none.example.com'], concurrency: 32, seconds: 3 });
      const refused = await load({ mode: 'dns', server: '10.0.1.2', names: ['amazon.com'], concurrency: 32, seconds: 3 });
      dnsRuns.push({ allowed: allowed.perSecond!, refused: refused.perSecond!, lost: allowed.lost! + refused.lost! });
      log(`  DNS through the proxy: ${allowed.perSecond} allowed queries/s (forwarded and answered), ${refused.perSecond} refused queries/s, ${allowed.lost! + refused.lost!} lost`);
    }
    return {
      httpAddedP50Ms: added50.map((x) => +x.toFixed(2)),
      httpAddedP99Ms: added99.map((x) => +x.toFixed(2)),
      httpRuns: runs,
      dnsAllowedPerSecond: dnsRuns.map((r) => r.allowed),
      dnsRefusedPerSecond: dnsRuns.map((r) => r.refused),
    };
  } finally {
    await labDown(LAB);
  }
}

async function seedUp(): Promise<number[]> {
  const ws = readWorkspace([fileURLToPath(new URL('../examples/seed/seed-demo.yaml', import.meta.url))]);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    times.push(await up(ws.objects, ws.dns));
    await labDown(LAB);
  }
  return times;
}

async function workload(): Promise<Record<string, unknown>> {
  const ws = readWorkspace([WORKLOAD]);
  const isPolicy = (o: K8sObject) => ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'NetworkPolicy', 'CiliumCIDRGroup'].includes(String(o.value.kind));
  const pods = ws.objects.filter((o) => o.value.kind === 'Pod');
  const base = ws.objects.filter((o) => o.value.kind !== 'Pod' && !isPolicy(o));
  const policies = ws.objects.filter(isPolicy);
  // every tenth pod: a sample of the workload's identities, not the first deployments only
  const hundred = [...base, ...pods.filter((_, i) => i % Math.max(1, Math.floor(pods.length / 100)) === 0).slice(0, 100)];

  const upTimes: number[] = [];
  breakdown.length = 0;
  const applies: { loadMs: number; compileMs: number; elements: number }[] = [];
  for (let i = 0; i < 2; i++) {
    upTimes.push(await up(hundred, ws.dns));
    try {
      for (let j = 0; j < 2; j++) {
        const r = await labApply(LAB, policies.map((p) => p.value), true);
        applies.push({ loadMs: r.loadMs, compileMs: r.compileMs, elements: r.stats.elements });
        log(`  lab apply of ${r.policies} policies on 100 pods: engine ${r.loadMs.toFixed(0)} ms, compile + nft replace ${r.compileMs.toFixed(0)} ms (${r.stats.chains} chains, ${r.stats.elements} elements)`);
      }
    } finally {
      await labDown(LAB);
    }
  }

  // the ruleset of all 1,000 pods: compiled, then loaded into a scratch namespace
  const { cluster } = Cluster.build(ws.objects);
  const engine = new PolicyEngine(cluster, loadPolicies(ws.objects, cluster).accepted);
  const topology = buildTopology(LAB, cluster, ws.objects, new Map(Object.entries(ws.dns)));
  const full: { compileMs: number; nftMs: number; elements: number }[] = [];
  for (let i = 0; i < 3; i++) {
    let port = 20000;
    const t0 = performance.now();
    const compiled = compileRuleset(i === 0 ? engine : new PolicyEngine(cluster, loadPolicies(ws.objects, cluster).accepted), topology, { dnsProxyPort: () => port++ });
    const compileMs = performance.now() - t0;
    const t1 = performance.now();
    const r = spawnSync('unshare', ['-n', 'nft', '-f', '-'], { input: compiled.text, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`nft: ${r.stderr}`);
    full.push({ compileMs, nftMs: performance.now() - t1, elements: compiled.stats.elements });
    log(`  ruleset of all ${pods.length} pods: compile ${compileMs.toFixed(0)} ms, nft -f ${(performance.now() - t1).toFixed(0)} ms (${compiled.stats.chains} chains, ${compiled.stats.elements} elements, ${(compiled.text.length / 1024).toFixed(0)} KiB)`);
  }
  return { upHundredMs: upTimes, upBreakdown: [...breakdown], applies, full, policies: policies.length };
}

async function main(): Promise<void> {
  const problem = labPrerequisiteProblem();
  if (problem) {
    console.error(`bench:lab: ${problem}`);
    process.exit(2);
  }
  await labDown(LAB);
  log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  log('proxies (bench/lab/proxies.yaml):');
  const p = await proxies();
  log('lab up, seed scenario (7 namespaces):');
  const seed = await seedUp();
  log(`  ${seed.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}`);
  log(`workload (${WORKLOAD}):`);
  const w = await workload();
  log(`  lab up with 100 pods: ${(w.upHundredMs as number[]).map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}`);
  log(`  (namespaces / processes: ${(w.upBreakdown as string[]).join(', ')})`);
  const result = { proxies: p, seedUpMs: seed, workload: w };
  if (json) console.log(JSON.stringify(result));
  else {
    log('summary (best / median / worst):');
    log(`  HTTP proxy added latency at 1000 req/s: p50 ${JSON.stringify(p.httpAddedP50Ms)} ms, p99 ${JSON.stringify(p.httpAddedP99Ms)} ms`);
    log(`  DNS proxy: ${JSON.stringify(spread(p.dnsAllowedPerSecond as number[]))} allowed queries/s, ${JSON.stringify(spread(p.dnsRefusedPerSecond as number[]))} refused queries/s`);
    log(`  lab up seed: ${JSON.stringify(spread(seed))} ms; 100 pods: ${JSON.stringify(spread(w.upHundredMs as number[]))} ms`);
    const applies = w.applies as { loadMs: number; compileMs: number }[];
    log(`  lab apply of workload-1k's policies (100 pods): ${JSON.stringify(spread(applies.map((a) => a.loadMs + a.compileMs)))} ms in all`);
  }
}

await main();
