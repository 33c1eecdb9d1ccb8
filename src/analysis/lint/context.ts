/**
 * What every lint check gets: the model (cluster, accepted policies, engine with every pod
 * identity's maps materialized), which entries apply to which identities, the policy objects
 * as written (for fields entries do not keep), the cluster's DNS servers, and a finding
 * builder that fills in location and texts from the catalogue.
 */

import {
  NAMESPACE_NAME_LABEL,
  POD_NAMESPACE_LABEL,
  SOURCE_K8S,
  type Identity,
  type K8sObject,
  type Label,
  type PathSegment,
  type PodInfo,
  type SourceDocument,
} from '../../cluster/index.js';
import type { DirectionMap, PolicyEngine } from '../../engine/index.js';
import { formatPolicyRef, type Direction, type ParsedPolicy, type PolicyEntry, type PolicyRef } from '../../policy/entry.js';
import type { Model } from '../model.js';
import { findingPolicy, locate, type Finding, type FindingFix, type LintSeverity, type RelatedLocation } from './finding.js';
import { lintRule } from './rules.js';

export interface LintOptions {
  /** run only these rules (default: all) */
  readonly enable?: readonly string[] | undefined;
  /** do not run these rules */
  readonly disable?: readonly string[] | undefined;
  /**
   * The objects the model was built from. Some checks read fields that policy entries do not
   * keep (the services of toServices, whether enableDefaultDeny is written, pod probes);
   * without them those checks do less.
   */
  readonly objects?: readonly K8sObject[] | undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A DNS server the cluster's pods resolve names with. */
export interface DnsServer {
  readonly identity: Identity;
  /** a pod of the identity (undefined for the conventional kube-dns endpoint) */
  readonly pod?: PodInfo | undefined;
  /** `kube-system/coredns-0`, or `kube-system/k8s-app=kube-dns (no such pod in the input)` */
  readonly display: string;
  /** namespace and pod labels to select it with in a fix */
  readonly namespace: string;
  readonly matchLabels: Readonly<Record<string, string>>;
}

export interface FindingInit {
  readonly id: string;
  readonly policy: PolicyRef;
  readonly path: readonly PathSegment[];
  readonly message: string;
  /** lower than the rule's default severity, for a milder case */
  readonly severity?: LintSeverity | undefined;
  /** replaces the catalogue's rationale */
  readonly why?: string | undefined;
  readonly fix?: FindingFix | undefined;
  readonly related?: readonly RelatedLocation[] | undefined;
  readonly pods?: readonly string[] | undefined;
}

const compiledEngines = new WeakSet<PolicyEngine>();

export class LintContext {
  readonly engine: PolicyEngine;
  readonly policies: readonly ParsedPolicy[];
  /** pod identities (host-network pods have none), in allocation order */
  readonly podIdentities: readonly Identity[];
  private readonly entryIdentities = new Map<PolicyEntry, Identity[]>();
  private readonly rawBySource = new Map<SourceDocument, Obj>();
  private readonly rawByKey = new Map<string, Obj>();
  private readonly podObjects = new Map<string, Obj>();
  private dns: DnsServer[] | undefined;

  constructor(
    readonly model: Model,
    readonly options: LintOptions = {},
  ) {
    this.engine = model.engine;
    this.policies = model.policies.accepted;
    if (!compiledEngines.has(this.engine)) {
      this.engine.compileAll();
      compiledEngines.add(this.engine);
    }
    this.podIdentities = this.cluster.podIdentities();
    for (const identity of this.podIdentities) {
      const selecting = this.engine.repository.selecting(identity);
      for (const e of [...selecting.ingress, ...selecting.egress]) {
        let list = this.entryIdentities.get(e);
        if (!list) this.entryIdentities.set(e, (list = []));
        list.push(identity);
      }
    }
    for (const obj of options.objects ?? []) {
      const kind = obj.value.kind;
      const meta = isObj(obj.value.metadata) ? obj.value.metadata : {};
      if (kind === 'Pod') {
        this.podObjects.set(`${typeof meta.namespace === 'string' ? meta.namespace : 'default'}/${String(meta.name)}`, obj.value);
        continue;
      }
      if (kind !== 'CiliumNetworkPolicy' && kind !== 'CiliumClusterwideNetworkPolicy' && kind !== 'NetworkPolicy') continue;
      if (obj.source) this.rawBySource.set(obj.source, obj.value);
      const namespace = kind === 'CiliumClusterwideNetworkPolicy' ? undefined : typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
      this.rawByKey.set(formatPolicyRef({ kind, namespace, name: String(meta.name) }), obj.value);
    }
  }

  get cluster() {
    return this.model.cluster;
  }

  /** Whether a rule runs (--enable / --disable). */
  enabled(id: string): boolean {
    const { enable, disable } = this.options;
    if (enable && enable.length > 0 && !enable.includes(id)) return false;
    return !(disable ?? []).includes(id);
  }

  /** Whether the raw policy objects are known (checks that need them do more). */
  get hasObjects(): boolean {
    return this.rawByKey.size > 0;
  }

  /** Pod identities an entry applies to. */
  identitiesOf(entry: PolicyEntry): readonly Identity[] {
    return this.entryIdentities.get(entry) ?? [];
  }

  selecting(identity: Identity, direction: Direction): readonly PolicyEntry[] {
    const s = this.engine.repository.selecting(identity);
    return direction === 'ingress' ? s.ingress : s.egress;
  }

  map(identity: Identity, direction: Direction): DirectionMap {
    return this.engine.policyOf(identity).direction(direction);
  }

  /** The value at `path` of the policy object as written (undefined when unknown). */
  raw(ref: PolicyRef, path: readonly PathSegment[]): unknown {
    let value: unknown = (ref.source && this.rawBySource.get(ref.source)) ?? this.rawByKey.get(formatPolicyRef(ref));
    for (const seg of path) {
      if (Array.isArray(value) && typeof seg === 'number') value = value[seg];
      else if (isObj(value) && typeof seg === 'string') value = value[seg];
      else return undefined;
    }
    return value;
  }

  /**
   * The Pod object as written, for fields the cluster model does not keep (probes); for a pod
   * synthesized from a workload, its pod template (which has the same `spec`).
   */
  rawPod(pod: PodInfo): Obj | undefined {
    if (pod.synthesized) return pod.synthesized.template;
    return this.podObjects.get(`${pod.namespace}/${pod.name}`);
  }

  /**
   * The cluster's DNS servers: pods labelled k8s-app=kube-dns or backing a Service named
   * kube-dns; without any, the conventional kube-dns endpoint of kube-system, known by labels.
   */
  dnsServers(): readonly DnsServer[] {
    if (this.dns) return this.dns;
    const pods = new Set<PodInfo>();
    for (const pod of this.cluster.pods) if (pod.labels['k8s-app'] === 'kube-dns') pods.add(pod);
    for (const svc of this.cluster.services) {
      if (svc.name !== 'kube-dns' || !svc.selector) continue;
      const selector = svc.selector;
      for (const pod of this.cluster.pods) {
        if (pod.namespace === svc.namespace && Object.entries(selector).every(([k, v]) => pod.labels[k] === v)) pods.add(pod);
      }
    }
    const servers: DnsServer[] = [];
    const seen = new Set<number>();
    for (const pod of pods) {
      const identity = this.cluster.identityOf(pod);
      if (!identity || seen.has(identity.id)) continue;
      seen.add(identity.id);
      const matchLabels = pod.labels['k8s-app'] !== undefined ? { 'k8s-app': pod.labels['k8s-app'] } : { ...pod.labels };
      servers.push({ identity, pod, display: `${pod.namespace}/${pod.name}`, namespace: pod.namespace, matchLabels });
    }
    if (servers.length === 0) {
      // the identity CoreDNS has in a standard cluster; allocated by labels, as for replayed flows
      const k8s = (key: string, value: string): Label => ({ source: SOURCE_K8S, key, value });
      const identity = this.cluster.identities.fromLabels([
        k8s('k8s-app', 'kube-dns'),
        k8s(POD_NAMESPACE_LABEL, 'kube-system'),
        k8s(`io.cilium.k8s.namespace.labels.${NAMESPACE_NAME_LABEL}`, 'kube-system'),
        k8s('io.cilium.k8s.policy.serviceaccount', 'coredns'),
        k8s('io.cilium.k8s.policy.cluster', this.cluster.clusterName),
      ]);
      servers.push({ identity, display: 'kube-system/k8s-app=kube-dns (no DNS pod in the input; the standard CoreDNS labels)', namespace: 'kube-system', matchLabels: { 'k8s-app': 'kube-dns' } });
    }
    this.dns = servers;
    return servers;
  }

  isDnsServer(identity: Identity): boolean {
    return this.dnsServers().some((s) => s.identity === identity);
  }

  finding(init: FindingInit): Finding {
    const rule = lintRule(init.id);
    const location = locate(init.policy, init.path);
    return {
      id: init.id,
      severity: init.severity ?? rule.severity,
      policy: findingPolicy(init.policy),
      path: init.path,
      location,
      excerpt: location ? init.policy.source?.excerpt?.(location) : undefined,
      message: init.message,
      why: init.why ?? rule.why,
      fix: init.fix,
      related: init.related && init.related.length > 0 ? init.related : undefined,
      pods: init.pods && init.pods.length > 0 ? init.pods : undefined,
    };
  }
}

// --- helpers shared by the checks ---

export function podNames(identities: Iterable<Identity>): string[] {
  const names = new Set<string>();
  for (const identity of identities) for (const pod of identity.pods) names.add(`${pod.namespace}/${pod.name}`);
  return [...names].sort();
}

/** `default/a, default/b and 3 more` */
export function listText(items: readonly string[], max = 3): string {
  if (items.length === 0) return '(none)';
  if (items.length <= max) return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** `default/web (1 pod)`, `default/a, default/b and 2 more (4 pods)` */
export function podsText(identities: Iterable<Identity>): string {
  const names = podNames(identities);
  return `${listText(names)} (${names.length} pod${names.length === 1 ? '' : 's'})`;
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/** Where a rule's subject selector is written. */
export function subjectPath(entry: PolicyEntry): PathSegment[] {
  return entry.origin.policy.kind === 'NetworkPolicy' ? ['spec', 'podSelector'] : [...entry.origin.rulePath, 'endpointSelector'];
}

/** The rule list an entry belongs to (`spec.egress`), or `spec.policyTypes` for a NetworkPolicy's isolation. */
export function sectionPath(entry: PolicyEntry): PathSegment[] {
  return entry.origin.index < 0 ? [...entry.origin.path] : [...entry.origin.rulePath, entry.origin.section];
}

export function isCilium(ref: PolicyRef): boolean {
  return ref.kind !== 'NetworkPolicy';
}

/** Groups values by a key, keeping first-seen order. */
export function groupBy<T, K>(items: Iterable<T>, key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(item);
  }
  return out;
}
