/**
 * tofqdns-without-dns-proxy: a toFQDNs peer selects pods whose DNS lookups are not seen by
 * Cilium's DNS proxy, so the FQDN cache never learns the names (or learns them only from
 * other pods on the same node).
 */

import { formatPath, type Identity, type PodInfo } from '../../../cluster/index.js';
import type { FlowEndpoint } from '../../../engine/index.js';
import type { FlowProtocol } from '../../../net/index.js';
import { formatPolicyRef, type PeerRef, type PolicyEntry } from '../../../policy/entry.js';
import { listText, podNames, podsText, type DnsServer, type LintContext } from '../context.js';
import type { Finding } from '../finding.js';
import { dnsEgressRule, toYaml } from '../snippets.js';

const ID = 'tofqdns-without-dns-proxy';

type Status = 'proxied' | 'refused' | 'l4-only' | 'dropped';
const RANK: Record<Status, number> = { dropped: 0, 'l4-only': 1, refused: 2, proxied: 3 };

interface DnsOutcome {
  readonly status: Status;
  /** `CNP/default/x spec.egress[1]` for l4-only; the DNS rules tried for refused */
  readonly detail: string[];
}

/** A name the toFQDNs selector matches: its matchName, or a sample for a matchPattern. */
export function sampleName(peer: PeerRef): string | undefined {
  if (peer.peer.kind !== 'fqdn') return undefined;
  const matcher = peer.peer.matcher;
  const text = peer.peer.text;
  const colon = text.indexOf(':');
  const value = text.slice(colon + 1).replace(/\.$/, '');
  if (text.startsWith('matchName:')) return value;
  const candidates = [/^\*+\.?$/.test(value) ? 'example.com' : '', value.replace(/^\*\*+\./, 'a.').replace(/\*+/g, 'a'), value.replace(/\*+\.?/g, '')];
  return candidates.find((c) => c !== '' && matcher.matches(c)) ?? (value.replace(/\*/g, '') || undefined);
}

/** A pod of the server's identity other than the querying pod (a query to itself stays on loopback). */
function target(server: DnsServer, querier: PodInfo): FlowEndpoint | undefined {
  if (!server.pod) return { kind: 'identity', identity: server.identity };
  if (server.pod !== querier) return { kind: 'pod', pod: server.pod };
  const other = server.identity.pods.find((p) => p !== querier);
  return other ? { kind: 'pod', pod: other } : undefined;
}

/** How a pod's lookup of `name` fares: the best over every DNS server, UDP and TCP. */
function dnsOutcome(ctx: LintContext, pod: PodInfo, name: string): DnsOutcome {
  let best: DnsOutcome = { status: 'dropped', detail: [] };
  for (const server of ctx.dnsServers()) {
    const to = target(server, pod);
    if (!to) continue;
    for (const protocol of ['UDP', 'TCP'] as FlowProtocol[]) {
      const v = ctx.engine.evaluate({ from: { kind: 'pod', pod }, to, protocol, port: 53, dns: { query: name } });
      const egress = v.egress;
      // a pod querying itself (the DNS server) never reaches the proxy
      if (!egress) continue;
      let outcome: DnsOutcome;
      if (egress.l4.verdict === 'deny') outcome = { status: 'dropped', detail: [] };
      else if (egress.l7?.kind === 'dns' && egress.l7.proxied) {
        if (egress.l7.verdict === 'allow') return { status: 'proxied', detail: [] };
        outcome = { status: 'refused', detail: egress.l7.tried.map((t) => t.rule.text) };
      } else {
        const rules = new Set<string>();
        for (const row of egress.l4.deciding) {
          for (const c of row.policy.contributions) if (c.kind === 'rule') rules.add(`${formatPolicyRef(c.entry.origin.policy)} ${formatPath(c.entry.origin.path)}`);
        }
        outcome = { status: 'l4-only', detail: [...rules] };
      }
      if (RANK[outcome.status] > RANK[best.status]) best = outcome;
    }
  }
  return best;
}

interface Group {
  readonly entry: PolicyEntry;
  readonly peer: PeerRef;
  readonly name: string;
  readonly status: Status;
  readonly identities: Identity[];
  readonly detail: Set<string>;
}

export function checkTofqdnsWithoutDnsProxy(ctx: LintContext): Finding[] {
  const groups = new Map<string, Group>();
  const cache = new Map<string, DnsOutcome>();
  const outcomeOf = (pod: PodInfo, name: string): DnsOutcome => {
    const key = `${pod.namespace}/${pod.name}|${name}`;
    let o = cache.get(key);
    if (!o) cache.set(key, (o = dnsOutcome(ctx, pod, name)));
    return o;
  };
  for (const identity of ctx.podIdentities) {
    const pod = identity.pods[0];
    if (!pod) continue;
    const map = ctx.map(identity, 'egress');
    if (map.policy.conflicts.length > 0) continue;
    for (const entry of ctx.selecting(identity, 'egress')) {
      if (entry.deny) continue;
      for (const peer of entry.peers ?? []) {
        const name = sampleName(peer);
        if (name === undefined) continue;
        const outcome = outcomeOf(pod, name);
        if (outcome.status === 'proxied') continue;
        const key = `${formatPolicyRef(entry.origin.policy)}|${formatPath(peer.path)}|${outcome.status}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { entry, peer, name, status: outcome.status, identities: [], detail: new Set() }));
        group.identities.push(identity);
        for (const d of outcome.detail) group.detail.add(d);
      }
    }
  }
  const servers = ctx.dnsServers();
  const serverText = listText(servers.map((s) => s.display));
  const findings: Finding[] = [];
  for (const g of groups.values()) {
    const ref = g.entry.origin.policy;
    const detail = [...g.detail];
    let how: string;
    switch (g.status) {
      case 'dropped':
        how = `whose DNS queries to ${serverText} are dropped`;
        break;
      case 'l4-only':
        how = `whose DNS queries to ${serverText} are allowed at L4 only${detail.length ? ` (by ${listText(detail)}, without rules.dns)` : ''}, so they bypass the DNS proxy`;
        break;
      default:
        how = `whose DNS proxy refuses ${g.name}${detail.length ? ` (the DNS rules allow only ${listText(detail)})` : ''}`;
    }
    const pattern = g.peer.peer.kind === 'fqdn' && g.peer.peer.text.startsWith('matchPattern:') ? g.peer.peer.text.slice('matchPattern:'.length) : undefined;
    const learnt = pattern !== undefined ? `names matching ${pattern}` : g.name;
    // pods on the same nodes whose lookups would teach the per-node cache
    const nodes = new Set(g.identities.flatMap((i) => i.pods.map((p) => p.nodeName)));
    const own = new Set(g.identities);
    const teachers: string[] = [];
    for (const pod of ctx.cluster.pods) {
      if (!nodes.has(pod.nodeName)) continue;
      const id = ctx.cluster.identityOf(pod);
      if (!id || own.has(id) || ctx.isDnsServer(id)) continue;
      if (outcomeOf(pod, g.name).status === 'proxied') teachers.push(`${pod.namespace}/${pod.name}`);
    }
    const fragile = teachers.length > 0
      ? ` It works only by accident while pods on the same node (${listText(teachers)}) look ${pattern !== undefined ? 'such names' : 'the name'} up through the DNS proxy: the FQDN cache is per node.`
      : '';
    const message =
      `${g.peer.description} selects ${podsText(g.identities)}, ${how}: the FQDN cache never learns ${learnt} from them, so this rule allows nothing.${fragile}`;
    const fix = g.status === 'refused'
      ? {
          description: `Let the DNS rules of these pods allow ${g.name} (add it next to the existing rules.dns entries).`,
          yaml: toYaml({ dns: [g.peer.peer.kind === 'fqdn' ? g.peer.peer.matcher.selector : { matchName: g.name }] }),
        }
      : {
          description: 'Add an egress rule that sends the pods\' DNS queries through the DNS proxy (rules.dns), in this policy or another one selecting the same pods.',
          yaml: dnsEgressRule(ref.kind, servers),
        };
    findings.push(ctx.finding({ id: ID, policy: ref, path: g.peer.path, message, fix, pods: podNames(g.identities) }));
  }
  return findings;
}
