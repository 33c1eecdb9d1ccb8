/**
 * The FQDN cache: which names each node's DNS proxy has seen resolve to an address. Cilium
 * keeps it per agent (per node), fed only by answers the DNS proxy passed; toFQDNs selects an
 * address only through it.
 */

export interface FqdnCache {
  /** names known on `node` for the address `ip` (dotted text) */
  namesFor(ip: string, node: string): readonly string[];
  /** every name with its addresses, as the cache's source has them */
  readonly answers: ReadonlyMap<string, readonly string[]>;
}

function lower(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function reverse(answers: ReadonlyMap<string, readonly string[]>, names?: ReadonlySet<string>): Map<string, string[]> {
  const byIp = new Map<string, string[]>();
  for (const [name, ips] of answers) {
    if (names && !names.has(name)) continue;
    for (const ip of ips) {
      let list = byIp.get(ip);
      if (!list) byIp.set(ip, (list = []));
      if (!list.includes(name)) list.push(name);
    }
  }
  return byIp;
}

export function normalizeAnswers(answers: Readonly<Record<string, readonly string[]>> | ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const entries = answers instanceof Map ? [...answers.entries()] : Object.entries(answers);
  for (const [name, ips] of entries) out.set(lower(name), [...(ips as readonly string[])]);
  return out;
}

/** A cache every node shares: the names were observed by every node's proxy. */
export class SharedFqdnCache implements FqdnCache {
  private readonly byIp: Map<string, string[]>;
  constructor(readonly answers: ReadonlyMap<string, readonly string[]>) {
    this.byIp = reverse(answers);
  }
  namesFor(ip: string): readonly string[] {
    return this.byIp.get(ip) ?? [];
  }
}

/** A cache per node: each node knows only the names its proxy let through. */
export class PerNodeFqdnCache implements FqdnCache {
  private readonly byNode = new Map<string, Map<string, string[]>>();
  constructor(
    readonly answers: ReadonlyMap<string, readonly string[]>,
    learned: ReadonlyMap<string, ReadonlySet<string>>,
  ) {
    for (const [node, names] of learned) this.byNode.set(node, reverse(answers, names));
  }
  namesFor(ip: string, node: string): readonly string[] {
    return this.byNode.get(node)?.get(ip) ?? [];
  }
}

export const EMPTY_FQDN_CACHE: FqdnCache = { namesFor: () => [], answers: new Map() };
