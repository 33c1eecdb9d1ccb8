/**
 * Building and removing a lab's namespaces. Routed, not bridged: every endpoint has a veth
 * into the lab's host namespace, its addresses as /32s and a default route to the gateway
 * 169.254.1.1 (the same address on every host-side veth), so the ingress interface names
 * the sender and TPROXY works (on a bridge it silently bypasses the proxy). The host
 * namespace has no link but loopback and these veths: nothing in it can leave the machine.
 */

import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY, NETNS_ETC, PROXY_ROUTE_MARK, PROXY_ROUTE_TABLE, endpointNetns, hostNetns, isLabNetns, stateDir } from './names.js';
import { ipBatch, listNetns, netnsPids, processAlive, run } from './system.js';
import { hostsFile, resolvConf, type Topology } from './topology.js';

/** Runs tasks with at most `limit` at a time. */
export async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return results;
}

const HOST_SYSCTLS = [
  'net.ipv4.ip_forward=1',
  // the HTTP and DNS proxies connect upstream from the client's address (transparent upstream)
  'net.ipv4.ip_nonlocal_bind=1',
  'net.ipv4.conf.all.rp_filter=0',
  'net.ipv4.conf.default.rp_filter=0',
  // the lab is IPv4 only; the ruleset also drops IPv6
  'net.ipv6.conf.all.disable_ipv6=1',
  'net.ipv6.conf.default.disable_ipv6=1',
  // denials answered with ICMP (lab test) must not be rate-limited (these are per namespace)
  'net.ipv4.icmp_ratelimit=0',
  'net.ipv4.icmp_msgs_per_sec=1000000',
  'net.ipv4.icmp_msgs_burst=1000000',
];

/** Creates every namespace, veth, address and route of the lab. Throws if the lab exists. */
export async function createNetworks(topology: Topology): Promise<void> {
  const lab = topology.lab;
  const host = hostNetns(lab);
  if (listNetns().some((n) => isLabNetns(lab, n))) throw new Error(`lab "${lab}" exists (remove it with: membrane lab down --name ${lab})`);
  await run('ip', ['netns', 'add', host]);
  await ipBatch(topology.endpoints.map((e) => `netns add ${endpointNetns(lab, e.netnsSuffix)}`));
  // -e: a kernel where a setting is not per namespace does not offer it here; it is then left alone
  await run('sysctl', ['-e', '-qw', ...HOST_SYSCTLS], { netns: host });
  const hostLines = ['link set lo up'];
  for (const e of topology.endpoints) {
    hostLines.push(
      `link add ${e.veth} type veth peer name eth0 netns ${endpointNetns(lab, e.netnsSuffix)}`,
      `addr add ${GATEWAY}/32 dev ${e.veth}`,
      `link set ${e.veth} up`,
      ...e.addresses.map((a) => `route add ${a}/32 dev ${e.veth} scope link src ${GATEWAY}`),
    );
  }
  // packets of the proxies' sockets (and TPROXY'd ones) are delivered locally
  hostLines.push(
    `rule add fwmark ${PROXY_ROUTE_MARK}/${PROXY_ROUTE_MARK} lookup ${PROXY_ROUTE_TABLE}`,
    `route add local 0.0.0.0/0 dev lo table ${PROXY_ROUTE_TABLE}`,
  );
  await ipBatch(hostLines, host);
  await inParallel(topology.endpoints, 8, async (e) => {
    const ns = endpointNetns(lab, e.netnsSuffix);
    await ipBatch([
      'link set lo up',
      ...e.addresses.map((a) => `addr add ${a}/32 dev eth0`),
      'link set eth0 up',
      `route add ${GATEWAY} dev eth0 scope link`,
      `route add default via ${GATEWAY} dev eth0 src ${e.addresses[0]}`,
    ], ns);
    const etc = join(NETNS_ETC, ns);
    mkdirSync(etc, { recursive: true });
    writeFileSync(join(etc, 'resolv.conf'), resolvConf(topology));
    writeFileSync(join(etc, 'hosts'), hostsFile(topology, e));
  });
}

/** The state file that records the lab's processes (read by `down` to stop them). */
export interface ProcessRecord {
  readonly role: string;
  readonly pid: number;
}

export function readProcessRecords(lab: string): ProcessRecord[] {
  try {
    const parsed = JSON.parse(readFileSync(join(stateDir(lab), 'processes.json'), 'utf8')) as unknown;
    return Array.isArray(parsed) ? parsed.filter((p): p is ProcessRecord => typeof p?.pid === 'number' && typeof p?.role === 'string') : [];
  } catch {
    return [];
  }
}

export function recordProcess(lab: string, record: ProcessRecord): void {
  const records = [...readProcessRecords(lab).filter((r) => r.role !== record.role), record];
  writeFileSync(join(stateDir(lab), 'processes.json'), JSON.stringify(records));
}

/** True when the process runs a lab program of this lab (its command line names the lab's state dir). */
export function isLabProcess(lab: string, pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(stateDir(lab));
  } catch {
    return false;
  }
}

async function waitGone(pids: readonly number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let alive = pids.filter(processAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    alive = alive.filter(processAlive);
  }
  return alive;
}

export interface TeardownReport {
  readonly netns: string[];
  readonly killed: number[];
}

/**
 * Removes everything of a lab, from its names alone (works after `kill -9` of every lab
 * process): stops the lab's processes and every process left in its namespaces, deletes
 * the namespaces (their veths, routes and ruleset go with them), the per-namespace files
 * and the state. `exceptPid` is the caller, when the caller lives in the lab (the agent).
 */
export async function teardown(lab: string, exceptPid?: number): Promise<TeardownReport> {
  const namespaces = listNetns().filter((n) => isLabNetns(lab, n));
  const victims = new Set<number>();
  for (const r of readProcessRecords(lab)) if (r.pid !== exceptPid && isLabProcess(lab, r.pid)) victims.add(r.pid);
  for (const ns of namespaces) for (const pid of await netnsPids(ns)) if (pid !== exceptPid && pid !== process.pid) victims.add(pid);
  const pids = [...victims];
  // SIGKILL: lab processes keep nothing worth saving, and a SIGTERM'd agent would start a teardown of its own
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await waitGone(pids, 2000);
  // endpoint namespaces first: their veths go with them, then the host namespace
  const ordered = [...namespaces.filter((n) => n !== hostNetns(lab)), ...namespaces.filter((n) => n === hostNetns(lab))];
  for (const ns of ordered) await run('ip', ['netns', 'del', ns], { allowFailure: true });
  for (const ns of ordered) rmSync(join(NETNS_ETC, ns), { recursive: true, force: true });
  rmSync(stateDir(lab), { recursive: true, force: true });
  return { netns: ordered, killed: pids };
}

/** The inode of a namespace file: identifies the namespace while it exists. */
export function netnsInode(ns: string): number | undefined {
  try {
    return statSync(`/run/netns/${ns}`).ino;
  } catch {
    return undefined;
  }
}
