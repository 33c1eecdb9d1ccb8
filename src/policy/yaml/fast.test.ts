/**
 * The fast reader against the reference decoder: on every document of the shared workloads,
 * the Cilium corpus, Membrane's examples and tests, and thousands of generated documents, a
 * document the fast reader accepts must decode to exactly the reference value (which the
 * kubectl table pins to kubectl's own decoding, kubectl-table.test.ts).
 */

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { uniform } from '../../../tools/prng.js';
import { splitKubectlDocuments } from './documents.js';
import { decodeFast } from './fast.js';
import { DEFAULT_LIMITS } from './limits.js';
import { decodeReference } from './reference.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SHARED = join(ROOT, '..', 'shared');

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

function reference(text: string): { value?: unknown; error?: string } {
  try {
    return { value: decodeReference(text, DEFAULT_LIMITS).value };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/**
 * Compares the readers on the documents of `files` (every `sample`th of files over 2 MB, to
 * keep the reference decoder's time in bounds); returns how many the fast reader took.
 */
function compare(files: readonly string[], sample = 1): { documents: number; fast: number } {
  let documents = 0;
  let fast = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/^\ufeff/, '');
    const every = text.length > 2_000_000 ? sample : 1;
    for (const [i, chunk] of splitKubectlDocuments(text).chunks.entries()) {
      if (i % every !== 0) continue;
      documents++;
      const got = decodeFast(chunk.text, DEFAULT_LIMITS);
      if (got === undefined) continue;
      fast++;
      const ref = reference(chunk.text);
      assert.equal(ref.error, undefined, `${file}:${chunk.lineOffset + 1}: the fast reader read a document the reference refuses (${ref.error})`);
      assert.deepStrictEqual(got, ref.value, `${file}:${chunk.lineOffset + 1}`);
    }
  }
  return { documents, fast };
}

const workloads = ['workload-1k', 'workload-10k'].map((w) => join(SHARED, 'bench', w));

describe('fast reader = reference decoder', () => {
  it('on the shared workloads (every document, every 10th of the 10,000 pods; all in the fast subset)', { skip: workloads.every((w) => !existsSync(w)) && 'no ../shared/bench' }, () => {
    const r = compare(workloads.flatMap(yamlFiles), 10);
    assert.ok(r.documents > 3_000, `${r.documents} documents`);
    assert.equal(r.fast, r.documents, 'every workload document takes the fast path');
  });

  it('on the Cilium corpus, the conformance suite, examples and tests', () => {
    const files = [join(SHARED, 'corpus'), join(SHARED, 'conformance'), join(ROOT, 'examples'), join(ROOT, 'test')].flatMap(yamlFiles);
    const r = compare(files);
    // the checkout alone (examples, test/) holds about 200 documents; ../shared adds the corpus
    assert.ok(r.documents > (existsSync(join(SHARED, 'corpus')) ? 300 : 150), `${r.documents} documents`);
    assert.ok(r.fast / r.documents > 0.8, `the fast reader took ${r.fast} of ${r.documents}`);
  });

  it('on generated documents mixing every construct the table covers', () => {
    const rnd = uniform(20240101);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const scalars = [
      'a', 'yes', 'No', 'on', 'y', '~', 'null', '', '0', '012', '08', '0x1F', '0o17', '1_000', '-12', '+5', '1.5', '.5', '1e3', '.inf', '-.Inf', '.nan',
      '2024-01-01', '12:30', '10.0.0.0/8', 'nginx:1.2', 'http://x:80/p#f', 'a#b', 'a # c', '"quoted"', "'single ''q'''", '"esc\\n\\t\\u00e9\\x41"', '"\\/"',
      '[a, b]', '[1, yes, ~]', '{k: v}', '{"k":1}', '{k: [1, {x: y}]}', '[a:b]', '{a:b}', '[a, ]', '&anc x', '*anc', '!!str 5', '!!binary aGk=', '|', '|-', '>',
      'café', '-x', '- x', ': x', '? x', 'a: b', 'a:', '@x', '%x', '`x', '9223372036854775808', '1e400', 'true_', 'TRUE', 'tRue', 'x  y', 'k8s:io.ns',
    ];
    const keys = ['a', 'b', 'yes', 'on', '1', '012', '1.5', '"q"', "'s'", 'a b', 'k8s:x', 'app.kubernetes.io/name', '<<', '~', 'a', 'x[0]', '-k', '"k:v"'];
    const block = (indent: number, depth: number): string[] => {
      const pad = ' '.repeat(indent);
      const lines: string[] = [];
      const seq = rnd() < 0.3;
      const n = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < n; i++) {
        const lead = seq ? `${pad}- ` : `${pad}${pick(keys)}:`;
        const r = rnd();
        if (depth < 4 && r < 0.3) {
          if (seq && rnd() < 0.5) {
            const inner = block(indent + 2, depth + 1);
            lines.push(`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
          } else {
            lines.push(seq ? `${pad}-` : lead, ...block(indent + (rnd() < 0.2 && !seq ? 0 : 2), depth + 1));
          }
        } else {
          const v = pick(scalars);
          if (v === '|' || v === '|-' || v === '>') lines.push(`${lead} ${v}`, `${pad}  line one`, `${pad}   more`, '', `${pad}  last`);
          else lines.push(`${lead}${seq ? '' : ' '}${v}`);
        }
        if (rnd() < 0.1) lines.push(`${pad}# a comment`);
        if (rnd() < 0.05) lines.push('');
      }
      return lines;
    };
    let fast = 0;
    const total = 4000;
    for (let i = 0; i < total; i++) {
      const text = `${block(rnd() < 0.1 ? 2 : 0, 0).join('\n')}\n`;
      const got = decodeFast(text, DEFAULT_LIMITS);
      if (got === undefined) continue;
      fast++;
      const ref = reference(text);
      assert.equal(ref.error, undefined, `fast read, reference refused (${ref.error}):\n${text}`);
      assert.deepStrictEqual(got, ref.value, text);
    }
    assert.ok(fast > total / 10, `the fast reader took ${fast} of ${total} generated documents`);
  });
});
