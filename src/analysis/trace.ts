/**
 * One flow as a user writes it (endpoint references, `80/TCP`, an HTTP request or a DNS
 * query) -> its verdict and explanation. Shared by `membrane trace` and the web app, so both
 * resolve endpoints, translate services and explain identically.
 */

import type { FlowVerdict } from '../engine/index.js';
import { explainFlow, type FlowExplanation } from '../explain/index.js';
import { parseFlowProtocol, type FlowProtocol } from '../net/index.js';
import type { HttpRequest } from '../policy/l7/index.js';
import { ENDPOINT_FORMS, parseEndpointRef, resolveFlow } from './flow-endpoint.js';
import type { Model } from './model.js';
import { translateServiceDestination } from './service-translation.js';

/** `443`, `443/TCP`, `53/udp`, `8/ICMP` (ICMP type). */
export function parsePortSpec(spec: string, protocolOverride?: string): { port: number; protocol: FlowProtocol } | string {
  const [portText, protoText] = spec.split('/');
  const protocol = parseFlowProtocol(protocolOverride ?? protoText ?? 'TCP');
  if (!protocol) return `unknown protocol in "${spec}" (TCP, UDP, SCTP, ICMP, ICMPv6)`;
  const port = Number(portText);
  if (!/^[0-9]+$/.test(portText ?? '') || port > 65535) return `invalid port "${portText}" (0-65535; for ICMP the type)`;
  return { port, protocol };
}

/** `GET /path` and optional headers (`Name: value`) and Host. */
export function parseHttpRequest(request: string, headers: readonly string[] = [], host?: string): HttpRequest | string {
  const parts = request.trim().split(/\s+/);
  if (parts.length !== 2) return `an HTTP request is 'METHOD PATH', e.g. 'GET /auth' (got "${request}")`;
  const map: Record<string, string> = {};
  for (const h of headers) {
    const colon = h.indexOf(':');
    if (colon <= 0) return `a header is 'Name: value' (got "${h}")`;
    map[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  }
  return { method: parts[0]!, path: parts[1]!, host, headers: map };
}

export interface TraceRequest {
  /** endpoint references: `pod:default/app1`, `deployment:prod/web`, `service:prod/api`, `ip:8.8.8.8`, `entity:world`, `fqdn:api.example.com` */
  readonly from: string;
  readonly to: string;
  readonly protocol: FlowProtocol;
  readonly port: number;
  readonly http?: HttpRequest | undefined;
  readonly dnsQuery?: string | undefined;
  /** the namespace of references without one (`-n`) */
  readonly namespace?: string | undefined;
}

export type TraceResult =
  | { readonly ok: true; readonly verdict: FlowVerdict; readonly explanation: FlowExplanation }
  /** `field` names the request part that is wrong: from, to or port */
  | { readonly ok: false; readonly field: 'from' | 'to' | 'port'; readonly error: string };

export function traceFlow(model: Model, request: TraceRequest): TraceResult {
  const fromRef = parseEndpointRef(request.from);
  if (!fromRef) return { ok: false, field: 'from', error: `cannot read "${request.from}" (${ENDPOINT_FORMS})` };
  const toRef = parseEndpointRef(request.to);
  if (!toRef) return { ok: false, field: 'to', error: `cannot read "${request.to}" (${ENDPOINT_FORMS})` };
  const dns = model.engine.ipcache.fqdnCache.answers;
  const resolved = resolveFlow(
    { from: fromRef, to: toRef, protocol: request.protocol, port: request.port, http: request.http, dns: request.dnsQuery ? { query: request.dnsQuery } : undefined },
    model.cluster,
    dns,
    request.namespace,
  );
  if (!resolved.ok) return { ok: false, field: resolved.side, error: resolved.error };
  const translated = translateServiceDestination(model.cluster, resolved.flow);
  if (translated.error) return { ok: false, field: 'to', error: translated.error };
  const verdict = model.engine.evaluate(translated.flow);
  const explanation = explainFlow(verdict);
  (explanation.notes as string[]).unshift(...resolved.notes, ...(translated.note ? [translated.note] : []));
  return { ok: true, verdict, explanation };
}
