/**
 * Requests a local server must refuse. A page on any web site can make the browser send
 * requests to 127.0.0.1; with DNS rebinding its own host name even resolves there. Such
 * requests carry the attacker's name in `Host` or their page's `Origin`, so only names that
 * cannot be rebound are accepted: `localhost` and IP literals, on the server's own port.
 */

import { isIP } from 'node:net';

export interface GuardVerdict {
  readonly ok: boolean;
  readonly status?: number;
  readonly reason?: string;
}

/** `host:port` -> hostname (brackets of IPv6 literals removed) and port, or undefined. */
export function splitHostHeader(value: string): { hostname: string; port: number | undefined } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return undefined;
  const hostname = m[1]!.startsWith('[') ? m[1]!.slice(1, -1) : m[1]!;
  return { hostname: hostname.toLowerCase(), port: m[2] === undefined ? undefined : Number(m[2]) };
}

/** A name DNS rebinding cannot point elsewhere: localhost or an IP address. */
export function isRebindingSafeName(hostname: string): boolean {
  return hostname === 'localhost' || isIP(hostname) !== 0;
}

export function checkRequestOrigin(headers: { host?: string | undefined; origin?: string | undefined; 'sec-fetch-site'?: string | undefined }, port: number): GuardVerdict {
  const host = headers.host === undefined ? undefined : splitHostHeader(headers.host);
  if (!host) return { ok: false, status: 400, reason: 'missing or malformed Host header' };
  if (!isRebindingSafeName(host.hostname)) return { ok: false, status: 403, reason: `Host "${headers.host}" is not this server (use localhost or an IP address)` };
  if ((host.port ?? 80) !== port) return { ok: false, status: 403, reason: `Host "${headers.host}" names another port` };
  const origin = headers.origin;
  if (origin !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    const from = url && url.protocol === 'http:' ? splitHostHeader(url.host) : undefined;
    const sameHost = from !== undefined && from.hostname === host.hostname && (from.port ?? 80) === (host.port ?? 80);
    if (!sameHost) return { ok: false, status: 403, reason: `cross-origin request from ${origin} refused` };
  }
  if (headers['sec-fetch-site'] === 'cross-site') return { ok: false, status: 403, reason: 'cross-site request refused' };
  return { ok: true };
}
