/**
 * One place that turns Kubernetes objects into a cluster, its accepted and rejected
 * policies, and an engine. Every command starts here.
 */

import { dnsCacheKey } from '../policy/l7/index.js';
import { Cluster, type ClusterOptions, type Diagnostic, type K8sObject } from '../cluster/index.js';
import { PolicyEngine } from '../engine/index.js';
import { admitObjects, type Admission } from '../policy/kinds.js';
import { loadPolicies, type PolicyLoadOptions, type PolicyLoadResult } from '../policy/load.js';

export interface DnsInput {
  /** name -> addresses */
  readonly answers: Readonly<Record<string, readonly string[]>>;
  /** `shared`: every node's proxy saw these answers; `learn`: only where a pod may resolve them */
  readonly mode: 'shared' | 'learn';
}

/** `settings` (ClusterOptions): Cilium agent settings that change verdicts (Cilium's defaults otherwise) */
export interface ModelOptions extends PolicyLoadOptions, ClusterOptions {
  readonly dns?: DnsInput | undefined;
}

export interface Model {
  readonly cluster: Cluster;
  readonly policies: PolicyLoadResult;
  readonly engine: PolicyEngine;
  /** problems in the cluster objects and in policies (warnings included) */
  readonly diagnostics: readonly Diagnostic[];
  /** objects the API server would refuse (policies among them are in policies.rejected), kinds left out */
  readonly admission: Pick<Admission, 'refused' | 'ignored'>;
}

export function buildModel(objects: readonly K8sObject[], options: ModelOptions = {}): Model {
  const admission = admitObjects(objects);
  const { cluster, diagnostics } = Cluster.build(admission.objects, options);
  const policies = loadPolicies(admission.objects, cluster, options);
  const engine = new PolicyEngine(cluster, policies.accepted, { dns: options.dns, settings: options.settings });
  return {
    cluster,
    policies,
    engine,
    diagnostics: [...admission.diagnostics, ...diagnostics, ...policies.diagnostics],
    admission: { refused: admission.refused, ignored: admission.ignored },
  };
}

/** Merges DNS answer maps (later ones add addresses). */
export function mergeDns(...maps: Readonly<Record<string, readonly string[]>>[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of maps) {
    for (const [name, ips] of Object.entries(m)) {
      const key = dnsCacheKey(name);
      out[key] = [...new Set([...(out[key] ?? []), ...ips])];
    }
  }
  return out;
}
