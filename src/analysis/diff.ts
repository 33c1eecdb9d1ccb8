/**
 * Semantic diff of two policy sets over one cluster: the flows (identity pairs x ports, and
 * the L7 rules on allowed connections) that NEW allows and OLD denied, and the reverse, each
 * with the rules responsible on both sides.
 */

import type { Identity, K8sObject, ReservedName } from '../cluster/index.js';
import type { FlowEndpoint, FlowVerdict, Row } from '../engine/index.js';
import { PortList } from '../engine/index.js';
import { explainFlow, type FlowExplanation } from '../explain/index.js';
import { formatPrefix, parseIp, protocolNumber, type Prefix } from '../net/index.js';
import { isPolicyObject } from '../policy/load.js';
import { matchesGroupFilter, mentionedPorts, type GroupFilter, type MatrixPort } from './matrix.js';
import { buildModel, type Model, type ModelOptions } from './model.js';

export interface DiffGroup {
  /** stable across both sides: `prod:app=web`, `world`, `cidr:10.0.0.0/8`, `fqdn:api.example.com` */
  readonly name: string;
  readonly kind: 'pods' | 'entity' | 'cidr' | 'fqdn';
  readonly pods: readonly string[];
  /** the endpoint each side evaluates for this group */
  endpoint(model: Model): { endpoint: FlowEndpoint; identity: Identity } | undefined;
}

export type ChangeKind = 'new-allow' | 'new-deny' | 'l7-change';

export interface DiffChange {
  readonly kind: ChangeKind;
  readonly from: string;
  readonly to: string;
  readonly ports: readonly string[];
  /** the verdict of a representative flow on each side, explained */
  readonly old: FlowExplanation;
  readonly new: FlowExplanation;
  /** L7 changes: the request rules on each side (`*` = every request) */
  readonly oldL7?: string | undefined;
  readonly newL7?: string | undefined;
}

export interface PolicyDiff {
  readonly changes: readonly DiffChange[];
  readonly counts: { readonly newAllow: number; readonly newDeny: number; readonly l7Change: number };
  readonly pairs: number;
  readonly ports: readonly MatrixPort[];
  readonly oldModel: Model;
  readonly newModel: Model;
}

export interface DiffOptions extends ModelOptions {
  readonly from?: GroupFilter | undefined;
  readonly to?: GroupFilter | undefined;
  readonly entities?: readonly ReservedName[] | undefined;
}

function podGroup(identity: Identity): DiffGroup {
  const name = identity.name;
  return {
    name,
    kind: 'pods',
    pods: identity.pods.map((p) => `${p.namespace}/${p.name}`),
    endpoint: (model) => {
      const pod = identity.pods[0] && model.cluster.pod(identity.pods[0].namespace, identity.pods[0].name);
      const id = pod && model.cluster.identityOf(pod);
      return pod && id ? { endpoint: { kind: 'pod', pod }, identity: id } : undefined;
    },
  };
}

function entityGroup(entity: ReservedName): DiffGroup {
  return {
    name: entity,
    kind: 'entity',
    pods: [],
    endpoint: (model) => ({ endpoint: { kind: 'entity', entity }, identity: model.cluster.identities.entity(entity) }),
  };
}

function cidrGroup(prefix: Prefix): DiffGroup {
  return {
    name: `cidr:${formatPrefix(prefix)}`,
    kind: 'cidr',
    pods: [],
    endpoint: (model) => {
      const identity = model.cluster.identities.world(prefix);
      return { endpoint: { kind: 'identity', identity }, identity };
    },
  };
}

function fqdnGroup(name: string, address: string): DiffGroup {
  return {
    name: `fqdn:${name}`,
    kind: 'fqdn',
    pods: [],
    endpoint: (model) => {
      const ip = parseIp(address);
      if (!ip) return undefined;
      return { endpoint: { kind: 'ip', ip }, identity: model.engine.ipcache.identityFor(ip, model.cluster.nodes[0]?.name ?? '') };
    },
  };
}

/** The request rules an allowed connection is filtered by, as comparable text (`*` = none). */
function l7Profile(rows: readonly Row[]): string {
  if (rows.length === 0) return '';
  const proxied = rows.some((r) => r.policy.l7);
  if (!proxied) return '*';
  if (rows.some((r) => !r.policy.l7 || r.policy.l7.allowAll)) return '* (an allow without L7 rules covers it)';
  const rules = new Set<string>();
  for (const r of rows) {
    for (const h of r.policy.l7?.http ?? []) rules.add(`http ${h.text}`);
    for (const d of r.policy.l7?.dns ?? []) rules.add(`dns ${d.text}`);
  }
  return [...rules].sort().join('; ');
}

/** Splits manifests into cluster objects and policies. */
export function splitPolicies(objects: readonly K8sObject[]): { cluster: K8sObject[]; policies: K8sObject[] } {
  const cluster: K8sObject[] = [];
  const policies: K8sObject[] = [];
  for (const o of objects) (isPolicyObject(o) ? policies : cluster).push(o);
  return { cluster, policies };
}

export function diffPolicies(
  clusterObjects: readonly K8sObject[],
  oldPolicies: readonly K8sObject[],
  newPolicies: readonly K8sObject[],
  options: DiffOptions = {},
): PolicyDiff {
  const oldModel = buildModel([...clusterObjects, ...oldPolicies], options);
  const newModel = buildModel([...clusterObjects, ...newPolicies], options);
  // groups: identities of the cluster (equal on both sides), entities, prefixes and names either side uses
  const pods = newModel.cluster.podIdentities().sort((a, b) => a.name.localeCompare(b.name));
  const prefixes = new Map<string, Prefix>();
  for (const m of [oldModel, newModel]) for (const p of m.engine.policyPrefixes) prefixes.set(formatPrefix(p), p);
  const fqdns = new Map<string, string>();
  for (const m of [oldModel, newModel]) for (const [name, ips] of m.engine.ipcache.fqdnCache.answers) if (ips[0]) fqdns.set(name, ips[0]);
  const external: DiffGroup[] = [
    ...(options.entities ?? ['world', 'host', 'remote-node', 'kube-apiserver']).map(entityGroup),
    ...[...prefixes.values()].map(cidrGroup),
    ...[...fqdns.entries()].map(([n, ip]) => fqdnGroup(n, ip)),
  ];
  const sources = [...pods.filter((i) => matchesGroupFilter(i, options.from)).map(podGroup), ...(options.from ? [] : external)];
  const destinations = [...pods.filter((i) => matchesGroupFilter(i, options.to)).map(podGroup), ...(options.to ? [] : external)];
  const portMap = new Map<string, MatrixPort>();
  for (const p of [...mentionedPorts(oldModel), ...mentionedPorts(newModel)]) portMap.set(p.label, p);
  const ports = [...portMap.values()];
  const list = new PortList(ports.map((p) => ({ proto: protocolNumber(p.protocol), port: p.port })));
  const column = ports.map((p) => list.lowerBound(protocolNumber(p.protocol), p.port));

  const sideCodes = (model: Model, src: DiffGroup, dst: DiffGroup, out: { e: Uint8Array; i: Uint8Array }) => {
    const s = src.endpoint(model);
    const d = dst.endpoint(model);
    if (!s || !d) return false;
    if (src.kind === 'pods') model.engine.policyOf(s.identity).egress.portCodes(d.identity, list, out.e);
    else out.e.fill(1);
    if (dst.kind === 'pods') model.engine.policyOf(d.identity).ingress.portCodes(s.identity, list, out.i);
    else out.i.fill(1);
    return true;
  };
  const bufOld = { e: new Uint8Array(ports.length), i: new Uint8Array(ports.length) };
  const bufNew = { e: new Uint8Array(ports.length), i: new Uint8Array(ports.length) };
  const changes: DiffChange[] = [];
  let pairs = 0;
  const explainPair = (model: Model, src: DiffGroup, dst: DiffGroup, port: MatrixPort): { v: FlowVerdict; x: FlowExplanation } => {
    const v = model.engine.evaluate({ from: src.endpoint(model)!.endpoint, to: dst.endpoint(model)!.endpoint, protocol: port.protocol, port: port.port });
    return { v, x: explainFlow(v) };
  };
  for (const src of sources) {
    for (const dst of destinations) {
      if (src.kind !== 'pods' && dst.kind !== 'pods') continue;
      if (src === dst && src.pods.length === 1) continue;
      if (!sideCodes(oldModel, src, dst, bufOld) || !sideCodes(newModel, src, dst, bufNew)) continue;
      pairs++;
      const grouped = new Map<ChangeKind | string, { ports: string[]; port: MatrixPort; oldL7?: string; newL7?: string }>();
      ports.forEach((port, c) => {
        const i = column[c]!;
        const oldAllow = bufOld.e[i]! > 0 && bufOld.i[i]! > 0;
        const newAllow = bufNew.e[i]! > 0 && bufNew.i[i]! > 0;
        let kind: ChangeKind | undefined;
        let key: string | undefined;
        let oldL7: string | undefined;
        let newL7: string | undefined;
        if (oldAllow !== newAllow) kind = newAllow ? 'new-allow' : 'new-deny';
        else if (oldAllow && (bufOld.e[i] === 2 || bufOld.i[i] === 2 || bufNew.e[i] === 2 || bufNew.i[i] === 2)) {
          const o = explainPair(oldModel, src, dst, port).v;
          const n = explainPair(newModel, src, dst, port).v;
          oldL7 = [o.egress, o.ingress].map((s) => (s ? l7Profile(s.l4.deciding) : '')).join(' | ');
          newL7 = [n.egress, n.ingress].map((s) => (s ? l7Profile(s.l4.deciding) : '')).join(' | ');
          if (oldL7 !== newL7) kind = 'l7-change';
        }
        if (!kind) return;
        key = kind === 'l7-change' ? `${kind}|${oldL7}|${newL7}` : kind;
        const g = grouped.get(key) ?? { ports: [], port, oldL7, newL7 };
        g.ports.push(port.label);
        grouped.set(key, g);
      });
      for (const [key, g] of grouped) {
        const kind = key.split('|')[0] as ChangeKind;
        changes.push({
          kind,
          from: src.name,
          to: dst.name,
          ports: g.ports,
          old: explainPair(oldModel, src, dst, g.port).x,
          new: explainPair(newModel, src, dst, g.port).x,
          oldL7: g.oldL7,
          newL7: g.newL7,
        });
      }
    }
  }
  const count = (k: ChangeKind) => changes.filter((c) => c.kind === k).reduce((n, c) => n + c.ports.length, 0);
  return {
    changes,
    counts: { newAllow: count('new-allow'), newDeny: count('new-deny'), l7Change: count('l7-change') },
    pairs,
    ports,
    oldModel,
    newModel,
  };
}
