/**
 * The cluster as policy sees it: namespaces, nodes, pods with their identities, services and
 * their endpoints, and an index from address to what lives there.
 */

import { formatIp, type IpAddress } from '../net/index.js';
import type { Diagnostic } from './diagnostics.js';
import { IdentityRegistry, podIdentityLabels, type Identity } from './identity.js';
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
  readonly identities = new IdentityRegistry();
  readonly namespaces = new Map<string, NamespaceInfo>();
  readonly nodes: NodeInfo[] = [];
  readonly pods: PodInfo[] = [];
  readonly services: ServiceInfo[] = [];
  readonly endpointSlices: EndpointSliceInfo[] = [];
  readonly cidrGroups: CidrGroupInfo[] = [];
  private readonly podIdentity = new Map<PodInfo, Identity>();
  private readonly byAddress = new Map<string, AddressOwner>();
  private readonly podsByKey = new Map<string, PodInfo>();
  /** identities by what they derive from (namespace, service account, labels, named ports): pods of a workload share one */
  private readonly identityBySource = new Map<string, Identity>();

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

  /** Adds objects of the kinds the cluster model holds; returns what could not be read. */
  static build(objects: readonly K8sObject[]): { cluster: Cluster; diagnostics: Diagnostic[] } {
    const cluster = new Cluster();
    const diagnostics: Diagnostic[] = [];
    const pods: PodInfo[] = [];
    for (const obj of objects) {
      const ref = objectRef(obj);
      const reader = new ObjectReader(obj, ref);
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
          pods.push(readPod(obj, reader));
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
    for (const node of cluster.nodes) {
      for (const ip of node.addresses) cluster.byAddress.set(formatIp(ip), { kind: 'node', node });
    }
    for (const pod of pods) cluster.addPod(pod, diagnostics);
    return { cluster, diagnostics };
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
