/**
 * The engine's resolved policy compiled into one nftables table, Cilium's datapath in nft:
 *
 *   ipcache_N     map address -> identity, as node N sees it (host / remote-node, FQDN identities)
 *   egress_S      verdict map (peer identity . protocol . port range) of identity S's egress;
 *   ingress_S     the same for ingress; `_icmp` maps by ICMP type, `_other` for other protocols
 *   egress_S_N    chain for S's pods on node N: peer identity into `meta mark`, then the maps
 *   prerouting    sender by ingress interface (unspoofable: routed veths), egress then ingress,
 *                 then the proxies: TPROXY to the HTTP proxy, each followed by a drop (fail closed)
 *   prerouting_nat  REDIRECT of DNS to the DNS proxy (one listener per server address and port)
 *
 * Every verdict comes from the engine: the port ranges of its map rows cut the port space into
 * intervals, and `verdictCode` (deny before allow, default deny, allow-any) decides each one.
 * Replies and related ICMP pass through conntrack; the original direction of a connection is
 * checked on every packet, as Cilium does, so `lab apply` also stops established flows.
 */

import type { Identity } from '../cluster/index.js';
import { rowMatches, type DirectionMap, type PolicyEngine, type Row } from '../engine/index.js';
import { parseIp, PROTO_ICMP, PROTO_SCTP, PROTO_TCP, PROTO_UDP } from '../net/index.js';
import type { Direction } from '../policy/entry.js';
import {
  CT_DNS,
  CT_HTTP,
  HTTP_PROXY_ADDRESS,
  HTTP_PROXY_PORT,
  NFT_TABLE,
  PROXY_ROUTE_MARK,
} from './names.js';
import type { LabEndpoint, Topology } from './topology.js';


export interface DnsTarget {
  readonly protocol: 'udp' | 'tcp';
  readonly address: string;
  readonly port: number;
}

export function dnsTargetKey(t: DnsTarget): string {
  return `${t.protocol}/${t.address}/${t.port}`;
}

export interface CompileOptions {
  /** the local port of the DNS proxy listener for a server address and port */
  readonly dnsProxyPort: (target: DnsTarget) => number;
  /**
   * Answer what policy denies with ICMP admin-prohibited instead of dropping it (Cilium drops):
   * the same verdict, visible at once to the sender (`lab test` uses it so denials need no timeout).
   */
  readonly reject?: boolean | undefined;
}

export interface CompileStats {
  readonly subjects: number;
  readonly chains: number;
  readonly elements: number;
  readonly redirects: { readonly http: number; readonly dns: number };
}

export interface CompiledRuleset {
  /** an atomic replace of the table: `nft -f` applies it in one transaction */
  readonly text: string;
  readonly dnsTargets: DnsTarget[];
  readonly stats: CompileStats;
}

type Verdict = 'return' | 'drop' | 'goto redirect_http' | 'goto redirect_dns';
/** the verdict of a denial in a verdict map */
type Denial = 'drop' | 'goto deny';

const L4: readonly { proto: number; name: string }[] = [
  { proto: PROTO_TCP, name: 'tcp' },
  { proto: PROTO_UDP, name: 'udp' },
  { proto: PROTO_SCTP, name: 'sctp' },
];
/** a protocol the lab never carries: only rows for every protocol (L3-only rules) match it */
const OTHER_PROTOCOL = 255;
/** DNS rules on a port range: at most this many ports of it get a proxy listener */
const DNS_RANGE_LIMIT = 32;

function verdictOf(map: DirectionMap, peer: Identity, proto: number, port: number, rows: readonly Row[]): Verdict {
  const code = map.verdictCode(peer, proto, port);
  if (code === 0) return 'drop';
  if (code === 1) return 'return';
  let http = false;
  let dns = false;
  for (const r of rows) {
    if (r.deny || !r.redirect || !rowMatches(r, proto, port)) continue;
    if (r.policy.l7?.kind === 'dns') dns = true;
    else if (r.policy.l7?.kind === 'http') http = true;
  }
  if (dns && (proto === PROTO_UDP || proto === PROTO_TCP)) return 'goto redirect_dns';
  if (http && proto === PROTO_TCP) return 'goto redirect_http';
  return 'return';
}

interface Interval {
  readonly from: number;
  readonly to: number;
  readonly verdict: Verdict;
}

/** The verdict of every port (or ICMP type) of one protocol for one peer, as merged intervals. */
function intervals(map: DirectionMap, peer: Identity, proto: number, max: number): Interval[] {
  const rows = [...map.rowsFor(peer), ...map.wildcardRows].filter((r) => r.proto === 0 || r.proto === proto);
  const bounds = new Set<number>([0, max + 1]);
  for (const r of rows) {
    if (r.proto === 0) continue;
    if (r.from <= max) bounds.add(r.from);
    if (r.to + 1 <= max) bounds.add(r.to + 1);
  }
  const sorted = [...bounds].sort((a, b) => a - b);
  const out: Interval[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const from = sorted[i]!;
    const to = sorted[i + 1]! - 1;
    const verdict = verdictOf(map, peer, proto, from, rows);
    const last = out[out.length - 1];
    if (last && last.verdict === verdict && last.to + 1 === from) out[out.length - 1] = { from: last.from, to, verdict };
    else out.push({ from, to, verdict });
  }
  return out;
}

const range = (i: { from: number; to: number }) => (i.from === i.to ? `${i.from}` : `${i.from}-${i.to}`);
const written = (v: Verdict, denial: Denial) => (v === 'drop' ? denial : v);

function mapBlock(name: string, type: string, elements: readonly string[], interval: boolean): string {
  const flags = interval ? ' flags interval;' : '';
  const body = elements.length > 0 ? ` elements = {\n    ${elements.join(',\n    ')} }` : '';
  return `  map ${name} { type ${type};${flags}${body} }`;
}

export function compileRuleset(engine: PolicyEngine, topology: Topology, options: CompileOptions): CompiledRuleset {
  const nodeIndex = new Map(topology.nodes.map((n, i) => [n, i]));
  const addresses = topology.endpoints.flatMap((e) => e.addresses.map((a) => ({ address: a, endpoint: e })));

  // the ipcache of every node, and the identities it names
  // an address the lab does not hold is outside: IPv4 world (the lab carries IPv4 only)
  const world = engine.cluster.identities.worldOf(4);
  const peers = new Map<number, Identity>([[world.id, world]]);
  const ipcache = topology.nodes.map((node) =>
    addresses.map(({ address, endpoint }) => {
      const identity = endpoint.entity ? engine.cluster.identities.reserved(endpoint.entity) : engine.ipcache.identityFor(parseIp(address)!, node);
      peers.set(identity.id, identity);
      return { address, id: identity.id };
    }),
  );
  const addressesOf = new Map<number, Set<string>>();
  for (const view of ipcache) {
    for (const { address, id } of view) {
      let set = addressesOf.get(id);
      if (!set) addressesOf.set(id, (set = new Set()));
      set.add(address);
    }
  }

  // subjects: the identity of each pod endpoint, by node
  const subjects = new Map<number, { identity: Identity; byNode: Map<number, LabEndpoint[]> }>();
  for (const e of topology.endpoints) {
    if (e.kind !== 'pod') continue;
    const [ns, name] = e.key.slice('pod:'.length).split('/') as [string, string];
    const pod = engine.cluster.pod(ns, name);
    const identity = pod && engine.cluster.identityOf(pod);
    if (!identity) continue;
    let s = subjects.get(identity.id);
    if (!s) subjects.set(identity.id, (s = { identity, byNode: new Map() }));
    const n = nodeIndex.get(e.node ?? '') ?? 0;
    s.byNode.set(n, [...(s.byNode.get(n) ?? []), e]);
  }

  const blocks: string[] = [];
  const egressJumps: string[] = [];
  const ingressJumps: string[] = [];
  const dnsTargets = new Map<string, DnsTarget>();
  let elements = 0;
  let chains = 0;
  const redirects = { http: 0, dns: 0 };
  const sortedPeers = [...peers.values()].sort((a, b) => a.id - b.id);
  const denial: Denial = options.reject ? 'goto deny' : 'drop';

  const addDnsTargets = (direction: Direction, subject: Identity, peer: Identity, protoName: string, i: Interval) => {
    if (protoName !== 'udp' && protoName !== 'tcp') return;
    const servers = direction === 'egress' ? addressesOf.get(peer.id) : addressesOf.get(subject.id);
    for (const address of servers ?? []) {
      for (let port = i.from; port <= Math.min(i.to, i.from + DNS_RANGE_LIMIT - 1); port++) {
        const t: DnsTarget = { protocol: protoName, address, port };
        dnsTargets.set(dnsTargetKey(t), t);
      }
    }
  };

  for (const { identity: subject, byNode } of [...subjects.values()].sort((a, b) => a.identity.id - b.identity.id)) {
    for (const direction of ['egress', 'ingress'] as const) {
      const map = engine.policyOf(subject).direction(direction);
      if (!map.policy.enforced) continue;
      const base = `${direction}_${subject.id}`;
      const l4: string[] = [];
      const icmp: string[] = [];
      const other: string[] = [];
      // a policy Cilium cannot compute (merge conflict) lets nothing through
      const broken = map.policy.conflicts.length > 0;
      if (!broken) {
        for (const peer of sortedPeers) {
          for (const { proto, name } of L4) {
            for (const i of intervals(map, peer, proto, 65535)) {
              l4.push(`${peer.id} . ${name} . ${range(i)} : ${written(i.verdict, denial)}`);
              if (i.verdict === 'goto redirect_dns') { redirects.dns++; addDnsTargets(direction, subject, peer, name, i); }
              if (i.verdict === 'goto redirect_http') redirects.http++;
            }
          }
          for (const i of intervals(map, peer, PROTO_ICMP, 255)) icmp.push(`${peer.id} . ${range(i)} : ${written(i.verdict, denial)}`);
          other.push(`${peer.id} : ${written(verdictOf(map, peer, OTHER_PROTOCOL, 0, [...map.rowsFor(peer), ...map.wildcardRows]), denial)}`);
        }
      }
      elements += l4.length + icmp.length + other.length;
      blocks.push(
        mapBlock(base, 'mark . inet_proto . inet_service : verdict', l4, true),
        mapBlock(`${base}_icmp`, 'mark . icmp_type : verdict', icmp, true),
        mapBlock(`${base}_other`, 'mark : verdict', other, false),
      );
      for (const [n, endpoints] of byNode) {
        const chain = `${base}_${n}`;
        const peerAddress = direction === 'egress' ? 'ip daddr' : 'ip saddr';
        chains++;
        blocks.push(
          [
            `  chain ${chain} {`,
            `    meta mark set ${world.id}`,
            `    meta mark set ${peerAddress} map @ipcache_${n}`,
            `    meta l4proto { tcp, udp, sctp } meta mark . meta l4proto . th dport vmap @${base}`,
            `    meta l4proto icmp meta mark . icmp type vmap @${base}_icmp`,
            `    meta l4proto != { tcp, udp, sctp, icmp } meta mark vmap @${base}_other`,
            `    ${denial}`,
            '  }',
          ].join('\n'),
        );
        for (const e of endpoints) {
          if (direction === 'egress') egressJumps.push(`"${e.veth}" : jump ${chain}`);
          else for (const a of e.addresses) ingressJumps.push(`${a} : jump ${chain}`);
        }
      }
    }
  }

  const ipcacheBlocks = ipcache.map((view, n) => mapBlock(`ipcache_${n}`, 'ipv4_addr : mark', view.map((v) => `${v.address} : ${v.id}`), false));
  const sources = topology.endpoints.flatMap((e) => e.addresses.map((a) => `"${e.veth}" . ${a}`));
  const targets = [...dnsTargets.values()];
  const dnsMap = targets.map((t) => `${t.protocol} . ${t.address} . ${t.port} : ${options.dnsProxyPort(t)}`);
  const route = `0x${PROXY_ROUTE_MARK.toString(16)}`;

  const text = [
    `table inet ${NFT_TABLE}`,
    `delete table inet ${NFT_TABLE}`,
    `table inet ${NFT_TABLE} {`,
    ...ipcacheBlocks,
    `  set sources { type ifname . ipv4_addr;${sources.length > 0 ? ` elements = {\n    ${sources.join(',\n    ')} }` : ''} }`,
    mapBlock('dns_proxy', 'inet_proto . ipv4_addr . inet_service : inet_service', dnsMap, false),
    ...blocks,
    `  chain redirect_http {\n    ct mark set ct mark | ${CT_HTTP}\n    return\n  }`,
    `  chain redirect_dns {\n    ct mark set ct mark | ${CT_DNS}\n    return\n  }`,
    '  chain deny {\n    reject with icmpx admin-prohibited\n  }',
    '  chain prerouting {',
    '    type filter hook prerouting priority mangle; policy accept;',
    '    meta nfproto ipv6 drop',
    '    iif lo accept',
    '    # packets of the proxies\' own sockets: TPROXY\'d client connections, transparent upstream connections',
    `    meta l4proto { tcp, udp } socket transparent 1 meta mark set ${route} accept`,
    '    ct state invalid drop',
    '    ct state related accept',
    '    ct direction reply accept',
    '    ct state new ct mark set 0',
    '    iifname . ip saddr != @sources drop',
    egressJumps.length > 0 ? `    iifname vmap { ${egressJumps.join(', ')} }` : '    # no pod has an enforced egress policy',
    ingressJumps.length > 0 ? `    ip daddr vmap { ${ingressJumps.join(', ')} }` : '    # no pod has an enforced ingress policy',
    `    ct mark & ${CT_HTTP} == ${CT_HTTP} meta l4proto tcp tproxy ip to ${HTTP_PROXY_ADDRESS}:${HTTP_PROXY_PORT} meta mark set ${route} accept`,
    '    # fail closed: the HTTP proxy is not listening',
    `    ct mark & ${CT_HTTP} == ${CT_HTTP} drop`,
    '  }',
    '  chain prerouting_nat {',
    '    type nat hook prerouting priority dstnat; policy accept;',
    `    ct mark & ${CT_DNS} == ${CT_DNS} meta l4proto { tcp, udp } redirect to : meta l4proto . ip daddr . th dport map @dns_proxy`,
    '    # fail closed: no DNS proxy listener for this server and port',
    `    ct mark & ${CT_DNS} == ${CT_DNS} drop`,
    '  }',
    '  chain input {',
    '    type filter hook input priority filter; policy drop;',
    '    iif lo accept',
    `    meta mark & ${route} == ${route} accept`,
    '    # DNS redirected to the proxy, only while a proxy socket is there (fail closed)',
    `    ct mark & ${CT_DNS} == ${CT_DNS} ct status dnat meta l4proto { tcp, udp } socket transparent 0 accept`,
    '    ct state established,related accept',
    '  }',
    '}',
    '',
  ].join('\n');

  return {
    text,
    dnsTargets: targets,
    stats: { subjects: subjects.size, chains, elements, redirects },
  };
}
