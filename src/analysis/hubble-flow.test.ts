import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decisionKind,
  policyRelevance,
  splitUrl,
  toObservedFlow,
  traceSide,
  type ObservedFlow,
} from './hubble-flow.js';

/** A policy drop as `hubble observe -o json` prints it (Cilium 1.17+, from a cilium-cli test run). */
const DROP_LINE = {
  flow: {
    time: '2025-07-15T01:32:14.234858520Z',
    uuid: '54a59c8d-9c82-4741-ac0a-25b9c54aead6',
    verdict: 'DROPPED',
    drop_reason: 133,
    ethernet: { source: '92:34:10:65:b5:ee', destination: 'c2:3c:0f:7f:7d:73' },
    IP: { source: '10.244.3.30', destination: '1.1.1.1', ipVersion: 'IPv4' },
    l4: { TCP: { source_port: 55462, destination_port: 80, flags: { SYN: true } } },
    source: {
      ID: 1238,
      identity: 24009,
      cluster_name: 'default',
      namespace: 'cilium-test-5',
      labels: [
        'k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=cilium-test-5',
        'k8s:io.cilium.k8s.policy.cluster=default',
        'k8s:io.cilium.k8s.policy.serviceaccount=client',
        'k8s:io.kubernetes.pod.namespace=cilium-test-5',
        'k8s:kind=client',
        'k8s:name=client',
      ],
      pod_name: 'client-645b68dcf7-2jmrw',
      workloads: [{ name: 'client', kind: 'Deployment' }],
    },
    destination: { identity: 16777259, labels: ['cidr:1.1.1.1/32', 'fqdn:one.one.one.one.', 'reserved:world-ipv4'] },
    Type: 'L3_L4',
    node_name: 'kind-worker2',
    destination_names: ['one.one.one.one'],
    event_type: { type: 1, sub_type: 133 },
    traffic_direction: 'EGRESS',
    drop_reason_desc: 'POLICY_DENIED',
    Summary: 'TCP Flags: SYN',
  },
  node_name: 'kind-worker2',
  time: '2025-07-15T01:32:14.234858520Z',
};

function observed(record: unknown): ObservedFlow {
  const f = toObservedFlow(record);
  assert.ok(f, 'a flow');
  return f;
}

function flowWith(patch: Record<string, unknown>): ObservedFlow {
  return observed({ flow: { ...DROP_LINE.flow, ...patch } });
}

describe('toObservedFlow', () => {
  it('reads a GetFlowsResponse line with the proto field names', () => {
    const f = observed(DROP_LINE);
    assert.equal(f.time, '2025-07-15T01:32:14.234858520Z');
    assert.equal(f.node, 'kind-worker2');
    assert.equal(f.verdict, 'DROPPED');
    assert.equal(f.dropReason, 'POLICY_DENIED');
    assert.equal(f.eventType, 1);
    assert.equal(f.direction, 'EGRESS');
    assert.equal(f.isReply, undefined);
    assert.equal(f.protocol, 'TCP');
    assert.equal(f.sourcePort, 55462);
    assert.equal(f.destinationPort, 80);
    assert.equal(f.syn, true);
    assert.equal(f.ack, false);
    assert.equal(f.source.ip, '10.244.3.30');
    assert.equal(f.source.namespace, 'cilium-test-5');
    assert.equal(f.source.podName, 'client-645b68dcf7-2jmrw');
    assert.equal(f.source.identity, 24009);
    assert.ok(f.source.labels.includes('k8s:name=client'));
    assert.deepEqual(f.destination.labels, ['cidr:1.1.1.1/32', 'fqdn:one.one.one.one.', 'reserved:world-ipv4']);
    assert.equal(f.l7, undefined);
    assert.equal(f.policies, undefined);
    assert.equal(policyRelevance(f), 'decision');
  });

  it('reads a bare Flow object the same way', () => {
    const bare = observed(DROP_LINE.flow);
    assert.deepEqual(bare, observed(DROP_LINE));
  });

  it('is undefined for the other GetFlowsResponse payloads', () => {
    assert.equal(toObservedFlow({ lost_events: { source: 'HUBBLE_RING_BUFFER', num_events_lost: '3' }, node_name: 'n', time: 't' }), undefined);
    assert.equal(toObservedFlow({ node_status: { state_change: 'NODE_CONNECTED', node_names: ['n'] }, time: 't' }), undefined);
    assert.equal(toObservedFlow('text'), undefined);
    assert.equal(toObservedFlow(null), undefined);
  });

  it('accepts enum numbers, lowerCamelCase names and the legacy drop reason', () => {
    const f = observed({
      verdict: 2,
      dropReason: 181,
      IP: { source: '10.0.0.1', destination: '10.0.0.2' },
      l4: { UDP: { sourcePort: 5353, destinationPort: 53 } },
      source: { podName: 'a', namespace: 'x', labels: [] },
      trafficDirection: 1,
      nodeName: 'node-9',
      isReply: false,
      eventType: { type: 5 },
    });
    assert.equal(f.verdict, 'DROPPED');
    assert.equal(f.dropReason, 'POLICY_DENY');
    assert.equal(f.direction, 'INGRESS');
    assert.equal(f.node, 'node-9');
    assert.equal(f.isReply, false);
    assert.equal(f.protocol, 'UDP');
    assert.equal(f.destinationPort, 53);
    assert.equal(f.source.podName, 'a');
    assert.equal(f.eventType, 5);
  });

  it('takes the drop reason of a drop event from its sub type', () => {
    const f = observed({ verdict: 'DROPPED', l4: { TCP: { destination_port: 1 } }, event_type: { type: 1, sub_type: 155 } });
    assert.equal(f.dropReason, 'CT_MAP_INSERTION_FAILED');
    assert.equal(policyRelevance(f), 'non-policy-drop');
  });

  it('reads ICMP types as the port', () => {
    const f = flowWith({ l4: { ICMPv4: { type: 8, code: 0 } } });
    assert.equal(f.protocol, 'ICMP');
    assert.equal(f.destinationPort, 8);
  });

  it('reads HTTP requests: method, path with query, host from :authority', () => {
    const f = flowWith({
      verdict: 'FORWARDED',
      Type: 'L7',
      event_type: { type: 129 },
      traffic_direction: 'INGRESS',
      l7: {
        type: 'REQUEST',
        http: {
          method: 'POST',
          url: 'http://app2.default.svc.cluster.local:8080/v1/items?id=7#frag',
          protocol: 'HTTP/1.1',
          headers: [{ key: ':authority', value: 'app2.default.svc.cluster.local:8080' }, { key: 'X-Team', value: 'blue' }],
        },
      },
    });
    assert.equal(decisionKind(f), 'http');
    assert.equal(f.l7?.type, 'REQUEST');
    assert.equal(f.l7?.http?.method, 'POST');
    assert.equal(f.l7?.http?.path, '/v1/items?id=7');
    assert.equal(f.l7?.http?.host, 'app2.default.svc.cluster.local:8080');
    assert.equal(f.l7?.http?.headers['X-Team'], 'blue');
    assert.equal(policyRelevance(f), 'decision');
  });

  it('reads DNS responses: query, addresses, rcode, TTL', () => {
    const f = flowWith({
      verdict: 'FORWARDED',
      Type: 'L7',
      event_type: { type: 129 },
      is_reply: true,
      l4: { UDP: { source_port: 53, destination_port: 41234 } },
      l7: { type: 'RESPONSE', latency_ns: '1200000', dns: { query: 'maps.google.com.', ips: ['142.250.180.14', '142.250.180.46'], ttl: 300, qtypes: ['A'], rrtypes: ['A'] } },
    });
    assert.deepEqual(f.l7?.dns, { query: 'maps.google.com.', ips: ['142.250.180.14', '142.250.180.46'], rcode: 0, ttl: 300 });
    assert.equal(policyRelevance(f), 'dns-response');
  });

  it('names the policies Cilium reported, with or without their kind', () => {
    const f = flowWith({
      verdict: 'FORWARDED',
      egress_allowed_by: [{ name: 'app1-egress', namespace: 'default', kind: 'CiliumNetworkPolicy', revision: '9' }],
      ingress_allowed_by: [{ name: 'coredns-ingress', labels: ['k8s:io.cilium.k8s.policy.derived-from=CiliumClusterwideNetworkPolicy', 'k8s:io.cilium.k8s.policy.name=coredns-ingress'] }],
      ingress_denied_by: [{ name: 'np', namespace: 'shop', labels: ['k8s:io.cilium.k8s.policy.derived-from=NetworkPolicy'] }],
    });
    assert.deepEqual(f.policies, {
      egressAllowedBy: ['CiliumNetworkPolicy/default/app1-egress'],
      ingressAllowedBy: ['CiliumClusterwideNetworkPolicy/coredns-ingress'],
      egressDeniedBy: [],
      ingressDeniedBy: ['NetworkPolicy/shop/np'],
    });
  });
});

describe('policyRelevance', () => {
  const fwd = (patch: Record<string, unknown>) => flowWith({ verdict: 'FORWARDED', drop_reason: undefined, drop_reason_desc: undefined, ...patch });

  it('policy verdict events are decisions, even without a SYN', () => {
    assert.equal(policyRelevance(fwd({ event_type: { type: 5 } })), 'decision');
    assert.equal(policyRelevance(fwd({ event_type: { type: 5 }, l4: { TCP: { destination_port: 80, flags: { ACK: true } } } })), 'decision');
    assert.equal(policyRelevance(fwd({ event_type: { type: 5 }, verdict: 'AUDIT' })), 'decision');
  });

  it('replies are skipped, with is_reply or the legacy reply', () => {
    assert.equal(policyRelevance(fwd({ event_type: { type: 5 }, is_reply: true })), 'reply');
    assert.equal(policyRelevance(fwd({ event_type: { type: 4 }, reply: true })), 'reply');
  });

  it('trace events of a first packet at a deciding point are decisions of one side (every protocol)', () => {
    const trace = (patch: Record<string, unknown>) => fwd({ event_type: { type: 4 }, ...patch });
    const l4s = [
      { TCP: { source_port: 40000, destination_port: 80, flags: { SYN: true } } },
      { UDP: { source_port: 40000, destination_port: 53 } },
      { SCTP: { source_port: 40000, destination_port: 9000 } },
      { ICMPv4: { type: 8 } },
    ];
    for (const l4 of l4s) {
      for (const [point, side] of [['FROM_ENDPOINT', 'EGRESS'], ['TO_STACK', 'EGRESS'], ['TO_OVERLAY', 'EGRESS'], ['TO_HOST', 'EGRESS'], ['TO_ENDPOINT', 'INGRESS']] as const) {
        const f = trace({ l4, trace_observation_point: point, trace_reason: 'NEW', is_reply: false, traffic_direction: undefined });
        assert.equal(policyRelevance(f), 'decision', `${point} ${JSON.stringify(l4)}`);
        assert.equal(traceSide(f), side);
        assert.equal(policyRelevance(f, { traces: false }), 'trace');
      }
    }
    // numbers instead of names (Flow JSON with enums as numbers; TO_ENDPOINT is 101, NEW is 1)
    const numeric = observed({ verdict: 1, event_type: { type: 4 }, trace_observation_point: 101, trace_reason: 1, is_reply: false, IP: { source: '10.0.0.1', destination: '10.0.0.2' }, l4: l4s[1] });
    assert.equal(numeric.traceObservationPoint, 'TO_ENDPOINT');
    assert.equal(numeric.traceReason, 'NEW');
    assert.equal(policyRelevance(numeric), 'decision');
    // lowerCamelCase (protojson's default names)
    const camel = observed({ verdict: 'FORWARDED', eventType: { type: 4 }, traceObservationPoint: 'TO_STACK', traceReason: 'NEW', isReply: false, trafficDirection: 'EGRESS', IP: { source: '10.0.0.1', destination: '10.0.0.2' }, l4: l4s[1] });
    assert.equal(policyRelevance(camel), 'decision');
    assert.equal(traceSide(camel), 'EGRESS');
    // the recorded direction wins over the point's
    assert.equal(traceSide(trace({ trace_observation_point: 'TO_STACK', traffic_direction: 'INGRESS', trace_reason: 'NEW' })), 'INGRESS');
  });

  it('other trace events are not decisions: replies, established packets, other points, unknown state', () => {
    const trace = (patch: Record<string, unknown>) => fwd({ event_type: { type: 4 }, trace_observation_point: 'TO_ENDPOINT', ...patch });
    assert.equal(policyRelevance(trace({ trace_reason: 'REPLY' })), 'reply');
    assert.equal(policyRelevance(trace({ trace_reason: 'NEW', is_reply: true })), 'reply');
    assert.equal(policyRelevance(trace({ trace_reason: 'ESTABLISHED', is_reply: false })), 'established');
    assert.equal(policyRelevance(trace({ trace_reason: 'RELATED', is_reply: false })), 'established');
    assert.equal(policyRelevance(trace({ trace_reason: 'SRV6_ENCAP' })), 'trace');
    for (const point of ['TO_PROXY', 'FROM_PROXY', 'FROM_HOST', 'FROM_STACK', 'FROM_OVERLAY', 'FROM_NETWORK', 'TO_NETWORK']) {
      assert.equal(policyRelevance(trace({ trace_observation_point: point, trace_reason: 'NEW', is_reply: false })), 'trace', point);
    }
    // Hubble before trace_reason: is_reply false means the CT state was known; a TCP SYN is new
    assert.equal(policyRelevance(trace({ is_reply: false })), 'decision');
    const synAck = trace({ is_reply: false, l4: { TCP: { destination_port: 80, flags: { SYN: true, ACK: true } } } });
    assert.equal(policyRelevance(synAck), 'established');
    // no CT state at all (bpf_lxc's FROM_LXC trace is sent before the CT lookup)
    assert.equal(policyRelevance(trace({ trace_observation_point: 'FROM_ENDPOINT', is_reply: undefined })), 'trace');
    assert.equal(policyRelevance(trace({ verdict: 'TRACED', trace_reason: 'NEW' })), 'trace');
  });

  it('drops are decisions only for policy reasons', () => {
    assert.equal(policyRelevance(flowWith({})), 'decision');
    assert.equal(policyRelevance(flowWith({ drop_reason_desc: 'POLICY_DENY', drop_reason: 181 })), 'decision');
    assert.equal(policyRelevance(flowWith({ drop_reason_desc: 'CT_MAP_INSERTION_FAILED', drop_reason: 155, event_type: { type: 1, sub_type: 155 } })), 'non-policy-drop');
  });

  it('records without an event type: established TCP packets are skipped', () => {
    const plain = (l4: unknown) => observed({ verdict: 'FORWARDED', IP: { source: '10.0.0.1', destination: '10.0.0.2' }, l4 });
    assert.equal(policyRelevance(plain({ TCP: { destination_port: 80, flags: { SYN: true } } })), 'decision');
    assert.equal(policyRelevance(plain({ TCP: { destination_port: 80, flags: { ACK: true, PSH: true } } })), 'established');
    assert.equal(policyRelevance(plain({ TCP: { destination_port: 80, flags: { SYN: true, ACK: true } } })), 'established');
    assert.equal(policyRelevance(plain({ TCP: { destination_port: 80 } })), 'decision');
    assert.equal(policyRelevance(plain({ UDP: { destination_port: 53 } })), 'decision');
    assert.equal(policyRelevance(plain(undefined)), 'no-l4');
  });

  it('verdicts that are not decisions', () => {
    assert.equal(policyRelevance(fwd({ verdict: 'ERROR', event_type: { type: 5 } })), 'no-verdict');
    assert.equal(policyRelevance(fwd({ verdict: 'TRANSLATED', event_type: { type: 7 } })), 'no-verdict');
    assert.equal(policyRelevance(fwd({ verdict: 'TRACED', event_type: { type: 4 } })), 'trace');
  });

  it('L7: requests are decisions, HTTP responses replies, Kafka and samples not compared', () => {
    const l7 = (l7: unknown, patch: Record<string, unknown> = {}) => fwd({ Type: 'L7', event_type: { type: 129 }, l7, ...patch });
    assert.equal(policyRelevance(l7({ type: 'REQUEST', dns: { query: 'a.b.' } })), 'decision');
    assert.equal(decisionKind(l7({ type: 'REQUEST', dns: { query: 'a.b.' } })), 'dns');
    assert.equal(policyRelevance(l7({ type: 'REQUEST', http: { method: 'GET', url: '/' } }, { verdict: 'DROPPED' })), 'decision');
    assert.equal(policyRelevance(l7({ type: 'RESPONSE', http: { code: 403 } }, { is_reply: true })), 'reply');
    assert.equal(policyRelevance(l7({ type: 'REQUEST', kafka: { topic: 't' } })), 'l7-other');
    assert.equal(policyRelevance(l7({ type: 'SAMPLE', http: { method: 'GET' } })), 'l7-other');
  });
});

describe('splitUrl', () => {
  it('splits authority and origin-form path', () => {
    assert.deepEqual(splitUrl('http://app2/auth?x=1'), { host: 'app2', path: '/auth?x=1' });
    assert.deepEqual(splitUrl('https://user@api.example.com'), { host: 'api.example.com', path: '/' });
    assert.deepEqual(splitUrl('http://h?q'), { host: 'h', path: '/?q' });
    assert.deepEqual(splitUrl('/only/path'), { host: undefined, path: '/only/path' });
  });
});
