/**
 * `membrane serve`: a local HTTP server for the web app. It serves the built app from memory
 * and `/workspace.json` (the manifests the user named); the engine itself runs in the
 * browser. It binds loopback unless told otherwise, answers only GET and HEAD, and refuses
 * requests that name another host or come from another origin (DNS rebinding).
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InputBundle } from '../policy/workspace.js';
import { asset, buildFromSources, findAssetDir, loadAssets, type Asset } from './assets.js';
import { checkRequestOrigin } from './guard.js';

export const DEFAULT_ADDRESS = '127.0.0.1';
export const DEFAULT_PORT = 8080;
/** The path the app loads its inputs from (a file of that name in a static export). */
export const WORKSPACE_PATH = '/workspace.json';

export interface ServeOptions {
  /** the manifests to open; without it the app starts empty (drop files or load the demo) */
  readonly bundle?: InputBundle | undefined;
  readonly address?: string | undefined;
  /** 0 picks a free port */
  readonly port?: number | undefined;
  /** the built app (default: found next to this module) */
  readonly assetDir?: string | undefined;
  /** progress messages (a first build from a clone) */
  readonly log?: ((line: string) => void) | undefined;
}

export interface RunningServer {
  readonly url: string;
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

export class ServeError extends Error {}

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** An asset's body as the client can take it: gzipped when it says it accepts gzip. */
function sendAsset(req: IncomingMessage, res: ServerResponse, a: Asset, head: boolean, extra: Record<string, string>): void {
  const gzip = a.gzipped !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const headers = a.gzipped ? { ...extra, vary: 'accept-encoding' } : extra;
  send(res, 200, gzip ? a.gzipped! : a.body, a.contentType, head, gzip ? { ...headers, 'content-encoding': 'gzip' } : headers);
}

function send(res: ServerResponse, status: number, body: Buffer | string, contentType: string, head: boolean, extra: Record<string, string> = {}): void {
  const data = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': contentType, 'content-length': String(data.length), ...extra });
  res.end(head ? undefined : data);
}

/** The URL path of a request target, decoded, or undefined when it is not a plain path. */
export function requestPath(target: string | undefined): string | undefined {
  if (!target || !target.startsWith('/')) return undefined;
  const raw = target.split(/[?#]/, 1)[0]!;
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  return path;
}

export function createHandler(assets: ReadonlyMap<string, Asset>, workspace: Asset | undefined, port: () => number) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      send(res, 405, 'method not allowed\n', 'text/plain; charset=utf-8', false, { allow: 'GET, HEAD' });
      return;
    }
    const guard = checkRequestOrigin(
      { host: req.headers.host, origin: req.headers.origin, 'sec-fetch-site': req.headers['sec-fetch-site'] as string | undefined },
      port(),
    );
    if (!guard.ok) {
      send(res, guard.status ?? 403, `${guard.reason}\n`, 'text/plain; charset=utf-8', head);
      return;
    }
    const path = requestPath(req.url);
    if (path === undefined) {
      send(res, 400, 'bad request path\n', 'text/plain; charset=utf-8', head);
      return;
    }
    if (path === WORKSPACE_PATH) {
      if (!workspace) send(res, 404, 'no manifests were given (membrane serve -f ...)\n', 'text/plain; charset=utf-8', head);
      else sendAsset(req, res, workspace, head, { 'cache-control': 'no-store' });
      return;
    }
    const found = assets.get(path === '/' ? '/index.html' : path);
    if (!found) {
      send(res, 404, 'not found\n', 'text/plain; charset=utf-8', head);
      return;
    }
    sendAsset(req, res, found, head, { 'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' });
  };
}

export function formatUrl(address: string, port: number): string {
  const host = address === '0.0.0.0' || address === '::' ? 'localhost' : address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${port}/`;
}

export function requireAssetDir(assetDir?: string, log: (line: string) => void = () => {}): string {
  const dir = assetDir ?? findAssetDir() ?? buildFromSources(log);
  if (!dir) throw new ServeError('the web app is not built: run `npm run build:web` (it writes dist/web)');
  return dir;
}

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const assets = loadAssets(requireAssetDir(options.assetDir, options.log));
  const workspace = options.bundle ? asset(Buffer.from(JSON.stringify(options.bundle)), 'application/json; charset=utf-8') : undefined;
  let boundPort = 0;
  const server = createServer(createHandler(assets, workspace, () => boundPort));
  const address = options.address ?? DEFAULT_ADDRESS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const port = options.port ?? DEFAULT_PORT;
      if (err.code === 'EADDRINUSE') reject(new ServeError(`port ${port} on ${address} is in use: pick another with --port`));
      else if (err.code === 'EADDRNOTAVAIL') reject(new ServeError(`cannot bind ${address}: no interface has this address`));
      else if (err.code === 'EACCES') reject(new ServeError(`no permission to bind ${address}:${port}`));
      else reject(new ServeError(`cannot listen on ${address}:${port}: ${err.message}`));
    });
    server.listen(options.port ?? DEFAULT_PORT, address, () => resolve());
  });
  boundPort = (server.address() as AddressInfo).port;
  return {
    url: formatUrl(address, boundPort),
    address,
    port: boundPort,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
