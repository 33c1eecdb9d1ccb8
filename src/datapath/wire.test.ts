import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerFromMap, encodeQuery, frameTcp, parseQuery, parseResponse, RCODE_NXDOMAIN, RCODE_REFUSED, statusResponse, TcpMessageReader } from './dns-wire.js';
import { parseRequestHead } from './http-proxy.js';
import { isLabNetns, labNameProblem, labOfNetns } from './names.js';
import { packetVerdict, type Probe } from './probes.js';

test('the lab DNS server answers A records from the map, NXDOMAIN otherwise; REFUSED keeps the id and question', () => {
  const map = { 'www.google.com': ['142.250.74.36'], 'two.example': ['192.0.2.1', '192.0.2.2'] }; // keys as dnsCacheKey writes them
  const q = parseQuery(encodeQuery(4242, 'two.example'))!;
  assert.equal(q.name, 'two.example');
  const a = parseResponse(answerFromMap(q, map))!;
  assert.deepEqual(a, { id: 4242, rcode: 0, addresses: ['192.0.2.1', '192.0.2.2'] });
  assert.equal(parseResponse(answerFromMap(parseQuery(encodeQuery(1, 'WWW.Google.com'))!, map))!.addresses[0], '142.250.74.36', 'names are case-insensitive');
  assert.equal(parseResponse(answerFromMap(parseQuery(encodeQuery(2, 'amazon.com'))!, map))!.rcode, RCODE_NXDOMAIN);
  const refused = parseResponse(statusResponse(q, RCODE_REFUSED))!;
  assert.deepEqual(refused, { id: 4242, rcode: RCODE_REFUSED, addresses: [] });
  assert.equal(parseQuery(Buffer.from('GET / HTTP/1.1\r\n\r\n')), undefined, 'not DNS');
  assert.equal(parseQuery(answerFromMap(q, map)), undefined, 'a response is not a query');
});

test('DNS over TCP: messages are framed by length and read back across chunk boundaries', () => {
  const one = encodeQuery(1, 'a.example');
  const two = encodeQuery(2, 'b.example');
  const stream = Buffer.concat([frameTcp(one), frameTcp(two)]);
  const reader = new TcpMessageReader();
  assert.deepEqual(reader.push(stream.subarray(0, 5)), []);
  const got = reader.push(stream.subarray(5));
  assert.deepEqual(got.map((m) => parseQuery(m)!.name), ['a.example', 'b.example']);
});

test('the HTTP proxy reads any method token, as Envoy does (a lower-case method is for the rules to judge)', () => {
  const r = parseRequestHead(Buffer.from('get /public/x HTTP/1.1\r\nHost: app2\r\nX-A: 1\r\nx-a: 2\r\n\r\n'))!;
  assert.deepEqual(r, { method: 'get', path: '/public/x', host: 'app2', headers: { host: 'app2', 'x-a': ['1', '2'] } });
  assert.equal(parseRequestHead(Buffer.from('GET /x HTTP/1.1\r\nHost: a\r\n')), undefined, 'an incomplete head');
  assert.equal(parseRequestHead(Buffer.from('G(T /x HTTP/1.1\r\n\r\n')), undefined, 'not a token');
  assert.equal(parseRequestHead(Buffer.from('GET /x HTTP/1.1\r\nno colon\r\n\r\n')), undefined);
});

test('probe outcomes: reached is allowed (even refused by the destination), dropped, REFUSED and 403 are denied', () => {
  const tcp: Probe = { id: 1, kind: 'tcp', dst: '10.0.0.1', port: 80 };
  const dns: Probe = { id: 2, kind: 'dns', transport: 'udp', dst: '10.0.0.1', port: 53, name: 'a' };
  const http: Probe = { id: 3, kind: 'http', dst: '10.0.0.1', port: 80, method: 'HEAD', path: '/' };
  assert.equal(packetVerdict(tcp, { id: 1, outcome: 'connected', detail: '' }), 'allow');
  assert.equal(packetVerdict(tcp, { id: 1, outcome: 'refused', detail: '' }), 'allow');
  assert.equal(packetVerdict(tcp, { id: 1, outcome: 'timeout', detail: '' }), 'deny');
  assert.equal(packetVerdict(tcp, { id: 1, outcome: 'unreachable', detail: '' }), 'deny');
  assert.equal(packetVerdict(dns, { id: 2, outcome: 'answered', rcode: RCODE_REFUSED, detail: '' }), 'deny');
  assert.equal(packetVerdict(dns, { id: 2, outcome: 'answered', rcode: RCODE_NXDOMAIN, detail: '' }), 'allow');
  assert.equal(packetVerdict({ ...dns, kind: 'udp' } as Probe, { id: 2, outcome: 'answered', rcode: RCODE_REFUSED, detail: '' }), 'allow', 'a UDP datagram answered at all got through');
  assert.equal(packetVerdict(http, { id: 3, outcome: 'answered', status: 403, body: '', detail: '' }), 'deny', 'HEAD: 403 without a body');
  assert.equal(packetVerdict(http, { id: 3, outcome: 'answered', status: 503, detail: '' }), 'allow', 'the policy let it through; the server failed');
});

test('lab names: no dots, so one lab\'s namespace prefix never matches another lab', () => {
  assert.equal(labNameProblem('seed'), undefined);
  assert.equal(labNameProblem('a-b'), undefined);
  for (const bad of ['', 'A', 'a.b', '-a', 'a-', 'x'.repeat(33), 'a/b']) assert.ok(labNameProblem(bad), bad);
  assert.ok(isLabNetns('a', 'mlab.a'));
  assert.ok(isLabNetns('a', 'mlab.a.pod.default.x'));
  assert.ok(!isLabNetns('a', 'mlab.a-b.pod.default.x'));
  assert.ok(!isLabNetns('a', 'mlab.ab'));
  assert.equal(labOfNetns('mlab.a-b.world'), 'a-b');
  assert.equal(labOfNetns('other'), undefined);
});
