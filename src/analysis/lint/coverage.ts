/**
 * What an entry allows for one subject identity, as (peer identity, protocol, port range)
 * combinations, and whether rows of the resolved map cover such a combination. Shared by the
 * checks that compare rules with each other (shadowed, dead, NetworkPolicy overlap).
 *
 * The combinations are expanded from the entry exactly as resolution does (ANY is TCP, UDP and
 * SCTP; port 0 is every port; named ports resolve on the subject for ingress and on each peer
 * for egress), and the rows come from the engine's materialized map: no verdict is computed
 * here, only which map rows would decide.
 */

import { formatPath, namedPortsOf, type Identity } from '../../cluster/index.js';
import type { DirectionMap, Row } from '../../engine/index.js';
import { ANY_EXPANSION, PROTO_ANY, protocolName } from '../../net/index.js';
import { formatPolicyRef, type PeerRef, type PolicyEntry, type PortRuleEntry, type PortSpec } from '../../policy/entry.js';
import type { LintContext } from './context.js';
import { entryPath } from './describe.js';

export interface Combo {
  /** the peer identity; undefined: any peer (a rule without peer field) */
  readonly peer: Identity | undefined;
  readonly peerRef: PeerRef;
  /** 0: every protocol (an L3-only rule) */
  readonly proto: number;
  readonly from: number;
  readonly to: number;
  readonly portRule?: PortRuleEntry | undefined;
}

const WILDCARD_PEER: PeerRef = { peer: { kind: 'wildcard' }, key: '*', path: [], description: 'any peer' };

function namedPort(pods: Identity['pods'], name: string, proto: number): number | undefined {
  const numbers = namedPortsOf(pods).get(`${name}/${protocolName(proto)}`);
  return numbers && numbers.size === 1 ? [...numbers][0] : undefined;
}

function portRanges(port: PortSpec, entry: PolicyEntry, subject: Identity, peer: Identity | undefined): { proto: number; from: number; to: number }[] {
  const protocols = port.protocol === PROTO_ANY ? ANY_EXPANSION : [port.protocol];
  const out: { proto: number; from: number; to: number }[] = [];
  for (const proto of protocols) {
    if (port.name !== undefined) {
      const owner = entry.direction === 'ingress' ? subject : peer;
      if (!owner) continue;
      const n = namedPort(owner.pods, port.name, proto);
      if (n === undefined) continue;
      const end = entry.direction === 'ingress' && port.endPort !== undefined && port.endPort > n ? port.endPort : n;
      out.push({ proto, from: n, to: end });
      continue;
    }
    const start = port.port ?? 0;
    if (start === 0) out.push({ proto, from: 0, to: 65535 });
    else out.push({ proto, from: start, to: port.endPort !== undefined && port.endPort > start ? port.endPort : start });
  }
  return out;
}

/** The peer identities a peer selects (undefined in the list: any peer). */
function peerIdentities(ctx: LintContext, ref: PeerRef): (Identity | undefined)[] {
  if (ref.peer.kind === 'wildcard') return [undefined];
  return [...ctx.engine.selectors.select(ref)];
}

/** Everything an entry allows (or denies) for one subject identity. */
export function entryCombos(ctx: LintContext, entry: PolicyEntry, subject: Identity): Combo[] {
  if (entry.peers === undefined && entry.portRules === undefined) return [];
  const peers = entry.peers ?? [WILDCARD_PEER];
  const out: Combo[] = [];
  for (const peerRef of peers) {
    for (const peer of peerIdentities(ctx, peerRef)) {
      if (entry.portRules === undefined) {
        out.push({ peer, peerRef, proto: 0, from: 0, to: 65535 });
        continue;
      }
      for (const portRule of entry.portRules) {
        for (const port of portRule.ports) {
          for (const r of portRanges(port, entry, subject, peer)) out.push({ peer, peerRef, ...r, portRule });
        }
      }
    }
  }
  return out;
}

/** The rows of a map that apply to a combination's peer (its own rows and the any-peer rows). */
export function candidateRows(map: DirectionMap, combo: Combo): readonly Row[] {
  return combo.peer ? [...map.rowsFor(combo.peer), ...map.wildcardRows] : map.wildcardRows;
}

function protoCompatible(row: Row, combo: Combo): boolean {
  return row.proto === 0 || (combo.proto !== 0 && row.proto === combo.proto);
}

/**
 * Whether the rows accepted by `keep` cover the whole combination (every protocol and port of
 * it), and which rows take part.
 */
export function coverage(map: DirectionMap, combo: Combo, keep: (row: Row) => boolean): { covered: boolean; rows: Row[] } {
  const rows = candidateRows(map, combo).filter((r) => keep(r) && protoCompatible(r, combo) && (r.proto === 0 || (r.to >= combo.from && r.from <= combo.to)));
  const full = rows.find((r) => r.proto === 0);
  if (full) return { covered: true, rows: [full] };
  if (combo.proto === 0) return { covered: false, rows };
  const intervals = rows.map((r) => [r.from, r.to] as const).sort((a, b) => a[0] - b[0]);
  let next = combo.from;
  for (const [from, to] of intervals) {
    if (from > next) break;
    if (to + 1 > next) next = to + 1;
    if (next > combo.to) return { covered: true, rows };
  }
  return { covered: next > combo.to, rows };
}

/** Whether some row accepted by `keep` overlaps the combination. */
export function overlapping(map: DirectionMap, combo: Combo, keep: (row: Row) => boolean): Row[] {
  return candidateRows(map, combo).filter((r) => keep(r) && protoCompatible(r, combo) && (r.proto === 0 || (r.to >= combo.from && r.from <= combo.to)));
}

/** `80/TCP`, `8000-8100/UDP`, `any port` */
export function comboPortText(c: { proto: number; from: number; to: number }): string {
  if (c.proto === 0) return 'every port and protocol';
  const range = c.from === 0 && c.to === 65535 ? 'every port' : c.from === c.to ? `${c.from}` : `${c.from}-${c.to}`;
  return `${range}/${protocolName(c.proto)}`;
}

/** Whether an entry has L7 rules on any of its port rules. */
export function hasL7(entry: PolicyEntry): boolean {
  return (entry.portRules ?? []).some((p) => p.l7 !== undefined);
}

function entryKey(e: PolicyEntry): string {
  return `${formatPolicyRef(e.origin.policy)} ${formatPath(entryPath(e))}`;
}

/** The rules (and whether Cilium's allow-localhost) behind some rows, without `exclude`. */
export function ruleContributors(rows: readonly Row[], exclude?: PolicyEntry): { entries: Map<string, PolicyEntry>; localhost: boolean } {
  const entries = new Map<string, PolicyEntry>();
  let localhost = false;
  for (const row of rows) {
    for (const c of row.policy.contributions) {
      if (c.kind === 'rule' && c.entry !== exclude) entries.set(entryKey(c.entry), c.entry);
      if (c.kind === 'allow-localhost') localhost = true;
    }
  }
  return { entries, localhost };
}
