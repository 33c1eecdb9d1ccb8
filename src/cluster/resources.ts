/**
 * The cluster objects Membrane models, read from Kubernetes objects as `kubectl get -o yaml`
 * prints them. Reading is lenient about what policy does not use and reports what it cannot
 * read instead of guessing.
 */

import { parseCidr, parseIp, type IpAddress } from '../net/index.js';
import type { Diagnostic, ObjectRef } from './diagnostics.js';
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

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asObj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function stringMap(v: unknown): Record<string, string> {
  if (!isObj(v)) return {};
  // labels are strings almost always: then the decoded object is used as it is (read-only)
  let allStrings = true;
  for (const k in v) {
    if (typeof v[k] !== 'string') {
      allStrings = false;
      break;
    }
  }
  if (allStrings) return v as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === null || val === undefined) continue;
    out[k] = typeof val === 'string' ? val : String(val);
  }
  return out;
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

function readContainerPorts(spec: Obj, reader: ObjectReader): NamedPort[] {
  const ports: NamedPort[] = [];
  for (const field of ['containers', 'initContainers'] as const) {
    asArray(spec[field]).forEach((c, ci) => {
      asArray(asObj(c).ports).forEach((p, pi) => {
        const port = asObj(p);
        const name = asString(port.name);
        if (!name) return;
        const number = port.containerPort;
        if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 65535) {
          reader.problem('error', ['spec', field, ci, 'ports', pi, 'containerPort'], `invalid containerPort for named port "${name}"`);
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
    nodeName: asString(spec.nodeName) ?? '',
    serviceAccount: asString(spec.serviceAccountName) ?? asString(spec.serviceAccount) ?? 'default',
    ips,
    namedPorts: readContainerPorts(spec, reader),
    hostNetwork: spec.hostNetwork === true,
    source: obj.source,
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
