/**
 * Resolution of the policy of one identity (pkg/policy/resolve.go, rule.go): the entries that
 * select it, whether each direction is enforced and default-deny, and its L4 filters, with the
 * rules Cilium adds by itself (allow-any for non-default-deny directions, allow-localhost).
 */

import {
  LabelSelector,
  SOURCE_RESERVED,
  exists,
  type Identity,
} from '../cluster/index.js';
import { ANY_EXPANSION, PROTO_ANY } from '../net/index.js';
import type { Direction, PeerRef, PolicyEntry, PortSpec } from '../policy/entry.js';
import { filterKey, mergeIntoFilter, type Contribution, type L4Filter } from './l4-filter.js';
import type { Repository } from './repository.js';

export interface DirectionPolicy {
  readonly direction: Direction;
  /** entries whose subject selects the identity, in this direction */
  readonly selecting: readonly PolicyEntry[];
  /** false when no rule selects the identity in this direction: everything is allowed */
  readonly enforced: boolean;
  readonly defaultDeny: boolean;
  readonly filters: readonly L4Filter[];
  /** merge errors: Cilium fails to compute this endpoint's policy */
  readonly conflicts: readonly string[];
  /** some allow requires (or explicitly disables) authentication: lookups must find the entry's auth */
  readonly hasAuth: boolean;
  /** some allow redirects to Envoy without L7 rules Membrane models (listener, TLS interception) */
  readonly hasEnvoyWithoutL7: boolean;
}

export interface SelectorPolicy {
  readonly identity: Identity;
  readonly ingress: DirectionPolicy;
  readonly egress: DirectionPolicy;
}

const WILDCARD_PEER: PeerRef = { peer: { kind: 'wildcard' }, key: '*', path: [], description: 'any peer' };
const HOST_SELECTOR = new LabelSelector([exists(SOURCE_RESERVED, 'host')]);
const HOST_PEER: PeerRef = { peer: { kind: 'selector', selector: HOST_SELECTOR }, key: HOST_SELECTOR.key, path: [], description: 'the local host' };

interface PortFilterSpec {
  protocol: number;
  from: number;
  to: number;
  name?: string;
  namedEnd?: number;
  endPortBelowPort?: number;
}

/** The filters a port spec opens: ANY expands to TCP, UDP and SCTP. */
function portFilters(port: PortSpec): PortFilterSpec[] {
  const protocols = port.protocol === PROTO_ANY ? ANY_EXPANSION : [port.protocol];
  return protocols.map((protocol) => {
    if (port.name !== undefined) return { protocol, from: 0, to: 0, name: port.name, namedEnd: port.endPort };
    const start = port.port ?? 0;
    if (start === 0) return { protocol, from: 0, to: 65535 };
    const end = port.endPort !== undefined && port.endPort > start ? port.endPort : start;
    // Cilium keeps an endPort below port in its filter (its own key); the datapath opens the single port
    const below = port.endPort !== undefined && port.endPort !== 0 && port.endPort < start ? port.endPort : undefined;
    return { protocol, from: start, to: end, endPortBelowPort: below };
  });
}

class FilterSet {
  readonly filters = new Map<string, L4Filter>();
  readonly conflicts: string[] = [];

  get(protocol: number, from: number, to: number, name?: string, namedEnd?: number, endPortBelowPort?: number): L4Filter {
    const key = filterKey(protocol, from, to, name, endPortBelowPort);
    let filter = this.filters.get(key);
    if (!filter) {
      filter = { key, protocol, port: from, endPort: to, portName: name, namedEndPort: namedEnd, endPortBelowPort, perSelector: new Map() };
      this.filters.set(key, filter);
    }
    return filter;
  }

  add(filter: L4Filter, peer: PeerRef, deny: boolean, l7: Parameters<typeof mergeIntoFilter>[3], c: Contribution): void {
    const conflict = mergeIntoFilter(filter, peer, deny, l7, c);
    if (conflict && !this.conflicts.includes(conflict)) this.conflicts.push(conflict);
  }
}

function addEntry(set: FilterSet, entry: PolicyEntry): void {
  // a rule without peers selects nothing; with ports but no peer field it selects everyone
  if (entry.peers === undefined && entry.portRules === undefined) return;
  const peers = entry.peers ?? [WILDCARD_PEER];
  if (peers.length === 0) return;
  if (entry.portRules === undefined) {
    const filter = set.get(PROTO_ANY, 0, 65535);
    for (const peer of peers) set.add(filter, peer, entry.deny, undefined, { kind: 'rule', entry, peer });
    return;
  }
  for (const portRule of entry.portRules) {
    for (const port of portRule.ports) {
      for (const f of portFilters(port)) {
        const filter = set.get(f.protocol, f.from, f.to, f.name, f.namedEnd, f.endPortBelowPort);
        for (const peer of peers) {
          set.add(filter, peer, entry.deny, entry.deny ? undefined : portRule.l7, { kind: 'rule', entry, peer, portRule, port });
        }
      }
    }
  }
}

function resolveDirection(direction: Direction, selecting: readonly PolicyEntry[]): DirectionPolicy {
  const enforced = selecting.length > 0;
  const defaultDeny = selecting.some((e) => e.defaultDeny);
  const set = new FilterSet();
  for (const entry of selecting) addEntry(set, entry);
  if (enforced && !defaultDeny) {
    // Cilium 1.18+: without default deny, L7 rules only observe; a wildcard L7 rule is added
    for (const filter of set.filters.values()) {
      for (const psp of filter.perSelector.values()) if (psp.l7) psp.l7.allowAll ??= 'default-allow';
    }
    set.add(set.get(PROTO_ANY, 0, 65535), WILDCARD_PEER, false, undefined, { kind: 'allow-any' });
  }
  if (direction === 'ingress' && enforced && defaultDeny) {
    set.add(set.get(PROTO_ANY, 0, 65535), HOST_PEER, false, undefined, { kind: 'allow-localhost' });
  }
  const filters = [...set.filters.values()];
  const hasAuth = filters.some((f) => [...f.perSelector.values()].some((psp) => psp.auth !== undefined));
  const hasEnvoyWithoutL7 = selecting.some((e) => !e.deny && (e.portRules ?? []).some((pr) => pr.envoyWithoutL7));
  return { direction, selecting, enforced, defaultDeny, filters, conflicts: set.conflicts, hasAuth, hasEnvoyWithoutL7 };
}

export function resolvePolicy(identity: Identity, repository: Repository): SelectorPolicy {
  const selecting = repository.selecting(identity);
  return {
    identity,
    ingress: resolveDirection('ingress', selecting.ingress),
    egress: resolveDirection('egress', selecting.egress),
  };
}
