/**
 * toservices-service-port: a toServices rule whose toPorts list a port that is not a target
 * port of the selected Services (usually the Service port). Policy sees connections after
 * service translation, at the backend's target port.
 */

import { formatPath, type ServiceInfo } from '../../../cluster/index.js';
import { PROTO_ANY, protocolName } from '../../../net/index.js';
import type { ServiceSelectorSpec } from '../../../policy/cilium/api.js';
import { servicesMatching } from '../../../policy/cilium/translate.js';
import { listText, type LintContext } from '../context.js';
import type { Finding } from '../finding.js';
import { toYaml } from '../snippets.js';

const ID = 'toservices-service-port';

interface Target {
  readonly service: ServiceInfo;
  readonly port: number;
  readonly target: number;
  /** the named targetPort, when the Service names it */
  readonly targetName?: string | undefined;
  readonly protocol: string;
}

/** Every (service port -> target port) mapping, named target ports resolved on the backends. */
function targets(ctx: LintContext, svc: ServiceInfo): Target[] {
  const backends = svc.selector
    ? ctx.cluster.pods.filter((p) => p.namespace === svc.namespace && Object.entries(svc.selector!).every(([k, v]) => p.labels[k] === v))
    : [];
  const out: Target[] = [];
  for (const sp of svc.ports) {
    if (typeof sp.targetPort === 'number') {
      out.push({ service: svc, port: sp.port, target: sp.targetPort, protocol: sp.protocol });
      continue;
    }
    const name = sp.targetPort.toLowerCase();
    if (/^[0-9]+$/.test(name)) {
      out.push({ service: svc, port: sp.port, target: Number(name), protocol: sp.protocol });
      continue;
    }
    const numbers = new Set(backends.flatMap((p) => p.namedPorts.filter((np) => np.name === name && np.protocol === sp.protocol).map((np) => np.port)));
    for (const n of numbers) out.push({ service: svc, port: sp.port, target: n, targetName: name, protocol: sp.protocol });
  }
  return out;
}

export function checkToservicesServicePort(ctx: LintContext): Finding[] {
  const findings: Finding[] = [];
  for (const policy of ctx.policies) {
    if (policy.ref.kind === 'NetworkPolicy') continue;
    for (const entry of policy.entries) {
      if (entry.direction !== 'egress' || entry.deny || entry.portRules === undefined) continue;
      const specs = ctx.raw(policy.ref, [...entry.origin.path, 'toServices']);
      if (!Array.isArray(specs) || specs.length === 0) continue;
      const services = [...new Set((specs as ServiceSelectorSpec[]).flatMap((s) => (typeof s === 'object' && s !== null ? servicesMatching(s, ctx.cluster) : [])))];
      if (services.length === 0) continue;
      const all = services.flatMap((s) => targets(ctx, s));
      if (all.length === 0) continue;
      for (const portRule of entry.portRules) {
        for (const ps of portRule.ports) {
          if (ps.name !== undefined || ps.port === undefined || ps.port === 0) continue;
          const from = ps.port;
          const to = ps.endPort !== undefined && ps.endPort > from ? ps.endPort : from;
          const protoOk = (t: Target) => ps.protocol === PROTO_ANY || protocolName(ps.protocol) === t.protocol;
          const relevant = all.filter(protoOk);
          if (relevant.length === 0 || relevant.some((t) => t.target >= from && t.target <= to)) continue;
          const svcNames = listText(services.map((s) => `${s.namespace}/${s.name}`));
          const mapping = (t: Target) => `${t.port} -> ${t.targetName ? `${t.targetName}=` : ''}${t.target}/${t.protocol}`;
          const asServicePort = relevant.filter((t) => t.port >= from && t.port <= to);
          const portText = from === to ? `${from}` : `${from}-${to}`;
          const message = asServicePort.length > 0
            ? `Port ${portText} is the Service port of ${listText([...new Set(asServicePort.map((t) => `${t.service.namespace}/${t.service.name}`))])} (${listText(asServicePort.map(mapping))}), but policy sees connections after service translation, at the target port: this rule allows port ${portText} on the backends, not the service's traffic.`
            : `Port ${portText} is not a target port of ${svcNames} (${listText(relevant.map(mapping))}): policy sees connections after service translation, so this rule allows no traffic of the service.`;
          const suggestion = (asServicePort.length > 0 ? asServicePort : relevant).map((t) => ({ port: String(t.target), protocol: t.protocol }));
          const unique = [...new Map(suggestion.map((s) => [`${s.port}/${s.protocol}`, s])).values()];
          findings.push(ctx.finding({
            id: ID,
            policy: policy.ref,
            path: ps.path,
            message,
            fix: { description: `List the target port${unique.length > 1 ? 's' : ''} of the Service in ${formatPath(portRule.path)}.`, yaml: toYaml({ ports: unique }) },
          }));
        }
      }
    }
  }
  return findings;
}
