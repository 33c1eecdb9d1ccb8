/**
 * The lab's DNS proxy (Cilium's): DNS to servers the pod's DNS rules name is redirected here,
 * one listener per server address, port and protocol (so the original server is known).
 * A name the engine refuses is answered REFUSED; an allowed query goes to the server, and
 * before its answer is released the answer's addresses join the client node's FQDN cache
 * (and the ruleset), so `toFQDNs` allows them by the time the client connects.
 */

import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { dnsTargetKey, type DnsTarget } from './compile.js';
import { frameTcp, parseQuery, parseResponse, RCODE_REFUSED, RCODE_SERVFAIL, statusResponse, TcpMessageReader } from './dns-wire.js';

export interface DnsDecision {
  readonly allow: boolean;
  /** the answer teaches the client's node (the query went through the proxy and was allowed) */
  readonly learn: boolean;
  readonly reason: string;
}

export interface DnsProxyOptions {
  /** the address the listeners bind (the gateway: REDIRECT sends there) */
  readonly address: string;
  readonly upstreamTimeoutMs: number;
  decide(client: string, target: DnsTarget, name: string): DnsDecision;
  /** called with an allowed answer before it is released to the client */
  learn(client: string, name: string, addresses: string[]): Promise<void>;
  log(line: string): void;
}

type Listener = { close(): void };

export class DnsProxy {
  private readonly listeners = new Map<string, Listener>();
  private readonly ports = new Map<string, number>();
  private nextPort: number;

  constructor(private readonly options: DnsProxyOptions, firstPort: number) {
    this.nextPort = firstPort;
  }

  /** The local port for a target (stable for the lab's life). */
  portFor(target: DnsTarget): number {
    const key = dnsTargetKey(target);
    let port = this.ports.get(key);
    if (port === undefined) this.ports.set(key, (port = this.nextPort++));
    return port;
  }

  /** Opens a listener for every target that has none yet (before the ruleset sends traffic there). */
  async listen(targets: readonly DnsTarget[]): Promise<void> {
    for (const target of targets) {
      const key = dnsTargetKey(target);
      if (this.listeners.has(key)) continue;
      const port = this.portFor(target);
      this.listeners.set(key, target.protocol === 'udp' ? await this.listenUdp(target, port) : await this.listenTcp(target, port));
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  close(): void {
    for (const l of this.listeners.values()) l.close();
    this.listeners.clear();
  }

  /** The response for one query message: REFUSED, the server's answer (after learning), or SERVFAIL. */
  private async handle(client: string, target: DnsTarget, message: Buffer, forward: (m: Buffer) => Promise<Buffer | undefined>): Promise<Buffer | undefined> {
    const query = parseQuery(message);
    if (!query) return undefined; // not a DNS query: Cilium's proxy drops it
    let decision: DnsDecision;
    try {
      decision = this.options.decide(client, target, query.name);
    } catch (err) {
      decision = { allow: false, learn: false, reason: `error: ${(err as Error).message}` };
    }
    const where = `${client} -> ${target.address}:${target.port}/${target.protocol}`;
    if (!decision.allow) {
      this.options.log(`dns ${where} ${query.name} REFUSED (${decision.reason})`);
      return statusResponse(query, RCODE_REFUSED);
    }
    const answer = await forward(message);
    if (!answer) {
      this.options.log(`dns ${where} ${query.name} SERVFAIL (no answer from the server)`);
      return statusResponse(query, RCODE_SERVFAIL);
    }
    const parsed = parseResponse(answer);
    if (decision.learn && parsed && parsed.addresses.length > 0) await this.options.learn(client, query.name, parsed.addresses);
    this.options.log(`dns ${where} ${query.name} ALLOW${parsed ? ` ${parsed.addresses.join(',') || 'no address'}` : ''}${decision.learn ? ' (learned)' : ''}`);
    return answer;
  }

  private listenUdp(target: DnsTarget, port: number): Promise<Listener> {
    const socket = dgram.createSocket('udp4');
    socket.on('message', (message, rinfo) => {
      void this.handle(rinfo.address, target, message, (m) => this.forwardUdp(target, m)).then((response) => {
        if (response) socket.send(response, rinfo.port, rinfo.address);
      });
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, this.options.address, () => {
        socket.off('error', reject);
        resolve(socket);
      });
    });
  }

  private forwardUdp(target: DnsTarget, message: Buffer): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const socket = dgram.createSocket('udp4');
      const done = (answer: Buffer | undefined) => {
        clearTimeout(timer);
        socket.close();
        resolve(answer);
      };
      const timer = setTimeout(() => done(undefined), this.options.upstreamTimeoutMs);
      socket.on('message', (answer) => done(answer));
      socket.on('error', () => done(undefined));
      socket.bind(0, this.options.address, () => socket.send(message, target.port, target.address));
    });
  }

  private listenTcp(target: DnsTarget, port: number): Promise<Listener> {
    const server = net.createServer((conn) => {
      const reader = new TcpMessageReader();
      const client = (conn.remoteAddress ?? '').replace(/^::ffff:/, '');
      conn.on('error', () => conn.destroy());
      conn.on('data', (chunk) => {
        for (const message of reader.push(chunk)) {
          void this.handle(client, target, message, (m) => this.forwardTcp(target, m)).then((response) => {
            if (response && !conn.destroyed) conn.write(frameTcp(response));
          });
        }
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.options.address, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  private forwardTcp(target: DnsTarget, message: Buffer): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const reader = new TcpMessageReader();
      const socket = net.connect({ host: target.address, port: target.port, localAddress: this.options.address });
      const done = (answer: Buffer | undefined) => {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer);
      };
      const timer = setTimeout(() => done(undefined), this.options.upstreamTimeoutMs);
      socket.on('connect', () => socket.write(frameTcp(message)));
      socket.on('data', (chunk) => {
        const [answer] = reader.push(chunk);
        if (answer) done(answer);
      });
      socket.on('error', () => done(undefined));
    });
  }
}

