/**
 * Names and constants of a lab. Everything a lab creates carries its name, so labs coexist
 * and `lab down --name LAB` finds all of it without any state file:
 *   network namespaces  mlab.LAB (the lab's own "host"), mlab.LAB.pod.NS.NAME, mlab.LAB.node.NAME, mlab.LAB.world
 *   per-namespace files /etc/netns/mlab.LAB.* (resolv.conf, hosts; `ip netns exec` mounts them)
 *   state               /run/membrane/lab/LAB (topology, objects, logs, control socket)
 * Lab names have no dots, so the prefix `mlab.LAB.` never matches another lab's names.
 * Links, routes, rules and the nftables table live inside mlab.LAB: the root namespace's are never touched.
 */

import { join } from 'node:path';

export const DEFAULT_LAB_NAME = 'lab';
export const DEFAULT_TEST_LAB_NAME = 'test';

const LAB_NAME = /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/;

/** Why a lab name is unusable, or undefined when it is fine. */
export function labNameProblem(name: string): string | undefined {
  if (LAB_NAME.test(name)) return undefined;
  return `invalid lab name "${name}": use 1-32 lower-case letters, digits and dashes, starting and ending with a letter or digit`;
}

const NETNS_PREFIX = 'mlab.';

export function hostNetns(lab: string): string {
  return `${NETNS_PREFIX}${lab}`;
}

/** The namespace of one lab endpoint; `suffix` is `pod.NS.NAME`, `node.NAME` or `world`. */
export function endpointNetns(lab: string, suffix: string): string {
  return `${NETNS_PREFIX}${lab}.${suffix}`;
}

/** True when a namespace name belongs to the lab. */
export function isLabNetns(lab: string, netns: string): boolean {
  return netns === hostNetns(lab) || netns.startsWith(`${hostNetns(lab)}.`);
}

/** The lab a namespace name belongs to, if it is a lab's. */
export function labOfNetns(netns: string): string | undefined {
  if (!netns.startsWith(NETNS_PREFIX)) return undefined;
  const name = netns.slice(NETNS_PREFIX.length).split('.')[0]!;
  return labNameProblem(name) ? undefined : name;
}

export const STATE_ROOT = process.env.MEMBRANE_LAB_STATE ?? '/run/membrane/lab';

export function stateDir(lab: string): string {
  return join(STATE_ROOT, lab);
}

export const NETNS_ETC = '/etc/netns';

/** The address every host-side veth carries: the pods' gateway (link-local, never a manifest address). */
export const GATEWAY = '169.254.1.1';

/** The HTTP proxy's TPROXY listener inside the lab's host namespace. */
export const HTTP_PROXY_ADDRESS = '127.0.0.1';
export const HTTP_PROXY_PORT = 15001;
/** DNS proxy listeners are allocated from here, one per (protocol, server address, port). */
export const DNS_PROXY_FIRST_PORT = 20000;

/**
 * Packet marks. `meta mark` carries the peer's identity while policy is evaluated (Cilium's
 * identity numbers are below 2^25), then PROXY_ROUTE_MARK routes proxied packets to the
 * local stack. `ct mark` flags connections that go through a proxy.
 */
export const PROXY_ROUTE_MARK = 0x40000000;
export const PROXY_ROUTE_TABLE = 100;
export const CT_HTTP = 0x1;
export const CT_DNS = 0x2;

export const NFT_TABLE = 'membrane';
