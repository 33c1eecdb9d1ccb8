/**
 * IP_TRANSPARENT from Node (through the `sockopt` package: Node has no setsockopt):
 *  - on the TPROXY listener, or the kernel will not hand it redirected connections;
 *  - on an upstream socket bound to the client's address, so the server sees the client
 *    (the lab's host namespace allows binding a foreign address: ip_nonlocal_bind=1) and
 *    the route lookup accepts that source. Node binds and connects in one call, so the
 *    option is set from inside the handle's bind, before connect runs.
 */

import { createRequire } from 'node:module';
import * as net from 'node:net';

const SOL_IP = 0;
const IP_TRANSPARENT = 19;

interface SockoptModule {
  setsockopt(socket: { _handle?: unknown }, level: number, option: number, value: number): void;
}

const require = createRequire(import.meta.url);
let sockopt: SockoptModule | undefined;

function module(): SockoptModule {
  sockopt ??= require('sockopt') as SockoptModule;
  return sockopt;
}

/** Why transparent sockets are unavailable (the native module does not load), or undefined. */
export function transparentUnavailable(): string | undefined {
  try {
    module();
    return undefined;
  } catch (err) {
    return `the sockopt package does not load (${(err as Error).message.split('\n')[0]}): TPROXY needs IP_TRANSPARENT`;
  }
}

/** Sets IP_TRANSPARENT on a listening server (call once it listens). */
export function makeTransparent(server: net.Server): void {
  module().setsockopt(server as unknown as { _handle?: unknown }, SOL_IP, IP_TRANSPARENT, 1);
}

interface BindableHandle {
  bind(address: string, port?: number): number;
  fd: number;
}

/**
 * A TCP connection to host:port from `localAddress` (any address, also one of another
 * host): the socket is made transparent between Node's bind and connect.
 */
export function transparentConnect(options: { host: string; port: number; localAddress: string }): net.Socket {
  const socket = new net.Socket();
  socket.connect({ host: options.host, port: options.port, localAddress: options.localAddress });
  // connect() created the handle; bind and connect run on the next tick (the host is an address)
  const handle = (socket as unknown as { _handle?: BindableHandle })._handle;
  if (handle) {
    const bind = handle.bind.bind(handle);
    handle.bind = (address: string, port?: number): number => {
      const result = bind(address, port);
      if (result === 0) module().setsockopt({ _handle: handle }, SOL_IP, IP_TRANSPARENT, 1);
      return result;
    };
  }
  return socket;
}
