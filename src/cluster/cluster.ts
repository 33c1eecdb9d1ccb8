/**
 * The cluster as policy sees it: namespaces, nodes, pods with their identities, services and
 * their endpoints, and an index from address to what lives there.
 */

import { formatIp, parseIp, type IpAddress } from '../net/index.js';
import type { AgentSettings } from './agent-settings.js';
import type { Diagnostic } from './diagnostics.js';
import { IdentityRegistry, IPV4_ONLY, podIdentityLabels, type Identity, type IpStack } from './identity.js';
import { DEFAULT_CLUSTER_NAME } from './labels.js';
import {
  ObjectReader,
  objectRef,
  readCidrGroup,
  readEndpointSlice,
  readEndpoints,
  readNamespace,
  readNode,
  readPod,
  readService,
  type CidrGroupInfo,
  type EndpointSliceInfo,
  type NamespaceInfo,
  type NodeInfo,
  type PodInfo,
  type ServiceInfo,
} from './resources.js';
import type { K8sObject } from './source.js';
import { DEFAULT_MAX_REPLICAS, isWorkloadKind, ownerReferenceOf, podsOfWorkloads, readWorkload, type PodWithOwner, type WorkloadInfo } from './workloads.js';

export interface ClusterOptions {
  /** pods synthesized per workload at most (DaemonSets: one per node regardless; 0: none); default 10 */
  readonly maxReplicas?: number | undefined;
  /** Cilium agent settings (the address families: enable-ipv4, enable-ipv6) */
  readonly settings?: Partial<AgentSettings> | undefined;
}

/**
 * Addresses for pods the input gives none (manifests rather than a dump): RFC 2544's
 * benchmarking block 198.18.0.0/15, which no cluster or Internet peer uses, skipping every
 * address the input names.
 */
const ALLOCATION_FIRST = 0xc6120001; // 198.18.0.1
const ALLOCATION_LAST = 0xc613fffe; // 198.19.255.254

export type AddressOwner =
  | { kind: 'pod'; pod: PodInfo }
  | { kind: 'node'; node: NodeInfo };

export class Cluster {
  readonly clusterName = DEFAULT_CLUSTER_NAME;
  private registry = new IdentityRegistry(IPV4_ONLY);
  readonly namespaces = new Map<string, NamespaceInfo>();
  readonly nodes: NodeInfo[] = [];
  readonly pods: PodInfo[] = [];
  readonly services: ServiceInfo[] = [];
  readonly endpointSlices: EndpointSliceInfo[] = [];
  readonly cidrGroups: CidrGroupInfo[] = [];
  readonly workloads: WorkloadInfo[] = [];
  private readonly podIdentity = new Map<PodInfo, Identity>();
  private readonly byAddress = new Map<string, AddressOwner>();
  private readonly podsByKey = new Map<string, PodInfo>();
  /** identities by what they derive from (namespace, service account, labels, named ports): pods of a workload share one */
  private readonly identityBySource = new Map<string, Identity>();

  get identities(): IdentityRegistry {
    return this.registry;
  }

  /** The address families the cluster runs (decided before any pod gets its identity). */
  get stack(): IpStack {
    return this.registry.stack;
  }

  /** The namespace, created without labels (but its name label) when only referenced. */
  namespace(name: string): NamespaceInfo {
    let ns = this.namespaces.get(name);
    if (!ns) {
      ns = { name, labels: { 'kubernetes.io/metadata.name': name }, listed: false };
      this.namespaces.set(name, ns);
    }
    return ns;
  }

  node(name: string): NodeInfo | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  pod(namespace: string, name: string): PodInfo | undefined {
    return this.podsByKey.get(`${namespace}/${name}`);
  }

  service(namespace: string, name: string): ServiceInfo | undefined {
    return this.services.find((s) => s.namespace === namespace && s.name === name);
  }

  workload(kind: string, namespace: string, name: string): WorkloadInfo | undefined {
    return this.workloads.find((w) => w.kind === kind && w.namespace === namespace && w.name === name);
  }

  /** The pods of a workload: its pods in the input (owner references, selector) or those synthesized for it. */
  podsOf(kind: string, namespace: string, name: string): PodInfo[] {
    return this.pods.filter((p) => p.namespace === namespace && p.owners?.some((o) => o.kind === kind && o.name === name));
  }

  /** The identity of a pod; undefined for host-network pods (they are the host). */
  identityOf(pod: PodInfo): Identity | undefined {
    return this.podIdentity.get(pod);
  }

  podIdentities(): Identity[] {
    return [...new Set(this.podIdentity.values())];
  }

  ownerOf(ip: IpAddress): AddressOwner | undefined {
    return this.byAddress.get(formatIp(ip));
  }

  /**
   * Adds objects of the kinds the cluster model holds; returns what could not be read. The
   * address families are the settings' (enable-ipv4, enable-ipv6), IPv6 also when a pod or
   * node has an IPv6 address (Cilium gives pods none without it).
   */
  static build(objects: readonly K8sObject[], options: ClusterOptions = {}): { cluster: Cluster; diagnostics: Diagnostic[] } {
    const cluster = new Cluster();
    const diagnostics: Diagnostic[] = [];
    const pods: PodWithOwner[] = [];
    for (const obj of objects) {
      const ref = objectRef(obj);
      const reader = new ObjectReader(obj, ref);
      if (isWorkloadKind(ref.kind)) {
        const workload = readWorkload(obj, reader);
        if (workload) cluster.workloads.push(workload);
        for (const x of reader.diagnostics) diagnostics.push(x);
        continue;
      }
      switch (ref.kind) {
        case 'Namespace': {
          const ns = readNamespace(obj);
          cluster.namespaces.set(ns.name, ns);
          break;
        }
        case 'Node':
          cluster.nodes.push(readNode(obj, reader));
          break;
        case 'Pod':
          pods.push({ pod: readPod(obj, reader), owner: ownerReferenceOf(obj) });
          break;
        case 'Service':
          cluster.services.push(readService(obj, reader));
          break;
        case 'EndpointSlice':
          cluster.endpointSlices.push(readEndpointSlice(obj, reader));
          break;
        case 'Endpoints':
          cluster.endpointSlices.push(readEndpoints(obj, reader));
          break;
        case 'CiliumCIDRGroup':
          cluster.cidrGroups.push(readCidrGroup(obj, reader));
          break;
        default:
          continue;
      }
      for (const x of reader.diagnostics) diagnostics.push(x);
    }
    const settings = options.settings ?? {};
    const hasIPv6 = cluster.nodes.some((n) => n.addresses.some((ip) => ip.family === 6)) || pods.some((p) => p.pod.ips.some((ip) => ip.family === 6));
    // no identity exists yet: the registry can still take the cluster's address families
    cluster.registry = new IdentityRegistry({ ipv4: settings.enableIPv4 ?? true, ipv6: settings.enableIPv6 ?? hasIPv6 });
    for (const node of cluster.nodes) {
      for (const ip of node.addresses) cluster.byAddress.set(formatIp(ip), { kind: 'node', node });
    }
    const withWorkloads = podsOfWorkloads(cluster.workloads, pods, cluster.nodes, options.maxReplicas ?? DEFAULT_MAX_REPLICAS);
    for (const x of withWorkloads.diagnostics) diagnostics.push(x);
    for (const pod of cluster.withAddresses(withWorkloads.pods, diagnostics)) cluster.addPod(pod, diagnostics);
    return { cluster, diagnostics };
  }

  /** Gives pods without an address (host-network ones excepted) one from the allocation block. */
  private withAddresses(pods: readonly PodInfo[], diagnostics: Diagnostic[]): PodInfo[] {
    if (!pods.some((p) => p.ips.length === 0 && !p.hostNetwork)) return [...pods];
    const used = new Set<string>();
    for (const p of pods) for (const ip of p.ips) used.add(formatIp(ip));
    for (const n of this.nodes) for (const ip of n.addresses) used.add(formatIp(ip));
    for (const s of this.services) for (const ip of s.clusterIPs) used.add(formatIp(ip));
    for (const s of this.endpointSlices) for (const ip of s.addresses) used.add(formatIp(ip));
    let next = ALLOCATION_FIRST;
    const allocate = (): IpAddress | undefined => {
      for (; next <= ALLOCATION_LAST; next++) {
        const text = `${next >>> 24}.${(next >>> 16) & 255}.${(next >>> 8) & 255}.${next & 255}`;
        if (used.has(text)) continue;
        next++;
        return parseIp(text);
      }
      return undefined;
    };
    let exhausted = false;
    return pods.map((pod) => {
      if (pod.ips.length > 0 || pod.hostNetwork) return pod;
      const ip = allocate();
      if (!ip) {
        if (!exhausted) {
          diagnostics.push({ severity: 'warning', code: 'input.address', message: 'no address left in 198.18.0.0/15 for pods without one: the rest have none (flows to their addresses cannot be traced)' });
        }
        exhausted = true;
        return pod;
      }
      return { ...pod, ips: [ip], addressAllocated: true };
    });
  }

  /**
   * The identity of a pod being added. Computing identity labels (filter, namespace labels,
   * sort) is the costly part of loading 10,000 pods; pods with the same inputs get the same
   * labels, so the result is kept per input. Namespaces are all read before pods are added.
   */
  private identityOfNewPod(pod: PodInfo): Identity {
    let key = `${pod.namespace}\u0000${pod.serviceAccount}`;
    for (const k in pod.labels) key += `\u0000${k}=${pod.labels[k]}`;
    for (const p of pod.namedPorts) key += `\u0001${p.name}.${p.protocol}.${p.port}`;
    const known = this.identityBySource.get(key);
    if (known) {
      known.pods.push(pod);
      return known;
    }
    const identity = this.identities.forPod(pod, podIdentityLabels(pod, this.namespace(pod.namespace), this.clusterName));
    this.identityBySource.set(key, identity);
    return identity;
  }

  private addPod(pod: PodInfo, diagnostics: Diagnostic[]): void {
    const key = `${pod.namespace}/${pod.name}`;
    if (this.podsByKey.has(key)) {
      diagnostics.push({
        severity: 'error',
        code: 'input.duplicate',
        message: `pod ${key} is defined twice; the later definition is ignored`,
        object: { kind: 'Pod', namespace: pod.namespace, name: pod.name },
        location: pod.source?.locate(['metadata', 'name']),
      });
      return;
    }
    if (!pod.nodeName && this.nodes.length > 0) pod.nodeName = this.nodes[0]!.name;
    this.podsByKey.set(key, pod);
    this.pods.push(pod);
    if (pod.hostNetwork) return;
    this.podIdentity.set(pod, this.identityOfNewPod(pod));
    for (const ip of pod.ips) {
      const text = formatIp(ip);
      const previous = this.byAddress.get(text);
      if (previous) {
        diagnostics.push({
          severity: 'warning',
          code: 'input.address-conflict',
          message: `address ${text} of pod ${key} is also used by ${previous.kind === 'pod' ? `pod ${previous.pod.namespace}/${previous.pod.name}` : `node ${previous.node.name}`}`,
          object: { kind: 'Pod', namespace: pod.namespace, name: pod.name },
          location: pod.source?.locate(['status', 'podIP']),
        });
        continue;
      }
      this.byAddress.set(text, { kind: 'pod', pod });
    }
  }
}
