/**
 * The engine in a Web Worker: the page never waits on it, whatever the cluster size.
 *
 * This entry is small on purpose: it takes requests at once and starts fetching the
 * workspace while the engine's code (./session.ts, most of the worker) is still loading,
 * so the download, the code's compilation and the page's own start overlap.
 */

import type { InputBundle } from '../../../src/policy/workspace.js';
import type { EngineRequest, EngineResponse } from './protocol.js';

const scope = self as unknown as { onmessage: ((e: MessageEvent<EngineRequest>) => void) | null; postMessage(m: EngineResponse, transfer?: Transferable[]): void };
/** ms since the epoch: the page turns it into its own clock (the worker's starts later) */
const now = () => performance.timeOrigin + performance.now();
const workerStartedAt = now();

let engineLoadedAt = 0;
const session = import('./session.js').then((m) => {
  engineLoadedAt = now();
  return new m.Session();
});

interface Fetched {
  readonly bundle: InputBundle | undefined;
  /** when it was asked for, downloaded, and decoded (epoch ms) */
  readonly timings: { readonly requestedAt: number; readonly downloadedAt: number; readonly decodedAt: number };
}

async function fetchBundle(url: string): Promise<Fetched> {
  const requestedAt = now();
  const res = await fetch(url, { cache: 'no-store' });
  const text = res.ok ? await res.text() : undefined;
  const downloadedAt = now();
  const bundle = text === undefined ? undefined : (JSON.parse(text) as InputBundle);
  return { bundle, timings: { requestedAt, downloadedAt, decodedAt: now() } };
}

async function run(req: EngineRequest, prefetched: Promise<Fetched> | undefined): Promise<unknown> {
  const s = await session;
  switch (req.method) {
    case 'load': return s.load(req.arg as EngineRequest<'load'>['arg']);
    case 'loadUrl': {
      const { bundle, timings } = await prefetched!;
      return bundle === undefined ? undefined : s.load(bundle, { ...timings, workerStartedAt, engineLoadedAt });
    }
    case 'bundle': return s.inputs();
    case 'graphNodes': return s.graphNodes();
    case 'graphEdges': return s.graphEdges();
    case 'endpoint': return s.endpoint(req.arg as number);
    case 'choices': return s.choices();
    case 'trace': return s.trace(req.arg as EngineRequest<'trace'>['arg']);
    case 'matrix': return s.matrix();
    case 'lint': return s.lint();
    case 'policySource': { const a = req.arg as EngineRequest<'policySource'>['arg']; return s.policySource(a.key, a.path); }
    case 'check': { const a = req.arg as EngineRequest<'check'>['arg']; return s.check(a.key, a.text); }
    case 'diff': { const a = req.arg as EngineRequest<'diff'>['arg']; return s.diff(a.key, a.text); }
    case 'download': { const a = req.arg as EngineRequest<'download'>['arg']; return s.download(a.key, a.text); }
  }
  throw new Error(`unknown request ${String((req as { method: unknown }).method)}`);
}

/** The typed arrays of an answer, moved to the page rather than copied. */
function transferables(value: unknown): Transferable[] {
  if (!value || typeof value !== 'object') return [];
  const out: Transferable[] = [];
  for (const v of Object.values(value)) if (ArrayBuffer.isView(v) && !out.includes(v.buffer)) out.push(v.buffer);
  return out;
}

// one request at a time, in order (a load must finish before the questions about it)
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e) => {
  const req = e.data;
  // the download starts now, not when the requests before it are answered
  const prefetched = req.method === 'loadUrl' ? fetchBundle(req.arg as string) : undefined;
  // (a failed download is answered in order, by run)
  prefetched?.catch(() => undefined);
  queue = queue.then(() => answer(req, prefetched));
};

async function answer(req: EngineRequest, prefetched: Promise<Fetched> | undefined): Promise<void> {
  try {
    const value = await run(req, prefetched);
    scope.postMessage({ id: req.id, ok: true, value }, transferables(value));
  } catch (err) {
    scope.postMessage({ id: req.id, ok: false, error: (err as Error).stack ?? String(err) });
  }
}
