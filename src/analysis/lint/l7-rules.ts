/** Helpers for the checks about L7 rules: which contributions carry them, how to name them. */

import { namedPortsOf, type Identity } from '../../cluster/index.js';
import type { Contribution, L4Filter, PerSelectorPolicy } from '../../engine/index.js';
import { protocolName } from '../../net/index.js';
import type { Direction, PortRuleEntry } from '../../policy/entry.js';
import { listText, podNames } from './context.js';

export const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

export type RuleContribution = Extract<Contribution, { kind: 'rule' }>;

export function l7Contributions(psp: PerSelectorPolicy): RuleContribution[] {
  return psp.contributions.filter((c): c is RuleContribution => c.kind === 'rule' && c.portRule?.l7 !== undefined);
}

/** L7 rules that let everything through anyway (`matchPattern: "*"`, an empty HTTP rule). */
export function matchesEverything(portRule: PortRuleEntry): boolean {
  const l7 = portRule.l7;
  if (!l7) return true;
  return l7.kind === 'dns' ? l7.rules.some((r) => r.matcher.matchesAll) : l7.rules.some((r) => r.text === 'any request');
}

/** The port of a filter for one peer (named ports resolve on the subject for ingress, the peer for egress). */
export function filterPort(filter: L4Filter, direction: Direction, subject: Identity, peer: Identity | undefined): number | undefined {
  if (filter.portName === undefined) return filter.port;
  const owner = direction === 'ingress' ? subject : peer;
  if (!owner) return undefined;
  const numbers = namedPortsOf(owner.pods).get(`${filter.portName}/${protocolName(filter.protocol)}`);
  return numbers && numbers.size === 1 ? [...numbers][0] : undefined;
}

export function peerName(identity: Identity): string[] {
  return identity.kind === 'pod' && identity.pods.length > 0 ? podNames([identity]) : [identity.name];
}

export function l7Text(portRule: PortRuleEntry): string {
  const l7 = portRule.l7!;
  const rules = l7.rules.map((r) => r.text);
  return `${l7.kind === 'http' ? 'HTTP' : 'DNS'} rules (${listText(rules, 2)})`;
}
