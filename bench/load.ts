/**
 * Loading a cluster from YAML (issue 9 §2), each run in a fresh process as a command sees it:
 *
 * - load: read the workload's YAML files, decode them as kubectl does, admit the objects
 *   (kind, version, name checks), build the cluster (pods, identities), import the policies
 *   (validate, sanitize, translate); per phase, wall time, CPU time of the process (V8's
 *   compiler and GC helper threads included) and CPU time of the main thread (Linux; what
 *   the wall time is on an idle machine with a core to spare); the process is tuned as a
 *   command's is (src/cli/v8-tuning.ts);
 * - trace: the whole `membrane trace` process of one flow on the same files (`bin/membrane.js`
 *   running the bundle, built first), wall time from spawn to exit; with the time a bare
 *   `node` process takes to start, for the breakdown.
 *
 * Five runs each (the machine is shared: best and spread are reported).
 *
 *   npx tsx bench/load.ts [DIR] [--json]
 */

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const RUNS = 5;
export const LOAD_TARGET_MS = 1000;
export const TRACE_TARGET_MS = 1500;

export interface Phase {
  readonly wallMs: number;
  readonly cpuMs: number;
  /** CPU time of the main thread alone (undefined where /proc is not there) */
  readonly mainMs?: number | undefined;
}

export interface LoadRun {
  readonly importMs: number;
  readonly read: Phase;
  readonly decode: Phase;
  readonly cluster: Phase;
  readonly policies: Phase;
  readonly total: Phase;
  readonly pods: number;
  readonly policiesAccepted: number;
}

export interface LoadBench {
  readonly workload: string;
  readonly runs: LoadRun[];
  readonly best: LoadRun;
  readonly trace: { readonly runsMs: number[]; readonly bestMs: number; readonly nodeStartMs: number; readonly runner: string };
}

const FILES = ['namespaces.yaml', 'nodes.yaml', 'pods.yaml', 'policies.yaml'];

/** CPU time of this process's main thread (Linux schedstat, nanoseconds on the CPU), if readable. */
function mainThreadCpuMs(): number | undefined {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/** The phases, measured inside a fresh process (run with --child). */
async function childLoad(dir: string): Promise<LoadRun> {
  (await import('../src/cli/v8-tuning.js')).tuneV8ForCommands();
  const phase = async <T>(fn: () => T | Promise<T>): Promise<{ value: T; phase: Phase }> => {
    const main = mainThreadCpuMs();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const value = await fn();
    const used = process.cpuUsage(cpu);
    const mainAfter = mainThreadCpuMs();
    const mainMs = main !== undefined && mainAfter !== undefined ? mainAfter - main : undefined;
    return { value, phase: { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000, mainMs } };
  };
  const imported = await phase(async () => ({
    files: await import('../src/io/files.js'),
    yaml: await import('../src/policy/yaml-source.js'),
    kinds: await import('../src/policy/kinds.js'),
    cluster: await import('../src/cluster/index.js'),
    load: await import('../src/policy/load.js'),
  }));
  const m = imported.value;
  const paths = FILES.map((f) => join(dir, f));
  const read = await phase(() => m.files.readInputs(paths));
  const decoded = await phase(() => read.value.inputs.flatMap((i) => m.yaml.parseText(i.text, i.file).objects));
  // admission once, as buildModel does: the objects the cluster and the policy import read
  const cluster = await phase(() => {
    const admitted = m.kinds.admitObjects(decoded.value).objects;
    return { admitted, cluster: m.cluster.Cluster.build(admitted).cluster };
  });
  const policies = await phase(() => m.load.loadPolicies(cluster.value.admitted, cluster.value.cluster));
  const sum = (k: keyof Phase) => {
    const xs = [read.phase[k], decoded.phase[k], cluster.phase[k], policies.phase[k]];
    return xs.some((x) => x === undefined) ? undefined : xs.reduce((a, b) => a! + b!, 0)!;
  };
  return {
    importMs: imported.phase.wallMs,
    read: read.phase,
    decode: decoded.phase,
    cluster: cluster.phase,
    policies: policies.phase,
    total: { wallMs: sum('wallMs')!, cpuMs: sum('cpuMs')!, mainMs: sum('mainMs') },
    pods: cluster.value.cluster.pods.length,
    policiesAccepted: policies.value.accepted.length,
  };
}

/** The first application pod and the first CoreDNS pod of the workload's pods.yaml. */
function traceEndpoints(dir: string): { from: string; to: string } {
  const text = readFileSync(join(dir, 'pods.yaml'), 'utf8');
  const pods = [...text.matchAll(/\n {2}name: (\S+)\n {2}namespace: (\S+)/g)].map((m) => `pod:${m[2]}/${m[1]}`);
  const to = pods.find((p) => p.startsWith('pod:kube-system/coredns-'));
  const from = pods.find((p) => !p.startsWith('pod:kube-system/'));
  if (!from || !to) throw new Error(`no application pod or CoreDNS pod in ${dir}/pods.yaml`);
  return { from, to };
}

function spawnMs(args: readonly string[]): { ms: number; status: number | null; stderr: string } {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { ms: performance.now() - start, status: r.status, stderr: r.stderr };
}

export function benchLoad(dir: string): LoadBench {
  const runs: LoadRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', dir], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`load bench failed:\n${r.stderr}`);
    runs.push(JSON.parse(r.stdout.trim().split('\n').pop()!) as LoadRun);
  }
  const best = runs.reduce((a, b) => (b.total.wallMs < a.total.wallMs ? b : a));
  // an application pod's DNS query to CoreDNS: a flow both sides enforce
  const { from, to } = traceEndpoints(dir);
  const traceArgs = [
    join(ROOT, 'bin/membrane.js'), 'trace', ...FILES.flatMap((f) => ['-f', join(dir, f)]), '--dns', join(dir, 'dns.yaml'),
    '--from', from, '--to', to, '--port', '53/UDP', '-q',
  ];
  // the trace runs what users run: bin/membrane.js and the bundle, built now (bin refuses a stale one)
  const build = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/build.ts'), '--no-web', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);
  const traceRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnMs(traceArgs);
    if (r.status !== 0) throw new Error(`membrane trace failed (${r.status}):\n${r.stderr}`);
    traceRuns.push(r.ms);
  }
  const nodeStart = Math.min(...Array.from({ length: RUNS }, () => spawnMs(['-e', '0']).ms));
  const runner = 'the bundle (bin/membrane.js, dist/membrane.js)';
  return {
    workload: dir.split('/').filter(Boolean).pop()!,
    runs,
    best,
    trace: { runsMs: traceRuns.map(Math.round), bestMs: Math.round(Math.min(...traceRuns)), nodeStartMs: Math.round(nodeStart), runner },
  };
}

const ms = (n: number) => `${Math.round(n)} ms`;
const spread = (xs: readonly number[]) => `${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))} ms`;
/** `min/median ms` of the numbers (undefined ones left out) */
function minMedian(xs: readonly (number | undefined)[]): string {
  const s = xs.filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  return s.length === 0 ? 'n/a' : `${Math.round(s[0]!)}/${Math.round(s[Math.floor(s.length / 2)]!)} ms`;
}

/** The report lines of `npm run bench`. */
export function loadReport(b: LoadBench): string[] {
  const p = b.best;
  const main = (x: Phase) => (x.mainMs === undefined ? '' : `, main thread ${ms(x.mainMs)}`);
  const phase = (name: string, x: Phase) => `${name} ${ms(x.wallMs)} (cpu ${ms(x.cpuMs)}${main(x)})`;
  const over = (pick: (r: LoadRun) => Phase) =>
    `wall ${minMedian(b.runs.map((r) => pick(r).wallMs))}, cpu ${minMedian(b.runs.map((r) => pick(r).cpuMs))}, main thread ${minMedian(b.runs.map((r) => pick(r).mainMs))}`;
  return [
    `${b.workload} load from YAML: ${ms(p.total.wallMs)} (target <= ${LOAD_TARGET_MS} ms; ${RUNS} fresh processes: ${spread(b.runs.map((r) => r.total.wallMs))}), ${p.pods} pods, ${p.policiesAccepted} policies`,
    `  ${[phase('read', p.read), phase('YAML decode', p.decode), phase('admit + cluster', p.cluster), phase('policy import', p.policies)].join(', ')}; module import ${ms(p.importMs)}`,
    `  min/median of the ${RUNS} runs: load ${over((r) => r.total)}; policy import ${over((r) => r.policies)} (target <= 100 ms)`,
    `${b.workload} whole-process trace of one flow: ${b.trace.bestMs} ms (target <= ${TRACE_TARGET_MS} ms; ${spread(b.trace.runsMs)}; ${b.trace.runner}; a bare node process starts in ${b.trace.nodeStartMs} ms)`,
  ];
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const child = process.argv.indexOf('--child');
  if (child !== -1) {
    console.log(JSON.stringify(await childLoad(process.argv[child + 1]!)));
  } else {
    const dir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? join(ROOT, '..', 'shared', 'bench', 'workload-10k');
    if (!existsSync(join(dir, 'pods.yaml'))) {
      console.error(`no workload at ${dir} (expected ../shared/bench/workload-10k next to the repository, or pass a directory)`);
      process.exit(2);
    }
    const b = benchLoad(dir);
    if (process.argv.includes('--json')) console.log(JSON.stringify(b));
    else for (const line of loadReport(b)) console.log(line);
  }
}
