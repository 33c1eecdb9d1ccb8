/**
 * `npm run bench`: loads a shared workload (default ../shared/bench/workload-10k and -1k),
 * compiles the policy of every identity (`membrane policy --all`), then runs the 1,000,000
 * verdict lookups of lookups.yaml against the compiled maps. Prints load and compile time,
 * peak memory, map entries, lookups per second and the number of allows (Cilium's engine
 * finds 31,140 on workload-10k and 82,322 on workload-1k).
 *
 *   npm run bench [-- DIR...] [--json] [--l7] [--load]
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { computeMatrix } from '../src/analysis/matrix.js';
import { buildModel } from '../src/analysis/model.js';
import type { Identity } from '../src/cluster/index.js';
import { parseCidr, parseIp, protocolNumber, type FlowProtocol } from '../src/net/index.js';
import { readWorkspace } from '../src/io/workspace.js';
import { benchL7 } from './l7.js';
import { benchLoad, loadReport } from './load.js';
import { drawLookups, type LookupRecipe } from './lookups.js';

const EXPECTED_ALLOWS: Record<string, number> = { 'workload-10k': 31140, 'workload-1k': 82322 };

let peakRss = 0;
function sampleMemory(): void {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

function time<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  sampleMemory();
  return { value, ms: performance.now() - start };
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
}

export function benchWorkload(dir: string): BenchResult {
  peakRss = 0;
  const name = dir.split('/').filter(Boolean).pop()!;
  const files = ['namespaces.yaml', 'nodes.yaml', 'pods.yaml', 'policies.yaml'].map((f) => join(dir, f));
  const loaded = time(() => {
    const ws = readWorkspace(files);
    const dns = parse(readFileSync(join(dir, 'dns.yaml'), 'utf8')) as Record<string, string[]>;
    return buildModel(ws.objects, { dns: { answers: dns, mode: 'shared' } });
  });
  const model = loaded.value;
  const compiled = time(() => model.engine.compileAll());
  const policies = compiled.value;
  const mapEntries = policies.reduce((n, p) => n + p.ingress.countKeys() + p.egress.countKeys(), 0);
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
  for (let round = 0; round < 5; round++) {
    gc?.();
    allows = 0;
    redirects = 0;
    const once = time(() => {
      for (let i = 0; i < n; i++) {
        const code = maps[mapIndex[i]!]!.verdictCode(peerIds[peerIndex[i]!]!, protoOf[i]!, portOf[i]!);
        if (code !== 0) allows++;
        if (code === 2) redirects++;
      }
    });
    runs.push(once.ms);
  }
  const run = { ms: runs.sort((a, b) => a - b)[2]! }; // the median of five
  const matrix = time(() => computeMatrix(model));
  // the same cluster as one JSON List (kubectl get -o json), read with JSON.parse
  const jsonFile = join(mkdtempSync(join(tmpdir(), 'membrane-bench-')), 'cluster.json');
  writeFileSync(jsonFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: readWorkspace(files).objects.map((o) => o.value) }));
  const jsonLoad = time(() => {
    const ws = readWorkspace([jsonFile]);
    const dns = parse(readFileSync(join(dir, 'dns.yaml'), 'utf8')) as Record<string, string[]>;
    return buildModel(ws.objects, { dns: { answers: dns, mode: 'shared' } });
  });
  rmSync(jsonFile);

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

/** Runs one workload in a child process, so peak memory is that workload's own. */
function runIsolated(dir: string): BenchResult {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), dir, '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`bench of ${dir} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as BenchResult;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const json = process.argv.includes('--json');
  const root = resolve(new URL('..', import.meta.url).pathname, '..', 'shared', 'bench');
  const dirs = args.length > 0 ? args : [join(root, 'workload-10k'), join(root, 'workload-1k')];
  if (!json) console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  if (process.argv.includes('--l7') || args.length === 0) {
    const r = benchL7();
    if (json) console.log(JSON.stringify({ l7: r }));
    else console.log(`L7, 200 rules on one port: ${r.httpPerSecond.toLocaleString('en-US')} HTTP verdicts/s (${r.httpAllowed} allowed of the sample), ${r.dnsPerSecond.toLocaleString('en-US')} DNS verdicts/s (${r.dnsAllowed} allowed)`);
  }
  // loading from YAML and a whole `membrane trace` process (bench/load.ts), on the largest workload
  if (process.argv.includes('--load') || args.length === 0) {
    const b = benchLoad(dirs[0]!);
    if (json) console.log(JSON.stringify({ load: b }));
    else for (const line of loadReport(b)) console.log(line);
  }
  for (const dir of dirs) {
    const r = process.argv.includes('--in-process') || dirs.length === 1 ? benchWorkload(dir) : runIsolated(dir);
    if (json) { console.log(JSON.stringify(r)); continue; }
    const ok = r.expectedAllows === undefined ? '' : r.allows === r.expectedAllows ? ' (equal to Cilium)' : ` (Cilium: ${r.expectedAllows} -- MISMATCH)`;
    console.log(`${r.workload}: ${r.pods} pods, ${r.podIdentities} pod identities (${r.identities} in all), ${r.policies.accepted} policies accepted, ${r.policies.rejected} rejected`);
    console.log(`  load ${r.loadMs} ms from YAML (${r.loadJsonMs} ms from JSON), compile ${r.compileMs} ms (all identities), peak RSS ${r.peakRssMiB} MiB, ${r.mapEntries} map entries`);
    console.log(`  matrix ${r.matrix.sources} x ${r.matrix.destinations} identities x ${r.matrix.ports} ports (${r.matrix.sources * r.matrix.destinations * r.matrix.ports} cells) in ${r.matrix.ms} ms`);
    console.log(`  ${r.lookups} lookups in ${r.lookupMs} ms = ${r.lookupsPerSecond.toLocaleString('en-US')} lookups/s; allows ${r.allows}${ok} (${r.redirects} to a proxy)`);
  }
}
