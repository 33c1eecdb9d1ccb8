/**
 * `-n/--namespace`: objects of namespaced kinds written without `metadata.namespace` belong to
 * this namespace, as `kubectl apply -n NS` puts them there (without -n: `default`). Objects
 * that name a namespace keep it; cluster-scoped kinds (Namespace, Node,
 * CiliumClusterwideNetworkPolicy, CiliumCIDRGroup) have none.
 */

import { asObj, asString } from './object-fields.js';
import type { K8sObject } from './source.js';
import { WORKLOAD_KINDS } from './workloads.js';

export const DEFAULT_NAMESPACE = 'default';

/** The namespaced kinds Membrane reads. */
const NAMESPACED_KINDS: ReadonlySet<string> = new Set(['Pod', 'Service', 'EndpointSlice', 'Endpoints', 'CiliumNetworkPolicy', 'NetworkPolicy', ...WORKLOAD_KINDS]);

/** Kubernetes namespace names are DNS-1123 labels. */
export function isNamespaceName(name: string): boolean {
  return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/** The objects, those of namespaced kinds without a namespace copied into `namespace`. */
export function withDefaultNamespace(objects: readonly K8sObject[], namespace: string): K8sObject[] {
  return objects.map((obj) => {
    if (!NAMESPACED_KINDS.has(String(obj.value.kind))) return obj;
    const meta = asObj(obj.value.metadata);
    const current = asString(meta.namespace);
    if (current !== undefined && current !== '') return obj;
    return { ...obj, value: { ...obj.value, metadata: { ...meta, namespace } } };
  });
}
