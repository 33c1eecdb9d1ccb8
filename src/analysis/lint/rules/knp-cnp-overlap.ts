/**
 * knp-cnp-overlap: pods selected in one direction by both a NetworkPolicy and a Cilium policy,
 * when the combination does something a reader of either policy alone would not expect:
 *
 * - the NetworkPolicy allows specific peers, and the Cilium policy allows more (allows add
 *   up, so the NetworkPolicy's restriction does not hold);
 * - Cilium deny rules remove part of what the NetworkPolicy allows (deny wins);
 * - the Cilium policy disables default deny to use its L7 rules for visibility, but the
 *   NetworkPolicy puts the pods into default deny anyway, so those L7 rules filter.
 *
 * A NetworkPolicy that only isolates (no allow rules) next to Cilium allows is the usual way
 * to combine them and is not reported.
 */

import { POD_NAMESPACE_LABEL, formatPath, type Identity } from '../../../cluster/index.js';
import type { Row } from '../../../engine/index.js';
import { formatPolicyRef, type Direction, type PolicyEntry, type PolicyRef } from '../../../policy/entry.js';
import { listText, podNames, podsText, sectionPath, type LintContext } from '../context.js';
import { relatedAt, type Finding, type LintSeverity } from '../finding.js';
import { coverage, entryCombos, hasL7, overlapping } from '../coverage.js';
import { describeEntry } from '../describe.js';

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

interface Pair {
  readonly knp: PolicyRef;
  readonly cilium: PolicyRef;
  readonly direction: Direction;
  readonly ciliumEntry: PolicyEntry;
  readonly knpEntry: PolicyEntry;
  readonly subjects: Set<Identity>;
  /** Cilium allow rules that allow more than the NetworkPolicy */
  readonly widening: Set<PolicyEntry>;
  /** the NetworkPolicy's rules that allow something */
  readonly knpAllows: Set<PolicyEntry>;
  /** NetworkPolicy rules partly denied, and the Cilium deny rules that do it */
  readonly deniedAllows: Set<PolicyEntry>;
  readonly denies: Set<PolicyEntry>;
  /** Cilium rules with L7 rules and enableDefaultDeny false */
  readonly visibility: Set<PolicyEntry>;
}

/** A NetworkPolicy with `podSelector: {}`: it selects its whole namespace. */
function namespaceWide(entry: PolicyEntry): boolean {
  return entry.subject.requirements.every((r) => r.key === POD_NAMESPACE_LABEL);
}

const ruleOf = (row: Row, keep: (e: PolicyEntry) => boolean): PolicyEntry[] =>
  row.policy.contributions.flatMap((c) => (c.kind === 'rule' && keep(c.entry) ? [c.entry] : []));

export function checkKnpCnpOverlap(ctx: LintContext): Finding[] {
  const pairs = new Map<string, Pair>();
  for (const subject of ctx.podIdentities) {
    for (const direction of DIRECTIONS) {
      const selecting = ctx.selecting(subject, direction);
      const knps = selecting.filter((e) => e.origin.policy.kind === 'NetworkPolicy');
      const cils = selecting.filter((e) => e.origin.policy.kind !== 'NetworkPolicy');
      if (knps.length === 0 || cils.length === 0) continue;
      const map = ctx.map(subject, direction);
      if (map.policy.conflicts.length > 0) continue;
      for (const knp of new Set(knps.map((e) => e.origin.policy))) {
        const knpEntries = knps.filter((e) => e.origin.policy === knp);
        const knpCombos = knpEntries.map((e) => ({ e, combos: entryCombos(ctx, e, subject) }));
        const knpAllows = knpCombos.some((k) => k.combos.length > 0);
        const fromKnp = (r: Row) => !r.deny && r.policy.contributions.some((c) => c.kind === 'rule' && c.entry.origin.policy === knp);
        for (const cilium of new Set(cils.map((e) => e.origin.policy))) {
          const ciliumEntries = cils.filter((e) => e.origin.policy === cilium);
          const widening = new Set<PolicyEntry>();
          const deniedAllows = new Set<PolicyEntry>();
          const denies = new Set<PolicyEntry>();
          // a namespace-wide NetworkPolicy is a baseline; one written for these pods is meant to restrict them
          if (knpAllows && !namespaceWide(knpEntries[0]!)) {
            for (const e of ciliumEntries) {
              if (e.deny) continue;
              const wider = entryCombos(ctx, e, subject).some((combo) => !coverage(map, combo, (r) => r.deny).covered && !coverage(map, combo, fromKnp).covered);
              if (wider) widening.add(e);
            }
          }
          for (const { e, combos } of knpCombos) {
            for (const combo of combos) {
              const rows = overlapping(map, combo, (r) => r.deny && r.policy.contributions.some((c) => c.kind === 'rule' && c.entry.origin.policy === cilium));
              if (rows.length === 0) continue;
              deniedAllows.add(e);
              for (const row of rows) for (const d of ruleOf(row, (x) => x.origin.policy === cilium)) denies.add(d);
            }
          }
          const visibility = new Set(ciliumEntries.filter((e) => !e.defaultDeny && !e.deny && hasL7(e)));
          if (widening.size === 0 && deniedAllows.size === 0 && visibility.size === 0) continue;
          const key = `${formatPolicyRef(knp)}|${formatPolicyRef(cilium)}|${direction}`;
          let pair = pairs.get(key);
          if (!pair) {
            pairs.set(key, (pair = {
              knp, cilium, direction, ciliumEntry: ciliumEntries[0]!, knpEntry: knpEntries[0]!, subjects: new Set(),
              widening: new Set(), knpAllows: new Set(), deniedAllows: new Set(), denies: new Set(), visibility: new Set(),
            }));
          }
          pair.subjects.add(subject);
          for (const e of widening) pair.widening.add(e);
          for (const k of knpCombos) if (k.combos.length > 0) pair.knpAllows.add(k.e);
          for (const e of deniedAllows) pair.deniedAllows.add(e);
          for (const e of denies) pair.denies.add(e);
          for (const e of visibility) pair.visibility.add(e);
        }
      }
    }
  }
  const findings: Finding[] = [];
  // one text per rule (a NetworkPolicy rule with several peers has one entry per peer)
  const rules = (entries: Iterable<PolicyEntry>) => {
    const byPath = new Map<string, PolicyEntry[]>();
    for (const e of entries) {
      const k = formatPath(e.origin.path);
      byPath.set(k, [...(byPath.get(k) ?? []), e]);
    }
    return listText([...byPath].map(([path, es]) => {
      const merged: PolicyEntry = { ...es[0]!, peers: es[0]!.peers === undefined ? undefined : es.flatMap((e) => e.peers ?? []) };
      return `${path} (${describeEntry(merged)})`;
    }), 3);
  };
  for (const p of pairs.values()) {
    const knpName = formatPolicyRef(p.knp);
    const parts: string[] = [];
    let severity: LintSeverity = 'info';
    if (p.widening.size > 0) {
      // a namespaced Cilium policy next to a NetworkPolicy written for the same pods: the restriction is an illusion
      if (p.cilium.kind === 'CiliumNetworkPolicy') severity = 'warning';
      parts.push(`the NetworkPolicy allows only ${rules(p.knpAllows)}, but ${rules(p.widening)} of this policy allow${p.widening.size === 1 ? 's' : ''} more, and allows add up`);
    }
    if (p.deniedAllows.size > 0) {
      severity = 'warning';
      parts.push(`${rules(p.denies)} of this policy ${p.denies.size === 1 ? 'denies' : 'deny'} part of what the NetworkPolicy's ${rules(p.deniedAllows)} allow${p.deniedAllows.size === 1 ? 's' : ''}, and deny wins`);
    }
    if (p.visibility.size > 0) {
      severity = 'warning';
      parts.push(`${rules(p.visibility)} ha${p.visibility.size === 1 ? 's' : 've'} L7 rules under enableDefaultDeny.${p.direction}: false (visibility only), but the NetworkPolicy puts the pods into ${p.direction} default deny, so those L7 rules filter`);
    }
    const pods = podNames(p.subjects);
    findings.push(ctx.finding({
      id: 'knp-cnp-overlap',
      policy: p.cilium,
      path: sectionPath(p.ciliumEntry),
      severity,
      message: `${podsText(p.subjects)} ${pods.length === 1 ? 'is' : 'are'} selected for ${p.direction} by both ${knpName} and this policy: ${parts.join('; ')}.`,
      fix: {
        description: [
          p.widening.size > 0 || p.deniedAllows.size > 0
            ? `Keep one kind of policy for these pods' ${p.direction}, or make the intent explicit: a restriction that must hold belongs in a Cilium deny rule, not in a NetworkPolicy next to a Cilium allow.`
            : '',
          p.visibility.size > 0
            ? `For L7 visibility without filtering, these pods must not be isolated by ${knpName}; otherwise let the L7 rules allow every request the pods must serve.`
            : '',
        ].filter((x) => x !== '').join(' '),
      },
      related: [relatedAt(p.knp, sectionPath(p.knpEntry), `${knpName} selects the same pods`)],
      pods,
    }));
  }
  return findings;
}
