/**
 * Endpoint references as users write them (`pod:ns/name`, `ip:1.2.3.4`, `node:node-1`,
 * `entity:kube-apiserver`, `fqdn:api.example.com`), resolved against a cluster.
 */

import { dnsCacheKey } from '../policy/l7/index.js';
import { RESERVED_NAMES, type Cluster, type ReservedName } from '../cluster/index.js';
import { parseIp } from '../net/index.js';
import type { FlowEndpoint } from '../engine/index.js';

export type EndpointRef =
  | { readonly pod: string }
  | { readonly ip: string }
  | { readonly fqdn: string }
  | { readonly node: string }
  | { readonly entity: string };

export type ResolveResult = { ok: true; endpoint: FlowEndpoint } | { ok: false; error: string };

/** Parses `kind:value` (the CLI form); a bare address means `ip:`. */
export function parseEndpointRef(text: string): EndpointRef | undefined {
  const colon = text.indexOf(':');
  if (colon === -1) return parseIp(text) ? { ip: text } : undefined;
  const kind = text.slice(0, colon);
  const value = text.slice(colon + 1);
  switch (kind) {
    case 'pod': return { pod: value };
    case 'ip': return { ip: value };
    case 'fqdn': return { fqdn: value };
    case 'node': return { node: value };
    case 'entity': return { entity: value };
    default: return parseIp(text) ? { ip: text } : undefined;
  }
}

export function formatEndpointRef(ref: EndpointRef): string {
  const [kind, value] = Object.entries(ref)[0] as [string, string];
  return `${kind}:${value}`;
}

export function resolveEndpointRef(ref: EndpointRef, cluster: Cluster, dns: ReadonlyMap<string, readonly string[]>): ResolveResult {
  if ('pod' in ref) {
    const slash = ref.pod.indexOf('/');
    const [ns, name] = slash === -1 ? ['default', ref.pod] : [ref.pod.slice(0, slash), ref.pod.slice(slash + 1)];
    const pod = cluster.pod(ns, name);
    if (!pod) return { ok: false, error: `no pod ${ns}/${name} in the input` };
    return { ok: true, endpoint: { kind: 'pod', pod } };
  }
  if ('ip' in ref) {
    const ip = parseIp(ref.ip);
    if (!ip) return { ok: false, error: `invalid IP address "${ref.ip}"` };
    return { ok: true, endpoint: { kind: 'ip', ip } };
  }
  if ('fqdn' in ref) {
    const name = dnsCacheKey(ref.fqdn);
    const first = dns.get(name)?.[0];
    if (!first) return { ok: false, error: `no DNS answer for ${ref.fqdn} (add it to dns)` };
    const ip = parseIp(first);
    if (!ip) return { ok: false, error: `invalid address "${first}" for ${ref.fqdn}` };
    return { ok: true, endpoint: { kind: 'ip', ip } };
  }
  if ('node' in ref) {
    const node = cluster.node(ref.node);
    if (!node) return { ok: false, error: `no node ${ref.node} in the input` };
    return { ok: true, endpoint: { kind: 'node', node } };
  }
  if ('entity' in ref) {
    if (!(RESERVED_NAMES as readonly string[]).includes(ref.entity)) {
      return { ok: false, error: `unknown entity "${ref.entity}" (one of ${RESERVED_NAMES.join(', ')})` };
    }
    return { ok: true, endpoint: { kind: 'entity', entity: ref.entity as ReservedName } };
  }
  return { ok: false, error: 'an endpoint needs one of pod, ip, fqdn, node, entity' };
}
