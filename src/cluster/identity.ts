/**
 * Security identities. Cilium gives every distinct set of identity labels one numeric
 * identity; policy is computed per identity, never per pod. Reserved identities have fixed
 * numbers (pkg/identity/numericidentity.go); world addresses named by policies get
 * locally-allocated CIDR/FQDN identities.
 */

import { formatPrefix, type IpFamily, type Prefix } from '../net/index.js';
import {
  CLUSTER_LABEL,
  DEFAULT_CLUSTER_NAME,
  NAMESPACE_LABELS_PREFIX,
  POD_NAMESPACE_LABEL,
  SERVICE_ACCOUNT_LABEL,
  SOURCE_K8S,
  SOURCE_RESERVED,
  labelSetFrom,
  labelSetKey,
  type Label,
  type LabelSet,
} from './labels.js';
import { isIdentityRelevantLabel } from './label-filter.js';
import type { NamedPort, NamespaceInfo, PodInfo } from './resources.js';
import type { Selectable } from './selector.js';

export type IdentityKind = 'pod' | 'reserved' | 'world';

export interface Identity extends Selectable {
  readonly id: number;
  /** dense position in the registry (0, 1, 2...), for array-indexed tables */
  readonly index: number;
  readonly kind: IdentityKind;
  readonly labels: LabelSet;
  /** world identities: the CIDR this identity stands for (0.0.0.0/0 for plain world) */
  readonly prefix?: Prefix | undefined;
  /** world identities: the toFQDNs selectors (canonical text) whose names map to it */
  readonly fqdnSelectors?: ReadonlySet<string> | undefined;
  /** pod identities: the namespace of its pods */
  readonly namespace?: string | undefined;
  /** pod identities: the pods that carry it */
  readonly pods: PodInfo[];
  /** short human name */
  readonly name: string;
}

export const RESERVED_IDS = {
  host: 1,
  world: 2,
  unmanaged: 3,
  health: 4,
  init: 5,
  'remote-node': 6,
  'kube-apiserver': 7,
  ingress: 8,
  'world-ipv4': 9,
  'world-ipv6': 10,
} as const;

export type ReservedName = keyof typeof RESERVED_IDS;

export const RESERVED_NAMES = Object.keys(RESERVED_IDS) as ReservedName[];

const FIRST_CLUSTER_ID = 256;
/** Cilium's locally-scoped identities (CIDR, FQDN) start at 2^24. */
const FIRST_LOCAL_ID = 1 << 24;

function reserved(name: string): Label {
  return { source: SOURCE_RESERVED, key: name, value: '' };
}

function k8s(key: string, value: string): Label {
  return { source: SOURCE_K8S, key, value };
}

function reservedLabels(name: ReservedName): Label[] {
  // the API server identity also carries remote-node (numericidentity.go)
  if (name === 'kube-apiserver') return [reserved('kube-apiserver'), reserved('remote-node')];
  return [reserved(name)];
}

/** The identity labels Cilium derives for a pod: filtered pod labels plus namespace facts. */
export function podIdentityLabels(pod: PodInfo, namespace: NamespaceInfo, clusterName = DEFAULT_CLUSTER_NAME): Map<string, Label> {
  const labels: Label[] = [];
  for (const [key, value] of Object.entries(pod.labels)) {
    if (isIdentityRelevantLabel(key)) labels.push(k8s(key, value));
  }
  for (const [key, value] of Object.entries(namespace.labels)) {
    const full = NAMESPACE_LABELS_PREFIX + key;
    if (isIdentityRelevantLabel(full)) labels.push(k8s(full, value));
  }
  labels.push(k8s(POD_NAMESPACE_LABEL, pod.namespace));
  labels.push(k8s(SERVICE_ACCOUNT_LABEL, pod.serviceAccount));
  labels.push(k8s(CLUSTER_LABEL, clusterName));
  for (const x of namedPortsLabels(pod.namedPorts)) labels.push(x);
  return labelSetFrom(labels);
}

export const NAMED_PORTS_LABEL = 'io.cilium.k8s.named-ports';
const LABEL_VALUE_MAX = 63;

/**
 * Cilium 1.20 gives pods with different named ports different identities through a generated
 * label (`gen:io.cilium.k8s.named-ports=dns.UDP.53_metrics.TCP.9153`), split over `-1`, `-2`...
 * keys when the value would exceed a label value's 63 characters.
 */
export function namedPortsLabels(ports: readonly NamedPort[]): Label[] {
  if (ports.length === 0) return [];
  const items = [...new Set(ports.map((p) => `${p.name}.${p.protocol}.${p.port}`))].sort();
  const chunks: string[] = [];
  let current = '';
  for (const item of items) {
    const next = current === '' ? item : `${current}_${item}`;
    if (next.length > LABEL_VALUE_MAX && current !== '') {
      chunks.push(current);
      current = item;
    } else {
      current = next;
    }
  }
  chunks.push(current);
  return chunks.map((value, i) => ({ source: 'gen', key: i === 0 ? NAMED_PORTS_LABEL : `${NAMED_PORTS_LABEL}-${i}`, value }));
}

/** A short name for a pod identity: `namespace:app=web,tier=front` (the pod's own labels). */
function podIdentityName(namespace: string, labels: LabelSet): string {
  const own = [...labels.values()]
    .filter((l) => l.source === SOURCE_K8S && !l.key.startsWith('io.cilium.k8s.') && !l.key.startsWith('io.kubernetes.'))
    .map((l) => `${l.key}=${l.value}`)
    .sort();
  return `${namespace}:${own.length > 0 ? own.join(',') : '(no labels)'}`;
}

/** The address families the cluster runs (the agent's enable-ipv4 / enable-ipv6). */
export interface IpStack {
  readonly ipv4: boolean;
  readonly ipv6: boolean;
}

export const IPV4_ONLY: IpStack = { ipv4: true, ipv6: false };

const ALL_ADDRESSES: Record<IpFamily, Prefix> = {
  4: { family: 4, value: 0n, length: 0 },
  6: { family: 6, value: 0n, length: 0 },
};

/** Allocates identities: reserved ones up front, pod and world ones on first sight. */
export class IdentityRegistry {
  private readonly byId = new Map<number, Identity>();
  private readonly byLabelKey = new Map<string, Identity>();
  private readonly worldByKey = new Map<string, Identity>();
  private nextClusterId = FIRST_CLUSTER_ID;
  private nextLocalId = FIRST_LOCAL_ID;
  private nextIndex = 0;

  constructor(readonly stack: IpStack = IPV4_ONLY) {
    for (const name of RESERVED_NAMES) {
      const labels = labelSetFrom(reservedLabels(name));
      const isWorld = name === 'world' || name === 'world-ipv4' || name === 'world-ipv6';
      const identity: Identity = {
        id: RESERVED_IDS[name],
        index: this.nextIndex++,
        kind: isWorld ? 'world' : 'reserved',
        labels,
        // the CIDR each world identity stands for (matched by CIDR selectors by containment)
        prefix: isWorld ? this.worldPrefixOf(name) : undefined,
        fqdnSelectors: undefined,
        pods: [],
        name: `reserved:${name}`,
      };
      this.byId.set(identity.id, identity);
    }
  }

  reserved(name: ReservedName): Identity {
    return this.byId.get(RESERVED_IDS[name])!;
  }

  /**
   * The identity traffic of an entity comes from: the reserved one, except that `world` is the
   * world identity addresses actually get (world-ipv4 first in dual stack).
   */
  entity(name: ReservedName): Identity {
    return name === 'world' ? this.worldOf() : this.reserved(name);
  }

  get dualStack(): boolean {
    return this.stack.ipv4 && this.stack.ipv6;
  }

  /** Whether the cluster runs this address family. */
  runs(family: IpFamily): boolean {
    return family === 4 ? this.stack.ipv4 : this.stack.ipv6;
  }

  /**
   * The reserved world identity of a family (pkg/labels/cidr.go AddWorldLabel): world-ipv4 or
   * world-ipv6 in dual stack, plain world in single stack.
   */
  worldOf(family: IpFamily = this.stack.ipv4 ? 4 : 6): Identity {
    if (this.dualStack) return this.reserved(family === 4 ? 'world-ipv4' : 'world-ipv6');
    return this.reserved('world');
  }

  /** The prefix a reserved world identity stands for in this stack; undefined when it stands for none. */
  private worldPrefixOf(name: 'world' | 'world-ipv4' | 'world-ipv6'): Prefix | undefined {
    if (this.dualStack) return name === 'world-ipv4' ? ALL_ADDRESSES[4] : name === 'world-ipv6' ? ALL_ADDRESSES[6] : undefined;
    if (name !== 'world') return undefined;
    return ALL_ADDRESSES[this.stack.ipv4 ? 4 : 6];
  }

  get(id: number): Identity | undefined {
    return this.byId.get(id);
  }

  all(): Identity[] {
    return [...this.byId.values()];
  }

  /** How many identities exist (they are never removed). */
  get size(): number {
    return this.byId.size;
  }

  /** The identity for a pod's labels, shared by every pod with the same identity labels. */
  forPod(pod: PodInfo, labels: LabelSet): Identity {
    const key = labelSetKey(labels);
    let identity = this.byLabelKey.get(key);
    if (!identity) {
      identity = {
        id: this.nextClusterId++,
        index: this.nextIndex++,
        kind: 'pod',
        labels,
        namespace: pod.namespace,
        pods: [],
        name: podIdentityName(pod.namespace, labels),
      };
      this.byLabelKey.set(key, identity);
      this.byId.set(identity.id, identity);
    }
    identity.pods.push(pod);
    return identity;
  }

  /**
   * The identity with exactly these labels (as Hubble reports them, `k8s:app=web`), for
   * endpoints known only by their labels. Reserved label sets map to reserved identities;
   * label sets with a pod namespace become pod identities (allocated if new).
   */
  fromLabels(labels: readonly Label[]): Identity {
    const set = labelSetFrom(labels);
    const key = labelSetKey(set);
    for (const identity of this.byId.values()) {
      if (identity.kind === 'reserved' && labelSetKey(identity.labels) === key) return identity;
    }
    const existing = this.byLabelKey.get(key);
    if (existing) return existing;
    const ns = set.get(POD_NAMESPACE_LABEL)?.value;
    const identity: Identity = {
      id: this.nextClusterId++,
      index: this.nextIndex++,
      kind: ns !== undefined ? 'pod' : 'reserved',
      labels: set,
      namespace: ns,
      pods: [],
      name: podIdentityName(ns ?? '', set),
    };
    this.byLabelKey.set(key, identity);
    this.byId.set(identity.id, identity);
    return identity;
  }

  /**
   * The identity of a world address or prefix: labelled `cidr:<prefix>` (matched by
   * containment) and the world label of its family (`reserved:world` in single stack,
   * `world-ipv4`/`world-ipv6` in dual stack), plus the toFQDNs selectors that select its names.
   * A /0 prefix without FQDN labels is the reserved world identity of its family. Addresses of
   * a family the cluster does not run get identities of their own that no reserved world
   * identity covers (flows of that family are not modelled, see PolicyEngine.evaluate).
   */
  world(prefix: Prefix, fqdnSelectors: readonly string[] = []): Identity {
    const sortedSelectors = [...new Set(fqdnSelectors)].sort();
    if (prefix.length === 0 && sortedSelectors.length === 0 && this.runs(prefix.family)) {
      return this.worldOf(prefix.family);
    }
    const key = `${formatPrefix(prefix)}|${sortedSelectors.join('|')}`;
    let identity = this.worldByKey.get(key);
    if (!identity) {
      const worldLabel = this.dualStack ? (prefix.family === 4 ? 'world-ipv4' : 'world-ipv6') : 'world';
      const labels: Label[] = [reserved(worldLabel)];
      if (prefix.length > 0 || !this.runs(prefix.family)) labels.push({ source: 'cidr', key: formatPrefix(prefix), value: '' });
      // selectors are peer keys (`fqdn:matchName:...`): the label's source is already `fqdn`
      for (const s of sortedSelectors) labels.push({ source: 'fqdn', key: s.replace(/^fqdn:/, ''), value: '' });
      identity = {
        id: this.nextLocalId++,
        index: this.nextIndex++,
        kind: 'world',
        labels: labelSetFrom(labels),
        prefix,
        fqdnSelectors: new Set(sortedSelectors),
        pods: [],
        name: sortedSelectors.length > 0
          ? `${sortedSelectors.join(',')}${prefix.length > 0 ? ` cidr:${formatPrefix(prefix)}` : ''}`
          : `cidr:${formatPrefix(prefix)}${this.runs(prefix.family) ? '' : ` (IPv${prefix.family} is not enabled)`}`,
      };
      this.worldByKey.set(key, identity);
      this.byId.set(identity.id, identity);
    }
    return identity;
  }
}

/** The named ports of an identity's pods, `name/PROTO` -> numbers (pods may disagree). */
export function namedPortsOf(pods: readonly PodInfo[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const pod of pods) addNamedPorts(out, pod.namedPorts);
  return out;
}

export function addNamedPorts(into: Map<string, Set<number>>, ports: readonly NamedPort[]): void {
  for (const p of ports) {
    const key = `${p.name}/${p.protocol}`;
    let set = into.get(key);
    if (!set) into.set(key, (set = new Set()));
    set.add(p.port);
  }
}
