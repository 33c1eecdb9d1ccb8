/**
 * The `format` checks the API server applies to CRD strings, for the formats the Cilium policy
 * CRDs use, and the rule that decides which formats count at all.
 *
 * The CRDs declare `cidr` (validated), `date-time` (status only), `int32`/`int64` on integers
 * (kept, but kube-openapi checks no range) and `idn-hostname` (not a supported CRD format: the
 * API server strips it, so nothing is checked).
 */

import type { OpenApiSchema } from './openapi-schema.js';

// --- cidr: kube-openapi registers k8s.io/utils/net ParseCIDRSloppy, a fork of Go 1.16's
// net.ParseCIDR that still accepts leading zeros ("010.0.0.0/8"), unlike Go >= 1.17. ---

/** Go 1.16 net.dtoi: decimal prefix of `s`; fails on no digits or overflow (>= 0xFFFFFF). */
function decimalPrefix(s: string): { value: number; length: number } | undefined {
  let value = 0;
  let i = 0;
  for (; i < s.length && s[i]! >= '0' && s[i]! <= '9'; i++) {
    value = value * 10 + (s.charCodeAt(i) - 48);
    if (value >= 0xffffff) return undefined;
  }
  return i === 0 ? undefined : { value, length: i };
}

/** Go 1.16 net.xtoi: hexadecimal prefix of `s`. */
function hexPrefix(s: string): { value: number; length: number } | undefined {
  let value = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const digit = parseInt(s[i]!, 16);
    if (Number.isNaN(digit)) break;
    value = value * 16 + digit;
    if (value >= 0xffffff) return undefined;
  }
  return i === 0 ? undefined : { value, length: i };
}

/** Go 1.16 parseIPv4 (sloppy: leading zeros allowed). */
function isSloppyIPv4(text: string): boolean {
  let s = text;
  for (let octet = 0; octet < 4; octet++) {
    if (s.length === 0) return false;
    if (octet > 0) {
      if (s[0] !== '.') return false;
      s = s.slice(1);
    }
    const number = decimalPrefix(s);
    if (!number || number.value > 0xff) return false;
    s = s.slice(number.length);
  }
  return s.length === 0;
}

/** Go 1.16 parseIPv6: `::` once, up to 8 groups, an embedded IPv4 only in the last 4 bytes. */
function isSloppyIPv6(text: string): boolean {
  let s = text;
  let ellipsis = -1;
  let bytes = 0;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return true;
  }
  while (bytes < 16) {
    const group = hexPrefix(s);
    if (!group || group.value > 0xffff) return false;
    if (s[group.length] === '.') {
      if ((ellipsis < 0 && bytes !== 12) || bytes + 4 > 16 || !isSloppyIPv4(s)) return false;
      s = '';
      bytes += 4;
      break;
    }
    bytes += 2;
    s = s.slice(group.length);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return false;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return false;
      ellipsis = bytes;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return false;
  // a short address needs the ellipsis; a full one must not have it (it stands for >= 1 group)
  return bytes < 16 ? ellipsis >= 0 : ellipsis < 0;
}

/** k8s.io/utils/net ParseCIDRSloppy succeeds. */
export function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const address = text.slice(0, slash);
  const maskText = text.slice(slash + 1);
  const bits = isSloppyIPv4(address) ? 32 : isSloppyIPv6(address) ? 128 : 0;
  if (bits === 0) return false;
  const mask = decimalPrefix(maskText);
  return mask !== undefined && mask.length === maskText.length && mask.value <= bits;
}

// --- date-time: kube-openapi strfmt IsDateTime ---

function isFullDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** strfmt IsDateTime: a full date, `t`, then `hh:mm:ss[.frac](z|±hh:mm)` (case-insensitive). */
export function isDateTime(text: string): boolean {
  if (text.length < 4) return false;
  const parts = text.toLowerCase().split('t');
  if (parts.length < 2 || !isFullDate(parts[0]!)) return false;
  // strfmt's pattern has an unescaped '.', so any character may precede the fraction digits
  const time = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/.exec(parts[1]!);
  return time !== null && time[1]! <= '23' && time[2]! <= '59' && time[3]! <= '59';
}

// --- which formats count ---

/** Format names as the API server's registry knows them (go-openapi drops '-' from names). */
const formatChecks: ReadonlyMap<string, (text: string) => boolean> = new Map([
  ['cidr', isCidr],
  ['datetime', isDateTime],
]);

/**
 * The format the API server keeps for a schema (apiextensions StripUnsupportedFormats): for
 * strings only formats it supports (of those, Membrane checks `cidr` and `date-time`); for
 * integers int32/int64; for numbers float/double; nothing otherwise.
 */
export function effectiveFormat(schema: OpenApiSchema): string {
  const format = schema.format ?? '';
  if (format === '') return '';
  switch (schema.type ?? '') {
    case '':
    case 'string':
      return formatChecks.has(format.replaceAll('-', '')) ? format : '';
    case 'integer':
      return format === 'int32' || format === 'int64' ? format : '';
    case 'number':
      return format === 'float' || format === 'double' ? format : '';
    default:
      return '';
  }
}

/** The string check of a kept format, if the format has one. */
export function formatCheck(format: string): ((text: string) => boolean) | undefined {
  return formatChecks.get(format.replaceAll('-', ''));
}
