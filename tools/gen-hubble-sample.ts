/**
 * Builds the recorded-flows sample of test/fixtures/hubble/: what `hubble observe -o json`
 * prints for the seed scenario (examples/seed/seed-demo.yaml: app1, app2, other, CoreDNS on
 * node-1 and node-2), one `{"flow": {...}, "node_name": ..., "time": ...}` object per line, with
 * the field names of Hubble's Flow message (api/v1/flow/flow.proto) in protojson form.
 *
 * The recording mixes what a cluster shows:
 *   - per TCP connection: the egress policy verdict (event type 5) on the source's node, trace
 *     events (type 4) at to-stack / to-endpoint / to-proxy, the ingress policy verdict on the
 *     destination's node, replies (is_reply) and established-connection packets; policy drops
 *     as a policy verdict plus a drop notification (type 1, POLICY_DENIED);
 *   - HTTP through app2's ingress proxy (L7 requests and responses, GET /auth, GET /products -> 403);
 *   - DNS through app1's DNS proxy: requests, and responses carrying the addresses that later
 *     toFQDNs connections use (maps.google.com is not in the manifests' DNS answers);
 *   - endpoints outside the manifests, known only by their labels (monitoring/prometheus-0,
 *     batch/report-*), kubelet probes from the nodes (reserved:host), and world addresses;
 *   - flows recorded under an older policy, so they disagree with the manifests: app1 -> other
 *     TCP/80 and GET /healthz were allowed, api.github.com could be resolved; other's DNS and
 *     prometheus -> other were dropped.
 *
 *   npx tsx tools/gen-hubble-sample.ts [--out DIR] [--connections N (500)] [--seed N (7)]
 *
 * `generateSeedFlows` is also used by bench/replay.ts to build large inputs.
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { uniform } from './prng.js';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
export const SEED_MANIFEST = join(ROOT, 'examples', 'seed', 'seed-demo.yaml');


interface Ep {
  readonly ip: string;
  readonly identity: number;
  readonly namespace?: string;
  readonly pod?: string;
  readonly labels: readonly string[];
  /** the node the endpoint runs on (cluster endpoints) */
  readonly node?: string;
  readonly workload?: { name: string; kind: string };
  /** Cilium enforces policy here (a pod, not a host or world address) */
  readonly pod_endpoint: boolean;
  readonly id?: number;
}

interface Pol { name: string; namespace?: string; kind: string; revision: number }

type Obj = Record<string, unknown>;

function podLabels(namespace: string, sa: string, own: Record<string, string>): string[] {
  return [
    ...Object.entries(own).map(([k, v]) => `k8s:${k}=${v}`),
    `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${namespace}`,
    'k8s:io.cilium.k8s.policy.cluster=default',
    `k8s:io.cilium.k8s.policy.serviceaccount=${sa}`,
    `k8s:io.kubernetes.pod.namespace=${namespace}`,
  ].sort();
}

/** The seed scenario's endpoints, read from the manifest, plus endpoints it does not list. */
function endpoints(manifest: string): Record<string, Ep> {
  const doc = parse(readFileSync(manifest, 'utf8')) as { resources: Obj[] };
  const out: Record<string, Ep> = {};
  let identity = 21000;
  let epId = 100;
  for (const r of doc.resources) {
    const meta = r.metadata as Obj;
    if (r.kind === 'Node') {
      const ip = ((r.status as Obj).addresses as Obj[])[0]!.address as string;
      out[meta.name as string] = { ip, identity: 1, labels: ['reserved:host'], node: meta.name as string, pod_endpoint: false };
    }
    if (r.kind !== 'Pod') continue;
    const spec = r.spec as Obj;
    const ns = meta.namespace as string;
    const name = meta.name as string;
    const labels = (meta.labels ?? {}) as Record<string, string>;
    out[name] = {
      ip: (r.status as Obj).podIP as string,
      identity: identity += 37,
      namespace: ns,
      pod: name,
      labels: podLabels(ns, (spec.serviceAccountName as string | undefined) ?? 'default', labels),
      node: spec.nodeName as string,
      workload: name.startsWith('coredns') ? { name: 'coredns', kind: 'Deployment' } : undefined,
      pod_endpoint: true,
      id: epId += 13,
    };
  }
  // endpoints the manifests do not list: Hubble knows them by their labels
  out.prometheus = {
    ip: '10.0.2.50', identity: 48211, namespace: 'monitoring', pod: 'prometheus-0',
    labels: podLabels('monitoring', 'prometheus', { 'app.kubernetes.io/name': 'prometheus' }), node: 'node-2',
    workload: { name: 'prometheus', kind: 'StatefulSet' }, pod_endpoint: true, id: 731,
  };
  out.report = {
    ip: '10.0.1.77', identity: 50977, namespace: 'batch', pod: 'report-28391040-x7k2p',
    labels: podLabels('batch', 'reporter', { app: 'report' }), node: 'node-1',
    workload: { name: 'report', kind: 'CronJob' }, pod_endpoint: true, id: 912,
  };
  out.scanner = { ip: '203.0.113.7', identity: 2, labels: ['reserved:world'], pod_endpoint: false };
  out.example = { ip: '93.184.216.34', identity: 2, labels: ['reserved:world'], pod_endpoint: false };
  return out;
}

const APP1_EGRESS: Pol = { name: 'app1-egress', namespace: 'default', kind: 'CiliumNetworkPolicy', revision: 9 };
/** the revision recorded before app1's egress was narrowed */
const APP1_EGRESS_OLD: Pol = { ...APP1_EGRESS, revision: 6 };
const APP2_INGRESS: Pol = { name: 'app2-ingress', namespace: 'default', kind: 'CiliumNetworkPolicy', revision: 9 };
const COREDNS_INGRESS: Pol = { name: 'coredns-ingress', kind: 'CiliumClusterwideNetworkPolicy', revision: 9 };

function policyJson(p: Pol): Obj {
  const labels = [
    `k8s:io.cilium.k8s.policy.derived-from=${p.kind}`,
    `k8s:io.cilium.k8s.policy.name=${p.name}`,
    ...(p.namespace ? [`k8s:io.cilium.k8s.policy.namespace=${p.namespace}`] : []),
    `k8s:io.cilium.k8s.policy.uid=${p.name.length.toString(16).padStart(8, '0')}-5c1e-4d7a-9b1f-0a2e6c${p.revision.toString().padStart(6, '0')}`,
  ];
  return { name: p.name, ...(p.namespace ? { namespace: p.namespace } : {}), labels, revision: String(p.revision), kind: p.kind };
}

function mac(ip: string): string {
  const parts = ip.split('.').map((x) => Number(x).toString(16).padStart(2, '0'));
  return `0a:58:${parts.join(':')}`;
}

function endpointJson(e: Ep): Obj {
  const o: Obj = {};
  if (e.id !== undefined) o.ID = e.id;
  o.identity = e.identity;
  if (e.namespace) o.cluster_name = 'default';
  if (e.namespace) o.namespace = e.namespace;
  o.labels = e.labels;
  if (e.pod) o.pod_name = e.pod;
  if (e.workload) o.workloads = [e.workload];
  return o;
}

type L4 = { TCP: { source_port: number; destination_port: number; flags?: Record<string, boolean> } } | { UDP: { source_port: number; destination_port: number } } | { ICMPv4: { type: number } };

interface Rec {
  node: string;
  verdict: 'FORWARDED' | 'DROPPED' | 'REDIRECTED';
  src: Ep;
  dst: Ep;
  l4: L4;
  event: { type: number; sub_type?: number };
  direction?: 'INGRESS' | 'EGRESS';
  point?: string;
  reply?: boolean;
  l7?: Obj;
  allowedBy?: { egress?: Pol[]; ingress?: Pol[] };
  matchType?: number;
  summary?: string;
}

export interface SampleOptions {
  readonly connections?: number;
  readonly seed?: number;
  /** first timestamp (ms since the epoch) */
  readonly start?: number;
  readonly manifest?: string;
}

/** The recorded flows as JSON lines (without newlines). */
export function generateSeedFlows(options: SampleOptions = {}): string[] {
  const random = uniform(options.seed ?? 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const ep = endpoints(options.manifest ?? SEED_MANIFEST);
  const { app1, app2, other, prometheus, report, scanner, example } = ep as Record<string, Ep>;
  const coredns = ep['coredns-0']!;
  const node1 = ep['node-1']!;
  const node2 = ep['node-2']!;
  const lines: string[] = [];
  let now = options.start ?? Date.UTC(2025, 2, 14, 9, 30, 0);
  let nanos = 0;
  const tick = (ms: number): void => {
    now += ms;
    nanos = (nanos + 104729) % 1000000;
  };
  const stamp = (): string => new Date(now).toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => `.${ms}${String(nanos).padStart(6, '0')}Z`);
  const uuid = (): string => {
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  };

  const emit = (r: Rec): void => {
    const time = stamp();
    const f: Obj = { time, uuid: uuid(), verdict: r.verdict };
    if (r.verdict === 'DROPPED') f.drop_reason = 133;
    f.ethernet = { source: mac(r.src.ip), destination: mac(r.dst.ip) };
    f.IP = { source: r.src.ip, destination: r.dst.ip, ipVersion: 'IPv4' };
    f.l4 = r.l4;
    f.source = endpointJson(r.src);
    f.destination = endpointJson(r.dst);
    f.Type = r.l7 ? 'L7' : 'L3_L4';
    f.node_name = r.node;
    if (r.l7) f.l7 = r.l7;
    f.event_type = r.event;
    if (r.direction) f.traffic_direction = r.direction;
    if (r.matchType) f.policy_match_type = r.matchType;
    if (r.point) f.trace_observation_point = r.point;
    if (r.verdict === 'DROPPED') f.drop_reason_desc = 'POLICY_DENIED';
    f.is_reply = r.reply ?? false;
    if (r.summary) f.Summary = r.summary;
    if (r.allowedBy?.egress?.length) f.egress_allowed_by = r.allowedBy.egress.map(policyJson);
    if (r.allowedBy?.ingress?.length) f.ingress_allowed_by = r.allowedBy.ingress.map(policyJson);
    lines.push(JSON.stringify({ flow: f, node_name: r.node, time }));
    tick(Math.floor(random() * 3) + 1);
  };

  const tcp = (sport: number, dport: number, flags?: Record<string, boolean>): L4 => ({ TCP: { source_port: sport, destination_port: dport, ...(flags ? { flags } : {}) } });
  const flagText = (flags: Record<string, boolean>) => `TCP Flags: ${Object.keys(flags).join(', ')}`;
  const eph = (): number => 32768 + Math.floor(random() * 28000);

  /** One TCP connection as the nodes record it; `undefined` sides are not enforced (no verdict event). */
  const connection = (src: Ep, dst: Ep, port: number, o: {
    egress?: 'FORWARDED' | 'DROPPED';
    ingress?: 'FORWARDED' | 'DROPPED';
    egressBy?: Pol[];
    ingressBy?: Pol[];
    http?: { method: string; path: string; code: number; verdict: 'FORWARDED' | 'DROPPED' };
  }): void => {
    const sport = eph();
    const syn = { SYN: true };
    const cross = src.node !== dst.node;
    if (src.pod_endpoint && src.node) {
      const egress = o.egress ?? 'FORWARDED';
      emit({ node: src.node, verdict: egress, src, dst, l4: tcp(sport, port, syn), event: { type: 5 }, direction: 'EGRESS', matchType: egress === 'FORWARDED' ? 2 : undefined, allowedBy: egress === 'FORWARDED' ? { egress: o.egressBy } : undefined, summary: flagText(syn) });
      if (egress === 'DROPPED') {
        emit({ node: src.node, verdict: 'DROPPED', src, dst, l4: tcp(sport, port, syn), event: { type: 1, sub_type: 133 }, direction: 'EGRESS', summary: flagText(syn) });
        return;
      }
      // leaving the node (same-node delivery is traced once, at the destination's to-endpoint)
      if (cross || !dst.node) emit({ node: src.node, verdict: 'FORWARDED', src, dst, l4: tcp(sport, port, syn), event: { type: 4, sub_type: 3 }, point: 'TO_STACK', direction: 'EGRESS', summary: flagText(syn) });
    }
    tick(Math.floor(random() * 2));
    if (dst.pod_endpoint && dst.node) {
      const ingress = o.ingress ?? 'FORWARDED';
      emit({ node: dst.node, verdict: ingress, src, dst, l4: tcp(sport, port, syn), event: { type: 5 }, direction: 'INGRESS', matchType: ingress === 'FORWARDED' ? 2 : undefined, allowedBy: ingress === 'FORWARDED' ? { ingress: o.ingressBy } : undefined, summary: flagText(syn) });
      if (ingress === 'DROPPED') {
        emit({ node: dst.node, verdict: 'DROPPED', src, dst, l4: tcp(sport, port, syn), event: { type: 1, sub_type: 133 }, direction: 'INGRESS', summary: flagText(syn) });
        return;
      }
      if (o.http) emit({ node: dst.node, verdict: 'REDIRECTED', src, dst, l4: tcp(sport, port, syn), event: { type: 4, sub_type: 1 }, point: 'TO_PROXY', direction: 'INGRESS', summary: flagText(syn) });
      else emit({ node: dst.node, verdict: 'FORWARDED', src, dst, l4: tcp(sport, port, syn), event: { type: 4 }, point: 'TO_ENDPOINT', direction: 'INGRESS', summary: flagText(syn) });
    }
    // the reply and the handshake's last packet
    const synAck = { SYN: true, ACK: true };
    const replyNode = dst.node ?? src.node!;
    emit({ node: replyNode, verdict: 'FORWARDED', src: dst, dst: src, l4: tcp(port, sport, synAck), event: dst.node ? { type: 4, sub_type: 3 } : { type: 4 }, point: dst.node ? 'TO_STACK' : 'TO_ENDPOINT', reply: true, summary: flagText(synAck) });
    if (src.node && src.node !== replyNode) emit({ node: src.node, verdict: 'FORWARDED', src: dst, dst: src, l4: tcp(port, sport, synAck), event: { type: 4 }, point: 'TO_ENDPOINT', reply: true, summary: flagText(synAck) });
    const ack = { ACK: true };
    if (src.node) emit({ node: src.node, verdict: 'FORWARDED', src, dst, l4: tcp(sport, port, ack), event: { type: 4, sub_type: 3 }, point: 'TO_STACK', summary: flagText(ack) });
    if (o.http && dst.node) {
      const h = o.http;
      const headers = [
        { key: ':authority', value: 'app2.default.svc.cluster.local' },
        { key: 'User-Agent', value: 'app1/2.4.1' },
        { key: 'X-Request-Id', value: uuid() },
      ];
      const request = { method: h.method, url: `http://app2.default.svc.cluster.local${h.path}`, protocol: 'HTTP/1.1', headers };
      emit({ node: dst.node, verdict: h.verdict, src, dst, l4: tcp(sport, port), event: { type: 129 }, direction: 'INGRESS', l7: { type: 'REQUEST', http: request }, allowedBy: h.verdict === 'FORWARDED' ? { ingress: o.ingressBy } : undefined });
      tick(Math.floor(random() * 20) + 2);
      emit({ node: dst.node, verdict: 'FORWARDED', src: dst, dst: src, l4: tcp(port, sport), event: { type: 129 }, direction: 'INGRESS', reply: true, l7: { type: 'RESPONSE', latency_ns: String(Math.floor(random() * 9e6) + 4e5), http: { ...request, code: h.code } } });
      const fin = { FIN: true, ACK: true };
      emit({ node: src.node ?? dst.node, verdict: 'FORWARDED', src, dst, l4: tcp(sport, port, fin), event: { type: 4, sub_type: 3 }, point: 'TO_STACK', summary: flagText(fin) });
    }
  };

  /** A DNS lookup from `client` through CoreDNS; `proxied` when the client's egress has DNS rules. */
  const lookup = (client: Ep, name: string, ips: readonly string[], o: { proxied: boolean; verdict?: 'FORWARDED' | 'DROPPED'; ingress?: 'FORWARDED' | 'DROPPED' }): void => {
    const sport = eph();
    const udp: L4 = { UDP: { source_port: sport, destination_port: 53 } };
    const back: L4 = { UDP: { source_port: 53, destination_port: sport } };
    const node = client.node!;
    emit({ node, verdict: 'FORWARDED', src: client, dst: coredns, l4: udp, event: { type: 5 }, direction: 'EGRESS', matchType: o.proxied ? 2 : undefined, allowedBy: o.proxied ? { egress: [APP1_EGRESS] } : undefined });
    if (o.proxied) {
      emit({ node, verdict: 'REDIRECTED', src: client, dst: coredns, l4: udp, event: { type: 4, sub_type: 1 }, point: 'TO_PROXY', direction: 'EGRESS' });
      const verdict = o.verdict ?? 'FORWARDED';
      const query = { query: `${name}.`, qtypes: ['A'], observation_source: 'proxy' };
      emit({ node, verdict, src: client, dst: coredns, l4: udp, event: { type: 129 }, direction: 'EGRESS', l7: { type: 'REQUEST', dns: query }, allowedBy: verdict === 'FORWARDED' ? { egress: [APP1_EGRESS] } : undefined });
      if (verdict === 'DROPPED') {
        emit({ node, verdict: 'FORWARDED', src: coredns, dst: client, l4: back, event: { type: 129 }, direction: 'EGRESS', reply: true, l7: { type: 'RESPONSE', dns: { ...query, rcode: 5 } } });
        return;
      }
    }
    const ingress = o.ingress ?? 'FORWARDED';
    emit({ node: coredns.node!, verdict: ingress, src: client, dst: coredns, l4: udp, event: { type: 5 }, direction: 'INGRESS', matchType: ingress === 'FORWARDED' ? 3 : undefined, allowedBy: ingress === 'FORWARDED' ? { ingress: [COREDNS_INGRESS] } : undefined });
    if (ingress === 'DROPPED') {
      emit({ node: coredns.node!, verdict: 'DROPPED', src: client, dst: coredns, l4: udp, event: { type: 1, sub_type: 133 }, direction: 'INGRESS' });
      return;
    }
    emit({ node: coredns.node!, verdict: 'FORWARDED', src: coredns, dst: client, l4: back, event: { type: 4, sub_type: 3 }, point: 'TO_STACK', reply: true });
    if (o.proxied) {
      tick(Math.floor(random() * 4) + 1);
      const answer = { query: `${name}.`, ips: [...ips], ttl: 300, cnames: [], observation_source: 'proxy', qtypes: ['A'], rrtypes: ['A'] };
      emit({ node, verdict: 'FORWARDED', src: coredns, dst: client, l4: back, event: { type: 129 }, direction: 'EGRESS', reply: true, l7: { type: 'RESPONSE', latency_ns: String(Math.floor(random() * 3e6) + 2e5), dns: answer } });
    }
  };

  const GOOGLE: Record<string, string[]> = {
    'www.google.com': ['142.250.74.36'],
    'maps.google.com': ['142.250.180.14', '142.250.180.46'],
    'storage.google.com': ['142.251.36.16'],
  };
  const YAHOO = ['74.6.143.25', '74.6.143.26'];
  const GITHUB = ['140.82.112.6'];
  const resolved = new Set<string>();
  const world = (ip: string): Ep => ({ ip, identity: ip.startsWith('142.') || ip.startsWith('74.6.') ? 16777217 + (ip.startsWith('74.') ? 1 : 0) : ip.startsWith('140.82.') ? 16777219 : 2, labels: ip.startsWith('142.') ? [`cidr:${ip}/32`, 'fqdn:*.google.com', 'reserved:world-ipv4'] : ['reserved:world'], pod_endpoint: false });

  type Scenario = [number, () => void];
  const scenarios: Scenario[] = [
    [20, () => connection(app1, app2, 80, { egressBy: [APP1_EGRESS], ingressBy: [APP2_INGRESS], http: { method: 'GET', path: '/auth', code: 200, verdict: 'FORWARDED' } })],
    // Envoy matches the path with its query string: `path: /auth` does not allow /auth?user=42
    [5, () => connection(app1, app2, 80, { egressBy: [APP1_EGRESS], ingressBy: [APP2_INGRESS], http: { method: 'GET', path: pick(['/products', '/products?page=2', '/auth?user=42']), code: 403, verdict: 'DROPPED' } })],
    // recorded under the older app2 ingress: health checks were allowed
    [3, () => connection(app1, app2, 80, { egressBy: [APP1_EGRESS], ingressBy: [APP2_INGRESS], http: { method: 'GET', path: '/healthz', code: 200, verdict: 'FORWARDED' } })],
    [16, () => {
      const r = random();
      if (r < 0.45) { const name = pick(Object.keys(GOOGLE)); lookup(app1, name, GOOGLE[name]!, { proxied: true }); resolved.add(name); }
      else if (r < 0.65) { lookup(app1, 'yahoo.com', YAHOO, { proxied: true }); resolved.add('yahoo.com'); }
      else if (r < 0.8) lookup(app1, 'amazon.com', [], { proxied: true, verdict: 'DROPPED' });
      // the older policy let app1 resolve api.github.com
      else { lookup(app1, 'api.github.com', GITHUB, { proxied: true }); resolved.add('api.github.com'); }
    }],
    [12, () => {
      const names = [...resolved].filter((n) => n !== 'api.github.com');
      if (names.length === 0) return;
      const name = pick(names);
      const ip = pick(name === 'yahoo.com' ? YAHOO : GOOGLE[name]!);
      connection(app1, world(ip), 443, { egressBy: [APP1_EGRESS] });
    }],
    [3, () => { if (resolved.has('api.github.com')) connection(app1, world(GITHUB[0]!), 443, { egressBy: [APP1_EGRESS_OLD] }); }],
    [2, () => connection(app1, world('205.251.242.103'), 443, { egress: 'DROPPED' })],
    // recorded under the older app1 egress: app1 could reach other
    [4, () => connection(app1, other, 80, { egressBy: [APP1_EGRESS_OLD] })],
    [2, () => connection(app1, app2, 90, { egress: 'DROPPED' })],
    [4, () => connection(other, app2, 80, { ingress: 'DROPPED' })],
    [6, () => lookup(other, pick(['amazon.com', 'www.google.com', 'kubernetes.default.svc.cluster.local']), [], { proxied: false })],
    // recorded before coredns-ingress admitted every pod
    [1, () => lookup(other, 'amazon.com', [], { proxied: false, ingress: 'DROPPED' })],
    [4, () => connection(prometheus, app2, 90, { ingress: 'DROPPED' })],
    [4, () => connection(prometheus, other, 80, {})],
    [3, () => connection(prometheus, app1, 8080, {})],
    // recorded when other still had an ingress policy
    [1, () => connection(prometheus, other, 80, { ingress: 'DROPPED' })],
    [4, () => connection(node2, app2, 80, { ingressBy: [] })],
    [3, () => connection(node1, app1, 8080, {})],
    [2, () => connection(scanner, app2, 80, { ingress: 'DROPPED' })],
    [3, () => connection(report, example, 443, {})],
    [1, () => connection(report, app2, 80, { ingress: 'DROPPED' })],
  ];
  const total = scenarios.reduce((s, [w]) => s + w, 0);
  const count = options.connections ?? 500;
  // the first minutes: app1 resolves its names before connecting
  lookup(app1, 'www.google.com', GOOGLE['www.google.com']!, { proxied: true });
  resolved.add('www.google.com');
  for (let i = 0; i < count; i++) {
    let r = random() * total;
    for (const [w, run] of scenarios) {
      r -= w;
      if (r < 0) {
        run();
        break;
      }
    }
    tick(Math.floor(random() * 900) + 50);
    if (i === Math.floor(count / 2)) {
      // what `hubble observe` prints when the ring buffer overflowed
      lines.push(JSON.stringify({ lost_events: { source: 'HUBBLE_RING_BUFFER', num_events_lost: '3', cpu: null }, node_name: 'node-2', time: stamp() }));
    }
  }
  return lines;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const arg = (name: string, fallback: string): string => {
    const i = process.argv.indexOf(name);
    return i !== -1 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
  };
  const out = resolve(arg('--out', join(ROOT, 'test', 'fixtures', 'hubble')));
  const lines = generateSeedFlows({ connections: Number(arg('--connections', '500')), seed: Number(arg('--seed', '7')) });
  mkdirSync(out, { recursive: true });
  const text = `${lines.join('\n')}\n`;
  writeFileSync(join(out, 'seed-flows.jsonl'), text);
  writeFileSync(join(out, 'seed-flows.jsonl.gz'), gzipSync(text, { level: 9 }));
  console.log(`wrote ${lines.length} records to ${join(out, 'seed-flows.jsonl')} (${(text.length / 1048576).toFixed(1)} MiB) and seed-flows.jsonl.gz`);
}
