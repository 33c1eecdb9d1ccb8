/**
 * The FQDN cache: which names each node's DNS proxy has seen resolve to an address. Cilium
 * keeps it per agent (per node), fed only by answers the DNS proxy passed; toFQDNs selects an
 * address only through it.
 */

import { dnsCacheKey } from '../policy/l7/index.js';

export interface FqdnCache {
  /** names known on `node` for the address `ip` (dotted text) */
  namesFor(ip: string, node: string): readonly string[];
  /** every name with its addresses, as the cache's source has them */
  readonly answers: ReadonlyMap<string, readonly string[]>;
}


function reverse(answers: ReadonlyMap<string, readonly string[]>, names?: ReadonlySet<string>): Map<string, string[]> {
  const byIp = new Map<string, string[]>();
  for (const [name, ips] of answers) {
    if (names && !names.has(name)) continue;
    for (const ip of ips) {
      let list = byIp.get(ip);
      if (!list) byIp.set(ip, (list = []));
      if (!list.includes(name)) list.push(name);
    }
  }
  return byIp;
}

export function normalizeAnswers(answers: Readonly<Record<string, readonly string[]>> | ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const entries = answers instanceof Map ? [...answers.entries()] : Object.entries(answers);
  for (const [name, ips] of entries) out.set(dnsCacheKey(name), [...(ips as readonly string[])]);
  return out;
}

/** A cache every node shares: the names were observed by every node's proxy. */
export class SharedFqdnCache implements FqdnCache {
  private readonly byIp: Map<string, string[]>;
  constructor(readonly answers: ReadonlyMap<string, readonly string[]>) {
    this.byIp = reverse(answers);
  }
  namesFor(ip: string): readonly string[] {
    return this.byIp.get(ip) ?? [];
  }
}

/** A cache per node: each node knows only the names its proxy let through. */
export class PerNodeFqdnCache implements FqdnCache {
  private readonly byNode = new Map<string, Map<string, string[]>>();
  constructor(
    readonly answers: ReadonlyMap<string, readonly string[]>,
    learned: ReadonlyMap<string, ReadonlySet<string>>,
  ) {
    for (const [node, names] of learned) this.byNode.set(node, reverse(answers, names));
  }
  namesFor(ip: string, node: string): readonly string[] {
    return this.byNode.get(node)?.get(ip) ?? [];
  }
}

export const EMPTY_FQDN_CACHE: FqdnCache = { namesFor: () => [], answers: new Map() };

/**
 * A cache that keeps learning (replayed Hubble flows): on top of a base cache (the answers
 * given up front), each node learns the names of the DNS responses its proxy passed, in the
 * order they are observed. Additive only: it never forgets, as Cilium keeps names until their
 * TTL (plus grace) expires, which a replay of a recording does not model.
 *
 * After `learn` returns true, the owner must call `IpCache.setFqdnCache` again (it clears the
 * address -> identity memo) so addresses get the identity of their new names.
 */
export class ObservedFqdnCache implements FqdnCache {
  /** node -> address -> names learned there */
  private readonly byNode = new Map<string, Map<string, string[]>>();
  private readonly learnedAnswers = new Map<string, string[]>();
  private merged: Map<string, string[]> | undefined;

  constructor(private readonly base: FqdnCache = EMPTY_FQDN_CACHE) {}

  /** Teaches `node` that `name` resolves to `ips`; true when something was new (to this cache and its base). */
  /** name -> address pairs learned at most (see `full`) */
  static readonly MAX_LEARNED = 200_000;
  private learnedPairs = 0;
  /** answers not learned because the cache held MAX_LEARNED pairs (a replay of millions of distinct answers stays bounded) */
  full = 0;

  learn(node: string, name: string, ips: readonly string[]): boolean {
    const key = dnsCacheKey(name);
    if (key === '' || ips.length === 0) return false;
    if (this.learnedPairs >= ObservedFqdnCache.MAX_LEARNED) {
      this.full++;
      return false;
    }
    let byIp = this.byNode.get(node);
    if (!byIp) this.byNode.set(node, (byIp = new Map()));
    let changed = false;
    for (const ip of ips) {
      if (this.base.namesFor(ip, node).includes(key)) continue;
      let names = byIp.get(ip);
      if (!names) byIp.set(ip, (names = []));
      if (names.includes(key)) continue;
      names.push(key);
      changed = true;
      this.learnedPairs++;
      let all = this.learnedAnswers.get(key);
      if (!all) this.learnedAnswers.set(key, (all = []));
      if (!all.includes(ip)) all.push(ip);
    }
    if (changed) this.merged = undefined;
    return changed;
  }

  namesFor(ip: string, node: string): readonly string[] {
    const base = this.base.namesFor(ip, node);
    const learned = this.byNode.get(node)?.get(ip);
    if (!learned) return base;
    if (base.length === 0) return learned;
    return [...new Set([...base, ...learned])];
  }

  /** the base answers plus every learned name (on any node) */
  get answers(): ReadonlyMap<string, readonly string[]> {
    if (!this.merged) {
      const out = new Map<string, string[]>();
      for (const [name, ips] of this.base.answers) out.set(name, [...ips]);
      for (const [name, ips] of this.learnedAnswers) out.set(name, [...new Set([...(out.get(name) ?? []), ...ips])]);
      this.merged = out;
    }
    return this.merged;
  }

  /** names learned per node (for reports): node -> name -> addresses */
  learnedByNode(): Map<string, Map<string, string[]>> {
    const out = new Map<string, Map<string, string[]>>();
    for (const [node, byIp] of this.byNode) {
      const names = new Map<string, string[]>();
      for (const [ip, list] of byIp) {
        for (const name of list) {
          let ips = names.get(name);
          if (!ips) names.set(name, (ips = []));
          ips.push(ip);
        }
      }
      out.set(node, names);
    }
    return out;
  }
}
