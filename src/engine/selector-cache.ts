/**
 * Which identities each peer selects (Cilium's SelectorCache). Selections over the identities
 * known at compile time are computed once per distinct peer; identities that appear later
 * (an address first seen in a trace) are matched on demand.
 */

import type { Identity, IdentityRegistry } from '../cluster/index.js';
import { prefixContains } from '../net/index.js';
import type { Peer, PeerRef } from '../policy/entry.js';

export function peerMatches(peer: Peer, identity: Identity, peerKey: string): boolean {
  switch (peer.kind) {
    case 'wildcard':
      return true;
    case 'unresolved':
      return false;
    case 'selector':
      return peer.selector.matches(identity);
    case 'cidr': {
      const p = identity.prefix;
      if (!p || !prefixContains(peer.prefix, p)) return false;
      return !peer.except.some((e) => prefixContains(e, p));
    }
    case 'fqdn':
      return identity.fqdnSelectors?.has(peerKey) ?? false;
  }
}

export class SelectorCache {
  private readonly selections = new Map<string, readonly Identity[]>();
  private readonly memo = new Map<string, Map<number, boolean>>();
  /** identities indexed by `key=value` of their labels, to narrow label selectors */
  private index: Map<string, Identity[]> | undefined;
  private universe: Identity[] = [];
  /** ids of the snapshot's identities */
  universeIds: ReadonlySet<number> = new Set();

  constructor(private readonly registry: IdentityRegistry) {}

  /** Identities of the snapshot (dense indexes 0..snapshotSize-1, in index order). */
  get snapshotSize(): number {
    return this.universe.length;
  }

  snapshotIdentities(): readonly Identity[] {
    return this.universe;
  }

  /** Takes the identities known now as the universe that `select` enumerates (no-op if none were added). */
  snapshot(): void {
    // identities are only ever added: an unchanged count is an unchanged universe
    if (this.universe.length > 0 && this.universe.length === this.registry.size) return;
    this.universe = this.registry.all();
    this.universeIds = new Set(this.universe.map((i) => i.id));
    this.index = undefined;
    this.selections.clear();
  }

  matches(ref: PeerRef, identity: Identity): boolean {
    let byId = this.memo.get(ref.key);
    if (!byId) this.memo.set(ref.key, (byId = new Map()));
    let result = byId.get(identity.id);
    if (result === undefined) {
      result = peerMatches(ref.peer, identity, ref.key);
      byId.set(identity.id, result);
    }
    return result;
  }

  /** The identities of the universe this peer selects (wildcards select all of them). */
  select(ref: PeerRef): readonly Identity[] {
    let selected = this.selections.get(ref.key);
    if (selected) return selected;
    const peer = ref.peer;
    selected = this.candidates(peer).filter((id) => peerMatches(peer, id, ref.key));
    this.selections.set(ref.key, selected);
    return selected;
  }

  private candidates(peer: Peer): readonly Identity[] {
    if (peer.kind === 'unresolved') return [];
    if (peer.kind !== 'selector') return this.universe;
    const index = this.buildIndex();
    let best: readonly Identity[] | undefined;
    for (const r of peer.selector.requirements) {
      if (r.operator !== 'In' || r.values.length !== 1) continue;
      const list = index.get(`${r.key}=${r.values[0]}`) ?? [];
      if (!best || list.length < best.length) best = list;
    }
    return best ?? this.universe;
  }

  private buildIndex(): Map<string, Identity[]> {
    if (this.index) return this.index;
    const index = new Map<string, Identity[]>();
    for (const identity of this.universe) {
      for (const label of identity.labels.values()) {
        const k = `${label.key}=${label.value}`;
        let list = index.get(k);
        if (!list) index.set(k, (list = []));
        list.push(identity);
      }
    }
    this.index = index;
    return index;
  }
}
