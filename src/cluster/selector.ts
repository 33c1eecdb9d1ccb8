/**
 * Label selectors over Cilium labels. A requirement key carries a source: `k8s:app` matches
 * only k8s labels, `any:app` (what a key without source becomes) matches the key from any
 * source, `cidr:P` matches identities whose prefix lies inside P.
 */

import { parseCidrOrIp, prefixContains, type Prefix } from '../net/index.js';
import { SOURCE_ANY, SOURCE_CIDR, type LabelSet } from './labels.js';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  readonly source: string;
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

/** What a selector is matched against: labels, plus the prefix of a world (CIDR) identity. */
export interface Selectable {
  readonly labels: LabelSet;
  readonly prefix?: Prefix | undefined;
}

/** Splits `src:key` into source and key; keys without a source get `defaultSource`. */
export function splitSourceKey(encoded: string, defaultSource = SOURCE_ANY): { source: string; key: string } {
  const colon = encoded.indexOf(':');
  if (colon === -1) return { source: defaultSource, key: encoded };
  return { source: encoded.slice(0, colon), key: encoded.slice(colon + 1) };
}

export function formatRequirement(r: Requirement): string {
  const key = `${r.source}:${r.key}`;
  switch (r.operator) {
    case 'Exists': return key;
    case 'DoesNotExist': return `!${key}`;
    case 'In': return r.values.length === 1 ? `${key}=${r.values[0]}` : `${key} in (${r.values.join(',')})`;
    case 'NotIn': return `${key} notin (${r.values.join(',')})`;
  }
}

/** `cidr:` requirement keys parsed once (selectors are matched against every identity) */
const cidrKeys = new Map<string, Prefix | null>();

function cidrMatches(key: string, target: Selectable): boolean {
  if (!target.prefix) return false;
  let prefix = cidrKeys.get(key);
  if (prefix === undefined) {
    const parsed = parseCidrOrIp(key);
    prefix = parsed.ok ? parsed.prefix : null;
    if (cidrKeys.size < 100_000) cidrKeys.set(key, prefix);
  }
  return prefix !== null && prefixContains(prefix, target.prefix);
}

function hasKey(r: Requirement, target: Selectable): string | undefined {
  if (r.source === SOURCE_CIDR) return cidrMatches(r.key, target) ? '' : undefined;
  const label = target.labels.get(r.key);
  if (!label) return undefined;
  if (r.source !== SOURCE_ANY && label.source !== r.source) return undefined;
  return label.value;
}

export function requirementMatches(r: Requirement, target: Selectable): boolean {
  const value = hasKey(r, target);
  switch (r.operator) {
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'In': return value !== undefined && r.values.includes(value);
    case 'NotIn': return value === undefined || !r.values.includes(value);
  }
}

/** A compiled selector: all requirements must hold. No requirements = wildcard. */
export class LabelSelector {
  readonly requirements: readonly Requirement[];
  /** canonical text: equal selectors have equal keys */
  readonly key: string;

  constructor(requirements: readonly Requirement[]) {
    let sorted: Requirement[];
    if (requirements.length <= 1) sorted = [...requirements];
    else {
      const keyed = requirements.map((r) => ({ r, order: requirementOrder(r) }));
      keyed.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
      sorted = keyed.map((k) => k.r);
    }
    this.requirements = sorted;
    let key = '';
    for (let i = 0; i < sorted.length; i++) key += i === 0 ? formatRequirement(sorted[i]!) : `, ${formatRequirement(sorted[i]!)}`;
    this.key = sorted.length === 0 ? '{}' : key;
  }

  get isWildcard(): boolean {
    return this.requirements.length === 0;
  }

  matches(target: Selectable): boolean {
    for (const r of this.requirements) if (!requirementMatches(r, target)) return false;
    return true;
  }

  /** True when a requirement names this key (with `k8s` or `any` source). */
  hasKey(key: string, sources: readonly string[] = ['k8s', SOURCE_ANY]): boolean {
    return this.requirements.some((r) => r.key === key && sources.includes(r.source));
  }

  hasKeyPrefix(prefix: string, sources: readonly string[] = ['k8s', SOURCE_ANY]): boolean {
    return this.requirements.some((r) => r.key.startsWith(prefix) && sources.includes(r.source));
  }

  hasSource(source: string): boolean {
    return this.requirements.some((r) => r.source === source);
  }

  with(...extra: Requirement[]): LabelSelector {
    return new LabelSelector([...this.requirements, ...extra]);
  }

  toString(): string {
    return this.key;
  }
}

/** The sort key of a requirement: selectors list them in this order (and so have one canonical key). */
function requirementOrder(r: Requirement): string {
  return `${r.source}:${r.key}:${r.operator}:${r.values.join(',')}`;
}

export function equals(source: string, key: string, value: string): Requirement {
  return { source, key, operator: 'In', values: [value] };
}

export function exists(source: string, key: string): Requirement {
  return { source, key, operator: 'Exists', values: [] };
}

export const WILDCARD_SELECTOR = new LabelSelector([]);
