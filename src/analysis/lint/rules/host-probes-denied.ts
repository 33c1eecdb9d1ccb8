/**
 * host-probes-denied: ingress deny entries that match the local host (reserved:host), the
 * identity kubelet probes come from. Cilium allows the host into default-deny pods by itself
 * (allow-localhost), but a deny overrides that too.
 */

import { formatPath, type Identity, type PodInfo } from '../../../cluster/index.js';
import { PROTO_TCP } from '../../../net/index.js';
import { formatPolicyRef, type PolicyEntry } from '../../../policy/entry.js';
import { listText, podNames, podsText, type LintContext } from '../context.js';
import type { Finding } from '../finding.js';
import { comboPortText } from '../coverage.js';

const ID = 'host-probes-denied';
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Probe {
  readonly pod: PodInfo;
  readonly container: string;
  readonly kind: string;
  readonly port: number;
}

/** The network probes of a pod as written (httpGet, tcpSocket, grpc), named ports resolved. */
function probesOf(ctx: LintContext, pod: PodInfo): Probe[] {
  const raw = ctx.rawPod(pod);
  const spec = raw && isObj(raw.spec) ? raw.spec : undefined;
  if (!spec || !Array.isArray(spec.containers)) return [];
  const out: Probe[] = [];
  for (const c of spec.containers) {
    if (!isObj(c)) continue;
    const named = new Map<string, number>();
    for (const p of Array.isArray(c.ports) ? c.ports : []) {
      if (isObj(p) && typeof p.name === 'string' && typeof p.containerPort === 'number') named.set(p.name.toLowerCase(), p.containerPort);
    }
    for (const kind of PROBES) {
      const probe = c[kind];
      if (!isObj(probe)) continue;
      for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
        const h = probe[handler];
        if (!isObj(h)) continue;
        const port = typeof h.port === 'number' ? h.port : typeof h.port === 'string' ? (/^[0-9]+$/.test(h.port) ? Number(h.port) : named.get(h.port.toLowerCase())) : undefined;
        if (port !== undefined) out.push({ pod, container: typeof c.name === 'string' ? c.name : '', kind, port });
      }
    }
  }
  return out;
}

interface Group {
  readonly entry: PolicyEntry;
  readonly subjects: Set<Identity>;
  readonly ports: Set<string>;
  readonly probes: Set<string>;
}

export function checkHostProbesDenied(ctx: LintContext): Finding[] {
  const host = ctx.cluster.identities.reserved('host');
  const groups = new Map<string, Group>();
  for (const subject of ctx.podIdentities) {
    const map = ctx.map(subject, 'ingress');
    if (!map.policy.enforced || map.policy.conflicts.length > 0) continue;
    const denyRows = [...map.rowsFor(host), ...map.wildcardRows].filter((r) => r.deny);
    if (denyRows.length === 0) continue;
    const probes = subject.pods.flatMap((p) => probesOf(ctx, p));
    const denied = new Map<PolicyEntry, string[]>();
    for (const probe of probes) {
      const v = ctx.engine.lookup(subject, 'ingress', host, PROTO_TCP, probe.port);
      if (v.verdict !== 'deny' || v.reason !== 'denied') continue;
      for (const row of v.deciding) {
        for (const c of row.policy.contributions) {
          if (c.kind !== 'rule') continue;
          let list = denied.get(c.entry);
          if (!list) denied.set(c.entry, (list = []));
          list.push(`${probe.kind} of ${probe.pod.namespace}/${probe.pod.name}${probe.container ? ` (${probe.container})` : ''} on ${probe.port}/TCP`);
        }
      }
    }
    for (const row of denyRows) {
      for (const c of row.policy.contributions) {
        if (c.kind !== 'rule') continue;
        const key = `${formatPolicyRef(c.entry.origin.policy)}|${formatPath(c.entry.origin.path)}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { entry: c.entry, subjects: new Set(), ports: new Set(), probes: new Set() }));
        g.subjects.add(subject);
        g.ports.add(comboPortText(row));
        for (const p of denied.get(c.entry) ?? []) g.probes.add(p);
      }
    }
  }
  const findings: Finding[] = [];
  for (const g of groups.values()) {
    const peers = listText([...new Set(g.entry.peers?.map((p) => p.description) ?? ['any peer'])], 2);
    const probes = [...g.probes].sort();
    const consequence = probes.length > 0
      ? `kubelet probes come from the host, so ${listText(probes)} ${probes.length === 1 ? 'fails' : 'fail'}`
      : 'kubelet probes to these ports come from the host and fail';
    findings.push(ctx.finding({
      id: ID,
      policy: g.entry.origin.policy,
      path: g.entry.origin.path,
      severity: probes.length > 0 ? 'error' : 'warning',
      message: `${formatPath(g.entry.origin.path)} (${peers}) denies the local host (reserved:host) on ${listText([...g.ports].sort())} for ${podsText(g.subjects)}: ${consequence}.`,
      fix: { description: 'Exclude the host from the deny: deny narrower entities than all / cluster (e.g. remote-node, world), or other ports than the probe ports.' },
      pods: podNames(g.subjects),
    }));
  }
  return findings;
}
