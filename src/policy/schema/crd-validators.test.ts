/**
 * The generated fast path (crd-validators.generated.ts) is current with its generator and the
 * schemas, and answers exactly as the generic one (passesCleanly, itself held to the full
 * validation by fast-validate.test.ts): on every policy of the corpus, the examples and the
 * bench workloads (when ../shared is there), on 8,000 seeded mutations of them, and on values
 * drawn at random from the schemas themselves (which reach every field).
 */

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GENERATED_FILE, generateCrdValidators } from '../../../tools/gen-crd-validators.js';
import { uniform } from '../../../tools/prng.js';
import { listInputs } from '../../io/files.js';
import { networkPolicySchema } from '../knp/schema.js';
import { parseText } from '../yaml-source.js';
import { ciliumClusterwideNetworkPolicySchema, ciliumNetworkPolicySchema, type OpenApiSchema } from './index.js';
import { passesGeneratedChecks, validatesCleanly } from './validate-schema.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const SCHEMAS: Record<string, OpenApiSchema> = {
  CiliumNetworkPolicy: ciliumNetworkPolicySchema,
  CiliumClusterwideNetworkPolicy: ciliumClusterwideNetworkPolicySchema,
  NetworkPolicy: networkPolicySchema,
};

function policiesIn(paths: string[]): Obj[] {
  const { files } = listInputs(paths.filter((p) => existsSync(p)));
  const out: Obj[] = [];
  const take = (v: unknown) => {
    if (!isObj(v)) return;
    if (typeof v.kind === 'string' && SCHEMAS[v.kind]) out.push(v);
    if (v.kind === 'PolicyTest' && Array.isArray(v.resources)) v.resources.forEach(take);
  };
  for (const f of files) for (const d of parseText(readFileSync(f, 'utf8'), f).documents) take(d.value);
  return out;
}

const REPLACEMENTS: unknown[] = [
  null, 0, -1, 1.5, 65535, 65536, 70000, '', 'x', 'X', '*', '0.0.0.0/0', '10.0.0.0/33', '1.2.3.4', 'TCP', 'ANY', 'ICMP', 'IPv4', 'IPv6', 'GET', '80',
  '0x50', 'http-alt', '-x', 'EchoReply', '256', 'a'.repeat(300), 'k8s:app', 'a/b/c', 'In', 'Exists', 'required', 'world', 'LOG', true, false, [], {},
  [null], [{}], ['x', 'x'], [{ port: '80' }, { port: '80' }], { matchLabels: null }, { matchLabels: { a: 'b' } }, { matchLabels: { a: 1 } },
  { family: 'IPv6', type: 8 }, { type: 8 }, { port: '53', protocol: 'UDP' }, { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] }, { matchName: 'a..b' },
];

function mutate(value: unknown, random: () => number): void {
  const places: { parent: Obj | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => { places.push({ parent: v, key: i }); walk(x); });
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) { places.push({ parent: v, key: k }); walk(x); }
  };
  walk(value);
  if (places.length === 0) return;
  const { parent, key } = places[Math.floor(random() * places.length)]!;
  const slot = parent as Record<string | number, unknown>;
  const r = random();
  if (r < 0.5) slot[key] = structuredClone(REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)]);
  else if (r < 0.65 && !Array.isArray(parent)) delete slot[key];
  else if (r < 0.75 && !Array.isArray(parent)) { slot[`${String(key)}x`] = slot[key]; delete slot[key]; }
  else if (r < 0.9 && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
  else slot[key] = [slot[key], structuredClone(slot[key])];
}

const STRINGS = [
  '', 'a', 'A', 'x-y', 'a.b', 'a..b', '-a', 'k8s:app', 'a/b', 'a/b/c', '80', '0', '65536', 'http', 'http-alt', '10.0.0.0/8', '10.0.0.0/33', '::/0',
  '1.2.3.4', 'EchoReply', 'ExtendedEcho Reply', '300', 'IPv4', 'IPv6', 'TCP', 'ANY', 'In', 'Exists', 'GET', '/api/.*', '*.a.b', 'a.b.', 'required',
  'world', 'LOG', 'é', 'tab\there', 'a'.repeat(32), 'a'.repeat(33), 'a'.repeat(64), 'a'.repeat(256), '2024-01-02T03:04:05Z', 'not-a-date',
];
const NUMBERS = [0, 1, -1, 8, 53, 80, 255, 256, 65535, 65536, 1.5, 2 ** 31, -(2 ** 31) - 1];

/** Whether a scalar passes a string or number schema's own checks (to draw mostly valid values). */
function scalarFits(value: unknown, schema: OpenApiSchema): boolean {
  return validatesCleanly(value, { ...schema, 'x-kubernetes-validations': undefined, properties: undefined, items: undefined });
}

/**
 * A random value shaped by a schema, valid more often than not (strings, numbers and enum
 * values that pass the node's checks, one branch of each oneOf, the required fields), with now
 * and then a fault: a null, a value of another type, an unknown or a missing field, a repeated
 * list item, a string or number that fails. It reaches every field of the schema, where the
 * corpus reaches few.
 */
function fromSchema(schema: OpenApiSchema, random: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const r = random();
  if (r < 0.01) return null;
  if (r < 0.02) return pick<unknown>([pick(STRINGS), pick(NUMBERS), true, [], {}]);
  const faulty = random() < 0.03;
  if (schema.enum && schema.enum.length > 0) return faulty ? pick(STRINGS) : structuredClone(pick(schema.enum));
  const type = schema['x-kubernetes-int-or-string'] ? pick(['integer', 'string']) : schema.type ?? (schema.properties ? 'object' : pick(['string', 'integer', 'boolean', 'object', 'array']));
  const scalar = (pool: readonly unknown[]) => {
    const fitting = pool.filter((x) => scalarFits(x, schema));
    return pick(faulty || fitting.length === 0 ? pool : fitting);
  };
  switch (type) {
    case 'string': return scalar(STRINGS);
    case 'integer': return scalar(NUMBERS.filter(Number.isInteger));
    case 'number': return scalar(NUMBERS);
    case 'boolean': return random() < 0.5;
    case 'array': {
      const items = Array.from({ length: Math.floor(random() * (depth > 6 ? 2 : 3)) }, () => (schema.items ? fromSchema(schema.items, random, depth + 1) : pick(STRINGS)));
      if (items.length > 0 && random() < 0.03) items.push(structuredClone(items[0]));
      return items;
    }
    default: {
      const out: Obj = {};
      // one branch of a oneOf, one or more of an anyOf: their required fields, and not the others'
      const wanted = new Set(schema.required ?? []);
      const unwanted = new Set<string>();
      if (schema.oneOf?.length) {
        const chosen = pick(schema.oneOf);
        for (const b of schema.oneOf) for (const k of b.required ?? []) (b === chosen ? wanted : unwanted).add(k);
      }
      if (schema.anyOf?.length) for (const k of pick(schema.anyOf).required ?? []) wanted.add(k);
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        const p = wanted.has(key) ? 0.97 : unwanted.has(key) ? 0.02 : depth > 5 ? 0.15 : 0.35;
        if (random() < p) out[key] = fromSchema(property, random, depth + 1);
      }
      if (typeof schema.additionalProperties === 'object') {
        for (let i = Math.floor(random() * 3); i > 0; i--) out[pick(['app', 'k8s:app', 'tier', 'a/b', '-x'])] = fromSchema(schema.additionalProperties, random, depth + 1);
      }
      if (random() < 0.01) out[pick(['extra', 'ingres', 'toPort', 'matchLabel'])] = pick(STRINGS);
      return out;
    }
  }
}

/** Every place in a value: the parent and key of each field and list item. */
function places(value: unknown): { parent: Obj | unknown[]; key: string | number }[] {
  const out: { parent: Obj | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => { out.push({ parent: v, key: i }); walk(x); });
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) { out.push({ parent: v, key: k }); walk(x); }
  };
  walk(value);
  return out;
}

/** Single faults to put at one place of a clean value. */
const FAULTS: ((slot: Record<string | number, unknown>, key: string | number, parent: Obj | unknown[]) => void)[] = [
  (slot, key) => { slot[key] = null; },
  (slot, key, parent) => { if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number])); else delete slot[key]; },
  (slot, key) => { slot[key] = 'a'.repeat(300); },
  (slot, key) => { slot[key] = 70000; },
  (slot, key) => { slot[key] = {}; },
  (slot, key) => { slot[key] = ['x', 'x']; },
  (slot, key) => { slot[key] = 'x'; },
  (_slot, key, parent) => { if (Array.isArray(parent)) while (parent.length <= 40) parent.push(structuredClone(parent[key as number])); },
];

function drawn(seed: number): Obj {
  const kinds = Object.keys(SCHEMAS);
  const random = uniform(seed);
  const kind = kinds[seed % kinds.length]!;
  const spec = SCHEMAS[kind]!.properties!.spec!;
  const value: Obj = { apiVersion: kind === 'NetworkPolicy' ? 'networking.k8s.io/v1' : 'cilium.io/v2', kind, metadata: { name: `p${seed}`, namespace: 'default' } };
  if (random() < 0.98) value.spec = fromSchema(spec, random, 1);
  if (kind !== 'NetworkPolicy' && random() < 0.1) value.specs = [fromSchema(spec, random, 1), fromSchema(spec, random, 1)];
  if (random() < 0.05) value.status = { conditions: [] };
  return value;
}

function agree(value: Obj, schema = SCHEMAS[value.kind as string]!): void {
  const generated = passesGeneratedChecks(value, schema);
  assert.notEqual(generated, undefined, 'no generated check for the schema');
  assert.equal(generated, validatesCleanly(value, schema), JSON.stringify(value));
}

describe('generated schema checks', () => {
  it('are current (npx tsx tools/gen-crd-validators.ts)', () => {
    assert.ok(readFileSync(GENERATED_FILE, 'utf8') === generateCrdValidators(), 'crd-validators.generated.ts is stale: run npx tsx tools/gen-crd-validators.ts');
  });

  const corpus = policiesIn(['test/conformance', 'examples', join('..', 'shared', 'corpus', 'cilium-examples')]);
  const workloads = policiesIn(['workload-1k', 'workload-10k'].map((w) => join('..', 'shared', 'bench', w, 'policies.yaml')));

  it('answer as the generic fast path on every policy of the corpus and the workloads', () => {
    assert.ok(corpus.length > 300, `found ${corpus.length} policies`);
    let clean = 0;
    for (const p of [...corpus, ...workloads]) {
      agree(p);
      if (validatesCleanly(p, SCHEMAS[p.kind as string]!)) clean++;
    }
    assert.ok(clean > 250, `${clean} clean`);
  });

  it('answer as the generic fast path on 4,000 values drawn from the schemas, and on each single fault of the clean ones', () => {
    let clean = 0;
    let faults = 0;
    for (let seed = 1; seed <= 4000; seed++) {
      const value = drawn(seed);
      agree(value);
      if (!validatesCleanly(value, SCHEMAS[value.kind as string]!)) continue;
      clean++;
      if (clean > 150) continue;
      // every field and item of a clean value, each fault in turn (a fault some check must catch)
      const count = places(value).length;
      for (let i = 0; i < count; i++) {
        for (const fault of FAULTS) {
          const copy = structuredClone(value);
          const { parent, key } = places(copy)[i]!;
          fault(parent as Record<string | number, unknown>, key, parent);
          agree(copy, SCHEMAS[value.kind as string]);
          faults++;
        }
      }
    }
    assert.ok(clean > 1000 && clean < 3900, `${clean} clean`);
    assert.ok(faults > 10000, `${faults} faults`);
  });

  it('answer as the generic fast path on 8,000 mutated policies', () => {
    const all = [...corpus, ...workloads];
    let refused = 0;
    for (let seed = 1; seed <= 8000; seed++) {
      const random = uniform(seed);
      const value = structuredClone(all[Math.floor(random() * all.length)]!);
      const rounds = 1 + Math.floor(random() * 3);
      for (let i = 0; i < rounds; i++) mutate(value, random);
      if (!isObj(value) || !SCHEMAS[value.kind as string]) continue;
      agree(value);
      if (!validatesCleanly(value, SCHEMAS[value.kind as string]!)) refused++;
    }
    assert.ok(refused > 1000 && refused < 7900, `${refused} refused`);
  });
});
