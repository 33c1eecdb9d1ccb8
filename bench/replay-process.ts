/**
 * Whole-process timings of `membrane replay` and `membrane generate` (issue 9 §2, issue 10 §3):
 * the command as a user runs it (bin/membrane.js and the compiled bundle, built first), process
 * start, manifest loading and output included, on one million recorded flows written to a
 * temporary file first.
 *
 *   replay, seed        the seed scenario's recording repeated (tools/gen-hubble-sample.ts)   target <= 5 s
 *   replay, workload-10k policy verdict events between its pods (bench/workload-flows.ts)    target <= 8 s
 *   generate, workload-10k  its traffic recorded without policy (trace events)                target <= 15 s
 *
 * Each row runs RUNS times (the machine is shared: the best and the spread are printed).
 *
 *   npx tsx bench/replay-process.ts [--flows 1000000] [--runs 3] [--only replay-seed|replay-10k|generate-10k] [--json]
 */

import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { SEED_MANIFEST, generateSeedFlows } from '../tools/gen-hubble-sample.js';
import { traceFlows, verdictFlows } from './workload-flows.js';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const WORKLOAD = resolve(ROOT, '..', 'shared', 'bench', 'workload-10k');
const WORKLOAD_FILES = ['namespaces.yaml', 'nodes.yaml', 'pods.yaml', 'policies.yaml'].map((f) => join(WORKLOAD, f));
const CLUSTER_FILES = ['namespaces.yaml', 'nodes.yaml', 'pods.yaml'].map((f) => join(WORKLOAD, f));

export interface ProcessBenchRow {
  readonly row: string;
  readonly flows: number;
  readonly bytes: number;
  readonly seconds: number[];
  /** CPU seconds (user + system) of each run, and peak RSS in MiB, when /usr/bin/time is there to measure them */
  readonly cpuSeconds: number[];
  readonly peakRssMiB: number[];
  readonly best: number;
  readonly targetSeconds: number;
  readonly exitCode: number | null;
}

async function writeLines(path: string, lines: Generator<string>): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  for (const line of lines) {
    buffer += `${line}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

function* repeatSeed(total: number): Generator<string> {
  const base = generateSeedFlows({ connections: 2000, seed: 11 });
  let emitted = 0;
  for (let round = 0; emitted < total; round++) {
    const shift = round === 0 ? undefined : `2025-03-${String(14 + (round % 14)).padStart(2, '0')}`;
    for (const line of base) {
      if (emitted++ >= total) return;
      yield shift ? line.replaceAll('2025-03-14', shift) : line;
    }
  }
}

/** GNU time measures the child's CPU time and peak memory (the wall clock of a shared machine says little). */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function timeRuns(args: string[], runs: number): { seconds: number[]; cpuSeconds: number[]; peakRssMiB: number[]; exitCode: number | null } {
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  const peakRssMiB: number[] = [];
  let exitCode: number | null = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const command = [process.execPath, join(ROOT, 'bin', 'membrane.js'), ...args];
    const r = GNU_TIME
      ? spawnSync(GNU_TIME, ['-f', 'MEMBRANE-TIME %U %S %M', ...command], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 })
      : spawnSync(command[0]!, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 });
    seconds.push(Math.round((performance.now() - started) / 10) / 100);
    const m = /MEMBRANE-TIME ([0-9.]+) ([0-9.]+) ([0-9]+)/.exec(r.stderr ?? '');
    if (m) {
      cpuSeconds.push(Math.round((Number(m[1]) + Number(m[2])) * 100) / 100);
      peakRssMiB.push(Math.round(Number(m[3]) / 1024));
    }
    exitCode = r.status;
  }
  return { seconds, cpuSeconds, peakRssMiB, exitCode };
}

const ROWS = {
  'replay-seed': { target: 5, input: (n: number) => repeatSeed(n), args: (f: string) => ['replay', '-f', SEED_MANIFEST, f, '-o', 'json'] },
  'replay-10k': { target: 8, input: (n: number) => verdictFlows(WORKLOAD, n), args: (f: string) => ['replay', ...WORKLOAD_FILES.flatMap((w) => ['-f', w]), '--dns', join(WORKLOAD, 'dns.yaml'), f, '-o', 'json'] },
  'generate-10k': { target: 15, input: (n: number) => traceFlows(WORKLOAD, n), args: (f: string, out?: string) => ['generate', ...CLUSTER_FILES.flatMap((w) => ['-f', w]), f, '-o', out!] },
} as const;

/** The command runs what users run: bin/membrane.js and the bundle, built now (bin refuses a stale one). */
function build(): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/build.ts'), '--no-web', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stderr}`);
}

let built = false;

export async function benchProcess(row: keyof typeof ROWS, flows: number, runs: number): Promise<ProcessBenchRow> {
  if (!built) {
    build();
    built = true;
  }
  const dir = mkdtempSync(join(tmpdir(), 'membrane-process-'));
  try {
    const path = join(dir, `${row}.jsonl`);
    const spec = ROWS[row];
    await writeLines(path, spec.input(flows));
    const { seconds, cpuSeconds, peakRssMiB, exitCode } = timeRuns(spec.args(path, join(dir, 'policies')), runs);
    return { row, flows, bytes: statSync(path).size, seconds, cpuSeconds, peakRssMiB, best: Math.min(...seconds), targetSeconds: spec.target, exitCode };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const flows = Number(arg('--flows') ?? 1_000_000);
  const runs = Number(arg('--runs') ?? 3);
  const only = arg('--only');
  const json = process.argv.includes('--json');
  const rows = (Object.keys(ROWS) as (keyof typeof ROWS)[]).filter((r) => (only ? r === only : true));
  if (!json) console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  for (const row of rows) {
    if (row !== 'replay-seed' && !existsSync(WORKLOAD)) {
      console.log(`${row}: skipped, ${WORKLOAD} is absent (the shared bench workloads live next to the repository)`);
      continue;
    }
    const r = await benchProcess(row, flows, runs);
    if (json) console.log(JSON.stringify(r));
    else {
      const cpu = r.cpuSeconds.length > 0 ? `; CPU ${r.cpuSeconds.map((s) => s.toFixed(2)).join(', ')} s, peak RSS ${Math.max(...r.peakRssMiB)} MiB` : '';
      console.log(`${r.row}: ${r.flows.toLocaleString('en-US')} flows (${(r.bytes / 1048576).toFixed(0)} MiB): best ${r.best.toFixed(2)} s of ${r.seconds.map((s) => s.toFixed(2)).join(', ')} wall clock (target <= ${r.targetSeconds} s)${cpu}${r.exitCode !== 0 ? `; exit ${r.exitCode}` : ''}`);
    }
  }
}
