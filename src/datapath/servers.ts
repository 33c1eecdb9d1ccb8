/**
 * The lab's servers: in every endpoint's namespace, listeners on its container ports (and the
 * ports tests name) answering HTTP with who was asked and by whom, DNS from the lab's DNS map
 * (over UDP and TCP), and echoing anything else. One process serves every namespace: a short
 * helper started inside each namespace opens the sockets there and hands them over (Node
 * passes listening sockets between processes), so a lab of 100 pods runs one server process,
 * not 100.
 */

import { spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { answerFromMap, frameTcp, parseQuery, TcpMessageReader } from './dns-wire.js';
import { endpointNetns } from './names.js';
import { inParallel } from './netns.js';
import { readLabState, statePath, writeAtomically } from './state.js';
import type { LabEndpoint, PortSpec } from './topology.js';

/** Runs inside a namespace: opens each socket and sends it to the parent over the IPC channel. */
const SOCKET_HELPER = `
const net = require('net'), dgram = require('dgram');
const specs = JSON.parse(process.argv[1]);
let left = specs.length;
const done = () => { if (--left === 0) process.disconnect(); };
if (left === 0) process.disconnect();
for (const s of specs) {
  const fail = (e) => process.send({ spec: s, error: e.code || e.message }, done);
  if (s.protocol === 'TCP') {
    const server = net.createServer();
    server.on('error', fail);
    server.listen({ port: s.port, host: '0.0.0.0', backlog: 511 }, () => process.send({ spec: s }, server, () => { server.close(); done(); }));
  } else {
    const socket = dgram.createSocket('udp4');
    socket.on('error', fail);
    socket.bind(s.port, s.address || '0.0.0.0', () => process.send({ spec: s }, socket, () => { socket.close(); done(); }));
  }
}
`;

/** A socket to open: UDP sockets of endpoints with several addresses are bound to each, so answers leave from the address asked. */
export interface SocketSpec extends PortSpec {
  readonly address?: string | undefined;
}

export interface OpenedSocket {
  readonly spec: SocketSpec;
  readonly handle?: net.Server | dgram.Socket | undefined;
  readonly error?: string | undefined;
}

/** Opens listening sockets inside a namespace and returns them to this process. */
export function openSockets(netns: string, specs: readonly SocketSpec[]): Promise<OpenedSocket[]> {
  const wanted = specs.filter((s) => s.protocol === 'TCP' || s.protocol === 'UDP');
  if (wanted.length === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    const out: OpenedSocket[] = [];
    const child = spawn('ip', ['netns', 'exec', netns, process.execPath, '-e', SOCKET_HELPER, JSON.stringify(wanted)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('message', (message: { spec: SocketSpec; error?: string }, handle?: net.Server | dgram.Socket) => {
      out.push({ spec: message.spec, handle, error: message.error });
    });
    child.on('close', (code) => {
      for (const spec of wanted) {
        if (!out.some((o) => o.spec.protocol === spec.protocol && o.spec.port === spec.port && o.spec.address === spec.address)) {
          out.push({ spec, error: `socket helper exited with ${code}: ${stderr.trim().split('\n').pop() ?? ''}` });
        }
      }
      resolve(out);
    });
  });
}

const HTTP_REQUEST = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/1\.[01]\r?\n/;
const HEADERS_END = '\r\n\r\n';

function httpAnswer(endpoint: LabEndpoint, socket: net.Socket, request: string): void {
  const m = HTTP_REQUEST.exec(request);
  const body = `${endpoint.display} (${(socket.localAddress ?? '').replace(/^::ffff:/, '')}:${socket.localPort}): ${m?.[1]} ${m?.[2]} from ${(socket.remoteAddress ?? '').replace(/^::ffff:/, '')}\n`;
  const head = `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  socket.end(m?.[1]?.toUpperCase() === 'HEAD' ? head : head + body);
}

/** One TCP connection: HTTP, DNS over TCP or echo, decided by its first bytes. */
function serveTcp(endpoint: LabEndpoint, dns: Record<string, string[]>, socket: net.Socket): void {
  socket.on('error', () => socket.destroy());
  let received = Buffer.alloc(0);
  let mode: 'unknown' | 'http' | 'dns' | 'echo' = 'unknown';
  const dnsReader = new TcpMessageReader();
  socket.on('data', (chunk: Buffer) => {
    if (mode === 'echo') { socket.write(chunk); return; }
    if (mode === 'dns') { answerTcpDns(chunk); return; }
    received = Buffer.concat([received, chunk]);
    if (mode === 'unknown') {
      const start = received.toString('latin1', 0, Math.min(received.length, 64));
      if (HTTP_REQUEST.test(start) || /^[A-Z]+ \//.test(start)) mode = 'http';
      else if (received.length >= 2 && parseQuery(received.subarray(2, 2 + received.readUInt16BE(0)))) mode = 'dns';
      else if (received.length >= 8) mode = 'echo';
      else return;
      if (mode === 'dns') { answerTcpDns(received); return; }
      if (mode === 'echo') { socket.write(received); return; }
    }
    const text = received.toString('latin1');
    if (text.includes(HEADERS_END)) httpAnswer(endpoint, socket, text);
    else if (received.length > 65536) socket.destroy();
  });
  function answerTcpDns(chunk: Buffer): void {
    for (const message of dnsReader.push(chunk)) {
      const query = parseQuery(message);
      if (query) socket.write(frameTcp(answerFromMap(query, dns)));
    }
  }
}

function serveUdp(dns: Record<string, string[]>, socket: dgram.Socket): void {
  socket.on('error', () => undefined);
  socket.on('message', (message, rinfo) => {
    const query = parseQuery(message);
    socket.send(query ? answerFromMap(query, dns) : message, rinfo.port, rinfo.address);
  });
}

export interface ServersReady {
  readonly pid: number;
  readonly listening: number;
  readonly failed: string[];
}

export async function runServers(lab: string): Promise<void> {
  const state = readLabState(lab);
  if (!state) throw new Error(`lab "${lab}" has no state`);
  const { topology } = state;
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));
  let listening = 0;
  const failed: string[] = [];
  await inParallel(topology.endpoints, 12, async (endpoint) => {
    const specs: SocketSpec[] = endpoint.ports.flatMap((p) => (p.protocol === 'UDP' && endpoint.addresses.length > 1 ? endpoint.addresses.map((address) => ({ ...p, address })) : [p]));
    const opened = await openSockets(endpointNetns(lab, endpoint.netnsSuffix), specs);
    for (const o of opened) {
      if (!o.handle) {
        failed.push(`${endpoint.display} ${o.spec.address ? `${o.spec.address}:` : ''}${o.spec.port}/${o.spec.protocol}: ${o.error ?? 'not opened'}`);
      } else if (o.handle instanceof net.Server) {
        o.handle.on('connection', (socket: net.Socket) => serveTcp(endpoint, topology.dns, socket));
        listening++;
      } else {
        serveUdp(topology.dns, o.handle);
        listening++;
      }
    }
  });
  const ready: ServersReady = { pid: process.pid, listening, failed };
  writeAtomically(statePath(lab, 'servers.ready'), JSON.stringify(ready));
  process.stdout.write(`${new Date().toISOString()} servers of lab ${lab}: ${listening} sockets${failed.length ? `, failed: ${failed.join('; ')}` : ''}\n`);
}
