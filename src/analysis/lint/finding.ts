/**
 * A lint finding: one thing a policy set gets wrong, with the rule that found it, the policy
 * and field it points at (and where that is written), one specific sentence, why it matters,
 * and a suggested fix. Plain data: report/lint-report.ts renders it.
 */

import { formatPath, type PathSegment, type SourceLocation } from '../../cluster/index.js';
import { formatPolicyRef, type PolicyRef } from '../../policy/entry.js';

export type LintSeverity = 'error' | 'warning' | 'info';

export const SEVERITY_ORDER: Readonly<Record<LintSeverity, number>> = { info: 0, warning: 1, error: 2 };

/** The policy a finding is about, without its source document (JSON-ready). */
export interface FindingPolicy {
  readonly kind: PolicyRef['kind'];
  readonly namespace?: string | undefined;
  readonly name: string;
}

export interface FindingFix {
  /** what to change, in one or two sentences */
  readonly description: string;
  /** a YAML snippet to add or replace (indented as it would be written under the field) */
  readonly yaml?: string | undefined;
}

/** Another place that takes part in the finding (the rule that shadows, the deny that wins). */
export interface RelatedLocation {
  readonly message: string;
  readonly policy?: FindingPolicy | undefined;
  readonly path?: readonly PathSegment[] | undefined;
  readonly location?: SourceLocation | undefined;
}

export interface Finding {
  /** rule id, e.g. `dns-blocked-by-egress` */
  readonly id: string;
  readonly severity: LintSeverity;
  readonly policy: FindingPolicy;
  /** the field the finding points at, inside the policy object */
  readonly path: readonly PathSegment[];
  /** file:line:column of that field, when the policy was read from a file */
  readonly location?: SourceLocation | undefined;
  /** the source line at the location, with a caret under the column */
  readonly excerpt?: string | undefined;
  /** one specific sentence: names the pods, peers and ports */
  readonly message: string;
  /** why it matters (the rule's rationale, sometimes specialised) */
  readonly why: string;
  readonly fix?: FindingFix | undefined;
  readonly related?: readonly RelatedLocation[] | undefined;
  /** the pods the finding is about (`namespace/name`), when it is about pods */
  readonly pods?: readonly string[] | undefined;
}

export function findingPolicy(ref: Pick<PolicyRef, 'kind' | 'namespace' | 'name'>): FindingPolicy {
  return ref.namespace !== undefined ? { kind: ref.kind, namespace: ref.namespace, name: ref.name } : { kind: ref.kind, name: ref.name };
}

export function formatFindingPolicy(p: FindingPolicy): string {
  return formatPolicyRef(p);
}

/** The location of a path in a policy, or of its nearest written parent. */
export function locate(ref: PolicyRef, path: readonly PathSegment[]): SourceLocation | undefined {
  return ref.source?.locate(path);
}

export function relatedAt(ref: PolicyRef, path: readonly PathSegment[], message: string): RelatedLocation {
  return { message, policy: findingPolicy(ref), path, location: locate(ref, path) };
}

/** Order of reports: by file, line and column, then rule id; findings without location last. */
export function compareFindings(a: Finding, b: Finding): number {
  const la = a.location;
  const lb = b.location;
  if (la && !lb) return -1;
  if (!la && lb) return 1;
  if (la && lb) {
    if (la.file !== lb.file) return la.file < lb.file ? -1 : 1;
    if (la.line !== lb.line) return la.line - lb.line;
    if (la.column !== lb.column) return la.column - lb.column;
  }
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  const pa = `${formatFindingPolicy(a.policy)} ${formatPath(a.path)}`;
  const pb = `${formatFindingPolicy(b.policy)} ${formatPath(b.path)}`;
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export function atLeast(severity: LintSeverity, threshold: LintSeverity): boolean {
  return SEVERITY_ORDER[severity] >= SEVERITY_ORDER[threshold];
}
