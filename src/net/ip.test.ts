/**
 * Addresses and prefixes as Go parses them. Cilium validates CIDRs with net/netip
 * (`api.CIDR.sanitize`, `CIDRRule.sanitize` in pkg/policy/api/rule_validation.go: a CIDRRule
 * needs `<ip>/<len>`, a toCIDR entry also takes a bare address) and masks host bits when it
 * builds `cidr:` labels (`getCIDRLabel` uses `prefix.Masked()`, pkg/labels/cidr.go).
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  formatIp,
  formatPrefix,
  makePrefix,
  parseCidr,
  parseCidrOrIp,
  parseIPv4,
  parseIPv6,
  parseIp,
  prefixContains,
  prefixContainsIp,
  prefixKey,
  type IpAddress,
  type Prefix,
} from './ip.js';

function ip(text: string): IpAddress {
  const parsed = parseIp(text);
  assert.ok(parsed, `test address ${text} must parse`);
  return parsed;
}

function cidr(text: string): Prefix {
  const parsed = parseCidr(text);
  assert.ok(parsed.ok, `test prefix ${text} must parse`);
  return parsed.prefix;
}

describe('IPv4 parsing follows Go (net/netip)', () => {
  it('accepts dotted decimal addresses', () => {
    assert.equal(parseIPv4('10.0.1.10'), 0x0a00010an);
    assert.equal(parseIPv4('0.0.0.0'), 0n);
    assert.equal(parseIPv4('255.255.255.255'), 0xffffffffn);
  });

  it('rejects octets with leading zeros (Go >= 1.17: "IPv4 field has octet with leading zero")', () => {
    assert.equal(parseIPv4('010.0.0.1'), undefined);
    assert.equal(parseIPv4('10.00.0.1'), undefined);
    assert.equal(parseIp('192.168.001.1'), undefined);
  });

  it('rejects octets above 255, missing or extra octets and non-digits', () => {
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '1..2.3', '', '1.2.3.a', ' 1.2.3.4', '1.2.3.4 ', '+1.2.3.4', '0x0a.0.0.1']) {
      assert.equal(parseIPv4(bad), undefined, bad);
    }
  });
});

describe('IPv6 parsing follows Go (net/netip)', () => {
  it('"::" is the unspecified address', () => {
    assert.equal(parseIPv6('::'), 0n);
  });

  it('"::" expands in front, in the middle and at the end', () => {
    assert.equal(parseIPv6('::1'), 1n);
    assert.equal(parseIPv6('2001:db8::'), 0x20010db8n << 96n);
    assert.equal(parseIPv6('2001:db8::1'), (0x20010db8n << 96n) | 1n);
    assert.equal(parseIPv6('1:2:3:4:5:6:7::'), parseIPv6('1:2:3:4:5:6:7:0'));
    assert.equal(parseIPv6('::2:3:4:5:6:7:8'), parseIPv6('0:2:3:4:5:6:7:8'));
  });

  it('accepts leading zeros inside IPv6 groups (Cilium accepts 2001:0db8:85a3:0000:0000:8a2e:0370:7334/128, TestCIDRsanitize)', () => {
    assert.equal(parseIPv6('2001:0db8:85a3:0000:0000:8a2e:0370:7334'), parseIPv6('2001:db8:85a3::8a2e:370:7334'));
  });

  it('is case-insensitive in hex digits', () => {
    assert.equal(parseIPv6('2001:DB8::AbC'), parseIPv6('2001:db8::abc'));
  });

  it('rejects two "::", a "::" that stands for no group, too many or too few groups, long groups and zones', () => {
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7::8', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::1', 'fe80::1%eth0', ':::', '1:2:3:4:5:6:7:8::', 'g::1']) {
      assert.equal(parseIPv6(bad), undefined, bad);
    }
  });

  it('accepts an IPv4 tail only in the last 32 bits', () => {
    assert.equal(parseIPv6('::ffff:1.2.3.4'), 0xffff01020304n);
    assert.equal(parseIPv6('64:ff9b::192.0.2.33'), (0x64ff9bn << 96n) | 0xc0000221n);
    assert.equal(parseIPv6('1.2.3.4::'), undefined);
    assert.equal(parseIPv6('::1.2.3.4:1'), undefined);
    assert.equal(parseIPv6('::ffff:01.2.3.4'), undefined);
  });

  it('parseIp picks the family from the text', () => {
    assert.deepEqual(parseIp('10.0.0.1'), { family: 4, value: 0x0a000001n });
    assert.deepEqual(parseIp('::1'), { family: 6, value: 1n });
    assert.equal(parseIp('not-an-ip'), undefined);
  });
});

describe('CIDR parsing: a prefix needs "/len"; a toCIDR entry may be a bare address', () => {
  it('parses prefixes of both families', () => {
    assert.deepEqual(cidr('10.0.0.0/8'), { family: 4, value: 0x0a000000n, length: 8 });
    assert.deepEqual(cidr('::/0'), { family: 6, value: 0n, length: 0 });
    assert.deepEqual(cidr('0.0.0.0/0'), { family: 4, value: 0n, length: 0 });
    assert.deepEqual(cidr('192.0.2.3/32'), { family: 4, value: 0xc0000203n, length: 32 });
    assert.equal(cidr('ff02::/64').length, 64);
  });

  it('/33 is invalid for IPv4 and /129 for IPv6', () => {
    assert.equal(parseCidr('10.0.0.0/33').ok, false);
    assert.equal(parseCidr('2001:db8::/129').ok, false);
    assert.equal(parseCidr('2001:db8::/128').ok, true);
  });

  it('rejects a missing, negative, non-numeric or leading-zero length and a dotted mask (netip.ParsePrefix)', () => {
    for (const bad of ['10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/x', '10.0.0.0/254.0.0.255', '10.0.0.0/8/8', '/8', '010.0.0.0/8', '10.0.0.0/08']) {
      assert.equal(parseCidr(bad).ok, false, bad);
    }
  });

  it('a bare address is not a CIDR (CIDRRule "Only allow notation <IP address>/<prefix>")', () => {
    assert.equal(parseCidr('8.8.8.8').ok, false);
  });

  it('a bare address is a /32 or /128 where Cilium accepts one (api.CIDR.sanitize falls back to ParseAddr)', () => {
    const v4 = parseCidrOrIp('8.8.8.8');
    assert.ok(v4.ok);
    assert.equal(formatPrefix(v4.prefix), '8.8.8.8/32');
    const v6 = parseCidrOrIp('2001:db8::1');
    assert.ok(v6.ok);
    assert.equal(formatPrefix(v6.prefix), '2001:db8::1/128');
    assert.equal(parseCidrOrIp('8.8.8.256').ok, false);
    const withLength = parseCidrOrIp('8.8.0.0/16');
    assert.ok(withLength.ok);
    assert.equal(withLength.prefix.length, 16);
  });

  it('host bits are masked: 10.0.0.1/8 is 10.0.0.0/8 (getCIDRLabel uses prefix.Masked())', () => {
    assert.equal(formatPrefix(cidr('10.0.0.1/8')), '10.0.0.0/8');
    assert.equal(formatPrefix(cidr('192.0.2.200/25')), '192.0.2.128/25');
    assert.equal(formatPrefix(cidr('2001:db8::ffff/64')), '2001:db8::/64');
    assert.equal(formatPrefix(cidr('1.2.3.4/0')), '0.0.0.0/0');
    assert.equal(formatPrefix(makePrefix(4, 0x0a0101ffn, 24)), '10.1.1.0/24');
  });

  it('equal prefixes have equal keys, whatever host bits were written', () => {
    assert.equal(prefixKey(cidr('10.0.0.1/8')), prefixKey(cidr('10.255.0.0/8')));
    assert.notEqual(prefixKey(cidr('10.0.0.0/8')), prefixKey(cidr('10.0.0.0/16')));
  });
});

describe('prefix containment (cidr: labels match by containment, pkg/labels/cidr.go)', () => {
  it('a prefix contains longer prefixes inside it and itself', () => {
    assert.equal(prefixContains(cidr('10.0.0.0/8'), cidr('10.1.0.0/16')), true);
    assert.equal(prefixContains(cidr('10.0.0.0/8'), cidr('10.0.0.0/8')), true);
    assert.equal(prefixContains(cidr('10.0.0.0/8'), cidr('10.255.255.255/32')), true);
  });

  it('a prefix does not contain a shorter (broader) prefix or a disjoint one', () => {
    assert.equal(prefixContains(cidr('10.1.0.0/16'), cidr('10.0.0.0/8')), false);
    assert.equal(prefixContains(cidr('10.0.0.0/8'), cidr('11.0.0.0/8')), false);
    assert.equal(prefixContains(cidr('203.0.113.0/24'), cidr('198.51.100.0/24')), false);
  });

  it('/0 contains every address of its family, never one of the other family', () => {
    assert.equal(prefixContainsIp(cidr('0.0.0.0/0'), ip('8.8.8.8')), true);
    assert.equal(prefixContainsIp(cidr('0.0.0.0/0'), ip('2001:db8::1')), false);
    assert.equal(prefixContainsIp(cidr('::/0'), ip('2001:db8::1')), true);
    assert.equal(prefixContainsIp(cidr('::/0'), ip('8.8.8.8')), false);
  });

  it('an IPv4-mapped IPv6 address is not inside an IPv4 prefix', () => {
    assert.equal(prefixContainsIp(cidr('1.2.3.0/24'), ip('::ffff:1.2.3.4')), false);
  });

  it('addresses at the edges of a prefix', () => {
    const p = cidr('192.0.2.128/25');
    assert.equal(prefixContainsIp(p, ip('192.0.2.128')), true);
    assert.equal(prefixContainsIp(p, ip('192.0.2.255')), true);
    assert.equal(prefixContainsIp(p, ip('192.0.2.127')), false);
    assert.equal(prefixContainsIp(p, ip('192.0.3.0')), false);
  });
});

describe('formatting follows Go (RFC 5952)', () => {
  it('IPv4 prints dotted decimal without leading zeros', () => {
    assert.equal(formatIp(ip('10.0.1.10')), '10.0.1.10');
    assert.equal(formatIp({ family: 4, value: 0n }), '0.0.0.0');
  });

  it('IPv6 compresses the longest run of zero groups, the first one on a tie, lower-case, no leading zeros', () => {
    assert.equal(formatIp(ip('2001:0DB8:0000:0000:0000:0000:0000:0001')), '2001:db8::1');
    assert.equal(formatIp(ip('2001:db8:0:0:1:0:0:1')), '2001:db8::1:0:0:1');
    assert.equal(formatIp(ip('2001:0:0:1:0:0:0:1')), '2001:0:0:1::1');
    assert.equal(formatIp(ip('::')), '::');
    assert.equal(formatIp(ip('::1')), '::1');
    assert.equal(formatIp(ip('fe80::')), 'fe80::');
  });

  it('a single zero group is not compressed', () => {
    assert.equal(formatIp(ip('2001:db8:0:1:1:1:1:1')), '2001:db8:0:1:1:1:1:1');
  });

  it('prefixes print as address/length of the masked network', () => {
    assert.equal(formatPrefix(cidr('2001:db8:0:0:1::/64')), '2001:db8::/64');
    assert.equal(formatPrefix(cidr('10.1.2.3/32')), '10.1.2.3/32');
  });
});
