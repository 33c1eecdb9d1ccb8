/**
 * Recorded Hubble flows for the shared bench workloads (../shared/bench/workload-*): the JSON
 * lines `hubble observe -o json` writes, streamed (never held whole).
 *
 *   verdicts  policy verdict events between random pods and world addresses, 40% replies
 *             (the recording of a cluster with policy: replay's slow path, many identity pairs)
 *   traces    a cluster without policy: each workload (pods of equal labels) talks to a few
 *             dependencies on one or two ports, to kube-dns, and some to outside addresses;
 *             every connection is its first packet at the source's node (TO_OVERLAY or
 *             TO_STACK, EGRESS) and at the destination (TO_ENDPOINT, INGRESS) with
 *             trace_reason NEW, then the reply: what `membrane generate` learns from
 *
 * Randomness is seeded (mulberry32), so every run writes the same lines.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { uniform as mulberry32 } from '../tools/prng.js';

interface BenchPod {
  readonly ip: string;
  readonly namespace: string;
  readonly name: string;
  readonly node: string;
  readonly labels: string[];
  /** the workload: namespace and own labels, without per-pod labels */
  readonly group: string;
}

const PER_POD_LABELS = new Set(['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index']);

export function loadBenchPods(dir: string): BenchPod[] {
  const docs = readFileSync(join(dir, 'pods.yaml'), 'utf8').split(/^---$/m).map((d) => parse(d) as Record<string, any> | null).filter((d): d is Record<string, any> => !!d && d.kind === 'Pod');
  return docs.filter((p) => !p.spec.hostNetwork && p.status?.podIP).map((p) => {
    const own = Object.entries((p.metadata.labels ?? {}) as Record<string, string>);
    return {
      ip: p.status.podIP as string,
      namespace: p.metadata.namespace as string,
      name: p.metadata.name as string,
      node: p.spec.nodeName as string,
      labels: [...own.map(([k, v]) => `k8s:${k}=${v}`), `k8s:io.kubernetes.pod.namespace=${p.metadata.namespace}`],
      group: `${p.metadata.namespace}/${own.filter(([k]) => !PER_POD_LABELS.has(k)).map(([k, v]) => `${k}=${v}`).sort().join(',')}`,
    };
  });
}

function outsideAddresses(dir: string): string[] {
  const dns = parse(readFileSync(join(dir, 'dns.yaml'), 'utf8')) as Record<string, string[]>;
  return [...Object.values(dns).flat(), '8.8.8.8', '1.1.1.1', '52.94.236.248', '140.82.112.6'];
}

const endpointJson = (p: BenchPod, identity: number) => ({ identity, namespace: p.namespace, labels: p.labels, pod_name: p.name });

/** Policy verdict events between random pods (and world addresses), 40% replies. */
export function* verdictFlows(dir: string, total: number): Generator<string> {
  const pods = loadBenchPods(dir);
  const random = mulberry32(42);
  const ports = [80, 443, 8080, 5432, 6379, 9090, 53];
  const worlds = outsideAddresses(dir).slice(-4);
  let t = Date.UTC(2025, 2, 14, 9, 0, 0);
  for (let i = 0; i < total; i++) {
    const src = pods[Math.floor(random() * pods.length)]!;
    const toWorld = random() < 0.1;
    const dst = toWorld ? undefined : pods[Math.floor(random() * pods.length)]!;
    const port = ports[Math.floor(random() * ports.length)]!;
    const udp = port === 53;
    const reply = random() < 0.4;
    const egress = toWorld || random() < 0.5;
    const verdict = random() < 0.8 ? 'FORWARDED' : 'DROPPED';
    const time = new Date((t += 3)).toISOString();
    const sport = 32768 + (i % 28000);
    const dstIp = dst ? dst.ip : worlds[i % worlds.length]!;
    const l4 = udp ? { UDP: { source_port: reply ? port : sport, destination_port: reply ? sport : port } } : { TCP: { source_port: reply ? port : sport, destination_port: reply ? sport : port, flags: reply ? { SYN: true, ACK: true } : { SYN: true } } };
    const srcEp = endpointJson(src, 30000 + (i % 97));
    const dstEp = dst ? endpointJson(dst, 30000 + (i % 89)) : { identity: 2, labels: ['reserved:world'] };
    const node = egress ? src.node : dst!.node;
    const flow: Record<string, unknown> = {
      time,
      verdict,
      ...(verdict === 'DROPPED' ? { drop_reason: 133 } : {}),
      IP: { source: reply ? dstIp : src.ip, destination: reply ? src.ip : dstIp, ipVersion: 'IPv4' },
      l4,
      source: reply ? dstEp : srcEp,
      destination: reply ? srcEp : dstEp,
      Type: 'L3_L4',
      node_name: node,
      event_type: { type: reply ? 4 : 5 },
      traffic_direction: egress ? 'EGRESS' : 'INGRESS',
      ...(verdict === 'DROPPED' ? { drop_reason_desc: 'POLICY_DENIED' } : {}),
      is_reply: reply,
    };
    yield JSON.stringify({ flow, node_name: node, time });
  }
}

/** A cluster without policy: each workload's connections to its dependencies, as trace events. */
export function* traceFlows(dir: string, total: number): Generator<string> {
  const pods = loadBenchPods(dir);
  const random = mulberry32(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const groups = new Map<string, BenchPod[]>();
  for (const p of pods) {
    let g = groups.get(p.group);
    if (!g) groups.set(p.group, (g = []));
    g.push(p);
  }
  const names = [...groups.keys()].sort();
  const dns = pods.filter((p) => p.labels.includes('k8s:k8s-app=kube-dns'));
  const outside = outsideAddresses(dir);
  const ports = [80, 443, 8080, 5432, 6379, 9090, 9000, 3306, 11211];
  // each workload's dependencies: a few workloads on one or two ports, some outside addresses
  const deps = new Map<string, { to: BenchPod[] | string; protocol: 'TCP' | 'UDP'; port: number }[]>();
  for (const name of names) {
    const list: { to: BenchPod[] | string; protocol: 'TCP' | 'UDP'; port: number }[] = [];
    const n = 2 + Math.floor(random() * 4);
    for (let i = 0; i < n; i++) {
      const target = groups.get(pick(names))!;
      list.push({ to: target, protocol: 'TCP', port: pick(ports) });
      if (random() < 0.3) list.push({ to: target, protocol: 'TCP', port: pick(ports) });
    }
    if (dns.length > 0) list.push({ to: dns, protocol: 'UDP', port: 53 }, { to: dns, protocol: 'UDP', port: 53 });
    if (random() < 0.4) list.push({ to: pick(outside), protocol: 'TCP', port: 443 });
    deps.set(name, list);
  }
  let t = Date.UTC(2025, 5, 2, 8, 0, 0);
  let emitted = 0;
  let sport = 32768;
  const line = (node: string, flow: Record<string, unknown>): string => {
    const time = new Date((t += 1)).toISOString();
    emitted++;
    return JSON.stringify({ flow: { time, verdict: 'FORWARDED', ...flow, Type: 'L3_L4', node_name: node }, node_name: node, time });
  };
  while (emitted < total) {
    const src = pick(pods);
    const dep = pick(deps.get(src.group)!);
    const dst = typeof dep.to === 'string' ? undefined : pick(dep.to);
    const dstIp = dst ? dst.ip : (dep.to as string);
    sport = sport >= 60999 ? 32768 : sport + 1;
    const l4 = (s: number, d: number, reply: boolean) => (dep.protocol === 'UDP'
      ? { UDP: { source_port: s, destination_port: d } }
      : { TCP: { source_port: s, destination_port: d, flags: reply ? { SYN: true, ACK: true } : { SYN: true } } });
    const srcEp = endpointJson(src, 0);
    const dstEp = dst ? endpointJson(dst, 0) : { labels: ['reserved:world'] };
    const out = !dst || dst.node !== src.node;
    const ip = { source: src.ip, destination: dstIp, ipVersion: 'IPv4' };
    if (out) yield line(src.node, { IP: ip, l4: l4(sport, dep.port, false), source: srcEp, destination: dstEp, event_type: { type: 4, sub_type: dst ? 4 : 3 }, traffic_direction: 'EGRESS', trace_observation_point: dst ? 'TO_OVERLAY' : 'TO_STACK', trace_reason: 'NEW', is_reply: false });
    if (dst) yield line(dst.node, { IP: ip, l4: l4(sport, dep.port, false), source: srcEp, destination: dstEp, event_type: { type: 4 }, traffic_direction: 'INGRESS', trace_observation_point: 'TO_ENDPOINT', trace_reason: 'NEW', is_reply: false });
    if (emitted < total) yield line(src.node, { IP: { source: dstIp, destination: src.ip, ipVersion: 'IPv4' }, l4: l4(dep.port, sport, true), source: dstEp, destination: srcEp, event_type: { type: 4 }, traffic_direction: 'EGRESS', trace_observation_point: 'TO_ENDPOINT', trace_reason: 'REPLY', is_reply: true });
  }
}
