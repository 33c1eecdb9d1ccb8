/**
 * Which objects the API server would take, before anything reads them: the kinds Membrane
 * models with the apiVersions the API server serves for them (core kinds, discovery.k8s.io/v1,
 * networking.k8s.io/v1, and the versions the Cilium CRDs in ../shared/corpus/crds serve), and
 * the API server's name rules per kind. An object it would refuse does not count: a policy
 * with a wrong apiVersion or name is rejected (load.ts), any other object is left out with
 * an error. Kinds Membrane does not model are listed as ignored; a misspelled kind gets a
 * did-you-mean; network policy kinds Cilium does not enforce are called out.
 */

import type { Diagnostic, K8sObject, ObjectRef, PathSegment } from '../cluster/index.js';
import { CRD_SERVED_VERSIONS } from './schema/crd-versions.generated.js';
import { editDistance } from './schema/did-you-mean.js';

type NameRule = 'subdomain' | 'label' | 'dns1035';

interface KindInfo {
  readonly apiVersions: readonly string[];
  readonly namespaced: boolean;
  /** the API server's rule for metadata.name (pkg/apis/core/validation and friends) */
  readonly name: NameRule;
}

/** The kinds Membrane reads. */
export const MODELED_KINDS: Readonly<Record<string, KindInfo>> = {
  Pod: { apiVersions: ['v1'], namespaced: true, name: 'subdomain' }, // ValidatePodName
  Namespace: { apiVersions: ['v1'], namespaced: false, name: 'label' }, // ValidateNamespaceName
  Node: { apiVersions: ['v1'], namespaced: false, name: 'subdomain' }, // ValidateNodeName
  Service: { apiVersions: ['v1'], namespaced: true, name: 'dns1035' }, // ValidateServiceName
  Endpoints: { apiVersions: ['v1'], namespaced: true, name: 'subdomain' }, // ValidateEndpointsName
  EndpointSlice: { apiVersions: ['discovery.k8s.io/v1'], namespaced: true, name: 'subdomain' },
  NetworkPolicy: { apiVersions: ['networking.k8s.io/v1'], namespaced: true, name: 'subdomain' }, // ValidateNetworkPolicyName
  // custom resources: the API extensions server checks names as DNS subdomains
  CiliumNetworkPolicy: { apiVersions: CRD_SERVED_VERSIONS.CiliumNetworkPolicy, namespaced: true, name: 'subdomain' },
  CiliumClusterwideNetworkPolicy: { apiVersions: CRD_SERVED_VERSIONS.CiliumClusterwideNetworkPolicy, namespaced: false, name: 'subdomain' },
  CiliumCIDRGroup: { apiVersions: CRD_SERVED_VERSIONS.CiliumCIDRGroup, namespaced: false, name: 'subdomain' },
  // workloads become their pods (cluster/workloads.ts); apps and batch validation check names as DNS subdomains
  Deployment: { apiVersions: ['apps/v1'], namespaced: true, name: 'subdomain' },
  StatefulSet: { apiVersions: ['apps/v1'], namespaced: true, name: 'subdomain' },
  DaemonSet: { apiVersions: ['apps/v1'], namespaced: true, name: 'subdomain' },
  ReplicaSet: { apiVersions: ['apps/v1'], namespaced: true, name: 'subdomain' },
  ReplicationController: { apiVersions: ['v1'], namespaced: true, name: 'subdomain' },
  Job: { apiVersions: ['batch/v1'], namespaced: true, name: 'subdomain' },
  CronJob: { apiVersions: ['batch/v1'], namespaced: true, name: 'subdomain' },
};

/** Network policy APIs of other projects or proposals: accepted where installed, never enforced by Cilium. */
const NOT_ENFORCED: readonly { readonly group: string; readonly kinds: readonly string[]; readonly what: string }[] = [
  { group: 'policy.networking.k8s.io', kinds: ['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'], what: 'the Network Policy API (sig-network-policy-api)' },
  { group: 'projectcalico.org', kinds: ['NetworkPolicy', 'GlobalNetworkPolicy', 'StagedNetworkPolicy', 'StagedGlobalNetworkPolicy'], what: 'Calico' },
  { group: 'crd.projectcalico.org', kinds: ['NetworkPolicy', 'GlobalNetworkPolicy'], what: 'Calico' },
  { group: 'crd.antrea.io', kinds: ['NetworkPolicy', 'ClusterNetworkPolicy'], what: 'Antrea' },
];

/** Real kinds that are close in spelling to a modeled one (no did-you-mean for these). */
const OTHER_KINDS = new Set([
  'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'ServiceAccount', 'ConfigMap', 'Secret',
  'Ingress', 'IngressClass', 'PodTemplate', 'PodDisruptionBudget',
  'ComponentStatus', 'Event', 'Lease', 'Binding', 'NodeMetrics', 'PodMetrics', 'CiliumNode', 'CiliumEndpoint', 'CiliumEndpointSlice',
  'CiliumIdentity', 'CiliumPodIPPool', 'CiliumNodeConfig', 'CiliumEnvoyConfig', 'CiliumClusterwideEnvoyConfig', 'CiliumLocalRedirectPolicy',
  'CiliumEgressGatewayPolicy', 'CiliumLoadBalancerIPPool', 'CiliumL2AnnouncementPolicy', 'CiliumBGPPeeringPolicy', 'CiliumExternalWorkload',
  'ServiceEntry', 'ServiceMonitor', 'PodMonitor', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'Gateway', 'GatewayClass',
]);

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** The API server's message for a name that breaks a rule (k8s.io/apimachinery validation), or undefined. */
export function nameProblem(value: string, rule: NameRule): string | undefined {
  switch (rule) {
    case 'subdomain':
      if (value.length > 253) return 'must be no more than 253 characters';
      if (!SUBDOMAIN.test(value)) return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')";
      return undefined;
    case 'label':
      if (value.length > 63) return 'must be no more than 63 characters';
      if (!LABEL.test(value)) return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')";
      return undefined;
    case 'dns1035':
      if (value.length > 63) return 'must be no more than 63 characters';
      if (!DNS1035.test(value)) return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123')";
      return undefined;
  }
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An error the API server would give for this object, by path. */
export interface ObjectProblem {
  readonly path: readonly PathSegment[];
  readonly message: string;
  readonly hint?: string | undefined;
}

/** Is this object the modeled kind its `kind` names (same API group), whatever its version? */
export function isModeledKind(obj: K8sObject, kind: string): boolean {
  const info = MODELED_KINDS[kind];
  if (!info || obj.value.kind !== kind) return false;
  const group = groupOf(String(obj.value.apiVersion ?? ''));
  return info.apiVersions.some((v) => groupOf(v) === group);
}

/**
 * What the API server would refuse in a modeled object: an apiVersion it does not serve for
 * the kind, a missing or malformed name, a malformed namespace.
 */
export function objectProblems(obj: K8sObject): ObjectProblem[] {
  const kind = String(obj.value.kind);
  const info = MODELED_KINDS[kind];
  if (!info) return [];
  const problems: ObjectProblem[] = [];
  const apiVersion = String(obj.value.apiVersion ?? '');
  if (!info.apiVersions.includes(apiVersion)) {
    problems.push({
      path: ['apiVersion'],
      message: `no matches for kind "${kind}" in version "${apiVersion}": the API server serves ${kind} as ${info.apiVersions.join(' or ')}`,
      hint: `apiVersion: ${info.apiVersions[info.apiVersions.length - 1]}`,
    });
  }
  const meta = isObj(obj.value.metadata) ? obj.value.metadata : {};
  const name = meta.name;
  if (typeof name !== 'string' || name === '') {
    problems.push({ path: ['metadata', 'name'], message: 'metadata.name: Required value: name is required' });
  } else {
    const p = nameProblem(name, info.name);
    if (p) problems.push({ path: ['metadata', 'name'], message: `metadata.name: Invalid value: ${JSON.stringify(name)}: ${p}` });
  }
  const namespace = meta.namespace;
  if (info.namespaced && namespace !== undefined && namespace !== null && namespace !== '') {
    const p = typeof namespace === 'string' ? nameProblem(namespace, 'label') : 'must be a string';
    if (p) problems.push({ path: ['metadata', 'namespace'], message: `metadata.namespace: Invalid value: ${JSON.stringify(namespace)}: ${p}` });
  }
  return problems;
}

/** The modeled kind a misspelled kind most likely meant (`CiliumNetworkPolicies` -> `CiliumNetworkPolicy`). */
export function suggestKind(kind: string): string | undefined {
  if (OTHER_KINDS.has(kind) || MODELED_KINDS[kind]) return undefined;
  const lower = kind.toLowerCase();
  const variants = new Set([lower, lower.replace(/ies$/, 'y'), lower.replace(/s$/, ''), lower.replace(/es$/, '')]);
  let best: { kind: string; distance: number } | undefined;
  for (const candidate of Object.keys(MODELED_KINDS)) {
    const c = candidate.toLowerCase();
    for (const v of variants) {
      const d = editDistance(v, c);
      if (d <= Math.max(1, Math.min(2, Math.floor(c.length / 5))) && (!best || d < best.distance)) best = { kind: candidate, distance: d };
    }
  }
  return best?.kind;
}

function refOf(obj: K8sObject): ObjectRef {
  const meta = isObj(obj.value.metadata) ? obj.value.metadata : {};
  return {
    kind: String(obj.value.kind),
    namespace: typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined,
    name: typeof meta.name === 'string' ? meta.name : '',
  };
}

export interface Admission {
  /** objects to read: modeled kinds the API server takes, and every policy kind (load.ts judges those) */
  readonly objects: K8sObject[];
  /** errors for refused objects, warnings for policies Cilium does not enforce, one info per ignored kind */
  readonly diagnostics: Diagnostic[];
  /** objects the API server would refuse (not policies: those are rejected policies) */
  readonly refused: { readonly ref: ObjectRef; readonly diagnostics: readonly Diagnostic[] }[];
  /** kinds left out: kind -> count */
  readonly ignored: ReadonlyMap<string, number>;
}

/** API groups of Kubernetes and Cilium: a modeled kind in one of them with another version is refused. */
const KUBERNETES_GROUPS = new Set(['', 'extensions', 'apps', 'batch', 'policy', 'cilium.io']);

/** Kinds whose objects load.ts judges itself (they become rejected policies). */
const POLICY_KIND_NAMES = new Set(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'NetworkPolicy']);

export function admitObjects(objects: readonly K8sObject[]): Admission {
  const out: Admission = { objects: [], diagnostics: [], refused: [], ignored: new Map() };
  const ignored = out.ignored as Map<string, number>;
  for (const obj of objects) {
    const kind = String(obj.value.kind);
    const apiVersion = String(obj.value.apiVersion ?? '');
    const group = groupOf(apiVersion);
    const ref = refOf(obj);
    const at = (path: readonly PathSegment[], key = false) => {
      const location = obj.source?.locate(path, { key });
      return { location, excerpt: location ? obj.source?.excerpt?.(location) : undefined };
    };
    if (isModeledKind(obj, kind)) {
      if (POLICY_KIND_NAMES.has(kind)) {
        out.objects.push(obj);
        continue;
      }
      const problems = objectProblems(obj);
      if (problems.length === 0) {
        out.objects.push(obj);
        continue;
      }
      const diagnostics: Diagnostic[] = problems.map((p) => ({
        severity: 'error',
        code: 'k8s.object',
        message: `the API server would refuse this ${kind}: ${p.message}; it is left out`,
        object: ref,
        path: p.path,
        hint: p.hint,
        ...at(p.path),
      }));
      out.refused.push({ ref, diagnostics });
      for (const d of diagnostics) out.diagnostics.push(d);
      continue;
    }
    const other = NOT_ENFORCED.find((n) => n.group === group && n.kinds.includes(kind));
    if (other) {
      out.diagnostics.push({
        severity: 'warning',
        code: 'k8s.not-enforced',
        message: `${kind} (${apiVersion}) belongs to ${other.what}: Cilium does not enforce it, so Membrane ignores it; write it as a CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy or NetworkPolicy`,
        object: ref,
        ...at(['kind']),
      });
      const key = MODELED_KINDS[kind] ? `${kind} (${apiVersion})` : kind;
      ignored.set(key, (ignored.get(key) ?? 0) + 1);
      continue;
    }
    const modeled = MODELED_KINDS[kind];
    if (modeled && (KUBERNETES_GROUPS.has(group) || group.endsWith('.k8s.io'))) {
      // e.g. extensions/v1beta1 NetworkPolicy: a version Kubernetes no longer serves
      const diagnostics: Diagnostic[] = [{
        severity: 'error',
        code: 'k8s.object',
        message: `no matches for kind "${kind}" in version "${apiVersion}": the API server serves ${kind} as ${modeled.apiVersions.join(' or ')}; it is left out`,
        object: ref,
        path: ['apiVersion'],
        hint: `apiVersion: ${modeled.apiVersions[modeled.apiVersions.length - 1]}`,
        ...at(['apiVersion']),
      }];
      out.refused.push({ ref, diagnostics });
      for (const d of diagnostics) out.diagnostics.push(d);
      continue;
    }
    if (modeled) {
      // a kind of the same name in another project's API group
      out.diagnostics.push({
        severity: 'warning',
        code: 'k8s.not-enforced',
        message: `${kind} (${apiVersion}) is not the ${kind} Membrane models (${modeled.apiVersions.join(', ')}): Cilium does not read it, so Membrane ignores it`,
        object: ref,
        ...at(['apiVersion']),
      });
      ignored.set(`${kind} (${apiVersion})`, (ignored.get(`${kind} (${apiVersion})`) ?? 0) + 1);
      continue;
    }
    const suggestion = suggestKind(kind);
    if (suggestion) {
      const diagnostics: Diagnostic[] = [{
        severity: 'error',
        code: 'k8s.unknown-kind',
        message: `no kind "${kind}" in ${apiVersion || 'this apiVersion'}: the API server would refuse it; it is ignored`,
        object: ref,
        path: ['kind'],
        hint: `did you mean "${suggestion}"?`,
        ...at(['kind']),
      }];
      out.refused.push({ ref, diagnostics });
      for (const d of diagnostics) out.diagnostics.push(d);
      continue;
    }
    ignored.set(kind, (ignored.get(kind) ?? 0) + 1);
  }
  if (ignored.size > 0) {
    const list = [...ignored].map(([k, n]) => `${k} (${n})`).join(', ');
    out.diagnostics.push({ severity: 'info', code: 'input.ignored-kinds', message: `ignored objects of kinds Membrane does not model: ${list}` });
  }
  return out;
}
