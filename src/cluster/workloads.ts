/**
 * Workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
 * CronJob) and the pods they stand for. Manifests in a repository have workloads and no pods;
 * a cluster dump has both. So, as np-guard does, a workload none of whose pods is in the input
 * becomes pods made from its pod template, and pods in the input are tied to their workloads
 * (owner references, else the workload's selector) so they are never doubled and can be named
 * by their workload (`deployment:NS/NAME`).
 *
 * Synthesized pods: labels, service account, named container ports, host network and node
 * name from the template; named `NAME-0`, `NAME-1`, ... (StatefulSet names; real Deployment
 * pods are `NAME-<hash>-<suffix>`, which only a live cluster knows); one per replica up to a
 * cap (`maxReplicas`), DaemonSets one per node their `nodeSelector` matches (not capped);
 * `maxReplicas` 0 turns synthesis off.
 */

import { LabelSelector, equals, type Requirement, type SelectorOperator } from './selector.js';
import type { Diagnostic } from './diagnostics.js';
import { labelSetFrom, SOURCE_ANY, SOURCE_K8S, type LabelSet } from './labels.js';
import { asArray, asObj, asString, isObj, stringMap, type Obj } from './object-fields.js';
import { ObjectReader, podSpecFields, type NodeInfo, type PodInfo, type WorkloadRef } from './resources.js';
import type { K8sObject, PathSegment, SourceDocument } from './source.js';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** Pods synthesized per workload at most, unless set otherwise (DaemonSets are not capped). */
export const DEFAULT_MAX_REPLICAS = 10;

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

/** An owner reference as written (`metadata.ownerReferences`): the controller, else the first. */
export interface OwnerReference {
  readonly kind: string;
  readonly name: string;
  readonly uid?: string | undefined;
}

export interface WorkloadInfo extends WorkloadRef {
  readonly kind: WorkloadKind;
  readonly uid?: string | undefined;
  /** pods it asks for: replicas (default 1), a Job's parallelism; undefined for DaemonSets (one per node) */
  readonly replicas: number | undefined;
  /** its pod selector over pod labels; undefined when it has none the input says */
  readonly selector?: LabelSelector | undefined;
  readonly owner?: OwnerReference | undefined;
  /** the pod template (`spec.template`, `spec.jobTemplate.spec.template` for CronJobs) */
  readonly template: Obj;
  readonly templatePath: readonly PathSegment[];
  readonly source?: SourceDocument | undefined;
}

export function formatWorkloadRef(ref: WorkloadRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name}`;
}

function workloadKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** Pod labels as a label set workload selectors (`any` source) match. */
function plainLabelSet(labels: Readonly<Record<string, string>>): LabelSet {
  return labelSetFrom(Object.entries(labels).map(([key, value]) => ({ source: SOURCE_K8S, key, value })));
}

export function ownerReferenceOf(obj: K8sObject): OwnerReference | undefined {
  const refs = asArray(asObj(obj.value.metadata).ownerReferences).filter(isObj);
  const ref = refs.find((r) => r.controller === true) ?? refs[0];
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  if (!ref || !kind || !name) return undefined;
  return { kind, name, uid: asString(ref.uid) };
}

const OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** A Kubernetes LabelSelector (matchLabels, matchExpressions) at `path`; undefined after reporting what is wrong. */
function readLabelSelector(value: unknown, reader: ObjectReader, path: PathSegment[]): LabelSelector | undefined {
  const spec = asObj(value);
  const reqs: Requirement[] = Object.entries(stringMap(spec.matchLabels)).map(([k, v]) => equals(SOURCE_ANY, k, v));
  let ok = true;
  asArray(spec.matchExpressions).forEach((e, i) => {
    const expr = asObj(e);
    const key = asString(expr.key);
    const operator = asString(expr.operator);
    if (!key || !operator || !OPERATORS.includes(operator)) {
      reader.problem('error', [...path, 'matchExpressions', i], `invalid selector expression (key and operator In, NotIn, Exists or DoesNotExist needed)`, 'input.workload');
      ok = false;
      return;
    }
    reqs.push({ source: SOURCE_ANY, key, operator: operator as SelectorOperator, values: asArray(expr.values).map(String) });
  });
  return ok ? new LabelSelector(reqs) : undefined;
}

function readCount(value: unknown, reader: ObjectReader, path: PathSegment[]): number | undefined | 'invalid' {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  reader.problem('error', path, `must be a whole number >= 0 (got ${JSON.stringify(value)}); no pods are synthesized for this workload`, 'input.workload');
  return 'invalid';
}

/** Reads a workload; undefined when it cannot be read (reported). */
export function readWorkload(obj: K8sObject, reader: ObjectReader): WorkloadInfo | undefined {
  const kind = reader.ref.kind as WorkloadKind;
  const meta = asObj(obj.value.metadata);
  const spec = asObj(obj.value.spec);
  const cron = kind === 'CronJob';
  const jobSpec = cron ? asObj(asObj(spec.jobTemplate).spec) : spec;
  const name = asString(meta.name);
  if (!name) {
    reader.problem('error', ['metadata', 'name'], `${kind} has no metadata.name; no pods are synthesized for it`, 'input.workload');
    return undefined;
  }
  const templatePath: PathSegment[] = cron ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
  if (!isObj(jobSpec.template)) {
    reader.problem('error', templatePath, `${kind} has no pod template (${templatePath.join('.')}); no pods are synthesized for it`, 'input.workload');
    return undefined;
  }
  const template = jobSpec.template;
  let replicas: number | undefined;
  if (kind === 'Job' || kind === 'CronJob') {
    const base: PathSegment[] = cron ? ['spec', 'jobTemplate', 'spec'] : ['spec'];
    const parallelism = readCount(jobSpec.parallelism, reader, [...base, 'parallelism']);
    const completions = readCount(jobSpec.completions, reader, [...base, 'completions']);
    if (parallelism === 'invalid' || completions === 'invalid') return undefined;
    // the pods a Job runs at once: parallelism (default 1), never more than completions
    replicas = Math.min(parallelism ?? 1, completions ?? Number.POSITIVE_INFINITY);
  } else if (kind !== 'DaemonSet') {
    const count = readCount(spec.replicas, reader, ['spec', 'replicas']);
    if (count === 'invalid') return undefined;
    replicas = count ?? 1;
  }
  let selector: LabelSelector | undefined;
  const templateLabels = stringMap(asObj(template.metadata).labels);
  if (kind === 'ReplicationController') {
    // a map; defaults to the template's labels
    const map = isObj(spec.selector) ? stringMap(spec.selector) : templateLabels;
    selector = new LabelSelector(Object.entries(map).map(([k, v]) => equals(SOURCE_ANY, k, v)));
  } else if (isObj(jobSpec.selector)) {
    selector = readLabelSelector(jobSpec.selector, reader, cron ? ['spec', 'jobTemplate', 'spec', 'selector'] : ['spec', 'selector']);
  } else if (kind !== 'Job' && kind !== 'CronJob') {
    // apps/v1 requires a selector; older API versions defaulted it to the template's labels
    selector = new LabelSelector(Object.entries(templateLabels).map(([k, v]) => equals(SOURCE_ANY, k, v)));
  }
  if (selector?.isWildcard) selector = undefined;
  return {
    kind,
    namespace: asString(meta.namespace) ?? 'default',
    name,
    uid: asString(meta.uid),
    replicas,
    selector,
    owner: ownerReferenceOf(obj),
    template,
    templatePath,
    source: obj.source,
  };
}

export interface PodWithOwner {
  readonly pod: PodInfo;
  readonly owner?: OwnerReference | undefined;
}

export interface WorkloadPods {
  /** the input's pods, with `owners` filled in, then the synthesized ones */
  readonly pods: PodInfo[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Ties the input's pods to workloads and synthesizes pods for workloads none of whose pods
 * is in the input. A workload owned by another workload of the input (the ReplicaSet of a
 * Deployment, the Job of a CronJob) never synthesizes: its owner stands for it.
 */
export function podsOfWorkloads(
  workloads: readonly WorkloadInfo[],
  inputPods: readonly PodWithOwner[],
  nodes: readonly NodeInfo[],
  maxReplicas: number,
): WorkloadPods {
  const diagnostics: Diagnostic[] = [];
  const byKey = new Map<string, WorkloadInfo>();
  const byUid = new Map<string, WorkloadInfo>();
  const selecting = new Map<string, WorkloadInfo[]>(); // namespace -> workloads with a selector
  for (const w of workloads) {
    const key = workloadKey(w.kind, w.namespace, w.name);
    if (byKey.has(key)) {
      diagnostics.push({
        severity: 'error',
        code: 'input.duplicate',
        message: `${w.kind} ${w.namespace}/${w.name} is defined twice; the later definition is ignored`,
        object: { kind: w.kind, namespace: w.namespace, name: w.name },
        location: w.source?.locate(['metadata', 'name']),
      });
      continue;
    }
    byKey.set(key, w);
    if (w.uid) byUid.set(w.uid, w);
    if (w.selector) {
      let list = selecting.get(w.namespace);
      if (!list) selecting.set(w.namespace, (list = []));
      list.push(w);
    }
  }
  const find = (namespace: string, ref: OwnerReference): WorkloadInfo | undefined =>
    (ref.uid ? byUid.get(ref.uid) : undefined) ?? byKey.get(workloadKey(ref.kind, namespace, ref.name));
  const parentOf = (w: WorkloadInfo): WorkloadInfo | undefined => (w.owner ? find(w.namespace, w.owner) : undefined);
  /** w and the workloads owning it, w first */
  const chainOf = (w: WorkloadInfo): WorkloadInfo[] => {
    const chain = [w];
    for (let p = parentOf(w); p && !chain.includes(p) && chain.length < 8; p = parentOf(p)) chain.push(p);
    return chain;
  };
  const represented = new Set<WorkloadInfo>();
  const refOf = (w: WorkloadInfo): WorkloadRef => ({ kind: w.kind, namespace: w.namespace, name: w.name });

  const pods: PodInfo[] = inputPods.map(({ pod, owner }) => {
    const owners = owner ? ownersFromReference(pod, owner) : adoptedBy(pod);
    return owners ? { ...pod, owners } : pod;
  });

  function ownersFromReference(pod: PodInfo, owner: OwnerReference): WorkloadRef[] | undefined {
    if (owner.kind === 'Node') return undefined; // static (mirror) pods
    const direct = find(pod.namespace, owner);
    if (direct) {
      const chain = chainOf(direct);
      for (const w of chain) represented.add(w);
      const refs = chain.map(refOf);
      // the top one's owner, when the input lacks it (a dump of pods and ReplicaSets only)
      const top = chain[chain.length - 1]!;
      if (top.owner && top.owner.kind !== 'Node' && !parentOf(top)) refs.push({ kind: top.owner.kind, namespace: top.namespace, name: top.owner.name });
      return refs;
    }
    const refs: WorkloadRef[] = [{ kind: owner.kind, namespace: pod.namespace, name: owner.name }];
    // a ReplicaSet absent from the input: a Deployment's ReplicaSets are named NAME-<pod-template-hash>
    const hash = pod.labels['pod-template-hash'];
    if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) {
      const deployment = owner.name.slice(0, -hash.length - 1);
      const inInput = byKey.get(workloadKey('Deployment', pod.namespace, deployment));
      if (inInput) represented.add(inInput);
      refs.push({ kind: 'Deployment', namespace: pod.namespace, name: deployment });
    }
    // a Job absent from the input: a CronJob's Jobs are named NAME-<scheduled time in minutes>
    const scheduled = /^(.+)-[0-9]+$/.exec(owner.name);
    if (owner.kind === 'Job' && scheduled) {
      const cronJob = byKey.get(workloadKey('CronJob', pod.namespace, scheduled[1]!));
      if (cronJob) {
        represented.add(cronJob);
        refs.push(refOf(cronJob));
      }
    }
    return refs;
  }

  /** A pod without owner reference whose labels a workload selects (as a controller would adopt it). */
  function adoptedBy(pod: PodInfo): WorkloadRef[] | undefined {
    const candidates = selecting.get(pod.namespace);
    if (!candidates) return undefined;
    const labels = { labels: plainLabelSet(pod.labels) };
    for (const w of candidates) {
      if (!w.selector!.matches(labels)) continue;
      const chain = chainOf(w);
      for (const c of chain) represented.add(c);
      return chain.map(refOf);
    }
    return undefined;
  }

  const taken = new Set(pods.map((p) => `${p.namespace}/${p.name}`));
  for (const w of byKey.values()) {
    if (represented.has(w) || parentOf(w) || maxReplicas === 0) continue;
    const spec = asObj(w.template.spec);
    const specPath = [...w.templatePath, 'spec'];
    const reader = new ObjectReader({ value: {}, source: w.source }, { kind: w.kind, namespace: w.namespace, name: w.name });
    const fields = podSpecFields(spec, reader, specPath);
    for (const x of reader.diagnostics) diagnostics.push(x);
    let placement: (string | undefined)[];
    let replicas: number;
    if (w.kind === 'DaemonSet') {
      const nodeSelector = stringMap(spec.nodeSelector);
      const eligible = nodes.filter((n) => Object.entries(nodeSelector).every(([k, v]) => n.labels[k] === v));
      placement = nodes.length === 0 ? [undefined] : eligible.map((n) => n.name);
      replicas = placement.length;
    } else {
      replicas = w.replicas ?? 1;
      placement = Array.from({ length: Math.min(replicas, maxReplicas) }, () => undefined);
    }
    const ref = refOf(w);
    const names: string[] = [];
    placement.forEach((node, index) => {
      const name = `${w.name}-${index}`;
      const key = `${w.namespace}/${name}`;
      if (taken.has(key)) {
        diagnostics.push({
          severity: 'warning',
          code: 'input.workload',
          message: `pod ${key} of ${formatWorkloadRef(ref)} is not synthesized: another pod has this name`,
          object: ref,
          location: w.source?.locate(['metadata', 'name']),
        });
        return;
      }
      taken.add(key);
      names.push(name);
      pods.push({
        namespace: w.namespace,
        name,
        labels: stringMap(asObj(w.template.metadata).labels),
        ...fields,
        nodeName: node ?? fields.nodeName,
        ips: [],
        source: w.source,
        owners: [ref],
        synthesized: { workload: ref, index, count: placement.length, replicas, template: w.template },
      });
    });
    const capped = replicas > placement.length && w.kind !== 'DaemonSet' ? ` (${replicas} replicas, capped at ${maxReplicas})` : '';
    diagnostics.push({
      severity: 'info',
      code: 'input.workload',
      message:
        names.length === 0
          ? `${formatWorkloadRef(ref)} has no pod in the input and ${w.kind === 'DaemonSet' ? 'no node its nodeSelector matches' : 'asks for 0 replicas'}: no pod synthesized`
          : `${formatWorkloadRef(ref)} has no pod in the input: ${names.length} synthesized from its template${capped} (${names.join(', ')})`,
      object: ref,
      location: w.source?.locate(w.templatePath),
    });
  }
  return { pods, diagnostics };
}
