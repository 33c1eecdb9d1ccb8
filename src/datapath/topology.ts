/**
 * The lab's shape, computed from the cluster: one endpoint (network namespace) per pod with
 * its manifest addresses, one per node (the node itself and its host-network pods), and one
 * "world" endpoint holding every outside address that DNS answers or tests name. Pure: the
 * result is written to the lab's state and read by every lab process.
 */

import type { Cluster, K8sObject, PodInfo, ReservedName } from '../cluster/index.js';
import { formatIp, type IpAddress } from '../net/index.js';
import { GATEWAY } from './names.js';

export type EndpointKind = 'pod' | 'node' | 'world' | 'entity';
export type LabProtocol = 'TCP' | 'UDP' | 'SCTP';

export interface PortSpec {
  readonly protocol: LabProtocol;
  readonly port: number;
}

export interface LabEndpoint {
  /** `pod:NS/NAME`, `node:NAME`, `world` or `entity:NAME` */
  readonly key: string;
  readonly kind: EndpointKind;
  /** `default/app1`, `node node-1`, `world` */
  readonly display: string;
  /** the namespace name after `mlab.LAB.` */
  readonly netnsSuffix: string;
  /** the host-side veth, inside the lab's host namespace */
  readonly veth: string;
  /** IPv4 addresses; the first is the source of the endpoint's own traffic */
  readonly addresses: string[];
  /** the node a pod runs on, or the node itself; '' when the cluster has no nodes */
  readonly node?: string | undefined;
  /** where the echo servers listen */
  readonly ports: PortSpec[];
  /** pods: the cluster DNS (k8s-app=kube-dns), answering from the DNS map on port 53 */
  readonly dnsServer: boolean;
  /**
   * a reserved entity the manifests give no address (kube-apiserver, health, ingress...): the lab
   * gives it one, and its ipcache maps that address to the entity's reserved identity, as
   * Cilium's agent does for the addresses it knows to be the entity's
   */
  readonly entity?: ReservedName | undefined;
}

export interface Topology {
  readonly lab: string;
  readonly endpoints: LabEndpoint[];
  /** the nodes whose view of addresses the policy is compiled for ('' when the cluster has none) */
  readonly nodes: string[];
  /** the names the lab's DNS servers answer */
  readonly dns: Record<string, string[]>;
  /** the nameserver pods use (the first cluster-DNS pod) */
  readonly resolver?: string | undefined;
  /** what the lab leaves out, and why */
  readonly notes: string[];
}

export interface TopologyExtras {
  /** outside addresses tests name (besides DNS answers) */
  readonly worldAddresses?: readonly string[] | undefined;
  /** ports to listen on, by endpoint key, besides the container ports */
  readonly ports?: ReadonlyMap<string, readonly PortSpec[]> | undefined;
  /** addresses for reserved entities tests name (entity -> address) */
  readonly entityAddresses?: ReadonlyMap<ReservedName, string> | undefined;
}

/** Ports every world address serves (web and DNS), besides those tests name. */
const WORLD_PORTS: readonly PortSpec[] = [
  { protocol: 'TCP', port: 80 },
  { protocol: 'TCP', port: 443 },
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];
const DNS_PORTS: readonly PortSpec[] = [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The container ports of each pod, by `NS/NAME`, read from the Pod objects. */
function containerPorts(objects: readonly K8sObject[]): Map<string, PortSpec[]> {
  const out = new Map<string, PortSpec[]>();
  for (const { value } of objects) {
    if (value.kind !== 'Pod' || !isObj(value.metadata) || !isObj(value.spec)) continue;
    const ns = typeof value.metadata.namespace === 'string' && value.metadata.namespace !== '' ? value.metadata.namespace : 'default';
    const ports: PortSpec[] = [];
    for (const c of Array.isArray(value.spec.containers) ? value.spec.containers : []) {
      if (!isObj(c) || !Array.isArray(c.ports)) continue;
      for (const p of c.ports) {
        if (!isObj(p) || typeof p.containerPort !== 'number' || !Number.isInteger(p.containerPort)) continue;
        if (p.containerPort < 1 || p.containerPort > 65535) continue;
        const protocol = typeof p.protocol === 'string' ? p.protocol.toUpperCase() : 'TCP';
        if (protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP') ports.push({ protocol, port: p.containerPort });
      }
    }
    out.set(`${ns}/${String(value.metadata.name)}`, ports);
  }
  return out;
}

function uniquePorts(ports: readonly PortSpec[]): PortSpec[] {
  const seen = new Map<string, PortSpec>();
  for (const p of ports) seen.set(`${p.protocol}/${p.port}`, p);
  return [...seen.values()].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
}

const ipv4 = (ips: readonly IpAddress[]): string[] => ips.filter((ip) => ip.family === 4).map(formatIp);

export function podKey(pod: Pick<PodInfo, 'namespace' | 'name'>): string {
  return `pod:${pod.namespace}/${pod.name}`;
}

export function nodeKey(name: string): string {
  return `node:${name}`;
}

export const WORLD_KEY = 'world';

export function entityKey(entity: string): string {
  return `entity:${entity}`;
}

export function buildTopology(
  lab: string,
  cluster: Cluster,
  objects: readonly K8sObject[],
  dns: ReadonlyMap<string, readonly string[]>,
  extras: TopologyExtras = {},
): Topology {
  const notes: string[] = [];
  const endpoints: LabEndpoint[] = [];
  const owner = new Map<string, string>();
  const ports = containerPorts(objects);
  const extraPorts = (key: string) => extras.ports?.get(key) ?? [];
  /** The addresses an endpoint may have (not the gateway's, not another endpoint's); the others are noted. */
  const claim = (candidates: readonly string[], key: string, what: string): string[] => {
    const kept: string[] = [];
    const problems: string[] = [];
    for (const address of candidates) {
      const previous = owner.get(address);
      if (address === GATEWAY) problems.push(`${address} is the lab's gateway address`);
      else if (previous !== undefined) problems.push(`${address} is already used by ${previous}`);
      else {
        owner.set(address, key);
        kept.push(address);
      }
    }
    if (candidates.length === 0) notes.push(`${what} has no IPv4 address in the manifests: it is not in the lab`);
    else if (kept.length === 0) notes.push(`${what} is not in the lab: ${problems.join('; ')}`);
    else for (const p of problems) notes.push(`${what}: address ${p}; it is left out`);
    return kept;
  };

  let nodeIndex = 0;
  for (const node of cluster.nodes) {
    const key = nodeKey(node.name);
    const addresses = claim(ipv4(node.addresses), key, `node ${node.name} (and its host-network pods)`);
    if (addresses.length === 0) continue;
    const hostPods = cluster.pods.filter((p) => p.hostNetwork && p.nodeName === node.name);
    endpoints.push({
      key,
      kind: 'node',
      display: `node ${node.name}`,
      netnsSuffix: `node.${node.name}`,
      veth: `n${nodeIndex++}`,
      addresses,
      node: node.name,
      ports: uniquePorts([...hostPods.flatMap((p) => ports.get(`${p.namespace}/${p.name}`) ?? []), ...extraPorts(key)]),
      dnsServer: hostPods.some((p) => p.labels['k8s-app'] === 'kube-dns'),
    });
  }

  let podIndex = 0;
  for (const pod of cluster.pods) {
    if (pod.hostNetwork) continue;
    const key = podKey(pod);
    const addresses = claim(ipv4(pod.ips), key, `pod ${pod.namespace}/${pod.name}`);
    if (addresses.length === 0) continue;
    const dnsServer = pod.labels['k8s-app'] === 'kube-dns';
    endpoints.push({
      key,
      kind: 'pod',
      display: `${pod.namespace}/${pod.name}`,
      netnsSuffix: `pod.${pod.namespace}.${pod.name}`,
      veth: `p${podIndex++}`,
      addresses,
      node: pod.nodeName,
      ports: uniquePorts([...(ports.get(`${pod.namespace}/${pod.name}`) ?? []), ...(dnsServer ? DNS_PORTS : []), ...extraPorts(key)]),
      dnsServer,
    });
  }

  const world = new Set<string>();
  for (const ips of dns.values()) for (const ip of ips) world.add(ip);
  for (const ip of extras.worldAddresses ?? []) world.add(ip);
  const worldAddresses = [...world].filter((a) => !owner.has(a) && a !== GATEWAY && /^\d+\.\d+\.\d+\.\d+$/.test(a));
  for (const a of worldAddresses) owner.set(a, WORLD_KEY);
  if (worldAddresses.length > 0) {
    endpoints.push({
      key: WORLD_KEY,
      kind: 'world',
      display: 'world',
      netnsSuffix: 'world',
      veth: 'w0',
      addresses: worldAddresses.sort(compareAddresses),
      ports: uniquePorts([...WORLD_PORTS, ...extraPorts(WORLD_KEY)]),
      dnsServer: true,
    });
  }

  let entityIndex = 0;
  for (const [entity, address] of extras.entityAddresses ?? []) {
    const key = entityKey(entity);
    const addresses = claim([address], key, `entity ${entity}`);
    if (addresses.length === 0) continue;
    endpoints.push({
      key,
      kind: 'entity',
      display: `entity ${entity}`,
      netnsSuffix: `entity.${entity}`,
      veth: `e${entityIndex++}`,
      addresses,
      ports: uniquePorts(extraPorts(key)),
      dnsServer: false,
      entity,
    });
  }

  const resolver = endpoints.find((e) => e.kind === 'pod' && e.dnsServer)?.addresses[0];
  const nodes = cluster.nodes.length > 0 ? cluster.nodes.map((n) => n.name) : [''];
  const dnsMap: Record<string, string[]> = {};
  for (const [name, ips] of dns) dnsMap[name] = [...ips];
  return { lab, endpoints, nodes, dns: dnsMap, resolver, notes };
}

function compareAddresses(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** The endpoint holding an address. */
export function endpointOfAddress(topology: Topology, address: string): LabEndpoint | undefined {
  return topology.endpoints.find((e) => e.addresses.includes(address));
}

/** resolv.conf of an endpoint: the cluster DNS pod, one quick try (REFUSED answers are final). */
export function resolvConf(topology: Topology): string {
  const lines = ['# written by membrane lab'];
  if (topology.resolver) lines.push(`nameserver ${topology.resolver}`);
  else lines.push('# the manifests have no cluster DNS pod (k8s-app=kube-dns); query a server with dig @ADDRESS', 'nameserver 127.0.0.1');
  lines.push('options timeout:2 attempts:1');
  return `${lines.join('\n')}\n`;
}

/** /etc/hosts of an endpoint: pod and node names, so `curl app2` works without DNS. */
export function hostsFile(topology: Topology, self: LabEndpoint): string {
  const lines = ['# written by membrane lab', '127.0.0.1 localhost'];
  const selfNamespace = self.kind === 'pod' ? self.display.split('/')[0] : undefined;
  for (const e of topology.endpoints) {
    if (e.kind === 'pod') {
      const [ns, name] = e.display.split('/') as [string, string];
      lines.push(`${e.addresses[0]} ${ns === selfNamespace ? `${name} ` : ''}${name}.${ns} ${name}.${ns}.pod`);
    } else if (e.kind === 'node') {
      lines.push(`${e.addresses[0]} ${e.node}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
