/**
 * Endpoint references as users write them (`pod:ns/name`, `deployment:ns/name`,
 * `service:ns/name`, `ip:1.2.3.4`, `node:node-1`, `entity:kube-apiserver`,
 * `fqdn:api.example.com`), resolved against a cluster, and flows between them (a service
 * destination is translated to a backend, as Cilium's load balancer does before policy).
 */

import { dnsCacheKey } from '../policy/l7/index.js';
import {
  DEFAULT_NAMESPACE,
  RESERVED_NAMES,
  formatWorkloadRef,
  type Cluster,
  type PodInfo,
  type ReservedName,
  type ServiceInfo,
  type WorkloadKind,
} from '../cluster/index.js';
import { parseIp, type FlowProtocol } from '../net/index.js';
import type { FlowEndpoint, FlowSpec } from '../engine/index.js';
import { NO_PODS_MESSAGE } from './no-pods.js';
import { noBackendReason, serviceBackends, translateToService } from './service-translation.js';

/** Endpoint kinds naming a workload, as written in endpoints (`deployment:NS/NAME`, `{deployment: NS/NAME}`). */
export const WORKLOAD_ENDPOINT_KINDS: Readonly<Record<string, WorkloadKind>> = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
  replicaset: 'ReplicaSet',
  replicationcontroller: 'ReplicationController',
  job: 'Job',
  cronjob: 'CronJob',
};

/** Every endpoint kind, in the order messages list them. */
export const ENDPOINT_KINDS = ['pod', ...Object.keys(WORKLOAD_ENDPOINT_KINDS), 'service', 'ip', 'fqdn', 'node', 'entity'] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/** kubectl's short names. */
const ALIASES: Readonly<Record<string, EndpointKind>> = {
  po: 'pod',
  pods: 'pod',
  deploy: 'deployment',
  sts: 'statefulset',
  ds: 'daemonset',
  rs: 'replicaset',
  rc: 'replicationcontroller',
  cj: 'cronjob',
  svc: 'service',
  no: 'node',
};

/** One endpoint: `{kind: value}`, e.g. `{pod: 'prod/web'}`, `{service: 'prod/web'}`, `{ip: '10.0.0.1'}`. */
export type EndpointRef = { readonly [K in EndpointKind]?: string };

/** The CLI forms, for messages. */
export const ENDPOINT_FORMS = 'pod:NS/NAME, deployment:NS/NAME (or statefulset:, daemonset:, replicaset:, job:, cronjob:), service:NS/NAME, ip:ADDR, node:NAME, entity:NAME, fqdn:NAME';

export function endpointKind(text: string): EndpointKind | undefined {
  const lower = text.toLowerCase();
  if ((ENDPOINT_KINDS as readonly string[]).includes(lower)) return lower as EndpointKind;
  return ALIASES[lower];
}

/** Parses `kind:value` (the CLI form); a bare address means `ip:`. */
export function parseEndpointRef(text: string): EndpointRef | undefined {
  const colon = text.indexOf(':');
  if (colon === -1) return parseIp(text) ? { ip: text } : undefined;
  const kind = endpointKind(text.slice(0, colon));
  const value = text.slice(colon + 1);
  if (kind && value !== '') return { [kind]: value };
  return parseIp(text) ? { ip: text } : undefined;
}

function refEntry(ref: EndpointRef): [EndpointKind, string] | undefined {
  const entries = Object.entries(ref).filter(([, v]) => v !== undefined) as [EndpointKind, string][];
  return entries.length === 1 ? entries[0] : undefined;
}

export function formatEndpointRef(ref: EndpointRef): string {
  const entry = refEntry(ref);
  return entry ? `${entry[0]}:${entry[1]}` : '(invalid endpoint)';
}

/** `NS/NAME` or `NAME` (in the default namespace). */
function namespaced(value: string, defaultNamespace: string): [string, string] {
  const slash = value.indexOf('/');
  return slash === -1 ? [defaultNamespace, value] : [value.slice(0, slash), value.slice(slash + 1)];
}

export type ResolveResult =
  | {
      ok: true;
      endpoint: FlowEndpoint;
      /** how a workload or service became this endpoint */
      note?: string | undefined;
      /** set for `service:` endpoints: a flow to it is translated to a backend */
      service?: ServiceInfo | undefined;
    }
  | { ok: false; error: string };

/** Why no pod NS/NAME: the input has none, or the name is a workload's or a service's. */
function noPod(cluster: Cluster, ns: string, name: string): string {
  if (cluster.pods.length === 0) return `no pod ${ns}/${name}: ${NO_PODS_MESSAGE}`;
  const workload = cluster.workloads.find((w) => w.namespace === ns && w.name === name);
  if (workload) return `no pod ${ns}/${name} in the input; ${ns}/${name} is a ${workload.kind}: use ${workload.kind.toLowerCase()}:${ns}/${name}`;
  if (cluster.service(ns, name)) return `no pod ${ns}/${name} in the input; ${ns}/${name} is a Service: use service:${ns}/${name}`;
  return `no pod ${ns}/${name} in the input`;
}

function resolveWorkload(kind: WorkloadKind, value: string, cluster: Cluster, defaultNamespace: string): ResolveResult {
  const [ns, name] = namespaced(value, defaultNamespace);
  const pods = cluster.podsOf(kind, ns, name);
  const workload = cluster.workload(kind, ns, name);
  const ref = { kind, namespace: ns, name };
  const pod = pods[0];
  if (!pod) {
    if (!workload) return { ok: false, error: cluster.pods.length === 0 ? `no ${formatWorkloadRef(ref)}: ${NO_PODS_MESSAGE}` : `no ${formatWorkloadRef(ref)} in the input, and no pod of it` };
    if (kind === 'DaemonSet') return { ok: false, error: `${formatWorkloadRef(ref)} has no pod: its nodeSelector matches no node of the input` };
    return { ok: false, error: `${formatWorkloadRef(ref)} has no pod: it asks for 0 ${kind === 'Job' || kind === 'CronJob' ? 'parallel pods' : 'replicas'}` };
  }
  const which = pods.length > 1 ? ` (the first of its ${pods.length} pods${kind === 'DaemonSet' ? `, on node ${pod.nodeName || '(none)'}` : ''})` : '';
  return { ok: true, endpoint: { kind: 'pod', pod }, note: `${formatWorkloadRef(ref)} is pod ${pod.namespace}/${pod.name}${which}` };
}

function resolveService(value: string, cluster: Cluster, defaultNamespace: string): ResolveResult {
  const [ns, name] = namespaced(value, defaultNamespace);
  const svc = cluster.service(ns, name);
  if (!svc) return { ok: false, error: cluster.pods.length === 0 && cluster.services.length === 0 ? `no service ${ns}/${name}: ${NO_PODS_MESSAGE}` : `no service ${ns}/${name} in the input` };
  const backend: PodInfo | undefined = serviceBackends(cluster, svc)[0];
  if (!backend) return { ok: false, error: noBackendReason(cluster, svc) };
  return { ok: true, endpoint: { kind: 'pod', pod: backend }, service: svc };
}

export function resolveEndpointRef(
  ref: EndpointRef,
  cluster: Cluster,
  dns: ReadonlyMap<string, readonly string[]>,
  defaultNamespace = DEFAULT_NAMESPACE,
): ResolveResult {
  const entry = refEntry(ref);
  if (!entry) return { ok: false, error: `an endpoint needs exactly one of ${ENDPOINT_KINDS.join(', ')}` };
  const [kind, value] = entry;
  const workloadKind = WORKLOAD_ENDPOINT_KINDS[kind];
  if (workloadKind) return resolveWorkload(workloadKind, value, cluster, defaultNamespace);
  switch (kind) {
    case 'pod': {
      const [ns, name] = namespaced(value, defaultNamespace);
      const pod = cluster.pod(ns, name);
      if (!pod) return { ok: false, error: noPod(cluster, ns, name) };
      return { ok: true, endpoint: { kind: 'pod', pod } };
    }
    case 'service':
      return resolveService(value, cluster, defaultNamespace);
    case 'ip': {
      const ip = parseIp(value);
      if (!ip) return { ok: false, error: `invalid IP address "${value}"` };
      return { ok: true, endpoint: { kind: 'ip', ip } };
    }
    case 'fqdn': {
      const first = dns.get(dnsCacheKey(value))?.[0];
      if (!first) return { ok: false, error: `no DNS answer for ${value} (add it to dns)` };
      const ip = parseIp(first);
      if (!ip) return { ok: false, error: `invalid address "${first}" for ${value}` };
      return { ok: true, endpoint: { kind: 'ip', ip } };
    }
    case 'node': {
      const node = cluster.node(value);
      if (!node) return { ok: false, error: `no node ${value} in the input` };
      return { ok: true, endpoint: { kind: 'node', node } };
    }
    case 'entity': {
      if (!(RESERVED_NAMES as readonly string[]).includes(value)) {
        return { ok: false, error: `unknown entity "${value}" (one of ${RESERVED_NAMES.join(', ')})` };
      }
      return { ok: true, endpoint: { kind: 'entity', entity: value as ReservedName } };
    }
    default:
      return { ok: false, error: `unknown endpoint kind "${kind}" (one of ${ENDPOINT_KINDS.join(', ')})` };
  }
}

export interface FlowRequest {
  readonly from: EndpointRef;
  readonly to: EndpointRef;
  readonly protocol: FlowProtocol;
  readonly port: number;
  readonly http?: FlowSpec['http'];
  readonly dns?: FlowSpec['dns'];
}

export type FlowResolution =
  | { ok: true; flow: FlowSpec; notes: string[] }
  | { ok: false; side: 'from' | 'to'; error: string };

/**
 * Resolves both endpoints into a flow. A service destination is translated to a backend pod
 * at the target port (as `curl SERVICE:PORT` is); a service source is one of its backends.
 */
export function resolveFlow(
  request: FlowRequest,
  cluster: Cluster,
  dns: ReadonlyMap<string, readonly string[]>,
  defaultNamespace = DEFAULT_NAMESPACE,
): FlowResolution {
  const from = resolveEndpointRef(request.from, cluster, dns, defaultNamespace);
  if (!from.ok) return { ok: false, side: 'from', error: from.error };
  const to = resolveEndpointRef(request.to, cluster, dns, defaultNamespace);
  if (!to.ok) return { ok: false, side: 'to', error: to.error };
  const notes: string[] = [];
  if (from.note) notes.push(from.note);
  if (from.service && from.endpoint.kind === 'pod') {
    const { service, endpoint } = from;
    notes.push(`service ${service.namespace}/${service.name} as a source is one of its backends: pod ${endpoint.pod.namespace}/${endpoint.pod.name}`);
  }
  if (to.note) notes.push(to.note);
  let flow: FlowSpec = { from: from.endpoint, to: to.endpoint, protocol: request.protocol, port: request.port, http: request.http, dns: request.dns };
  if (to.service) {
    const translated = translateToService(cluster, to.service, flow);
    if (translated.error) return { ok: false, side: 'to', error: translated.error };
    flow = translated.flow;
    if (translated.note) notes.push(translated.note);
  }
  return { ok: true, flow, notes };
}
