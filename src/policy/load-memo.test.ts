/**
 * Translation remembers what policies repeat (scoped selectors with their descriptions, CIDR
 * peers, DNS matchers, compiled HTTP rules, label key checks), keyed by what each result
 * depends on. If a key missed something (a scope's namespace or cluster, a context), the first
 * input set to fill an entry would decide it for later ones: every input set of the corpus and
 * the examples, loaded after all the others (memos full), gets the same entries and
 * diagnostics as loaded with every memo cleared.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Cluster, type K8sObject } from '../cluster/index.js';
import { listInputs } from '../io/files.js';
import { clearTranslationMemos } from './cilium/translate.js';
import { loadPolicies } from './load.js';
import { parseText } from './yaml-source.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

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

/** Everything translation produces that a memo could get wrong, as text. */
function translated(values: Obj[]): string {
  const objects: K8sObject[] = values.map((value) => ({ value }));
  const { cluster } = Cluster.build(objects);
  const r = loadPolicies(objects, cluster);
  return JSON.stringify({
    entries: r.accepted.flatMap((p) =>
      p.entries.map((e) => ({
        subject: e.subject.key,
        peers: e.peers?.map((x) => [x.key, x.description, x.path]),
        ports: e.portRules?.map((pr) => ({
          ports: pr.ports,
          l7: pr.l7?.kind === 'http'
            ? pr.l7.rules.map((h) => [h.text, h.path, h.rule.matchesAll, h.rule.issues.map((i) => i.message), h.rule.path?.matcher?.programSize, h.rule.method?.matcher?.programSize])
            : pr.l7?.rules.map((d) => [d.text, d.path, d.matcher.regex, d.matcher.matchesAll, d.matcher.error]),
        })),
      })),
    ),
    diagnostics: r.diagnostics.map((d) => [d.severity, d.code, d.message, d.path]),
  });
}

describe('translation memos', () => {
  it('give every input set the same entries whatever was loaded before', () => {
    const sets = inputSets();
    assert.ok(sets.length > 100, `${sets.length} input sets`);
    const fresh = sets.map((set) => {
      clearTranslationMemos();
      return translated(set);
    });
    clearTranslationMemos();
    for (const set of sets) translated(set);
    // memos full, in the other order
    for (let i = sets.length - 1; i >= 0; i--) assert.equal(translated(sets[i]!), fresh[i], `input set ${i}`);
  });
});
