/**
 * Service translation before policy: Cilium's load balancer rewrites a ClusterIP destination
 * to one of the service's backends (and the service port to the target port) before any
 * policy sees the packet, so a flow to a ClusterIP is evaluated to a backend.
 */

import { LabelSelector, equals, type Cluster, type PodInfo, type ServiceInfo } from '../cluster/index.js';
import type { FlowEndpoint, FlowSpec } from '../engine/index.js';
import { formatIp } from '../net/index.js';

export interface ServiceTranslation {
  readonly flow: FlowSpec;
  readonly note?: string | undefined;
  /** set when the ClusterIP has no backend: nothing answers, so the flow goes nowhere */
  readonly error?: string | undefined;
}

function backendPods(cluster: Cluster, svc: ServiceInfo): PodInfo[] {
  if (svc.selector) {
    const selector = new LabelSelector(Object.entries(svc.selector).map(([k, v]) => equals('any', k, v)));
    return cluster.pods.filter((p) => {
      if (p.namespace !== svc.namespace) return false;
      const labels = new Map(Object.entries(p.labels).map(([k, v]) => [k, { source: 'k8s', key: k, value: v }]));
      return selector.matches({ labels });
    });
  }
  const addresses = cluster.endpointSlices.filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name).flatMap((s) => s.addresses);
  return addresses.map((a) => cluster.ownerOf(a)).flatMap((o) => (o?.kind === 'pod' ? [o.pod] : []));
}

/** Rewrites a flow whose destination is a Service ClusterIP to its first backend. */
export function translateServiceDestination(cluster: Cluster, flow: FlowSpec): ServiceTranslation {
  const to = flow.to;
  if (to.kind !== 'ip') return { flow };
  const text = formatIp(to.ip);
  const svc = cluster.services.find((s) => s.clusterIPs.some((ip) => formatIp(ip) === text));
  if (!svc) return { flow };
  const svcPort = svc.ports.find((p) => p.port === flow.port && p.protocol === flow.protocol);
  if (!svcPort) {
    return { flow, error: `${text} is the ClusterIP of service ${svc.namespace}/${svc.name}, which has no ${flow.protocol} port ${flow.port}` };
  }
  const backends = backendPods(cluster, svc);
  const pod = backends[0];
  if (!pod) {
    return { flow, error: `service ${svc.namespace}/${svc.name} (${text}) has no backend pod in the input: the connection would go nowhere` };
  }
  let port = typeof svcPort.targetPort === 'number' ? svcPort.targetPort : Number.NaN;
  if (typeof svcPort.targetPort === 'string') {
    const named = pod.namedPorts.find((p) => p.name === String(svcPort.targetPort).toLowerCase() && p.protocol === flow.protocol);
    port = /^[0-9]+$/.test(svcPort.targetPort) ? Number(svcPort.targetPort) : named?.port ?? Number.NaN;
  }
  if (Number.isNaN(port)) {
    return { flow, error: `service ${svc.namespace}/${svc.name}: target port "${svcPort.targetPort}" is not a port of backend ${pod.namespace}/${pod.name}` };
  }
  const target: FlowEndpoint = { kind: 'pod', pod };
  const others = backends.length > 1 ? ` (1 of ${backends.length} backends; the others may differ only if their identities do)` : '';
  return {
    flow: { ...flow, to: target, port },
    note: `${text}:${flow.port} is service ${svc.namespace}/${svc.name}: Cilium translates it to backend ${pod.namespace}/${pod.name}:${port}${others} before policy applies`,
  };
}
