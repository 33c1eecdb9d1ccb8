/**
 * The engine starts before the app's code: main.tsx calls bootEngine() first and loads the
 * app (React, Cytoscape, CodeMirror) in parallel, so the worker downloads the workspace and
 * builds the model while the page is still compiling its own code.
 */

import { EngineClient } from '../worker/client.js';
import { mark } from './timings.js';
import type { GraphEdges, GraphNodes, LoadSummary } from '../worker/protocol.js';
import type { InputBundle } from '../../../src/policy/workspace.js';

/** What is loaded: inputs held by the page, or workspace.json that the worker fetches itself. */
export type Source = InputBundle | { readonly url: string };

/** A load's answers, asked for at once: the worker answers each as soon as it has it. */
export interface PendingLoad {
  readonly summary: Promise<LoadSummary | undefined>;
  readonly nodes: Promise<GraphNodes | undefined>;
  readonly edges: Promise<GraphEdges | undefined>;
}

export interface Booted {
  readonly engine: EngineClient;
  /** the manifests given to `membrane serve -f`, or exported beside the app */
  readonly workspace: Source;
  readonly initial: PendingLoad;
}

/** Asks for a workspace's load, its graph's nodes and its edges in one go (no round trip between them). */
export function requestLoad(engine: EngineClient, source: Source): PendingLoad {
  const summary = 'url' in source ? engine.call('loadUrl', source.url) : engine.call('load', source);
  const nodes = engine.call('graphNodes', null);
  const edges = engine.call('graphEdges', null);
  // (failures are reported through `summary`; the others must not be unhandled rejections)
  nodes.catch(() => undefined);
  edges.catch(() => undefined);
  return { summary, nodes, edges };
}

export function bootEngine(): Booted {
  mark('boot');
  const engine = new EngineClient();
  const workspace = { url: new URL('./workspace.json', location.href).href };
  return { engine, workspace, initial: requestLoad(engine, workspace) };
}
