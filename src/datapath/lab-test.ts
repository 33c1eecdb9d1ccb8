/**
 * `membrane lab test`: PolicyTest cases as real traffic. For one PolicyTest document it builds
 * a lab of the document's cluster, performs the DNS lookups the document's expectations assume
 * (a node knows a name when one of its pods may resolve it through the DNS proxy: one real
 * lookup per node and name, which the proxy allows or refuses by itself), sends each case's
 * traffic from inside the source's namespace, reads the packets' verdict and removes the lab.
 */

import { Cluster, type ClusterOptions, type K8sObject, type NodeInfo, type PodInfo, type ReservedName } from '../cluster/index.js';
import { PolicyEngine, type FlowEndpoint, type FlowSpec } from '../engine/index.js';
import { formatIp, parseIp } from '../net/index.js';
import { loadPolicies } from '../policy/load.js';
import type { AgentStatus } from './agent.js';
import { callControl } from './control.js';
import { labDown, labUp, LabError, probeFrom } from './lab.js';
import { inParallel } from './netns.js';
import { packetVerdict, type Probe, type ProbeResult } from './probes.js';
import { controlSocket } from './state.js';
import { kernelHasSctp } from './system.js';
import { entityKey, nodeKey, podKey, WORLD_KEY, type PortSpec, type Topology } from './topology.js';

export interface LabCaseOutcome {
  /** why the case cannot be sent as traffic (it is then skipped) */
  readonly unsupported?: string | undefined;
  readonly verdict?: 'allow' | 'deny' | undefined;
  /** what the client saw */
  readonly detail?: string | undefined;
  /** the traffic, in words: `TCP 10.0.1.10 -> 10.0.2.10:80` */
  readonly traffic?: string | undefined;
}

export interface LabTestRun {
  readonly outcomes: LabCaseOutcome[];
  readonly warmup: { readonly queries: number; readonly learned: number };
  readonly ms: { readonly up: number; readonly warmup: number; readonly probes: number; readonly down: number };
  readonly notes: string[];
}

export interface LabTestOptions {
  readonly name: string;
  readonly objects: readonly K8sObject[];
  readonly dns: ReadonlyMap<string, readonly string[]>;
  /** the cases' flows (undefined: the case is not runnable, it is skipped) */
  readonly flows: readonly (FlowSpec | undefined)[];
  readonly timeoutMs: number;
  /** drop denied packets as Cilium does (probes then wait for the timeout) instead of rejecting them */
  readonly drop?: boolean | undefined;
  /** agent settings and workload expansion of the document */
  readonly cluster?: ClusterOptions | undefined;
}

interface Located {
  readonly key: string;
  readonly address: string;
}

interface Planned {
  readonly source: string;
  readonly probe: Probe;
  readonly traffic: string;
}

/** Outside addresses for `entity: world`: documentation ranges, as outside peers should be. */
function* documentationAddresses(): Generator<string> {
  for (const prefix of ['192.0.2', '198.51.100', '203.0.113']) for (let i = 10; i < 250; i++) yield `${prefix}.${i}`;
}

class Planner {
  readonly worldAddresses = new Set<string>();
  readonly ports = new Map<string, PortSpec[]>();
  readonly entityAddresses = new Map<ReservedName, string>();
  private worldEntity: string | undefined;
  private readonly taken: Set<string>;
  readonly sctp = kernelHasSctp();

  constructor(readonly engine: PolicyEngine, dns: ReadonlyMap<string, readonly string[]>, flows: readonly (FlowSpec | undefined)[]) {
    this.taken = new Set([...dns.values()].flat());
    for (const f of flows) for (const e of f ? [f.from, f.to] : []) if (e.kind === 'ip') this.taken.add(formatIp(e.ip));
  }

  private get nodes(): string[] {
    return this.engine.cluster.nodes.length > 0 ? this.engine.cluster.nodes.map((n) => n.name) : [''];
  }

  /** An address of its own for a reserved entity (its ipcache entry says the entity). */
  private entityAddress(entity: ReservedName): string | undefined {
    const known = this.entityAddresses.get(entity);
    if (known) return known;
    for (const a of documentationAddresses()) {
      if (this.taken.has(a) || this.engine.cluster.ownerOf(parseIp(a)!) || a === this.worldEntity) continue;
      this.taken.add(a);
      this.entityAddresses.set(entity, a);
      return a;
    }
    return undefined;
  }

  /** An outside address every node sees as plain `world` (no policy CIDR contains it). */
  worldEntityAddress(): string | undefined {
    if (this.worldEntity) return this.worldEntity;
    for (const a of documentationAddresses()) {
      const ip = parseIp(a)!;
      if (this.taken.has(a) || this.engine.cluster.ownerOf(ip)) continue;
      this.taken.add(a);
      if (this.nodes.every((n) => this.engine.ipcache.identityFor(ip, n) === this.engine.cluster.identities.worldOf(4))) {
        this.worldAddresses.add(a);
        return (this.worldEntity = a);
      }
    }
    return undefined;
  }

  private pod(p: PodInfo): Located | string {
    const pod = this.engine.cluster.pod(p.namespace, p.name);
    if (!pod) return `pod ${p.namespace}/${p.name} is not in the manifests`;
    if (pod.hostNetwork) {
      const node = this.engine.cluster.node(pod.nodeName);
      return node ? this.node(node) : `host-network pod ${p.namespace}/${p.name} runs on no node of the manifests`;
    }
    const address = pod.ips.find((ip) => ip.family === 4);
    return address ? { key: podKey(pod), address: formatIp(address) } : `pod ${p.namespace}/${p.name} has no IPv4 address (status.podIP)`;
  }

  private node(n: NodeInfo): Located | string {
    const address = n.addresses.find((ip) => ip.family === 4);
    return address ? { key: nodeKey(n.name), address: formatIp(address) } : `node ${n.name} has no IPv4 InternalIP`;
  }

  locate(e: FlowEndpoint): Located | string {
    switch (e.kind) {
      case 'pod': return this.pod(e.pod);
      case 'node': return this.node(e.node);
      case 'ip': {
        if (e.ip.family !== 4) return 'the lab is IPv4 only';
        const owner = this.engine.cluster.ownerOf(e.ip);
        const address = formatIp(e.ip);
        if (owner?.kind === 'pod') return { key: podKey(owner.pod), address };
        if (owner?.kind === 'node') return { key: nodeKey(owner.node.name), address };
        this.worldAddresses.add(address);
        return { key: WORLD_KEY, address };
      }
      case 'entity': {
        if (e.entity !== 'world') {
          const own = this.entityAddress(e.entity);
          return own ? { key: entityKey(e.entity), address: own } : `no documentation-range address is left for entity ${e.entity}`;
        }
        const address = this.worldEntityAddress();
        return address ? { key: WORLD_KEY, address } : 'no documentation-range address is plain world here (policies name CIDRs that cover them all)';
      }
      case 'identity': return 'an identity known only by its labels has no address';
    }
  }

  private listen(key: string, spec: PortSpec): void {
    const list = this.ports.get(key) ?? [];
    if (!list.some((p) => p.protocol === spec.protocol && p.port === spec.port)) list.push(spec);
    this.ports.set(key, list);
  }

  plan(flow: FlowSpec, id: number): Planned | string {
    const from = this.locate(flow.from);
    if (typeof from === 'string') return `from: ${from}`;
    const to = this.locate(flow.to);
    if (typeof to === 'string') return `to: ${to}`;
    const base = { id, dst: to.address, src: from.address };
    const arrow = `${from.address} -> ${to.address}`;
    switch (flow.protocol) {
      case 'ICMPv6':
        return 'ICMPv6: the lab is IPv4 only';
      case 'ICMP':
        if (flow.port !== 8) return `ICMP type ${flow.port}: the lab sends echo requests (type 8) only`;
        return { source: from.key, probe: { ...base, kind: 'icmp' }, traffic: `ICMP echo ${arrow}` };
      case 'SCTP':
        return this.sctp ? 'SCTP: Node has no SCTP sockets to probe with' : 'SCTP: this kernel has no SCTP (no /proc/sys/net/sctp)';
      case 'TCP':
      case 'UDP': {
        const protocol = flow.protocol;
        this.listen(to.key, { protocol, port: flow.port });
        const where = `${arrow}:${flow.port}`;
        if (flow.dns) {
          return { source: from.key, probe: { ...base, kind: 'dns', transport: protocol === 'TCP' ? 'tcp' : 'udp', port: flow.port, name: flow.dns.query }, traffic: `DNS ${flow.dns.query} over ${protocol} ${where}` };
        }
        if (flow.http && protocol === 'TCP') {
          const h = flow.http;
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(h.headers ?? {})) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          return { source: from.key, probe: { ...base, kind: 'http', port: flow.port, method: h.method, path: h.path, host: h.host, headers }, traffic: `HTTP ${h.method} ${h.path} ${where}` };
        }
        if (protocol === 'TCP') return { source: from.key, probe: { ...base, kind: 'tcp', port: flow.port }, traffic: `TCP connect ${where}` };
        return { source: from.key, probe: { ...base, kind: 'udp', port: flow.port }, traffic: `UDP datagram ${where}` };
      }
    }
  }

  /** One lookup per node and DNS name, from a pod of the node whose lookup the proxy should let through. */
  warmup(names: readonly string[], firstId: number): Planned[] {
    const out: Planned[] = [];
    let id = firstId;
    for (const node of this.nodes) {
      const pods = this.engine.cluster.pods.filter((p) => p.nodeName === node && !p.hostNetwork);
      for (const name of names) {
        lookup: for (const pod of pods) {
          const from = this.pod(pod);
          if (typeof from === 'string') continue;
          for (const t of this.engine.dnsProxyTargets(pod)) {
            if (t.protocol === 'SCTP') continue;
            const v = this.engine.evaluate({ from: { kind: 'pod', pod }, to: t.target, protocol: t.protocol, port: t.port, dns: { query: name } });
            const dns = v.egress?.l7;
            if (v.verdict !== 'allow' || dns?.kind !== 'dns' || !dns.proxied) continue;
            const server = t.target.kind === 'pod' ? this.pod(t.target.pod) : t.server === this.engine.cluster.identities.worldOf(4) ? this.locate({ kind: 'entity', entity: 'world' }) : 'no address';
            if (typeof server === 'string') continue;
            this.listen(server.key, { protocol: t.protocol, port: t.port });
            out.push({
              source: from.key,
              probe: { id: id++, kind: 'dns', transport: t.protocol === 'TCP' ? 'tcp' : 'udp', dst: server.address, port: t.port, name },
              traffic: `DNS ${name} ${from.address} -> ${server.address}:${t.port}`,
            });
            break lookup;
          }
        }
      }
    }
    return out;
  }
}

async function runPlanned(lab: string, topology: Topology, planned: readonly Planned[], timeoutMs: number): Promise<Map<number, ProbeResult>> {
  const bySource = new Map<string, Probe[]>();
  for (const p of planned) bySource.set(p.source, [...(bySource.get(p.source) ?? []), p.probe]);
  const results = new Map<number, ProbeResult>();
  await inParallel([...bySource], 32, async ([key, probes]) => {
    const endpoint = topology.endpoints.find((e) => e.key === key)!;
    for (const r of await probeFrom(lab, endpoint, probes, timeoutMs)) results.set(r.id, r);
  });
  return results;
}

export async function runLabTest(options: LabTestOptions): Promise<LabTestRun> {
  const { cluster } = Cluster.build(options.objects, options.cluster);
  const engine = new PolicyEngine(cluster, loadPolicies(options.objects, cluster).accepted, { settings: options.cluster?.settings });
  const planner = new Planner(engine, options.dns, options.flows);
  const plans: (Planned | string)[] = options.flows.map((f, i) => (f ? planner.plan(f, i) : 'the case is not valid'));
  const warmup = planner.warmup([...options.dns.keys()], options.flows.length);
  const t0 = performance.now();
  const up = await labUp({
    name: options.name,
    objects: options.objects,
    dns: options.dns,
    extras: { worldAddresses: [...planner.worldAddresses], ports: planner.ports, entityAddresses: planner.entityAddresses },
    reject: options.drop !== true,
    cluster: options.cluster,
  });
  const t1 = performance.now();
  let warmupMs = 0;
  let probesMs = 0;
  let learned = 0;
  let downMs = 0;
  const outcomes: LabCaseOutcome[] = [];
  try {
    const present = new Set(up.topology.endpoints.map((e) => e.key));
    const runnable = plans.map((p) => {
      if (typeof p === 'string') return p;
      if (!present.has(p.source)) return `the source is not in the lab (${up.topology.notes.join('; ') || 'no address'})`;
      return p;
    });
    await runPlanned(options.name, up.topology, warmup.filter((w) => present.has(w.source)), options.timeoutMs);
    const status = await callControl<AgentStatus>(controlSocket(options.name), { op: 'status' });
    learned = Object.values(status.learned).reduce((n, names) => n + Object.keys(names).length, 0);
    const t2 = performance.now();
    warmupMs = t2 - t1;
    const results = await runPlanned(options.name, up.topology, runnable.filter((p): p is Planned => typeof p !== 'string'), options.timeoutMs);
    probesMs = performance.now() - t2;
    for (const p of runnable) {
      if (typeof p === 'string') {
        outcomes.push({ unsupported: p });
        continue;
      }
      const r = results.get(p.probe.id);
      if (!r) throw new LabError(`no result for ${p.traffic}`);
      outcomes.push({ verdict: packetVerdict(p.probe, r), detail: `${r.detail}, ${r.ms ?? '?'} ms`, traffic: p.traffic });
    }
  } finally {
    const t3 = performance.now();
    await labDown(options.name);
    downMs = performance.now() - t3;
  }
  return {
    outcomes,
    warmup: { queries: warmup.length, learned },
    ms: { up: t1 - t0, warmup: warmupMs, probes: probesMs, down: downMs },
    notes: up.topology.notes,
  };
}
