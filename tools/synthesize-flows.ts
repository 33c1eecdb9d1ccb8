/**
 * A Hubble recording of a cluster without policy, made from a PolicyTest scenario: every
 * allowed case becomes a connection as Cilium's trace events show it when no policy is in
 * force (`hubble observe -o json` lines): the first packet at FROM_ENDPOINT on the source's
 * node (EGRESS) and at TO_ENDPOINT on the destination's node (INGRESS), with
 * `trace_reason: NEW`, then the reply (`trace_reason: REPLY`, `is_reply: true`). HTTP cases
 * add the request the proxy logs (L7 REQUEST); DNS cases and connections to `fqdn:` names add
 * the DNS query and the answer (from the scenario's `dns`) through the cluster DNS pod.
 *
 *   npx tsx tools/synthesize-flows.ts SCENARIO.yaml [--repeat N] > flows.jsonl
 *
 * Used by the `membrane generate` tests (every allowed case a flow) and for the trace-only
 * sample in test/fixtures/hubble/.
 */

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

type Obj = Record<string, any>;

export interface SynthesizeOptions {
  /** connections per allowed case (default 1) */
  readonly repeat?: number | undefined;
  /** first timestamp, ms since the epoch */
  readonly start?: number | undefined;
  /** skip cases for which this returns false */
  readonly include?: ((c: Obj) => boolean) | undefined;
}

interface Ep {
  readonly ip: string | undefined;
  readonly json: Obj;
  readonly node: string | undefined;
  readonly pod: boolean;
}

const ICMP_REPLY: Record<number, number> = { 8: 0, 128: 129 };

/** The cases a recording is made of: allowed, with endpoints a recording can show. */
export function recordableCase(c: Obj): boolean {
  if (c.expect !== 'allow') return false;
  const to = c.to ?? {};
  const from = c.from ?? {};
  // "any world address" or an entity has no one address to record
  return !('entity' in to) && !('entity' in from);
}

export function synthesizeFlows(doc: Obj, options: SynthesizeOptions = {}): string[] {
  const resources: Obj[] = Array.isArray(doc.resources) ? doc.resources : [];
  const nodes = resources.filter((r) => r.kind === 'Node');
  const namespaces = new Map<string, Obj>(resources.filter((r) => r.kind === 'Namespace').map((r) => [r.metadata.name, r]));
  const pods = resources.filter((r) => r.kind === 'Pod');
  const dns: Record<string, string[]> = {};
  for (const [name, ips] of Object.entries((doc.dns ?? {}) as Record<string, unknown>)) dns[name.replace(/\.$/, '').toLowerCase()] = Array.isArray(ips) ? ips.map(String) : [String(ips)];
  const firstNode = nodes[0]?.metadata?.name as string | undefined;
  const dnsServer = pods.find((p) => p.metadata?.labels?.['k8s-app'] === 'kube-dns');

  const podEp = (p: Obj): Ep => {
    const ns = p.metadata.namespace ?? 'default';
    const labels = [
      ...Object.entries((p.metadata.labels ?? {}) as Record<string, string>).map(([k, v]) => `k8s:${k}=${v}`),
      ...Object.entries((namespaces.get(ns)?.metadata?.labels ?? {}) as Record<string, string>).map(([k, v]) => `k8s:io.cilium.k8s.namespace.labels.${k}=${v}`),
      `k8s:io.cilium.k8s.policy.serviceaccount=${p.spec?.serviceAccountName ?? 'default'}`,
      `k8s:io.kubernetes.pod.namespace=${ns}`,
    ].sort();
    return { ip: p.status?.podIP, json: { namespace: ns, labels, pod_name: p.metadata.name }, node: p.spec?.nodeName ?? firstNode, pod: !p.spec?.hostNetwork };
  };
  const endpoint = (ref: Obj): Ep | undefined => {
    if (typeof ref.pod === 'string') {
      const [ns, name] = ref.pod.includes('/') ? ref.pod.split('/') : ['default', ref.pod];
      const p = pods.find((x) => (x.metadata.namespace ?? 'default') === ns && x.metadata.name === name);
      return p ? podEp(p) : undefined;
    }
    if (typeof ref.node === 'string') {
      const n = nodes.find((x) => x.metadata.name === ref.node);
      const ip = n?.status?.addresses?.[0]?.address;
      return ip ? { ip, json: { labels: ['reserved:host'] }, node: ref.node, pod: false } : undefined;
    }
    if (typeof ref.ip === 'string') return { ip: ref.ip, json: { labels: ['reserved:world'] }, node: undefined, pod: false };
    if (typeof ref.fqdn === 'string') {
      const ip = dns[ref.fqdn.replace(/\.$/, '').toLowerCase()]?.[0];
      return ip ? { ip, json: { labels: ['reserved:world'] }, node: undefined, pod: false } : undefined;
    }
    return undefined;
  };

  const lines: string[] = [];
  let now = options.start ?? Date.UTC(2025, 5, 2, 8, 0, 0);
  let port = 40000;
  const emit = (node: string | undefined, flow: Obj): void => {
    const time = new Date((now += 7)).toISOString();
    lines.push(JSON.stringify({ flow: { time, ...flow, node_name: node ?? firstNode ?? 'node-1' }, node_name: node ?? firstNode ?? 'node-1', time }));
  };
  const l4 = (protocol: string, sport: number, dport: number, flags?: Obj): Obj => {
    switch (protocol) {
      case 'UDP': return { UDP: { source_port: sport, destination_port: dport } };
      case 'SCTP': return { SCTP: { source_port: sport, destination_port: dport } };
      case 'ICMP': return { ICMPv4: { type: dport } };
      case 'ICMPv6': return { ICMPv6: { type: dport } };
      default: return { TCP: { source_port: sport, destination_port: dport, flags: flags ?? { SYN: true } } };
    }
  };
  const ipVersion = (ip: string | undefined): string => (ip?.includes(':') ? 'IPv6' : 'IPv4');
  /** One connection (first packet at each side, then the reply), no policy in force. */
  const connection = (src: Ep, dst: Ep, protocol: string, dport: number, l7?: { type: 'http' | 'dns'; record: Obj }): number => {
    const sport = port++;
    const base = (s: Ep, d: Ep) => ({
      verdict: 'FORWARDED',
      IP: { source: s.ip, destination: d.ip, ipVersion: ipVersion(s.ip) },
      source: s.json,
      destination: d.json,
      Type: 'L3_L4',
    });
    if (src.pod) emit(src.node, { ...base(src, dst), l4: l4(protocol, sport, dport), event_type: { type: 4, sub_type: 5 }, traffic_direction: 'EGRESS', trace_observation_point: 'FROM_ENDPOINT', trace_reason: 'NEW', is_reply: false });
    if (src.pod && src.node !== dst.node) emit(src.node, { ...base(src, dst), l4: l4(protocol, sport, dport), event_type: { type: 4, sub_type: dst.pod ? 4 : 3 }, traffic_direction: 'EGRESS', trace_observation_point: dst.pod ? 'TO_OVERLAY' : 'TO_STACK', trace_reason: 'NEW', is_reply: false });
    if (dst.pod) emit(dst.node, { ...base(src, dst), l4: l4(protocol, sport, dport), event_type: { type: 4 }, traffic_direction: 'INGRESS', trace_observation_point: 'TO_ENDPOINT', trace_reason: 'NEW', is_reply: false });
    if (l7) {
      const direction = l7.type === 'http' && dst.pod ? 'INGRESS' : 'EGRESS';
      emit(direction === 'INGRESS' ? dst.node : src.node, { ...base(src, dst), l4: l4(protocol, sport, dport, {}), Type: 'L7', event_type: { type: 129 }, traffic_direction: direction, l7: { type: 'REQUEST', ...l7.record }, is_reply: false });
    }
    const replyType = protocol === 'ICMP' || protocol === 'ICMPv6' ? ICMP_REPLY[dport] ?? dport : sport;
    const back = protocol === 'ICMP' || protocol === 'ICMPv6' ? l4(protocol, 0, replyType) : l4(protocol, dport, sport, { SYN: true, ACK: true });
    if (src.pod) emit(src.node, { ...base(dst, src), l4: back, event_type: { type: 4 }, traffic_direction: 'EGRESS', trace_observation_point: 'TO_ENDPOINT', trace_reason: 'REPLY', is_reply: true });
    return sport;
  };
  /** A DNS lookup through the cluster DNS pod: query and answer as the DNS proxy logs them. */
  const lookup = (client: Ep, name: string): void => {
    if (!dnsServer || !client.pod) return;
    const server = podEp(dnsServer);
    const query = `${name.replace(/\.$/, '')}.`;
    const sport = connection(client, server, 'UDP', 53, { type: 'dns', record: { dns: { query, qtypes: ['A'], observation_source: 'proxy' } } });
    const ips = dns[name.replace(/\.$/, '').toLowerCase()] ?? [];
    emit(client.node, {
      verdict: 'FORWARDED',
      IP: { source: server.ip, destination: client.ip, ipVersion: 'IPv4' },
      l4: { UDP: { source_port: 53, destination_port: sport } },
      source: server.json,
      destination: client.json,
      Type: 'L7',
      event_type: { type: 129 },
      traffic_direction: 'EGRESS',
      is_reply: true,
      l7: { type: 'RESPONSE', dns: { query, ips, ttl: 30, rcode: ips.length > 0 ? 0 : 3, observation_source: 'proxy', qtypes: ['A'], rrtypes: ['A'] } },
    });
  };

  const cases: Obj[] = (Array.isArray(doc.cases) ? doc.cases : []).filter((c: Obj) => recordableCase(c) && (options.include?.(c) ?? true));
  for (let round = 0; round < (options.repeat ?? 1); round++) {
    for (const c of cases) {
      const src = endpoint(c.from ?? {});
      const dst = endpoint(c.to ?? {});
      if (!src || !dst) continue;
      const protocol = String(c.protocol ?? 'TCP').toUpperCase() === 'ICMPV6' ? 'ICMPv6' : String(c.protocol ?? 'TCP').toUpperCase();
      const dport = protocol === 'ICMP' || protocol === 'ICMPv6' ? Number(c.icmpType) : Number(c.port);
      if (typeof c.to?.fqdn === 'string') lookup(src, c.to.fqdn);
      if (c.dns?.query) {
        if (dst.pod) connection(src, dst, protocol, dport, { type: 'dns', record: { dns: { query: `${String(c.dns.query).replace(/\.$/, '')}.`, qtypes: ['A'], observation_source: 'proxy' } } });
        continue;
      }
      if (c.http) {
        const h = c.http as Obj;
        const host = h.host ?? (dst.json.pod_name as string | undefined) ?? dst.ip;
        const headers = Object.entries((h.headers ?? {}) as Record<string, string>).map(([key, value]) => ({ key, value }));
        connection(src, dst, protocol, dport, { type: 'http', record: { http: { method: h.method ?? 'GET', url: `http://${host}${h.path ?? '/'}`, protocol: 'HTTP/1.1', headers: [{ key: ':authority', value: host }, ...headers] } } });
        continue;
      }
      connection(src, dst, protocol, dport);
    }
  }
  return lines;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx tools/synthesize-flows.ts SCENARIO.yaml [--repeat N]');
    process.exit(2);
  }
  const i = process.argv.indexOf('--repeat');
  const repeat = i === -1 ? 1 : Number(process.argv[i + 1]);
  const doc = parse(readFileSync(file, 'utf8'), { version: '1.1' }) as Obj;
  process.stdout.write(`${synthesizeFlows(doc, { repeat }).join('\n')}\n`);
}
