/**
 * streamFlows on a worker thread and on this one: the same records, in the same order, the
 * same diagnostics and exit code (replay's report and -o jsonl records compared whole).
 */

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildModel, type Model } from '../analysis/model.js';
import { Replayer, type JudgedRecord } from '../analysis/replay.js';
import { nestedObjects, parseText } from '../policy/yaml-source.js';
import { CommandContext } from './context.js';
import { streamFlows } from './flows.js';

const SAMPLE = 'test/fixtures/hubble/seed-flows.jsonl';
const TRACES = 'test/fixtures/generate/trace-flows.jsonl';
const dir = mkdtempSync(join(tmpdir(), 'membrane-flows-'));

function seedModel(): Model {
  const file = 'examples/seed/seed-demo.yaml';
  const doc = parseText(readFileSync(file, 'utf8'), file).documents[0]!;
  const value = doc.value as { resources: unknown; dns: Record<string, string[]> };
  return buildModel(nestedObjects(doc.source, value.resources, ['resources']), { dns: { answers: value.dns, mode: 'learn' } });
}

async function run(paths: string[], worker: boolean, options: { maxLineBytes?: number; traces?: boolean } = {}) {
  const err: string[] = [];
  const ctx = new CommandContext({ out: () => {}, err: (t) => err.push(t) });
  const judged: JudgedRecord[] = [];
  const replayer = new Replayer(seedModel(), { traces: options.traces, onJudged: (r) => judged.push(r), inputs: paths });
  let batches = 0;
  const ok = await streamFlows(ctx, paths, replayer, { worker, maxLineBytes: options.maxLineBytes, chunkSize: 64 * 1024, afterBatch: async () => void batches++ });
  return { ok, code: ctx.exitCode, err, judged, report: replayer.report(), batches };
}

async function same(paths: string[], options: { maxLineBytes?: number; traces?: boolean } = {}) {
  const here = await run(paths, false, options);
  const there = await run(paths, true, options);
  assert.deepEqual(there.judged, here.judged);
  assert.deepEqual(there.report, here.report);
  assert.deepEqual(there.err, here.err);
  assert.equal(there.ok, here.ok);
  assert.equal(there.code, here.code);
  assert.ok(there.batches > 0);
  return here;
}

describe('streamFlows on a worker thread', () => {
  it('replays the sample recordings as this thread does (several inputs, gzip, traces on and off)', async () => {
    const gz = join(dir, 'seed.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(SAMPLE)));
    const r = await same([SAMPLE, gz, TRACES]);
    assert.ok(r.judged.length > 1000 && r.ok);
    await same([SAMPLE], { traces: false });
  });

  it('reports malformed lines, JSON arrays, non-flow records and a line over the limit as this thread does', async () => {
    const lines = readFileSync(SAMPLE, 'utf8').split('\n').filter(Boolean);
    const mixed = [
      ...lines.slice(0, 300),
      'not json',
      `[${lines[5]},${lines[6]}]`,
      '{"node_status":{}}',
      `${lines[7]!.slice(0, 40)}`,
      ...lines.slice(300, 600),
      '{"flow":{"time":"a\\u0041"}}',
      ...Array.from({ length: 8 }, (_, i) => `garbage ${i}`),
      ...lines.slice(600),
    ];
    const path = join(dir, 'mixed.jsonl');
    writeFileSync(path, `${mixed.join('\n')}\n`);
    const r = await same([path]);
    assert.ok(r.report.totals.malformed >= 10 && r.ok, JSON.stringify(r.report.totals));
    const long = join(dir, 'long.jsonl');
    writeFileSync(long, `${lines.slice(0, 50).join('\n')}\n${'x'.repeat(5000)}\n${lines.slice(50, 80).join('\n')}\n`);
    const l = await same([long, SAMPLE], { maxLineBytes: 4096 });
    assert.equal(l.ok, false);
    assert.equal(l.code, 2);
  });

  it('reports an unreadable input as this thread does', async () => {
    const r = await same([SAMPLE, join(dir, 'absent.jsonl')]);
    assert.equal(r.ok, false);
  });
});
