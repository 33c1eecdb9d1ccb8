/**
 * The fast path of validateSchema (no messages) must accept exactly the values the full
 * validation finds no issue in: every policy of the conformance corpus and the examples, and
 * thousands of seeded mutations of them (values of other types, dropped and renamed keys,
 * duplicated list items, nulls), checked both ways.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { listInputs } from '../../io/files.js';
import { networkPolicySchema } from '../knp/schema.js';
import { parseText } from '../yaml-source.js';
import { uniform } from '../../../tools/prng.js';
import { ciliumClusterwideNetworkPolicySchema, ciliumNetworkPolicySchema, type OpenApiSchema } from './index.js';
import { pruneChangesNothing } from './prune.js';
import { validateSchemaWithMessages, validatesCleanly } from './validate-schema.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const SCHEMAS: Record<string, OpenApiSchema> = {
  CiliumNetworkPolicy: ciliumNetworkPolicySchema,
  CiliumClusterwideNetworkPolicy: ciliumClusterwideNetworkPolicySchema,
  NetworkPolicy: networkPolicySchema,
};

/** Every policy object of the corpus and the examples (PolicyTest resources included). */
function corpusPolicies(): Obj[] {
  const { files } = listInputs(['test/conformance', 'examples']);
  const out: Obj[] = [];
  const take = (v: unknown) => {
    if (!isObj(v)) return;
    if (typeof v.kind === 'string' && SCHEMAS[v.kind]) out.push(v);
    if (v.kind === 'PolicyTest' && Array.isArray(v.resources)) v.resources.forEach(take);
  };
  for (const f of files) for (const d of parseText(readFileSync(f, 'utf8'), f).documents) take(d.value);
  return out;
}

const REPLACEMENTS: unknown[] = [null, 0, -1, 1.5, 70000, '', 'x', 'X', '*', '0.0.0.0/0', '10.0.0.0/33', '1.2.3.4', 'TCP', 'ANY', 'ICMP', 'IPv4', 'GET', '80', '0x50', true, [], {}, [null], [{}], { matchLabels: null }, { matchLabels: { a: 'b' } }, ['x', 'x']];

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

/**
 * The fast path may only accept what the full validation finds no issue in; it refuses
 * everything else, and also (by design) valid values that pruning would change (nulls
 * dropped, defaults applied), which then take the full path.
 */
function agree(value: Obj): string | undefined {
  const schema = SCHEMAS[value.kind as string]!;
  const fast = validatesCleanly(value, schema);
  const issues = validateSchemaWithMessages(value, schema);
  if (fast && issues.length > 0) return `fast path accepts but the full validation found: ${issues.map((i) => i.message).join('; ')}\n${JSON.stringify(value)}`;
  const root = { ...schema, properties: { ...schema.properties, apiVersion: {}, kind: {}, metadata: { type: 'object' } } } as OpenApiSchema;
  if (!fast && issues.length === 0 && pruneChangesNothing(value, root, true)) return `fast path refuses a valid value pruning leaves as it is\n${JSON.stringify(value)}`;
  return undefined;
}

describe('schema validation fast path', () => {
  const policies = corpusPolicies();

  it('agrees with the full validation on every corpus policy', () => {
    assert.ok(policies.length > 300, `found ${policies.length} policies`);
    let valid = 0;
    for (const p of policies) {
      assert.equal(agree(p), undefined);
      if (validatesCleanly(p, SCHEMAS[p.kind as string]!)) valid++;
    }
    assert.ok(valid > 250, `${valid} valid`);
  });

  it('agrees with the full validation on 6,000 mutated policies', () => {
    let refused = 0;
    for (let seed = 1; seed <= 6000; seed++) {
      const random = uniform(seed);
      const value = structuredClone(policies[Math.floor(random() * policies.length)]!);
      const rounds = 1 + Math.floor(random() * 3);
      for (let i = 0; i < rounds; i++) mutate(value, random);
      if (!isObj(value) || !SCHEMAS[value.kind as string]) continue;
      const problem = agree(value);
      assert.equal(problem, undefined, `seed ${seed}: ${problem}`);
      if (!validatesCleanly(value, SCHEMAS[value.kind as string]!)) refused++;
    }
    // the mutations must exercise both answers
    assert.ok(refused > 1000 && refused < 5900, `${refused} refused`);
  });
});
