/**
 * Port ranges and their BPF form. Cilium stores a range as masked port prefixes (like CIDRs
 * over the 16-bit port space); we count map entries the same way.
 */

export interface PortRange {
  /** first port; 0 with `to` 65535 means every port */
  readonly from: number;
  readonly to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

export function isAllPorts(range: PortRange): boolean {
  return range.from === 0 && range.to === 65535;
}

export function rangeContains(range: PortRange, port: number): boolean {
  return port >= range.from && port <= range.to;
}

export function formatPortRange(range: PortRange): string {
  if (isAllPorts(range)) return '*';
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

/** Splits [from, to] into aligned power-of-two blocks: the masked keys Cilium inserts. */
export function maskedPortBlocks(range: PortRange): { port: number; prefixLength: number }[] {
  if (isAllPorts(range)) return [{ port: 0, prefixLength: 0 }];
  const blocks: { port: number; prefixLength: number }[] = [];
  let start = range.from;
  while (start <= range.to) {
    let size = 1;
    while (size < 65536 && start % (size * 2) === 0 && start + size * 2 - 1 <= range.to) size *= 2;
    blocks.push({ port: start, prefixLength: 16 - Math.log2(size) });
    start += size;
  }
  return blocks;
}
