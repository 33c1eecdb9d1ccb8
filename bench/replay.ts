/**
 * `membrane replay` throughput: writes recorded Hubble flows (the JSON lines of
 * `hubble observe -o json`) to a temporary file and replays them the way the command does
 * (streamed from disk, parsed, normalized, evaluated), printing flows per second.
 *
 * Two inputs:
 *   seed          the seed scenario's recording (tools/gen-hubble-sample.ts) repeated to N
 *                 records: L7 HTTP and DNS, FQDN learning, endpoints known by labels
 *   workload-1k   L3/L4 flows between random pods of ../shared/bench/workload-1k (1,000 pods,
 *                 100 policies) and world addresses: many distinct identity pairs
 *
 *   npx tsx bench/replay.ts [--flows 1000000] [--gzip] [--only seed|workload-1k] [--json]
 */

import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { parse } from 'yaml';
import { buildModel, type Model } from '../src/analysis/model.js';
import { Replayer, type ReplayReport } from '../src/analysis/replay.js';
import { readHubbleFlows } from '../src/io/hubble-reader.js';
import { readWorkspace } from '../src/io/workspace.js';
import { SEED_MANIFEST, generateSeedFlows } from '../tools/gen-hubble-sample.js';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const WORKLOAD = resolve(ROOT, '..', 'shared', 'bench', 'workload-1k');

export interface ReplayBenchResult {
  input: string;
  flows: number;
  bytes: number;
  gzip: boolean;
  modelMs: number;
  replayMs: number;
  flowsPerSecond: number;
  mibPerSecond: number;
  decisions: number;
  agreement: number;
  engineEvaluations?: number;
}

async function writeLines(path: string, lines: () => Generator<string>, gzip: boolean): Promise<void> {
  const file = createWriteStream(path);
  const out = gzip ? createGzip({ level: 6 }) : file;
  if (gzip) (out as ReturnType<typeof createGzip>).pipe(file);
  let buffer = '';
  for (const line of lines()) {
    buffer += `${line}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((r) => out.once('drain', () => r()));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise<void>((r) => {
    file.on('finish', () => r());
    out.end();
  });
}

function* repeatSeed(total: number): Generator<string> {
  // one recording (about 6 records per connection), repeated with shifted times
  const base = generateSeedFlows({ connections: 2000, seed: 11 });
  let emitted = 0;
  for (let round = 0; emitted < total; round++) {
    const shift = round === 0 ? undefined : `2025-03-${String(14 + (round % 14)).padStart(2, '0')}`;
    for (const line of base) {
      if (emitted >= total) return;
      yield shift ? line.replaceAll('2025-03-14', shift) : line;
      emitted++;
    }
  }
}

/** L3/L4 policy verdicts between random pods of workload-1k, half of them with their replies. */
export function* workloadFlows(total: number): Generator<string> {
  const docs = readFileSync(join(WORKLOAD, 'pods.yaml'), 'utf8').split(/^---$/m).map((d) => parse(d) as Record<string, any> | null).filter((d): d is Record<string, any> => !!d && d.kind === 'Pod');
  const pods = docs.map((p) => ({
    ip: p.status.podIP as string,
    namespace: p.metadata.namespace as string,
    name: p.metadata.name as string,
    node: p.spec.nodeName as string,
    labels: [
      ...Object.entries((p.metadata.labels ?? {}) as Record<string, string>).map(([k, v]) => `k8s:${k}=${v}`),
      `k8s:io.kubernetes.pod.namespace=${p.metadata.namespace}`,
    ],
  }));
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const ports = [80, 443, 8080, 5432, 6379, 9090, 53];
  const worlds = ['8.8.8.8', '1.1.1.1', '52.94.236.248', '140.82.112.6'];
  let t = Date.UTC(2025, 2, 14, 9, 0, 0);
  for (let i = 0; i < total; i++) {
    const src = pods[Math.floor(random() * pods.length)]!;
    const toWorld = random() < 0.1;
    const dst = toWorld ? undefined : pods[Math.floor(random() * pods.length)]!;
    const port = ports[Math.floor(random() * ports.length)]!;
    const udp = port === 53;
    const reply = random() < 0.4;
    const egress = toWorld || random() < 0.5;
    const verdict = random() < 0.8 ? 'FORWARDED' : 'DROPPED';
    const time = new Date((t += 3)).toISOString();
    const sport = 32768 + (i % 28000);
    const dstIp = dst ? dst.ip : worlds[i % worlds.length]!;
    const l4 = udp ? { UDP: { source_port: reply ? port : sport, destination_port: reply ? sport : port } } : { TCP: { source_port: reply ? port : sport, destination_port: reply ? sport : port, flags: reply ? { SYN: true, ACK: true } : { SYN: true } } };
    const srcEp = { identity: 30000 + (i % 97), namespace: src.namespace, labels: src.labels, pod_name: src.name };
    const dstEp = dst ? { identity: 30000 + (i % 89), namespace: dst.namespace, labels: dst.labels, pod_name: dst.name } : { identity: 2, labels: ['reserved:world'] };
    const node = egress ? src.node : dst!.node;
    const flow: Record<string, unknown> = {
      time,
      verdict,
      ...(verdict === 'DROPPED' ? { drop_reason: 133 } : {}),
      IP: { source: reply ? dstIp : src.ip, destination: reply ? src.ip : dstIp, ipVersion: 'IPv4' },
      l4,
      source: reply ? dstEp : srcEp,
      destination: reply ? srcEp : dstEp,
      Type: 'L3_L4',
      node_name: node,
      event_type: { type: reply ? 4 : 5 },
      traffic_direction: egress ? 'EGRESS' : 'INGRESS',
      ...(verdict === 'DROPPED' ? { drop_reason_desc: 'POLICY_DENIED' } : {}),
      is_reply: reply,
    };
    yield JSON.stringify({ flow, node_name: node, time });
  }
}

async function replayFile(model: Model, path: string): Promise<{ report: ReplayReport; ms: number }> {
  const started = performance.now();
  const replayer = new Replayer(model, { inputs: [path] });
  // as `membrane replay` does it (cli/flows.ts): lines read by shape, records handed over as read
  const onRecord = (value: unknown, line: number, file: string): void => replayer.addRecord(value, file, line);
  for await (const batch of readHubbleFlows([path], { fastPath: replayer.fastPath, onRecord })) {
    for (const d of batch.diagnostics) replayer.addMalformed(`${batch.file}`, d.message);
  }
  const report = replayer.report();
  return { report, ms: performance.now() - started };
}

function countEvaluations(model: Model): () => number {
  let calls = 0;
  const engine = model.engine;
  const original = engine.evaluate.bind(engine);
  engine.evaluate = (spec) => {
    calls++;
    return original(spec);
  };
  return () => calls;
}

export async function benchReplay(input: 'seed' | 'workload-1k', flows: number, gzip: boolean): Promise<ReplayBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'membrane-replay-'));
  const path = join(dir, `${input}.jsonl${gzip ? '.gz' : ''}`);
  try {
    await writeLines(path, () => (input === 'seed' ? repeatSeed(flows) : workloadFlows(flows)), gzip);
    const bytes = statSync(path).size;
    const modelStart = performance.now();
    let model: Model;
    if (input === 'seed') {
      const ws = readWorkspace([SEED_MANIFEST]);
      model = buildModel(ws.objects, { dns: { answers: ws.dns, mode: 'learn' } });
    } else {
      const ws = readWorkspace(['namespaces.yaml', 'nodes.yaml', 'pods.yaml', 'policies.yaml'].map((f) => join(WORKLOAD, f)));
      const dns = parse(readFileSync(join(WORKLOAD, 'dns.yaml'), 'utf8')) as Record<string, string[]>;
      model = buildModel(ws.objects, { dns: { answers: dns, mode: 'shared' } });
    }
    const modelMs = performance.now() - modelStart;
    const evaluations = countEvaluations(model);
    const { report, ms } = await replayFile(model, path);
    return {
      input,
      flows: report.totals.flows,
      bytes,
      gzip,
      modelMs: Math.round(modelMs),
      replayMs: Math.round(ms),
      flowsPerSecond: Math.round(report.totals.flows / (ms / 1000)),
      mibPerSecond: Math.round((bytes / 1048576 / (ms / 1000)) * 10) / 10,
      decisions: report.totals.decisions,
      agreement: Math.round(report.fidelity.agreement * 10000) / 10000,
      engineEvaluations: evaluations(),
    };
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
  const gzip = process.argv.includes('--gzip');
  const json = process.argv.includes('--json');
  const only = arg('--only');
  const inputs = (['seed', 'workload-1k'] as const).filter((i) => (only ? i === only : i === 'seed' || existsSync(WORKLOAD)));
  if (!json) console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  for (const input of inputs) {
    const r = await benchReplay(input, flows, gzip);
    if (json) console.log(JSON.stringify(r));
    else {
      console.log(`${r.input}: ${r.flows.toLocaleString('en-US')} flows, ${(r.bytes / 1048576).toFixed(0)} MiB${r.gzip ? ' gzip' : ''}; model ${r.modelMs} ms`);
      console.log(`  replay ${(r.replayMs / 1000).toFixed(2)} s = ${r.flowsPerSecond.toLocaleString('en-US')} flows/s (${r.mibPerSecond} MiB/s); ${r.decisions.toLocaleString('en-US')} decisions, ${r.engineEvaluations} engine evaluations, agreement ${(r.agreement * 100).toFixed(1)}%`);
    }
  }
}
