/**
 * Request-level verdicts on a connection the L3/L4 policy allows.
 *
 * HTTP (Envoy with Cilium's network policy filter): the rules of every allow that matches the
 * peer and port form a union, at any port granularity (L3-only allows and ranges included);
 * an allow without HTTP rules lets every request through.
 *
 * DNS (Cilium's DNS proxy): only the allows of the exact port/protocol filter that redirects
 * to the proxy count; L3-only and range allows do not widen DNS filtering. A refused query is
 * answered REFUSED and teaches the FQDN cache nothing.
 *
 * A request of the other protocol is dropped by the proxy its port is redirected to: Envoy's
 * HTTP listener cannot parse a DNS query, the DNS proxy cannot parse an HTTP request.
 */

import { HttpRuleSet, matchHttpRule, normalizeDnsName, prepareHttpRequest, type HttpRequest } from '../policy/l7/index.js';
import type { DnsRuleRef, HttpRuleRef } from '../policy/entry.js';
import type { PerSelectorPolicy } from './l4-filter.js';
import type { Row } from './map-state.js';
import type { DnsVerdict, HttpVerdict, L7Attempt } from './verdict.js';

function uniquePolicies(rows: readonly Row[]): Row[] {
  const seen = new Set<unknown>();
  return rows.filter((r) => (seen.has(r.policy) ? false : (seen.add(r.policy), true)));
}

/** A number per PerSelectorPolicy, to name a set of them (the L7 rules of one port and peer). */
const policyIds = new WeakMap<PerSelectorPolicy, number>();
let nextPolicyId = 1;

function policyId(p: PerSelectorPolicy): number {
  let id = policyIds.get(p);
  if (id === undefined) policyIds.set(p, (id = nextPolicyId++));
  return id;
}

interface CompiledHttpUnion {
  readonly set: HttpRuleSet;
  /** for each rule of the set: its rule and the position of its row among the unique rows */
  readonly origin: readonly { readonly rule: HttpRuleRef; readonly row: number }[];
}

/** The compiled rule union of each distinct list of policies, kept with the first policy (and dropped with it). */
const unions = new WeakMap<PerSelectorPolicy, Map<string, CompiledHttpUnion>>();

const unionOfRows = new WeakMap<readonly Row[], CompiledHttpUnion>();

function httpUnion(rows: readonly Row[]): CompiledHttpUnion {
  const known = unionOfRows.get(rows);
  if (known) return known;
  const union = httpUnionOf(rows);
  unionOfRows.set(rows, union);
  return union;
}

function httpUnionOf(rows: readonly Row[]): CompiledHttpUnion {
  const first = rows[0]!.policy;
  let byKey = unions.get(first);
  if (!byKey) unions.set(first, (byKey = new Map()));
  const key = rows.map((r) => policyId(r.policy)).join(',');
  let union = byKey.get(key);
  if (!union) {
    const origin: { rule: HttpRuleRef; row: number }[] = [];
    rows.forEach((row, i) => {
      for (const rule of row.policy.l7?.http ?? []) origin.push({ rule, row: i });
    });
    union = { set: new HttpRuleSet(origin.map((o) => o.rule.rule)), origin };
    byKey.set(key, union);
  }
  return union;
}

/** unique rows of an allow list (lookups return the same list for a repeated question) */
const uniqueRows = new WeakMap<readonly Row[], Row[]>();

function uniqueOf(allowRows: readonly Row[]): Row[] {
  let rows = uniqueRows.get(allowRows);
  if (!rows) uniqueRows.set(allowRows, (rows = uniquePolicies(allowRows)));
  return rows;
}

/** A row that redirects this connection to the other proxy (the DNS proxy for HTTP, Envoy for DNS). */
function otherProxy(allowRows: readonly Row[], kind: 'http' | 'dns'): Row | undefined {
  return allowRows.find((r) => r.redirect && r.policy.l7 !== undefined && r.policy.l7.kind !== kind);
}

export function evaluateHttp(allowRows: readonly Row[], request: HttpRequest): HttpVerdict {
  const rows = uniqueOf(allowRows);
  const proxied = rows.some((r) => r.policy.l7?.kind === 'http');
  if (!proxied) {
    // the DNS proxy parses DNS messages only: an HTTP request gets no answer
    const dnsProxy = otherProxy(rows, 'http');
    if (dnsProxy) return { kind: 'http', verdict: 'deny', reason: 'wrong-protocol', redirectedBy: dnsProxy, tried: [] };
    return { kind: 'http', verdict: 'allow', reason: 'not-proxied', tried: [] };
  }
  const open = rows.find((r) => !r.policy.l7 || r.policy.l7.kind !== 'http' || r.policy.l7.allowAll !== undefined);
  if (open) return { kind: 'http', verdict: 'allow', reason: 'allow-all', openedBy: open, tried: [] };
  // the first rule that matches, in row and rule order: compiled once per rule union
  const union = httpUnion(rows);
  const index = union.set.firstMatch(request);
  if (index >= 0) {
    const { rule, row } = union.origin[index]!;
    return { kind: 'http', verdict: 'allow', reason: 'rule-matched', matched: { rule, row: rows[row]! }, tried: [] };
  }
  // denied: why each rule failed is only needed to explain it, so it is computed when read
  return new HttpDenial(rows, request);
}

/**
 * A denied HTTP request. `tried` (every rule with why it did not match) is built when first
 * read: a prototype getter, as object literals with getters are slow to create; toJSON keeps
 * it in serialized output.
 */
class HttpDenial implements HttpVerdict {
  readonly kind = 'http' as const;
  readonly verdict = 'deny' as const;
  readonly reason = 'no-rule-matched' as const;
  readonly #rows: readonly Row[];
  readonly #request: HttpRequest;
  #tried: L7Attempt<HttpRuleRef>[] | undefined;

  constructor(rows: readonly Row[], request: HttpRequest) {
    this.#rows = rows;
    this.#request = request;
  }

  get tried(): L7Attempt<HttpRuleRef>[] {
    if (!this.#tried) {
      const prepared = prepareHttpRequest(this.#request);
      this.#tried = this.#rows.flatMap((row) =>
        (row.policy.l7?.http ?? []).map((rule) => ({ rule, row, mismatches: matchHttpRule(rule.rule, prepared).mismatches.map((m) => m.detail) })),
      );
    }
    return this.#tried;
  }

  toJSON(): HttpVerdict {
    return { kind: this.kind, verdict: this.verdict, reason: this.reason, tried: this.tried };
  }
}

/** The allows of the filter for exactly this port and protocol: the proxy's rule set. */
function proxyFilterRows(allowRows: readonly Row[], proto: number, port: number): Row[] {
  return allowRows.filter((r) => r.proto === proto && r.from === port && r.to === port);
}

export function evaluateDns(allowRows: readonly Row[], proto: number, port: number, query: string): DnsVerdict {
  const rows = uniquePolicies(proxyFilterRows(allowRows, proto, port));
  const proxied = rows.some((r) => r.policy.l7?.kind === 'dns');
  if (!proxied) {
    // Envoy's HTTP listener cannot parse a DNS message: the query gets no answer
    const envoy = otherProxy(allowRows, 'dns');
    if (envoy) return { kind: 'dns', verdict: 'deny', reason: 'wrong-protocol', query, proxied: false, redirectedBy: envoy, tried: [] };
    return { kind: 'dns', verdict: 'allow', reason: 'not-proxied', query, proxied: false, tried: [] };
  }
  const open = rows.find((r) => !r.policy.l7 || r.policy.l7.kind !== 'dns' || r.policy.l7.allowAll !== undefined);
  if (open) return { kind: 'dns', verdict: 'allow', reason: 'allow-all', query, proxied: true, openedBy: open, tried: [] };
  const name = normalizeDnsName(query);
  const union = dnsUnion(rows);
  let index = union.answers.get(name);
  if (index === undefined) {
    index = firstDnsMatch(union, name);
    if (union.answers.size >= MAX_CACHED_NAMES) union.answers.clear();
    union.answers.set(name, index);
  }
  return new DnsDecision(union, rows, query, name, index);
}

/** A DNS proxy decision on the rules; `tried` is built when first read (see HttpDenial). */
class DnsDecision implements DnsVerdict {
  readonly kind = 'dns' as const;
  readonly proxied = true as const;
  readonly verdict: 'allow' | 'deny';
  readonly reason: 'rule-matched' | 'no-rule-matched';
  readonly matched: { readonly rule: DnsRuleRef; readonly row: Row } | undefined;
  readonly #union: CompiledDnsUnion;
  readonly #rows: readonly Row[];
  readonly #name: string;
  readonly #found: number;
  #tried: L7Attempt<DnsRuleRef>[] | undefined;

  constructor(union: CompiledDnsUnion, rows: readonly Row[], readonly query: string, name: string, found: number) {
    this.#union = union;
    this.#rows = rows;
    this.#name = name;
    this.#found = found;
    this.verdict = found >= 0 ? 'allow' : 'deny';
    this.reason = found >= 0 ? 'rule-matched' : 'no-rule-matched';
    const hit = found >= 0 ? union.rules[found]! : undefined;
    this.matched = hit ? { rule: hit.rule, row: rows[hit.row]! } : undefined;
  }

  /** the rules tried before the decision, with why each did not match */
  get tried(): L7Attempt<DnsRuleRef>[] {
    if (!this.#tried) {
      const rules = this.#union.rules;
      this.#tried = rules
        .slice(0, this.#found >= 0 ? this.#found : rules.length)
        .map(({ rule, row }) => ({ rule, row: this.#rows[row]!, mismatches: [`${rule.text} does not match ${this.#name}`] }));
    }
    return this.#tried;
  }

  toJSON(): DnsVerdict {
    const base = { kind: this.kind, verdict: this.verdict, reason: this.reason, query: this.query, proxied: this.proxied };
    return this.matched ? { ...base, matched: this.matched, tried: this.tried } : { ...base, tried: this.tried };
  }
}

const MAX_CACHED_NAMES = 8192;

/** The first rule (in order) selecting a normalized name: exact names by lookup, then the patterns. */
function firstDnsMatch(union: CompiledDnsUnion, name: string): number {
  const exact = union.exact.get(name);
  const first = exact === undefined ? -1 : exact;
  const rules = union.rules;
  const others = union.others;
  for (let k = 0; k < others.length; k++) {
    const i = others[k]!;
    if (first >= 0 && i > first) break;
    if (rules[i]!.rule.matcher.matchesNormalized(name)) return i;
  }
  return first;
}

interface CompiledDnsUnion {
  /** every DNS rule of the port, in row and rule order, with the position of its row */
  readonly rules: readonly { readonly rule: DnsRuleRef; readonly row: number }[];
  /** rules selecting one exact name: the first such rule of each name */
  readonly exact: ReadonlyMap<string, number>;
  /** the other rules (patterns), in order */
  readonly others: readonly number[];
  /** the first matching rule of each name asked (-1: none) */
  readonly answers: Map<string, number>;
}

const dnsUnions = new WeakMap<PerSelectorPolicy, Map<string, CompiledDnsUnion>>();

function dnsUnion(rows: readonly Row[]): CompiledDnsUnion {
  const first = rows[0]!.policy;
  let byKey = dnsUnions.get(first);
  if (!byKey) dnsUnions.set(first, (byKey = new Map()));
  const key = rows.map((r) => policyId(r.policy)).join(',');
  let union = byKey.get(key);
  if (!union) {
    const rules: { rule: DnsRuleRef; row: number }[] = [];
    rows.forEach((row, i) => {
      for (const rule of row.policy.l7?.dns ?? []) rules.push({ rule, row: i });
    });
    const exact = new Map<string, number>();
    const others: number[] = [];
    rules.forEach(({ rule }, i) => {
      const name = rule.matcher.exactName;
      if (name === undefined) others.push(i);
      else if (!exact.has(name)) exact.set(name, i);
    });
    union = { rules, exact, others, answers: new Map() };
    byKey.set(key, union);
  }
  return union;
}
