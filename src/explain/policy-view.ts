/**
 * The resolved policy of an endpoint as Cilium's `cilium-dbg bpf policy get` shows it: per
 * direction, the entries (peer identity, protocol, port or range, allow/deny, L7 redirect)
 * plus the enforcement state, with the rules each entry derives from.
 */

import { formatLabels, formatPath, type Identity } from '../cluster/index.js';
import type { Contribution, DirectionMap, EndpointPolicy, Row } from '../engine/index.js';
import { formatPortRange, protocolName } from '../net/index.js';
import { formatPolicyRef, type AuthMode } from '../policy/entry.js';
import { envoyRejectionView, type EnvoyRejectionView } from './explain.js';

export interface MapEntryView {
  readonly verdict: 'allow' | 'deny';
  /** 0 = any identity */
  readonly identity: number;
  /** the peer identity's short name (`kube-system:k8s-app=kube-dns`, `reserved:world`), `ANY` for every identity */
  readonly peer: string;
  readonly labels: readonly string[];
  readonly protocol: string;
  readonly port: string;
  /** the L7 proxy the traffic is redirected to */
  readonly proxy?: 'http' | 'dns' | undefined;
  /** the authentication a rule requires for this entry (explicit; narrower entries of the peer inherit it) */
  readonly auth?: AuthMode | undefined;
  readonly derivedFrom: readonly string[];
}

export interface DirectionView {
  readonly enforced: boolean;
  readonly defaultDeny: boolean;
  readonly selectedBy: readonly string[];
  readonly conflicts: readonly string[];
  readonly entryCount: number;
  readonly entries?: readonly MapEntryView[] | undefined;
}

export interface PolicyView {
  readonly identity: number;
  /** short name: `namespace:app=web` */
  readonly name: string;
  readonly labels: readonly string[];
  readonly pods: readonly string[];
  readonly ingress: DirectionView;
  readonly egress: DirectionView;
  /** why Envoy refuses this endpoint's network policy (its connections redirected to Envoy are refused) */
  readonly envoyRejected?: readonly EnvoyRejectionView[] | undefined;
}

function derivation(c: Contribution): string {
  if (c.kind === 'allow-localhost') return 'allow-localhost';
  if (c.kind === 'allow-any') return 'allow-any (no default deny)';
  return `${formatPolicyRef(c.entry.origin.policy)} ${formatPath(c.entry.origin.path)}`;
}

function entryView(row: Row, identity: Identity | undefined): MapEntryView {
  return {
    verdict: row.deny ? 'deny' : 'allow',
    identity: identity?.id ?? 0,
    peer: identity?.name ?? 'ANY',
    labels: identity ? formatLabels(identity.labels) : ['ANY'],
    protocol: row.proto === 0 ? 'ANY' : protocolName(row.proto),
    port: row.proto === 0 ? 'ANY' : formatPortRange({ from: row.from, to: row.to }),
    proxy: row.redirect ? row.policy.l7?.kind : undefined,
    auth: row.deny ? undefined : row.policy.auth,
    derivedFrom: [...new Set(row.policy.contributions.map(derivation))],
  };
}

function directionView(map: DirectionMap, lookupIdentity: (id: number) => Identity | undefined, withEntries: boolean): DirectionView {
  const p = map.policy;
  const base = {
    enforced: p.enforced,
    defaultDeny: p.defaultDeny,
    selectedBy: [...new Set(p.selecting.map((e) => formatPolicyRef(e.origin.policy)))],
    conflicts: p.conflicts,
    entryCount: p.enforced ? map.countKeys() : 0,
  };
  if (!withEntries || !p.enforced) return base;
  const entries: MapEntryView[] = map.wildcardRows.map((r) => entryView(r, undefined));
  const ids = [...map.entries().keys()].sort((a, b) => a - b);
  for (const id of ids) for (const r of map.entries().get(id) ?? []) entries.push(entryView(r, lookupIdentity(id)));
  return { ...base, entries };
}

export function policyView(policy: EndpointPolicy, lookupIdentity: (id: number) => Identity | undefined, withEntries = true): PolicyView {
  const identity = policy.identity;
  return {
    identity: identity.id,
    name: identity.name,
    labels: formatLabels(identity.labels),
    pods: identity.pods.map((p) => `${p.namespace}/${p.name}`),
    ingress: directionView(policy.ingress, lookupIdentity, withEntries),
    egress: directionView(policy.egress, lookupIdentity, withEntries),
    envoyRejected: policy.envoyRejections.length > 0 ? policy.envoyRejections.map(envoyRejectionView) : undefined,
  };
}
