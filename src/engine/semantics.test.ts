/**
 * Scenario tests, one per semantic point of Cilium's policy engine. Each builds a tiny cluster
 * and its policies as a PolicyTest document (docs: test/conformance/FORMAT.md) and runs it
 * with runPolicyTest; every case must pass. Expected verdicts come from Cilium's behaviour as
 * documented in /work/shared/docs/cilium-semantics.md (SEM, cited by section) and
 * docs/research/cilium-knp-translation.md (KNP), which were read from Cilium's source, and
 * agree with the conformance corpus computed by Cilium itself.
 *
 * Not covered: replies of allowed connections (conntrack, SEM §5.7) are not new flows and the
 * PolicyTest format has no case for them.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { runPolicyTest } from '../analysis/policy-test.js';
import { Cluster } from '../cluster/index.js';
import { parseText } from '../policy/yaml-source.js';
import { renderExplanationText } from '../report/explanation-text.js';

// ------------------------------------------------------------------ scenario helpers

type Json = Record<string, unknown>;
type Verdict = 'allow' | 'deny';

interface CaseOpts {
  readonly name?: string;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP' | 'ICMP';
  readonly port?: number;
  readonly icmpType?: number;
  readonly egress?: Verdict;
  readonly ingress?: Verdict;
  readonly http?: { method?: string; path?: string; host?: string; headers?: Record<string, string> };
  readonly dns?: string;
}

/** `pod:prod/a`, `ip:8.8.8.8`, `node:node-1`, `entity:health`, `fqdn:api.example.com` */
function endpoint(text: string): Json {
  const colon = text.indexOf(':');
  return { [text.slice(0, colon)]: text.slice(colon + 1) };
}

function flow(from: string, to: string, expect: Verdict, opts: CaseOpts = {}): Json {
  const protocol = opts.protocol ?? 'TCP';
  const icmp = protocol === 'ICMP';
  const where = icmp ? `ICMP type ${opts.icmpType ?? 8}` : `${protocol}/${opts.port ?? 80}`;
  const extra = opts.http ? ` ${opts.http.method ?? 'GET'} ${opts.http.path ?? '/'}` : opts.dns ? ` DNS ${opts.dns}` : '';
  const c: Json = { name: opts.name ?? `${from} -> ${to} ${where}${extra}`, from: endpoint(from), to: endpoint(to), protocol, expect };
  if (icmp) c.icmpType = opts.icmpType ?? 8;
  else c.port = opts.port ?? 80;
  if (opts.egress) c.egress = opts.egress;
  if (opts.ingress) c.ingress = opts.ingress;
  if (opts.http) c.http = opts.http;
  if (opts.dns) c.dns = { query: opts.dns };
  return c;
}

const allow = (from: string, to: string, opts?: CaseOpts) => flow(from, to, 'allow', opts);
const deny = (from: string, to: string, opts?: CaseOpts) => flow(from, to, 'deny', opts);

/** Lines of a template literal without its common indentation. */
function dedent(text: string): string[] {
  const lines = text.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent));
}

function indent(text: string, by: number): string {
  return dedent(text).map((l) => ' '.repeat(by) + l).join('\n');
}

function cnp(namespace: string, name: string, spec: string): string {
  return `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${indent(spec, 2)}`;
}

function ccnp(name: string, spec: string): string {
  return `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n${indent(spec, 2)}`;
}

function knp(namespace: string, name: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${indent(spec, 2)}`;
}

function ns(name: string, labels: Record<string, string> = {}): Json {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } };
}

interface PodOpts {
  readonly node?: 'node-1' | 'node-2';
  readonly ip?: string;
  readonly sa?: string;
  /** [name, containerPort, protocol] */
  readonly ports?: readonly (readonly [string, number, string])[];
  readonly hostNetwork?: boolean;
}

function pod(ref: string, labels: Record<string, string>, opts: PodOpts = {}): Json {
  const [namespace, name] = ref.split('/');
  const spec: Json = { nodeName: opts.node ?? 'node-1', containers: [{ name: 'c', ports: (opts.ports ?? []).map(([n, p, proto]) => ({ name: n, containerPort: p, protocol: proto })) }] };
  if (opts.sa) spec.serviceAccountName = opts.sa;
  if (opts.hostNetwork) spec.hostNetwork = true;
  const p: Json = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec };
  if (opts.ip) p.status = { podIP: opts.ip };
  return p;
}

const NODES: Json[] = [
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, status: { addresses: [{ type: 'InternalIP', address: '192.168.0.11' }] } },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-2' }, status: { addresses: [{ type: 'InternalIP', address: '192.168.0.12' }] } },
];

const COREDNS = pod('kube-system/coredns', { 'k8s-app': 'kube-dns' }, { node: 'node-1', sa: 'coredns', ports: [['dns', 53, 'UDP'], ['dns-tcp', 53, 'TCP']] });
const COREDNS_SELECTOR = '{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}';

interface Scenario {
  /** Kubernetes objects: YAML text (policies) or objects (namespaces, pods, services) */
  readonly resources: readonly (string | Json)[];
  readonly cases: readonly Json[];
  readonly dns?: Record<string, string[]>;
  /** `Kind/namespace/name` of policies Cilium must refuse */
  readonly rejected?: readonly string[];
}

/** Gives pods without an address one on their node's range (10.0.1.x / 10.0.2.x). */
function withAddresses(resources: readonly (string | Json)[]): (string | Json)[] {
  const next: Record<string, number> = { 'node-1': 100, 'node-2': 100 };
  return resources.map((r) => {
    if (typeof r === 'string' || r.kind !== 'Pod' || r.status) return r;
    const node = ((r.spec as Json).nodeName as string) ?? 'node-1';
    const ip = `10.0.${node === 'node-2' ? 2 : 1}.${next[node]!++}`;
    return { ...r, status: { podIP: ip } };
  });
}

function documentText(s: Scenario): string {
  const lines = ['apiVersion: membrane/v1alpha1', 'kind: PolicyTest', 'metadata: {name: scenario}', 'resources:'];
  for (const r of withAddresses([...NODES, ...s.resources])) {
    if (typeof r === 'string') {
      dedent(r).forEach((l, i) => lines.push(`${i === 0 ? '  - ' : '    '}${l}`));
    } else {
      lines.push(`  - ${JSON.stringify(r)}`);
    }
  }
  if (s.dns) lines.push(`dns: ${JSON.stringify(s.dns)}`);
  lines.push('cases:');
  for (const c of s.cases) lines.push(`  - ${JSON.stringify(c)}`);
  return lines.join('\n') + '\n';
}

/** Runs a scenario through runPolicyTest and asserts that every case passes. */
function check(s: Scenario): void {
  const text = documentText(s);
  const parsed = parseText(text, 'scenario.yaml');
  assert.deepEqual(parsed.diagnostics, [], 'the scenario must be valid YAML');
  assert.equal(parsed.documents.length, 1);
  const doc = parsed.documents[0]!;
  const result = runPolicyTest('scenario.yaml', doc.value, doc.source);
  assert.equal(result.error, null, result.error ?? '');
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.object ? `${d.object.kind}/${d.object.name}: ` : ''}${d.message}`);
  assert.deepEqual(result.rejected.actual, [...(s.rejected ?? [])].sort(), `rejected policies differ; errors: ${errors.join(' | ')}`);
  assert.equal(result.cases.length, s.cases.length);
  const failures = result.cases
    .filter((c) => c.status !== 'pass')
    .map((c) => `- ${c.name}: ${c.reason ?? c.status}${c.explanation ? `\n${renderExplanationText(c.explanation, '    ')}` : ''}`);
  assert.ok(failures.length === 0, `failing cases:\n${failures.join('\n')}`);
}

// ------------------------------------------------------------------ identities

describe('identity labels (SEM §2.3)', () => {
  it('namespace labels are matched as io.cilium.k8s.namespace.labels.<key>, in every namespace', () => {
    check({
      resources: [
        ns('prod', { team: 'a' }), ns('dev', { team: 'b' }), ns('qa', { team: 'b' }),
        pod('prod/server', { app: 'server' }),
        pod('prod/client', { app: 'client' }, { node: 'node-2' }),
        pod('dev/client', { app: 'client' }, { node: 'node-2' }),
        pod('qa/client', { app: 'client' }, { node: 'node-2' }),
        cnp('prod', 'from-team-b', `
          endpointSelector: {matchLabels: {app: server}}
          ingress:
            - fromEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.team: b}}]`),
      ],
      cases: [
        allow('pod:dev/client', 'pod:prod/server', { ingress: 'allow' }),
        allow('pod:qa/client', 'pod:prod/server', { ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny', egress: 'allow' }),
      ],
    });
  });

  it('the service account is the io.cilium.k8s.policy.serviceaccount label', () => {
    check({
      resources: [
        ns('prod'),
        pod('prod/server', { app: 'server' }),
        pod('prod/with-sa', { app: 'client' }, { node: 'node-2', sa: 'reporting' }),
        pod('prod/default-sa', { app: 'client' }, { node: 'node-2' }),
        cnp('prod', 'by-sa', `
          endpointSelector: {matchLabels: {app: server}}
          ingress:
            - fromEndpoints: [{matchLabels: {io.cilium.k8s.policy.serviceaccount: reporting}}]`),
      ],
      cases: [
        allow('pod:prod/with-sa', 'pod:prod/server', { ingress: 'allow' }),
        deny('pod:prod/default-sa', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('every pod carries io.cilium.k8s.policy.cluster=default; naming another cluster selects no pod', () => {
    check({
      resources: [
        ns('prod'),
        pod('prod/server', { app: 'server' }),
        pod('prod/client', { app: 'client' }, { node: 'node-2' }),
        pod('prod/other', { app: 'other' }, { node: 'node-2' }),
        cnp('prod', 'by-cluster', `
          endpointSelector: {matchLabels: {app: server}}
          ingress:
            - fromEndpoints: [{matchLabels: {app: client, io.cilium.k8s.policy.cluster: default}}]
            - fromEndpoints: [{matchLabels: {app: other, io.cilium.k8s.policy.cluster: remote}}]`),
      ],
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow' }),
        deny('pod:prod/other', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('labels the identity filter drops cannot be selected (pod-template-hash)', () => {
    check({
      resources: [
        ns('prod'),
        pod('prod/server', { app: 'server' }),
        pod('prod/client', { app: 'client', 'pod-template-hash': '7d9f' }, { node: 'node-2' }),
        cnp('prod', 'by-hash', `
          endpointSelector: {matchLabels: {app: server}}
          ingress:
            - fromEndpoints: [{matchLabels: {pod-template-hash: 7d9f}}]`),
      ],
      cases: [deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny' })],
    });
  });

  it('pods with equal identity labels share one identity; namespace, service account and named ports split identities', () => {
    const objects = [
      ns('prod'), ns('dev'),
      pod('prod/a-1', { app: 'a', 'pod-template-hash': 'x1' }, { ip: '10.0.1.1' }),
      pod('prod/a-2', { app: 'a', 'pod-template-hash': 'x2' }, { ip: '10.0.1.2', node: 'node-2' }),
      pod('prod/a-sa', { app: 'a' }, { ip: '10.0.1.3', sa: 'other' }),
      pod('dev/a', { app: 'a' }, { ip: '10.0.1.4' }),
      pod('prod/a-ports', { app: 'a' }, { ip: '10.0.1.5', ports: [['http', 8080, 'TCP']] }),
      pod('prod/a-ports-2', { app: 'a' }, { ip: '10.0.1.6', ports: [['http', 8080, 'TCP']] }),
    ].map((value) => ({ value }));
    const { cluster } = Cluster.build(objects);
    const id = (ns_: string, name: string) => cluster.identityOf(cluster.pod(ns_, name)!)!.id;
    assert.equal(id('prod', 'a-1'), id('prod', 'a-2'), 'pod-template-hash is not an identity label');
    assert.notEqual(id('prod', 'a-1'), id('prod', 'a-sa'), 'the service account is');
    assert.notEqual(id('prod', 'a-1'), id('dev', 'a'), 'the namespace is');
    assert.notEqual(id('prod', 'a-1'), id('prod', 'a-ports'), 'named ports are (1.20 named-ports label, PR #45760)');
    assert.equal(id('prod', 'a-ports'), id('prod', 'a-ports-2'));
    assert.ok(id('prod', 'a-1') >= 256, 'cluster identities are allocated above the reserved range');
  });
});

// ------------------------------------------------------------------ entities

interface EntityRow {
  readonly entity: string;
  readonly allowed: readonly string[];
  readonly denied: readonly string[];
}

const TARGETS = {
  localHost: 'node:node-1',
  remoteNode: 'node:node-2',
  apiserver: 'entity:kube-apiserver',
  health: 'entity:health',
  init: 'entity:init',
  ingress: 'entity:ingress',
  unmanaged: 'entity:unmanaged',
  world: 'ip:8.8.8.8',
  pod: 'pod:dev/peer',
};
const T = TARGETS;

const ENTITY_ROWS: readonly EntityRow[] = [
  { entity: 'host', allowed: [T.localHost], denied: [T.remoteNode, T.apiserver, T.world, T.pod, T.health] },
  { entity: 'remote-node', allowed: [T.remoteNode, T.apiserver], denied: [T.localHost, T.world, T.pod, T.health] },
  { entity: 'kube-apiserver', allowed: [T.apiserver], denied: [T.localHost, T.remoteNode, T.world, T.pod] },
  { entity: 'world', allowed: [T.world], denied: [T.localHost, T.remoteNode, T.apiserver, T.pod, T.health, T.unmanaged] },
  { entity: 'cluster', allowed: [T.localHost, T.remoteNode, T.apiserver, T.health, T.init, T.ingress, T.unmanaged, T.pod], denied: [T.world] },
  { entity: 'all', allowed: [T.localHost, T.remoteNode, T.apiserver, T.health, T.init, T.ingress, T.unmanaged, T.pod, T.world], denied: [] },
  { entity: 'health', allowed: [T.health], denied: [T.pod, T.localHost, T.apiserver, T.world] },
  { entity: 'init', allowed: [T.init], denied: [T.health, T.pod, T.world] },
  { entity: 'ingress', allowed: [T.ingress], denied: [T.pod, T.world, T.localHost] },
  { entity: 'unmanaged', allowed: [T.unmanaged], denied: [T.pod, T.world] },
  { entity: 'none', allowed: [], denied: [T.pod, T.world, T.localHost, T.health] },
];

describe('entities select reserved identities (SEM §3.9, §5.5)', () => {
  for (const row of ENTITY_ROWS) {
    it(`toEntities ${row.entity} allows ${row.allowed.join(', ') || 'nothing'}`, () => {
      check({
        resources: [
          ns('prod'), ns('dev'),
          pod('prod/client', { app: 'client' }, { node: 'node-1' }),
          pod('dev/peer', { app: 'peer' }, { node: 'node-2' }),
          cnp('prod', 'entity', `
            endpointSelector: {matchLabels: {app: client}}
            egress: [{toEntities: [${row.entity}]}]`),
        ],
        cases: [
          ...row.allowed.map((t) => allow('pod:prod/client', t, { egress: 'allow' })),
          ...row.denied.map((t) => deny('pod:prod/client', t, { egress: 'deny' })),
        ],
      });
    });
  }

  it('the kube-apiserver identity is also matched by the remote-node entity, not the other way round (A.2.8)', () => {
    check({
      resources: [
        ns('prod'),
        pod('prod/by-remote-node', { app: 'a' }),
        pod('prod/by-apiserver', { app: 'b' }),
        cnp('prod', 'a', `
          endpointSelector: {matchLabels: {app: a}}
          ingress: [{fromEntities: [remote-node]}]`),
        cnp('prod', 'b', `
          endpointSelector: {matchLabels: {app: b}}
          ingress: [{fromEntities: [kube-apiserver]}]`),
      ],
      cases: [
        allow('entity:kube-apiserver', 'pod:prod/by-remote-node', { ingress: 'allow' }),
        allow('node:node-2', 'pod:prod/by-remote-node', { ingress: 'allow' }),
        allow('entity:kube-apiserver', 'pod:prod/by-apiserver', { ingress: 'allow' }),
        deny('node:node-2', 'pod:prod/by-apiserver', { ingress: 'deny' }),
      ],
    });
  });

  it('a node is the host on its own node and remote-node everywhere else', () => {
    check({
      resources: [
        ns('prod'),
        pod('prod/on-1', { app: 'on-1' }, { node: 'node-1' }),
        pod('prod/on-2', { app: 'on-2' }, { node: 'node-2' }),
        cnp('prod', 'to-host', `
          endpointSelector: {}
          egress: [{toEntities: [host]}]`),
      ],
      cases: [
        allow('pod:prod/on-1', 'node:node-1', { egress: 'allow' }),
        deny('pod:prod/on-1', 'node:node-2', { egress: 'deny' }),
        allow('pod:prod/on-2', 'node:node-2', { egress: 'allow' }),
        deny('pod:prod/on-2', 'node:node-1', { egress: 'deny' }),
        allow('pod:prod/on-2', 'ip:192.168.0.12', { egress: 'allow', name: 'a node address is that node' }),
      ],
    });
  });

  it('a reserved: key in fromEndpoints/toEndpoints is not namespace-scoped (getEndpointSelector)', () => {
    check({
      resources: [
        ns('prod'),
        pod('prod/client', { app: 'client' }),
        cnp('prod', 'reserved-host', `
          endpointSelector: {matchLabels: {app: client}}
          egress: [{toEndpoints: [{matchLabels: {"reserved:host": ""}}]}]`),
      ],
      cases: [
        allow('pod:prod/client', 'node:node-1', { egress: 'allow' }),
        deny('pod:prod/client', 'node:node-2', { egress: 'deny' }),
      ],
    });
  });
});

describe('entities and outside addresses, host-network pods', () => {
  it('the world entity also matches outside addresses that have CIDR identities', () => {
    check({
      resources: [
        ns('prod'),
        pod('prod/client', { app: 'client' }),
        pod('prod/cidr', { app: 'cidr' }),
        cnp('prod', 'world', `
          endpointSelector: {matchLabels: {app: client}}
          egress: [{toEntities: [world]}]`),
        cnp('prod', 'cidr', `
          endpointSelector: {matchLabels: {app: cidr}}
          egress: [{toCIDR: [203.0.113.0/24]}]`),
      ],
      cases: [
        allow('pod:prod/client', 'ip:203.0.113.5', { egress: 'allow' }),
        allow('pod:prod/client', 'ip:198.51.100.5', { egress: 'allow' }),
        allow('pod:prod/cidr', 'ip:203.0.113.5', { egress: 'allow' }),
        deny('pod:prod/cidr', 'ip:198.51.100.5', { egress: 'deny' }),
      ],
    });
  });

  it('a host-network pod has its node\'s identity (host on its node, remote-node elsewhere) and no pod policy of its own', () => {
    check({
      resources: [
        ns('prod'),
        pod('prod/server', { app: 'server' }, { node: 'node-1' }),
        pod('prod/client', { app: 'client' }, { node: 'node-2' }),
        pod('prod/hostnet-1', { app: 'hostnet' }, { node: 'node-1', ip: '192.168.0.11', hostNetwork: true }),
        pod('prod/hostnet-2', { app: 'hostnet' }, { node: 'node-2', ip: '192.168.0.12', hostNetwork: true }),
        cnp('prod', 'server', `
          endpointSelector: {matchLabels: {app: server}}
          ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]`),
        cnp('prod', 'hostnet', `
          endpointSelector: {matchLabels: {app: hostnet}}
          egress: [{}]
          ingress: [{}]`),
      ],
      cases: [
        allow('pod:prod/hostnet-1', 'pod:prod/server', { ingress: 'allow', name: 'host on node-1: allow-localhost' }),
        deny('pod:prod/hostnet-2', 'pod:prod/server', { ingress: 'deny', name: 'remote-node from node-2' }),
        allow('pod:prod/hostnet-1', 'ip:8.8.8.8', { name: 'the deny-all policy does not select a host-network pod' }),
        allow('pod:prod/client', 'pod:prod/hostnet-1', { egress: 'allow' }),
      ],
    });
  });
});

// ------------------------------------------------------------------ namespaces

describe('namespace scoping of CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (SEM §2.4)', () => {
  const base = [
    ns('prod', { team: 'a' }), ns('dev', { team: 'b' }),
    pod('prod/server', { app: 'server' }, { node: 'node-1' }),
    pod('dev/server', { app: 'server' }, { node: 'node-1' }),
    pod('prod/client', { app: 'client' }, { node: 'node-2' }),
    pod('dev/client', { app: 'client' }, { node: 'node-2' }),
    pod('prod/other', { app: 'other' }, { node: 'node-2' }),
  ];

  it('a CNP endpointSelector selects pods of the policy namespace only', () => {
    check({
      resources: [...base, cnp('prod', 'all-pods', `
        endpointSelector: {}
        ingress: [{fromEndpoints: [{matchLabels: {app: nobody}}]}]`)],
      cases: [
        deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny' }),
        allow('pod:prod/client', 'pod:dev/server', { ingress: 'allow' }),
      ],
    });
  });

  it('a k8s: namespace label in a CNP endpointSelector is overwritten by the policy namespace', () => {
    check({
      resources: [...base, cnp('prod', 'tries-dev', `
        endpointSelector: {matchLabels: {"k8s:io.kubernetes.pod.namespace": dev, app: server}}
        ingress: [{}]`)],
      cases: [
        deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny' }),
        allow('pod:prod/client', 'pod:dev/server', { ingress: 'allow' }),
      ],
    });
  });

  it('an unprefixed namespace label in a CNP endpointSelector is ANDed with the policy namespace and selects nothing', () => {
    check({
      resources: [...base, cnp('prod', 'tries-dev', `
        endpointSelector: {matchLabels: {io.kubernetes.pod.namespace: dev, app: server}}
        ingress: [{}]`)],
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow' }),
        allow('pod:prod/client', 'pod:dev/server', { ingress: 'allow' }),
      ],
    });
  });

  it('fromEndpoints in a CNP is limited to the policy namespace', () => {
    check({
      resources: [...base, cnp('prod', 'from-client', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]`)],
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow' }),
        deny('pod:dev/client', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('fromEndpoints: [{}] in a CNP is every pod of the policy namespace, not world, nodes or other namespaces', () => {
    check({
      resources: [...base, cnp('prod', 'same-ns', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEndpoints: [{}]}]`)],
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow' }),
        allow('pod:prod/other', 'pod:prod/server', { ingress: 'allow' }),
        deny('pod:dev/client', 'pod:prod/server', { ingress: 'deny' }),
        deny('ip:203.0.113.7', 'pod:prod/server', { ingress: 'deny' }),
        deny('node:node-2', 'pod:prod/server', { ingress: 'deny' }),
        deny('entity:health', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('naming io.kubernetes.pod.namespace in a peer selects that namespace (matchLabels or matchExpressions)', () => {
    check({
      resources: [
        ...base,
        ns('qa'), pod('qa/client', { app: 'client' }, { node: 'node-2' }),
        cnp('prod', 'cross-ns', `
          endpointSelector: {matchLabels: {app: server}}
          ingress:
            - fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: dev, app: client}}]
            - fromEndpoints: [{matchExpressions: [{key: io.kubernetes.pod.namespace, operator: In, values: [qa]}]}]`),
      ],
      cases: [
        allow('pod:dev/client', 'pod:prod/server', { ingress: 'allow' }),
        allow('pod:qa/client', 'pod:prod/server', { ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('any expression on the namespace key disables namespace injection in a CNP peer; the cluster label still limits it to pods', () => {
    check({
      resources: [...base, cnp('prod', 'not-prod', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEndpoints: [{matchExpressions: [{key: io.kubernetes.pod.namespace, operator: NotIn, values: [prod]}]}]}]`)],
      cases: [
        allow('pod:dev/client', 'pod:prod/server', { ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny' }),
        deny('ip:203.0.113.7', 'pod:prod/server', { ingress: 'deny' }),
        deny('node:node-2', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('a CCNP endpointSelector {} selects pods of every namespace, and its peers are not namespace-scoped', () => {
    check({
      resources: [...base, ccnp('servers', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]`)],
      cases: [
        allow('pod:dev/client', 'pod:prod/server', { ingress: 'allow' }),
        allow('pod:prod/client', 'pod:dev/server', { ingress: 'allow' }),
        deny('pod:prod/other', 'pod:prod/server', { ingress: 'deny' }),
        deny('pod:prod/other', 'pod:dev/server', { ingress: 'deny' }),
      ],
    });
  });

  it('fromEndpoints: [{}] in a CCNP is every pod of every namespace, never world, remote nodes, the API server or health', () => {
    check({
      resources: [...base, ccnp('all-pods', `
        endpointSelector: {}
        ingress: [{fromEndpoints: [{}]}]`)],
      cases: [
        allow('pod:dev/client', 'pod:prod/server', { ingress: 'allow' }),
        allow('pod:prod/client', 'pod:dev/server', { ingress: 'allow' }),
        deny('ip:203.0.113.7', 'pod:prod/server', { ingress: 'deny' }),
        deny('node:node-2', 'pod:prod/server', { ingress: 'deny' }),
        deny('entity:kube-apiserver', 'pod:prod/server', { ingress: 'deny' }),
        deny('entity:health', 'pod:prod/server', { ingress: 'deny' }),
        allow('node:node-1', 'pod:prod/server', { ingress: 'allow', name: 'the local host still passes (allow-localhost)' }),
      ],
    });
  });
});

// ------------------------------------------------------------------ CIDR

describe('CIDR peers (SEM §3.8, §5.6)', () => {
  const base = [ns('prod'), ns('dev'), pod('prod/client', { app: 'client' }, { node: 'node-1' }), pod('dev/peer', { app: 'peer' }, { node: 'node-2', ip: '10.0.2.20' })];

  it('toCIDRSet with except allows the prefix but not the excepted part', () => {
    check({
      resources: [...base, cnp('prod', 'cidr', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toCIDRSet: [{cidr: 203.0.113.0/24, except: [203.0.113.128/25]}]}]`)],
      cases: [
        allow('pod:prod/client', 'ip:203.0.113.10', { egress: 'allow' }),
        allow('pod:prod/client', 'ip:203.0.113.127', { egress: 'allow' }),
        deny('pod:prod/client', 'ip:203.0.113.128', { egress: 'deny' }),
        deny('pod:prod/client', 'ip:203.0.113.200', { egress: 'deny' }),
        deny('pod:prod/client', 'ip:198.51.100.1', { egress: 'deny' }),
      ],
    });
  });

  it('an except applies to its own CIDR rule only; another rule may allow the excepted range (union of allows)', () => {
    check({
      resources: [...base, cnp('prod', 'cidr', `
        endpointSelector: {matchLabels: {app: client}}
        egress:
          - toCIDRSet: [{cidr: 203.0.113.0/24, except: [203.0.113.128/25]}]
          - toCIDR: [203.0.113.200/32]`)],
      cases: [
        allow('pod:prod/client', 'ip:203.0.113.200', { egress: 'allow' }),
        deny('pod:prod/client', 'ip:203.0.113.201', { egress: 'deny' }),
      ],
    });
  });

  it('fromCIDR admits outside addresses in the prefix only', () => {
    check({
      resources: [...base, cnp('prod', 'cidr', `
        endpointSelector: {matchLabels: {app: client}}
        ingress: [{fromCIDR: [203.0.113.0/24]}]`)],
      cases: [
        allow('ip:203.0.113.5', 'pod:prod/client', { ingress: 'allow' }),
        deny('ip:198.51.100.5', 'pod:prod/client', { ingress: 'deny' }),
      ],
    });
  });

  it('CIDR rules never match pods or nodes, even when their addresses are inside the prefix', () => {
    check({
      resources: [...base, cnp('prod', 'cidr', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toCIDR: [10.0.0.0/8, 192.168.0.0/16]}]
        ingress: [{fromCIDR: [10.0.0.0/8, 192.168.0.0/16]}]`)],
      cases: [
        deny('pod:prod/client', 'pod:dev/peer', { egress: 'deny' }),
        deny('pod:prod/client', 'ip:10.0.2.20', { egress: 'deny', name: 'a pod address is that pod' }),
        deny('pod:prod/client', 'node:node-2', { egress: 'deny' }),
        deny('pod:prod/client', 'ip:192.168.0.12', { egress: 'deny', name: 'a node address is that node' }),
        deny('pod:prod/client', 'node:node-1', { egress: 'deny' }),
        allow('pod:prod/client', 'ip:10.200.0.5', { egress: 'allow', name: 'an outside address in 10/8' }),
        deny('pod:dev/peer', 'pod:prod/client', { ingress: 'deny' }),
        deny('node:node-2', 'pod:prod/client', { ingress: 'deny' }),
        allow('ip:10.200.0.5', 'pod:prod/client', { ingress: 'allow' }),
      ],
    });
  });

  it('0.0.0.0/0 is the world entity: every outside address, no pod, node or API server', () => {
    check({
      resources: [...base, cnp('prod', 'cidr', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toCIDR: [0.0.0.0/0]}]`)],
      cases: [
        allow('pod:prod/client', 'ip:8.8.8.8', { egress: 'allow' }),
        allow('pod:prod/client', 'ip:10.200.0.5', { egress: 'allow' }),
        deny('pod:prod/client', 'pod:dev/peer', { egress: 'deny' }),
        deny('pod:prod/client', 'node:node-1', { egress: 'deny' }),
        deny('pod:prod/client', 'node:node-2', { egress: 'deny' }),
        deny('pod:prod/client', 'entity:kube-apiserver', { egress: 'deny' }),
      ],
    });
  });

  it('toCIDRSet 0.0.0.0/0 with an except is the world minus the excepted range', () => {
    check({
      resources: [...base, cnp('prod', 'cidr', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]}]`)],
      cases: [
        allow('pod:prod/client', 'ip:8.8.8.8', { egress: 'allow' }),
        deny('pod:prod/client', 'ip:10.200.0.5', { egress: 'deny' }),
        deny('pod:prod/client', 'pod:dev/peer', { egress: 'deny' }),
      ],
    });
  });

  it('host bits of a CIDR are masked: 203.0.113.77/24 is 203.0.113.0/24', () => {
    check({
      resources: [...base, cnp('prod', 'cidr', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toCIDR: [203.0.113.77/24]}]`)],
      cases: [allow('pod:prod/client', 'ip:203.0.113.1', { egress: 'allow' }), deny('pod:prod/client', 'ip:203.0.114.1', { egress: 'deny' })],
    });
  });
});

// ------------------------------------------------------------------ toServices

describe('toServices (SEM §3.10)', () => {
  const base = [
    ns('prod'), ns('data'),
    pod('prod/client', { app: 'client' }, { node: 'node-1' }),
    pod('prod/server', { app: 'server' }, { node: 'node-2', ip: '10.0.2.10' }),
    pod('prod/other', { app: 'other' }, { node: 'node-2', ip: '10.0.2.11' }),
    pod('data/db', { app: 'db' }, { node: 'node-2', ip: '10.0.2.12' }),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'server', namespace: 'prod', labels: { tier: 'web' } }, spec: { selector: { app: 'server' }, ports: [{ port: 80, targetPort: 8080 }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'data', labels: { tier: 'db' } }, spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'prod', labels: { tier: 'ext' } }, spec: { ports: [{ port: 5432 }] } },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'ext-1', namespace: 'prod', labels: { 'kubernetes.io/service-name': 'ext' } }, addressType: 'IPv4', endpoints: [{ addresses: ['198.51.100.50'] }] },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manual', namespace: 'prod' }, spec: { ports: [{ port: 80 }] } },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'manual-1', namespace: 'prod', labels: { 'kubernetes.io/service-name': 'manual' } }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.2.11'] }] },
  ];

  it('a Service with a selector allows its pods, and policy ports are target ports', () => {
    check({
      resources: [...base, cnp('prod', 'svc', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toServices: [{k8sService: {serviceName: server, namespace: prod}}], toPorts: [{ports: [{port: "8080", protocol: TCP}]}]}]`)],
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { port: 8080, egress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { port: 80, egress: 'deny' }),
        deny('pod:prod/client', 'pod:prod/other', { port: 8080, egress: 'deny' }),
      ],
    });
  });

  it('a service port in toPorts does not open the target port', () => {
    check({
      resources: [...base, cnp('prod', 'svc', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toServices: [{k8sService: {serviceName: server, namespace: prod}}], toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]`)],
      cases: [deny('pod:prod/client', 'pod:prod/server', { port: 8080, egress: 'deny' })],
    });
  });

  it('a selector-less Service allows the addresses of its EndpointSlices', () => {
    check({
      resources: [...base, cnp('prod', 'svc', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toServices: [{k8sService: {serviceName: ext, namespace: prod}}]}]`)],
      cases: [
        allow('pod:prod/client', 'ip:198.51.100.50', { port: 5432, egress: 'allow' }),
        deny('pod:prod/client', 'ip:198.51.100.51', { port: 5432, egress: 'deny' }),
      ],
    });
  });

  it('a selector-less Service whose endpoints are pod addresses selects no pod (its backends become CIDR peers)', () => {
    check({
      resources: [...base, cnp('prod', 'svc', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toServices: [{k8sService: {serviceName: manual, namespace: prod}}]}]`)],
      cases: [deny('pod:prod/client', 'pod:prod/other', { egress: 'deny' })],
    });
  });

  it('k8sService without a namespace matches the Service in any namespace', () => {
    check({
      resources: [...base, cnp('prod', 'svc', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toServices: [{k8sService: {serviceName: db}}]}]`)],
      cases: [allow('pod:prod/client', 'pod:data/db', { port: 5432, egress: 'allow' })],
    });
  });

  it('k8sServiceSelector matches the labels of the Service, not its pod selector', () => {
    check({
      resources: [...base, cnp('prod', 'svc', `
        endpointSelector: {matchLabels: {app: client}}
        egress:
          - toServices: [{k8sServiceSelector: {selector: {matchLabels: {tier: db}}}}]
          - toServices: [{k8sServiceSelector: {selector: {matchLabels: {app: server}}}}]`)],
      cases: [
        allow('pod:prod/client', 'pod:data/db', { port: 5432, egress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { port: 8080, egress: 'deny' }),
      ],
    });
  });
});

// ------------------------------------------------------------------ ports

describe('ports and protocols (SEM §3.4, §5.2)', () => {
  const base = (...policies: string[]) => [
    ns('prod'), ns('kube-system'),
    pod('prod/server', { app: 'server' }, { node: 'node-1', ports: [['http', 8080, 'TCP']] }),
    pod('prod/server-b', { app: 'server' }, { node: 'node-1', ports: [['http', 9090, 'TCP']] }),
    pod('prod/plain', { app: 'server' }, { node: 'node-1' }),
    pod('prod/client', { app: 'client' }, { node: 'node-2' }),
    COREDNS,
    ...policies,
  ];
  const ingressRule = (toPorts: string) => cnp('prod', 'ports', `
    endpointSelector: {matchLabels: {app: server}}
    ingress:
      - fromEndpoints: [{matchLabels: {app: client}}]
        toPorts: ${toPorts}`);

  it('a numeric port allows that port of that protocol only', () => {
    check({
      resources: base(ingressRule('[{ports: [{port: "80", protocol: TCP}]}]')),
      cases: [
        allow('pod:prod/client', 'pod:prod/plain', { port: 80 }),
        deny('pod:prod/client', 'pod:prod/plain', { port: 81 }),
        deny('pod:prod/client', 'pod:prod/plain', { port: 80, protocol: 'UDP' }),
      ],
    });
  });

  it('a named port on ingress resolves on the subject\'s own container ports', () => {
    check({
      resources: base(ingressRule('[{ports: [{port: http, protocol: TCP}]}]')),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { port: 8080, ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { port: 9090, ingress: 'deny' }),
        allow('pod:prod/client', 'pod:prod/server-b', { port: 9090, ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server-b', { port: 8080, ingress: 'deny' }),
        deny('pod:prod/client', 'pod:prod/plain', { port: 8080, ingress: 'deny', name: 'a subject without the name opens nothing' }),
      ],
    });
  });

  it('a named port is matched case-insensitively', () => {
    check({
      resources: base(ingressRule('[{ports: [{port: HTTP, protocol: TCP}]}]')),
      cases: [allow('pod:prod/client', 'pod:prod/server', { port: 8080, ingress: 'allow' })],
    });
  });

  it('a named port on egress resolves per destination identity, and never matches world', () => {
    check({
      resources: base(cnp('prod', 'egress-named', `
        endpointSelector: {matchLabels: {app: client}}
        egress:
          - toEndpoints: [{matchLabels: {app: server}}]
            toPorts: [{ports: [{port: http, protocol: TCP}]}]
          - toPorts: [{ports: [{port: http, protocol: TCP}]}]`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { port: 8080, egress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { port: 9090, egress: 'deny' }),
        allow('pod:prod/client', 'pod:prod/server-b', { port: 9090, egress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server-b', { port: 8080, egress: 'deny' }),
        deny('pod:prod/client', 'pod:prod/plain', { port: 8080, egress: 'deny' }),
        deny('pod:prod/client', 'ip:8.8.8.8', { port: 8080, egress: 'deny' }),
      ],
    });
  });

  it('a named port with protocol ANY opens only the container port\'s protocol (A.2.12)', () => {
    check({
      resources: base(cnp('prod', 'dns-named', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toEndpoints: [${COREDNS_SELECTOR}], toPorts: [{ports: [{port: dns}]}]}]`)),
      cases: [
        allow('pod:prod/client', 'pod:kube-system/coredns', { protocol: 'UDP', port: 53, egress: 'allow' }),
        deny('pod:prod/client', 'pod:kube-system/coredns', { protocol: 'TCP', port: 53, egress: 'deny' }),
      ],
    });
  });

  it('a named port with endPort on ingress is a range from the resolved port; an endPort below it is ignored (A.2.6)', () => {
    check({
      resources: base(ingressRule('[{ports: [{port: http, endPort: 8090, protocol: TCP}]}]')),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { port: 8080 }),
        allow('pod:prod/client', 'pod:prod/server', { port: 8090 }),
        deny('pod:prod/client', 'pod:prod/server', { port: 8091 }),
        allow('pod:prod/client', 'pod:prod/server-b', { port: 9090 }),
        deny('pod:prod/client', 'pod:prod/server-b', { port: 9091 }),
        deny('pod:prod/client', 'pod:prod/server-b', { port: 8085 }),
      ],
    });
  });

  it('a named port with endPort on egress ignores endPort (A.2.6)', () => {
    check({
      resources: base(cnp('prod', 'egress-named-range', `
        endpointSelector: {matchLabels: {app: client}}
        egress:
          - toEndpoints: [{matchLabels: {app: server}}]
            toPorts: [{ports: [{port: http, endPort: 8090, protocol: TCP}]}]`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { port: 8080, egress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { port: 8085, egress: 'deny' }),
      ],
    });
  });

  it('endPort makes an inclusive range', () => {
    check({
      resources: base(ingressRule('[{ports: [{port: "8000", endPort: 8100, protocol: TCP}]}]')),
      cases: [
        allow('pod:prod/client', 'pod:prod/plain', { port: 8000 }),
        allow('pod:prod/client', 'pod:prod/plain', { port: 8050 }),
        allow('pod:prod/client', 'pod:prod/plain', { port: 8100 }),
        deny('pod:prod/client', 'pod:prod/plain', { port: 7999 }),
        deny('pod:prod/client', 'pod:prod/plain', { port: 8101 }),
      ],
    });
  });

  it('an endPort below the port is ignored: the rule is the single port (A.2.11)', () => {
    check({
      resources: base(ingressRule('[{ports: [{port: "8080", endPort: 8000, protocol: TCP}]}]')),
      cases: [allow('pod:prod/client', 'pod:prod/plain', { port: 8080 }), deny('pod:prod/client', 'pod:prod/plain', { port: 8050 })],
    });
  });

  it('TCP, UDP and SCTP are distinct protocols', () => {
    check({
      resources: base(ingressRule('[{ports: [{port: "9000", protocol: SCTP}, {port: "53", protocol: UDP}]}]')),
      cases: [
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'SCTP', port: 9000 }),
        deny('pod:prod/client', 'pod:prod/plain', { protocol: 'TCP', port: 9000 }),
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'UDP', port: 53 }),
        deny('pod:prod/client', 'pod:prod/plain', { protocol: 'TCP', port: 53 }),
      ],
    });
  });

  it('ANY (or no protocol) means TCP, UDP and SCTP, never ICMP', () => {
    check({
      resources: base(ingressRule('[{ports: [{port: "53"}, {port: "8", protocol: ANY}]}]')),
      cases: [
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'TCP', port: 53 }),
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'UDP', port: 53 }),
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'SCTP', port: 53 }),
        deny('pod:prod/client', 'pod:prod/plain', { protocol: 'ICMP', icmpType: 8 }),
      ],
    });
  });

  it('port 0 allows every port of its protocol', () => {
    check({
      resources: base(ingressRule('[{ports: [{port: "0", protocol: TCP}]}]')),
      cases: [
        allow('pod:prod/client', 'pod:prod/plain', { port: 1 }),
        allow('pod:prod/client', 'pod:prod/plain', { port: 65535 }),
        deny('pod:prod/client', 'pod:prod/plain', { protocol: 'UDP', port: 53 }),
        deny('pod:prod/client', 'pod:prod/plain', { protocol: 'ICMP', icmpType: 8 }),
      ],
    });
  });

  it('port 0 with protocol ANY is every TCP, UDP and SCTP port, still not ICMP (unlike an L3-only rule)', () => {
    check({
      resources: base(ingressRule('[{ports: [{port: "0"}]}]')),
      cases: [
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'UDP', port: 12345 }),
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'SCTP', port: 1 }),
        deny('pod:prod/client', 'pod:prod/plain', { protocol: 'ICMP', icmpType: 8 }),
      ],
    });
  });

  it('a rule without toPorts allows every protocol, ICMP included', () => {
    check({
      resources: base(cnp('prod', 'l3', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'ICMP', icmpType: 8 }),
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'SCTP', port: 9999 }),
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'UDP', port: 5 }),
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'TCP', port: 65535 }),
      ],
    });
  });

  it('toPorts: [{}] (a port rule without ports) allows nothing, yet enables default deny', () => {
    check({
      resources: base(ingressRule('[{}]')),
      cases: [
        deny('pod:prod/client', 'pod:prod/plain', { port: 80, ingress: 'deny' }),
        deny('pod:prod/client', 'pod:prod/plain', { protocol: 'ICMP', icmpType: 8, ingress: 'deny' }),
      ],
    });
  });

  it('a rule with ports but no peer field admits every peer on those ports, world and remote nodes included', () => {
    check({
      resources: base(cnp('prod', 'l4-only', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]`)),
      cases: [
        allow('ip:203.0.113.9', 'pod:prod/plain', { port: 80, ingress: 'allow' }),
        allow('node:node-2', 'pod:prod/plain', { port: 80, ingress: 'allow' }),
        allow('entity:kube-apiserver', 'pod:prod/plain', { port: 80, ingress: 'allow' }),
        allow('pod:prod/client', 'pod:prod/plain', { port: 80, ingress: 'allow' }),
        deny('ip:203.0.113.9', 'pod:prod/plain', { port: 81, ingress: 'deny' }),
      ],
    });
  });

  it('icmps allow ICMP types by number and by name, nothing else', () => {
    check({
      resources: base(cnp('prod', 'icmp', `
        endpointSelector: {matchLabels: {app: server}}
        ingress:
          - fromEndpoints: [{matchLabels: {app: client}}]
            icmps: [{fields: [{type: 8}, {type: DestinationUnreachable}]}]`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'ICMP', icmpType: 8 }),
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'ICMP', icmpType: 3 }),
        deny('pod:prod/client', 'pod:prod/plain', { protocol: 'ICMP', icmpType: 13 }),
        deny('pod:prod/client', 'pod:prod/plain', { protocol: 'TCP', port: 80 }),
      ],
    });
  });

  it('an icmps type 0 (EchoReply) allows every ICMP type, because the type is the port and 0 is the wildcard (A.2.5)', () => {
    check({
      resources: base(cnp('prod', 'icmp', `
        endpointSelector: {matchLabels: {app: server}}
        ingress:
          - fromEndpoints: [{matchLabels: {app: client}}]
            icmps: [{fields: [{type: EchoReply}]}]`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'ICMP', icmpType: 0 }),
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'ICMP', icmpType: 8 }),
        allow('pod:prod/client', 'pod:prod/plain', { protocol: 'ICMP', icmpType: 13 }),
        deny('pod:prod/client', 'pod:prod/plain', { protocol: 'TCP', port: 80 }),
      ],
    });
  });
});

// ------------------------------------------------------------------ default deny

describe('default deny (SEM §5.1)', () => {
  const base = (...policies: string[]) => [
    ns('prod'), ns('kube-system'),
    pod('prod/server', { app: 'server' }, { node: 'node-1' }),
    pod('prod/client', { app: 'client' }, { node: 'node-2' }),
    pod('prod/bad', { app: 'bad' }, { node: 'node-2' }),
    COREDNS,
    ...policies,
  ];

  it('a rule that selects a pod makes that direction default-deny, and only that direction', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow' }),
        deny('pod:prod/bad', 'pod:prod/server', { ingress: 'deny' }),
        deny('ip:8.8.8.8', 'pod:prod/server', { ingress: 'deny' }),
        allow('pod:prod/server', 'pod:prod/bad', { egress: 'allow' }),
        allow('pod:prod/server', 'ip:8.8.8.8', { egress: 'allow' }),
        allow('pod:prod/bad', 'pod:prod/client', { egress: 'allow', ingress: 'allow', name: 'pods no rule selects allow everything' }),
      ],
    });
  });

  it('ingress: [{}] enables default deny and allows nothing', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{}]`)),
      cases: [
        deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny' }),
        deny('ip:8.8.8.8', 'pod:prod/server', { ingress: 'deny' }),
        deny('pod:prod/client', 'pod:prod/server', { protocol: 'ICMP', icmpType: 8, ingress: 'deny' }),
      ],
    });
  });

  it('a deny-only policy enables default deny (deny.rst)', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        ingressDeny: [{fromEndpoints: [{matchLabels: {app: bad}}]}]`)),
      cases: [
        deny('pod:prod/bad', 'pod:prod/server', { ingress: 'deny' }),
        deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny' }),
        allow('node:node-1', 'pod:prod/server', { ingress: 'allow', name: 'the local host is still allowed (allow-localhost)' }),
      ],
    });
  });

  it('a toFQDNs-only egress policy enables egress default deny, DNS itself included', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toFQDNs: [{matchName: api.example.com}], toPorts: [{ports: [{port: "443", protocol: TCP}]}]}]`)),
      dns: { 'api.example.com': ['203.0.113.10'] },
      cases: [
        deny('pod:prod/client', 'pod:kube-system/coredns', { protocol: 'UDP', port: 53, egress: 'deny' }),
        deny('pod:prod/client', 'pod:prod/server', { egress: 'deny' }),
        deny('pod:prod/client', 'fqdn:api.example.com', { port: 443, egress: 'deny', name: 'no DNS lookup went through a proxy, so the name is unknown' }),
      ],
    });
  });

  it('an explicitly empty section (ingress: []) does not enable default deny for that direction', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: []
        egress: [{toEndpoints: [{matchLabels: {app: client}}]}]`)),
      cases: [
        allow('pod:prod/bad', 'pod:prod/server', { ingress: 'allow' }),
        allow('pod:prod/server', 'pod:prod/client', { egress: 'allow' }),
        deny('pod:prod/server', 'pod:prod/bad', { egress: 'deny' }),
      ],
    });
  });

  it('an explicitly empty peer list (toEndpoints: []) selects nothing but still enables default deny', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        egress: [{toEndpoints: []}]`)),
      cases: [
        deny('pod:prod/server', 'pod:prod/client', { egress: 'deny' }),
        deny('pod:prod/server', 'ip:8.8.8.8', { egress: 'deny' }),
      ],
    });
  });
});

// ------------------------------------------------------------------ enableDefaultDeny false

describe('enableDefaultDeny: false (SEM §5.1, §6.1)', () => {
  const base = (...policies: string[]) => [
    ns('prod'),
    pod('prod/server', { app: 'server' }, { node: 'node-1' }),
    pod('prod/client', { app: 'client' }, { node: 'node-2' }),
    pod('prod/bad', { app: 'bad' }, { node: 'node-2' }),
    pod('prod/monitor', { app: 'monitor' }, { node: 'node-2' }),
    ...policies,
  ];
  const observing = cnp('prod', 'observe', `
    endpointSelector: {matchLabels: {app: server}}
    enableDefaultDeny: {ingress: false}
    ingress:
      - fromEndpoints: [{matchLabels: {app: client}}]
        toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET, path: /public}]}}]
    ingressDeny:
      - fromEndpoints: [{matchLabels: {app: bad}}]`);

  it('the rule does not isolate the pod: peers it does not name still pass (allow-any)', () => {
    check({
      resources: base(observing),
      cases: [
        allow('pod:prod/monitor', 'pod:prod/server', { port: 9999, ingress: 'allow' }),
        allow('ip:203.0.113.9', 'pod:prod/server', { port: 22, ingress: 'allow' }),
        allow('pod:prod/client', 'pod:prod/server', { port: 81, ingress: 'allow' }),
      ],
    });
  });

  it('deny rules still apply', () => {
    check({
      resources: base(observing),
      cases: [deny('pod:prod/bad', 'pod:prod/server', { ingress: 'deny' }), deny('pod:prod/bad', 'pod:prod/server', { port: 9999, ingress: 'deny' })],
    });
  });

  it('L7 rules only observe: every request passes (1.18+ ensureWildcard)', () => {
    check({
      resources: base(observing),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { http: { method: 'GET', path: '/public' }, ingress: 'allow' }),
        allow('pod:prod/client', 'pod:prod/server', { http: { method: 'POST', path: '/private' }, ingress: 'allow' }),
      ],
    });
  });

  it('another rule that makes the direction default-deny makes those L7 rules filter again', () => {
    check({
      resources: base(observing, cnp('prod', 'strict', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEndpoints: [{matchLabels: {app: monitor}}]}]`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { http: { method: 'GET', path: '/public' }, ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { http: { method: 'POST', path: '/private' }, ingress: 'deny' }),
        deny('ip:203.0.113.9', 'pod:prod/server', { port: 22, ingress: 'deny' }),
        allow('pod:prod/monitor', 'pod:prod/server', { port: 9999, ingress: 'allow' }),
      ],
    });
  });

  it('enableDefaultDeny.egress false leaves egress open while an egress deny applies', () => {
    check({
      resources: base(cnp('prod', 'egress-observe', `
        endpointSelector: {matchLabels: {app: client}}
        enableDefaultDeny: {egress: false}
        egress: [{toEndpoints: [{matchLabels: {app: server}}]}]
        egressDeny: [{toCIDR: [203.0.113.0/24]}]`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/bad', { egress: 'allow' }),
        allow('pod:prod/client', 'ip:8.8.8.8', { egress: 'allow' }),
        deny('pod:prod/client', 'ip:203.0.113.5', { egress: 'deny' }),
      ],
    });
  });
});

// ------------------------------------------------------------------ deny

describe('deny rules beat every allow (SEM §5.3)', () => {
  const base = (...policies: string[]) => [
    ns('prod'),
    pod('prod/server', { app: 'server' }, { node: 'node-1' }),
    pod('prod/client', { app: 'client' }, { node: 'node-2' }),
    pod('prod/other', { app: 'other' }, { node: 'node-2' }),
    ...policies,
  ];

  it('an ingressDeny in another policy beats an allow of the same peer and port', () => {
    check({
      resources: base(
        cnp('prod', 'allow', `
          endpointSelector: {matchLabels: {app: server}}
          ingress: [{fromEndpoints: [{matchLabels: {app: client}}], toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]`),
        cnp('prod', 'deny', `
          endpointSelector: {matchLabels: {app: server}}
          ingressDeny: [{fromEndpoints: [{matchLabels: {app: client}}], toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]`),
      ),
      cases: [deny('pod:prod/client', 'pod:prod/server', { port: 80, ingress: 'deny' })],
    });
  });

  it('an L3-only deny beats an L3/L4 allow', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEndpoints: [{matchLabels: {app: client}}], toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]
        ingressDeny: [{fromEndpoints: [{matchLabels: {app: client}}]}]`)),
      cases: [deny('pod:prod/client', 'pod:prod/server', { port: 80, ingress: 'deny' })],
    });
  });

  it('an L4 deny beats an L3-only allow on its port only', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]
        ingressDeny: [{toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]`)),
      cases: [
        deny('pod:prod/client', 'pod:prod/server', { port: 80, ingress: 'deny' }),
        allow('pod:prod/client', 'pod:prod/server', { port: 81, ingress: 'allow' }),
        allow('pod:prod/client', 'pod:prod/server', { protocol: 'UDP', port: 80, ingress: 'allow' }),
      ],
    });
  });

  it('a specific deny beats an allow of all entities (TestDeniesIngress)', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEntities: [all]}]
        ingressDeny: [{fromEndpoints: [{matchLabels: {app: client}}]}]`)),
      cases: [deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny' }), allow('pod:prod/other', 'pod:prod/server', { ingress: 'allow' })],
    });
  });

  it('a broad CIDR deny beats a narrower CIDR allow (deny_one_ip_with_a_larger_subnet)', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toCIDR: [203.0.113.5/32]}]
        egressDeny: [{toCIDR: [203.0.113.0/24]}]`)),
      cases: [deny('pod:prod/client', 'ip:203.0.113.5', { egress: 'deny' })],
    });
  });

  it('a world deny beats a CIDR allow (deny_world_no_labels)', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toCIDR: [192.0.2.3/32]}]
        egressDeny: [{toEntities: [world]}]`)),
      cases: [deny('pod:prod/client', 'ip:192.0.2.3', { egress: 'deny' })],
    });
  });

  it('a single-port deny inside an allowed port range denies that port only (TestEgressPortRangePrecedence)', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEndpoints: [{matchLabels: {app: client}}], toPorts: [{ports: [{port: "8000", endPort: 8100, protocol: TCP}]}]}]
        ingressDeny: [{fromEndpoints: [{matchLabels: {app: client}}], toPorts: [{ports: [{port: "8050", protocol: TCP}]}]}]`)),
      cases: [
        deny('pod:prod/client', 'pod:prod/server', { port: 8050, ingress: 'deny' }),
        allow('pod:prod/client', 'pod:prod/server', { port: 8049, ingress: 'allow' }),
        allow('pod:prod/client', 'pod:prod/server', { port: 8051, ingress: 'allow' }),
      ],
    });
  });

  it('a deny on a named port or an ICMP type denies just that port or type', () => {
    check({
      resources: [
        ns('prod'),
        pod('prod/server', { app: 'server' }, { node: 'node-1', ports: [['http', 8080, 'TCP']] }),
        pod('prod/client', { app: 'client' }, { node: 'node-2' }),
        cnp('prod', 'p', `
          endpointSelector: {matchLabels: {app: server}}
          ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]
          ingressDeny:
            - toPorts: [{ports: [{port: http, protocol: TCP}]}]
            - icmps: [{fields: [{type: EchoRequest}]}]`),
      ],
      cases: [
        deny('pod:prod/client', 'pod:prod/server', { port: 8080, ingress: 'deny' }),
        allow('pod:prod/client', 'pod:prod/server', { port: 8081, ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { protocol: 'ICMP', icmpType: 8, ingress: 'deny' }),
        allow('pod:prod/client', 'pod:prod/server', { protocol: 'ICMP', icmpType: 13, ingress: 'allow' }),
      ],
    });
  });

  it('a narrow CIDR deny leaves the rest of a broader allow open', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: client}}
        egress: [{toCIDR: [203.0.113.0/24]}]
        egressDeny: [{toCIDR: [203.0.113.5/32]}]`)),
      cases: [deny('pod:prod/client', 'ip:203.0.113.5', { egress: 'deny' }), allow('pod:prod/client', 'ip:203.0.113.6', { egress: 'allow' })],
    });
  });
});

// ------------------------------------------------------------------ allow-localhost, both sides, loopback

describe('allow-localhost, both sides, loopback', () => {
  const base = (...policies: string[]) => [
    ns('prod'),
    pod('prod/server', { app: 'server' }, { node: 'node-1' }),
    pod('prod/client', { app: 'client' }, { node: 'node-2' }),
    pod('prod/admin', { app: 'admin' }, { node: 'node-2' }),
    ...policies,
  ];

  it('the local host reaches a default-deny pod (kubelet probes); remote nodes do not', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]`)),
      cases: [
        allow('node:node-1', 'pod:prod/server', { port: 8080, ingress: 'allow' }),
        allow('node:node-1', 'pod:prod/server', { protocol: 'UDP', port: 53, ingress: 'allow' }),
        deny('node:node-2', 'pod:prod/server', { port: 8080, ingress: 'deny' }),
      ],
    });
  });

  it('allow-localhost applies even when the policy allows only world (A.2.10)', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEntities: [world]}]`)),
      cases: [allow('node:node-1', 'pod:prod/server', { ingress: 'allow' }), allow('ip:8.8.8.8', 'pod:prod/server', { ingress: 'allow' })],
    });
  });

  it('a deny rule that names the host removes allow-localhost', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]
        ingressDeny: [{fromEntities: [host]}]`)),
      cases: [deny('node:node-1', 'pod:prod/server', { ingress: 'deny' }), allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow' })],
    });
  });

  it('allow-localhost is for ingress only: egress default deny blocks the host', () => {
    check({
      resources: base(cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: server}}
        egress: [{toEndpoints: [{matchLabels: {app: client}}]}]`)),
      cases: [deny('pod:prod/server', 'node:node-1', { egress: 'deny' })],
    });
  });

  it('a flow needs the source\'s egress and the destination\'s ingress to allow it', () => {
    check({
      resources: base(
        cnp('prod', 'client-out', `
          endpointSelector: {matchLabels: {app: client}}
          egress: [{toEndpoints: [{matchLabels: {app: server}}]}]`),
        cnp('prod', 'server-in', `
          endpointSelector: {matchLabels: {app: server}}
          ingress: [{fromEndpoints: [{matchLabels: {app: admin}}]}]`),
      ),
      cases: [
        deny('pod:prod/client', 'pod:prod/server', { egress: 'allow', ingress: 'deny' }),
        allow('pod:prod/admin', 'pod:prod/server', { egress: 'allow', ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/admin', { egress: 'deny', ingress: 'allow' }),
      ],
    });
  });

  it('a pod reaches itself (loopback) whatever its policy says', () => {
    check({
      resources: [ns('prod'), pod('prod/lonely', { app: 'lonely' }, { ip: '10.0.1.50' }), cnp('prod', 'p', `
        endpointSelector: {matchLabels: {app: lonely}}
        ingress: [{}]
        egress: [{}]`)],
      cases: [
        allow('pod:prod/lonely', 'pod:prod/lonely', { port: 8080 }),
        allow('pod:prod/lonely', 'ip:10.0.1.50', { port: 8080, name: 'by its own address' }),
      ],
    });
  });
});

// ------------------------------------------------------------------ L7 HTTP

describe('L7 HTTP: a union over every allow of the peer and port (SEM §6.1, A.1)', () => {
  const base = (...policies: string[]) => [
    ns('prod'),
    pod('prod/server', { app: 'server' }, { node: 'node-1' }),
    pod('prod/client', { app: 'client' }, { node: 'node-2' }),
    pod('prod/admin', { app: 'admin' }, { node: 'node-2' }),
    pod('prod/other', { app: 'other' }, { node: 'node-2' }),
    ...policies,
  ];
  const l7 = `
    - fromEndpoints: [{matchLabels: {app: client}}]
      toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET, path: /public}]}}]`;
  const withRules = (...extra: string[]) => cnp('prod', 'server', `
    endpointSelector: {matchLabels: {app: server}}
    ingress:
${indent(l7, 6)}${extra.map((e) => `\n${indent(e, 6)}`).join('')}`);
  const get = (path: string) => ({ http: { method: 'GET', path } });

  it('HTTP rules filter the requests on the port they name', () => {
    check({
      resources: base(withRules()),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { ...get('/public'), ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { ...get('/private'), ingress: 'deny' }),
        deny('pod:prod/client', 'pod:prod/server', { http: { method: 'POST', path: '/public' }, ingress: 'deny' }),
        allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow', name: 'the connection itself is allowed at L3/L4' }),
      ],
    });
  });

  it('an L4 allow of the same peer and port without HTTP rules voids the L7 rules', () => {
    check({
      resources: base(withRules(`
        - fromEndpoints: [{matchLabels: {app: client}}]
          toPorts: [{ports: [{port: "80", protocol: TCP}]}]`)),
      cases: [allow('pod:prod/client', 'pod:prod/server', { ...get('/private'), ingress: 'allow' })],
    });
  });

  it('an L4-only allow of the port for every peer voids the L7 rules for this peer too', () => {
    check({
      resources: base(withRules(`
        - toPorts: [{ports: [{port: "80", protocol: TCP}]}]`)),
      cases: [allow('pod:prod/client', 'pod:prod/server', { ...get('/private'), ingress: 'allow' })],
    });
  });

  it('an L3-only allow of the peer voids its L7 rules', () => {
    check({
      resources: base(withRules(`
        - fromEndpoints: [{matchLabels: {app: client}}]`)),
      cases: [allow('pod:prod/client', 'pod:prod/server', { ...get('/private'), ingress: 'allow' })],
    });
  });

  it('a port-range allow of the peer that covers the port voids its L7 rules', () => {
    check({
      resources: base(withRules(`
        - fromEndpoints: [{matchLabels: {app: client}}]
          toPorts: [{ports: [{port: "1", endPort: 1000, protocol: TCP}]}]`)),
      cases: [allow('pod:prod/client', 'pod:prod/server', { ...get('/private'), ingress: 'allow' })],
    });
  });

  it('an allow of another peer does not void this peer\'s L7 rules', () => {
    check({
      resources: base(withRules(`
        - fromEndpoints: [{matchLabels: {app: other}}]`)),
      cases: [
        deny('pod:prod/client', 'pod:prod/server', { ...get('/private'), ingress: 'deny' }),
        allow('pod:prod/other', 'pod:prod/server', { ...get('/private'), ingress: 'allow' }),
      ],
    });
  });

  it('L7 rules are per peer: one peer\'s rules do not apply to another', () => {
    check({
      resources: base(withRules(`
        - fromEndpoints: [{matchLabels: {app: admin}}]
          toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET, path: /admin}]}}]`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { ...get('/public'), ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { ...get('/admin'), ingress: 'deny' }),
        allow('pod:prod/admin', 'pod:prod/server', { ...get('/admin'), ingress: 'allow' }),
        deny('pod:prod/admin', 'pod:prod/server', { ...get('/public'), ingress: 'deny' }),
      ],
    });
  });

  it('HTTP rules of two rules for the same peer and port are unioned', () => {
    check({
      resources: base(withRules(`
        - fromEndpoints: [{matchLabels: {app: client}}]
          toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: POST, path: /submit}]}}]`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { ...get('/public'), ingress: 'allow' }),
        allow('pod:prod/client', 'pod:prod/server', { http: { method: 'POST', path: '/submit' }, ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { http: { method: 'GET', path: '/submit' }, ingress: 'deny' }),
      ],
    });
  });

  it('HTTP rules on a port range filter every port of the range', () => {
    check({
      resources: base(cnp('prod', 'server', `
        endpointSelector: {matchLabels: {app: server}}
        ingress:
          - fromEndpoints: [{matchLabels: {app: client}}]
            toPorts: [{ports: [{port: "8000", endPort: 8100, protocol: TCP}], rules: {http: [{method: GET, path: /public}]}}]`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { port: 8050, ...get('/public'), ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { port: 8050, ...get('/private'), ingress: 'deny' }),
        deny('pod:prod/client', 'pod:prod/server', { port: 8101, ...get('/public'), ingress: 'deny' }),
      ],
    });
  });

  it('a deny of the peer and port drops the connection before any L7 rule is considered', () => {
    check({
      resources: base(cnp('prod', 'server', `
        endpointSelector: {matchLabels: {app: server}}
        ingress:
${indent(l7, 10)}
        ingressDeny:
          - fromEndpoints: [{matchLabels: {app: client}}]
            toPorts: [{ports: [{port: "80", protocol: TCP}]}]`)),
      cases: [deny('pod:prod/client', 'pod:prod/server', { ...get('/public'), ingress: 'deny' })],
    });
  });

  it('egress HTTP rules filter requests at the source', () => {
    check({
      resources: base(cnp('prod', 'client', `
        endpointSelector: {matchLabels: {app: client}}
        egress:
          - toEndpoints: [{matchLabels: {app: server}}]
            toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET, path: /public}]}}]`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { ...get('/public'), egress: 'allow', ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { ...get('/private'), egress: 'deny', ingress: 'allow' }),
      ],
    });
  });

  it('HTTP rules in a rule without peers filter every peer, world and remote nodes included', () => {
    check({
      resources: base(cnp('prod', 'server', `
        endpointSelector: {matchLabels: {app: server}}
        ingress:
          - toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET, path: /public}]}}]`)),
      cases: [
        allow('ip:203.0.113.9', 'pod:prod/server', { ...get('/public'), ingress: 'allow' }),
        deny('ip:203.0.113.9', 'pod:prod/server', { ...get('/private'), ingress: 'deny' }),
        deny('node:node-2', 'pod:prod/server', { ...get('/private'), ingress: 'deny' }),
        deny('pod:prod/client', 'pod:prod/server', { ...get('/private'), ingress: 'deny' }),
      ],
    });
  });

  it('HTTP from the local host passes through allow-localhost even when an L7 rule selects the host; remote nodes are filtered (A.2.1)', () => {
    check({
      resources: base(cnp('prod', 'server', `
        endpointSelector: {matchLabels: {app: server}}
        ingress:
          - fromEntities: [host, remote-node]
            toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET, path: /healthz}]}}]`)),
      cases: [
        allow('node:node-1', 'pod:prod/server', { ...get('/other'), ingress: 'allow' }),
        deny('node:node-2', 'pod:prod/server', { ...get('/other'), ingress: 'deny' }),
        allow('node:node-2', 'pod:prod/server', { ...get('/healthz'), ingress: 'allow' }),
      ],
    });
  });
});

// ------------------------------------------------------------------ DNS proxy

describe('DNS proxy: only the exact port/protocol filter counts (SEM §6.1, A.1)', () => {
  const base = (...egress: string[]) => [
    ns('prod'), ns('kube-system'),
    COREDNS,
    pod('prod/client', { app: 'client' }, { node: 'node-2' }),
    cnp('prod', 'dns', `
      endpointSelector: {matchLabels: {app: client}}
      egress:
${egress.map((e) => indent(e, 8)).join('\n')}`),
  ];
  const rule = (ports: string, names: string) => `
    - toEndpoints: [${COREDNS_SELECTOR}]
      toPorts: [{ports: ${ports}, rules: {dns: [${names}]}}]`;
  const udp = (name: string) => ({ protocol: 'UDP' as const, port: 53, dns: name });
  const tcp = (name: string) => ({ protocol: 'TCP' as const, port: 53, dns: name });
  const dnsPod = 'pod:kube-system/coredns';

  it('DNS rules filter query names (case-insensitively, trailing dot optional)', () => {
    check({
      resources: base(rule('[{port: "53", protocol: UDP}]', '{matchName: example.com}')),
      cases: [
        allow('pod:prod/client', dnsPod, { ...udp('example.com'), egress: 'allow' }),
        allow('pod:prod/client', dnsPod, { ...udp('EXAMPLE.com.'), egress: 'allow' }),
        deny('pod:prod/client', dnsPod, { ...udp('other.org'), egress: 'deny' }),
      ],
    });
  });

  it('DNS rules in a rule without peers filter queries to every server on that port', () => {
    check({
      resources: base(`
        - toPorts: [{ports: [{port: "53", protocol: UDP}], rules: {dns: [{matchName: example.com}]}}]`),
      cases: [
        allow('pod:prod/client', dnsPod, { ...udp('example.com'), egress: 'allow' }),
        deny('pod:prod/client', dnsPod, { ...udp('other.org'), egress: 'deny' }),
        allow('pod:prod/client', 'ip:8.8.8.8', { ...udp('example.com'), egress: 'allow' }),
        deny('pod:prod/client', 'ip:8.8.8.8', { ...udp('other.org'), egress: 'deny' }),
      ],
    });
  });

  it('an L3-only allow of the DNS server does not widen DNS filtering', () => {
    check({
      resources: base(rule('[{port: "53", protocol: UDP}]', '{matchName: example.com}'), `
        - toEndpoints: [${COREDNS_SELECTOR}]`),
      cases: [
        deny('pod:prod/client', dnsPod, { ...udp('other.org'), egress: 'deny' }),
        allow('pod:prod/client', dnsPod, { protocol: 'TCP', port: 9153, egress: 'allow', name: 'the L3-only allow opens other ports' }),
      ],
    });
  });

  it('a port-range allow covering 53 does not widen DNS filtering', () => {
    check({
      resources: base(rule('[{port: "53", protocol: UDP}]', '{matchName: example.com}'), `
        - toEndpoints: [${COREDNS_SELECTOR}]
          toPorts: [{ports: [{port: "50", endPort: 60, protocol: UDP}]}]`),
      cases: [deny('pod:prod/client', dnsPod, { ...udp('other.org'), egress: 'deny' })],
    });
  });

  it('an allow on the same port and protocol without DNS rules lets every name through', () => {
    check({
      resources: base(rule('[{port: "53", protocol: UDP}]', '{matchName: example.com}'), `
        - toEndpoints: [${COREDNS_SELECTOR}]
          toPorts: [{ports: [{port: "53", protocol: UDP}]}]`),
      cases: [allow('pod:prod/client', dnsPod, { ...udp('other.org'), egress: 'allow' })],
    });
  });

  it('DNS over UDP and over TCP are separate filters with separate rules', () => {
    check({
      resources: base(rule('[{port: "53", protocol: UDP}]', '{matchName: example.com}'), rule('[{port: "53", protocol: TCP}]', '{matchName: other.org}')),
      cases: [
        allow('pod:prod/client', dnsPod, { ...udp('example.com'), egress: 'allow' }),
        deny('pod:prod/client', dnsPod, { ...udp('other.org'), egress: 'deny' }),
        allow('pod:prod/client', dnsPod, { ...tcp('other.org'), egress: 'allow' }),
        deny('pod:prod/client', dnsPod, { ...tcp('example.com'), egress: 'deny' }),
      ],
    });
  });

  it('protocol ANY puts the DNS rules on TCP as well as UDP', () => {
    check({
      resources: base(rule('[{port: "53", protocol: ANY}]', '{matchName: example.com}')),
      cases: [
        allow('pod:prod/client', dnsPod, { ...tcp('example.com'), egress: 'allow' }),
        deny('pod:prod/client', dnsPod, { ...tcp('other.org'), egress: 'deny' }),
        deny('pod:prod/client', dnsPod, { ...udp('other.org'), egress: 'deny' }),
      ],
    });
  });
});

// ------------------------------------------------------------------ toFQDNs

describe('toFQDNs and the per-node FQDN cache (SEM §6.4, A.2.2)', () => {
  const fetchPolicy = cnp('prod', 'fetch', `
    endpointSelector: {matchLabels: {app: fetch}}
    egress:
      - toFQDNs: [{matchPattern: "*.example.com"}]
        toPorts: [{ports: [{port: "443", protocol: TCP}]}]`);
  const dnsPolicy = (name: string, selector: string, rules: string) => cnp('prod', name, `
    endpointSelector: {matchLabels: ${selector}}
    egress:
      - toEndpoints: [${COREDNS_SELECTOR}]
        toPorts: [{ports: [{port: "53", protocol: UDP}]${rules}}]`);
  const dns = { 'api.example.com': ['203.0.113.10'], 'other.example.com': ['203.0.113.11'], 'example.com': ['203.0.113.12'], 'a.b.example.com': ['203.0.113.13'] };

  it('a node learns a name only through a proxied, allowed lookup of some pod on that node', () => {
    check({
      resources: [
        ns('prod'), ns('kube-system'), COREDNS,
        pod('prod/proxied-n1', { app: 'fetch', dns: 'proxied' }, { node: 'node-1' }),
        pod('prod/l4-n1', { app: 'fetch', dns: 'l4' }, { node: 'node-1' }),
        pod('prod/l4-n2', { app: 'fetch', dns: 'l4' }, { node: 'node-2' }),
        pod('prod/narrow-n2', { app: 'fetch', dns: 'narrow' }, { node: 'node-2' }),
        fetchPolicy,
        dnsPolicy('dns-proxied', '{dns: proxied}', ', rules: {dns: [{matchPattern: "*"}]}'),
        dnsPolicy('dns-l4', '{dns: l4}', ''),
        dnsPolicy('dns-narrow', '{dns: narrow}', ', rules: {dns: [{matchName: other.example.com}]}'),
      ],
      dns,
      cases: [
        allow('pod:prod/proxied-n1', 'fqdn:api.example.com', { port: 443, egress: 'allow', name: 'its own proxied lookup' }),
        allow('pod:prod/l4-n1', 'fqdn:api.example.com', { port: 443, egress: 'allow', name: 'a lookup of another pod on node-1' }),
        deny('pod:prod/l4-n2', 'fqdn:api.example.com', { port: 443, egress: 'deny', name: 'no proxy on node-2 let api.example.com through' }),
        deny('pod:prod/narrow-n2', 'fqdn:api.example.com', { port: 443, egress: 'deny', name: 'a refused query teaches nothing' }),
        allow('pod:prod/narrow-n2', 'fqdn:other.example.com', { port: 443, egress: 'allow' }),
        allow('pod:prod/l4-n2', 'fqdn:other.example.com', { port: 443, egress: 'allow', name: 'learned on node-2 through narrow-n2' }),
        deny('pod:prod/proxied-n1', 'fqdn:api.example.com', { port: 80, egress: 'deny', name: 'toPorts still apply' }),
        allow('pod:prod/l4-n2', 'pod:kube-system/coredns', { protocol: 'UDP', port: 53, dns: 'api.example.com', egress: 'allow', name: 'an L4-only DNS allow is not proxied' }),
      ],
    });
  });

  it('a DNS rule on a named port (dns -> UDP/53) redirects to the proxy, and its lookups teach the node', () => {
    check({
      resources: [
        ns('prod'), ns('kube-system'), COREDNS,
        pod('prod/fetch', { app: 'fetch' }, { node: 'node-1' }),
        fetchPolicy,
        dnsPolicy('dns-named', '{app: fetch}', '').replace('{port: "53", protocol: UDP}', '{port: dns, protocol: UDP}').replace('}]}]', '}], rules: {dns: [{matchPattern: "*.example.com"}]}}]'),
      ],
      dns,
      cases: [
        allow('pod:prod/fetch', 'pod:kube-system/coredns', { protocol: 'UDP', port: 53, dns: 'api.example.com', egress: 'allow' }),
        deny('pod:prod/fetch', 'pod:kube-system/coredns', { protocol: 'UDP', port: 53, dns: 'other.org', egress: 'deny' }),
        allow('pod:prod/fetch', 'fqdn:api.example.com', { port: 443, egress: 'allow' }),
      ],
    });
  });

  it('lookups sent to an outside DNS server through a DNS rule without peers also teach the node', () => {
    check({
      resources: [
        ns('prod'),
        pod('prod/fetch', { app: 'fetch' }, { node: 'node-1' }),
        fetchPolicy,
        cnp('prod', 'dns-anywhere', `
          endpointSelector: {matchLabels: {app: fetch}}
          egress:
            - toPorts: [{ports: [{port: "53", protocol: UDP}], rules: {dns: [{matchPattern: "*"}]}}]`),
      ],
      dns,
      cases: [
        allow('pod:prod/fetch', 'ip:8.8.8.8', { protocol: 'UDP', port: 53, dns: 'api.example.com', egress: 'allow' }),
        allow('pod:prod/fetch', 'fqdn:api.example.com', { port: 443, egress: 'allow' }),
      ],
    });
  });

  it('matchPattern "*.example.com" matches one label in front: not the apex, not two labels', () => {
    check({
      resources: [
        ns('prod'), ns('kube-system'), COREDNS,
        pod('prod/fetch', { app: 'fetch', dns: 'proxied' }, { node: 'node-1' }),
        fetchPolicy,
        dnsPolicy('dns-proxied', '{dns: proxied}', ', rules: {dns: [{matchPattern: "*"}]}'),
      ],
      dns,
      cases: [
        allow('pod:prod/fetch', 'fqdn:api.example.com', { port: 443, egress: 'allow' }),
        deny('pod:prod/fetch', 'fqdn:example.com', { port: 443, egress: 'deny' }),
        deny('pod:prod/fetch', 'fqdn:a.b.example.com', { port: 443, egress: 'deny' }),
      ],
    });
  });

  it('toFQDNs never matches pod addresses: in-cluster addresses keep their own identities', () => {
    check({
      resources: [
        ns('prod'), ns('kube-system'), COREDNS,
        pod('prod/fetch', { app: 'fetch' }, { node: 'node-1' }),
        pod('prod/internal', { app: 'internal' }, { node: 'node-2', ip: '10.0.2.20' }),
        cnp('prod', 'fetch', `
          endpointSelector: {matchLabels: {app: fetch}}
          egress:
            - toFQDNs: [{matchName: internal.example.com}]
            - toEndpoints: [${COREDNS_SELECTOR}]
              toPorts: [{ports: [{port: "53", protocol: UDP}], rules: {dns: [{matchPattern: "*"}]}}]`),
      ],
      dns: { 'internal.example.com': ['10.0.2.20'] },
      cases: [
        allow('pod:prod/fetch', 'pod:kube-system/coredns', { protocol: 'UDP', port: 53, dns: 'internal.example.com', egress: 'allow' }),
        deny('pod:prod/fetch', 'fqdn:internal.example.com', { port: 443, egress: 'deny' }),
        deny('pod:prod/fetch', 'pod:prod/internal', { port: 443, egress: 'deny' }),
      ],
    });
  });
});

// ------------------------------------------------------------------ NetworkPolicy

describe('Kubernetes NetworkPolicy as Cilium enforces it (KNP §A)', () => {
  const base = (...policies: string[]) => [
    ns('prod', { team: 'a' }), ns('dev', { team: 'b' }),
    pod('prod/server', { app: 'server' }, { node: 'node-1', ip: '10.0.1.10' }),
    pod('prod/client', { app: 'client' }, { node: 'node-2' }),
    pod('prod/other', { app: 'other' }, { node: 'node-2' }),
    pod('dev/client', { app: 'client' }, { node: 'node-2' }),
    pod('dev/other', { app: 'other' }, { node: 'node-2' }),
    ...policies,
  ];
  const server = (ingress: string) => knp('prod', 'server', `
    podSelector: {matchLabels: {app: server}}
    ingress:
${indent(ingress, 6)}`);

  it('a podSelector peer is limited to the policy namespace', () => {
    check({
      resources: base(server('- from: [{podSelector: {matchLabels: {app: client}}}]')),
      cases: [allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow' }), deny('pod:dev/client', 'pod:prod/server', { ingress: 'deny' })],
    });
  });

  it('a namespace label in a podSelector peer cannot leave the policy namespace: overwritten (matchLabels) or ANDed (matchExpressions)', () => {
    check({
      resources: base(server(`
        - from:
            - podSelector: {matchLabels: {io.kubernetes.pod.namespace: dev, app: client}}
            - podSelector: {matchExpressions: [{key: io.kubernetes.pod.namespace, operator: In, values: [dev]}]}`)),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow', name: 'matchLabels: the policy namespace replaces dev' }),
        deny('pod:dev/client', 'pod:prod/server', { ingress: 'deny' }),
        deny('pod:dev/other', 'pod:prod/server', { ingress: 'deny', name: 'matchExpressions: dev AND prod selects nothing' }),
        deny('pod:prod/other', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('namespaceSelector and podSelector in one peer are ANDed', () => {
    check({
      resources: base(server('- from: [{namespaceSelector: {matchLabels: {team: b}}, podSelector: {matchLabels: {app: client}}}]')),
      cases: [
        allow('pod:dev/client', 'pod:prod/server', { ingress: 'allow' }),
        deny('pod:dev/other', 'pod:prod/server', { ingress: 'deny' }),
        deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('namespaceSelector and podSelector in separate peers are ORed', () => {
    check({
      resources: base(server('- from: [{namespaceSelector: {matchLabels: {team: b}}}, {podSelector: {matchLabels: {app: client}}}]')),
      cases: [
        allow('pod:dev/other', 'pod:prod/server', { ingress: 'allow' }),
        allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow' }),
        deny('pod:prod/other', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('a namespaceSelector matches the kubernetes.io/metadata.name label the API server adds', () => {
    check({
      resources: base(server('- from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: dev}}}]')),
      cases: [allow('pod:dev/other', 'pod:prod/server', { ingress: 'allow' }), deny('pod:prod/other', 'pod:prod/server', { ingress: 'deny' })],
    });
  });

  it('an empty namespaceSelector selects every pod of every namespace, not world or nodes', () => {
    check({
      resources: base(server('- from: [{namespaceSelector: {}}]')),
      cases: [
        allow('pod:dev/other', 'pod:prod/server', { ingress: 'allow' }),
        allow('pod:prod/other', 'pod:prod/server', { ingress: 'allow' }),
        deny('ip:203.0.113.9', 'pod:prod/server', { ingress: 'deny' }),
        deny('node:node-2', 'pod:prod/server', { ingress: 'deny' }),
        deny('entity:kube-apiserver', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('a namespaceSelector with only NotIn matches pods of other namespaces only: the injected cluster label excludes world and nodes (KNP A.3.8)', () => {
    check({
      resources: base(server('- from: [{namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [a]}]}}]')),
      cases: [
        allow('pod:dev/other', 'pod:prod/server', { ingress: 'allow' }),
        deny('pod:prod/other', 'pod:prod/server', { ingress: 'deny' }),
        deny('ip:203.0.113.9', 'pod:prod/server', { ingress: 'deny' }),
        deny('node:node-2', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('endPort makes a NetworkPolicy port an inclusive range', () => {
    check({
      resources: base(server('- ports: [{port: 8000, endPort: 8100}]')),
      cases: [
        allow('ip:203.0.113.9', 'pod:prod/server', { port: 8100, ingress: 'allow' }),
        deny('ip:203.0.113.9', 'pod:prod/server', { port: 8101, ingress: 'deny' }),
      ],
    });
  });

  it('a rule without from admits everyone on its ports, world and nodes included', () => {
    check({
      resources: base(server('- ports: [{port: 80}]')),
      cases: [
        allow('ip:203.0.113.9', 'pod:prod/server', { port: 80, ingress: 'allow' }),
        allow('node:node-2', 'pod:prod/server', { port: 80, ingress: 'allow' }),
        deny('ip:203.0.113.9', 'pod:prod/server', { port: 81, ingress: 'deny' }),
        deny('ip:203.0.113.9', 'pod:prod/server', { protocol: 'UDP', port: 80, ingress: 'deny', name: 'an omitted protocol is TCP' }),
      ],
    });
  });

  it('ingress: [{}] allows everything, every protocol included', () => {
    check({
      resources: base(server('- {}')),
      cases: [
        allow('ip:203.0.113.9', 'pod:prod/server', { port: 22, ingress: 'allow' }),
        allow('pod:dev/other', 'pod:prod/server', { protocol: 'ICMP', icmpType: 8, ingress: 'allow' }),
      ],
    });
  });

  it('a port entry without a port allows every port of its protocol', () => {
    check({
      resources: base(server('- ports: [{protocol: UDP}]')),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { protocol: 'UDP', port: 5353, ingress: 'allow' }),
        deny('pod:prod/client', 'pod:prod/server', { protocol: 'TCP', port: 5353, ingress: 'deny' }),
      ],
    });
  });

  it('ipBlock never matches pods, whose addresses keep their pod identities', () => {
    check({
      resources: base(server('- from: [{ipBlock: {cidr: 10.0.0.0/8}}]')),
      cases: [
        deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny' }),
        deny('pod:dev/client', 'pod:prod/server', { ingress: 'deny' }),
        allow('ip:10.200.0.1', 'pod:prod/server', { ingress: 'allow' }),
      ],
    });
  });

  it('ipBlock except removes part of the block', () => {
    check({
      resources: base(server('- from: [{ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}}]')),
      cases: [allow('ip:203.0.113.5', 'pod:prod/server', { ingress: 'allow' }), deny('ip:203.0.113.200', 'pod:prod/server', { ingress: 'deny' })],
    });
  });

  it('policyTypes default to Ingress, plus Egress when there are egress rules: egress rules alone isolate ingress too', () => {
    check({
      resources: base(knp('prod', 'server', `
        podSelector: {matchLabels: {app: server}}
        egress: [{to: [{podSelector: {matchLabels: {app: client}}}]}]`)),
      cases: [
        deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny' }),
        allow('pod:prod/server', 'pod:prod/client', { egress: 'allow' }),
        deny('pod:prod/server', 'pod:prod/other', { egress: 'deny' }),
      ],
    });
  });

  it('a NetworkPolicy without rules or policyTypes isolates ingress only; the local host still gets in (allow-localhost)', () => {
    check({
      resources: base(knp('prod', 'server', `
        podSelector: {matchLabels: {app: server}}`)),
      cases: [
        deny('pod:prod/client', 'pod:prod/server', { ingress: 'deny' }),
        allow('pod:prod/server', 'ip:8.8.8.8', { egress: 'allow' }),
        allow('node:node-1', 'pod:prod/server', { ingress: 'allow' }),
        deny('node:node-2', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('policyTypes [Egress] without rules denies all egress and leaves ingress open', () => {
    check({
      resources: base(knp('prod', 'server', `
        podSelector: {matchLabels: {app: server}}
        policyTypes: [Egress]`)),
      cases: [deny('pod:prod/server', 'pod:prod/client', { egress: 'deny' }), allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow' })],
    });
  });

  it('Cilium 1.20 enforces ingress rules even when policyTypes lists only Egress (cilium/cilium#48703)', () => {
    check({
      resources: base(knp('prod', 'server', `
        podSelector: {matchLabels: {app: server}}
        policyTypes: [Egress]
        egress: [{to: [{podSelector: {matchLabels: {app: client}}}]}]
        ingress: [{from: [{podSelector: {matchLabels: {app: client}}}]}]`)),
      cases: [allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow' }), deny('pod:prod/other', 'pod:prod/server', { ingress: 'deny' })],
    });
  });

  it('NetworkPolicy and CiliumNetworkPolicy allows form a union', () => {
    check({
      resources: base(
        server('- from: [{podSelector: {matchLabels: {app: client}}}]'),
        cnp('prod', 'also', `
          endpointSelector: {matchLabels: {app: server}}
          ingress: [{fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: dev, app: other}}]}]`),
      ),
      cases: [
        allow('pod:prod/client', 'pod:prod/server', { ingress: 'allow' }),
        allow('pod:dev/other', 'pod:prod/server', { ingress: 'allow' }),
        deny('pod:prod/other', 'pod:prod/server', { ingress: 'deny' }),
      ],
    });
  });

  it('a CiliumNetworkPolicy deny beats a NetworkPolicy allow', () => {
    check({
      resources: base(
        server('- from: [{podSelector: {matchLabels: {app: client}}}]'),
        cnp('prod', 'deny', `
          endpointSelector: {matchLabels: {app: server}}
          ingressDeny: [{fromEndpoints: [{matchLabels: {app: client}}], toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]`),
      ),
      cases: [deny('pod:prod/client', 'pod:prod/server', { port: 80, ingress: 'deny' }), allow('pod:prod/client', 'pod:prod/server', { port: 81, ingress: 'allow' })],
    });
  });
});
