import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseByteSize, readHubbleFlows, readHubbleInput, type HubbleReadOptions } from './hubble-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'membrane-hubble-reader-'));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(paths: string[], options: HubbleReadOptions = {}) {
  const values: unknown[] = [];
  const lines: number[] = [];
  const diagnostics: { severity: string; message: string; line?: number; file?: string }[] = [];
  for await (const b of readHubbleFlows(paths, options)) {
    values.push(...b.values);
    lines.push(...b.lines);
    for (const d of b.diagnostics) diagnostics.push({ severity: d.severity, message: d.message, line: d.location?.line, file: d.location?.file });
  }
  return { values, lines, diagnostics };
}

const rec = (i: number) => ({ flow: { time: `2025-03-14T09:00:0${i}Z`, verdict: 'FORWARDED', source: { pod_name: `p${i}`, labels: ['k8s:app=é'] } }, node_name: 'node-1' });
const JSONL = [rec(1), rec(2), rec(3)].map((r) => JSON.stringify(r)).join('\n');

describe('readHubbleFlows', () => {
  it('reads JSON lines with their line numbers, across any chunk boundary', async () => {
    const path = file('a.jsonl', `${JSONL}\n`);
    for (const chunkSize of [3, 7, 64, 1 << 20]) {
      const r = await readAll([path], { chunkSize });
      assert.deepEqual(r.values, [rec(1), rec(2), rec(3)], `chunk ${chunkSize}`);
      assert.deepEqual(r.lines, [1, 2, 3]);
      assert.deepEqual(r.diagnostics, []);
    }
  });

  it('tolerates CRLF, blank lines and a missing final newline', async () => {
    const path = file('crlf.jsonl', `\r\n${JSON.stringify(rec(1))}\r\n\r\n   \n${JSON.stringify(rec(2))}`);
    const r = await readAll([path], { chunkSize: 5 });
    assert.deepEqual(r.values, [rec(1), rec(2)]);
    assert.deepEqual(r.lines, [2, 5]);
  });

  it('reports malformed lines with file:line and keeps going', async () => {
    const path = file('bad.jsonl', `${JSON.stringify(rec(1))}\n{"flow": {"verdict": "FORW\n${JSON.stringify(rec(2))}\nnot json\n`);
    const r = await readAll([path]);
    assert.equal(r.values.length, 2);
    assert.deepEqual(r.lines, [1, 3]);
    assert.equal(r.diagnostics.length, 2);
    assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.file, d.line]), [['warning', path, 2], ['warning', path, 4]]);
    assert.match(r.diagnostics[0]!.message, /not a JSON record/);
  });

  it('gunzips input that starts with the gzip magic bytes, whatever its name', async () => {
    const path = file('flows.data', gzipSync(`${JSONL}\n`));
    const r = await readAll([path], { chunkSize: 16 });
    assert.deepEqual(r.values, [rec(1), rec(2), rec(3)]);
  });

  it('a truncated gzip stream ends the input with an error', async () => {
    const gz = gzipSync(`${JSONL}\n`.repeat(200));
    const path = file('cut.jsonl.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    const r = await readAll([path]);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /truncated|unexpected end/);
  });

  it('a JSON array, and pretty-printed objects, are split into their objects', async () => {
    const array = file('array.json', JSON.stringify([rec(1), rec(2), rec(3)], null, 2));
    const pretty = file('pretty.json', [rec(1), rec(2)].map((r) => JSON.stringify(r, null, 2)).join('\n'));
    const oneLine = file('line-array.json', `${JSON.stringify([rec(1), rec(2)])}\n${JSON.stringify(rec(3))}\n`);
    for (const chunkSize of [5, 1 << 20]) {
      assert.deepEqual((await readAll([array], { chunkSize })).values, [rec(1), rec(2), rec(3)]);
      assert.deepEqual((await readAll([pretty], { chunkSize })).values, [rec(1), rec(2)]);
    }
    const r = await readAll([oneLine]);
    assert.deepEqual(r.values, [rec(1), rec(2), rec(3)]);
    assert.deepEqual(r.lines, [1, 1, 2]);
    const lines = (await readAll([pretty])).lines;
    assert.deepEqual(lines, [1, 14]);
  });

  it('reads standard input for -', async () => {
    const stdin = Readable.from([Buffer.from(`${JSON.stringify(rec(1))}\n`)]);
    const batches = [];
    for await (const b of readHubbleInput('-', { stdin })) batches.push(b);
    assert.equal(batches[0]!.file, '<stdin>');
    assert.deepEqual(batches[0]!.values, [rec(1)]);
  });

  it('an unreadable file is an error, and the next input is still read', async () => {
    const good = file('good.jsonl', `${JSON.stringify(rec(1))}\n`);
    const r = await readAll([join(dir, 'missing.jsonl'), good]);
    assert.deepEqual(r.values, [rec(1)]);
    assert.equal(r.diagnostics[0]!.severity, 'error');
    assert.match(r.diagnostics[0]!.message, /no such file or directory/);
  });

  it('a fast path may stand in for parsing', async () => {
    const path = file('fast.jsonl', `${JSONL}\n`);
    const r = await readAll([path], { fastPath: (line) => (line.includes('"p2"') ? { skipped: true } : undefined) });
    assert.deepEqual(r.values, [rec(1), { skipped: true }, rec(3)]);
  });

  it('a line over maxLineBytes ends the input with an error naming the limit, in every input form', async () => {
    const long = `{"flow":{"x":"${'a'.repeat(3000)}"}}`;
    for (const [name, text] of [
      ['lines.jsonl', `${JSON.stringify(rec(1))}\n${long}\n${JSON.stringify(rec(3))}\n`],
      ['last.jsonl', `${JSON.stringify(rec(1))}\n${long}`],
      ['array.json', `[${JSON.stringify(rec(1))},\n${long}]`],
      ['gz.jsonl.gz', gzipSync(`${JSON.stringify(rec(1))}\n${long}\n`)],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const r = await readAll([path], { maxLineBytes: 2048, chunkSize: 512 });
      assert.deepEqual(r.values, [rec(1)], name);
      assert.equal(r.diagnostics.length, 1, name);
      assert.equal(r.diagnostics[0]!.severity, 'error');
      assert.match(r.diagnostics[0]!.message, /longer than 2 KiB .*--max-line-bytes/, name);
      // under the limit, the same input reads whole
      assert.equal((await readAll([path], { maxLineBytes: 8192, chunkSize: 512 })).diagnostics.length, 0, name);
    }
  });

  it('parseByteSize reads sizes as --max-line-bytes takes them', () => {
    assert.equal(parseByteSize('4M'), 4 * 1024 * 1024);
    assert.equal(parseByteSize('512K'), 512 * 1024);
    assert.equal(parseByteSize('1MiB'), 1 << 20);
    assert.equal(parseByteSize('65536'), 65536);
    assert.equal(parseByteSize('0'), undefined);
    assert.equal(parseByteSize('lots'), undefined);
  });
});
