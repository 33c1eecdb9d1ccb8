/**
 * Robustness: bad input never crashes Membrane. Seeded mutations of the conformance corpus
 * (values replaced by values of other types, keys dropped or renamed, lists emptied) go
 * through loading, validation, resolution and flow evaluation; any exception fails the test
 * with the seed that reproduces it.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runPolicyTest } from '../../src/analysis/policy-test.js';
import { buildModel } from '../../src/analysis/model.js';
import { computeMatrix } from '../../src/analysis/matrix.js';
import { lintModel } from '../../src/analysis/lint/lint.js';
import { ENDPOINT_KINDS, resolveFlow, type EndpointRef } from '../../src/analysis/flow-endpoint.js';
import { listInputs } from '../../src/io/files.js';
import { parseText } from '../../src/policy/yaml-source.js';
import { uniform } from '../../tools/prng.js';


const REPLACEMENTS: unknown[] = [null, 0, -1, 70000, '', 'x', '*', '0.0.0.0/0', '10.0.0.0/33', true, [], {}, [null], [{}], { matchLabels: null }, '[', 'ANY', 'ICMP'];

type Json = unknown;

/** Walks to a random node and mutates it. */
function mutate(value: Json, random: () => number): void {
  const containers: { parent: Record<string, Json> | Json[]; key: string | number }[] = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) v.forEach((x, i) => { containers.push({ parent: v, key: i }); walk(x); });
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { containers.push({ parent: v as Record<string, Json>, key: k }); walk(x); }
  };
  walk(value);
  if (containers.length === 0) return;
  const { parent, key } = containers[Math.floor(random() * containers.length)]!;
  const r = random();
  if (r < 0.5) (parent as Record<string | number, Json>)[key] = REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)];
  else if (r < 0.7 && !Array.isArray(parent)) delete (parent as Record<string, Json>)[key as string];
  else if (r < 0.85 && !Array.isArray(parent)) {
    (parent as Record<string, Json>)[`${String(key)}x`] = (parent as Record<string, Json>)[key as string];
    delete (parent as Record<string, Json>)[key as string];
  } else (parent as Record<string | number, Json>)[key] = [ (parent as Record<string | number, Json>)[key], (parent as Record<string | number, Json>)[key] ];
}

describe('fuzz: mutated inputs never crash', () => {
  const { files } = listInputs(['test/conformance/basics', 'test/conformance/features']);
  const docs = files.flatMap((f) => parseText(readFileSync(f, 'utf8'), f).documents.map((d) => ({ file: f, value: d.value })));

  it('PolicyTest runs of 400 mutated documents complete', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const random = uniform(seed);
      const doc = docs[Math.floor(random() * docs.length)]!;
      const value = structuredClone(doc.value);
      const rounds = 1 + Math.floor(random() * 4);
      for (let i = 0; i < rounds; i++) mutate(value, random);
      try {
        const result = runPolicyTest(doc.file, value, undefined);
        for (const c of result.cases) if (c.explanation) JSON.stringify(c.explanation);
      } catch (err) {
        assert.fail(`seed ${seed} (${doc.file}): ${(err as Error).stack}`);
      }
    }
  });

  it('matrix and lint of 60 mutated clusters complete', () => {
    for (let seed = 1000; seed < 1060; seed++) {
      const random = uniform(seed);
      const doc = docs[Math.floor(random() * docs.length)]!;
      const value = structuredClone(doc.value) as { resources?: unknown };
      for (let i = 0; i < 3; i++) mutate(value, random);
      const objects = (Array.isArray(value.resources) ? value.resources : [])
        .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v))
        .map((v) => ({ value: v }));
      try {
        const model = buildModel(objects);
        computeMatrix(model);
        lintModel(model, {});
      } catch (err) {
        assert.fail(`seed ${seed} (${doc.file}): ${(err as Error).stack}`);
      }
    }
  });
});

describe('fuzz: mutated workloads and services never crash', () => {
  it('300 mutated workload manifests load, and every endpoint kind resolves or says why', () => {
    const files = ['test/fixtures/workloads/shop.yaml', 'test/fixtures/workloads/dump.yaml', 'examples/starwars/http-sw-app.yaml'];
    const docs = files.flatMap((f) => parseText(readFileSync(f, 'utf8'), f).objects.map((o) => o.value));
    for (let seed = 7000; seed < 7300; seed++) {
      const random = uniform(seed);
      const objects = docs.map((d) => structuredClone(d));
      const rounds = 1 + Math.floor(random() * 5);
      for (let i = 0; i < rounds; i++) mutate(objects[Math.floor(random() * objects.length)], random);
      try {
        const model = buildModel(objects.filter((v) => typeof v === 'object' && v !== null).map((v) => ({ value: v })), { maxReplicas: 3 });
        const names = ['frontend', 'cart', 'deathstar', 'shop/frontend', 'default/tiefighter', 'legacy'];
        for (const kind of ENDPOINT_KINDS) {
          const ref = { [kind]: names[Math.floor(random() * names.length)] } as EndpointRef;
          const r = resolveFlow({ from: { pod: 'default/xwing' }, to: ref, protocol: 'TCP', port: 80 }, model.cluster, new Map(), 'shop');
          if (r.ok) model.engine.evaluate(r.flow);
          else assert.ok(r.error.length > 0);
        }
      } catch (err) {
        assert.fail(`seed ${seed}: ${(err as Error).stack}`);
      }
    }
  });
});

describe('fuzz: mangled text never crashes', () => {
  it('200 texts with characters replaced, deleted or duplicated parse to results or diagnostics', () => {
    const { files } = listInputs(['test/conformance/basics']);
    const texts = files.map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));
    const alphabet = ['{', '}', '[', ']', ':', '-', ' ', '\n', '"', "'", '*', '&', '!', '#', '|', '>', '\t', 'x', '0'];
    for (let seed = 5000; seed < 5200; seed++) {
      const random = uniform(seed);
      const { file, text } = texts[Math.floor(random() * texts.length)]!;
      const chars = [...text];
      const edits = 1 + Math.floor(random() * 6);
      for (let i = 0; i < edits; i++) {
        const at = Math.floor(random() * chars.length);
        const r = random();
        if (r < 0.4) chars[at] = alphabet[Math.floor(random() * alphabet.length)]!;
        else if (r < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, chars[at] ?? 'x');
      }
      try {
        const parsed = parseText(chars.join(''), file);
        for (const d of parsed.documents) runPolicyTest(file, d.value, d.source);
        buildModel(parsed.objects);
      } catch (err) {
        assert.fail(`seed ${seed} (${file}): ${(err as Error).stack}`);
      }
    }
  });
});
