/**
 * The policy repository: every entry of every accepted policy, and for an identity the
 * entries whose subject selects it, per direction.
 */

import type { Identity } from '../cluster/index.js';
import type { Direction, ParsedPolicy, PolicyEntry } from '../policy/entry.js';

export interface SelectingEntries {
  readonly ingress: readonly PolicyEntry[];
  readonly egress: readonly PolicyEntry[];
}

export class Repository {
  readonly entries: readonly PolicyEntry[];
  private readonly bySubject = new Map<string, PolicyEntry[]>();
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
  }

  /** Entries that apply to an identity. Only pod identities are subjects of pod policies. */
  selecting(identity: Identity): SelectingEntries {
    const ingress: PolicyEntry[] = [];
    const egress: PolicyEntry[] = [];
    if (identity.kind !== 'pod') return { ingress, egress };
    for (const list of this.bySubject.values()) {
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
