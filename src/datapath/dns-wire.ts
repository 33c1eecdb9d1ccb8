/**
 * DNS messages on the wire (dns-packet): queries, the lab server's answers from the DNS map,
 * REFUSED, and the 2-byte length framing of DNS over TCP.
 */

import dnsPacket from 'dns-packet';
import { dnsCacheKey } from '../policy/l7/index.js';

export const RCODE_NOERROR = 0;
export const RCODE_SERVFAIL = 2;
export const RCODE_NXDOMAIN = 3;
export const RCODE_REFUSED = 5;

const RCODE_NAMES: Record<number, string> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

export function rcodeName(code: number): string {
  return RCODE_NAMES[code] ?? `RCODE${code}`;
}

export interface ParsedQuery {
  readonly id: number;
  readonly flags: number;
  readonly name: string;
  readonly type: string;
  readonly packet: dnsPacket.DecodedPacket;
}

/** A DNS query with one question, or undefined for anything else. */
export function parseQuery(message: Buffer): ParsedQuery | undefined {
  try {
    const packet = dnsPacket.decode(message);
    const q = packet.questions?.[0];
    if (packet.type !== 'query' || !q) return undefined;
    return { id: packet.id ?? 0, flags: packet.flags ?? 0, name: q.name, type: q.type, packet };
  } catch {
    return undefined;
  }
}

export interface ParsedResponse {
  readonly id: number;
  readonly rcode: number;
  /** A record addresses */
  readonly addresses: string[];
}

export function parseResponse(message: Buffer): ParsedResponse | undefined {
  try {
    const packet = dnsPacket.decode(message);
    if (packet.type !== 'response') return undefined;
    const addresses = (packet.answers ?? []).flatMap((a) => (a.type === 'A' ? [String(a.data)] : []));
    return { id: packet.id ?? 0, rcode: (packet.flags ?? 0) & 0xf, addresses };
  } catch {
    return undefined;
  }
}

export function encodeQuery(id: number, name: string, type: 'A' | 'AAAA' = 'A'): Buffer {
  return dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, class: 'IN', name }] });
}

/** A response with only a status (REFUSED, SERVFAIL) to a query. */
export function statusResponse(query: ParsedQuery, rcode: number): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: (query.flags & dnsPacket.RECURSION_DESIRED) | dnsPacket.RECURSION_AVAILABLE | rcode,
    questions: query.packet.questions,
  });
}

/** The lab DNS server's answer: A records from the map, NXDOMAIN for names it does not hold. */
export function answerFromMap(query: ParsedQuery, map: Readonly<Record<string, readonly string[]>>): Buffer {
  const addresses = map[dnsCacheKey(query.name)];
  const flags = (query.flags & dnsPacket.RECURSION_DESIRED) | dnsPacket.RECURSION_AVAILABLE | dnsPacket.AUTHORITATIVE_ANSWER;
  if (!addresses) return dnsPacket.encode({ type: 'response', id: query.id, flags: flags | RCODE_NXDOMAIN, questions: query.packet.questions });
  const answers: dnsPacket.Answer[] = query.type === 'A'
    ? addresses.filter((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a)).map((data) => ({ type: 'A', class: 'IN', name: query.name, ttl: 60, data }))
    : [];
  return dnsPacket.encode({ type: 'response', id: query.id, flags, questions: query.packet.questions, answers });
}

/** One message framed for DNS over TCP. */
export function frameTcp(message: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length);
  return Buffer.concat([length, message]);
}

/** Collects DNS-over-TCP messages from a byte stream. */
export class TcpMessageReader {
  private buffer = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: Buffer[] = [];
    while (this.buffer.length >= 2) {
      const length = this.buffer.readUInt16BE(0);
      if (this.buffer.length < 2 + length) break;
      out.push(this.buffer.subarray(2, 2 + length));
      this.buffer = this.buffer.subarray(2 + length);
    }
    return out;
  }
}
