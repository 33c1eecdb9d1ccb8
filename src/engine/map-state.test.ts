/**
 * The datapath view against the explained view. For every L3/L4 case of the conformance
 * corpus (expectations computed by Cilium) whose ends are pods, the policy map built for the
 * whole identity universe (`materialize`, then `verdictCode`: Cilium's BPF lookup, deny first)
 * must agree with the engine's explained lookup computed on demand in a separate engine, and
 * with Cilium's expected verdict for each side the case states. Compiling is deterministic.
 */

import assert from 'node:assert/strict';
import { parseText } from '../policy/yaml-source.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

import { resolveEndpointRef, type EndpointRef } from '../analysis/flow-endpoint.js';
import { buildModel, type Model } from '../analysis/model.js';
import type { Identity, K8sObject } from '../cluster/index.js';
import { parseFlowProtocol, protocolNumber } from '../net/index.js';
import type { Direction } from '../policy/entry.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CORPUS = join(ROOT, 'test', 'conformance');

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (name.endsWith('.yaml') || name.endsWith('.yml')) out.push(p);
  }
  return out;
}

interface PolicyTestInput {
  readonly file: string;
  readonly resources: K8sObject[];
  readonly dns: Record<string, string[]>;
  readonly cases: Obj[];
}


const parsedFiles = new Map<string, PolicyTestInput[]>();

/** The PolicyTest documents of a corpus file as plain values; each file is parsed once for both suites. */
function readPolicyTests(file: string): PolicyTestInput[] {
  const cached = parsedFiles.get(file);
  if (cached) return cached;
  const inputs = parseText(readFileSync(file, 'utf8'), file)
    .documents.map((d) => d.value)
    .filter((d): d is Obj => isObj(d) && d.kind === 'PolicyTest')
    .map((value) => {
      const dns: Record<string, string[]> = {};
      if (isObj(value.dns)) {
        for (const [name, ips] of Object.entries(value.dns)) dns[name.toLowerCase().replace(/\.$/, '')] = Array.isArray(ips) ? ips.map(String) : [String(ips)];
      }
      return {
        file: relative(ROOT, file),
        resources: (Array.isArray(value.resources) ? value.resources : []).filter(isObj).map((v): K8sObject => ({ value: v })),
        dns,
        cases: (Array.isArray(value.cases) ? value.cases : []).filter(isObj),
      };
    });
  parsedFiles.set(file, inputs);
  return inputs;
}

function model(input: PolicyTestInput): Model {
  return buildModel(input.resources, { dns: { answers: input.dns, mode: 'learn' } });
}

/** The pod identity at one end of a case, or undefined when that end is not a pod with one. */
function podIdentity(m: Model, ref: unknown, dns: Record<string, string[]>): { identity: Identity; key: string } | undefined {
  if (!isObj(ref)) return undefined;
  const resolved = resolveEndpointRef(ref as EndpointRef, m.cluster, new Map(Object.entries(dns)));
  if (!resolved.ok) return undefined;
  const e = resolved.endpoint;
  let pod;
  if (e.kind === 'pod') pod = e.pod;
  else if (e.kind === 'ip') {
    const owner = m.cluster.ownerOf(e.ip);
    if (owner?.kind === 'pod') pod = owner.pod;
  }
  if (!pod) return undefined;
  const identity = m.cluster.identityOf(pod);
  return identity ? { identity, key: `${pod.namespace}/${pod.name}` } : undefined;
}

interface L4Case {
  readonly name: string;
  readonly from: unknown;
  readonly to: unknown;
  readonly proto: number;
  readonly port: number;
  readonly egress?: string | undefined;
  readonly ingress?: string | undefined;
}

function l4Cases(input: PolicyTestInput): L4Case[] {
  const out: L4Case[] = [];
  input.cases.forEach((c, i) => {
    if (c.http !== undefined || c.dns !== undefined) return;
    if (c.expect !== 'allow' && c.expect !== 'deny') return;
    const protocol = c.protocol === undefined ? 'TCP' : parseFlowProtocol(String(c.protocol));
    if (!protocol) return;
    const port = protocol === 'ICMP' || protocol === 'ICMPv6' ? c.icmpType : c.port;
    if (typeof port !== 'number') return;
    out.push({
      name: typeof c.name === 'string' ? c.name : `case ${i}`,
      from: c.from,
      to: c.to,
      proto: protocolNumber(protocol),
      port,
      egress: typeof c.egress === 'string' ? c.egress : undefined,
      ingress: typeof c.ingress === 'string' ? c.ingress : undefined,
    });
  });
  return out;
}

/** corpus files, relative to the repository; each test parses its file itself (memory stays low) */
const FILES = yamlFiles(CORPUS);
const rel = (file: string) => relative(ROOT, file);

/** Every pod-to-pod L3/L4 case of one document, both sides; returns the disagreements and the number of sides compared. */
function crossCheck(input: PolicyTestInput): { problems: string[]; sides: number } {
  const cases = l4Cases(input);
  if (cases.length === 0) return { problems: [], sides: 0 };
  // the datapath view: one engine, every policy map materialized for the whole universe
  const mapped = model(input);
  const universe = mapped.engine.identityUniverse();
  const materialized = new Set<string>();
  const mapOf = (subject: Identity, direction: Direction) => {
    const map = mapped.engine.policyOf(subject).direction(direction);
    const key = `${subject.id}/${direction}`;
    if (!materialized.has(key)) {
      map.materialize(universe);
      materialized.add(key);
    }
    return map;
  };
  // the explained view: a separate engine whose rows are built on demand
  const explained = model(input);
  const problems: string[] = [];
  let compared = 0;
  for (const c of cases) {
    const srcM = podIdentity(mapped, c.from, input.dns);
    const dstM = podIdentity(mapped, c.to, input.dns);
    const srcE = podIdentity(explained, c.from, input.dns);
    const dstE = podIdentity(explained, c.to, input.dns);
    if (!srcM || !dstM || !srcE || !dstE) continue;
    const loopback = srcM.key === dstM.key;
    const sides: [Direction, Identity, Identity, Identity, Identity, string | undefined][] = [
      ['egress', srcM.identity, dstM.identity, srcE.identity, dstE.identity, c.egress],
      ['ingress', dstM.identity, srcM.identity, dstE.identity, srcE.identity, c.ingress],
    ];
    for (const [direction, subjectM, peerM, subjectE, peerE, expected] of sides) {
      const code = mapOf(subjectM, direction).verdictCode(peerM, c.proto, c.port);
      const fromMap = code === 0 ? 'deny' : 'allow';
      const fromLookup = explained.engine.lookup(subjectE, direction, peerE, c.proto, c.port).verdict;
      compared++;
      if (fromMap !== fromLookup) problems.push(`${input.file}: ${c.name} [${direction}]: verdictCode ${code} (${fromMap}) but lookup ${fromLookup}`);
      if (!loopback && expected !== undefined && fromMap !== expected) problems.push(`${input.file}: ${c.name} [${direction}]: verdictCode ${fromMap}, Cilium expects ${expected}`);
    }
  }
  return { problems, sides: compared };
}

describe('the materialized policy map agrees with the explained lookup and with Cilium (conformance corpus)', () => {
  let compared = 0;
  let documents = 0;
  for (const file of FILES) {
    it(`${rel(file)}: verdictCode == lookup == expected side verdicts for pod-to-pod L3/L4 cases`, () => {
      const problems: string[] = [];
      for (const input of readPolicyTests(file)) {
        documents++;
        const result = crossCheck(input);
        problems.push(...result.problems);
        compared += result.sides;
      }
      assert.deepEqual(problems, []);
    });
  }

  it('compares a meaningful number of sides', () => {
    assert.ok(documents >= 100, `found ${documents} PolicyTest documents`);
    assert.ok(compared > 2000, `compared only ${compared} sides`);
  });
});

function keyCounts(m: Model): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const policy of m.engine.compileAll()) {
    out.set(`${policy.identity.id} ${policy.identity.name}`, [policy.ingress.countKeys(), policy.egress.countKeys()]);
  }
  return out;
}

/** the basics and a few of the larger generated files (kept small for speed) */
const DETERMINISM_FILES = FILES.filter((f) => f.includes('/basics/') || /gen-1000[1-4]\.yaml$/.test(f));

describe('compileAll is deterministic', () => {
  for (const file of DETERMINISM_FILES) {
    it(`${rel(file)}: two models built from the same input give the same key counts per identity`, () => {
      for (const input of readPolicyTests(file)) {
        const first = keyCounts(model(input));
        const second = keyCounts(model(input));
        assert.deepEqual([...second.entries()], [...first.entries()]);
        assert.ok(first.size > 0, 'the corpus file has pod identities');
      }
    });
  }

  it('compiling the same engine twice gives the same key counts', () => {
    for (const file of DETERMINISM_FILES.slice(0, 8)) {
      for (const input of readPolicyTests(file)) {
        const m = model(input);
        const a = keyCounts(m);
        const b = keyCounts(m);
        assert.deepEqual([...b.entries()], [...a.entries()], input.file);
      }
    }
  });
});
