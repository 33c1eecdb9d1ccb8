/**
 * Mutual authentication as the datapath applies it. A rule with `authentication` puts an auth
 * type on its policy map entries (pkg/policy/l4.go getAuthRequirement: required -> spire,
 * test-always-fail -> always-fail, disabled -> none, all "explicit"). An entry without an
 * explicit type takes the type of the most specific broader entry of the same peer identity
 * that has one (pkg/policy/mapstate.go authPreferredInsert: derived auth). When the entry the
 * lookup returns carries an auth type, bpf/lib/policy.h `__account_and_check` returns
 * DROP_POLICY_AUTH_REQUIRED and the packet passes only if `auth_lookup` finds an unexpired
 * entry for the identity pair in the auth map. Only the agent's auth manager writes that map
 * (pkg/auth/manager.go authenticate), through a handler for the type: the SPIRE handler
 * exists only when mutual authentication is configured (pkg/auth/mutual_authhandler.go:
 * "Mutual authentication handler is disabled as no port is configured", the default), and
 * the always-fail handler never succeeds. So by default `required` drops the traffic.
 *
 * The entry the lookup returns (bpf/lib/policy.h __policy_can_access): per peer identity and
 * for the wildcard identity, the longest-prefix (protocol, port) match; between the two, the
 * higher precedence (a proxy redirect outranks a plain allow), then the longer prefix, then
 * the identity-specific entry. A plain allow without explicit auth that a redirect of the same
 * identity covers is not inserted at all (authPreferredInsert bails out).
 */

import { maskedPortBlocks } from '../net/index.js';
import type { AuthMode } from '../policy/entry.js';
import type { Row } from './map-state.js';

export interface FlowAuth {
  /** the auth type of the entry the lookup returns */
  readonly mode: AuthMode;
  /** the allow whose rule set it */
  readonly row: Row;
  /** inherited from a broader allow of the same peer (the returned entry sets none itself) */
  readonly derived: boolean;
}

interface Keyed {
  readonly row: Row;
  /** an entry for every identity (wildcard peer) rather than this peer's identity */
  readonly wildcard: boolean;
  /** LPM prefix: 0 for every protocol, else 8 protocol bits + the port block's prefix */
  readonly prefix: number;
  /** first port of the block holding the flow's port */
  readonly block: number;
}

const RANK: Record<AuthMode, number> = { disabled: 1, required: 2, 'test-always-fail': 3 };

function keyed(row: Row, port: number): Keyed {
  const wildcard = row.policy.peer.peer.kind === 'wildcard';
  if (row.proto === 0) return { row, wildcard, prefix: 0, block: 0 };
  const blocks = maskedPortBlocks({ from: row.from, to: row.to });
  const b = blocks.find((x) => port >= x.port && port < x.port + 2 ** (16 - x.prefixLength)) ?? blocks[0]!;
  return { row, wildcard, prefix: 8 + b.prefixLength, block: b.port };
}

function sameKey(a: Keyed, b: Keyed): boolean {
  return a.wildcard === b.wildcard && a.prefix === b.prefix && a.block === b.block && a.row.proto === b.row.proto;
}

/** Longest prefix first; at equal prefix, the redirect (higher precedence). */
function better(a: Keyed, b: Keyed): boolean {
  if (a.prefix !== b.prefix) return a.prefix > b.prefix;
  return a.row.redirect && !b.row.redirect;
}

/** The entry one identity's LPM lookup returns, after the bail-outs of authPreferredInsert. */
function lpm(entries: readonly Keyed[]): Keyed | undefined {
  const kept = entries.filter((e) => e.row.redirect || e.row.policy.auth !== undefined
    || !entries.some((r) => r.row.redirect && r.prefix <= e.prefix));
  let best: Keyed | undefined;
  for (const e of kept) if (!best || better(e, best)) best = e;
  return best;
}

/**
 * The authentication the datapath requires for a flow whose matching allow rows are `rows`
 * (no deny matched), or undefined when the entry it finds requires none.
 */
export function flowAuth(rows: readonly Row[], port: number): FlowAuth | undefined {
  if (rows.length === 0) return undefined;
  const all = rows.map((r) => keyed(r, port));
  const specific = lpm(all.filter((k) => !k.wildcard));
  const wildcard = lpm(all.filter((k) => k.wildcard));
  let chosen = specific ?? wildcard!;
  if (specific && wildcard) {
    if (wildcard.row.redirect !== specific.row.redirect) chosen = wildcard.row.redirect ? wildcard : specific;
    else chosen = wildcard.prefix > specific.prefix ? wildcard : specific;
  }
  // entries of the same key merge; an explicit type wins over none, the stronger over the weaker
  let explicit: Keyed | undefined;
  for (const k of all) {
    const mode = k.row.policy.auth;
    if (mode === undefined || !sameKey(k, chosen)) continue;
    if (!explicit || RANK[mode] > RANK[explicit.row.policy.auth!]) explicit = k;
  }
  if (explicit) return explicit.row.policy.auth === 'disabled' ? undefined : { mode: explicit.row.policy.auth!, row: explicit.row, derived: false };
  let covering: Keyed | undefined;
  for (const k of all) {
    if (k.wildcard !== chosen.wildcard || k.prefix >= chosen.prefix || k.row.policy.auth === undefined) continue;
    if (!covering || k.prefix > covering.prefix || (k.prefix === covering.prefix && RANK[k.row.policy.auth] > RANK[covering.row.policy.auth!])) covering = k;
  }
  if (!covering || covering.row.policy.auth === 'disabled') return undefined;
  return { mode: covering.row.policy.auth!, row: covering.row, derived: true };
}

/** Whether the datapath lets a flow with this auth requirement through. */
export function authPasses(auth: FlowAuth | undefined, mutualAuth: boolean): boolean {
  if (!auth) return true;
  return auth.mode === 'required' && mutualAuth;
}
