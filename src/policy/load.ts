/**
 * Turns policy objects into accepted policies, exactly as far as Cilium would accept them:
 * the API server's strict schema validation, then Cilium's sanitizer, then translation into
 * entries. A policy with any error is rejected whole and contributes nothing.
 */

import type { Cluster, Diagnostic, K8sObject, PathSegment } from '../cluster/index.js';
import { formatPath } from '../cluster/index.js';
import type { RuleSpec } from './cilium/api.js';
import { sanitizeRule } from './cilium/sanitize.js';
import { envoyCheckIssues } from './envoy-checks.js';
import { translateRule } from './cilium/translate.js';
import type { ParsedPolicy, PolicyEntry, PolicyKind, PolicyRef } from './entry.js';
import { formatPolicyRef } from './entry.js';
import type { NetworkPolicySpec } from './knp/api.js';
import { networkPolicySchema } from './knp/schema.js';
import { isModeledKind, objectProblems } from './kinds.js';
import { translateNetworkPolicy } from './knp/translate.js';
import { validateNetworkPolicy } from './knp/validate.js';
import {
  ciliumClusterwideNetworkPolicySchema,
  ciliumNetworkPolicySchema,
  validateSchema,
  type OpenApiSchema,
} from './schema/index.js';

export const POLICY_KINDS: readonly PolicyKind[] = ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'NetworkPolicy'];

export interface RejectedPolicy {
  readonly ref: PolicyRef;
  readonly diagnostics: readonly Diagnostic[];
}

export interface PolicyLoadResult {
  /** per kind, namespace and name, the last definition the API server and Cilium accept */
  readonly accepted: ParsedPolicy[];
  /** every rejected object, also when another definition of the same name is accepted */
  readonly rejected: RejectedPolicy[];
  /** every error and warning, in input order */
  readonly diagnostics: Diagnostic[];
}

export interface PolicyLoadOptions {
  /** agent flag enable-node-selector-labels (Cilium's default: off) */
  readonly enableNodeSelectorLabels?: boolean;
}

/** A policy kind in its own API group (a Calico NetworkPolicy is not one); its version is judged when loaded. */
export function isPolicyObject(obj: K8sObject): boolean {
  const kind = obj.value.kind;
  return typeof kind === 'string' && POLICY_KIND_SET.has(kind) && isModeledKind(obj, kind);
}

const POLICY_KIND_SET: ReadonlySet<string> = new Set(POLICY_KINDS);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** L7 rule kinds the Cilium 1.20 CRD no longer has. */
const REMOVED_L7 = new Set(['kafka', 'l7proto', 'l7']);

/** The hint for an unknown field: removed L7 rules, fromRequires/toRequires, or did-you-mean. */
function unknownFieldHint(path: readonly PathSegment[], suggestion: string | undefined): string | undefined {
  const last = path[path.length - 1];
  if (path[path.length - 2] === 'rules' && typeof last === 'string' && REMOVED_L7.has(last)) {
    return 'Kafka and generic L7 (l7proto/l7) rules were removed in Cilium 1.20: the CRD has no such field, so the API server refuses the policy (kubectl validates strictly by default; with --validate=false it would prune them and allow the port WITHOUT ANY L7 filtering). Rewrite them as HTTP rules or drop them.';
  }
  return suggestion ? `did you mean "${suggestion}"?` : undefined;
}

function refOf(obj: K8sObject): PolicyRef {
  const meta = isObj(obj.value.metadata) ? obj.value.metadata : {};
  const kind = obj.value.kind as PolicyKind;
  const namespace = kind === 'CiliumClusterwideNetworkPolicy' ? undefined : typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
  return { kind, namespace, name: typeof meta.name === 'string' ? meta.name : '', source: obj.source };
}

function schemaFor(kind: PolicyKind): OpenApiSchema {
  switch (kind) {
    case 'CiliumNetworkPolicy': return ciliumNetworkPolicySchema;
    case 'CiliumClusterwideNetworkPolicy': return ciliumClusterwideNetworkPolicySchema;
    case 'NetworkPolicy': return networkPolicySchema;
  }
}

export function loadPolicies(objects: readonly K8sObject[], cluster: Cluster, options: PolicyLoadOptions = {}): PolicyLoadResult {
  const accepted = new Map<string, ParsedPolicy>();
  const rejected: RejectedPolicy[] = [];
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const obj of objects) {
    if (!isPolicyObject(obj)) continue;
    const ref = refOf(obj);
    const objectRef = { kind: ref.kind, namespace: ref.namespace, name: ref.name };
    const own: Diagnostic[] = [];
    const report = (severity: 'error' | 'warning', code: string, path: readonly PathSegment[], message: string, hint?: string) => {
      const location = obj.source?.locate(path, { key: code === 'schema.unknown-field' });
      const excerpt = location ? obj.source?.excerpt?.(location) : undefined;
      own.push({ severity, code, message, object: objectRef, path, location, excerpt, hint });
    };
    // read, never written: pruning and defaulting build their own copy (schema/prune.ts), and
    // the sanitizer and translation only read (policy-load.test.ts checks the input is unchanged)
    const value = obj.value as Obj;
    // what the API server refuses before Cilium sees it: the apiVersion, the name, the namespace
    for (const p of objectProblems(obj)) report('error', 'k8s.object', p.path, `API server validation: ${p.message}`, p.hint);
    for (const issue of validateSchema(value, schemaFor(ref.kind))) {
      // the API server appends this note to every failed validation; it is not a problem of its own
      if (issue.code === 'rule' && issue.message.includes('some validation rules were not checked')) continue;
      const requires = issue.path.some((p) => p === 'fromRequires' || p === 'toRequires');
      const hint = issue.code === 'unknown-field'
        ? unknownFieldHint(issue.path, issue.suggestion)
        : issue.suggestion
        ? `did you mean "${issue.suggestion}"?`
        : requires
          ? 'fromRequires/toRequires were disabled in Cilium 1.19 (the CRD allows no items): add the requirement to each fromEndpoints/toEndpoints selector instead'
          : undefined;
      report('error', `schema.${issue.code}`, issue.path, `API server validation: ${issue.message}`, hint);
    }
    let entries: ParsedPolicy['entries'] = [];
    try {
      if (!own.some((d) => d.severity === 'error')) {
        if (ref.kind === 'NetworkPolicy') {
          const spec = (isObj(value.spec) ? value.spec : {}) as NetworkPolicySpec;
          for (const issue of validateNetworkPolicy(spec, ref.name)) report('error', 'k8s.validation', issue.path, `API server validation: ${issue.message}`);
          if ((spec.policyTypes ?? []).length > 0) {
            const types = spec.policyTypes ?? [];
            if (!types.includes('Ingress') && (spec.ingress?.length ?? 0) > 0) {
              report('warning', 'cilium.knp-policytypes', ['spec', 'ingress'], 'policyTypes does not list Ingress, yet Cilium 1.20 still enforces these ingress rules (and isolates ingress); Kubernetes would ignore them (cilium/cilium#48703)');
            }
            if (!types.includes('Egress') && (spec.egress?.length ?? 0) > 0) {
              report('warning', 'cilium.knp-policytypes', ['spec', 'egress'], 'policyTypes does not list Egress, yet Cilium 1.20 still enforces these egress rules (and isolates egress); Kubernetes would ignore them (cilium/cilium#48703)');
            }
          }
          if (!own.some((d) => d.severity === 'error')) entries = translateNetworkPolicy(spec, ref, cluster.clusterName);
        } else {
          const rules: { rule: RuleSpec; path: PathSegment[] }[] = [];
          if (isObj(value.spec)) rules.push({ rule: value.spec as RuleSpec, path: ['spec'] });
          if (Array.isArray(value.specs)) value.specs.forEach((r, i) => rules.push({ rule: r as RuleSpec, path: ['specs', i] }));
          const label = ref.kind === 'CiliumNetworkPolicy' ? 'CiliumNetworkPolicy' : 'CiliumClusterwideNetworkPolicy';
          for (const { rule, path } of rules) {
            for (const issue of sanitizeRule(rule, path, { clusterwide: ref.kind !== 'CiliumNetworkPolicy', enableNodeSelectorLabels: options.enableNodeSelectorLabels })) {
              const where = path[0] === 'spec' ? 'spec' : 'specs';
              report(issue.severity, 'cilium.sanitize', issue.path, issue.severity === 'error' ? `Invalid ${label} ${where}: ${issue.message}` : issue.message);
            }
          }
          if (!own.some((d) => d.severity === 'error')) {
            const ctx = { policy: ref, cluster, clusterName: cluster.clusterName, warn: (p: readonly PathSegment[], m: string) => report('warning', 'membrane.model', p, m) };
            const translated: PolicyEntry[] = [];
            for (let i = 0; i < rules.length; i++) for (const e of translateRule(rules[i]!.rule, rules[i]!.path, i, ctx)) translated.push(e);
            entries = translated;
            for (const issue of envoyCheckIssues(entries)) report('warning', 'envoy.rejects', issue.path, issue.message, issue.hint);
          }
        }
      }
    } catch (err) {
      // a value of a type the schema let through but Go's decoder would refuse (the API
      // server accepts some such values; Cilium then fails to decode the policy)
      entries = [];
      report('error', 'cilium.decode', [], `cannot decode ${ref.kind}: ${(err as Error).message}`);
    }
    for (const x of own) diagnostics.push(x);
    const key = formatPolicyRef(ref);
    if (seen.has(key)) {
      diagnostics.push({
        severity: 'warning',
        code: 'input.duplicate',
        message: `${key} is defined more than once; as with kubectl apply, the last definition the API server accepts is the one in force (a rejected one does not replace an accepted one)`,
        object: objectRef,
        location: obj.source?.locate(['metadata', 'name']),
      });
    }
    seen.add(key);
    const errors = own.filter((d) => d.severity === 'error');
    if (errors.length > 0) rejected.push({ ref, diagnostics: errors });
    else accepted.set(key, { ref, entries });
  }
  return { accepted: [...accepted.values()], rejected, diagnostics };
}

export function describeDiagnosticPath(d: Diagnostic): string {
  return d.path ? formatPath(d.path) : '';
}
