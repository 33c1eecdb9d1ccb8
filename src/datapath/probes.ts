/**
 * Probes: real traffic from inside one endpoint's namespace (the probe program runs there),
 * and how its outcome reads as a verdict. A connection that is refused still reached its
 * destination (the policy let it through); a dropped one times out, as Cilium drops.
 */

import { spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { encodeQuery, frameTcp, parseResponse, rcodeName, RCODE_REFUSED, TcpMessageReader } from './dns-wire.js';

interface ProbeBase {
  readonly id: number;
  readonly dst: string;
  /** the source address (endpoints with several addresses: world, nodes) */
  readonly src?: string | undefined;
}

export type Probe =
  | (ProbeBase & { readonly kind: 'tcp'; readonly port: number })
  | (ProbeBase & { readonly kind: 'udp'; readonly port: number })
  | (ProbeBase & { readonly kind: 'dns'; readonly transport: 'udp' | 'tcp'; readonly port: number; readonly name: string })
  | (ProbeBase & { readonly kind: 'http'; readonly port: number; readonly method: string; readonly path: string; readonly host?: string | undefined; readonly headers?: Record<string, string> | undefined })
  | (ProbeBase & { readonly kind: 'icmp' });

export type Outcome = 'connected' | 'refused' | 'answered' | 'timeout' | 'unreachable' | 'error';

export interface ProbeResult {
  readonly id: number;
  readonly outcome: Outcome;
  /** what the client saw, in words: `connected`, `HTTP 403 Access denied`, `DNS REFUSED`, `timed out` */
  readonly detail: string;
  readonly status?: number | undefined;
  readonly rcode?: number | undefined;
  readonly body?: string | undefined;
  /** how long the probe took */
  readonly ms?: number | undefined;
}

export interface ProbeRequest {
  readonly probes: readonly Probe[];
  readonly timeoutMs: number;
  readonly concurrency?: number | undefined;
}

/** The name UDP probes ask for: any answer (even REFUSED) shows the datagram got through. */
export const PROBE_NAME = 'probe.membrane-lab.invalid';

function failure(id: number, err: NodeJS.ErrnoException): ProbeResult {
  switch (err.code) {
    case 'ECONNREFUSED': return { id, outcome: 'refused', detail: 'connection refused (the destination was reached)' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH': return { id, outcome: 'unreachable', detail: `unreachable (${err.code})` };
    case 'ETIMEDOUT': return { id, outcome: 'timeout', detail: 'timed out' };
    default: return { id, outcome: 'error', detail: err.code ?? err.message };
  }
}

const TIMED_OUT = (id: number): ProbeResult => ({ id, outcome: 'timeout', detail: 'timed out' });

function tcpProbe(p: Extract<Probe, { kind: 'tcp' }>, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: p.dst, port: p.port, localAddress: p.src });
    const finish = (r: ProbeResult) => { clearTimeout(timer); socket.destroy(); resolve(r); };
    const timer = setTimeout(() => finish(TIMED_OUT(p.id)), timeoutMs);
    socket.on('connect', () => finish({ id: p.id, outcome: 'connected', detail: 'connected' }));
    socket.on('error', (err) => finish(failure(p.id, err)));
  });
}

function udpExchange(id: number, dst: string, port: number, src: string | undefined, message: Buffer, timeoutMs: number, read: (answer: Buffer) => ProbeResult): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    let done = false;
    const finish = (r: ProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(r);
    };
    const timer = setTimeout(() => finish(TIMED_OUT(id)), timeoutMs);
    socket.on('error', (err) => finish(failure(id, err)));
    socket.on('message', (answer) => finish(read(answer)));
    // connected, so an ICMP port unreachable comes back as ECONNREFUSED
    socket.bind(0, src, () => socket.connect(port, dst, (err?: Error) => (err ? finish(failure(id, err)) : socket.send(message))));
  });
}

function dnsOutcome(id: number, answer: Buffer): ProbeResult {
  const parsed = parseResponse(answer);
  if (!parsed) return { id, outcome: 'answered', detail: `answered (${answer.length} bytes, not DNS)` };
  const addresses = parsed.addresses.length > 0 ? ` ${parsed.addresses.join(', ')}` : '';
  return { id, outcome: 'answered', rcode: parsed.rcode, detail: `DNS ${rcodeName(parsed.rcode)}${addresses}` };
}

function tcpDnsProbe(p: Extract<Probe, { kind: 'dns' }>, queryId: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const reader = new TcpMessageReader();
    const socket = net.connect({ host: p.dst, port: p.port, localAddress: p.src });
    const finish = (r: ProbeResult) => { clearTimeout(timer); socket.destroy(); resolve(r); };
    const timer = setTimeout(() => finish(TIMED_OUT(p.id)), timeoutMs);
    socket.on('connect', () => socket.write(frameTcp(encodeQuery(queryId, p.name))));
    socket.on('data', (chunk) => {
      const [answer] = reader.push(chunk);
      if (answer) finish(dnsOutcome(p.id, answer));
    });
    socket.on('error', (err) => finish(failure(p.id, err)));
  });
}

/**
 * An HTTP/1.1 request written by hand: Node's client would upper-case the method, and a
 * lower-case method is exactly what some HTTP rules are about.
 */
function httpProbe(p: Extract<Probe, { kind: 'http' }>, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: p.dst, port: p.port, localAddress: p.src });
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (r: ProbeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const answer = () => {
      const text = received.toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!status) return finish(received.length > 0 ? { id: p.id, outcome: 'answered', detail: 'answered, not HTTP' } : { id: p.id, outcome: 'error', detail: 'connection closed without an answer' });
      const code = Number(status[1]);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4, 400);
      finish({ id: p.id, outcome: 'answered', status: code, body, detail: `HTTP ${code}${code === 403 ? ` ${body.trim()}` : ''}` });
    };
    const timer = setTimeout(() => finish(TIMED_OUT(p.id)), timeoutMs);
    socket.on('connect', () => {
      const headers = Object.entries(p.headers ?? {});
      const host = p.host ?? (headers.some(([k]) => k.toLowerCase() === 'host') ? undefined : `${p.dst}:${p.port}`);
      const lines = [`${p.method} ${p.path} HTTP/1.1`, ...(host !== undefined ? [`Host: ${host}`] : []), ...headers.map(([k, v]) => `${k}: ${v}`), 'Connection: close'];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const text = received.toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(text);
      if (head !== -1 && length && received.length >= head + 4 + Number(length[1])) answer();
      if (head !== -1 && p.method.toUpperCase() === 'HEAD') answer();
    });
    socket.on('end', answer);
    socket.on('error', (err) => (received.length > 0 ? answer() : finish(failure(p.id, err))));
  });
}

function icmpProbe(p: Extract<Probe, { kind: 'icmp' }>, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const args = ['-n', '-q', '-c', '1', '-W', String(Math.max(1, Math.ceil(timeoutMs / 1000))), ...(p.src ? ['-I', p.src] : []), p.dst];
    const child = spawn('ping', args, { stdio: 'ignore' });
    child.on('error', (err) => resolve({ id: p.id, outcome: 'error', detail: `ping: ${err.message}` }));
    child.on('close', (code) => resolve(code === 0 ? { id: p.id, outcome: 'answered', detail: 'echo reply' } : { id: p.id, outcome: 'timeout', detail: 'no echo reply' }));
  });
}

export function runProbe(p: Probe, timeoutMs: number): Promise<ProbeResult> {
  const queryId = (p.id * 7919 + 17) & 0xffff;
  switch (p.kind) {
    case 'tcp': return tcpProbe(p, timeoutMs);
    case 'udp': return udpExchange(p.id, p.dst, p.port, p.src, encodeQuery(queryId, PROBE_NAME), timeoutMs, (a) => dnsOutcome(p.id, a));
    case 'dns': return p.transport === 'udp'
      ? udpExchange(p.id, p.dst, p.port, p.src, encodeQuery(queryId, p.name), timeoutMs, (a) => dnsOutcome(p.id, a))
      : tcpDnsProbe(p, queryId, timeoutMs);
    case 'http': return httpProbe(p, timeoutMs);
    case 'icmp': return icmpProbe(p, timeoutMs);
  }
}

export async function runProbes(request: ProbeRequest): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  let next = 0;
  const limit = Math.max(1, request.concurrency ?? 48);
  await Promise.all(Array.from({ length: Math.min(limit, request.probes.length) }, async () => {
    while (next < request.probes.length) {
      const p = request.probes[next++]!;
      const start = performance.now();
      const r = await runProbe(p, request.timeoutMs);
      results.push({ ...r, ms: Math.round(performance.now() - start) });
    }
  }));
  return results.sort((a, b) => a.id - b.id);
}

/**
 * The verdict the packets gave: allowed when the destination was reached (connected, answered,
 * refused by the destination itself), denied when dropped, refused by the DNS proxy or answered
 * `403 Access denied` by the HTTP proxy.
 */
export function packetVerdict(p: Probe, r: ProbeResult): 'allow' | 'deny' {
  if (r.outcome === 'timeout' || r.outcome === 'unreachable' || r.outcome === 'error') return 'deny';
  if (p.kind === 'dns' && r.rcode === RCODE_REFUSED) return 'deny';
  // the lab's servers never answer 403: it is the HTTP proxy's (Access denied; no body for HEAD)
  if (p.kind === 'http' && r.status === 403) return 'deny';
  return 'allow';
}
