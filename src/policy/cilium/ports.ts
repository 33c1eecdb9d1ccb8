/**
 * Port and protocol strings as Cilium's agent parses them (pkg/policy/api/l4.go,
 * pkg/iana/svcname.go): IANA service names are port names, everything else goes through Go's
 * strconv.ParseUint(s, 0, 16), so "010" is octal 8 and "6581-6586" is an error.
 */

import { underscoreOk } from '../go-strconv.js';

const SVC_NAME = /^([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$/;

export function isIanaServiceName(text: string): boolean {
  return text.length >= 1 && text.length <= 15 && SVC_NAME.test(text);
}

export type PortParse = { kind: 'name'; name: string } | { kind: 'number'; port: number } | { kind: 'error'; message: string };

/** Go's strconv.ParseUint(s, 0, 16), with Go's error texts. */
export function parseGoUint16(text: string): { ok: true; value: number } | { ok: false; message: string } {
  // the common case: a plain decimal number without a leading zero
  if (text.length > 0 && text.length <= 5 && text.charCodeAt(0) > 48 && text.charCodeAt(0) <= 57) {
    let value = 0;
    let plain = true;
    for (let i = 0; i < text.length && plain; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) plain = false;
      else value = value * 10 + d;
    }
    if (plain && value <= 65535) return { ok: true, value };
  }
  const syntax = { ok: false as const, message: `strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax` };
  if (text.includes('_') && !underscoreOk(text)) return syntax;
  let body = text.replaceAll('_', '');
  let base = 10;
  if (/^0[xX]/.test(body)) { base = 16; body = body.slice(2); }
  else if (/^0[oO]/.test(body)) { base = 8; body = body.slice(2); }
  else if (/^0[bB]/.test(body)) { base = 2; body = body.slice(2); }
  else if (body.length > 1 && body.startsWith('0')) { base = 8; body = body.slice(1); }
  if (body.length === 0) return syntax;
  const digits = '0123456789abcdef'.slice(0, base);
  let value = 0;
  for (const ch of body.toLowerCase()) {
    const d = digits.indexOf(ch);
    if (d === -1) return syntax;
    value = value * base + d;
    if (value > 65535) {
      return { ok: false, message: `strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range` };
    }
  }
  return { ok: true, value };
}

export function parsePortString(text: string): PortParse {
  if (isIanaServiceName(text)) return { kind: 'name', name: text.toLowerCase() };
  const parsed = parseGoUint16(text);
  if (!parsed.ok) return { kind: 'error', message: `unable to parse port: ${parsed.message}` };
  return { kind: 'number', port: parsed.value };
}

export const BASIC_PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ANY'] as const;
export const EXTENDED_PROTOCOLS = ['VRRP', 'IGMP', 'GRE', 'IPIP', 'IPV6', 'ESP', 'AH'] as const;
