/**
 * Loading policies end to end: YAML text -> objects with source positions -> the API server's
 * strict validation -> Cilium's Parse/Sanitize -> entries. What Cilium refuses is rejected whole
 * (`CiliumNetworkPolicy.Parse`, pkg/k8s/apis/cilium.io/v2/cnp_types.go: the first invalid rule
 * of `[spec] ++ specs` fails the object); what the 1.20 CRD no longer has (Kafka) is an unknown field, refused by strict validation.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Cluster, type Diagnostic } from '../cluster/index.js';
import { PolicyEngine } from '../engine/index.js';
import { parseIp } from '../net/index.js';
import { loadPolicies, type PolicyLoadResult } from './load.js';
import { parseText } from './yaml-source.js';

const CLUSTER = `
apiVersion: v1
kind: Namespace
metadata: {name: prod}
---
apiVersion: v1
kind: Node
metadata: {name: node-1}
status: {addresses: [{type: InternalIP, address: 192.168.0.11}]}
---
apiVersion: v1
kind: Pod
metadata: {name: broker, namespace: prod, labels: {app: broker}}
spec: {nodeName: node-1}
status: {podIP: 10.0.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: prod, labels: {app: client}}
spec: {nodeName: node-1}
status: {podIP: 10.0.1.11}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: prod, labels: {app: other}}
spec: {nodeName: node-1}
status: {podIP: 10.0.1.12}
`;

interface Loaded {
  readonly result: PolicyLoadResult;
  readonly cluster: Cluster;
  readonly parseDiagnostics: Diagnostic[];
}

function load(policies: string, file = 'policies.yaml'): Loaded {
  const clusterText = parseText(CLUSTER, 'cluster.yaml');
  const policyText = parseText(policies, file);
  const objects = [...clusterText.objects, ...policyText.objects];
  const { cluster } = Cluster.build(objects);
  return { result: loadPolicies(objects, cluster), cluster, parseDiagnostics: [...clusterText.diagnostics, ...policyText.diagnostics] };
}

function names(result: PolicyLoadResult): { accepted: string[]; rejected: string[] } {
  return {
    accepted: result.accepted.map((p) => p.ref.name).sort(),
    rejected: result.rejected.map((p) => p.ref.name).sort(),
  };
}

describe('an unknown field is rejected by the API server (strict field validation)', () => {
  const yaml = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: typo, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: broker}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPort:
        - ports: [{port: "80", protocol: TCP}]
`;
  const { result, parseDiagnostics } = load(yaml);

  it('the policy is rejected and contributes no entries', () => {
    assert.deepEqual(parseDiagnostics, []);
    assert.deepEqual(names(result), { accepted: [], rejected: ['typo'] });
  });

  it('the message is the API server\'s strict decoding error naming the field path', () => {
    const d = result.rejected[0]!.diagnostics[0]!;
    assert.equal(d.severity, 'error');
    assert.match(d.message, /strict decoding error: unknown field "spec\.ingress\[0\]\.toPort"/);
    assert.deepEqual(d.path, ['spec', 'ingress', 0, 'toPort']);
  });

  it('a did-you-mean hint names the known field (toPort -> toPorts)', () => {
    const d = result.rejected[0]!.diagnostics[0]!;
    assert.match(d.hint ?? '', /toPorts/);
  });

  it('the diagnostic points at file:line:column of the unknown key', () => {
    const d = result.rejected[0]!.diagnostics[0]!;
    assert.deepEqual(d.location, { file: 'policies.yaml', line: 8, column: 7 });
    assert.match(d.excerpt ?? '', /toPort:/);
  });

  it('lines are counted across documents of one file', () => {
    const { result: r } = load(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: fine, namespace: prod}
spec:
  endpointSelector: {}
  egress: [{toEntities: [world]}]
---
${yaml}`);
    const d = r.rejected[0]!.diagnostics[0]!;
    assert.equal(d.location?.line, 15);
    assert.deepEqual(names(r), { accepted: ['fine'], rejected: ['typo'] });
  });
});

describe('spec and specs: the first invalid rule rejects the whole policy (CiliumNetworkPolicy.Parse)', () => {
  const { result } = load(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: mixed, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress: [{toEntities: [world]}]
specs:
  - endpointSelector: {matchLabels: {app: broker}}
    ingress: [{fromEndpoints: [{}]}]
  - endpointSelector: {matchLabels: {app: broker}}
    ingress:
      - toPorts: [{ports: [{port: "80", protocol: UDP}], rules: {http: [{method: GET}]}}]
`);

  it('the policy is rejected although spec and specs[0] are valid', () => {
    assert.deepEqual(names(result), { accepted: [], rejected: ['mixed'] });
  });

  it('the error is worded "Invalid CiliumNetworkPolicy specs: ..." and points at specs[1]', () => {
    const d = result.rejected[0]!.diagnostics.find((x) => x.code === 'cilium.sanitize');
    assert.ok(d, JSON.stringify(result.rejected[0]!.diagnostics));
    assert.equal(d.message, 'Invalid CiliumNetworkPolicy specs: L7 rules can only apply to TCP (not UDP) except for DNS rules');
    assert.equal(d.path?.[0], 'specs');
    assert.equal(d.path?.[1], 1);
  });

  it('an invalid spec is worded "Invalid CiliumNetworkPolicy spec: ..."', () => {
    const { result: r } = load(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: bad, namespace: prod}
spec:
  endpointSelector: {}
  egress: [{toCIDRSet: [{cidr: 203.0.113.0/24, except: [198.51.100.0/24]}]}]
`);
    const d = r.rejected[0]!.diagnostics[0]!;
    assert.equal(d.message, 'Invalid CiliumNetworkPolicy spec: allow CIDR prefix 203.0.113.0/24 does not contain exclude CIDR prefix 198.51.100.0/24');
  });

  it('a clusterwide policy says "Invalid CiliumClusterwideNetworkPolicy spec: ..."', () => {
    const { result: r } = load(`apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: bad}
spec:
  endpointSelector: {}
  ingress: [{toPorts: [{ports: [{port: "0", protocol: TCP}], rules: {http: [{}]}}]}]
`);
    assert.equal(r.rejected[0]!.diagnostics[0]!.message, 'Invalid CiliumClusterwideNetworkPolicy spec: L7 rules can not be used when a port is 0');
  });

  it('a CiliumNetworkPolicy with a nodeSelector is rejected: "rule cannot have NodeSelector"', () => {
    const { result: r } = load(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: host-in-cnp, namespace: prod}
spec:
  nodeSelector: {}
  ingress: [{fromEntities: [world]}]
`);
    assert.deepEqual(names(r), { accepted: [], rejected: ['host-in-cnp'] });
    assert.ok(r.rejected[0]!.diagnostics.some((d) => d.message === 'Invalid CiliumNetworkPolicy spec: rule cannot have NodeSelector'));
  });
});

describe('Kafka rules: removed from the 1.20 CRD, so strict field validation rejects the policy', () => {
  const yaml = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: kafka, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: broker}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts:
        - ports: [{port: "9092", protocol: TCP}]
          rules:
            kafka: [{role: produce, topic: orders}]
`;
  const { result, cluster } = load(yaml);

  it('the policy is rejected: rules.kafka is an unknown field, with a hint saying why', () => {
    assert.deepEqual(names(result), { accepted: [], rejected: ['kafka'] });
    // then, as the API server does, the oneOf of the emptied rules (after pruning) fails too
    const e = result.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(e[0]!.code, 'schema.unknown-field');
    assert.match(e[0]!.message, /unknown field "spec\.ingress\[0\]\.toPorts\[0\]\.rules\.kafka"/);
    assert.match(e[0]!.hint ?? '', /removed in Cilium 1\.20/);
    assert.deepEqual(e[0]!.path, ['spec', 'ingress', 0, 'toPorts', 0, 'rules', 'kafka']);
    assert.equal(e[0]!.location?.line, 11);
  });

  it('l7proto is rejected the same way', () => {
    const { result: r } = load(yaml.replace('kafka: [{role: produce, topic: orders}]', 'l7proto: envoy.filters.network.mysql_proxy'));
    assert.deepEqual(names(r), { accepted: [], rejected: ['kafka'] });
    assert.match(r.diagnostics[0]!.hint ?? '', /l7proto/);
  });

  it('the rejected policy contributes nothing: no policy selects the broker, so its ingress is not enforced', () => {
    const engine = new PolicyEngine(cluster, result.accepted);
    const pod = (name: string) => ({ kind: 'pod' as const, pod: cluster.pod('prod', name)! });
    assert.equal(engine.evaluate({ from: pod('other'), to: pod('broker'), protocol: 'TCP', port: 9092 }).verdict, 'allow');
  });

  it('the input objects are not modified by loading', () => {
    const parsed = parseText(yaml, 'p.yaml');
    const before = JSON.stringify(parsed.objects[0]!.value);
    const { cluster: c } = Cluster.build(parsed.objects);
    loadPolicies(parsed.objects, c);
    assert.equal(JSON.stringify(parsed.objects[0]!.value), before);
  });
});

describe('host policies (nodeSelector) in a CiliumClusterwideNetworkPolicy', () => {
  const { result, cluster } = load(`apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: host-fw}
spec:
  nodeSelector: {}
  ingress: [{fromEntities: [world], toPorts: [{ports: [{port: "22", protocol: TCP}]}]}]
`);

  it('are accepted (the CCNP CRD and the agent allow them)', () => {
    assert.deepEqual(names(result), { accepted: ['host-fw'], rejected: [] });
  });

  it('carry a warning and no entries: the host firewall is off by default, so nothing is enforced', () => {
    assert.equal(result.accepted[0]!.entries.length, 0);
    const w = result.diagnostics.filter((d) => d.severity === 'warning');
    assert.equal(w.length, 1);
    assert.deepEqual(w[0]!.path, ['spec', 'nodeSelector']);
  });

  it('do not change pod verdicts', () => {
    const engine = new PolicyEngine(cluster, result.accepted);
    const world = parseIp('203.0.113.7')!;
    const v = engine.evaluate({ from: { kind: 'ip', ip: world }, to: { kind: 'pod', pod: cluster.pod('prod', 'broker')! }, protocol: 'TCP', port: 80 });
    assert.equal(v.verdict, 'allow');
  });
});

describe('duplicate policy names', () => {
  const first = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: broker}}
  ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]
`;
  const second = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: p, namespace: prod}
spec:
  endpointSelector: {matchLabels: {app: broker}}
  ingress: [{fromEndpoints: [{matchLabels: {app: other}}]}]
`;

  it('the same kind, namespace and name twice: the later replaces the earlier (kubectl apply), with a warning', () => {
    const { result, cluster } = load(`${first}---\n${second}`);
    assert.deepEqual(names(result), { accepted: ['p'], rejected: [] });
    const dup = result.diagnostics.filter((d) => d.code === 'input.duplicate');
    assert.equal(dup.length, 1);
    assert.equal(dup[0]!.severity, 'warning');
    assert.equal(dup[0]!.location?.line, 10, 'points at the second metadata.name');
    const engine = new PolicyEngine(cluster, result.accepted);
    const pod = (name: string) => ({ kind: 'pod' as const, pod: cluster.pod('prod', name)! });
    assert.equal(engine.evaluate({ from: pod('other'), to: pod('broker'), protocol: 'TCP', port: 80 }).verdict, 'allow');
    assert.equal(engine.evaluate({ from: pod('client'), to: pod('broker'), protocol: 'TCP', port: 80 }).verdict, 'deny');
  });

  it('the same name in another namespace or of another kind is not a duplicate', () => {
    const otherNs = second.replace('namespace: prod', 'namespace: dev');
    const knp = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: prod}
spec:
  podSelector: {}
`;
    const ccnp = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: p}
spec:
  endpointSelector: {}
  egress: [{toEntities: [all]}]
`;
    const { result } = load([first, otherNs, knp, ccnp].join('---\n'));
    assert.equal(result.accepted.length, 4);
    assert.equal(result.diagnostics.filter((d) => d.code === 'input.duplicate').length, 0);
  });
});

describe('what Membrane cannot model is reported and never widens access', () => {
  it('a port rule with serverNames allows nothing and says so', () => {
    const text = `
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: default, labels: {app: a}}
status: {podIP: 10.0.1.1}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: sni, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: a}}
  egress:
    - toEntities: [world]
      toPorts: [{ports: [{port: "443", protocol: TCP}], serverNames: [example.com]}]
`;
    const objects = parseText(text, 'sni.yaml').objects;
    const { cluster } = Cluster.build(objects);
    const result = loadPolicies(objects, cluster);
    assert.equal(result.rejected.length, 0);
    assert.ok(result.diagnostics.some((d) => d.severity === 'warning' && /serverNames/.test(d.message) && /allowing nothing/.test(d.message)));
    const engine = new PolicyEngine(cluster, result.accepted);
    const pod = cluster.pod('default', 'a')!;
    const v = engine.evaluate({ from: { kind: 'pod', pod }, to: { kind: 'entity', entity: 'world' }, protocol: 'TCP', port: 443 });
    assert.equal(v.verdict, 'deny');
  });
});
