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

import { matchHttpRule, normalizeDnsName, prepareHttpRequest, type HttpRequest } from '../policy/l7/index.js';
import type { DnsRuleRef, HttpRuleRef } from '../policy/entry.js';
import type { Row } from './map-state.js';
import type { DnsVerdict, HttpVerdict, L7Attempt } from './verdict.js';

function uniquePolicies(rows: readonly Row[]): Row[] {
  const seen = new Set<unknown>();
  return rows.filter((r) => (seen.has(r.policy) ? false : (seen.add(r.policy), true)));
}

/** A row that redirects this connection to the other proxy (the DNS proxy for HTTP, Envoy for DNS). */
function otherProxy(allowRows: readonly Row[], kind: 'http' | 'dns'): Row | undefined {
  return allowRows.find((r) => r.redirect && r.policy.l7 !== undefined && r.policy.l7.kind !== kind);
}

export function evaluateHttp(allowRows: readonly Row[], request: HttpRequest): HttpVerdict {
  const rows = uniquePolicies(allowRows);
  const proxied = rows.some((r) => r.policy.l7?.kind === 'http');
  if (!proxied) {
    // the DNS proxy parses DNS messages only: an HTTP request gets no answer
    const dnsProxy = otherProxy(rows, 'http');
    if (dnsProxy) return { kind: 'http', verdict: 'deny', reason: 'wrong-protocol', redirectedBy: dnsProxy, tried: [] };
    return { kind: 'http', verdict: 'allow', reason: 'not-proxied', tried: [] };
  }
  const open = rows.find((r) => !r.policy.l7 || r.policy.l7.kind !== 'http' || r.policy.l7.allowAll !== undefined);
  if (open) return { kind: 'http', verdict: 'allow', reason: 'allow-all', openedBy: open, tried: [] };
  const prepared = prepareHttpRequest(request);
  for (const row of rows) {
    for (const rule of row.policy.l7?.http ?? []) {
      if (matchHttpRule(rule.rule, prepared, { details: false }).matched) {
        return { kind: 'http', verdict: 'allow', reason: 'rule-matched', matched: { rule, row }, tried: [] };
      }
    }
  }
  // denied: why each rule failed is only needed to explain it, so it is computed when read
  let tried: L7Attempt<HttpRuleRef>[] | undefined;
  return {
    kind: 'http',
    verdict: 'deny',
    reason: 'no-rule-matched',
    get tried() {
      return (tried ??= rows.flatMap((row) =>
        (row.policy.l7?.http ?? []).map((rule) => ({ rule, row, mismatches: matchHttpRule(rule.rule, prepared).mismatches.map((m) => m.detail) })),
      ));
    },
  };
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
  const tried: L7Attempt<DnsRuleRef>[] = [];
  for (const row of rows) {
    for (const rule of row.policy.l7?.dns ?? []) {
      if (rule.matcher.matches(name)) {
        return { kind: 'dns', verdict: 'allow', reason: 'rule-matched', query, proxied: true, matched: { rule, row }, tried };
      }
      tried.push({ rule, row, mismatches: [`${rule.text} does not match ${name}`] });
    }
  }
  return { kind: 'dns', verdict: 'deny', reason: 'no-rule-matched', query, proxied: true, tried };
}
