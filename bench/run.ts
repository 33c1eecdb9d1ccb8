/**
 * `npm run bench`: loads a shared workload (default ../shared/bench/workload-10k and -1k),
 * compiles the policy of every identity (`membrane policy --all`), then runs the 1,000,000
 * verdict lookups of lookups.yaml against the compiled maps. Prints load and compile time,
 * peak memory, map entries, lookups per second and the number of allows (Cilium's engine
 * finds 31,140 on workload-10k and 82,322 on workload-1k).
 *
 * Also: policy import alone (validation, sanitizer, translation; cold and warm), the memory
 * the compiled policy keeps per map entry, and L7 verdicts per second (bench/l7.ts); loading
 * from YAML and a whole-process trace (bench/load.ts).
 *
 *   npm run bench [-- DIR...] [--json] [--l7] [--load] [--generate N]
 *
 * --generate N also benchmarks a workload of about N pods scaled from workload-10k by
 * bench/generate-workload.ts (written once to .scratch/workload-N, never committed).
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { computeMatrix } from '../src/analysis/matrix.js';
import { buildModel, type Model } from '../src/analysis/model.js';
import type { Cluster, K8sObject } from '../src/cluster/index.js';
import type { DirectionMap, EndpointPolicy } from '../src/engine/index.js';
import { loadPolicies } from '../src/policy/load.js';
import type { Identity } from '../src/cluster/index.js';
import { parseCidr, parseIp, protocolNumber, type FlowProtocol } from '../src/net/index.js';
import { readWorkspace } from '../src/io/workspace.js';
import { generateWorkload } from './generate-workload.js';
import { benchL7, type L7BenchResult } from './l7.js';
import { benchLoad, loadReport } from './load.js';
import { drawLookups, type LookupRecipe } from './lookups.js';

const EXPECTED_ALLOWS: Record<string, number> = { 'workload-10k': 31140, 'workload-1k': 82322 };

let peakRss = 0;
function sampleMemory(): void {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

/** Wall time, and the CPU time of this process (on a shared VM, wall time includes waiting for a core). */
function time<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - start;
  sampleMemory();
  return { value, ms, cpuMs: (used.user + used.system) / 1000 };
}

export interface BenchResult {
  workload: string;
  pods: number;
  identities: number;
  podIdentities: number;
  policies: { accepted: number; rejected: number };
  loadMs: number;
  /** the same objects as one JSON List */
  loadJsonMs: number;
  compileMs: number;
  peakRssMiB: number;
  mapEntries: number;
  lookups: number;
  lookupMs: number;
  lookupsPerSecond: number;
  allows: number;
  redirects: number;
  expectedAllows?: number;
  matrix: { sources: number; destinations: number; ports: number; ms: number };
  import: ImportTiming;
  memory: CompileMemory;
  /** fastest of the five lookup passes */
  lookupMinMs: number;
  /** CPU time of the lookup passes: fastest and median */
  lookupCpuMs: { min: number; median: number };
}

export interface ImportTiming {
  policies: number;
  /** the first import after the load's own (a fresh process's is bench/load.ts's policy import phase) */
  coldMs: number;
  /** later imports of the same objects: fastest and median of five */
  warmMinMs: number;
  warmMedianMs: number;
  /** the same in CPU time */
  coldCpuMs: number;
  warmCpuMinMs: number;
  warmCpuMedianMs: number;
}

/**
 * Policy import alone (loadPolicies: CRD schema validation, Cilium's sanitizer, translation)
 * on the loaded objects: once cold, then five times warm.
 */
export function benchImport(objects: readonly K8sObject[], cluster: Cluster): ImportTiming {
  const runs: number[] = [];
  let policies = 0;
  const cpu: number[] = [];
  for (let i = 0; i < 6; i++) {
    const once = time(() => loadPolicies(objects, cluster).accepted.length);
    policies = once.value;
    runs.push(once.ms);
    cpu.push(once.cpuMs);
  }
  const warm = runs.slice(1).sort((a, b) => a - b);
  const warmCpu = cpu.slice(1).sort((a, b) => a - b);
  return {
    policies,
    coldMs: Math.round(runs[0]!),
    warmMinMs: Math.round(warm[0]!),
    warmMedianMs: Math.round(warm[2]!),
    coldCpuMs: Math.round(cpu[0]!),
    warmCpuMinMs: Math.round(warmCpu[0]!),
    warmCpuMedianMs: Math.round(warmCpu[2]!),
  };
}

export interface CompileMemory {
  /** retained by the resolved policies (L4 filters, selectors' rules, provenance) */
  resolvedBytes: number;
  /** retained by the materialized maps (identity classes, rows, verdict tables) */
  mapBytes: number;
  bytesPerEntry: { maps: number; total: number };
}

function retained(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/**
 * compileAll in two steps, measuring what each leaves in memory (heap and typed arrays,
 * after garbage collection; needs --expose-gc): resolving every pod identity's policy, then
 * materializing its maps for the whole identity universe.
 */
export function compileMeasured(model: Model): { policies: EndpointPolicy[]; ms: number; memory: Omit<CompileMemory, 'bytesPerEntry'> } {
  const before = retained();
  const start = performance.now();
  const universe = model.engine.identityUniverse();
  for (const identity of model.cluster.podIdentities()) model.engine.policyOf(identity);
  let ms = performance.now() - start;
  const resolved = retained();
  const again = performance.now();
  const policies = model.engine.compileAll();
  ms += performance.now() - again;
  sampleMemory();
  const after = retained();
  void universe;
  return { policies, ms, memory: { resolvedBytes: resolved - before, mapBytes: after - resolved } };
}

interface LookupDraws {
  readonly maps: readonly DirectionMap[];
  readonly peers: readonly Identity[];
  readonly mapIndex: Int32Array;
  readonly peerIndex: Int32Array;
  readonly protoOf: Uint8Array;
  readonly portOf: Uint16Array;
}

/** The timed loop: a table lookup per draw, as the datapath does it (counters are locals). */
function runLookups(d: LookupDraws): { allows: number; redirects: number } {
  let allows = 0;
  let redirects = 0;
  const { maps, peers, mapIndex, peerIndex, protoOf, portOf } = d;
  for (let i = 0; i < mapIndex.length; i++) {
    const code = maps[mapIndex[i]!]!.verdictCode(peers[peerIndex[i]!]!, protoOf[i]!, portOf[i]!);
    if (code !== 0) allows++;
    if (code === 2) redirects++;
  }
  return { allows, redirects };
}

/** A workload's file: `<base>.yaml`, or `<base>.json` (what bench/generate-workload.ts writes). */
function workloadFile(dir: string, base: string): string {
  const yaml = join(dir, `${base}.yaml`);
  return existsSync(yaml) ? yaml : join(dir, `${base}.json`);
}

export function benchWorkload(dir: string): BenchResult {
  peakRss = 0;
  const name = dir.split('/').filter(Boolean).pop()!;
  const files = ['namespaces', 'nodes', 'pods', 'policies'].map((base) => workloadFile(dir, base));
  const loaded = time(() => {
    const ws = readWorkspace(files);
    const dns = parse(readFileSync(join(dir, 'dns.yaml'), 'utf8')) as Record<string, string[]>;
    return buildModel(ws.objects, { dns: { answers: dns, mode: 'shared' } });
  });
  const model = loaded.value;
  const compiled = compileMeasured(model);
  const policies = compiled.policies;
  const mapEntries = policies.reduce((n, p) => n + p.ingress.countKeys() + p.egress.countKeys(), 0);
  const memory: CompileMemory = {
    ...compiled.memory,
    bytesPerEntry: {
      maps: Math.round(compiled.memory.mapBytes / mapEntries),
      total: Math.round((compiled.memory.mapBytes + compiled.memory.resolvedBytes) / mapEntries),
    },
  };
  sampleMemory();

  const recipe = parse(readFileSync(join(dir, 'lookups.yaml'), 'utf8')) as LookupRecipe;
  const lookups = drawLookups(recipe);
  const { cluster, engine } = model;
  const endpointPolicies = recipe.endpoints.map((ref) => {
    const [ns, podName] = ref.split('/') as [string, string];
    const pod = cluster.pod(ns, podName);
    const identity = pod && cluster.identityOf(pod);
    if (!identity) throw new Error(`lookups.yaml endpoint ${ref}: no such pod identity`);
    return engine.policyOf(identity);
  });
  const peerIds = recipe.peers.map((peer): Identity => {
    if ('pod' in peer) {
      const [ns, podName] = peer.pod!.split('/') as [string, string];
      const pod = cluster.pod(ns, podName);
      const identity = pod && cluster.identityOf(pod);
      if (!identity) throw new Error(`peer pod ${peer.pod} has no identity`);
      return identity;
    }
    if ('entity' in peer) return cluster.identities.reserved(peer.entity as Parameters<typeof cluster.identities.reserved>[0]);
    if ('cidr' in peer) {
      const parsed = parseCidr(peer.cidr!);
      if (!parsed.ok) throw new Error(`bad cidr ${peer.cidr}`);
      return cluster.identities.world(parsed.prefix);
    }
    const ip = parseIp(peer.ip!);
    if (!ip) throw new Error(`bad ip ${peer.ip}`);
    return engine.ipcache.identityFor(ip, cluster.nodes[0]?.name ?? '');
  });
  // every peer identity must already be in the compiled maps
  const universe = new Set(engine.identityUniverse().map((i) => i.id));
  for (const id of peerIds) if (!universe.has(id.id)) throw new Error(`peer identity ${id.id} (${id.name}) is not in the compiled universe`);

  // the timed loop: a table lookup per draw, as the datapath does it
  // the draws as flat typed arrays, so the loop measures the lookup, not object traversal
  const maps = endpointPolicies.flatMap((p) => [p.ingress, p.egress]);
  const n = lookups.length;
  const mapIndex = new Int32Array(n);
  const peerIndex = new Int32Array(n);
  const protoOf = new Uint8Array(n);
  const portOf = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const l = lookups[i]!;
    mapIndex[i] = l.endpoint * 2 + (l.egress ? 1 : 0);
    peerIndex[i] = l.peer;
    protoOf[i] = protocolNumber(l.proto as FlowProtocol);
    portOf[i] = l.port;
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  let allows = 0;
  let redirects = 0;
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  const draws: LookupDraws = { maps, peers: peerIds, mapIndex, peerIndex, protoOf, portOf };
  gc?.();
  for (let round = 0; round < 5; round++) {
    const once = time(() => runLookups(draws));
    ({ allows, redirects } = once.value);
    runs.push(once.ms);
    cpuRuns.push(once.cpuMs);
  }
  runs.sort((a, b) => a - b);
  cpuRuns.sort((a, b) => a - b);
  const run = { ms: runs[2]! }; // the median of five
  const matrix = time(() => computeMatrix(model));
  const imported = benchImport(readWorkspace(files).objects, model.cluster);
  // the same cluster as one JSON List (kubectl get -o json), read with JSON.parse
  // (a generated workload is JSON already: its load is that figure)
  const isJson = files.every((f) => f.endsWith('.json'));
  const jsonLoad = isJson ? loaded : loadAsJsonList(dir, files);

  const m = matrix.value;
  return {
    workload: name,
    matrix: { sources: m.sources.length, destinations: m.destinations.length, ports: m.ports.length, ms: Math.round(matrix.ms) },
    pods: cluster.pods.length,
    identities: cluster.identities.all().length,
    podIdentities: cluster.podIdentities().length,
    policies: { accepted: model.policies.accepted.length, rejected: model.policies.rejected.length },
    loadMs: Math.round(loaded.ms),
    loadJsonMs: Math.round(jsonLoad.ms),
    compileMs: Math.round(compiled.ms),
    import: imported,
    memory,
    lookupMinMs: Math.round(runs[0]! * 10) / 10,
    lookupCpuMs: { min: Math.round(cpuRuns[0]! * 10) / 10, median: Math.round(cpuRuns[2]! * 10) / 10 },
    peakRssMiB: Math.round(peakRss / 1048576),
    mapEntries,
    lookups: lookups.length,
    lookupMs: Math.round(run.ms),
    lookupsPerSecond: Math.round(lookups.length / (run.ms / 1000)),
    allows,
    redirects,
    expectedAllows: EXPECTED_ALLOWS[name],
  };
}

/** Loads the workload again from one JSON List file (what `kubectl get -o json` writes). */
function loadAsJsonList(dir: string, files: readonly string[]): { ms: number } {
  const jsonFile = join(mkdtempSync(join(tmpdir(), 'membrane-bench-')), 'cluster.json');
  writeFileSync(jsonFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: readWorkspace(files).objects.map((o) => o.value) }));
  const jsonLoad = time(() => {
    const ws = readWorkspace([jsonFile]);
    const dns = parse(readFileSync(join(dir, 'dns.yaml'), 'utf8')) as Record<string, string[]>;
    return buildModel(ws.objects, { dns: { answers: dns, mode: 'shared' } });
  });
  rmSync(jsonFile);
  return jsonLoad;
}

/** Runs one workload in a child process, so peak memory is that workload's own. */
function runIsolated(dir: string): BenchResult {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), dir, '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`bench of ${dir} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as BenchResult;
}

function printResult(r: BenchResult): void {
  const ok = r.expectedAllows === undefined ? '' : r.allows === r.expectedAllows ? ' (equal to Cilium)' : ` (Cilium: ${r.expectedAllows} -- MISMATCH)`;
  console.log(`${r.workload}: ${r.pods} pods, ${r.podIdentities} pod identities (${r.identities} in all), ${r.policies.accepted} policies accepted, ${r.policies.rejected} rejected`);
  console.log(`  load ${r.loadMs} ms from YAML (${r.loadJsonMs} ms from JSON), compile ${r.compileMs} ms (all identities), peak RSS ${r.peakRssMiB} MiB, ${r.mapEntries} map entries`);
  const i = r.import;
  console.log(`  policy import (${i.policies} policies): cold ${i.coldMs} ms (CPU ${i.coldCpuMs} ms), warm ${i.warmMinMs} ms (CPU ${i.warmCpuMinMs} ms; medians ${i.warmMedianMs} / ${i.warmCpuMedianMs} ms)`);
  const mib = (b: number) => (b / 2 ** 20).toFixed(1);
  console.log(`  memory: maps ${mib(r.memory.mapBytes)} MiB = ${r.memory.bytesPerEntry.maps} B/map entry; with resolved policies ${mib(r.memory.mapBytes + r.memory.resolvedBytes)} MiB = ${r.memory.bytesPerEntry.total} B/map entry`);
  console.log(`  matrix ${r.matrix.sources} x ${r.matrix.destinations} identities x ${r.matrix.ports} ports (${r.matrix.sources * r.matrix.destinations * r.matrix.ports} cells) in ${r.matrix.ms} ms`);
  const perSecond = (ms: number) => Math.round(r.lookups / (ms / 1000)).toLocaleString('en-US');
  console.log(`  ${r.lookups} lookups: ${r.lookupsPerSecond.toLocaleString('en-US')}/s wall (median of 5; fastest ${perSecond(r.lookupMinMs)}/s), ${perSecond(r.lookupCpuMs.median)}/s CPU time (fastest ${perSecond(r.lookupCpuMs.min)}/s); allows ${r.allows}${ok} (${r.redirects} to a proxy)`);
}

function printL7(r: L7BenchResult): void {
  console.log(`L7, 200 rules on one port: ${r.httpPerSecond.toLocaleString('en-US')} HTTP verdicts/s (${r.httpCpuPerSecond.toLocaleString('en-US')}/s CPU time; ${r.httpAllowed} allowed of the sample), ${r.dnsPerSecond.toLocaleString('en-US')} DNS verdicts/s (${r.dnsCpuPerSecond.toLocaleString('en-US')}/s CPU time; ${r.dnsAllowed} allowed)`);
  console.log(`  every request distinct (no remembered answer): ${r.httpDistinctPerSecond.toLocaleString('en-US')} HTTP/s, ${r.dnsDistinctPerSecond.toLocaleString('en-US')} DNS/s`);
}

/** The workload of about `pods` pods scaled from workload-10k, generated once into .scratch/. */
function generated(pods: number, shared: string): string {
  const out = resolve(fileURLToPath(new URL('..', import.meta.url)), '.scratch', `workload-${pods}`);
  if (!existsSync(join(out, 'summary.json'))) {
    console.error(`generating a ${pods}-pod workload from ${join(shared, 'workload-10k')} into ${out} ...`);
    generateWorkload({ pods, seed: 1, template: join(shared, 'workload-10k'), out, format: 'json' });
  }
  return out;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const argv = process.argv.slice(2);
  const generateAt = argv.indexOf('--generate');
  const generatePods = generateAt === -1 ? undefined : Number(argv[generateAt + 1]);
  if (generatePods !== undefined && !(Number.isInteger(generatePods) && generatePods > 0)) {
    console.error('usage: npm run bench [-- DIR...] [--json] [--generate PODS]');
    process.exit(2);
  }
  const args = argv.filter((a, i) => !a.startsWith('--') && !(generateAt !== -1 && i === generateAt + 1));
  const json = argv.includes('--json');
  const shared = resolve(fileURLToPath(new URL('..', import.meta.url)), '..', 'shared', 'bench');
  let dirs = args;
  if (args.length === 0) {
    dirs = ['workload-10k', 'workload-1k'].map((w) => join(shared, w)).filter((d) => existsSync(join(d, 'lookups.yaml')));
    if (dirs.length === 0) {
      console.error(
        `The shared benchmark workloads are not here: expected ${join(shared, 'workload-10k')} and workload-1k ` +
          '(the ../shared directory next to this checkout). Only the L7 benchmark runs; to benchmark a cluster, ' +
          'pass its workload directory: npm run bench -- DIR (namespaces, nodes, pods, policies as .yaml or .json, dns.yaml, lookups.yaml).',
      );
    }
  }
  for (const d of dirs) {
    if (!existsSync(join(d, 'lookups.yaml'))) {
      console.error(`${d}: not a workload directory (no lookups.yaml)`);
      process.exit(2);
    }
  }
  if (generatePods !== undefined) {
    if (!existsSync(join(shared, 'workload-10k', 'lookups.yaml'))) {
      console.error(`--generate scales ${join(shared, 'workload-10k')}, which is not here`);
      process.exit(2);
    }
    dirs = [...dirs, generated(generatePods, shared)];
  }
  if (!json) console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  if (argv.includes('--l7') || args.length === 0) {
    const r = benchL7();
    if (json) console.log(JSON.stringify({ l7: r }));
    else printL7(r);
  }
  // loading from YAML and a whole `membrane trace` process (bench/load.ts), on the largest workload
  if ((argv.includes('--load') || args.length === 0) && dirs.length > 0) {
    const b = benchLoad(dirs[0]!);
    if (json) console.log(JSON.stringify({ load: b }));
    else for (const line of loadReport(b)) console.log(line);
  }
  const results: BenchResult[] = [];
  for (const dir of dirs) {
    const r = argv.includes('--in-process') || dirs.length === 1 ? benchWorkload(dir) : runIsolated(dir);
    results.push(r);
    if (json) console.log(JSON.stringify(r));
    else printResult(r);
  }
  if (!json && results.length > 1) {
    const base = results.reduce((a, b) => (b.pods < a.pods ? b : a));
    console.log(`lookups/s (CPU time, median) relative to ${base.workload}: ${results.map((r) => `${r.workload} ${(base.lookupCpuMs.median / r.lookupCpuMs.median).toFixed(2)}x`).join(', ')}`);
  }
}
