/**
 * The lab agent (Cilium's agent, in one process inside the lab's host namespace): holds the
 * policy engine built from the lab's objects, compiles it into the nftables table and replaces
 * the table atomically whenever policy or the FQDN cache changes, runs the HTTP and DNS proxies
 * and answers the control socket (`status`, `apply`). On SIGTERM or SIGINT it removes the lab.
 */

import { Cluster, type ClusterOptions, type K8sObject } from '../cluster/index.js';
import { ObservedFqdnCache, PolicyEngine, type FlowEndpoint, type FlowVerdict, type SideVerdict } from '../engine/index.js';
import { parseIp, type FlowProtocol } from '../net/index.js';
import { formatPolicyRef } from '../policy/entry.js';
import { loadPolicies } from '../policy/load.js';
import { compileRuleset, type CompileStats, type DnsTarget } from './compile.js';
import { serveControl } from './control.js';
import { DnsProxy } from './dns-proxy.js';
import { startHttpProxy } from './http-proxy.js';
import { DNS_PROXY_FIRST_PORT, GATEWAY, HTTP_PROXY_ADDRESS, HTTP_PROXY_PORT } from './names.js';
import { teardown } from './netns.js';
import { controlSocket, readLabState, readObjects, statePath, writeAtomically, writeObjects } from './state.js';
import { nftLoad } from './system.js';
import type { Topology } from './topology.js';

/** Kinds `lab apply` changes; everything else (pods, nodes) is fixed when the lab is built. */
export const POLICY_OBJECT_KINDS = ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'NetworkPolicy', 'CiliumCIDRGroup'];

export function objectKey(o: Record<string, unknown>): string {
  const meta = (o.metadata ?? {}) as Record<string, unknown>;
  return `${String(o.kind)}/${typeof meta.namespace === 'string' ? meta.namespace : ''}/${String(meta.name)}`;
}

export interface ApplyResult {
  readonly policies: number;
  readonly rejected: { readonly policy: string; readonly message: string }[];
  readonly compileMs: number;
  readonly loadMs: number;
  readonly stats: CompileStats;
}

export interface AgentStatus {
  readonly pid: number;
  readonly policies: number;
  readonly rejected: string[];
  readonly stats: CompileStats;
  readonly reloads: number;
  readonly lastReloadMs: number;
  readonly httpProxy: string;
  readonly dnsListeners: number;
  /** node -> name -> addresses the DNS proxy let through */
  readonly learned: Record<string, Record<string, string[]>>;
}

interface Model {
  readonly engine: PolicyEngine;
  readonly policies: number;
  readonly rejected: { policy: string; message: string }[];
}

function buildModel(objects: readonly Record<string, unknown>[], fqdn: ObservedFqdnCache, options: ClusterOptions): Model {
  const k8s: K8sObject[] = objects.map((value) => ({ value }));
  const { cluster } = Cluster.build(k8s, options);
  const loaded = loadPolicies(k8s, cluster);
  const engine = new PolicyEngine(cluster, loaded.accepted, { settings: options.settings });
  engine.ipcache.setFqdnCache(fqdn);
  const rejected = loaded.rejected.map((r) => ({
    policy: formatPolicyRef(r.ref),
    message: r.diagnostics.find((d) => d.severity === 'error')?.message ?? 'rejected',
  }));
  return { engine, policies: loaded.accepted.length, rejected };
}


function sideText(side: SideVerdict | undefined): string {
  if (!side) return '-';
  const l7 = side.l7 ? ` ${side.l7.kind} ${side.l7.reason}` : '';
  return `${side.verdict} (${side.l4.reason}${l7})`;
}

const verdictText = (v: FlowVerdict) => `egress ${sideText(v.egress)}, ingress ${sideText(v.ingress)}`;

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

export class Agent {
  private model: Model;
  private readonly fqdn = new ObservedFqdnCache();
  private readonly dnsProxy: DnsProxy;
  private stats: CompileStats = { subjects: 0, chains: 0, elements: 0, redirects: { http: 0, dns: 0 } };
  private reloads = 0;
  private lastReloadMs = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private httpListening = false;

  constructor(
    readonly lab: string,
    private readonly topology: Topology,
    private objects: Record<string, unknown>[],
    private readonly options: { readonly reject?: boolean | undefined; readonly cluster?: ClusterOptions | undefined } = {},
  ) {
    this.model = buildModel(objects, this.fqdn, options.cluster ?? {});
    this.dnsProxy = new DnsProxy({
      address: GATEWAY,
      upstreamTimeoutMs: 1500,
      decide: (client, target, name) => this.decideDns(client, target, name),
      learn: (client, name, addresses) => this.learn(client, name, addresses),
      log,
    }, DNS_PROXY_FIRST_PORT);
  }

  get engine(): PolicyEngine {
    return this.model.engine;
  }

  /** A flow endpoint for an address: a reserved entity the lab gave it, or the address itself. */
  private endpoint(ip: string): FlowEndpoint {
    const entity = this.topology.endpoints.find((e) => e.entity && e.addresses.includes(ip))?.entity;
    return entity ? { kind: 'entity', entity } : { kind: 'ip', ip: parseIp(ip)! };
  }

  private decideDns(client: string, target: DnsTarget, name: string) {
    const protocol = target.protocol.toUpperCase() as FlowProtocol;
    const v = this.engine.evaluate({ from: this.endpoint(client), to: this.endpoint(target.address), protocol, port: target.port, dns: { query: name } });
    const dns = v.egress?.l7;
    const learn = v.verdict === 'allow' && dns?.kind === 'dns' && dns.proxied;
    return { allow: v.verdict === 'allow', learn, reason: verdictText(v) };
  }

  /** The FQDN cache of the client's node learns the answer; the ruleset follows before the answer is released. */
  private async learn(client: string, name: string, addresses: string[]): Promise<void> {
    const owner = this.engine.cluster.ownerOf(parseIp(client)!);
    const node = owner?.kind === 'pod' ? owner.pod.nodeName : owner?.kind === 'node' ? owner.node.name : '';
    if (!this.fqdn.learn(node, name, addresses)) return;
    this.engine.ipcache.setFqdnCache(this.fqdn);
    log(`fqdn node ${node || '(none)'} learned ${name} -> ${addresses.join(', ')}`);
    await this.scheduleReload();
  }

  /** Recompiles and replaces the table; calls made while one is waiting share it. */
  scheduleReload(): Promise<void> {
    if (this.queued) return this.queued;
    const run = this.queue.then(() => {
      this.queued = undefined;
      return this.reload();
    });
    this.queued = run;
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reload(): Promise<void> {
    const start = performance.now();
    const compiled = compileRuleset(this.engine, this.topology, { dnsProxyPort: (t) => this.dnsProxy.portFor(t), reject: this.options.reject });
    // listeners first, so the ruleset never redirects to a port nobody listens on
    await this.dnsProxy.listen(compiled.dnsTargets);
    await nftLoad(undefined, compiled.text);
    this.stats = compiled.stats;
    this.reloads++;
    this.lastReloadMs = performance.now() - start;
    log(`ruleset loaded in ${this.lastReloadMs.toFixed(1)} ms: ${compiled.stats.chains} chains, ${compiled.stats.elements} map elements, ${compiled.stats.redirects.http} HTTP and ${compiled.stats.redirects.dns} DNS redirects`);
  }

  async start(): Promise<void> {
    await this.reload();
    await startHttpProxy({
      address: HTTP_PROXY_ADDRESS,
      port: HTTP_PROXY_PORT,
      decide: (client, server, port, request) => {
        const v = this.engine.evaluate({ from: this.endpoint(client), to: this.endpoint(server), protocol: 'TCP', port, http: request });
        return { allow: v.verdict === 'allow', reason: verdictText(v) };
      },
      log,
    });
    this.httpListening = true;
    await serveControl(controlSocket(this.lab), (request) => this.control(request));
    for (const r of this.model.rejected) log(`policy rejected: ${r.policy}: ${r.message}`);
  }

  private async control(request: Record<string, unknown>): Promise<unknown> {
    switch (request.op) {
      case 'status':
        return this.status();
      case 'apply':
        return this.apply(request.objects as Record<string, unknown>[], request.prune === true);
      default:
        throw new Error(`unknown request ${String(request.op)}`);
    }
  }

  status(): AgentStatus {
    const learned: Record<string, Record<string, string[]>> = {};
    for (const [node, names] of this.fqdn.learnedByNode()) learned[node] = Object.fromEntries(names);
    return {
      pid: process.pid,
      policies: this.model.policies,
      rejected: this.model.rejected.map((r) => r.policy),
      stats: this.stats,
      reloads: this.reloads,
      lastReloadMs: this.lastReloadMs,
      httpProxy: this.httpListening ? `${HTTP_PROXY_ADDRESS}:${HTTP_PROXY_PORT}` : 'not listening',
      dnsListeners: this.dnsProxy.listenerCount,
      learned,
    };
  }

  /** Adds or replaces policies by kind/namespace/name (`prune`: the given ones become the whole set). */
  async apply(incoming: Record<string, unknown>[], prune: boolean): Promise<ApplyResult> {
    const policies = incoming.filter((o) => POLICY_OBJECT_KINDS.includes(String(o.kind)));
    const keys = new Set(policies.map(objectKey));
    const kept = this.objects.filter((o) => !POLICY_OBJECT_KINDS.includes(String(o.kind)) || (!prune && !keys.has(objectKey(o))));
    const objects = [...kept, ...policies];
    const start = performance.now();
    const model = buildModel(objects, this.fqdn, this.options.cluster ?? {});
    const loadMs = performance.now() - start;
    await this.queue;
    this.model = model;
    this.objects = objects;
    await this.scheduleReload();
    writeObjects(this.lab, objects);
    log(`applied ${policies.length} policy objects${prune ? ' (pruned the rest)' : ''}: ${model.policies} policies, ${model.rejected.length} rejected`);
    return { policies: model.policies, rejected: model.rejected, loadMs, compileMs: this.lastReloadMs, stats: this.stats };
  }
}

/** The agent process: runs until SIGTERM or SIGINT, then removes the whole lab. */
export async function runAgent(lab: string): Promise<void> {
  const state = readLabState(lab);
  if (!state) throw new Error(`lab "${lab}" has no state`);
  const agent = new Agent(lab, state.topology, readObjects(lab), { reject: state.reject, cluster: state.cluster });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: removing lab ${lab}`);
    void teardown(lab, process.pid).finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await agent.start();
  writeAtomically(statePath(lab, 'agent.ready'), JSON.stringify(agent.status()));
  log(`agent of lab ${lab} ready (pid ${process.pid})`);
}
