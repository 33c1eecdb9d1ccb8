/**
 * A larger cluster in the shape of a shared workload (../shared/bench/workload-10k by default):
 * its business namespaces, with their pods and namespaced policies, are replicated until the
 * cluster has about --pods pods and --identities pod identities; the platform namespaces
 * (kube-system, tier=platform), the cluster-wide policies and the FQDN names stay as they are,
 * as in a real cluster where one platform team serves more application teams. Each replica:
 *
 * - its namespaces are `<name>-r<i>` (labels kept: a team owns several namespaces), and every
 *   namespace reference of its policies (`k8s:io.kubernetes.pod.namespace`,
 *   `kubernetes.io/metadata.name`, metadata.namespace) points at the replica's namespace;
 * - the public prefixes its policies name (partner networks, block lists) move to other
 *   addresses (second octet shifted, aligned, so excepts stay inside their prefix): CIDR
 *   identities grow with the cluster; private ranges and cloud metadata stay shared;
 * - pods get fresh addresses (10.244.0.0/14 onwards) and one node of the replica's ten;
 * - with more pods than replicas need, each pod gets copies (same labels, so the same
 *   identity), their number and nodes drawn from the seed.
 *
 * lookups.yaml is the template's recipe mapped onto every replica (endpoints and pod peers of
 * each replica, shifted prefixes added), drawn with --seed. Output is JSON Lists (what
 * `kubectl get -o json` writes; --format yaml for multi-document YAML) in a directory that is
 * never committed (default .scratch/workload-<pods>, ignored by git).
 *
 *   npx tsx bench/generate-workload.ts --pods 100000 [--identities 5000] [--seed 1]
 *                                      [--template DIR] [--out DIR] [--format json|yaml]
 */

import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { Cluster, type K8sObject } from '../src/cluster/index.js';
import { readWorkspace } from '../src/io/workspace.js';
import { mulberry32 } from '../tools/prng.js';
import type { LookupRecipe } from './lookups.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface GenerateOptions {
  readonly pods: number;
  /** pod identities wanted (default: grow like the pods) */
  readonly identities?: number | undefined;
  readonly seed: number;
  readonly template: string;
  readonly out: string;
  readonly format: 'json' | 'yaml';
}

export interface GeneratedSummary {
  readonly generator: string;
  readonly template: string;
  readonly replicas: number;
  readonly namespaces: number;
  readonly nodes: number;
  readonly pods: number;
  readonly podIdentities: number;
  readonly ciliumNetworkPolicies: number;
  readonly ciliumClusterwideNetworkPolicies: number;
  readonly networkPolicies: number;
  readonly policyPrefixes: number;
  readonly dnsNames: number;
  readonly lookups: { count: number; endpoints: number; peers: number; ports: number };
}

const NAMESPACE_KEYS = new Set(['k8s:io.kubernetes.pod.namespace', 'io.kubernetes.pod.namespace', 'any:io.kubernetes.pod.namespace', 'kubernetes.io/metadata.name']);
const NODES_PER_REPLICA = 10;

/** Whether an IPv4 address is public (private, shared and link-local ranges stay put). */
function isPublic(a: number, b: number): boolean {
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b < 32) return false;
  if (a === 192 && b === 168) return false;
  if (a === 100 && b >= 64 && b < 128) return false;
  return true;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$/;

/** A public address or prefix (length >= 16) with its second octet moved by `shift`. */
export function shiftPublic(text: string, shift: number): string {
  const m = IPV4.exec(text);
  if (!m || shift === 0) return text;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (!isPublic(a, b) || (m[6] !== undefined && Number(m[6]) < 16)) return text;
  return `${a}.${(b + shift) % 256}.${m[3]}.${m[4]}${m[5] ?? ''}`;
}

/** A deep copy of a policy (or part of one) placed in replica namespaces. */
function rewrite(value: unknown, rename: (ns: string) => string, shift: number, key?: string): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && NAMESPACE_KEYS.has(key)) return rename(value);
    return shiftPublic(value, shift);
  }
  if (Array.isArray(value)) return value.map((v) => rewrite(v, rename, shift, key));
  if (!isObj(value)) return value;
  const out: Obj = {};
  const expressionKey = typeof value.key === 'string' && NAMESPACE_KEYS.has(value.key) && Array.isArray(value.values) ? value.key : undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'namespace' && typeof v === 'string') out[k] = rename(v);
    else if (k === 'values' && expressionKey) out[k] = rewrite(v, rename, shift, expressionKey);
    else out[k] = rewrite(v, rename, shift, k);
  }
  return out;
}

function podIp(n: number): string {
  // 10.244.0.0/14 and up: 262,144 addresses per /14
  return `10.${244 + (n >>> 16)}.${(n >>> 8) & 255}.${n & 255}`;
}

function writeObjects(file: string, objects: readonly unknown[], format: 'json' | 'yaml'): void {
  const fd = openSync(file, 'w');
  try {
    if (format === 'json') {
      writeSync(fd, '{"apiVersion":"v1","kind":"List","items":[\n');
      objects.forEach((o, i) => writeSync(fd, (i > 0 ? ',\n' : '') + JSON.stringify(o)));
      writeSync(fd, '\n]}\n');
    } else {
      for (const o of objects) writeSync(fd, `---\n${stringify(o, { version: '1.1', flowCollectionPadding: false })}`);
    }
  } finally {
    closeSync(fd);
  }
}

function templateFile(dir: string, base: string): string {
  for (const ext of ['.yaml', '.json']) if (existsSync(join(dir, base + ext))) return join(dir, base + ext);
  throw new Error(`${dir}: no ${base}.yaml or ${base}.json`);
}

export function generateWorkload(options: GenerateOptions): GeneratedSummary {
  const rand = mulberry32(options.seed);
  const ws = readWorkspace(['namespaces', 'nodes', 'pods', 'policies'].map((b) => templateFile(options.template, b)));
  const values = ws.objects.map((o) => o.value as Obj);
  const of = (kind: string) => values.filter((v) => v.kind === kind);
  const meta = (v: Obj) => (isObj(v.metadata) ? v.metadata : {}) as Obj;
  const namespaces = of('Namespace');
  const platform = new Set(
    namespaces
      .filter((n) => meta(n).name === 'kube-system' || (isObj(meta(n).labels) && (meta(n).labels as Obj).tier === 'platform'))
      .map((n) => String(meta(n).name)),
  );
  const isBusiness = (ns: unknown) => typeof ns === 'string' && !platform.has(ns);
  const pods = of('Pod');
  const templateCluster = Cluster.build(ws.objects).cluster;
  const businessIds = templateCluster.podIdentities().filter((i) => isBusiness(i.namespace)).length;
  const platformIds = templateCluster.podIdentities().length - businessIds;
  const businessPods = pods.filter((p) => isBusiness(meta(p).namespace));
  const platformPods = pods.length - businessPods.length;
  const wantedIds = options.identities ?? Math.round(((platformIds + businessIds) * options.pods) / pods.length);
  const replicas = Math.max(1, Math.round((wantedIds - platformIds) / businessIds));
  const copiesPerPod = Math.max(1, (options.pods - platformPods) / (replicas * businessPods.length));

  // distinct second-octet shifts per replica (replica 0 is the template itself)
  const shifts = [0];
  const used = new Set([0]);
  for (let r = 1; r < replicas; r++) {
    let s = 1 + (rand() % 255);
    while (used.has(s) && used.size < 256) s = 1 + (rand() % 255);
    used.add(s);
    shifts.push(s);
  }
  const renamer = (r: number) => (ns: string) => (r === 0 || !isBusiness(ns) ? ns : `${ns}-r${r}`);

  const outNamespaces: unknown[] = namespaces.filter((n) => !isBusiness(meta(n).name));
  for (let r = 0; r < replicas; r++) {
    for (const n of namespaces) {
      if (!isBusiness(meta(n).name)) continue;
      const copy = structuredClone(n);
      const name = renamer(r)(String(meta(n).name));
      (copy.metadata as Obj).name = name;
      const labels = (isObj((copy.metadata as Obj).labels) ? (copy.metadata as Obj).labels : ((copy.metadata as Obj).labels = {})) as Obj;
      labels['kubernetes.io/metadata.name'] = name;
      outNamespaces.push(copy);
    }
  }

  const templateNodes = of('Node');
  const nodeCount = templateNodes.length > 0 ? Math.max(templateNodes.length, replicas * NODES_PER_REPLICA) : 0;
  const nodeNames = Array.from({ length: nodeCount }, (_, i) => `node-${String(i + 1).padStart(2, '0')}`);
  const nodeIps = nodeNames.map((_, i) => `192.168.${10 + (i >>> 8)}.${(i & 255) + 1}`);
  const outNodes = nodeNames.map((name, i) => {
    const t = structuredClone(templateNodes[i % templateNodes.length]!);
    const m = t.metadata as Obj;
    m.name = name;
    if (isObj(m.labels)) (m.labels as Obj)['kubernetes.io/hostname'] = name;
    const cidr = `10.${248 + (i >>> 8)}.${i & 255}.0/24`;
    t.spec = { ...(isObj(t.spec) ? t.spec : {}), podCIDR: cidr, podCIDRs: [cidr] };
    t.status = { ...(isObj(t.status) ? t.status : {}), addresses: [{ type: 'InternalIP', address: nodeIps[i] }, { type: 'Hostname', address: name }] };
    return t;
  });
  const nodeIndex = new Map(templateNodes.map((n, i) => [String(meta(n).name), i]));

  let ipCounter = 1;
  const outPods: unknown[] = [];
  const emitPod = (p: Obj, ns: string, name: string, node: number | undefined) => {
    const copy = structuredClone(p);
    const m = copy.metadata as Obj;
    m.namespace = ns;
    m.name = name;
    const spec = (isObj(copy.spec) ? copy.spec : (copy.spec = {})) as Obj;
    const status = (isObj(copy.status) ? copy.status : (copy.status = {})) as Obj;
    if (node !== undefined && nodeCount > 0) {
      spec.nodeName = nodeNames[node];
      status.hostIP = nodeIps[node];
    }
    if (spec.hostNetwork === true) {
      status.podIP = status.hostIP;
      status.podIPs = [{ ip: status.hostIP }];
    } else {
      const ip = podIp(ipCounter++);
      status.podIP = ip;
      status.podIPs = [{ ip }];
    }
    outPods.push(copy);
  };
  for (const p of pods) {
    if (isBusiness(meta(p).namespace)) continue;
    const node = nodeIndex.get(String((p.spec as Obj | undefined)?.nodeName));
    emitPod(p, String(meta(p).namespace), String(meta(p).name), node);
  }
  const whole = Math.floor(copiesPerPod);
  const fraction = copiesPerPod - whole;
  for (let r = 0; r < replicas; r++) {
    const rename = renamer(r);
    for (const p of businessPods) {
      const ns = rename(String(meta(p).namespace));
      const name = String(meta(p).name);
      const templateNode = nodeIndex.get(String((p.spec as Obj | undefined)?.nodeName)) ?? 0;
      const copies = whole + (rand() / 4294967296 < fraction ? 1 : 0);
      for (let c = 0; c < copies; c++) {
        const node = c === 0 ? r * NODES_PER_REPLICA + (templateNode % NODES_PER_REPLICA) : rand() % nodeCount;
        emitPod(p, ns, c === 0 ? name : `${name}-${c}`, node % Math.max(1, nodeCount));
      }
    }
  }

  const policies = values.filter((v) => v.kind === 'CiliumNetworkPolicy' || v.kind === 'CiliumClusterwideNetworkPolicy' || v.kind === 'NetworkPolicy');
  const outPolicies: unknown[] = [];
  for (const p of policies) if (!isBusiness(meta(p).namespace)) outPolicies.push(p);
  for (let r = 0; r < replicas; r++) {
    for (const p of policies) if (isBusiness(meta(p).namespace)) outPolicies.push(r === 0 ? p : rewrite(p, renamer(r), shifts[r]!));
  }

  // the lookup recipe on every replica
  const recipe = parse(readFileSync(join(options.template, 'lookups.yaml'), 'utf8')) as LookupRecipe;
  const perReplica = (ref: string): string[] => {
    const slash = ref.indexOf('/');
    const ns = ref.slice(0, slash);
    if (!isBusiness(ns)) return [ref];
    return Array.from({ length: replicas }, (_, r) => `${renamer(r)(ns)}/${ref.slice(slash + 1)}`);
  };
  const endpoints = recipe.endpoints.flatMap(perReplica);
  const peers: Record<string, string>[] = [];
  const seenPeer = new Set<string>();
  const addPeer = (p: Record<string, string>) => {
    const key = JSON.stringify(p);
    if (!seenPeer.has(key)) { seenPeer.add(key); peers.push(p); }
  };
  for (const p of recipe.peers) {
    if (p.pod !== undefined) for (const ref of perReplica(p.pod)) addPeer({ pod: ref });
    else if (p.cidr !== undefined) for (const s of shifts) addPeer({ cidr: shiftPublic(p.cidr, s) });
    else addPeer(p);
  }
  const lookups: LookupRecipe = { seed: options.seed, count: recipe.count, endpoints, peers, ports: recipe.ports };

  mkdirSync(options.out, { recursive: true });
  const ext = options.format === 'json' ? 'json' : 'yaml';
  writeObjects(join(options.out, `namespaces.${ext}`), outNamespaces, options.format);
  writeObjects(join(options.out, `nodes.${ext}`), outNodes, options.format);
  writeObjects(join(options.out, `pods.${ext}`), outPods, options.format);
  writeObjects(join(options.out, `policies.${ext}`), outPolicies, options.format);
  writeFileSync(join(options.out, 'dns.yaml'), readFileSync(join(options.template, 'dns.yaml')));
  const generator = `bench/generate-workload.ts --pods ${options.pods}${options.identities ? ` --identities ${options.identities}` : ''} --seed ${options.seed} --template ${options.template}`;
  writeFileSync(
    join(options.out, 'lookups.yaml'),
    `# Generated by ${generator}\n# The template's recipe (see its lookups.yaml) mapped onto every replica.\n${stringify(lookups, { version: '1.1' })}`,
  );

  const generated = Cluster.build((outPods as unknown[]).concat(outNamespaces, outNodes).map((value): K8sObject => ({ value: value as Obj }))).cluster;
  const prefixes = new Set<string>();
  const collect = (v: unknown, key?: string): void => {
    if (typeof v === 'string') { if ((key === 'cidr' || key === 'except' || key === 'toCIDR' || key === 'fromCIDR' || key === 'cidrs') && IPV4.test(v)) prefixes.add(v); return; }
    if (Array.isArray(v)) { v.forEach((x) => collect(x, key)); return; }
    if (isObj(v)) for (const [k, x] of Object.entries(v)) collect(x, k === 'ipBlock' ? 'cidr' : k);
  };
  outPolicies.forEach((p) => collect(p));
  const count = (kind: string) => outPolicies.filter((p) => (p as Obj).kind === kind).length;
  const summary: GeneratedSummary = {
    generator,
    template: options.template,
    replicas,
    namespaces: outNamespaces.length,
    nodes: outNodes.length,
    pods: outPods.length,
    podIdentities: generated.podIdentities().length,
    ciliumNetworkPolicies: count('CiliumNetworkPolicy'),
    ciliumClusterwideNetworkPolicies: count('CiliumClusterwideNetworkPolicy'),
    networkPolicies: count('NetworkPolicy'),
    policyPrefixes: prefixes.size,
    dnsNames: Object.keys((parse(readFileSync(join(options.template, 'dns.yaml'), 'utf8')) ?? {}) as Obj).length,
    lookups: { count: lookups.count, endpoints: endpoints.length, peers: peers.length, ports: lookups.ports.length },
  };
  writeFileSync(join(options.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args[i + 1];
  };
  const usage = 'usage: npx tsx bench/generate-workload.ts --pods N [--identities N] [--seed N] [--template DIR] [--out DIR] [--format json|yaml]';
  const pods = Number(value('--pods'));
  if (!Number.isInteger(pods) || pods <= 0 || args.includes('--help')) {
    console.error(usage);
    process.exit(args.includes('--help') ? 0 : 2);
  }
  const root = fileURLToPath(new URL('..', import.meta.url));
  const template = resolve(value('--template') ?? join(root, '..', 'shared', 'bench', 'workload-10k'));
  if (!existsSync(join(template, 'lookups.yaml'))) {
    console.error(`no workload template at ${template} (expected the shared workloads in ../shared/bench next to this checkout; or pass --template DIR)`);
    process.exit(2);
  }
  const format = value('--format') ?? 'json';
  if (format !== 'json' && format !== 'yaml') { console.error(usage); process.exit(2); }
  const identities = value('--identities') === undefined ? undefined : Number(value('--identities'));
  const summary = generateWorkload({
    pods,
    identities,
    seed: Number(value('--seed') ?? 1),
    template,
    out: resolve(value('--out') ?? join(root, '.scratch', `workload-${pods}`)),
    format,
  });
  console.log(JSON.stringify(summary, null, 2));
}
