/**
 * Recorded Hubble flows: the subset of Hubble's `Flow` message (cilium/cilium
 * api/v1/flow/flow.proto) that policy replay uses, and its normalization into an
 * `ObservedFlow`.
 *
 * Input is the JSON Hubble prints (`hubble observe -o json`, protojson with the proto field
 * names as JSON names: `node_name`, `traffic_direction`, `is_reply`, `IP`, `l4.TCP.source_port`,
 * `Type`...): either a `GetFlowsResponse` line `{"flow": {...}, "node_name": ..., "time": ...}`
 * or a bare `Flow` object. Enums come as their names (`"FORWARDED"`) or numbers; the
 * lowerCamelCase names of protojson's default encoding (`nodeName`, `isReply`) are accepted too.
 *
 * Which records are policy decisions (`policyRelevance`, documented in docs/replay.md):
 *   - L7 records (the proxy's access log): an HTTP or DNS REQUEST is a decision of the proxy
 *     of the side `traffic_direction` names; a DNS RESPONSE is not a decision but teaches the
 *     FQDN cache (when forwarded with rcode 0); HTTP responses, Kafka and samples are skipped.
 *   - replies (`is_reply: true`, or the deprecated `reply: true`) are skipped: policy is
 *     enforced when a connection starts and replies pass connection tracking.
 *   - policy verdict events (event type 5) are decisions (FORWARDED, REDIRECTED, DROPPED,
 *     AUDIT), whatever their TCP flags.
 *   - drop events (type 1) and DROPPED records are decisions when the drop reason is a policy
 *     one (POLICY_DENIED 133: no allow matched; POLICY_DENY 181: a deny rule matched); other
 *     drops (conntrack, routing, ...) are skipped.
 *   - trace events (type 4) of a connection's first packet are what a recording without policy
 *     has: with `trace_reason` NEW (or, from Hubble versions without that field, `is_reply`
 *     false and no ACK), not a reply, at FROM_ENDPOINT, TO_STACK, TO_OVERLAY or TO_HOST (the
 *     source's egress let it out) or TO_ENDPOINT (the destination's ingress let it in), they
 *     are decisions of the side `traffic_direction` names (else the side the observation point
 *     implies), for every protocol (`traceRelevance`). Other trace events (other points,
 *     established or related packets, replies) and debug, capture and trace-sock events are
 *     packets seen on their way, not decisions, and are skipped.
 *   - records without an event type (hand-written or filtered exports): FORWARDED, REDIRECTED
 *     and AUDIT records are decisions unless they are TCP packets of an established connection
 *     (flags present, and no SYN or SYN+ACK).
 *   - records without a verdict worth comparing (ERROR, TRACED, TRANSLATED, unknown) or
 *     without an L4 protocol are skipped.
 */

import type { FlowProtocol } from '../net/index.js';

// --- the proto subset, with the proto's JSON names ---------------------------------------

export type HubbleVerdict = 'VERDICT_UNKNOWN' | 'FORWARDED' | 'DROPPED' | 'ERROR' | 'AUDIT' | 'REDIRECTED' | 'TRACED' | 'TRANSLATED';
export type HubbleTrafficDirection = 'TRAFFIC_DIRECTION_UNKNOWN' | 'INGRESS' | 'EGRESS';
export type HubbleFlowType = 'UNKNOWN_TYPE' | 'L3_L4' | 'L7' | 'SOCK';
export type HubbleL7FlowType = 'UNKNOWN_L7_TYPE' | 'REQUEST' | 'RESPONSE' | 'SAMPLE';
/** flow.proto `TraceReason`: the datapath's CT state shifted by one so that 0 is unknown (pkg/hubble/parser/threefour decodeTraceReason) */
export type HubbleTraceReason = 'TRACE_REASON_UNKNOWN' | 'NEW' | 'ESTABLISHED' | 'REPLY' | 'RELATED' | 'REOPENED' | 'SRV6_ENCAP' | 'SRV6_DECAP' | 'ENCRYPT_OVERLAY';

/** `Endpoint` */
export interface HubbleEndpoint {
  ID?: number;
  identity?: number;
  cluster_name?: string;
  namespace?: string;
  /** `source:key=value`, e.g. `k8s:app=web`, `reserved:world` */
  labels?: string[];
  pod_name?: string;
  workloads?: { name?: string; kind?: string }[];
}

export interface HubbleTcpFlags {
  FIN?: boolean; SYN?: boolean; RST?: boolean; PSH?: boolean; ACK?: boolean; URG?: boolean; ECE?: boolean; CWR?: boolean; NS?: boolean;
}

/** `Layer4`: a oneof, one key set */
export interface HubbleLayer4 {
  TCP?: { source_port?: number; destination_port?: number; flags?: HubbleTcpFlags };
  UDP?: { source_port?: number; destination_port?: number };
  SCTP?: { source_port?: number; destination_port?: number };
  ICMPv4?: { type?: number; code?: number };
  ICMPv6?: { type?: number; code?: number };
}

/** `DNS` (the DNS proxy's log record) */
export interface HubbleDns {
  query?: string;
  ips?: string[];
  ttl?: number;
  cnames?: string[];
  observation_source?: string;
  /** 0 NOERROR, 3 NXDOMAIN, 5 REFUSED */
  rcode?: number;
  qtypes?: string[];
  rrtypes?: string[];
}

export interface HubbleHttp {
  code?: number;
  method?: string;
  /** the full URL, e.g. `http://app2.default/auth?x=1` */
  url?: string;
  protocol?: string;
  headers?: { key?: string; value?: string }[];
}

/** `Layer7` */
export interface HubbleLayer7 {
  type?: HubbleL7FlowType;
  /** uint64: protojson writes it as a string */
  latency_ns?: string | number;
  dns?: HubbleDns;
  http?: HubbleHttp;
  kafka?: Record<string, unknown>;
}

/** `Policy` (Cilium 1.17+: the policies that allowed or denied the flow) */
export interface HubblePolicy {
  name?: string;
  namespace?: string;
  labels?: string[];
  revision?: string | number;
  kind?: string;
}

/** `Flow`: the fields Membrane reads */
export interface HubbleFlow {
  /** RFC 3339 */
  time?: string;
  uuid?: string;
  verdict?: HubbleVerdict | number;
  /** deprecated numeric drop reason */
  drop_reason?: number;
  drop_reason_desc?: string | number;
  IP?: { source?: string; destination?: string; ipVersion?: 'IP_NOT_USED' | 'IPv4' | 'IPv6'; encrypted?: boolean };
  l4?: HubbleLayer4;
  source?: HubbleEndpoint;
  destination?: HubbleEndpoint;
  Type?: HubbleFlowType | number;
  node_name?: string;
  source_names?: string[];
  destination_names?: string[];
  l7?: HubbleLayer7;
  /** deprecated: use is_reply */
  reply?: boolean;
  /** `{type, sub_type}`: 1 drop, 4 trace, 5 policy verdict, 129 L7 access log */
  event_type?: { type?: number; sub_type?: number };
  traffic_direction?: HubbleTrafficDirection | number;
  policy_match_type?: number;
  trace_observation_point?: string | number;
  /** `TraceReason`, trace events only (Cilium 1.16+): the connection tracking state of the packet */
  trace_reason?: HubbleTraceReason | number;
  /** google.protobuf.BoolValue: a bare boolean in JSON */
  is_reply?: boolean;
  egress_allowed_by?: HubblePolicy[];
  ingress_allowed_by?: HubblePolicy[];
  egress_denied_by?: HubblePolicy[];
  ingress_denied_by?: HubblePolicy[];
}

/** One line of `hubble observe -o json` (`GetFlowsResponse`); other responses carry `node_status` or `lost_events`. */
export interface HubbleFlowsResponse {
  flow?: HubbleFlow;
  node_name?: string;
  time?: string;
}

// --- the normalized form -------------------------------------------------------------------

export type ObservedVerdict = 'FORWARDED' | 'DROPPED' | 'AUDIT' | 'REDIRECTED' | 'ERROR' | 'TRACED' | 'TRANSLATED' | 'UNKNOWN';
export type ObservedDirection = 'INGRESS' | 'EGRESS' | 'UNKNOWN';

export interface ObservedEndpoint {
  readonly ip: string | undefined;
  /** Cilium's numeric identity as recorded (informative: Membrane allocates its own) */
  readonly identity: number | undefined;
  readonly namespace: string | undefined;
  readonly podName: string | undefined;
  /** label text as recorded, `k8s:app=web` (parse with cluster/labels parseLabel) */
  readonly labels: readonly string[];
}

export interface ObservedHttp {
  readonly method: string;
  readonly url: string;
  /** origin form: path and query */
  readonly path: string;
  readonly host: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly code: number | undefined;
}

export interface ObservedDns {
  readonly query: string;
  readonly ips: readonly string[];
  readonly rcode: number;
  readonly ttl: number | undefined;
}

export interface ObservedL7 {
  readonly type: 'REQUEST' | 'RESPONSE' | 'SAMPLE' | 'UNKNOWN';
  readonly http?: ObservedHttp | undefined;
  readonly dns?: ObservedDns | undefined;
  /** a Kafka record (not modelled) */
  readonly kafka?: boolean | undefined;
}

export interface ObservedPolicies {
  readonly egressAllowedBy: readonly string[];
  readonly ingressAllowedBy: readonly string[];
  readonly egressDeniedBy: readonly string[];
  readonly ingressDeniedBy: readonly string[];
}

export interface ObservedFlow {
  readonly time: string | undefined;
  /** the node that recorded the flow */
  readonly node: string | undefined;
  readonly verdict: ObservedVerdict;
  /** `POLICY_DENIED`, `POLICY_DENY`, `CT_MAP_INSERTION_FAILED`, ... (DROPPED only) */
  readonly dropReason: string | undefined;
  /** Cilium monitor message type: 1 drop, 4 trace, 5 policy verdict, 129 L7 */
  readonly eventType: number | undefined;
  readonly traceObservationPoint: string | undefined;
  /** trace events: `NEW`, `ESTABLISHED`, `REPLY`, ... (undefined when not recorded or unknown) */
  readonly traceReason: string | undefined;
  readonly source: ObservedEndpoint;
  readonly destination: ObservedEndpoint;
  readonly protocol: FlowProtocol | undefined;
  readonly sourcePort: number;
  /** destination port; the ICMP type for ICMP */
  readonly destinationPort: number;
  /** TCP flags (undefined when not TCP or not recorded) */
  readonly syn: boolean | undefined;
  readonly ack: boolean | undefined;
  readonly direction: ObservedDirection;
  /** undefined: the record does not say */
  readonly isReply: boolean | undefined;
  readonly l7: ObservedL7 | undefined;
  /** policies Cilium named for the flow (`egress_allowed_by`...), as `Kind/namespace/name` */
  readonly policies: ObservedPolicies | undefined;
}

// --- enums ------------------------------------------------------------------------------

const VERDICTS: readonly ObservedVerdict[] = ['UNKNOWN', 'FORWARDED', 'DROPPED', 'ERROR', 'AUDIT', 'REDIRECTED', 'TRACED', 'TRANSLATED'];
const DIRECTIONS: readonly ObservedDirection[] = ['UNKNOWN', 'INGRESS', 'EGRESS'];
const L7_TYPES: readonly ObservedL7['type'][] = ['UNKNOWN', 'REQUEST', 'RESPONSE', 'SAMPLE'];

/** Drop reasons by number (flow.proto DropReason), the ones policy replay names. */
export const DROP_REASONS: Readonly<Record<number, string>> = {
  130: 'INVALID_SOURCE_MAC',
  131: 'INVALID_DESTINATION_MAC',
  132: 'INVALID_SOURCE_IP',
  133: 'POLICY_DENIED',
  134: 'INVALID_PACKET_DROPPED',
  135: 'CT_TRUNCATED_OR_INVALID_HEADER',
  136: 'CT_MISSING_TCP_ACK_FLAG',
  137: 'CT_UNKNOWN_L4_PROTOCOL',
  138: 'CT_CANNOT_CREATE_ENTRY_FROM_PACKET',
  151: 'STALE_OR_UNROUTABLE_IP',
  152: 'NO_MATCHING_LOCAL_CONTAINER_FOUND',
  155: 'CT_MAP_INSERTION_FAILED',
  158: 'SERVICE_BACKEND_NOT_FOUND',
  165: 'NO_CONFIGURATION_AVAILABLE_TO_PERFORM_POLICY_DECISION',
  181: 'POLICY_DENY',
  189: 'AUTH_REQUIRED',
};

/** Drop reasons that are policy decisions: no allow matched (133), a deny rule matched (181). */
export const POLICY_DROP_REASONS: ReadonlySet<string> = new Set(['POLICY_DENIED', 'POLICY_DENY']);

export const EVENT_DROP = 1;
export const EVENT_TRACE = 4;
export const EVENT_POLICY_VERDICT = 5;
export const EVENT_L7 = 129;

const TRACE_POINTS: Readonly<Record<number, string>> = {
  0: 'UNKNOWN_POINT', 1: 'TO_PROXY', 2: 'TO_HOST', 3: 'TO_STACK', 4: 'TO_OVERLAY', 101: 'TO_ENDPOINT', 5: 'FROM_ENDPOINT',
  6: 'FROM_PROXY', 7: 'FROM_HOST', 8: 'FROM_STACK', 9: 'FROM_OVERLAY', 10: 'FROM_NETWORK', 11: 'TO_NETWORK',
};

const TRACE_REASONS: readonly string[] = ['TRACE_REASON_UNKNOWN', 'NEW', 'ESTABLISHED', 'REPLY', 'RELATED', 'REOPENED', 'SRV6_ENCAP', 'SRV6_DECAP', 'ENCRYPT_OVERLAY'];

function traceReasonOf(value: unknown): string | undefined {
  const name = typeof value === 'number' ? TRACE_REASONS[value] : typeof value === 'string' && TRACE_REASONS.includes(value) ? value : undefined;
  return name === 'TRACE_REASON_UNKNOWN' ? undefined : name;
}

function enumName<T extends string>(value: unknown, names: readonly T[], unknown: T): T {
  if (typeof value === 'string') return (names as readonly string[]).includes(value) ? (value as T) : unknown;
  if (typeof value === 'number') return names[value] ?? unknown;
  return unknown;
}

function verdictOf(value: unknown): ObservedVerdict {
  if (value === 'VERDICT_UNKNOWN') return 'UNKNOWN';
  return enumName(value, VERDICTS, 'UNKNOWN');
}

function directionOf(value: unknown): ObservedDirection {
  if (value === 'TRAFFIC_DIRECTION_UNKNOWN') return 'UNKNOWN';
  return enumName(value, DIRECTIONS, 'UNKNOWN');
}

function l7TypeOf(value: unknown): ObservedL7['type'] {
  if (value === 'UNKNOWN_L7_TYPE') return 'UNKNOWN';
  return enumName(value, L7_TYPES, 'UNKNOWN');
}

function dropReasonOf(desc: unknown, legacy: unknown, eventType: number | undefined, subType: unknown): string | undefined {
  if (typeof desc === 'string' && desc !== '' && desc !== 'DROP_REASON_UNKNOWN') return desc;
  const n = typeof desc === 'number' && desc > 0 ? desc
    : typeof legacy === 'number' && legacy > 0 ? legacy
      : eventType === EVENT_DROP && typeof subType === 'number' && subType > 0 ? subType
        : undefined;
  if (n === undefined) return undefined;
  return DROP_REASONS[n] ?? `DROP_REASON_${n}`;
}

// --- field access (proto names first, lowerCamelCase as a fallback) -------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined);
const EMPTY: readonly string[] = [];

function strings(v: unknown): readonly string[] {
  if (!Array.isArray(v) || v.length === 0) return EMPTY;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return v.filter((x): x is string => typeof x === 'string');
  return v as string[];
}

function endpointOf(v: unknown, ip: string | undefined): ObservedEndpoint {
  if (!isObj(v)) return { ip, identity: undefined, namespace: undefined, podName: undefined, labels: EMPTY };
  return {
    ip,
    identity: num(v.identity),
    namespace: str(v.namespace),
    podName: str(v.pod_name) ?? str(v.podName),
    labels: strings(v.labels),
  };
}

function policyRef(p: unknown): string | undefined {
  if (!isObj(p)) return undefined;
  const name = str(p.name);
  if (!name) return undefined;
  const ns = str(p.namespace);
  let kind = str(p.kind);
  if (!kind) {
    // labels carry `k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy`
    const derived = strings(p.labels).find((l) => l.includes('io.cilium.k8s.policy.derived-from='));
    kind = derived ? derived.slice(derived.indexOf('=') + 1) : ns ? 'CiliumNetworkPolicy' : 'CiliumClusterwideNetworkPolicy';
  }
  return ns ? `${kind}/${ns}/${name}` : `${kind}/${name}`;
}

function policyList(v: unknown): readonly string[] {
  if (!Array.isArray(v) || v.length === 0) return EMPTY;
  const out: string[] = [];
  for (const p of v) {
    const ref = policyRef(p);
    if (ref && !out.includes(ref)) out.push(ref);
  }
  return out;
}

function policiesOf(f: Obj): ObservedPolicies | undefined {
  const ea = f.egress_allowed_by ?? f.egressAllowedBy;
  const ia = f.ingress_allowed_by ?? f.ingressAllowedBy;
  const ed = f.egress_denied_by ?? f.egressDeniedBy;
  const id = f.ingress_denied_by ?? f.ingressDeniedBy;
  if (ea === undefined && ia === undefined && ed === undefined && id === undefined) return undefined;
  return { egressAllowedBy: policyList(ea), ingressAllowedBy: policyList(ia), egressDeniedBy: policyList(ed), ingressDeniedBy: policyList(id) };
}

/** Splits a URL into host and origin-form path (`http://app2/auth?x=1` -> `app2`, `/auth?x=1`). */
export function splitUrl(url: string): { host: string | undefined; path: string } {
  const scheme = url.indexOf('://');
  if (scheme === -1) return { host: undefined, path: url === '' ? '/' : url };
  const rest = url.slice(scheme + 3);
  const slash = rest.search(/[/?#]/);
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  let path = slash === -1 ? '/' : rest.slice(slash);
  const hash = path.indexOf('#');
  if (hash !== -1) path = path.slice(0, hash);
  if (path.startsWith('?')) path = `/${path}`;
  const at = authority.lastIndexOf('@');
  return { host: (at === -1 ? authority : authority.slice(at + 1)) || undefined, path: path || '/' };
}

function httpOf(v: Obj): ObservedHttp {
  const url = str(v.url) ?? '/';
  const headers: Record<string, string> = {};
  if (Array.isArray(v.headers)) {
    for (const h of v.headers) {
      if (!isObj(h) || typeof h.key !== 'string') continue;
      headers[h.key] = typeof h.value === 'string' ? h.value : '';
    }
  }
  const { host, path } = splitUrl(url);
  const headerHost = headers[':authority'] ?? headers.Host ?? headers.host;
  return { method: str(v.method) ?? 'GET', url, path, host: headerHost ?? host, headers, code: num(v.code) };
}

function dnsOf(v: Obj): ObservedDns {
  return { query: str(v.query) ?? '', ips: strings(v.ips), rcode: num(v.rcode) ?? 0, ttl: num(v.ttl) };
}

function l7Of(v: unknown): ObservedL7 | undefined {
  if (!isObj(v)) return undefined;
  const type = l7TypeOf(v.type);
  if (isObj(v.http)) return { type, http: httpOf(v.http) };
  if (isObj(v.dns)) return { type, dns: dnsOf(v.dns) };
  if (isObj(v.kafka)) return { type, kafka: true };
  return { type };
}

/** The Flow object of a record: `{flow: {...}}` (GetFlowsResponse) or a bare Flow. */
export function flowOfRecord(record: unknown): { flow: Obj; node: string | undefined; time: string | undefined } | undefined {
  if (!isObj(record)) return undefined;
  const inner = record.flow;
  if (isObj(inner)) return { flow: inner, node: str(record.node_name) ?? str(record.nodeName), time: typeof record.time === 'string' ? record.time : undefined };
  if (inner !== undefined) return undefined;
  // a bare Flow has at least one of these; GetFlowsResponse's other payloads have none
  if (record.verdict !== undefined || record.IP !== undefined || record.l4 !== undefined || record.source !== undefined
    || record.destination !== undefined || record.event_type !== undefined || record.Type !== undefined || record.l7 !== undefined) {
    return { flow: record, node: undefined, time: undefined };
  }
  return undefined;
}

function timeOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  // google.protobuf.Timestamp written as an object by some encoders
  if (isObj(v) && v.seconds !== undefined) {
    const ms = Number(v.seconds) * 1000 + Math.floor(Number(v.nanos ?? 0) / 1e6);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
  }
  return undefined;
}

/**
 * Normalizes one record (a parsed JSON line) into an ObservedFlow; undefined when the record
 * is not a flow (`node_status`, `lost_events`, anything else).
 */
export function toObservedFlow(record: unknown): ObservedFlow | undefined {
  const found = flowOfRecord(record);
  if (!found) return undefined;
  const f = found.flow;
  const ipObj = isObj(f.IP) ? f.IP : isObj(f.ip) ? f.ip : undefined;
  const srcIp = ipObj ? str(ipObj.source) : undefined;
  const dstIp = ipObj ? str(ipObj.destination) : undefined;
  const eventObj = isObj(f.event_type) ? f.event_type : isObj(f.eventType) ? f.eventType : undefined;
  const eventType = eventObj ? num(eventObj.type) : undefined;
  let protocol: FlowProtocol | undefined;
  let sourcePort = 0;
  let destinationPort = 0;
  let syn: boolean | undefined;
  let ack: boolean | undefined;
  const l4 = f.l4;
  if (isObj(l4)) {
    let p: unknown;
    if ((p = l4.TCP) !== undefined && isObj(p)) {
      protocol = 'TCP';
      sourcePort = num(p.source_port ?? p.sourcePort) ?? 0;
      destinationPort = num(p.destination_port ?? p.destinationPort) ?? 0;
      const flags = p.flags;
      if (isObj(flags)) {
        syn = flags.SYN === true;
        ack = flags.ACK === true;
      }
    } else if ((p = l4.UDP) !== undefined && isObj(p)) {
      protocol = 'UDP';
      sourcePort = num(p.source_port ?? p.sourcePort) ?? 0;
      destinationPort = num(p.destination_port ?? p.destinationPort) ?? 0;
    } else if ((p = l4.SCTP) !== undefined && isObj(p)) {
      protocol = 'SCTP';
      sourcePort = num(p.source_port ?? p.sourcePort) ?? 0;
      destinationPort = num(p.destination_port ?? p.destinationPort) ?? 0;
    } else if ((p = l4.ICMPv4) !== undefined && isObj(p)) {
      protocol = 'ICMP';
      destinationPort = num(p.type) ?? 0;
    } else if ((p = l4.ICMPv6) !== undefined && isObj(p)) {
      protocol = 'ICMPv6';
      destinationPort = num(p.type) ?? 0;
    }
  }
  const isReplyRaw = f.is_reply ?? f.isReply;
  const isReply = typeof isReplyRaw === 'boolean' ? isReplyRaw : f.reply === true ? true : undefined;
  const verdict = verdictOf(f.verdict);
  const tp = f.trace_observation_point ?? f.traceObservationPoint;
  const reason = f.trace_reason ?? f.traceReason;
  return {
    time: timeOf(f.time) ?? found.time,
    node: str(f.node_name) ?? str(f.nodeName) ?? found.node,
    verdict,
    dropReason: verdict === 'DROPPED' || verdict === 'AUDIT'
      ? dropReasonOf(f.drop_reason_desc ?? f.dropReasonDesc, f.drop_reason ?? f.dropReason, eventType, eventObj?.sub_type ?? eventObj?.subType)
      : undefined,
    eventType,
    traceObservationPoint: typeof tp === 'string' ? tp : typeof tp === 'number' ? TRACE_POINTS[tp] : undefined,
    traceReason: reason === undefined ? undefined : traceReasonOf(reason),
    source: endpointOf(f.source, srcIp),
    destination: endpointOf(f.destination, dstIp),
    protocol,
    sourcePort,
    destinationPort,
    syn,
    ack,
    direction: directionOf(f.traffic_direction ?? f.trafficDirection),
    isReply,
    l7: l7Of(f.l7),
    policies: policiesOf(f),
  };
}

// --- which records are policy decisions ---------------------------------------------------

export type Relevance =
  /** a policy decision to compare with Membrane's verdict */
  | 'decision'
  /** a DNS response the proxy handled: feeds the FQDN cache, not compared */
  | 'dns-response'
  /** a reply packet or response message */
  | 'reply'
  /** a TCP packet of an established connection (no SYN, or SYN+ACK) */
  | 'established'
  /** a packet seen at a trace point (or a debug/capture event): not a policy decision */
  | 'trace'
  /** a drop for a reason other than policy */
  | 'non-policy-drop'
  /** L7 records Membrane does not compare: HTTP responses, Kafka, samples */
  | 'l7-other'
  /** ERROR, TRACED, TRANSLATED or unknown verdicts */
  | 'no-verdict'
  /** no L4 protocol Membrane can evaluate */
  | 'no-l4';

export const SKIP_REASONS: readonly Exclude<Relevance, 'decision' | 'dns-response'>[] = [
  'reply', 'established', 'trace', 'non-policy-drop', 'l7-other', 'no-verdict', 'no-l4',
];

export type DecisionKind = 'l3l4' | 'http' | 'dns';

export interface RelevanceOptions {
  /** judge the trace events of a connection's first packet (default true); false skips every trace event */
  readonly traces?: boolean | undefined;
}

/**
 * Observation points of trace events that show a side of a connection let its first packet
 * through, and which side: the source's egress for a packet leaving its pod (FROM_ENDPOINT)
 * or its node (TO_STACK, TO_OVERLAY, TO_HOST); the destination's ingress for a packet
 * delivered to its pod (TO_ENDPOINT). Cilium's bpf_lxc sends TO_* traces after the policy
 * of that side passed.
 */
export const TRACE_DECISION_POINTS: Readonly<Record<string, 'EGRESS' | 'INGRESS'>> = {
  FROM_ENDPOINT: 'EGRESS', TO_STACK: 'EGRESS', TO_OVERLAY: 'EGRESS', TO_HOST: 'EGRESS', TO_ENDPOINT: 'INGRESS',
};

/** The side a trace event reports: `traffic_direction` when recorded, else the observation point's. */
export function traceSide(f: Pick<ObservedFlow, 'direction' | 'traceObservationPoint'>): ObservedDirection {
  if (f.direction !== 'UNKNOWN') return f.direction;
  return (f.traceObservationPoint !== undefined ? TRACE_DECISION_POINTS[f.traceObservationPoint] : undefined) ?? 'UNKNOWN';
}

/**
 * Whether a trace event (event type 4) is the first packet of a connection at a point that
 * shows a side allowed it.
 */
function traceRelevance(t: {
  readonly verdict: ObservedVerdict;
  readonly point: string | undefined;
  readonly reason: string | undefined;
  readonly isReply: boolean | undefined;
  readonly protocol: FlowProtocol | undefined;
  readonly syn: boolean | undefined;
  readonly ack: boolean | undefined;
}, options: RelevanceOptions = {}): Relevance {
  if (t.isReply === true || t.reason === 'REPLY') return 'reply';
  if (!t.protocol) return 'no-l4';
  if (options.traces === false || t.verdict !== 'FORWARDED') return 'trace';
  if (t.point === undefined || TRACE_DECISION_POINTS[t.point] === undefined) return 'trace';
  if (t.reason === 'NEW') return 'decision';
  if (t.reason === 'ESTABLISHED' || t.reason === 'RELATED' || t.reason === 'REOPENED') return 'established';
  if (t.reason !== undefined) return 'trace';
  // no trace_reason (Hubble before 1.16, or an unknown CT state): Hubble writes is_reply only
  // when the datapath knew the CT state; a TCP packet is a connection's first only as a SYN
  if (t.isReply !== false) return 'trace';
  if (t.protocol === 'TCP' && t.syn !== undefined && (!t.syn || t.ack === true)) return 'established';
  return 'decision';
}

/** Allowed by the datapath (FORWARDED, or REDIRECTED to a proxy) vs dropped (DROPPED, AUDIT). */
export function observedAllowed(v: ObservedVerdict): boolean {
  return v === 'FORWARDED' || v === 'REDIRECTED' || v === 'TRACED';
}

function comparableVerdict(v: ObservedVerdict): boolean {
  return v === 'FORWARDED' || v === 'REDIRECTED' || v === 'DROPPED' || v === 'AUDIT';
}

/** Whether a flow is a policy decision, feeds the FQDN cache, or is skipped (and why). */
export function policyRelevance(f: ObservedFlow, options: RelevanceOptions = {}): Relevance {
  const l7 = f.l7;
  if (l7 !== undefined || f.eventType === EVENT_L7) {
    if (!l7 || (!l7.http && !l7.dns)) return 'l7-other';
    if (l7.type === 'RESPONSE' || (l7.type !== 'REQUEST' && f.isReply === true)) return l7.dns ? 'dns-response' : 'reply';
    if (l7.type !== 'REQUEST') return 'l7-other';
    if (!f.protocol) return 'no-l4';
    return comparableVerdict(f.verdict) ? 'decision' : 'no-verdict';
  }
  if (f.eventType === EVENT_TRACE) {
    return traceRelevance({ verdict: f.verdict, point: f.traceObservationPoint, reason: f.traceReason, isReply: f.isReply, protocol: f.protocol, syn: f.syn, ack: f.ack }, options);
  }
  if (f.isReply === true) return 'reply';
  if (!f.protocol) return 'no-l4';
  const v = f.verdict;
  if (!comparableVerdict(v)) return 'no-verdict';
  if (f.eventType === EVENT_POLICY_VERDICT) return 'decision';
  if (v === 'DROPPED') return f.dropReason !== undefined && POLICY_DROP_REASONS.has(f.dropReason) ? 'decision' : 'non-policy-drop';
  if (f.eventType !== undefined) {
    // trace-sock, debug, capture: a packet at an observation point
    return v === 'AUDIT' ? 'decision' : 'trace';
  }
  // no event type: a hand-written or filtered record
  if (f.protocol === 'TCP' && f.syn !== undefined && (!f.syn || f.ack === true)) return 'established';
  return 'decision';
}

/** The kind of decision a flow asks for: L3/L4, an HTTP request, or a DNS query. */
export function decisionKind(f: ObservedFlow): DecisionKind {
  if (f.l7?.http) return 'http';
  if (f.l7?.dns) return 'dns';
  return 'l3l4';
}
