/**
 * Port strings as Cilium's agent reads them (`PortProtocol.sanitize`,
 * pkg/policy/api/rule_validation.go): an IANA service name (pkg/iana/svcname.go,
 * `^([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$`, at most 15 characters) is a named port,
 * lower-cased; anything else goes through Go's `strconv.ParseUint(port, 0, 16)`, so base
 * prefixes and octal apply ("010" = 8) and errors carry strconv's text.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isIanaServiceName, parseGoUint16, parsePortString, type PortParse } from './ports.js';

function number(port: number): PortParse {
  return { kind: 'number', port };
}

function name(n: string): PortParse {
  return { kind: 'name', name: n };
}

function error(message: string): PortParse {
  return { kind: 'error', message };
}

describe('port strings: IANA service names are names, the rest is strconv.ParseUint(s, 0, 16)', () => {
  const rows: { input: string; want: PortParse; why: string }[] = [
    { input: '80', want: number(80), why: 'a decimal number' },
    { input: '0', want: number(0), why: 'port 0 (every port) is a number' },
    { input: '65535', want: number(65535), why: 'the largest port' },
    { input: 'http', want: name('http'), why: 'an IANA service name' },
    { input: 'HTTP', want: name('http'), why: 'names are lower-cased for case-insensitive comparison' },
    { input: 'dns-tcp', want: name('dns-tcp'), why: 'hyphens between letters or digits are allowed' },
    { input: 'h2c', want: name('h2c'), why: 'digits are allowed next to at least one letter' },
    { input: '010', want: number(8), why: 'Go base 0: a leading zero means octal, so "010" is 8' },
    { input: '0777', want: number(511), why: 'octal' },
    { input: '00', want: number(0), why: 'octal zero' },
    { input: '0x50', want: name('0x50'), why: 'contains a letter, so it is an IANA name, not hex 80 (comment in PortProtocol.sanitize)' },
    { input: '0X50', want: name('0x50'), why: 'a name, lower-cased' },
    { input: '0b1', want: name('0b1'), why: 'contains a letter: a name' },
    { input: '1e3', want: name('1e3'), why: 'contains a letter: a name' },
    { input: '08', want: error('unable to parse port: strconv.ParseUint: parsing "08": invalid syntax'), why: '8 is not an octal digit' },
    { input: '09', want: error('unable to parse port: strconv.ParseUint: parsing "09": invalid syntax'), why: '9 is not an octal digit' },
    { input: '6581-6586', want: error('unable to parse port: strconv.ParseUint: parsing "6581-6586": invalid syntax'), why: 'a range written in the port string is not a number and has no letter' },
    { input: '70000', want: error('unable to parse port: strconv.ParseUint: parsing "70000": value out of range'), why: 'above 16 bits' },
    { input: '65536', want: error('unable to parse port: strconv.ParseUint: parsing "65536": value out of range'), why: 'one above the largest port' },
    { input: '0200000', want: error('unable to parse port: strconv.ParseUint: parsing "0200000": value out of range'), why: 'octal 65536' },
    { input: '-1', want: error('unable to parse port: strconv.ParseUint: parsing "-1": invalid syntax'), why: 'ParseUint takes no sign' },
    { input: '+80', want: error('unable to parse port: strconv.ParseUint: parsing "+80": invalid syntax'), why: 'ParseUint takes no sign' },
    { input: '8 0', want: error('unable to parse port: strconv.ParseUint: parsing "8 0": invalid syntax'), why: 'spaces are not digits' },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.input)}: ${row.why}`, () => {
      assert.deepEqual(parsePortString(row.input), row.want);
    });
  }
});

describe('Go base-0 underscores (strconv/atoi.go: `case c == \'_\' && base0`, checked by underscoreOK)', () => {
  // With base 0 Go accepts underscores between digits, with or without a base prefix, and
  // right after a prefix. None of these strings is an IANA name ("_" is not allowed in one),
  // so Cilium parses them with ParseUint, and the CRD port pattern (an unanchored alternation
  // whose first branch is only anchored at the start) lets them through.
  it('"1_000" is 1000 (underscores between decimal digits are allowed with base 0)', () => {
    assert.deepEqual(parseGoUint16('1_000'), { ok: true, value: 1000 });
    assert.deepEqual(parsePortString('1_000'), number(1000));
  });

  it('"0x_50" is 80 (an underscore right after the base prefix is allowed: underscoreOK counts the prefix as a digit)', () => {
    assert.deepEqual(parseGoUint16('0x_50'), { ok: true, value: 80 });
    assert.deepEqual(parsePortString('0x_50'), number(80));
  });

  it('"0_10" is octal 8 (underscoreOK("0_10") is true: the leading zero is a digit)', () => {
    assert.deepEqual(parseGoUint16('0_10'), { ok: true, value: 8 });
  });

  it('misplaced underscores are syntax errors', () => {
    for (const bad of ['_80', '80_', '8__0', '0x__50', '0x50_']) {
      assert.deepEqual(parseGoUint16(bad), { ok: false, message: `strconv.ParseUint: parsing ${JSON.stringify(bad)}: invalid syntax` }, bad);
    }
  });
});

describe('parseGoUint16 on its own handles every Go base prefix', () => {
  it('0x, 0o, 0b prefixes and the octal leading zero', () => {
    assert.deepEqual(parseGoUint16('0x50'), { ok: true, value: 80 });
    assert.deepEqual(parseGoUint16('0XfF'), { ok: true, value: 255 });
    assert.deepEqual(parseGoUint16('0o17'), { ok: true, value: 15 });
    assert.deepEqual(parseGoUint16('0b101'), { ok: true, value: 5 });
    assert.deepEqual(parseGoUint16('017'), { ok: true, value: 15 });
    assert.deepEqual(parseGoUint16('0xffff'), { ok: true, value: 65535 });
  });

  it('a prefix without digits, an empty string and digits beyond the base are syntax errors', () => {
    for (const bad of ['', '0x', '0b2', '0o8', '0xg']) {
      assert.equal(parseGoUint16(bad).ok, false, bad);
    }
  });

  it('values above 16 bits are range errors in any base', () => {
    assert.deepEqual(parseGoUint16('0x10000'), { ok: false, message: 'strconv.ParseUint: parsing "0x10000": value out of range' });
  });
});

describe('IANA service names (pkg/iana/svcname.go)', () => {
  it('1 to 15 characters with at least one letter', () => {
    assert.equal(isIanaServiceName('a'), true);
    assert.equal(isIanaServiceName('abcdefghijklmno'), true, '15 characters');
    assert.equal(isIanaServiceName('abcdefghijklmnop'), false, '16 characters');
    assert.equal(isIanaServiceName(''), false);
    assert.equal(isIanaServiceName('8080'), false, 'no letter');
  });

  it('hyphens only between alphanumerics, never doubled, leading or trailing', () => {
    assert.equal(isIanaServiceName('my-port'), true);
    assert.equal(isIanaServiceName('-http'), false);
    assert.equal(isIanaServiceName('http-'), false);
    assert.equal(isIanaServiceName('ht--tp'), false);
    assert.equal(isIanaServiceName('my_port'), false);
    assert.equal(isIanaServiceName('my.port'), false);
  });
});
