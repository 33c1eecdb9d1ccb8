/**
 * loadPolicies reads the caller's objects and never writes them (it no longer copies each
 * policy first): every policy of the conformance corpus and the examples, loaded deep-frozen,
 * gives the same result as loaded from plain objects, and the plain objects are unchanged.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Cluster, type K8sObject } from '../cluster/index.js';
import { listInputs } from '../io/files.js';
import { loadPolicies } from './load.js';
import { parseText } from './yaml-source.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** Each PolicyTest's resources, and each file's own objects, as one input set. */
function inputSets(): Obj[][] {
  const { files } = listInputs(['test/conformance', 'examples']);
  const sets: Obj[][] = [];
  for (const f of files) {
    const own: Obj[] = [];
    for (const d of parseText(readFileSync(f, 'utf8'), f).documents) {
      if (!isObj(d.value)) continue;
      if (d.value.kind === 'PolicyTest' && Array.isArray(d.value.resources)) sets.push(d.value.resources.filter(isObj));
      else own.push(d.value);
    }
    if (own.length > 0) sets.push(own);
  }
  return sets;
}

function summary(values: Obj[]): string {
  const objects: K8sObject[] = values.map((value) => ({ value }));
  const { cluster } = Cluster.build(objects);
  const r = loadPolicies(objects, cluster);
  return JSON.stringify({
    accepted: r.accepted.map((p) => [p.ref.kind, p.ref.namespace, p.ref.name, p.entries.length, p.entries.map((e) => [e.subject.key, e.peers?.map((x) => x.key), e.portRules?.length])]),
    diagnostics: r.diagnostics.map((d) => [d.severity, d.code, d.message]),
  });
}

describe('loadPolicies leaves its input alone', () => {
  it('frozen and plain inputs load alike, and the plain ones are unchanged', () => {
    const sets = inputSets();
    assert.ok(sets.length > 100, `${sets.length} input sets`);
    let policies = 0;
    for (const values of sets) {
      const before = JSON.stringify(values);
      const plain = summary(values);
      assert.equal(JSON.stringify(values), before, 'loadPolicies changed its input');
      assert.equal(summary(deepFreeze(structuredClone(values))), plain);
      policies += values.filter((v) => /NetworkPolicy$/.test(String(v.kind))).length;
    }
    assert.ok(policies > 300, `${policies} policies`);
  });
});
