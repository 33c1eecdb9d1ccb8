/**
 * IP protocols as policies and flows name them. Numbers are the IANA protocol numbers Cilium
 * uses as map keys; `ANY` (0) in a policy means TCP, UDP and SCTP only, never ICMP.
 */

export type FlowProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ICMP' | 'ICMPv6';
export type PolicyProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ANY';

export const PROTO_ANY = 0;
export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_ICMPV6 = 58;
export const PROTO_SCTP = 132;

const NUMBERS: Record<FlowProtocol, number> = {
  TCP: PROTO_TCP,
  UDP: PROTO_UDP,
  SCTP: PROTO_SCTP,
  ICMP: PROTO_ICMP,
  ICMPv6: PROTO_ICMPV6,
};

export const FLOW_PROTOCOLS: readonly FlowProtocol[] = ['TCP', 'UDP', 'SCTP', 'ICMP', 'ICMPv6'];

/** The protocols `ANY` stands for in a port rule. */
export const ANY_EXPANSION: readonly number[] = [PROTO_TCP, PROTO_UDP, PROTO_SCTP];

export function protocolNumber(proto: FlowProtocol): number {
  return NUMBERS[proto];
}

export function protocolName(num: number): string {
  switch (num) {
    case PROTO_ANY: return 'ANY';
    case PROTO_TCP: return 'TCP';
    case PROTO_UDP: return 'UDP';
    case PROTO_SCTP: return 'SCTP';
    case PROTO_ICMP: return 'ICMP';
    case PROTO_ICMPV6: return 'ICMPv6';
    default: return String(num);
  }
}

/** Case-insensitive flow protocol name (`tcp`, `ICMPV6`...). */
export function parseFlowProtocol(text: string): FlowProtocol | undefined {
  const upper = text.toUpperCase();
  return FLOW_PROTOCOLS.find((p) => p.toUpperCase() === upper);
}

export function isIcmp(num: number): boolean {
  return num === PROTO_ICMP || num === PROTO_ICMPV6;
}
