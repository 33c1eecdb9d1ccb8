/**
 * `membrane lab`: the functions behind the subcommands. A lab is network namespaces (one per
 * pod, node and the outside world, joined by routed veths in the lab's own host namespace),
 * an nftables table compiled from the engine, an agent process (policy, HTTP and DNS proxies)
 * and a servers process (echo, HTTP and DNS servers in every namespace).
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync, closeSync } from 'node:fs';
import { Cluster, type ClusterOptions, type K8sObject } from '../cluster/index.js';
import type { AgentStatus, ApplyResult } from './agent.js';
import { callControl } from './control.js';
import { programCommand } from './entries.js';
import { endpointNetns, hostNetns, isLabNetns, labNameProblem, labOfNetns, stateDir } from './names.js';
import { createNetworks, readProcessRecords, recordProcess, teardown, type TeardownReport } from './netns.js';
import type { ServersReady } from './servers.js';
import { controlSocket, createStateDir, labStateExists, logTail, readLabState, statePath, writeLabState, writeObjects } from './state.js';
import { labUnavailableReason, listNetns, processAlive } from './system.js';
import { transparentUnavailable } from './transparent.js';
import { buildTopology, nodeKey, WORLD_KEY, type LabEndpoint, type Topology, type TopologyExtras } from './topology.js';
import type { Probe, ProbeResult } from './probes.js';

export class LabError extends Error {}

/** Why no lab can run here (not root, no nft, no sockopt), or undefined. */
export function labPrerequisiteProblem(): string | undefined {
  return labUnavailableReason() ?? transparentUnavailable();
}

function checkName(name: string): void {
  const problem = labNameProblem(name);
  if (problem) throw new LabError(problem);
}

export interface LabUpOptions {
  readonly name: string;
  readonly objects: readonly K8sObject[];
  /** the DNS map the lab's DNS servers answer from */
  readonly dns: ReadonlyMap<string, readonly string[]>;
  readonly sources?: readonly string[] | undefined;
  readonly extras?: TopologyExtras | undefined;
  readonly readyTimeoutMs?: number | undefined;
  /** answer denials with ICMP admin-prohibited instead of dropping them */
  readonly reject?: boolean | undefined;
  /** agent settings and workload expansion (as the command's engine had them) */
  readonly cluster?: ClusterOptions | undefined;
}

export interface LabUpResult {
  readonly topology: Topology;
  readonly agent: AgentStatus;
  readonly servers: ServersReady;
  readonly ms: { readonly networks: number; readonly processes: number; readonly total: number };
}

function startProgram(lab: string, program: 'agent' | 'servers'): ChildProcess {
  const log = openSync(statePath(lab, `${program}.log`), 'a');
  const argv = programCommand(program, [stateDir(lab), lab]);
  const child = spawn('ip', ['netns', 'exec', hostNetns(lab), ...argv], { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  recordProcess(lab, { role: program, pid: child.pid! });
  return child;
}

async function waitReady<T>(lab: string, child: ChildProcess, file: string, program: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  while (Date.now() < deadline) {
    if (existsSync(statePath(lab, file))) return JSON.parse(readFileSync(statePath(lab, file), 'utf8')) as T;
    if (exited !== undefined) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const tail = logTail(lab, `${program}.log`);
  const why = exited !== undefined ? `exited (code ${exited})` : `was not ready within ${timeoutMs / 1000} s`;
  throw new LabError(`the lab ${program} ${why}${tail ? `:\n${tail}` : ''}`);
}

/** Builds and starts a lab; on any failure removes what was built. */
export async function labUp(options: LabUpOptions): Promise<LabUpResult> {
  const lab = options.name;
  checkName(lab);
  const problem = labPrerequisiteProblem();
  if (problem) throw new LabError(problem);
  if (labStateExists(lab) || listNetns().some((n) => isLabNetns(lab, n))) {
    throw new LabError(`lab "${lab}" exists (remove it with: membrane lab down --name ${lab}, or choose another --name)`);
  }
  const start = performance.now();
  const { cluster } = Cluster.build(options.objects, options.cluster);
  const topology = buildTopology(lab, cluster, options.objects, options.dns, options.extras);
  if (!topology.endpoints.some((e) => e.kind === 'pod')) throw new LabError('the manifests have no pod with an IPv4 address (status.podIP): nothing to build a lab of');
  createStateDir(lab);
  try {
    writeLabState(lab, { version: 1, topology, createdAt: new Date().toISOString(), sources: [...(options.sources ?? [])], reject: options.reject, cluster: options.cluster });
    writeObjects(lab, options.objects.map((o) => o.value));
    await createNetworks(topology);
    const networks = performance.now() - start;
    const timeout = options.readyTimeoutMs ?? 60_000;
    const servers = startProgram(lab, 'servers');
    const agent = startProgram(lab, 'agent');
    const [agentStatus, serversReady] = await Promise.all([
      waitReady<AgentStatus>(lab, agent, 'agent.ready', 'agent', timeout),
      waitReady<ServersReady>(lab, servers, 'servers.ready', 'servers', timeout),
    ]);
    const total = performance.now() - start;
    return { topology, agent: agentStatus, servers: serversReady, ms: { networks, processes: total - networks, total } };
  } catch (err) {
    await teardown(lab);
    throw err;
  }
}

export function labDown(name: string): Promise<TeardownReport> {
  checkName(name);
  return teardown(name);
}

/** Every lab on this machine (by its namespaces or state). */
export function listLabs(): string[] {
  const names = new Set<string>();
  for (const ns of listNetns()) {
    const lab = labOfNetns(ns);
    if (lab) names.add(lab);
  }
  return [...names].sort();
}

function requireLab(name: string): Topology {
  checkName(name);
  const state = readLabState(name);
  if (!state) throw new LabError(`no lab named ${name} (start one with: membrane lab up -f MANIFESTS --name ${name})`);
  return state.topology;
}

export interface ProcessHealth {
  readonly role: string;
  readonly pid: number;
  readonly alive: boolean;
}

/** The lab's processes, and a sentence for each one that died. */
export function labHealth(name: string): { processes: ProcessHealth[]; problems: string[] } {
  const processes = readProcessRecords(name).map((r) => ({ ...r, alive: processAlive(r.pid) }));
  const problems: string[] = [];
  for (const p of processes) {
    if (p.alive) continue;
    if (p.role === 'agent') problems.push(`the lab agent (HTTP proxy, DNS proxy, policy updates; pid ${p.pid}) is not running: traffic redirected to the proxies is dropped (fail closed); recreate the lab with lab down and lab up`);
    else problems.push(`the lab servers (pid ${p.pid}) are not running: connections to the pods are refused`);
  }
  return { processes, problems };
}

export interface LabStatus {
  readonly name: string;
  readonly topology: Topology;
  readonly processes: ProcessHealth[];
  readonly problems: string[];
  readonly agent?: AgentStatus | undefined;
}

export async function labStatus(name: string): Promise<LabStatus> {
  const topology = requireLab(name);
  const { processes, problems } = labHealth(name);
  let agent: AgentStatus | undefined;
  if (processes.find((p) => p.role === 'agent')?.alive) {
    try {
      agent = await callControl<AgentStatus>(controlSocket(name), { op: 'status' }, 10_000);
    } catch (err) {
      problems.push(`the lab agent does not answer: ${(err as Error).message}`);
    }
  }
  return { name, topology, processes, problems, agent };
}

export async function labApply(name: string, objects: readonly Record<string, unknown>[], prune: boolean): Promise<ApplyResult> {
  requireLab(name);
  const { problems } = labHealth(name);
  if (problems.length > 0) throw new LabError(problems.join('\n'));
  return callControl<ApplyResult>(controlSocket(name), { op: 'apply', objects, prune }, 600_000);
}

/** The endpoint a user names: `NS/NAME` or `pod:NS/NAME`, `node:NAME`, `world`. */
export function findEndpoint(topology: Topology, target: string): LabEndpoint | undefined {
  const key = target === 'world' ? WORLD_KEY
    : target.startsWith('node:') ? nodeKey(target.slice(5))
    : target.startsWith('pod:') ? `pod:${target.slice(4).includes('/') ? target.slice(4) : `default/${target.slice(4)}`}`
    : `pod:${target.includes('/') ? target : `default/${target}`}`;
  return topology.endpoints.find((e) => e.key === key);
}

export interface ExecTarget {
  readonly netns: string;
  readonly endpoint: LabEndpoint;
  readonly problems: string[];
}

/** Where `lab exec` runs a command; throws with the lab's endpoints when the target is unknown. */
export function execTarget(name: string, target: string): ExecTarget {
  const topology = requireLab(name);
  const endpoint = findEndpoint(topology, target);
  if (!endpoint) {
    const known = topology.endpoints.map((e) => (e.kind === 'pod' ? e.display : e.key)).join(', ');
    throw new LabError(`lab "${name}" has no endpoint "${target}" (it has: ${known})`);
  }
  return { netns: endpointNetns(name, endpoint.netnsSuffix), endpoint, problems: labHealth(name).problems };
}

/** Runs a command inside an endpoint's namespace with the terminal attached; resolves with its exit code. */
export function labExec(target: ExecTarget, argv: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('ip', ['netns', 'exec', target.netns, ...argv], { stdio: 'inherit' });
    child.on('error', () => resolve(127));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
  });
}

/** Runs probes from inside one endpoint's namespace. */
export function probeFrom(lab: string, endpoint: LabEndpoint, probes: readonly Probe[], timeoutMs: number): Promise<ProbeResult[]> {
  if (probes.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const argv = programCommand('probe', [stateDir(lab), lab]);
    const child = spawn('ip', ['netns', 'exec', endpointNetns(lab, endpoint.netnsSuffix), ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new LabError(`probes from ${endpoint.display} failed: ${stderr.trim()}`));
      else resolve(JSON.parse(stdout) as ProbeResult[]);
    });
    child.stdin.end(JSON.stringify({ probes, timeoutMs }));
  });
}


