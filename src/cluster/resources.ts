/**
 * The cluster objects Membrane models, read from Kubernetes objects as `kubectl get -o yaml`
 * prints them. Reading is lenient about what policy does not use and reports what it cannot
 * read instead of guessing.
 */

import { parseCidr, parseIp, type IpAddress } from '../net/index.js';
import type { Diagnostic, ObjectRef } from './diagnostics.js';
import { asArray, asObj, asString, isObj, stringMap, type Obj } from './object-fields.js';
import type { K8sObject, PathSegment, SourceDocument } from './source.js';

export interface NamespaceInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** false when the namespace was only referenced, not listed */
  readonly listed: boolean;
}

export interface NodeInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly addresses: readonly IpAddress[];
  readonly source?: SourceDocument | undefined;
}

export interface NamedPort {
  readonly name: string;
  readonly port: number;
  /** TCP | UDP | SCTP */
  readonly protocol: string;
}

/** A workload object (Deployment, StatefulSet, ...) by kind, namespace and name. */
export interface WorkloadRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** How a pod that is not in the input was made from its workload's pod template. */
export interface SynthesizedFrom {
  readonly workload: WorkloadRef;
  /** 0-based: the pod is named `<workload>-<index>` */
  readonly index: number;
  /** the pods synthesized for the workload (replicas, capped; DaemonSets: matching nodes) */
  readonly count: number;
  /** the replicas the workload asks for (DaemonSets: the nodes it runs on) */
  readonly replicas: number;
  /** the pod template as written (`spec.template`), for checks that read more than the model keeps */
  readonly template: Readonly<Record<string, unknown>>;
}

export interface PodInfo {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** node name; resolved to the first node when the pod does not say */
  nodeName: string;
  readonly serviceAccount: string;
  readonly ips: readonly IpAddress[];
  readonly namedPorts: readonly NamedPort[];
  /** host-network pods share the node's identity (host) and have none of their own */
  readonly hostNetwork: boolean;
  readonly source?: SourceDocument | undefined;
  /**
   * The workloads the pod belongs to, its direct owner first and the top-level one last
   * (ReplicaSet, then Deployment), from owner references or a matching workload selector.
   */
  readonly owners?: readonly WorkloadRef[] | undefined;
  /** set when the pod is not in the input but made from a workload's pod template */
  readonly synthesized?: SynthesizedFrom | undefined;
  /** true when the input gives the pod no address and Membrane allocated one */
  readonly addressAllocated?: boolean | undefined;
}

export interface ServicePort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: string;
}

export interface ServiceInfo {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** the pod selector; undefined for selector-less services (endpoints managed by hand) */
  readonly selector?: Readonly<Record<string, string>> | undefined;
  readonly clusterIPs: readonly IpAddress[];
  readonly ports: readonly ServicePort[];
  readonly type: string;
  /** `clusterIP: None`: the name resolves to the backends' addresses, ports are not translated */
  readonly headless: boolean;
  /** `type: ExternalName`: the name is a DNS alias (CNAME) of this name outside the cluster */
  readonly externalName?: string | undefined;
}

/** A CiliumCIDRGroup: named external CIDRs that policies reference (cidrGroupRef/Selector). */
export interface CidrGroupInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** the CIDRs as written (validated when read) */
  readonly cidrs: readonly string[];
}

export interface EndpointSliceInfo {
  readonly namespace: string;
  readonly name: string;
  readonly serviceName: string;
  readonly addresses: readonly IpAddress[];
}

/** Collects diagnostics about one object while it is read. */
export class ObjectReader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    readonly object: K8sObject,
    readonly ref: ObjectRef,
  ) {}

  problem(severity: 'error' | 'warning', path: PathSegment[], message: string, code = 'input.object'): void {
    this.diagnostics.push({
      severity,
      code,
      message,
      object: this.ref,
      path,
      location: this.object.source?.locate(path),
    });
  }

  ip(path: PathSegment[], value: unknown): IpAddress | undefined {
    if (typeof value !== 'string') return undefined;
    const ip = parseIp(value);
    if (!ip) this.problem('error', path, `invalid IP address "${value}"`);
    return ip;
  }
}

export function objectRef(obj: K8sObject): ObjectRef {
  const meta = asObj(obj.value.metadata);
  return {
    kind: asString(obj.value.kind) ?? 'Unknown',
    namespace: asString(meta.namespace),
    name: asString(meta.name) ?? '(unnamed)',
  };
}

export function readNamespace(obj: K8sObject): NamespaceInfo {
  const meta = asObj(obj.value.metadata);
  const name = asString(meta.name) ?? '';
  // the API server always adds this label; dumps may omit it
  const labels = { 'kubernetes.io/metadata.name': name, ...stringMap(meta.labels) };
  return { name, labels, listed: true };
}

export function readNode(obj: K8sObject, reader: ObjectReader): NodeInfo {
  const meta = asObj(obj.value.metadata);
  const status = asObj(obj.value.status);
  const addresses: IpAddress[] = [];
  asArray(status.addresses).forEach((a, i) => {
    const entry = asObj(a);
    const type = asString(entry.type);
    if (type !== 'InternalIP' && type !== 'ExternalIP') return;
    const ip = reader.ip(['status', 'addresses', i, 'address'], entry.address);
    if (ip) addresses.push(ip);
  });
  return { name: asString(meta.name) ?? '', labels: stringMap(meta.labels), addresses, source: obj.source };
}

/** The named container ports of a pod spec at `specPath` (`spec`, or `spec.template.spec` of a workload). */
function readContainerPorts(spec: Obj, reader: ObjectReader, specPath: readonly PathSegment[]): NamedPort[] {
  const ports: NamedPort[] = [];
  for (const field of ['containers', 'initContainers'] as const) {
    asArray(spec[field]).forEach((c, ci) => {
      asArray(asObj(c).ports).forEach((p, pi) => {
        const port = asObj(p);
        const name = asString(port.name);
        if (!name) return;
        const number = port.containerPort;
        if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 65535) {
          reader.problem('error', [...specPath, field, ci, 'ports', pi, 'containerPort'], `invalid containerPort for named port "${name}"`);
          return;
        }
        ports.push({ name: name.toLowerCase(), port: number, protocol: (asString(port.protocol) ?? 'TCP').toUpperCase() });
      });
    });
  }
  return ports;
}

export function readPod(obj: K8sObject, reader: ObjectReader): PodInfo {
  const meta = asObj(obj.value.metadata);
  const spec = asObj(obj.value.spec);
  const status = asObj(obj.value.status);
  const ips: IpAddress[] = [];
  const seen = new Set<string>();
  const addIp = (path: PathSegment[], v: unknown) => {
    if (typeof v !== 'string' || seen.has(v)) return;
    seen.add(v);
    const ip = reader.ip(path, v);
    if (ip) ips.push(ip);
  };
  addIp(['status', 'podIP'], status.podIP);
  asArray(status.podIPs).forEach((p, i) => addIp(['status', 'podIPs', i, 'ip'], asObj(p).ip));
  return {
    namespace: asString(meta.namespace) ?? 'default',
    name: asString(meta.name) ?? '',
    labels: stringMap(meta.labels),
    ...podSpecFields(spec, reader, ['spec']),
    ips,
    source: obj.source,
  };
}

/** What a pod takes from its spec (a Pod's `spec` or a workload's `spec.template.spec`). */
export function podSpecFields(spec: Obj, reader: ObjectReader, specPath: readonly PathSegment[]): Pick<PodInfo, 'nodeName' | 'serviceAccount' | 'namedPorts' | 'hostNetwork'> {
  return {
    nodeName: asString(spec.nodeName) ?? '',
    serviceAccount: asString(spec.serviceAccountName) ?? asString(spec.serviceAccount) ?? 'default',
    namedPorts: readContainerPorts(spec, reader, specPath),
    hostNetwork: spec.hostNetwork === true,
  };
}

export function readService(obj: K8sObject, reader: ObjectReader): ServiceInfo {
  const meta = asObj(obj.value.metadata);
  const spec = asObj(obj.value.spec);
  const clusterIPs: IpAddress[] = [];
  const ipTexts = new Set<string>();
  for (const v of [spec.clusterIP, ...asArray(spec.clusterIPs)]) {
    if (typeof v === 'string' && v !== 'None' && v !== '') ipTexts.add(v);
  }
  for (const t of ipTexts) {
    const ip = reader.ip(['spec', 'clusterIP'], t);
    if (ip) clusterIPs.push(ip);
  }
  const ports = asArray(spec.ports).map((p) => {
    const port = asObj(p);
    const number = typeof port.port === 'number' ? port.port : 0;
    const target = port.targetPort;
    return {
      name: asString(port.name) ?? '',
      port: number,
      targetPort: typeof target === 'number' || typeof target === 'string' ? target : number,
      protocol: (asString(port.protocol) ?? 'TCP').toUpperCase(),
    };
  });
  const selector = isObj(spec.selector) ? stringMap(spec.selector) : undefined;
  return {
    namespace: asString(meta.namespace) ?? 'default',
    name: asString(meta.name) ?? '',
    labels: stringMap(meta.labels),
    selector: selector && Object.keys(selector).length > 0 ? selector : undefined,
    clusterIPs,
    ports,
    type: asString(spec.type) ?? 'ClusterIP',
    headless: spec.clusterIP === 'None',
    externalName: asString(spec.externalName),
  };
}

export function readEndpointSlice(obj: K8sObject, reader: ObjectReader): EndpointSliceInfo {
  const meta = asObj(obj.value.metadata);
  const labels = stringMap(meta.labels);
  const addresses: IpAddress[] = [];
  asArray(obj.value.endpoints).forEach((e, i) => {
    asArray(asObj(e).addresses).forEach((a, j) => {
      const ip = reader.ip(['endpoints', i, 'addresses', j], a);
      if (ip) addresses.push(ip);
    });
  });
  return {
    namespace: asString(meta.namespace) ?? 'default',
    name: asString(meta.name) ?? '',
    serviceName: labels['kubernetes.io/service-name'] ?? '',
    addresses,
  };
}

/** Legacy v1 Endpoints: same information as an EndpointSlice named after its service. */
export function readEndpoints(obj: K8sObject, reader: ObjectReader): EndpointSliceInfo {
  const meta = asObj(obj.value.metadata);
  const addresses: IpAddress[] = [];
  asArray(obj.value.subsets).forEach((s, i) => {
    asArray(asObj(s).addresses).forEach((a, j) => {
      const ip = reader.ip(['subsets', i, 'addresses', j, 'ip'], asObj(a).ip);
      if (ip) addresses.push(ip);
    });
  });
  const name = asString(meta.name) ?? '';
  return { namespace: asString(meta.namespace) ?? 'default', name, serviceName: name, addresses };
}

export function readCidrGroup(obj: K8sObject, reader: ObjectReader): CidrGroupInfo {
  const meta = asObj(obj.value.metadata);
  const cidrs: string[] = [];
  asArray(asObj(obj.value.spec).externalCIDRs).forEach((c, i) => {
    if (typeof c !== 'string' || !parseCidrOrIpText(c)) {
      reader.problem('error', ['spec', 'externalCIDRs', i], `invalid CIDR ${JSON.stringify(c)}`);
      return;
    }
    cidrs.push(c);
  });
  return { name: asString(meta.name) ?? '', labels: stringMap(meta.labels), cidrs };
}

function parseCidrOrIpText(text: string): boolean {
  return parseCidr(text).ok;
}
