/**
 * The IP cache: the identity of an address as one node sees it (pkg/ipcache). Pod addresses
 * have the pod's identity, node addresses are `host` on that node and `remote-node`
 * elsewhere, and every other address is outside the cluster: the identity of the longest
 * prefix policies name that contains it, carrying the toFQDNs selectors its names match.
 */

import type { Cluster, Identity, NodeInfo } from '../cluster/index.js';
import { formatIp, hostPrefix, prefixContains, type IpAddress, type Prefix } from '../net/index.js';
import type { PeerRef } from '../policy/entry.js';
import type { FqdnCache } from './fqdn-cache.js';

/** addresses whose identity is remembered (the memo is emptied when full) */
const MAX_MEMO = 20_000;

export class IpCache {
  private readonly memo = new Map<string, Identity>();
  private readonly prefixes: Prefix[];

  constructor(
    private readonly cluster: Cluster,
    policyPrefixes: readonly Prefix[],
    private readonly fqdnPeers: readonly PeerRef[],
    private fqdn: FqdnCache,
  ) {
    // longest first, so the first containing prefix is the longest
    this.prefixes = [...policyPrefixes].sort((a, b) => b.length - a.length);
  }

  setFqdnCache(cache: FqdnCache): void {
    this.fqdn = cache;
    this.memo.clear();
  }

  get fqdnCache(): FqdnCache {
    return this.fqdn;
  }

  nodeIdentity(node: NodeInfo | string, observer: string): Identity {
    const name = typeof node === 'string' ? node : node.name;
    return this.cluster.identities.reserved(name === observer ? 'host' : 'remote-node');
  }

  /** The longest prefix named by policies that contains the address, if any. */
  policyPrefixFor(prefix: Prefix): Prefix | undefined {
    return this.prefixes.find((p) => prefixContains(p, prefix));
  }

  /** The identity of an address outside the cluster, with the FQDN labels of `node`. */
  worldIdentity(ip: IpAddress, node: string): Identity {
    const text = formatIp(ip);
    const key = `${text}@${node}`;
    let identity = this.memo.get(key);
    if (identity) return identity;
    const names = this.fqdn.namesFor(text, node);
    const selectors = names.length === 0 ? [] : this.fqdnPeers
      .filter((p) => p.peer.kind === 'fqdn' && names.some((n) => (p.peer as { matcher: { matches(n: string): boolean } }).matcher.matches(n)))
      .map((p) => p.key);
    const prefix = this.policyPrefixFor(hostPrefix(ip)) ?? { family: ip.family, value: 0n, length: 0 };
    identity = this.cluster.identities.world(prefix, selectors);
    // a memo, not a table: replaying millions of distinct addresses must not grow memory
    if (this.memo.size >= MAX_MEMO) this.memo.clear();
    this.memo.set(key, identity);
    return identity;
  }

  /** The identity of any address, as the agent of `node` sees it. */
  identityFor(ip: IpAddress, node: string): Identity {
    const owner = this.cluster.ownerOf(ip);
    if (owner?.kind === 'pod') {
      const id = this.cluster.identityOf(owner.pod);
      if (id) return id;
      return this.nodeIdentity(owner.pod.nodeName, node);
    }
    if (owner?.kind === 'node') return this.nodeIdentity(owner.node, node);
    return this.worldIdentity(ip, node);
  }
}
