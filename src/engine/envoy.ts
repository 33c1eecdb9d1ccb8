/**
 * Whether Envoy accepts an endpoint's network policy. Cilium sends Envoy one NetworkPolicy
 * resource per endpoint that has Envoy redirects (pkg/endpoint/bpf.go: updateNetworkPolicy
 * only when `L4Policy.HasEnvoyRedirect()`; the DNS proxy is not Envoy). It holds every TCP and
 * ANY port filter of both enforced directions, with or without L7 rules
 * (pkg/envoy/xds_server.go GetDirectionNetworkPolicy): for each filter whose selectors select
 * some identity, a PortNetworkPolicy keyed `portKey{port, l4.EndPort}` with the filter's
 * EndPort as written (named ports resolved: ingress on the endpoint, egress per destination),
 * and the HTTP rules of its selectors. Envoy parses the whole update at once
 * (cilium/proxy cilium/network_policy.cc NetworkPolicyMapImpl::onConfigUpdate): a
 * PortNetworkPolicy with an end port below its port ("Invalid port range, end port is less
 * than start port") or an HTTP regex RE2 refuses (over Envoy's program-size limit, for
 * example) throws, and the update is NACKed. Envoy then has no policy for the endpoint, and
 * every connection redirected to Envoy for it (ingress or egress) is refused.
 *
 * Envoy rejects the whole xDS update, so the other endpoints of the node also keep the policy
 * they had before; that depends on history and is not modelled (docs/semantics-notes.md).
 */

import { formatPath, type Identity, type PathSegment } from '../cluster/index.js';
import { PROTO_TCP } from '../net/index.js';
import type { Direction, PolicyEntry } from '../policy/entry.js';
import type { L4Filter, PerSelectorPolicy } from './l4-filter.js';
import { namedPortNumber } from './map-state.js';
import type { DirectionPolicy, SelectorPolicy } from './resolve.js';
import type { SelectorCache } from './selector-cache.js';

/** One reason Envoy refuses an endpoint's network policy. */
export interface EnvoyRejection {
  /** `range`: an end port below the port; `regex`: an HTTP rule Envoy cannot compile */
  readonly kind: 'range' | 'regex';
  readonly direction: Direction;
  /** the rule the offending field belongs to */
  readonly entry: PolicyEntry;
  /** where the problem is, as explanations cite it: `spec.ingress[0].toPorts[0].ports[0]` */
  readonly path: readonly PathSegment[];
  /** the offending field itself, for locating it: `spec.ingress[0].toPorts[0].ports[0].endPort` */
  readonly field: readonly PathSegment[];
  /** what Envoy refuses: `endPort 80 < port 8080` */
  readonly problem: string;
  /** how to fix it */
  readonly fix: string;
}

/** The psps of a filter that make Envoy rules: allows and denies whose selector selects someone. */
function emittedPolicies(filter: L4Filter, selectors: SelectorCache): PerSelectorPolicy[] {
  return [...filter.perSelector.values()].filter((psp) => psp.peer.peer.kind === 'wildcard' || selectors.select(psp.peer).length > 0);
}

function firstRule(psps: readonly PerSelectorPolicy[]): { entry: PolicyEntry; portPath?: readonly PathSegment[] } | undefined {
  for (const psp of psps) {
    for (const c of psp.contributions) if (c.kind === 'rule') return { entry: c.entry, portPath: c.port?.path };
  }
  return undefined;
}

/** The end port Envoy would get below the port it would get, if any. */
function reversedRange(filter: L4Filter, psps: readonly PerSelectorPolicy[], policy: DirectionPolicy, subject: Identity, selectors: SelectorCache): { port: number; end: number } | undefined {
  if (filter.portName === undefined) {
    return filter.endPortBelowPort !== undefined ? { port: filter.port, end: filter.endPortBelowPort } : undefined;
  }
  const end = filter.namedEndPort;
  if (end === undefined || end === 0) return undefined;
  const resolved: number[] = [];
  if (policy.direction === 'ingress') {
    const n = namedPortNumber(subject, filter.portName, filter.protocol);
    if (n !== undefined) resolved.push(n);
  } else {
    for (const psp of psps) {
      const peers = psp.peer.peer.kind === 'wildcard' ? [] : selectors.select(psp.peer);
      for (const peer of peers) {
        const n = namedPortNumber(peer, filter.portName, filter.protocol);
        if (n !== undefined) resolved.push(n);
      }
    }
  }
  const port = resolved.find((n) => n > end);
  return port === undefined ? undefined : { port, end };
}

function directionRejections(policy: DirectionPolicy, subject: Identity, selectors: SelectorCache): EnvoyRejection[] {
  if (!policy.enforced) return []; // Envoy gets an allow-all policy for this direction
  const out: EnvoyRejection[] = [];
  for (const filter of policy.filters) {
    // ANY is expanded to TCP, UDP and SCTP filters here; only TCP (and ANY) reach Envoy
    if (filter.protocol !== PROTO_TCP) continue;
    if (filter.portName === undefined && filter.port === 0) continue; // the wildcard port, sent as 0-0
    const psps = emittedPolicies(filter, selectors);
    if (psps.length === 0) continue; // no rule for this port: no PortNetworkPolicy
    const range = reversedRange(filter, psps, policy, subject, selectors);
    const origin = firstRule(psps);
    if (range && origin) {
      const portText = filter.portName !== undefined ? `port ${filter.portName} (${range.port} here)` : `port ${range.port}`;
      out.push({
        kind: 'range',
        direction: policy.direction,
        entry: origin.entry,
        path: origin.portPath ?? origin.entry.origin.path,
        field: origin.portPath ? [...origin.portPath, 'endPort'] : origin.entry.origin.path,
        problem: `endPort ${range.end} < ${portText}`,
        fix: `set endPort to at least ${range.port}, or remove it for a single port`,
      });
    }
    for (const psp of psps) {
      for (const rule of psp.l7?.http ?? []) {
        for (const issue of rule.rule.issues) {
          if (issue.source !== 'envoy') continue;
          const c = psp.contributions.find((x) => x.kind === 'rule');
          if (!c || c.kind !== 'rule') continue;
          out.push({
            kind: 'regex',
            direction: policy.direction,
            entry: c.entry,
            path: [...rule.path, ...issue.path],
            field: [...rule.path, ...issue.path],
            problem: issue.message,
            fix: 'simplify the regex (fewer alternatives, no large repetitions) or split the rule into several rules',
          });
        }
      }
    }
  }
  return out;
}

/** `spec.ingress[1].toPorts[0].ports[0] endPort 80 < port 8080`, `...http[0].path: the path regex ...` */
export function describeRejection(r: EnvoyRejection): string {
  return `${formatPath(r.path)}${r.kind === 'range' ? ' ' : ': '}${r.problem}`;
}

/** Whether an endpoint with this policy has a connection redirected to Envoy at all (HTTP rules, listeners, TLS interception). */
export function hasEnvoyRedirect(policy: SelectorPolicy): boolean {
  return [policy.ingress, policy.egress].some((d) => d.enforced && (d.hasEnvoyWithoutL7 || d.filters.some((f) => [...f.perSelector.values()].some((psp) => !psp.deny && psp.l7?.kind === 'http'))));
}

/**
 * Why Envoy refuses the network policy of an endpoint with this policy (empty: it accepts it,
 * or the endpoint has no Envoy redirect, so Envoy never gets it).
 */
export function envoyRejections(policy: SelectorPolicy, selectors: SelectorCache): EnvoyRejection[] {
  if (!hasEnvoyRedirect(policy)) return [];
  const seen = new Set<string>();
  return [...directionRejections(policy.ingress, policy.identity, selectors), ...directionRejections(policy.egress, policy.identity, selectors)]
    .filter((r) => {
      const key = `${r.entry.origin.policy.kind}/${r.entry.origin.policy.namespace}/${r.entry.origin.policy.name}|${r.path.join('.')}|${r.problem}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}
