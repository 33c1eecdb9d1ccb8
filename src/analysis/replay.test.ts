import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { K8sObject } from '../cluster/index.js';
import { nestedObjects, parseText } from '../policy/yaml-source.js';
import { toObservedFlow, type ObservedFlow } from './hubble-flow.js';
import { buildModel, type Model } from './model.js';
import { Replayer, replayFlows, type ReplayOptions, type ReplayReport } from './replay.js';

const SEED_FILE = 'examples/seed/seed-demo.yaml';

/** The seed scenario, as `membrane replay -f examples/seed/seed-demo.yaml` loads it. */
function seedObjects(): { objects: K8sObject[]; dns: Record<string, string[]> } {
  const parsed = parseText(readFileSync(SEED_FILE, 'utf8'), SEED_FILE);
  const doc = parsed.documents[0]!;
  const value = doc.value as { resources: unknown; dns: Record<string, string[]> };
  return { objects: nestedObjects(doc.source, value.resources, ['resources']), dns: value.dns };
}

function seedModel(extra = ''): Model {
  const { objects, dns } = seedObjects();
  const more = extra ? parseText(extra, 'extra.yaml').objects : [];
  return buildModel([...objects, ...more], { dns: { answers: dns, mode: 'learn' } });
}

const ns = (n: string) => `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${n}`;
const podLabels = (namespace: string, own: string[], sa = 'default') =>
  [...own, ns(namespace), 'k8s:io.cilium.k8s.policy.cluster=default', `k8s:io.cilium.k8s.policy.serviceaccount=${sa}`, `k8s:io.kubernetes.pod.namespace=${namespace}`];

interface End { ip: string; endpoint: Record<string, unknown> }
const END: Record<string, End> = {
  app1: { ip: '10.0.1.10', endpoint: { identity: 21074, namespace: 'default', pod_name: 'app1', labels: podLabels('default', ['k8s:app=app1']) } },
  app2: { ip: '10.0.2.10', endpoint: { identity: 21111, namespace: 'default', pod_name: 'app2', labels: podLabels('default', ['k8s:app=app2']) } },
  other: { ip: '10.0.1.11', endpoint: { identity: 21148, namespace: 'default', pod_name: 'other', labels: podLabels('default', ['k8s:app=other']) } },
  coredns: { ip: '10.0.1.2', endpoint: { identity: 21037, namespace: 'kube-system', pod_name: 'coredns-0', labels: podLabels('kube-system', ['k8s:k8s-app=kube-dns'], 'coredns') } },
  /** not in the manifests: known by its labels only */
  prometheus: { ip: '10.0.2.50', endpoint: { identity: 48211, namespace: 'monitoring', pod_name: 'prometheus-0', labels: podLabels('monitoring', ['k8s:app.kubernetes.io/name=prometheus'], 'prometheus') } },
  /** app1 by address only (Hubble without pod metadata) */
  app1Ip: { ip: '10.0.1.10', endpoint: { identity: 21074 } },
};
const world = (ip: string): End => ({ ip, endpoint: { identity: 2, labels: ['reserved:world'] } });

interface FlowArgs {
  from: End;
  to: End;
  port: number;
  sport?: number;
  proto?: 'TCP' | 'UDP';
  verdict?: string;
  direction?: 'EGRESS' | 'INGRESS';
  event?: number;
  node?: string;
  l7?: Record<string, unknown>;
  reply?: boolean;
  time?: string;
}

let clock = Date.UTC(2025, 2, 14, 9, 0, 0);

function record(a: FlowArgs): Record<string, unknown> {
  const verdict = a.verdict ?? 'FORWARDED';
  const proto = a.proto ?? 'TCP';
  const l4 = proto === 'TCP'
    ? { TCP: { source_port: a.sport ?? 40000, destination_port: a.port, ...(a.l7 ? {} : { flags: { SYN: true } }) } }
    : { UDP: { source_port: a.sport ?? 40000, destination_port: a.port } };
  const time = a.time ?? new Date((clock += 1000)).toISOString();
  const flow: Record<string, unknown> = {
    time,
    verdict,
    ...(verdict === 'DROPPED' ? { drop_reason: 133 } : {}),
    IP: { source: a.from.ip, destination: a.to.ip, ipVersion: 'IPv4' },
    l4,
    source: a.from.endpoint,
    destination: a.to.endpoint,
    Type: a.l7 ? 'L7' : 'L3_L4',
    node_name: a.node ?? 'node-1',
    ...(a.l7 ? { l7: a.l7 } : {}),
    event_type: { type: a.event ?? (a.l7 ? 129 : 5) },
    traffic_direction: a.direction ?? 'EGRESS',
    ...(verdict === 'DROPPED' ? { drop_reason_desc: 'POLICY_DENIED' } : {}),
    is_reply: a.reply ?? false,
  };
  return { flow, node_name: flow.node_name, time };
}

function flow(a: FlowArgs): ObservedFlow {
  const f = toObservedFlow(record(a));
  assert.ok(f);
  return f;
}

function replay(model: Model, flows: FlowArgs[], options: ReplayOptions = {}): ReplayReport {
  return replayFlows(model, flows.map(flow), options);
}

const dnsResponse = (client: End, name: string, ips: string[]): FlowArgs => ({
  from: END.coredns!, to: client, proto: 'UDP', sport: 53, port: 40000, direction: 'EGRESS', reply: true,
  l7: { type: 'RESPONSE', dns: { query: `${name}.`, ips, ttl: 300, rrtypes: ['A'] } },
});

describe('replayFlows: endpoints', () => {
  it('identifies manifest pods by name or, without metadata, by address', () => {
    const r = replay(seedModel(), [
      { from: END.app1!, to: END.app2!, port: 80 },
      { from: END.app1Ip!, to: END.app2!, port: 80 },
    ]);
    assert.equal(r.totals.decisions, 2);
    assert.equal(r.fidelity.total.agree, 2);
    assert.equal(r.endpoints.manifest, 2);
    assert.equal(r.endpoints.labels, 0);
  });

  it('identifies endpoints outside the manifests by their labels', () => {
    const r = replay(seedModel(), [
      // app2 accepts only app1: prometheus is dropped at app2's ingress
      { from: END.prometheus!, to: END.app2!, port: 90, verdict: 'DROPPED', direction: 'INGRESS', node: 'node-2' },
      { from: END.prometheus!, to: END.other!, port: 80, direction: 'INGRESS' },
    ]);
    assert.equal(r.endpoints.labels, 1);
    assert.equal(r.fidelity.total.agree, 2);
  });

  it('an identity known only by labels enforces its own policy as a flow subject', () => {
    const policy = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: prometheus-egress, namespace: monitoring}
spec:
  endpointSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}
  egress:
    - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: default, app: app2}}]
      toPorts: [{ports: [{port: "90", protocol: TCP}]}]
`;
    const r = replay(seedModel(policy), [
      { from: END.prometheus!, to: END.other!, port: 80, direction: 'EGRESS', node: 'node-2' },
      { from: END.prometheus!, to: END.app2!, port: 90, direction: 'EGRESS', node: 'node-2' },
    ]);
    assert.equal(r.fidelity.byDirection.egress.nowDropped, 1);
    assert.equal(r.fidelity.byDirection.egress.agree, 1);
    const g = r.nowDropped.groups[0]!;
    assert.equal(g.direction, 'egress');
    assert.match(g.endpoint, /^monitoring:/);
    assert.deepEqual(g.identifiedBy, ['labels']);
    assert.deepEqual(g.pods, ['monitoring/prometheus-0']);
    assert.equal(g.decision.reason, 'default-deny');
    assert.deepEqual(g.decision.selectedBy, ['CiliumNetworkPolicy/monitoring/prometheus-egress']);
  });

  it('counts flows whose endpoints cannot be identified', () => {
    const f = toObservedFlow({ flow: { verdict: 'FORWARDED', l4: { TCP: { destination_port: 80, flags: { SYN: true } } }, event_type: { type: 5 }, destination: END.app2!.endpoint, IP: { destination: END.app2!.ip } } });
    assert.ok(f);
    const r = replayFlows(seedModel(), [f]);
    assert.equal(r.totals.unresolved, 1);
    assert.equal(r.totals.decisions, 0);
    assert.match(r.unresolved[0]!.reason, /source has no address, pod or labels/);
  });
});

describe('replayFlows: verdicts', () => {
  it('finds flows the policies would now drop, grouped by endpoint and deciding policy', () => {
    const r = replay(seedModel(), [
      // recorded under an older policy: app1 could reach other
      { from: END.app1!, to: END.other!, port: 80 },
      { from: END.app1!, to: END.other!, port: 80 },
      { from: END.app1!, to: END.app2!, port: 80 },
    ], { examples: 1 });
    assert.equal(r.fidelity.total.decisions, 3);
    assert.equal(r.fidelity.total.agree, 1);
    assert.equal(r.nowDropped.flows, 2);
    assert.equal(r.nowDropped.groups.length, 1);
    const g = r.nowDropped.groups[0]!;
    assert.equal(g.direction, 'egress');
    assert.equal(g.endpoint, 'default:app=app1');
    assert.equal(g.flows, 2);
    assert.equal(g.decision.reason, 'default-deny');
    assert.deepEqual(g.decision.selectedBy, ['CiliumNetworkPolicy/default/app1-egress']);
    assert.deepEqual(g.peers, [{ peer: 'to default/other TCP/80', count: 2 }]);
    assert.deepEqual(g.observed, { FORWARDED: 2 });
    assert.equal(g.examples.length, 1);
    assert.equal(g.examples[0]!.explanation.verdict, 'deny');
    assert.equal(g.examples[0]!.explanation.egress?.verdict, 'deny');
    assert.deepEqual(r.byPolicy, [{ policy: 'CiliumNetworkPolicy/default/app1-egress', nowDropped: 2, nowAllowed: 0, roles: ['default deny'] }]);
  });

  it('finds flows recorded as dropped that the policies allow, with the allowing rule', () => {
    const r = replay(seedModel(), [
      { from: END.other!, to: END.coredns!, proto: 'UDP', port: 53, verdict: 'DROPPED', direction: 'INGRESS' },
      { from: END.other!, to: END.app2!, port: 80, verdict: 'DROPPED', direction: 'INGRESS', node: 'node-2' },
    ]);
    assert.equal(r.nowAllowed.flows, 1);
    assert.equal(r.fidelity.byObserved['DROPPED/POLICY_DENIED']?.agree, 1);
    const g = r.nowAllowed.groups[0]!;
    assert.equal(g.direction, 'ingress');
    assert.equal(g.endpoint, 'kube-system:k8s-app=kube-dns');
    assert.equal(g.decision.reason, 'allowed');
    assert.deepEqual(g.decision.policies, ['CiliumClusterwideNetworkPolicy/coredns-ingress']);
    assert.deepEqual(r.byPolicy, [{ policy: 'CiliumClusterwideNetworkPolicy/coredns-ingress', nowDropped: 0, nowAllowed: 1, roles: ['allow rule'] }]);
  });

  it('compares only the side the record reports (traffic_direction)', () => {
    const r = replay(seedModel(), [
      // other's egress is not enforced: forwarded at egress, even though app2's ingress drops it
      { from: END.other!, to: END.app2!, port: 80, direction: 'EGRESS' },
      { from: END.other!, to: END.app2!, port: 80, verdict: 'DROPPED', direction: 'INGRESS', node: 'node-2' },
    ]);
    assert.equal(r.fidelity.total.agree, 2);
    assert.equal(r.fidelity.byDirection.egress.agree, 1);
    assert.equal(r.fidelity.byDirection.ingress.agree, 1);
  });

  it('AUDIT counts as a drop the policy would make', () => {
    const r = replay(seedModel(), [
      { from: END.app1!, to: END.other!, port: 80, verdict: 'AUDIT' },
      { from: END.app1!, to: END.app2!, port: 80, verdict: 'AUDIT' },
    ]);
    assert.equal(r.fidelity.byObserved.AUDIT?.agree, 1);
    assert.equal(r.nowAllowed.flows, 1);
  });

  it('judges HTTP requests with the L7 rules of the side that proxies them', () => {
    const http = (path: string) => ({ type: 'REQUEST', http: { method: 'GET', url: `http://app2.default.svc.cluster.local${path}`, headers: [{ key: 'X-Request-Id', value: path }] } });
    const r = replay(seedModel(), [
      { from: END.app1!, to: END.app2!, port: 80, direction: 'INGRESS', node: 'node-2', l7: http('/auth') },
      { from: END.app1!, to: END.app2!, port: 80, direction: 'INGRESS', node: 'node-2', l7: http('/products'), verdict: 'DROPPED' },
      { from: END.app1!, to: END.app2!, port: 80, direction: 'INGRESS', node: 'node-2', l7: http('/healthz') },
    ]);
    assert.equal(r.fidelity.byKind.http.decisions, 3);
    assert.equal(r.fidelity.byKind.http.agree, 2);
    const g = r.nowDropped.groups[0]!;
    assert.equal(g.decision.reason, 'l7-denied');
    assert.deepEqual(g.decision.policies, ['CiliumNetworkPolicy/default/app2-ingress']);
    assert.deepEqual(g.peers, [{ peer: 'from default/app1 TCP/80 GET /healthz', count: 1 }]);
    assert.deepEqual(r.byPolicy.map((p) => [p.policy, p.roles]), [['CiliumNetworkPolicy/default/app2-ingress', ['L7 rule']]]);
  });

  it('judges DNS queries with the DNS proxy rules', () => {
    const q = (name: string) => ({ type: 'REQUEST', dns: { query: `${name}.`, qtypes: ['A'] } });
    const r = replay(seedModel(), [
      { from: END.app1!, to: END.coredns!, proto: 'UDP', port: 53, l7: q('www.google.com') },
      { from: END.app1!, to: END.coredns!, proto: 'UDP', port: 53, l7: q('amazon.com'), verdict: 'DROPPED' },
      { from: END.app1!, to: END.coredns!, proto: 'UDP', port: 53, l7: q('api.github.com') },
    ]);
    assert.equal(r.fidelity.byKind.dns.agree, 2);
    assert.equal(r.nowDropped.groups[0]?.decision.reason, 'l7-denied');
  });

  it('skips replies and counts a drop notification that repeats a policy verdict once', () => {
    const time = '2025-03-14T10:00:00.000000000Z';
    const r = replay(seedModel(), [
      { from: END.app1!, to: END.app2!, port: 90, verdict: 'DROPPED', event: 5, time },
      { from: END.app1!, to: END.app2!, port: 90, verdict: 'DROPPED', event: 1, time },
      { from: END.app2!, to: END.app1!, port: 40000, event: 4, reply: true },
    ]);
    assert.equal(r.totals.flows, 3);
    assert.equal(r.totals.decisions, 1);
    assert.equal(r.totals.skipped.duplicate, 1);
    assert.equal(r.totals.skipped.reply, 1);
    assert.equal(r.fidelity.total.agree, 1);
  });

  it('tells connections and drops apart by address when their protocol and ports are equal, and keeps odd ports by text', () => {
    const time = '2025-03-14T10:00:00.000000000Z';
    const r = replay(seedModel(), [
      { from: END.app1!, to: END.app2!, port: 90, direction: 'EGRESS', event: 5, time },
      // the same protocol and ports from another pod: another connection
      { from: END.other!, to: END.app2!, port: 90, direction: 'EGRESS', event: 5, time },
      // the first connection again (another point): one connection, two decisions
      { from: END.app1!, to: END.app2!, port: 90, direction: 'EGRESS', event: 5, time },
      // a source port no number key holds: kept by its text, still one connection
      { from: END.app1!, to: END.app2!, port: 91, sport: 70000, direction: 'EGRESS', event: 5, time },
      { from: END.app1!, to: END.app2!, port: 91, sport: 70000, direction: 'EGRESS', event: 5, time },
      // a policy drop, then a drop notification of the same ports from another pod: not a repeat of it
      { from: END.app1!, to: END.app2!, port: 92, verdict: 'DROPPED', event: 5, time },
      { from: END.other!, to: END.app2!, port: 92, verdict: 'DROPPED', event: 1, time },
      // the drop notification of the first one: a repeat
      { from: END.app1!, to: END.app2!, port: 92, verdict: 'DROPPED', event: 1, time },
    ]);
    assert.equal(r.totals.connections, 5);
    assert.equal(r.totals.decisions, 7);
    assert.equal(r.totals.skipped.duplicate, 1);
  });
});

describe('replayFlows: DNS responses feed the FQDN cache', () => {
  const maps = ['142.250.180.14', '142.250.180.46'];

  it('a name learned from a DNS response changes a later toFQDNs verdict', () => {
    const r = replay(seedModel(), [
      { from: END.app1!, to: world(maps[0]!), port: 443 },
      dnsResponse(END.app1!, 'maps.google.com', maps),
      { from: END.app1!, to: world(maps[0]!), port: 443 },
      { from: END.app1!, to: world(maps[1]!), port: 443 },
    ]);
    assert.equal(r.totals.dnsResponses, 1);
    assert.equal(r.dns.learned, 1);
    assert.deepEqual(r.dns.names, { 'node-1': { 'maps.google.com': maps } });
    // before the answer the address is plain world, which app1's egress does not allow
    assert.equal(r.nowDropped.flows, 1);
    assert.equal(r.fidelity.total.agree, 2);
    assert.equal(r.endpoints.world, 2);
  });

  it('without DNS learning, the address stays unknown', () => {
    const r = replay(seedModel(), [dnsResponse(END.app1!, 'maps.google.com', maps), { from: END.app1!, to: world(maps[0]!), port: 443 }], { learnDns: false });
    assert.equal(r.dns.learned, 0);
    assert.equal(r.nowDropped.flows, 1);
  });

  it('a node learns only what the given policies let through its DNS proxy', () => {
    const github = ['140.82.112.6'];
    const r = replay(seedModel(), [
      // app1 may not resolve api.github.com under these policies; other's DNS is not proxied
      dnsResponse(END.app1!, 'api.github.com', github),
      dnsResponse(END.other!, 'maps.google.com', maps),
      { from: END.app1!, to: world(github[0]!), port: 443 },
      { from: END.app1!, to: world(maps[0]!), port: 443 },
    ]);
    assert.equal(r.dns.notProxied, 2);
    assert.equal(r.dns.learned, 0);
    assert.equal(r.nowDropped.flows, 2);
  });

  it('answers are learned per node', () => {
    const r = replay(seedModel(), [
      { ...dnsResponse(END.app1!, 'maps.google.com', maps), node: 'node-1' },
      // a pod on node-2 known by labels, with app1's labels: node-2 has not learned the name
      { from: { ip: '10.0.2.99', endpoint: { ...END.app1!.endpoint, pod_name: 'app1-b' } }, to: world(maps[0]!), port: 443, node: 'node-2' },
      { from: END.app1!, to: world(maps[0]!), port: 443, node: 'node-1' },
    ]);
    assert.equal(r.fidelity.total.agree, 1);
    assert.equal(r.nowDropped.flows, 1);
    assert.deepEqual(r.nowDropped.groups[0]!.pods, ['default/app1-b']);
  });
});

describe('replayFlows: streams', () => {
  it('an async stream of flows and batches gives the same report as an array', async () => {
    const flows = [
      { from: END.app1!, to: END.other!, port: 80 },
      dnsResponse(END.app1!, 'maps.google.com', ['142.250.180.14']),
      { from: END.app1!, to: world('142.250.180.14'), port: 443 },
      { from: END.other!, to: END.app2!, port: 80, verdict: 'DROPPED', direction: 'INGRESS' as const, node: 'node-2' },
    ].map(flow);
    const sync = replayFlows(seedModel(), flows);
    async function* stream(): AsyncGenerator<ObservedFlow | ObservedFlow[]> {
      yield flows[0]!;
      yield flows.slice(1, 3);
      yield flows[3]!;
    }
    const async = await replayFlows(seedModel(), stream());
    assert.deepEqual(async, sync);
  });

  it('Replayer counts records that are not flows, malformed lines, and reports progress', () => {
    const seen: number[] = [];
    const replayer = new Replayer(seedModel(), { progressEvery: 2, onProgress: (n) => seen.push(n) });
    replayer.addRecord({ lost_events: { source: 'HUBBLE_RING_BUFFER', num_events_lost: '2' } });
    for (let i = 0; i < 5; i++) replayer.addRecord(record({ from: END.app1!, to: END.app2!, port: 80 }), 'flows.jsonl', i + 2);
    replayer.addMalformed('flows.jsonl:7', 'not a JSON record');
    const r = replayer.report();
    assert.equal(r.totals.records, 6);
    assert.equal(r.totals.nonFlowRecords, 1);
    assert.equal(r.totals.flows, 5);
    assert.equal(r.totals.malformed, 1);
    assert.deepEqual(r.malformed, [{ location: 'flows.jsonl:7', message: 'not a JSON record' }]);
    assert.deepEqual(seen, [2, 4]);
  });
});

describe('Replayer.fastPath', () => {
  /** Each line through the fast path when it answers, else parsed: as `membrane replay` reads a file. */
  function replayLines(model: Model, lines: readonly string[], fast: boolean): ReplayReport {
    const r = new Replayer(model, { examples: 1 });
    lines.forEach((line, i) => {
      const quick = fast ? r.fastPath(line) : undefined;
      r.addRecord(quick ?? JSON.parse(line), 'f', i + 1);
    });
    return r.report();
  }

  for (const [name, file, manifest] of [
    ['the sample recording (policy verdicts and trace events)', 'test/fixtures/hubble/seed-flows.jsonl', undefined],
    ['a recording without policy (trace events only)', 'test/fixtures/generate/trace-flows.jsonl', 'test/fixtures/generate/shop.yaml'],
  ] as const) {
    it(`gives the report that parsing every line gives: ${name}`, () => {
      const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      const model = () => {
        if (!manifest) return seedModel();
        const parsed = parseText(readFileSync(manifest, 'utf8'), manifest);
        const doc = parsed.documents[0]!;
        return buildModel(nestedObjects(doc.source, (doc.value as { resources: unknown }).resources, ['resources']));
      };
      const slow = replayLines(model(), lines, false);
      const fast = replayLines(model(), lines, true);
      assert.deepEqual(fast.totals, slow.totals);
      assert.deepEqual(fast.fidelity, slow.fidelity);
      assert.deepEqual(fast.nowDropped.groups.map((g) => [g.endpoint, g.flows]), slow.nowDropped.groups.map((g) => [g.endpoint, g.flows]));
      assert.ok(fast.totals.skipped.repeat > 0);
    });
  }
});

describe('timeMs', () => {
  it('reads Hubble times as Date.parse does, nanoseconds truncated to milliseconds', async () => {
    const { timeMs } = await import('./replay.js');
    for (const t of ['2025-03-14T09:30:07.019053984Z', '2025-03-14T09:30:07Z', '2025-03-14T09:30:07.5Z', '2025-03-14T09:30:08.999999999Z', '2025-03-14T09:30:07+01:00', '2024-02-29T23:59:59.9Z']) {
      assert.equal(timeMs(t), Date.parse(t), t);
    }
    assert.ok(Number.isNaN(timeMs('yesterday')));
    assert.ok(Number.isNaN(timeMs(undefined)));
  });
});
