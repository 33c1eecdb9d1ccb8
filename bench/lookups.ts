/**
 * The verdict-lookup sample of the shared workloads (lookups.yaml): a recipe every
 * implementation draws the same 1,000,000 lookups from, with the mulberry32 PRNG.
 */

import { mulberry32 } from '../tools/prng.js';

export interface LookupRecipe {
  readonly seed: number;
  readonly count: number;
  readonly endpoints: readonly string[];
  readonly peers: readonly Record<string, string>[];
  readonly ports: readonly [string, number][];
}

export interface Lookup {
  readonly endpoint: number;
  readonly egress: boolean;
  readonly peer: number;
  readonly proto: string;
  readonly port: number;
}

/** Draws the lookups exactly as the recipe's comment describes. */
export function drawLookups(recipe: LookupRecipe): Lookup[] {
  const r = mulberry32(recipe.seed);
  const out: Lookup[] = new Array(recipe.count);
  for (let i = 0; i < recipe.count; i++) {
    const endpoint = r() % recipe.endpoints.length;
    const egress = r() % 2 === 0;
    const peer = r() % recipe.peers.length;
    const k = r() % 10;
    let proto: string;
    let port: number;
    if (k < 6) {
      const p = recipe.ports[r() % recipe.ports.length]!;
      proto = p[0];
      port = p[1];
    } else if (k < 9) {
      proto = 'TCP';
      port = 1 + (r() % 65535);
    } else {
      proto = 'UDP';
      port = 1 + (r() % 65535);
    }
    out[i] = { endpoint, egress, peer, proto, port };
  }
  return out;
}
