/**
 * Service translation before policy: Cilium's load balancer rewrites a ClusterIP destination
 * to one of the service's backends (and the service port to the target port) before any
 * policy sees the packet, so a flow to a ClusterIP, or to a service by name as users `curl`
 * it, is evaluated to a backend.
 */

import { type Cluster, type PodInfo, type ServiceInfo } from '../cluster/index.js';
import type { FlowEndpoint, FlowSpec } from '../engine/index.js';
import { formatIp } from '../net/index.js';
import { NO_PODS_MESSAGE } from './no-pods.js';

export interface ServiceTranslation {
  readonly flow: FlowSpec;
  readonly note?: string | undefined;
  /** set when the service has no backend (or no such port): nothing answers, so the flow goes nowhere */
  readonly error?: string | undefined;
}

/** The backend pods of a service: those its selector matches, else the addresses of its EndpointSlices. */
export function serviceBackends(cluster: Cluster, svc: ServiceInfo): PodInfo[] {
  const selector = svc.selector;
  if (selector) {
    const wanted = Object.entries(selector);
    return cluster.pods.filter((p) => p.namespace === svc.namespace && wanted.every(([k, v]) => p.labels[k] === v));
  }
  const addresses = cluster.endpointSlices.filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name).flatMap((s) => s.addresses);
  return addresses.map((a) => cluster.ownerOf(a)).flatMap((o) => (o?.kind === 'pod' ? [o.pod] : []));
}

/** Why a service has no backend to send a flow to. */
export function noBackendReason(cluster: Cluster, svc: ServiceInfo): string {
  const name = `service ${svc.namespace}/${svc.name}`;
  if (svc.externalName !== undefined || svc.type === 'ExternalName') {
    const target = svc.externalName ?? '(no externalName)';
    return `${name} is of type ExternalName: its name is a DNS alias of ${target}, outside the cluster; trace fqdn:${target} (with its address in --dns) instead`;
  }
  if (svc.selector) {
    const labels = Object.entries(svc.selector).map(([k, v]) => `${k}=${v}`).join(',');
    if (cluster.pods.length === 0) return `${name} selects pods labelled ${labels}, but ${NO_PODS_MESSAGE}`;
    return `${name} selects pods labelled ${labels} in namespace ${svc.namespace}, and no pod of the input has them: the connection would go nowhere (add the workload that runs them)`;
  }
  return `${name} has no selector and no EndpointSlice or Endpoints of it in the input, so its backends are unknown: add them (kubectl get endpointslices -n ${svc.namespace} -o yaml)`;
}

/** Rewrites a flow whose destination is a Service ClusterIP to its first backend. */
export function translateServiceDestination(cluster: Cluster, flow: FlowSpec): ServiceTranslation {
  const to = flow.to;
  if (to.kind !== 'ip') return { flow };
  const text = formatIp(to.ip);
  const svc = cluster.services.find((s) => s.clusterIPs.some((ip) => formatIp(ip) === text));
  if (!svc) return { flow };
  return translateToService(cluster, svc, flow, `${text}:${flow.port} is service ${svc.namespace}/${svc.name}`, `${text} is the ClusterIP of service ${svc.namespace}/${svc.name}`);
}

/**
 * Rewrites a flow to a service, named by the caller (`service:NS/NAME`), to its first backend:
 * the service port becomes the target port, except for headless services, whose name resolves
 * to the backends' own addresses.
 */
export function translateToService(
  cluster: Cluster,
  svc: ServiceInfo,
  flow: FlowSpec,
  subject = `service ${svc.namespace}/${svc.name} port ${flow.port}/${flow.protocol}`,
  errorSubject = `service ${svc.namespace}/${svc.name}`,
): ServiceTranslation {
  const backends = serviceBackends(cluster, svc);
  const pod = backends[0];
  const others = backends.length > 1 ? ` (1 of ${backends.length} backends; the others may differ only if their identities do)` : '';
  if (svc.headless && pod) {
    return {
      flow: { ...flow, to: { kind: 'pod', pod } },
      note: `service ${svc.namespace}/${svc.name} is headless (clusterIP: None): its name resolves to the backends' own addresses, so the flow goes to backend ${pod.namespace}/${pod.name}:${flow.port}${others} untranslated`,
    };
  }
  const svcPort = svc.ports.find((p) => p.port === flow.port && p.protocol === flow.protocol);
  if (!svcPort) {
    const ports = svc.ports.map((p) => `${p.port}/${p.protocol}`).join(', ') || 'none';
    return { flow, error: `${errorSubject}, which has no ${flow.protocol} port ${flow.port} (its ports: ${ports})` };
  }
  if (!pod) return { flow, error: noBackendReason(cluster, svc) };
  let port = typeof svcPort.targetPort === 'number' ? svcPort.targetPort : Number.NaN;
  if (typeof svcPort.targetPort === 'string') {
    const named = pod.namedPorts.find((p) => p.name === String(svcPort.targetPort).toLowerCase() && p.protocol === flow.protocol);
    port = /^[0-9]+$/.test(svcPort.targetPort) ? Number(svcPort.targetPort) : named?.port ?? Number.NaN;
  }
  if (Number.isNaN(port)) {
    return { flow, error: `service ${svc.namespace}/${svc.name}: target port "${svcPort.targetPort}" is not a port of backend ${pod.namespace}/${pod.name}` };
  }
  const target: FlowEndpoint = { kind: 'pod', pod };
  return {
    flow: { ...flow, to: target, port },
    note: `${subject}: Cilium translates it to backend ${pod.namespace}/${pod.name}:${port}${others} before policy applies`,
  };
}
