/**
 * The policy repository: every entry of every accepted policy, and for an identity the
 * entries whose subject selects it, per direction.
 */

import { POD_NAMESPACE_LABEL, SOURCE_K8S, type Identity, type LabelSelector } from '../cluster/index.js';

/** The namespace a subject selector requires (`k8s:io.kubernetes.pod.namespace=<ns>`), if any. */
function pinnedNamespace(selector: LabelSelector): string | undefined {
  const r = selector.requirements.find((x) => x.key === POD_NAMESPACE_LABEL && x.operator === 'In' && x.values.length === 1 && (x.source === SOURCE_K8S || x.source === 'any'));
  return r?.values[0];
}
import type { Direction, ParsedPolicy, PolicyEntry } from '../policy/entry.js';

export interface SelectingEntries {
  readonly ingress: readonly PolicyEntry[];
  readonly egress: readonly PolicyEntry[];
}

export class Repository {
  readonly entries: readonly PolicyEntry[];
  private readonly bySubject = new Map<string, PolicyEntry[]>();
  /** subject selectors pinned to one namespace (namespaced policies), and the others */
  private readonly subjectsByNamespace = new Map<string, PolicyEntry[][]>();
  private readonly clusterwideSubjects: PolicyEntry[][] = [];
  private readonly subjectMatch = new Map<string, Map<number, boolean>>();
  private readonly order = new Map<PolicyEntry, number>();

  constructor(readonly policies: readonly ParsedPolicy[]) {
    this.entries = policies.flatMap((p) => p.entries);
    this.entries.forEach((e, i) => this.order.set(e, i));
    for (const e of this.entries) {
      let list = this.bySubject.get(e.subject.key);
      if (!list) this.bySubject.set(e.subject.key, (list = []));
      list.push(e);
    }
    for (const list of this.bySubject.values()) {
      const ns = pinnedNamespace(list[0]!.subject);
      if (ns === undefined) this.clusterwideSubjects.push(list);
      else {
        let group = this.subjectsByNamespace.get(ns);
        if (!group) this.subjectsByNamespace.set(ns, (group = []));
        group.push(list);
      }
    }
  }

  /** Entries that apply to an identity. Only pod identities are subjects of pod policies. */
  selecting(identity: Identity): SelectingEntries {
    const ingress: PolicyEntry[] = [];
    const egress: PolicyEntry[] = [];
    if (identity.kind !== 'pod') return { ingress, egress };
    const candidates = [...this.clusterwideSubjects, ...(this.subjectsByNamespace.get(identity.namespace ?? '') ?? [])];
    for (const list of candidates) {
      const subject = list[0]!.subject;
      let byId = this.subjectMatch.get(subject.key);
      if (!byId) this.subjectMatch.set(subject.key, (byId = new Map()));
      let m = byId.get(identity.id);
      if (m === undefined) byId.set(identity.id, (m = subject.matches(identity)));
      if (!m) continue;
      for (const e of list) (e.direction === 'ingress' ? ingress : egress).push(e);
    }
    const order = (a: PolicyEntry, b: PolicyEntry) => this.order.get(a)! - this.order.get(b)!;
    return { ingress: ingress.sort(order), egress: egress.sort(order) };
  }

  static directionOf(entries: SelectingEntries, direction: Direction): readonly PolicyEntry[] {
    return direction === 'ingress' ? entries.ingress : entries.egress;
  }
}
