/**
 * Load generator for `bench/lab.ts`, run inside a lab pod's namespace. Reads a job (JSON) on
 * stdin, writes the result (JSON) on stdout:
 *   {mode: 'http', host, port, path, rps, seconds}  open loop: one new connection per request,
 *                                                   sent on schedule whether or not earlier ones finished
 *   {mode: 'dns', server, names, concurrency, seconds}  closed loop: `concurrency` queries in flight
 * Bounded in count and time; it only talks to lab addresses.
 */

import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { encodeQuery, parseResponse } from '../src/datapath/dns-wire.js';

interface HttpJob { mode: 'http'; host: string; port: number; path: string; rps: number; seconds: number }
interface DnsJob { mode: 'dns'; server: string; names: string[]; concurrency: number; seconds: number }

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function request(job: HttpJob): Promise<{ ms: number; status: number }> {
  return new Promise((resolve) => {
    const start = performance.now();
    const socket = net.connect({ host: job.host, port: job.port });
    let text = '';
    const done = (status: number) => {
      socket.destroy();
      resolve({ ms: performance.now() - start, status });
    };
    socket.setTimeout(5000, () => done(0));
    socket.on('connect', () => socket.write(`GET ${job.path} HTTP/1.1\r\nHost: ${job.host}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('end', () => done(Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0)));
    socket.on('error', () => done(0));
  });
}

async function http(job: HttpJob): Promise<unknown> {
  const total = Math.round(job.rps * job.seconds);
  const pending: Promise<{ ms: number; status: number }>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / job.rps;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(request(job));
  }
  const sent = performance.now() - start;
  const results = await Promise.all(pending);
  const ok = results.filter((r) => r.status === 200).map((r) => r.ms).sort((a, b) => a - b);
  return { requests: total, ok: ok.length, failed: total - ok.length, sentRps: Math.round((total * 1000) / sent), p50: percentile(ok, 50), p90: percentile(ok, 90), p99: percentile(ok, 99) };
}

async function dns(job: DnsJob): Promise<unknown> {
  const deadline = performance.now() + job.seconds * 1000;
  let answered = 0;
  let refused = 0;
  let lost = 0;
  let id = 1;
  const worker = () => new Promise<void>((resolve) => {
    const socket = dgram.createSocket('udp4');
    let timer: NodeJS.Timeout | undefined;
    const next = () => {
      if (performance.now() >= deadline) {
        socket.close();
        resolve();
        return;
      }
      const name = job.names[id % job.names.length]!;
      socket.send(encodeQuery(id++ & 0xffff, name), 53, job.server);
      timer = setTimeout(() => { lost++; next(); }, 2000);
    };
    socket.on('message', (m) => {
      clearTimeout(timer);
      const r = parseResponse(m);
      if (r?.rcode === 5) refused++;
      else answered++;
      next();
    });
    socket.bind(0, next);
  });
  const start = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  return { answered, refused, lost, seconds, perSecond: Math.round((answered + refused) / seconds) };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d: string) => (input += d));
process.stdin.on('end', () => {
  const job = JSON.parse(input) as HttpJob | DnsJob;
  void (job.mode === 'http' ? http(job) : dns(job)).then((r) => process.stdout.write(JSON.stringify(r)));
});
