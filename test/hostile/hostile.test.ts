/**
 * Hostile input (issue 8 §3): each of these crashed with a stack trace, hung or exhausted
 * memory. Now each ends in exit 2 with a line naming the file and the limit (docs/limits.md),
 * or is read correctly. Huge inputs are generated here, never committed. Each case runs the
 * real `membrane` process, so a crash, a hang (timeout) or a heap abort fails the test.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'membrane-hostile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `membrane ARGS` as its own process, with a time bound and optional stdin file. */
function membrane(args: readonly string[], options: { env?: Record<string, string>; stdin?: string; timeoutMs?: number } = {}): Run {
  const stdio: ['pipe' | number, 'pipe', 'pipe'] = [options.stdin ? openSync(options.stdin, 'r') : 'pipe', 'pipe', 'pipe'];
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/run.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio,
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 << 20,
    encoding: 'utf8',
  });
  if (typeof stdio[0] === 'number') closeSync(stdio[0]);
  if (r.error) throw r.error; // a timeout: the command hung
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2, a line naming the file and the limit, and no stack trace. */
function assertRefused(r: Run, file: string, limit: RegExp, options: { report?: boolean } = {}): void {
  assert.equal(r.code, 2, `exit ${r.code}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error|RangeError|heap/i);
  const line = r.stderr.split('\n').find((l) => l.includes(file) && limit.test(l));
  assert.ok(line, `no line names ${file} and ${limit}:\n${r.stderr}`);
  if (!options.report) assert.equal(r.stdout.trim(), '', 'no verdict is printed');
}

const TRACE = ['--from', 'pod:default/a', '--to', 'pod:default/b', '--port', '80'];

describe('hostile input', () => {
  it('a YAML alias bomb (billion laughs) stops at the alias limit', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const file = join(dir, 'bomb.yaml');
    writeFileSync(file, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
    assertRefused(membrane(['trace', '-f', file, ...TRACE]), file, /alias/);
  });

  it('an alias bomb in a PolicyTest file: membrane test exits 2 as well', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const file = join(dir, 'bomb-test.yaml');
    writeFileSync(file, `kind: PolicyTest\nname: bomb\n${lines.join('\n')}\n`);
    const r = membrane(['test', file]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`${file}.*alias`));
  });

  it('10,000-deep JSON stops at the nesting limit', () => {
    const file = join(dir, 'deep.json');
    writeFileSync(file, `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    assertRefused(membrane(['validate', '-f', file]), file, /nesting.*MEMBRANE_MAX_DEPTH/, { report: true });
  });

  it('10,000-deep YAML, flow and block, stops at the nesting limit', () => {
    const flow = join(dir, 'deep-flow.yaml');
    writeFileSync(flow, `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    assertRefused(membrane(['validate', '-f', flow]), flow, /nest.*MEMBRANE_MAX_DEPTH/, { report: true });
    const block = join(dir, 'deep-block.yaml');
    writeFileSync(block, Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n');
    assertRefused(membrane(['validate', '-f', block]), block, /nest.*MEMBRANE_MAX_DEPTH/, { report: true });
  });

  it('a JSON List of 150,000 pods loads (no argument-spread overflow)', () => {
    const file = join(dir, 'pods-150k.json');
    const fd = openSync(file, 'w');
    writeSync(fd, '{"apiVersion":"v1","kind":"List","items":[');
    for (let i = 0; i < 150_000; i++) {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      writeSync(fd, `${i ? ',' : ''}{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p${i}","namespace":"default","labels":{"app":"a${i % 50}"}},"spec":{"nodeName":"n1"},"status":{"podIP":"${ip}"}}`);
    }
    writeSync(fd, ']}');
    closeSync(fd);
    const r = membrane(['validate', '-f', file], { timeoutMs: 180_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /0 policies/);
  });

  it('a 200 MB YAML file stops at the file size limit before it is read', () => {
    const file = join(dir, 'huge.yaml');
    const fd = openSync(file, 'w');
    const block = Buffer.from('---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {k: v}\n'.repeat(16_384));
    for (let written = 0; written < 200 * 1024 * 1024; written += block.length) writeSync(fd, block);
    closeSync(fd);
    assertRefused(membrane(['trace', '-f', file, ...TRACE]), file, /limit 128 MiB.*MEMBRANE_MAX_FILE_SIZE/);
  });

  it('limits are settable: MEMBRANE_MAX_FILE_SIZE and MEMBRANE_MAX_DOCUMENT_SIZE', () => {
    const file = join(dir, 'two-mb.yaml');
    writeFileSync(file, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: "${'x'.repeat(2 << 20)}"\n`);
    assertRefused(membrane(['validate', '-f', file], { env: { MEMBRANE_MAX_FILE_SIZE: '1M' } }), file, /limit 1 MiB.*MEMBRANE_MAX_FILE_SIZE/, { report: true });
    assertRefused(membrane(['validate', '-f', file], { env: { MEMBRANE_MAX_DOCUMENT_SIZE: '1M' } }), file, /document.*limit 1 MiB.*MEMBRANE_MAX_DOCUMENT_SIZE/, { report: true });
    assert.equal(membrane(['validate', '-f', file]).code, 0);
    const bad = membrane(['validate', '-f', file], { env: { MEMBRANE_MAX_DEPTH: 'lots' } });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /MEMBRANE_MAX_DEPTH="lots" is not a positive number/);
  });

  it('a FIFO named *.yaml in a walked directory is skipped, not waited on', () => {
    const d = join(dir, 'with-fifo');
    spawnSync('mkdir', ['-p', d]);
    writeFileSync(join(d, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: default}\n');
    assert.equal(spawnSync('mkfifo', [join(d, 'pipe.yaml')]).status, 0);
    const r = membrane(['validate', '-f', d], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /pipe\.yaml: warning: skipped: a FIFO \(named pipe\), not a regular file/);
  });

  it('-f of a FIFO or a device is refused unless it is -', () => {
    const fifo = join(dir, 'direct.yaml');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    assertRefused(membrane(['trace', '-f', fifo, ...TRACE], { timeoutMs: 30_000 }), fifo, /FIFO.*not a regular file/);
    assertRefused(membrane(['trace', '-f', '/dev/zero', ...TRACE], { timeoutMs: 30_000 }), '/dev/zero', /character device.*not a regular file/);
  });

  it('-f - fed from /dev/zero stops at the file size limit', () => {
    assertRefused(membrane(['trace', '-f', '-', ...TRACE], { stdin: '/dev/zero', env: { MEMBRANE_MAX_FILE_SIZE: '8M' }, timeoutMs: 30_000 }), '<stdin>', /limit 8 MiB/);
  });

  it('text that is not UTF-8 is refused, as kubectl refuses it', () => {
    const file = join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf'), Buffer.from([0xe9]), Buffer.from('}\n')]));
    assertRefused(membrane(['validate', '-f', file]), file, /not valid UTF-8/, { report: true });
  });
});
