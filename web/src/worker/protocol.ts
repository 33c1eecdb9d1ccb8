/**
 * Messages between the page and the engine worker. Everything here is plain data (structured
 * clone); the engine objects stay in the worker.
 */

import type { ConnectivityGraph, EdgeKind, GraphNode } from '../../../src/analysis/graph.js';
import type { Finding } from '../../../src/analysis/lint/finding.js';
import type { FlowExplanation, PolicyView } from '../../../src/explain/index.js';
import type { InputBundle } from '../../../src/policy/workspace.js';

export interface DiagnosticView {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  /** `file:line:column` */
  readonly location?: string | undefined;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly object?: string | undefined;
  readonly path?: string | undefined;
  readonly hint?: string | undefined;
}

export interface PolicyInfo {
  /** `CiliumNetworkPolicy/default/app1-egress` */
  readonly key: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name: string;
  readonly file?: string | undefined;
  readonly status: 'accepted' | 'rejected';
}

export interface LoadSummary {
  readonly files: readonly string[];
  readonly pods: number;
  readonly podIdentities: number;
  readonly namespaces: readonly string[];
  readonly accepted: number;
  readonly rejected: number;
  readonly tests: number;
  readonly diagnostics: readonly DiagnosticView[];
  readonly policies: readonly PolicyInfo[];
  readonly loadMs: number;
  readonly timings: {
    readonly parseMs: number;
    readonly modelMs: number;
    /** epoch ms (the page converts them to its clock): workspace.json asked for, downloaded, decoded; the engine's code loaded */
    readonly fetched?: { readonly workerStartedAt: number; readonly requestedAt: number; readonly downloadedAt: number; readonly decodedAt: number; readonly engineLoadedAt: number } | undefined;
    /** epoch ms: the model built */
    readonly modelAt: number;
  };
}

export interface GraphEdgeView {
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
  readonly ports: readonly string[];
  readonly deniedBy?: readonly ('egress' | 'ingress')[] | undefined;
}

/** The graph's nodes: cheap, sent (and drawn) before the edges are computed. */
export interface GraphNodes {
  readonly nodes: readonly GraphNode[];
  readonly ms: number;
  /** epoch ms */
  readonly at: number;
}

export const EDGE_KINDS = ['allow', 'l7', 'deny'] as const;

/**
 * The graph's edges as columns of typed arrays (moved to the page, not copied: 500
 * identities make ~40,000 edges, which as objects cost more to clone than to compute).
 * Edge i goes from node id from[i] to to[i], of kind EDGE_KINDS[kind[i]], on the ports
 * portLists[ports[i]]; deniedBy[i] is 1 egress, 2 ingress, 3 both (deny edges).
 */
export interface GraphEdges {
  readonly count: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly kind: Uint8Array;
  readonly ports: Uint32Array;
  readonly deniedBy: Uint8Array;
  readonly portLists: readonly (readonly string[])[];
  /** the matrix ports the edges were computed on */
  readonly matrixPorts: readonly string[];
  readonly ms: number;
  /** epoch ms */
  readonly at: number;
}

/** What the graph view draws: the nodes, then the edges when the worker has them. */
export interface GraphData {
  readonly nodes: readonly GraphNode[];
  readonly edges: GraphEdges | undefined;
}

/** A graph's edges as columns (GraphEdges without its timings); edges of one matrix pattern share their port list. */
export function edgeColumns(g: ConnectivityGraph): Omit<GraphEdges, 'ms' | 'at'> {
  const n = g.edges.length;
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const kind = new Uint8Array(n);
  const ports = new Uint32Array(n);
  const deniedBy = new Uint8Array(n);
  const portLists: (readonly string[])[] = [];
  const listIndex = new Map<readonly string[], number>();
  const byText = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const e = g.edges[i]!;
    from[i] = e.from;
    to[i] = e.to;
    kind[i] = EDGE_KINDS.indexOf(e.kind);
    // (looked up by array first: the edges of one pattern hold the same array)
    let li = listIndex.get(e.ports);
    if (li === undefined) {
      const text = e.ports.join(' ');
      li = byText.get(text);
      if (li === undefined) {
        li = portLists.length;
        portLists.push(e.ports);
        byText.set(text, li);
      }
      listIndex.set(e.ports, li);
    }
    ports[i] = li;
    if (e.deniedBy) deniedBy[i] = (e.deniedBy.includes('egress') ? 1 : 0) | (e.deniedBy.includes('ingress') ? 2 : 0);
  }
  return { count: n, from, to, kind, ports, deniedBy, portLists, matrixPorts: g.ports.map((p) => p.label) };
}

/** Edge i of a GraphEdges as an object (for lists; the graph reads the columns). */
export function edgeAt(edges: GraphEdges, i: number): GraphEdgeView {
  const denied = edges.deniedBy[i]!;
  return {
    from: edges.from[i]!,
    to: edges.to[i]!,
    kind: EDGE_KINDS[edges.kind[i]!]!,
    ports: edges.portLists[edges.ports[i]!]!,
    deniedBy: denied === 0 ? undefined : [...(denied & 1 ? ['egress' as const] : []), ...(denied & 2 ? ['ingress' as const] : [])],
  };
}

export interface EndpointDetails {
  readonly node: GraphNode;
  readonly view: PolicyView;
  readonly egress: readonly GraphEdgeView[];
  readonly ingress: readonly GraphEdgeView[];
  /** deny entries for every peer (not drawn as edges) */
  readonly wildcardDenies: { readonly ingress: readonly string[]; readonly egress: readonly string[] };
}

export interface EndpointChoices {
  readonly pods: readonly string[];
  readonly nodes: readonly string[];
  readonly entities: readonly string[];
  readonly fqdns: readonly string[];
  readonly services: readonly { readonly ref: string; readonly label: string }[];
}

export interface TraceQuery {
  readonly from: string;
  readonly to: string;
  /** `80/TCP` */
  readonly port: string;
  /** `GET /products` */
  readonly http?: string | undefined;
  readonly headers?: readonly string[] | undefined;
  readonly host?: string | undefined;
  readonly dnsQuery?: string | undefined;
}

export type TraceAnswer =
  | { readonly ok: true; readonly explanation: FlowExplanation; readonly ms: number }
  | { readonly ok: false; readonly field: string; readonly error: string };

export interface MatrixData {
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  /** pods per source group (0 for entities) */
  readonly sourcePods: readonly number[];
  readonly destinationPods: readonly number[];
  /** endpoint references to trace a cell (`pod:ns/name`, `entity:world`) */
  readonly sourceRefs: readonly string[];
  readonly destinationRefs: readonly string[];
  readonly ports: readonly string[];
  /**
   * The cells, as the matrix holds them: pairs[s * destinations + d] is the index of the
   * pair's row of cells in `patterns` (ports codes each: 0 A, 1 L, 2 E, 3 I, 4 X, 5 -).
   * Equal pairs share a row: 500 x 500 identities take 0.5 MB, not 15 MB of cells.
   */
  readonly pairs: Uint32Array;
  readonly patterns: Uint8Array;
}

export interface PolicySource {
  readonly key: string;
  readonly text: string;
  readonly file?: string | undefined;
  /** document: the policy's own YAML document, as written; extracted: serialized from a List, PolicyTest or JSON */
  readonly mode: 'document' | 'extracted';
  /** 1-based lines of the highlighted rule */
  readonly highlight?: { readonly from: number; readonly to: number } | undefined;
}

export interface EditorDiagnostic {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** 1-based */
  readonly line: number;
  readonly column: number;
  readonly code: string;
}

export interface DiffRow {
  readonly kind: 'new-allow' | 'new-deny' | 'l7-change';
  readonly from: string;
  readonly to: string;
  readonly ports: readonly string[];
  readonly oldReason: string;
  readonly newReason: string;
  readonly oldL7?: string | undefined;
  readonly newL7?: string | undefined;
}

export type DiffAnswer =
  | { readonly ok: true; readonly rows: readonly DiffRow[]; readonly counts: { newAllow: number; newDeny: number; l7Change: number }; readonly pairs: number; readonly ms: number }
  | { readonly ok: false; readonly error: string };

export interface Download {
  readonly filename: string;
  readonly content: string;
}

/** Request name -> [argument, answer]. */
export interface EngineApi {
  load: [InputBundle, LoadSummary];
  /** fetch the inputs (workspace.json) in the worker: the page never parses or copies them */
  loadUrl: [string, LoadSummary | undefined];
  /** the inputs as loaded (to add dropped files to them) */
  bundle: [null, InputBundle];
  /** the nodes alone, to draw before the edges are computed (undefined: nothing loaded) */
  graphNodes: [null, GraphNodes | undefined];
  graphEdges: [null, GraphEdges | undefined];
  endpoint: [number, EndpointDetails | undefined];
  choices: [null, EndpointChoices];
  trace: [TraceQuery, TraceAnswer];
  matrix: [null, MatrixData];
  lint: [null, readonly Finding[]];
  policySource: [{ key: string; path?: string | undefined }, PolicySource | undefined];
  check: [{ key: string; text: string }, readonly EditorDiagnostic[]];
  diff: [{ key: string; text: string }, DiffAnswer];
  download: [{ key: string; text: string }, Download | undefined];
}

export type EngineMethod = keyof EngineApi;

export interface EngineRequest<M extends EngineMethod = EngineMethod> {
  readonly id: number;
  readonly method: M;
  readonly arg: EngineApi[M][0];
}

export type EngineResponse =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };
