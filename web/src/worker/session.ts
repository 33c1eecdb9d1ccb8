/**
 * The engine side of the web app: one loaded workspace and the answers the views ask for.
 * Runs in a Web Worker, on the same core modules as the CLI (nothing here re-implements
 * Cilium's semantics: it only composes src/ and shapes data for the page).
 */

import { Document, isMap, parseAllDocuments, stringify, type Node as YamlNode } from 'yaml';
import { diffPolicies, splitPolicies } from '../../../src/analysis/diff.js';
import { computeGraph, computeGraphNodes, type ConnectivityGraph } from '../../../src/analysis/graph.js';
import { lintModel } from '../../../src/analysis/lint/lint.js';
import type { Finding } from '../../../src/analysis/lint/finding.js';
import { buildModel, mergeDns, type Model } from '../../../src/analysis/model.js';
import { parseHttpRequest, parsePortSpec, traceFlow } from '../../../src/analysis/trace.js';
import { formatLocation, formatObjectRef, formatPath, type Diagnostic, type K8sObject, type PathSegment } from '../../../src/cluster/index.js';
import { policyView } from '../../../src/explain/index.js';
import { formatIp, formatPortRange, protocolName } from '../../../src/net/index.js';
import { formatPolicyRef, type PolicyKind } from '../../../src/policy/entry.js';
import { isPolicyObject, loadPolicies } from '../../../src/policy/load.js';
import { parseInputFile, workspaceFromParsed, type InputBundle, type Workspace } from '../../../src/policy/workspace.js';
import { parseText, splitYamlDocuments } from '../../../src/policy/yaml-source.js';
import { reasonOf } from '../../../src/report/diff-report.js';
import {
  edgeColumns,
  type DiagnosticView, type DiffAnswer, type Download, type EditorDiagnostic, type EndpointChoices, type EndpointDetails, type GraphEdges, type GraphNodes,
  type LoadSummary, type MatrixData, type PolicyInfo, type PolicySource, type TraceAnswer, type TraceQuery,
} from './protocol.js';

/** The name edited text is parsed under, so its diagnostics can be told apart. */
export const EDITOR_FILE = '(editor)';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function diagnosticView(d: Diagnostic): DiagnosticView {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    location: d.location && d.location.line > 0 ? formatLocation(d.location) : d.location?.file,
    file: d.location?.file,
    line: d.location?.line,
    column: d.location?.column,
    object: d.object ? formatObjectRef(d.object) : undefined,
    path: d.path && d.path.length > 0 ? formatPath(d.path) : undefined,
    hint: d.hint,
  };
}

/** `CiliumNetworkPolicy/default/name`, as load.ts names policies (namespace defaults to `default`). */
export function policyKey(obj: K8sObject): string {
  const meta = isObj(obj.value.metadata) ? obj.value.metadata : {};
  const kind = obj.value.kind as PolicyKind;
  const namespace = kind === 'CiliumClusterwideNetworkPolicy' ? undefined : typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
  return formatPolicyRef({ kind, namespace, name: typeof meta.name === 'string' ? meta.name : '' });
}

/** `spec.ingress[0].toPorts[0]` -> ['spec', 'ingress', 0, 'toPorts', 0]. */
export function parseFieldPath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOfOffset(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The 1-based lines the value at `path` spans in a YAML text (the nearest existing parent). */
export function linesOfPath(text: string, path: readonly PathSegment[]): { from: number; to: number } | undefined {
  const docs = parseAllDocuments(text, { version: '1.1' });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) return undefined;
  let node: unknown = doc.contents;
  for (const seg of path) {
    const next = isMap(node) || (node && typeof node === 'object' && 'items' in (node as object))
      ? (node as { get(k: unknown, keep: boolean): unknown }).get(seg, true)
      : undefined;
    if (next === undefined || next === null) break;
    node = next;
  }
  const range = (node as YamlNode | null)?.range;
  if (!range) return undefined;
  const starts = lineStarts(text);
  // a value ends where its last line ends; the end offset may sit at the start of the next line
  const end = Math.max(range[0], range[1] - 1);
  return { from: lineOfOffset(starts, range[0]), to: lineOfOffset(starts, end) };
}

interface PolicyObject {
  readonly info: PolicyInfo;
  readonly object: K8sObject;
}

/** Where a policy's text is: its own YAML document, or a value inside another document. */
interface PolicyPlace {
  readonly file: string;
  readonly mode: 'document' | 'extracted';
  /** document mode: the document's offsets in the file (without its `---` line) */
  readonly start?: number;
  readonly end?: number;
  readonly text: string;
}

function rowPortText(proto: number, from: number, to: number): string {
  if (proto === 0) return 'any';
  return `${from === 0 && to === 65535 ? 'any' : formatPortRange({ from, to })}/${protocolName(proto)}`;
}

export class Session {
  private texts = new Map<string, string>();
  private workspace!: Workspace;
  private current: Model | undefined;
  private get model(): Model {
    if (!this.current) throw new Error('no workspace is loaded');
    return this.current;
  }
  private dns: { answers: Record<string, string[]>; mode: 'shared' | 'learn' } = { answers: {}, mode: 'shared' };
  private policies = new Map<string, PolicyObject>();
  private graphCache: ConnectivityGraph | undefined;
  private lintCache: Finding[] | undefined;

  private bundle: InputBundle = { files: [] };

  inputs(): InputBundle {
    return this.bundle;
  }

  /** `fetched`: when the bundle was asked for, downloaded and decoded (epoch ms), for the page's timeline */
  load(bundle: InputBundle, fetched?: LoadSummary['timings']['fetched']): LoadSummary {
    const started = performance.now();
    this.bundle = bundle;
    this.texts = new Map(bundle.files.map((f) => [f.name, f.text]));
    this.workspace = workspaceFromParsed(bundle.files.map((f) => ({ file: f.name, parsed: parseInputFile(f) })), bundle.unreadable ?? []);
    const parsedAt = performance.now();
    const answers = mergeDns(this.workspace.dns, (bundle.dns ?? {}) as Record<string, string[]>);
    // PolicyTest answers are what the resolver says; a cache file is what proxies saw (as the CLI decides)
    const mode = this.workspace.tests.length > 0 && !bundle.dns ? 'learn' : bundle.dnsMode ?? 'shared';
    this.dns = { answers, mode };
    this.current = buildModel(this.workspace.objects, { dns: this.dns, settings: this.workspace.settings });
    const modelAt = performance.now();
    this.graphCache = undefined;
    this.lintCache = undefined;
    const accepted = new Set(this.model.policies.accepted.map((p) => formatPolicyRef(p.ref)));
    // (no source positions here: finding one parses its document again, which 1,000 policies cannot afford at load)
    this.policies = new Map();
    for (const object of this.workspace.objects) {
      if (!isPolicyObject(object)) continue;
      const key = policyKey(object);
      const meta = isObj(object.value.metadata) ? object.value.metadata : {};
      this.policies.set(key, {
        object,
        info: {
          key,
          kind: String(object.value.kind),
          namespace: object.value.kind === 'CiliumClusterwideNetworkPolicy' ? undefined : typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default',
          name: typeof meta.name === 'string' ? meta.name : '',
          file: object.source?.file,
          status: accepted.has(key) ? 'accepted' : 'rejected',
        },
      });
    }
    const diagnostics = [...this.workspace.diagnostics, ...this.model.diagnostics].filter((d) => d.severity !== 'info');
    const pods = this.model.cluster.podIdentities();
    return {
      files: this.workspace.files,
      pods: this.model.cluster.pods.length,
      podIdentities: pods.length,
      namespaces: [...this.model.cluster.namespaces.keys()].sort(),
      accepted: this.model.policies.accepted.length,
      rejected: this.model.policies.rejected.length,
      tests: this.workspace.tests.length,
      diagnostics: diagnostics.slice(0, 500).map(diagnosticView),
      policies: [...this.policies.values()].map((p) => p.info).sort((a, b) => a.key.localeCompare(b.key)),
      loadMs: Math.round(performance.now() - started),
      timings: { parseMs: Math.round(parsedAt - started), modelMs: Math.round(modelAt - parsedAt), fetched, modelAt: performance.timeOrigin + modelAt },
    };
  }

  private graphModel(): ConnectivityGraph {
    this.graphCache ??= computeGraph(this.model);
    return this.graphCache;
  }

  /** The edges as typed-array columns (see GraphEdges). */
  graphEdges(): GraphEdges | undefined {
    if (!this.current) return undefined;
    const started = performance.now();
    const columns = edgeColumns(this.graphModel());
    const done = performance.now();
    return { ...columns, ms: Math.round(done - started), at: performance.timeOrigin + done };
  }

  graphNodes(): GraphNodes | undefined {
    if (!this.current) return undefined;
    const started = performance.now();
    const nodes = this.graphCache?.nodes ?? computeGraphNodes(this.model);
    const done = performance.now();
    return { nodes, ms: Math.round(done - started), at: performance.timeOrigin + done };
  }

  endpoint(id: number): EndpointDetails | undefined {
    const g = this.graphModel();
    const node = g.nodes.find((n) => n.id === id);
    const identity = this.model.cluster.identities.get(id);
    if (!node || !identity) return undefined;
    const lookup = (n: number) => this.model.cluster.identities.get(n);
    const policy = this.model.engine.policyOf(identity);
    const wildcard = (dir: 'ingress' | 'egress') =>
      node.kind === 'pods' && policy[dir].policy.enforced ? policy[dir].wildcardRows.filter((r) => r.deny).map((r) => rowPortText(r.proto, r.from, r.to)) : [];
    return {
      node,
      view: policyView(policy, lookup),
      egress: g.edges.filter((e) => e.from === id),
      ingress: g.edges.filter((e) => e.to === id),
      wildcardDenies: { ingress: wildcard('ingress'), egress: wildcard('egress') },
    };
  }

  choices(): EndpointChoices {
    const c = this.model.cluster;
    const services = c.services.map((s) => ({ ref: `service:${s.namespace}/${s.name}`, label: s.clusterIPs[0] ? `ClusterIP ${formatIp(s.clusterIPs[0])}` : 'service' }));
    return {
      pods: c.pods.map((p) => `pod:${p.namespace}/${p.name}`),
      nodes: c.nodes.map((n) => `node:${n.name}`),
      entities: ['world', 'kube-apiserver', 'host', 'remote-node', 'health', 'ingress', 'init', 'unmanaged'].map((e) => `entity:${e}`),
      fqdns: [...this.model.engine.ipcache.fqdnCache.answers.keys()].sort().map((n) => `fqdn:${n}`),
      services,
    };
  }

  trace(q: TraceQuery): TraceAnswer {
    const started = performance.now();
    const port = parsePortSpec(q.port.trim() || '80/TCP');
    if (typeof port === 'string') return { ok: false, field: 'port', error: port };
    let http;
    if (q.http && q.http.trim() !== '') {
      const parsed = parseHttpRequest(q.http, q.headers ?? [], q.host || undefined);
      if (typeof parsed === 'string') return { ok: false, field: 'http', error: parsed };
      http = parsed;
    }
    const result = traceFlow(this.model, {
      from: q.from.trim(),
      to: q.to.trim(),
      protocol: port.protocol,
      port: port.port,
      http,
      dnsQuery: q.dnsQuery?.trim() || undefined,
    });
    if (!result.ok) return result;
    const rejected = this.model.policies.rejected.length;
    const explanation = rejected > 0
      ? { ...result.explanation, notes: [...result.explanation.notes, `${rejected} polic${rejected === 1 ? 'y was' : 'ies were'} rejected and contribute nothing (see the lint view)`] }
      : result.explanation;
    return { ok: true, explanation, ms: Math.round((performance.now() - started) * 10) / 10 };
  }

  matrix(): MatrixData {
    const m = this.graphModel().matrix;
    const ref = (g: (typeof m.sources)[number]) => (g.kind === 'entity' ? `entity:${g.name}` : `pod:${g.pods[0] ?? ''}`);
    const P = m.ports.length;
    // copies: the answer's buffers are moved to the page, the model keeps its own
    const patterns = new Uint8Array(m.patterns.length * P);
    m.patterns.forEach((row, i) => patterns.set(row, i * P));
    return {
      sources: m.sources.map((g) => g.name),
      destinations: m.destinations.map((g) => g.name),
      sourcePods: m.sources.map((g) => g.pods.length),
      destinationPods: m.destinations.map((g) => g.pods.length),
      sourceRefs: m.sources.map(ref),
      destinationRefs: m.destinations.map(ref),
      ports: m.ports.map((p) => p.label),
      pairs: Uint32Array.from(m.pairs),
      patterns,
    };
  }

  lint(): readonly Finding[] {
    this.lintCache ??= lintModel(this.model);
    return this.lintCache;
  }

  /** Where a policy's text is, and the text to edit. */
  private place(key: string): PolicyPlace | undefined {
    const p = this.policies.get(key);
    if (!p) return undefined;
    const file = p.object.source?.file ?? '';
    const fileText = this.texts.get(file);
    const extracted: PolicyPlace = { file, mode: 'extracted', text: stringify(p.object.value, { version: '1.1' }) };
    const loc = p.object.source?.locate([]);
    if (fileText === undefined || !loc) return extracted;
    const first = fileText.trimStart()[0];
    if (first === '{' || first === '[') return extracted;
    // the YAML document holding the object: its own document when kind and name match
    const chunks = splitYamlDocuments(fileText);
    const starts = lineStarts(fileText);
    let chunkIndex = 0;
    for (let i = 0; i < chunks.length; i++) if (chunks[i]!.lineOffset < loc.line) chunkIndex = i;
    const chunk = chunks[chunkIndex]!;
    const docs = parseAllDocuments(chunk.text, { version: '1.1' });
    const doc = Array.isArray(docs) && docs.length === 1 ? docs[0] : undefined;
    const value = doc?.toJS() as unknown;
    const meta = isObj(value) && isObj(value.metadata) ? value.metadata : undefined;
    const own = p.object.value.metadata as Obj | undefined;
    if (!isObj(value) || value.kind !== p.object.value.kind || meta?.name !== own?.name || meta?.namespace !== own?.namespace) return extracted;
    let start = starts[chunk.lineOffset] ?? 0;
    const end = start + chunk.text.length;
    // leave the document marker line out of the editor
    const marker = /^---[^\n]*\n/.exec(chunk.text);
    if (marker) start += marker[0].length;
    return { file, mode: 'document', start, end, text: fileText.slice(start, end) };
  }

  policySource(key: string, path?: string): PolicySource | undefined {
    const place = this.place(key);
    if (!place) return undefined;
    const highlight = path ? linesOfPath(place.text, parseFieldPath(path)) : undefined;
    return { key, text: place.text, file: place.file || undefined, mode: place.mode, highlight };
  }

  /** Validation of edited text: YAML, the API server's schema, Cilium's sanitizer. */
  check(key: string, text: string): EditorDiagnostic[] {
    const parsed = parseText(text, EDITOR_FILE);
    const out: EditorDiagnostic[] = [];
    const add = (d: Diagnostic) => {
      if (d.severity === 'info') return;
      const loc = d.location?.file === EDITOR_FILE ? d.location : undefined;
      out.push({ severity: d.severity, code: d.code, message: d.hint ? `${d.message} (${d.hint})` : d.message, line: loc?.line ?? 1, column: loc?.column ?? 1 });
    };
    parsed.diagnostics.forEach(add);
    if (parsed.diagnostics.some((d) => d.severity === 'error')) return out;
    const policies = parsed.objects.filter(isPolicyObject);
    if (policies.length === 0) {
      out.push({ severity: 'error', code: 'editor.no-policy', message: 'no CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy or NetworkPolicy in the text', line: 1, column: 1 });
      return out;
    }
    for (const o of parsed.objects) {
      if (!isPolicyObject(o)) out.push({ severity: 'warning', code: 'editor.not-a-policy', message: `${String(o.value.kind)} is not a policy and is ignored here`, line: o.source?.locate([])?.line ?? 1, column: 1 });
    }
    loadPolicies(policies, this.model.cluster).diagnostics.forEach(add);
    const keys = policies.map(policyKey);
    if (!keys.includes(key)) {
      out.push({ severity: 'info', code: 'editor.renamed', message: `the text no longer defines ${key}: the diff treats it as removed and ${keys.join(', ')} as added`, line: 1, column: 1 });
    }
    return out;
  }

  /** The flows the edit newly allows or denies, against the loaded policies. */
  diff(key: string, text: string): DiffAnswer {
    const started = performance.now();
    const errors = this.check(key, text).filter((d) => d.severity === 'error').length;
    // an invalid policy is rejected whole (the API server or Cilium refuses it): its effect is not an edit's
    if (errors > 0) return { ok: false, error: `The edit has ${errors} error${errors === 1 ? '' : 's'}: Cilium would reject the policy whole. Fix ${errors === 1 ? 'it' : 'them'} to see what the edit changes.` };
    const parsed = parseText(text, EDITOR_FILE);
    const { cluster, policies } = splitPolicies(this.workspace.objects);
    const edited = parsed.objects.filter(isPolicyObject);
    const replaced = new Set([key, ...edited.map(policyKey)]);
    const kept = policies.filter((o) => !replaced.has(policyKey(o)));
    const d = diffPolicies(cluster, policies, [...kept, ...edited], { dns: this.dns, settings: this.workspace.settings });
    const rows = d.changes.map((c) => ({
      kind: c.kind,
      from: c.from,
      to: c.to,
      ports: c.ports,
      oldReason: reasonOf(c.old),
      newReason: reasonOf(c.new),
      oldL7: c.oldL7,
      newL7: c.newL7,
    }));
    return { ok: true, rows, counts: { ...d.counts }, pairs: d.pairs, ms: Math.round(performance.now() - started) };
  }

  /** The edited file: the document replaced in place, or the value replaced inside its List / PolicyTest. */
  download(key: string, text: string): Download | undefined {
    const place = this.place(key);
    const p = this.policies.get(key);
    if (!place || !p) return undefined;
    const base = (place.file.split('/').pop() || `${p.info.name}.yaml`).replace(/\.json$/, '.yaml');
    const fileText = this.texts.get(place.file);
    const body = text.endsWith('\n') ? text : `${text}\n`;
    if (place.mode === 'document' && fileText !== undefined && place.start !== undefined && place.end !== undefined) {
      return { filename: base, content: fileText.slice(0, place.start) + body + fileText.slice(place.end) };
    }
    const replaced = fileText !== undefined ? this.replaceNested(fileText, p.object, text) : undefined;
    return replaced !== undefined ? { filename: base, content: replaced } : { filename: `${p.info.name}.yaml`, content: body };
  }

  /** The file with one nested object (a List item, a PolicyTest resource) replaced by the edited YAML. */
  private replaceNested(fileText: string, object: K8sObject, text: string): string | undefined {
    const first = fileText.trimStart()[0];
    if (first === '{' || first === '[') return undefined;
    const editedDocs = parseAllDocuments(text, { version: '1.1' });
    const edited = Array.isArray(editedDocs) && editedDocs.length === 1 ? editedDocs[0] : undefined;
    if (!edited || edited.errors.length > 0) return undefined;
    const docs = parseAllDocuments(fileText, { version: '1.1' });
    if (!Array.isArray(docs)) return undefined;
    const target = object.value;
    for (const doc of docs) {
      const value = doc.toJS() as unknown;
      if (!isObj(value)) continue;
      for (const field of ['items', 'resources']) {
        const list = value[field];
        if (!Array.isArray(list)) continue;
        const i = list.findIndex((item) => JSON.stringify(item) === JSON.stringify(target));
        if (i === -1) continue;
        doc.setIn([field, i], edited.contents);
        return docs.map((d: Document) => d.toString({ lineWidth: 0 })).join('');
      }
    }
    return undefined;
  }
}
