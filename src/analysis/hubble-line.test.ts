/**
 * The shape decoder against the parsed path: every line of the sample recordings, and lines
 * made to trip it (values of every kind in every span, duplicate keys, escapes, braces inside
 * strings, truncation, other field orders), each decoded right after the line it was made
 * from (so that it meets that line's shape) and compared with JSON.parse + toObservedFlow +
 * policyRelevance. Then whole replays, with and without the decoder, record by record.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { uniform } from '../../tools/prng.js';
import { nestedObjects, parseText } from '../policy/yaml-source.js';
import { policyRelevance, toObservedFlow, type RelevanceOptions } from './hubble-flow.js';
import { DecodedFlow, HubbleLineDecoder, NonFlowRecord, SkippedFlow, type DecodedLine } from './hubble-line.js';
import { buildModel, type Model } from './model.js';
import { Replayer, type JudgedRecord, type ReplayReport } from './replay.js';

const SEED_FLOWS = 'test/fixtures/hubble/seed-flows.jsonl';
const TRACE_FLOWS = 'test/fixtures/generate/trace-flows.jsonl';
const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

/** What the parsed path makes of a line: `malformed`, `array`, `non-flow`, or the flow's record. */
function reference(line: string, options: RelevanceOptions): unknown {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'malformed';
  }
  if (Array.isArray(value)) return 'array';
  const flow = toObservedFlow(value);
  if (!flow) return 'non-flow';
  const relevance = policyRelevance(flow, options);
  if (relevance === 'decision' || relevance === 'dns-response') return { relevance, flow };
  return { prescreened: relevance, time: flow.time };
}

function asCompared(d: DecodedLine): unknown {
  if (d instanceof NonFlowRecord) return 'non-flow';
  if (d instanceof DecodedFlow) return { relevance: d.relevance, flow: d.flow };
  assert.ok(d instanceof SkippedFlow);
  return { prescreened: d.relevance, time: d.time };
}

/** Decodes `line` and checks it against the parsed path; returns whether the decoder answered. */
function check(decoder: HubbleLineDecoder, line: string, options: RelevanceOptions = {}): boolean {
  const decoded = decoder.decode(line);
  const expected = reference(line, options);
  if (decoded === undefined) return false;
  assert.notEqual(expected, 'malformed', `decoded a line JSON.parse refuses: ${line}`);
  assert.notEqual(expected, 'array', line);
  assert.deepEqual(asCompared(decoded), expected, line);
  return true;
}

/** Replaces the first match of `pattern` (a regex with one group: the part replaced) by `value`. */
function replaceGroup(line: string, pattern: RegExp, value: string): string | undefined {
  const m = pattern.exec(line);
  if (!m || m[1] === undefined) return undefined;
  const at = m.index + m[0].indexOf(m[1]);
  return line.slice(0, at) + value + line.slice(at + m[1].length);
}

const TOKENS = ['2026-01-02T03:04:05.123456789Z', 'x', '', 'a"b', 'a\\"b', 'a\\u0041b', 'é', '\u0001', 'a'.repeat(70), '10.1.2.3', 'fd00::1', '12', '-', 'A:B.C+D_E'];
const NUMBERS = ['0', '7', '65535', '007', '-1', '1.5', '1e3', '2E1', '99999999999999999999', '123456789012345', '"80"', 'null', 'true', '{}', '[]'];
const ENDPOINTS = [
  '{"labels":["k8s:app=x}"],"namespace":"default","pod_name":"app1"}',
  '{"labels":["k8s:app=x\\"}"],"namespace":"default"}',
  '{"ID":1,"identity":5,"x":{"y":{}},"labels":[]}',
  '{"ID":1,"identity":01,"labels":[]}',
  '{"ID":1,"identity":2.5,"labels":[]}',
  '{"ID":1,"identity":-3,"labels":[]}',
  '{"identity":"5","namespace":"default","pod_name":"app2"}',
  '{"identity":5,"identity":6,"pod_name":"app2","namespace":"default"}',
  '{"identity":7,"namespace":"default","pod_name":"other","namespace":"kube-system"}',
  '{"ID":2,"identity":99999999999999999999}',
  '{"identity":3}',
  '{}',
  'null',
  '[]',
  '"app1"',
  '{"labels":["reserved:world"]',
  '{"labels":["reserved:world"]}}',
];

/** Lines made from `line`: each changes one thing. */
function mutants(line: string, random: () => number, other: string): string[] {
  const out: (string | undefined)[] = [];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < 3; i++) {
    out.push(replaceGroup(line, /^\{"flow":\{"time":"([^"]*)"/, pick(TOKENS)));
    out.push(replaceGroup(line, /"uuid":"([^"]*)"/, pick(TOKENS)));
    out.push(replaceGroup(line, /"IP":\{"source":"([^"]*)"/, pick(TOKENS)));
    out.push(replaceGroup(line, /"IP":\{"source":"[^"]*","destination":"([^"]*)"/, pick(TOKENS)));
    out.push(replaceGroup(line, /"source_port":(\d+)/, pick(NUMBERS)));
    out.push(replaceGroup(line, /"destination_port":(\d+)/, pick(NUMBERS)));
    out.push(replaceGroup(line, /"time":"([^"]*)"\}$/, pick(TOKENS)));
    out.push(replaceGroup(line, /"latency_ns":"([^"]*)"/, pick(TOKENS)));
    out.push(replaceGroup(line, /"source":(\{"[^]*?\}),"destination":\{/, pick(ENDPOINTS)));
    out.push(replaceGroup(line, /"destination":(\{(?:"ID"|"identity"|"namespace"|"labels")[^]*?\}),"(?:Type|l4)"/, pick(ENDPOINTS)));
    out.push(replaceGroup(line, /"identity":(\d+)/, pick(NUMBERS)));
  }
  // the span values of another line in this line's shape
  const spans = [/^\{"flow":\{"time":"([^"]*)"/, /"source_port":(\d+)/, /"destination_port":(\d+)/, /"IP":\{"source":"([^"]*)"/];
  let moved: string | undefined = line;
  for (const s of spans) {
    const v = s.exec(other)?.[1];
    if (moved && v !== undefined) moved = replaceGroup(moved, s, v) ?? moved;
  }
  out.push(moved);
  // duplicate keys: an earlier or later value of a span's key
  out.push(line.replace('{"flow":{', '{"flow":{"time":"2030-01-01T00:00:00Z",'));
  out.push(line.replace(/\},"node_name":"([^"]*)","time":"([^"]*)"\}$/, ',"time":"2031-01-01T00:00:00Z","source":{"labels":["k8s:io.kubernetes.pod.namespace=x"]}},"node_name":"$1","time":"$2"}'));
  out.push(line.replace(/\},"node_name"/, ',"l4":{"UDP":{"source_port":1,"destination_port":2}},"IP":{"source":"1.1.1.1","destination":"2.2.2.2"}},"node_name"'));
  out.push(line.replace(/"destination_port":(\d+)/, '"destination_port":$1,"destination_port":9'));
  out.push(line.replace(/"IP":\{"source":"([^"]*)"/, '"IP":{"source":"$1","source":"9.9.9.9"'));
  out.push(line.replace(/\}$/, ',"time":"2032-01-01T00:00:00Z"}'));
  // escapes, renamed keys, other encodings
  out.push(line.replace('"verdict"', '"verd\\u0069ct"'));
  out.push(line.replace('"source_port"', '"sourcePort"'));
  out.push(line.replace('"IP"', '"ip"'));
  out.push(line.replace('{"flow":', '{"flowx":'));
  out.push(line.replace('"source":{', '"source" : {'));
  out.push(line.replace('"l4":{"TCP"', '"l4":{"SCTP"'));
  out.push(line.replace('"l4":{"UDP"', '"l4":{"TCP"'));
  const inner = /^\{"flow":(\{.*\}),"node_name":"[^"]*","time":"[^"]*"\}$/.exec(line)?.[1];
  if (inner) out.push(inner);
  // broken lines
  out.push(line.slice(0, -1));
  out.push(`${line}x`);
  out.push(`${line}  `);
  out.push(`${line}\r`);
  out.push(line.replace('"source":{', '"source":{{'));
  out.push(line.replace(/\}\}$/, '}'));
  out.push(`[${line}]`);
  out.push('{"node_status":{"state":"NODE_CONNECTED"},"node_name":"node-1","time":"2025-03-14T09:30:00Z"}');
  return out.filter((m): m is string => m !== undefined && m !== line);
}

describe('HubbleLineDecoder', () => {
  for (const [name, file] of [['the sample recording', SEED_FLOWS], ['a recording without policy', TRACE_FLOWS]] as const) {
    it(`decodes every line of ${name} as the parsed path does`, () => {
      for (const traces of [true, false]) {
        const decoder = new HubbleLineDecoder({ traces });
        const all = lines(file);
        // twice: the second pass meets only known shapes
        for (const line of [...all, ...all]) assert.ok(check(decoder, line, { traces }), line);
        assert.ok(decoder.stats.hits > all.length, JSON.stringify(decoder.stats));
      }
    });
  }

  it('answers as the parsed path, or leaves the line to it, on lines made to trip it', () => {
    const random = uniform(20250314);
    const all = [...lines(SEED_FLOWS), ...lines(TRACE_FLOWS)];
    const decoder = new HubbleLineDecoder();
    let checked = 0;
    let answered = 0;
    for (let i = 0; i < all.length; i += 7) {
      const line = all[i]!;
      const other = all[Math.floor(random() * all.length)]!;
      for (const m of mutants(line, random, other)) {
        // the original first, so the mutant meets its shape
        check(decoder, line);
        if (check(decoder, m)) answered++;
        checked++;
      }
    }
    assert.ok(checked > 10_000, String(checked));
    // most mutants are still valid records the decoder reads itself
    assert.ok(answered > checked / 3, `${answered} of ${checked}`);
  });

  it('answers as the parsed path on trace events of every kind', () => {
    const base = JSON.parse(lines(SEED_FLOWS).find((l) => l.includes('"event_type":{"type":5}'))!) as { flow: Record<string, unknown> };
    const points = ['FROM_ENDPOINT', 'TO_STACK', 'TO_OVERLAY', 'TO_HOST', 'TO_ENDPOINT', 'TO_PROXY', 'FROM_NETWORK', undefined];
    const reasons = ['NEW', 'ESTABLISHED', 'REPLY', 'RELATED', 'SRV6_DECAP', 'TRACE_REASON_UNKNOWN', 3, undefined];
    const l4s = [
      { TCP: { source_port: 40000, destination_port: 80, flags: { SYN: true } } },
      { TCP: { source_port: 40000, destination_port: 80, flags: { SYN: true, ACK: true } } },
      { TCP: { source_port: 40000, destination_port: 80, flags: { ACK: true, PSH: true } } },
      { TCP: { source_port: 40000, destination_port: 80 } },
      { UDP: { source_port: 40000, destination_port: 53 } },
      { ICMPv4: { type: 8 } },
      { ICMPv6: { type: 128 } },
      { SCTP: { source_port: 40000, destination_port: 9 } },
    ];
    for (const traces of [true, false]) {
      const decoder = new HubbleLineDecoder({ traces });
      let answered = 0;
      for (const point of points) for (const reason of reasons) for (const l4 of l4s) for (const reply of [true, false, undefined]) for (const verdict of ['FORWARDED', 'REDIRECTED', 'DROPPED']) {
        const flow: Record<string, unknown> = { ...base.flow, verdict, l4, event_type: { type: 4, sub_type: 3 }, traffic_direction: undefined, Type: 'L3_L4' };
        if (point) flow.trace_observation_point = point;
        if (reason) flow.trace_reason = reason;
        if (reply !== undefined) flow.is_reply = reply;
        for (const port of [40000, 40001]) {
          const line = JSON.stringify({ flow: { ...flow, l4: JSON.parse(JSON.stringify(l4).replace('40000', String(port))) }, node_name: 'n', time: base.flow.time });
          if (check(decoder, line, { traces })) answered++;
        }
      }
      assert.ok(answered > 3000, String(answered));
    }
  });

  it('keeps answering the same when its caches are full and emptied', () => {
    const decoder = new HubbleLineDecoder({}, { shapes: 5, endpoints: 3 });
    const all = lines(SEED_FLOWS);
    for (const line of [...all, ...all]) assert.ok(check(decoder, line), line);
  });
});

// --- whole replays, decoder on and off ---------------------------------------------------

function seedModel(): Model {
  const file = 'examples/seed/seed-demo.yaml';
  const doc = parseText(readFileSync(file, 'utf8'), file).documents[0]!;
  const value = doc.value as { resources: unknown; dns: Record<string, string[]> };
  return buildModel(nestedObjects(doc.source, value.resources, ['resources']), { dns: { answers: value.dns, mode: 'learn' } });
}

function shopModel(): Model {
  const file = 'test/fixtures/generate/shop.yaml';
  const doc = parseText(readFileSync(file, 'utf8'), file).documents[0]!;
  return buildModel(nestedObjects(doc.source, (doc.value as { resources: unknown }).resources, ['resources']));
}

/** A replay of `input` read as `membrane replay` reads it: the fast path, else JSON.parse (malformed lines counted). */
function replay(model: Model, input: readonly string[], decodeLines: boolean, options: { jsonl: boolean; traces?: boolean }): { report: ReplayReport; judged: JudgedRecord[] } {
  const judged: JudgedRecord[] = [];
  const r = new Replayer(model, { decodeLines, examples: 2, traces: options.traces, onJudged: options.jsonl ? (j) => judged.push(j) : undefined });
  input.forEach((line, i) => {
    const fast = r.fastPath(line);
    if (fast !== undefined) {
      r.addRecord(fast, 'flows.jsonl', i + 1);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      r.addMalformed(`flows.jsonl:${i + 1}`, (err as Error).message);
      return;
    }
    for (const v of Array.isArray(value) ? value : [value]) r.addRecord(v, 'flows.jsonl', i + 1);
  });
  return { report: r.report(), judged };
}

function sameReplay(model: () => Model, input: readonly string[], traces?: boolean): void {
  for (const jsonl of [true, false]) {
    const slow = replay(model(), input, false, { jsonl, traces });
    const fast = replay(model(), input, true, { jsonl, traces });
    assert.deepEqual(fast.judged, slow.judged);
    assert.deepEqual(fast.report, slow.report);
    if (jsonl) assert.ok(fast.judged.length > 0);
  }
}

describe('replay with the shape decoder', () => {
  it('judges every record of the sample recordings as the parsed path does (-o jsonl and the summary)', () => {
    sameReplay(seedModel, lines(SEED_FLOWS));
    sameReplay(seedModel, lines(SEED_FLOWS), false);
    sameReplay(shopModel, lines(TRACE_FLOWS));
  });

  it('judges a recording of sample lines and lines made from them as the parsed path does', () => {
    const random = uniform(7);
    const all = lines(SEED_FLOWS);
    const input: string[] = [];
    for (let i = 0; i < all.length; i++) {
      input.push(all[i]!);
      if (i % 5 === 0) {
        const made = mutants(all[i]!, random, all[Math.floor(random() * all.length)]!);
        input.push(made[Math.floor(random() * made.length)]!);
      }
    }
    sameReplay(seedModel, input);
  });
});
