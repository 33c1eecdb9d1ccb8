/**
 * Hostile replay input (issue 8 §3): a 200 MB line, a gzip bomb, millions of distinct
 * endpoints. Each is generated here, streaming (nothing that large is kept in the repository).
 * Expected: exit 2 with one line naming the file and the limit for lines over the limit; memory
 * bounded whatever the input (5M lines of distinct endpoints under 500 MB).
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { runCli } from '../helpers/cli.js';

const SEED = 'examples/seed/seed-demo.yaml';
const dir = mkdtempSync(join(tmpdir(), 'membrane-hostile-replay-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function writeStreaming(path: string, chunks: () => Generator<string | Buffer>): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of chunks()) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

describe('hostile replay input', () => {
  it('a 200 MB line: exit 2, one line naming the file and the limit, memory bounded', async () => {
    const path = join(dir, 'replay-long-line.jsonl');
    const block = 'a'.repeat(1 << 20);
    await writeStreaming(path, function* () {
      yield '{"flow":{"verdict":"FORWARDED","x":"';
      for (let i = 0; i < 200; i++) yield block;
      yield '"}}\n';
    });
    const before = process.memoryUsage().rss;
    const r = await runCli('replay', '-f', SEED, path, '-q');
    assert.equal(r.code, 2);
    const errors = r.stderr.split('\n').filter(Boolean);
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0]!, /replay-long-line\.jsonl.*line 1 is longer than 4 MiB.*--max-line-bytes/);
    assert.ok(process.memoryUsage().rss - before < 100 * 1024 * 1024, 'the line was not gathered');
    // the limit is settable
    const small = join(dir, 'replay-2k-line.jsonl');
    writeFileSync(small, `${JSON.stringify({ flow: { verdict: 'FORWARDED', x: 'b'.repeat(2000) } })}\n`);
    assert.equal((await runCli('replay', '-f', SEED, small, '-q')).code, 0);
    const limited = await runCli('replay', '-f', SEED, small, '--max-line-bytes', '1K', '-q');
    assert.equal(limited.code, 2);
    assert.match(limited.stderr, /line 1 is longer than 1 KiB/);
    assert.equal((await runCli('replay', '-f', SEED, small, '--max-line-bytes', 'lots')).code, 2);
  });

  it('a gzip bomb (1 MB expanding to 1 GiB without a newline): exit 2 at the limit, quickly', async () => {
    const path = join(dir, 'replay-gzip-bomb.jsonl.gz');
    // gzip members concatenate: one compressed 16 MiB block of spaces, 64 times
    const member = gzipSync(Buffer.alloc(16 << 20, 32), { level: 9 });
    await writeStreaming(path, function* () {
      for (let i = 0; i < 64; i++) yield member;
    });
    assert.ok(readFileSync(path).length < 2 << 20);
    const started = performance.now();
    const r = await runCli('replay', '-f', SEED, path, '-q');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /replay-gzip-bomb\.jsonl\.gz.*line 1 is longer than 4 MiB/);
    assert.ok(performance.now() - started < 30_000);
  });

  it('5M lines of distinct endpoints replay in bounded memory (< 500 MB)', { timeout: 600_000 }, async () => {
    const lines = 5_000_000;
    // the sources through tsx: bin/membrane.js runs the build (test/package.test.ts checks it)
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'replay', '-f', SEED, '-', '-o', 'json', '-q'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let peakKiB = 0;
    const status = `/proc/${child.pid}/status`;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
        if (m) peakKiB = Math.max(peakKiB, Number(m[1]));
      } catch { /* exited */ }
    }, 100);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = once(child, 'exit');
    // every line: a new outside address (and source port) reaching app2, or app1 reaching one
    let buf = '';
    for (let i = 0; i < lines; i++) {
      const ip = `${20 + ((i >>> 16) % 200)}.${(i >>> 8) & 255}.${i & 255}.${(i >>> 24) + 1}`;
      buf += i % 2 === 0
        ? `{"verdict":"FORWARDED","IP":{"source":"${ip}","destination":"10.0.1.11"},"l4":{"TCP":{"source_port":${1024 + (i % 60000)},"destination_port":80,"flags":{"SYN":true}}},"source":{"labels":["reserved:world"]},"destination":{"namespace":"default","pod_name":"app2"},"event_type":{"type":5},"traffic_direction":"INGRESS","node_name":"node-2"}\n`
        : `{"verdict":"FORWARDED","IP":{"source":"10.0.1.10","destination":"${ip}"},"l4":{"UDP":{"source_port":${1024 + (i % 60000)},"destination_port":53}},"source":{"namespace":"default","pod_name":"app1"},"destination":{"labels":["reserved:world"]},"event_type":{"type":5},"traffic_direction":"EGRESS","node_name":"node-1"}\n`;
      if (buf.length > 1 << 20) {
        if (!child.stdin.write(buf)) await once(child.stdin, 'drain');
        buf = '';
      }
    }
    child.stdin.end(buf);
    const [code] = await exited;
    clearInterval(poll);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout);
    assert.equal(report.totals.decisions, lines);
    assert.match(report.endpointsCounted, /^at least/);
    assert.ok(peakKiB > 0 && peakKiB < 500 * 1024, `peak RSS ${Math.round(peakKiB / 1024)} MiB`);
  });
});
