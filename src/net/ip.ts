/**
 * IP addresses and prefixes (IPv4 and IPv6), parsed with Go's `net` package rules, because
 * Cilium and the API server validate CIDRs with Go: no leading zeros in IPv4 octets, no zone.
 */

export type IpFamily = 4 | 6;

/** An address: family and value (IPv4 in the low 32 bits). */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

/** A prefix in canonical form: host bits cleared. */
export interface Prefix {
  readonly family: IpFamily;
  /** network address, host bits zero */
  readonly value: bigint;
  readonly length: number;
}

const V4_BITS = 32;
const V6_BITS = 128;

export function familyBits(family: IpFamily): number {
  return family === 4 ? V4_BITS : V6_BITS;
}

/** Parses a dotted IPv4 address as Go's net.ParseIP does (decimal octets, no leading zeros). */
export function parseIPv4(text: string): bigint | undefined {
  // four dot-separated decimal octets, 0-255, no leading zeros (Go's netip rules); one pass
  // over the characters, as addresses are read for every pod of a large cluster
  let value = 0;
  let octets = 0;
  let i = 0;
  while (octets < 4) {
    const start = i;
    let octet = 0;
    for (; i < text.length && i - start < 4; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      octet = octet * 10 + d;
    }
    const len = i - start;
    if (len === 0 || len > 3 || octet > 255 || (len > 1 && text.charCodeAt(start) === 48)) return undefined;
    value = value * 256 + octet;
    octets++;
    if (octets < 4) {
      if (text.charCodeAt(i) !== 46) return undefined;
      i++;
    }
  }
  return i === text.length ? BigInt(value) : undefined;
}

/** Parses an IPv6 address (with `::` and an optional embedded IPv4 tail). */
export function parseIPv6(text: string): bigint | undefined {
  if (text.length === 0 || text.includes('%')) return undefined;
  const doubleColon = text.indexOf('::');
  if (doubleColon !== -1 && text.indexOf('::', doubleColon + 1) !== -1) return undefined;
  const head = doubleColon === -1 ? text : text.slice(0, doubleColon);
  const tail = doubleColon === -1 ? '' : text.slice(doubleColon + 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups: number[] = [];
  const pushGroups = (list: string[], allowV4Last: boolean): boolean => {
    for (let i = 0; i < list.length; i++) {
      const g = list[i]!;
      if (allowV4Last && i === list.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (v4 === undefined) return false;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
      groups.push(parseInt(g, 16));
    }
    return true;
  };
  if (!pushGroups(headGroups, doubleColon === -1)) return undefined;
  const headCount = groups.length;
  const tailStart = groups.length;
  if (!pushGroups(tailGroups, true)) return undefined;
  const tailCount = groups.length - tailStart;
  if (doubleColon === -1) {
    if (groups.length !== 8) return undefined;
  } else {
    if (headCount + tailCount > 7) return undefined;
    const zeros = new Array<number>(8 - headCount - tailCount).fill(0);
    groups.splice(headCount, 0, ...zeros);
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const v6 = parseIPv6(text);
    return v6 === undefined ? undefined : { family: 6, value: v6 };
  }
  const v4 = parseIPv4(text);
  return v4 === undefined ? undefined : { family: 4, value: v4 };
}

function computeMask(family: IpFamily, length: number): bigint {
  const bits = familyBits(family);
  const all = (1n << BigInt(bits)) - 1n;
  return length === 0 ? 0n : (all >> BigInt(bits - length)) << BigInt(bits - length);
}

const MASKS: Record<IpFamily, bigint[]> = {
  4: Array.from({ length: 33 }, (_, n) => computeMask(4, n)),
  6: Array.from({ length: 129 }, (_, n) => computeMask(6, n)),
};

function mask(family: IpFamily, length: number): bigint {
  return MASKS[family][length]!;
}

export function makePrefix(family: IpFamily, value: bigint, length: number): Prefix {
  return { family, value: value & mask(family, length), length };
}

export type CidrParse = { ok: true; prefix: Prefix } | { ok: false; reason: string };

/**
 * Parses `a.b.c.d/n` or `x::y/n` like Go's net.ParseCIDR. A bare address is refused here;
 * callers that accept one (Cilium's toCIDR does) use {@link parseCidrOrIp}.
 */
export function parseCidr(text: string): CidrParse {
  const slash = text.indexOf('/');
  if (slash === -1) return { ok: false, reason: `invalid CIDR address: ${text}` };
  const addr = parseIp(text.slice(0, slash));
  const lenText = text.slice(slash + 1);
  if (!addr || !/^[0-9]{1,3}$/.test(lenText) || (lenText.length > 1 && lenText.startsWith('0'))) {
    return { ok: false, reason: `invalid CIDR address: ${text}` };
  }
  const length = Number(lenText);
  if (length > familyBits(addr.family)) return { ok: false, reason: `invalid CIDR address: ${text}` };
  return { ok: true, prefix: makePrefix(addr.family, addr.value, length) };
}

/** A CIDR, or a bare address taken as a full-length prefix (/32 or /128). */
export function parseCidrOrIp(text: string): CidrParse {
  if (text.includes('/')) return parseCidr(text);
  const addr = parseIp(text);
  if (!addr) return { ok: false, reason: `invalid IP address: ${text}` };
  return { ok: true, prefix: makePrefix(addr.family, addr.value, familyBits(addr.family)) };
}

export function hostPrefix(addr: IpAddress): Prefix {
  return { family: addr.family, value: addr.value, length: familyBits(addr.family) };
}

/** True when `inner` lies inside `outer` (equal prefixes included). */
export function prefixContains(outer: Prefix, inner: Prefix): boolean {
  if (outer.family !== inner.family || inner.length < outer.length) return false;
  return (inner.value & mask(outer.family, outer.length)) === outer.value;
}

export function prefixContainsIp(outer: Prefix, addr: IpAddress): boolean {
  return prefixContains(outer, hostPrefix(addr));
}

export function formatIp(addr: IpAddress): string {
  if (addr.family === 4) {
    // one BigInt conversion, then plain numbers: addresses of every pod are formatted on load
    const v = Number(addr.value);
    return `${Math.floor(v / 16777216) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((addr.value >> BigInt(i * 16)) & 0xffffn).toString(16));
  // compress the longest run of zero groups, as Go and RFC 5952 do
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  if (bestStart === -1) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
}

export function formatPrefix(prefix: Prefix): string {
  return `${formatIp(prefix)}/${prefix.length}`;
}

/** A canonical text key, equal for equal prefixes. */
export function prefixKey(prefix: Prefix): string {
  return formatPrefix(prefix);
}
