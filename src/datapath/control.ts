/**
 * The control channel between `membrane lab` commands and a lab's agent: one JSON request and
 * one JSON response per line over a unix socket in the lab's state directory.
 */

import { existsSync, rmSync } from 'node:fs';
import * as net from 'node:net';

export type ControlHandler = (request: Record<string, unknown>) => Promise<unknown>;

export function serveControl(path: string, handler: ControlHandler): Promise<net.Server> {
  if (existsSync(path)) rmSync(path);
  const server = net.createServer((conn) => {
    let buffer = '';
    conn.setEncoding('utf8');
    conn.on('error', () => conn.destroy());
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        let request: Record<string, unknown>;
        try {
          request = JSON.parse(line) as Record<string, unknown>;
        } catch {
          conn.write(`${JSON.stringify({ ok: false, error: 'malformed request' })}\n`);
          continue;
        }
        handler(request).then(
          (result) => conn.write(`${JSON.stringify({ ok: true, result })}\n`),
          (err: Error) => conn.write(`${JSON.stringify({ ok: false, error: err.message })}\n`),
        );
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export class ControlError extends Error {}

/** Sends one request and waits for its response. */
export function callControl<T>(path: string, request: Record<string, unknown>, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(path);
    let buffer = '';
    const timer = setTimeout(() => {
      conn.destroy();
      reject(new ControlError(`no answer from the lab agent within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify(request)}\n`));
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      conn.end();
      const response = JSON.parse(buffer.slice(0, newline)) as { ok: boolean; result?: T; error?: string };
      if (response.ok) resolve(response.result as T);
      else reject(new ControlError(response.error ?? 'the lab agent failed'));
    });
    conn.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new ControlError(err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? 'the lab agent is not running' : err.message));
    });
  });
}
