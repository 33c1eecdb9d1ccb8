/**
 * Verdict tables: what a policy map answers for one peer, as sorted (protocol, port)
 * intervals with a code each (0 deny, 1 allow, 2 allow through an L7 proxy). A table is
 * compiled once from the rows that apply to a peer and is shared (interned) by every peer
 * and every map with the same answers, so a lookup is a binary search over a handful of
 * numbers in one typed array, whatever the number of rows or identities.
 *
 * Precedence is the datapath's: any covering deny wins; then any covering allow (redirected
 * when one of the covering allows carries an L7 proxy); then the map's default.
 */

export interface TableRow {
  /** 0 = every protocol and port */
  readonly proto: number;
  readonly from: number;
  readonly to: number;
  readonly deny: boolean;
  readonly redirect: boolean;
}

export type VerdictCode = 0 | 1 | 2;

/** The lookup key of (protocol, port): protocols below 256, ports below 65536. */
export function tableKey(proto: number, port: number): number {
  return proto * 65536 + port;
}

const KEY_END = 256 * 65536;

/**
 * The table of some rows: interval starts (the first is 0) and their codes, adjacent equal
 * codes merged. `fallback` is the code where no row applies.
 */
export function compileTable(rows: readonly TableRow[], fallback: VerdictCode): { starts: number[]; codes: VerdictCode[] } {
  let anyAllow = false;
  let anyRedirect = false;
  // events: +1/-1 on deny, allow and redirect counters at interval edges
  const edges: number[] = [];
  for (const r of rows) {
    if (r.proto === 0) {
      if (r.deny) return { starts: [0], codes: [0] };
      anyAllow = true;
      if (r.redirect) anyRedirect = true;
      continue;
    }
    const kind = r.deny ? 0 : r.redirect ? 2 : 1;
    const start = tableKey(r.proto, r.from);
    const end = tableKey(r.proto, r.to) + 1;
    // edge encoding: key * 8 + (open ? 0 : 4) + kind, so closes sort after opens at one key
    edges.push(start * 8 + kind, end * 8 + 4 + kind);
  }
  const base: VerdictCode = anyRedirect ? 2 : anyAllow ? 1 : fallback;
  if (edges.length === 0) return { starts: [0], codes: [base] };
  edges.sort((a, b) => a - b);
  const starts: number[] = [0];
  const codes: VerdictCode[] = [base];
  const open = [0, 0, 0];
  const code = (): VerdictCode => (open[0]! > 0 ? 0 : open[2]! > 0 || anyRedirect ? 2 : open[1]! > 0 || anyAllow ? 1 : fallback);
  let i = 0;
  while (i < edges.length) {
    const key = Math.floor(edges[i]! / 8);
    while (i < edges.length && Math.floor(edges[i]! / 8) === key) {
      const e = edges[i]!;
      const kind = e % 4;
      open[kind]! += e % 8 >= 4 ? -1 : 1;
      i++;
    }
    if (key >= KEY_END) break;
    const c = code();
    if (c === codes[codes.length - 1]) continue;
    // keys of rows are above 0 (protocols are), so every key here opens a new interval
    starts.push(key);
    codes.push(c);
  }
  return { starts, codes };
}

/**
 * The tables of one engine, in two growing typed arrays; and, pooled the same way for every
 * policy map of the engine, the class of each peer identity (a byte) and each class's table
 * span, so a lookup touches a few flat arrays rather than several small objects per map.
 */
export class VerdictTables {
  /** per map, per identity: its class (maps own a slice: see allocateClasses) */
  classes = new Uint8Array(4096);
  /** per map, per class: first and last position of its table in `starts` */
  spans = new Int32Array(1024);
  private classesUsed = 0;
  private spansUsed = 0;
  /** interval starts of every table, table after table */
  starts = new Uint32Array(1024);
  codes = new Uint8Array(1024);
  /** table t spans [offsets[t], offsets[t + 1]) */
  offsets = new Int32Array(256);
  private used = 0;
  private count = 0;
  private readonly byContent = new Map<string, number>();
  /** port codes of a table for a port list (matrix, diff), computed once per table */
  private readonly portCodes = new WeakMap<object, (Uint8Array | undefined)[]>();

  get size(): number {
    return this.count;
  }

  /** Bytes held by the tables and class pools (typed arrays; the intern keys are not counted). */
  get bytes(): number {
    return this.starts.byteLength + this.codes.byteLength + this.offsets.byteLength + this.classes.byteLength + this.spans.byteLength;
  }

  /** Makes room for `count` more class bytes at once (many maps about to be built: no regrowth). */
  reserveClasses(count: number): void {
    const needed = this.classesUsed + count;
    if (needed <= this.classes.length) return;
    const grown = new Uint8Array(needed);
    grown.set(this.classes.subarray(0, this.classesUsed));
    this.classes = grown;
  }

  /** A slice of `count` class bytes for one map; returns its first position. */
  allocateClasses(count: number): number {
    const base = this.classesUsed;
    if (base + count > this.classes.length) {
      const grown = new Uint8Array(Math.max(this.classes.length * 2, base + count));
      grown.set(this.classes.subarray(0, base));
      this.classes = grown;
    }
    this.classesUsed += count;
    return base;
  }

  /** A slice of `count` span numbers for one map; returns its first position. */
  allocateSpans(count: number): number {
    const base = this.spansUsed;
    if (base + count > this.spans.length) {
      const grown = new Int32Array(Math.max(this.spans.length * 2, base + count));
      grown.set(this.spans.subarray(0, base));
      this.spans = grown;
    }
    this.spansUsed += count;
    return base;
  }

  /** The id of the table of these rows (an existing one when equal). */
  intern(rows: readonly TableRow[], fallback: VerdictCode): number {
    return this.internCompiled(compileTable(rows, fallback));
  }

  /** The id of a compiled table (interval starts from 0, a code each; an existing one when equal). */
  internCompiled({ starts, codes }: { readonly starts: readonly number[]; readonly codes: readonly VerdictCode[] }): number {
    let key = '';
    for (let i = 0; i < starts.length; i++) key += `${starts[i]}:${codes[i]},`;
    const existing = this.byContent.get(key);
    if (existing !== undefined) return existing;
    const id = this.count++;
    if (this.used + starts.length > this.starts.length) {
      const size = Math.max(this.starts.length * 2, this.used + starts.length);
      const s = new Uint32Array(size);
      s.set(this.starts.subarray(0, this.used));
      this.starts = s;
      const c = new Uint8Array(size);
      c.set(this.codes.subarray(0, this.used));
      this.codes = c;
    }
    if (id + 2 > this.offsets.length) {
      const o = new Int32Array(this.offsets.length * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    this.offsets[id] = this.used;
    for (let i = 0; i < starts.length; i++) {
      this.starts[this.used] = starts[i]!;
      this.codes[this.used] = codes[i]!;
      this.used++;
    }
    this.offsets[id + 1] = this.used;
    this.byContent.set(key, id);
    return id;
  }

  /** The code of table `t` for a key (see tableKey). */
  code(t: number, key: number): VerdictCode {
    const starts = this.starts;
    let lo = this.offsets[t]!;
    let hi = this.offsets[t + 1]! - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= key) lo = mid;
      else hi = mid - 1;
    }
    return this.codes[lo] as VerdictCode;
  }

  /** The codes of table `t` for every key of `keys` (a port list), cached per list. */
  codesFor(t: number, list: object, keys: ArrayLike<number>): Uint8Array {
    let byTable = this.portCodes.get(list);
    if (!byTable) this.portCodes.set(list, (byTable = []));
    let out = byTable[t];
    if (!out) {
      out = new Uint8Array(keys.length);
      for (let i = 0; i < keys.length; i++) out[i] = this.code(t, keys[i]!);
      byTable[t] = out;
    }
    return out;
  }
}
