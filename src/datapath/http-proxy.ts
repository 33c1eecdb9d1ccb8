/**
 * The lab's HTTP proxy (Cilium's Envoy): TPROXY hands it every connection on a port with
 * HTTP rules, with the original destination as the socket's local address. Each request is
 * judged by the engine; a denied one gets Envoy's `403 Access denied`, an allowed one is
 * forwarded from the client's own address (transparent upstream), one upstream connection per
 * request so no connection is shared between clients.
 */

import * as http from 'node:http';
import type * as net from 'node:net';
import type { HttpRequest } from '../policy/l7/index.js';
import { makeTransparent, transparentConnect } from './transparent.js';

export interface HttpDecision {
  readonly allow: boolean;
  /** a short reason for the log */
  readonly reason: string;
}

export interface HttpProxyOptions {
  readonly address: string;
  readonly port: number;
  /** the engine's verdict on one request of `client` to `server:port` */
  decide(client: string, server: string, port: number, request: HttpRequest): HttpDecision;
  log(line: string): void;
}

const plainAddress = (a: string | undefined) => (a ?? '').replace(/^::ffff:/, '');

/** The request line and headers of raw HTTP/1.x bytes (any method token). */
export function parseRequestHead(raw: Buffer): HttpRequest | undefined {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const [line, ...headerLines] = text.slice(0, end).split('\r\n');
  const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/1\.[01]$/.exec(line ?? '');
  if (!m) return undefined;
  const headers: Record<string, string | string[]> = {};
  for (const h of headerLines) {
    const colon = h.indexOf(':');
    if (colon <= 0) return undefined;
    const name = h.slice(0, colon).trim().toLowerCase();
    const value = h.slice(colon + 1).trim();
    const previous = headers[name];
    headers[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  const host = headers.host;
  return { method: m[1]!, path: m[2]!, host: typeof host === 'string' ? host : undefined, headers };
}

function requestOf(req: http.IncomingMessage): HttpRequest {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = value;
  return { method: req.method ?? 'GET', path: req.url ?? '/', host: req.headers.host, headers };
}

/** Envoy's answer to a request the policy denies. */
function accessDenied(res: http.ServerResponse): void {
  const body = 'Access denied\r\n';
  res.writeHead(403, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), server: 'envoy' });
  res.end(body);
}

function upstreamFailure(res: http.ServerResponse, detail: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `upstream connect error or disconnect/reset before headers. reset reason: ${detail}`;
  res.writeHead(503, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), server: 'envoy' });
  res.end(body);
}

export function startHttpProxy(options: HttpProxyOptions): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const client = plainAddress(req.socket.remoteAddress);
    const target = plainAddress(req.socket.localAddress);
    const port = req.socket.localPort ?? 0;
    let decision: HttpDecision;
    try {
      decision = options.decide(client, target, port, requestOf(req));
    } catch (err) {
      decision = { allow: false, reason: `error: ${(err as Error).message}` };
    }
    options.log(`http ${client} -> ${target}:${port} ${req.method} ${req.url} ${decision.allow ? 'ALLOW' : 'DENY'} (${decision.reason})`);
    if (!decision.allow) {
      req.resume();
      accessDenied(res);
      return;
    }
    const upstream = http.request({
      host: target,
      port,
      method: req.method,
      path: req.url,
      headers: req.headers,
      setHost: false,
      createConnection: () => transparentConnect({ host: target, port, localAddress: client }),
    }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => upstreamFailure(res, err.code === 'ECONNREFUSED' ? 'connection failure' : err.message));
    req.pipe(upstream);
  });
  // Node's parser knows a fixed list of upper-case methods; Envoy takes any token (`get`, `FOO`),
  // which HTTP rules then judge: such a request is read here, judged, and tunnelled when allowed
  server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: net.Socket) => {
    const request = err.code === 'HPE_INVALID_METHOD' && err.rawPacket ? parseRequestHead(err.rawPacket) : undefined;
    if (!request) {
      socket.destroy();
      return;
    }
    const client = plainAddress(socket.remoteAddress);
    const target = plainAddress(socket.localAddress);
    const port = socket.localPort ?? 0;
    let decision: HttpDecision;
    try {
      decision = options.decide(client, target, port, request);
    } catch (e) {
      decision = { allow: false, reason: `error: ${(e as Error).message}` };
    }
    options.log(`http ${client} -> ${target}:${port} ${request.method} ${request.path} ${decision.allow ? 'ALLOW' : 'DENY'} (${decision.reason})`);
    if (!decision.allow) {
      const body = 'Access denied\r\n';
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\nserver: envoy\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    socket.removeAllListeners('data');
    const upstream = transparentConnect({ host: target, port, localAddress: client });
    upstream.write(err.rawPacket!);
    socket.pipe(upstream).pipe(socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, () => {
      server.off('error', reject);
      makeTransparent(server);
      resolve(server);
    });
  });
}
