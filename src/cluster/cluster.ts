/**
 * The cluster as policy sees it: namespaces, nodes, pods with their identities, services and
 * their endpoints, and an index from address to what lives there.
 */

import { formatIp, type IpAddress } from '../net/index.js';
import type { AgentSettings } from './agent-settings.js';
import type { Diagnostic } from './diagnostics.js';
import { IdentityRegistry, podIdentityLabels, type Identity, type IpStack } from './identity.js';
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

export type AddressOwner =
  | { kind: 'pod'; pod: PodInfo }
  | { kind: 'node'; node: NodeInfo };

export class Cluster {
  readonly clusterName = DEFAULT_CLUSTER_NAME;
  readonly identities: IdentityRegistry;
  readonly namespaces = new Map<string, NamespaceInfo>();
  readonly nodes: NodeInfo[] = [];
  readonly pods: PodInfo[] = [];
  readonly services: ServiceInfo[] = [];
  readonly endpointSlices: EndpointSliceInfo[] = [];
  readonly cidrGroups: CidrGroupInfo[] = [];
  private readonly podIdentity = new Map<PodInfo, Identity>();
  private readonly byAddress = new Map<string, AddressOwner>();
  private readonly podsByKey = new Map<string, PodInfo>();

  constructor(readonly stack: IpStack) {
    this.identities = new IdentityRegistry(stack);
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
  static build(objects: readonly K8sObject[], settings: Partial<AgentSettings> = {}): { cluster: Cluster; diagnostics: Diagnostic[] } {
    const diagnostics: Diagnostic[] = [];
    const pods: PodInfo[] = [];
    const namespaces: NamespaceInfo[] = [];
    const nodes: NodeInfo[] = [];
    const rest: ((c: Cluster) => void)[] = [];
    for (const obj of objects) {
      const ref = objectRef(obj);
      const reader = new ObjectReader(obj, ref);
      switch (ref.kind) {
        case 'Namespace':
          namespaces.push(readNamespace(obj));
          break;
        case 'Node':
          nodes.push(readNode(obj, reader));
          break;
        case 'Pod':
          pods.push(readPod(obj, reader));
          break;
        case 'Service': {
          const svc = readService(obj, reader);
          rest.push((c) => c.services.push(svc));
          break;
        }
        case 'EndpointSlice': {
          const slice = readEndpointSlice(obj, reader);
          rest.push((c) => c.endpointSlices.push(slice));
          break;
        }
        case 'Endpoints': {
          const slice = readEndpoints(obj, reader);
          rest.push((c) => c.endpointSlices.push(slice));
          break;
        }
        case 'CiliumCIDRGroup': {
          const group = readCidrGroup(obj, reader);
          rest.push((c) => c.cidrGroups.push(group));
          break;
        }
        default:
          continue;
      }
      diagnostics.push(...reader.diagnostics);
    }
    const hasIPv6 = [...nodes.flatMap((n) => n.addresses), ...pods.flatMap((p) => p.ips)].some((ip) => ip.family === 6);
    const cluster = new Cluster({ ipv4: settings.enableIPv4 ?? true, ipv6: settings.enableIPv6 ?? hasIPv6 });
    for (const ns of namespaces) cluster.namespaces.set(ns.name, ns);
    cluster.nodes.push(...nodes);
    for (const add of rest) add(cluster);
    for (const node of cluster.nodes) {
      for (const ip of node.addresses) cluster.byAddress.set(formatIp(ip), { kind: 'node', node });
    }
    for (const pod of pods) cluster.addPod(pod, diagnostics);
    return { cluster, diagnostics };
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
    const labels = podIdentityLabels(pod, this.namespace(pod.namespace), this.clusterName);
    this.podIdentity.set(pod, this.identities.forPod(pod, labels));
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
