/**
 * The lab's HTTP proxy (Cilium's Envoy): TPROXY hands it every connection on a port with
 * HTTP rules, with the original destination as the socket's local address. Each request is
 * judged by the engine; a denied one gets Envoy's `403 Access denied`, an allowed one is
 * forwarded from the client's own address (transparent upstream), one upstream connection per
 * request so no connection is shared between clients.
 */

import * as http from 'node:http';
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
  server.on('clientError', (_err, socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address, () => {
      server.off('error', reject);
      makeTransparent(server);
      resolve(server);
    });
  });
}
