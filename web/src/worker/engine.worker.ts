/** The engine in a Web Worker: the page never waits on it, whatever the cluster size. */

import type { InputBundle } from '../../../src/policy/workspace.js';
import type { EngineRequest, EngineResponse } from './protocol.js';
import { Session } from './session.js';

const session = new Session();
const scope = self as unknown as { onmessage: ((e: MessageEvent<EngineRequest>) => void) | null; postMessage(m: EngineResponse, transfer?: Transferable[]): void };

async function run(req: EngineRequest): Promise<unknown> {
  switch (req.method) {
    case 'load': return session.load(req.arg as EngineRequest<'load'>['arg']);
    case 'loadUrl': {
      const res = await fetch(req.arg as string, { cache: 'no-store' });
      if (!res.ok) return undefined;
      return session.load((await res.json()) as InputBundle);
    }
    case 'bundle': return session.inputs();
    case 'graph': return session.graph();
    case 'graphNodes': return session.graphNodes();
    case 'endpoint': return session.endpoint(req.arg as number);
    case 'choices': return session.choices();
    case 'trace': return session.trace(req.arg as EngineRequest<'trace'>['arg']);
    case 'matrix': return session.matrix();
    case 'lint': return session.lint();
    case 'policySource': { const a = req.arg as EngineRequest<'policySource'>['arg']; return session.policySource(a.key, a.path); }
    case 'check': { const a = req.arg as EngineRequest<'check'>['arg']; return session.check(a.key, a.text); }
    case 'diff': { const a = req.arg as EngineRequest<'diff'>['arg']; return session.diff(a.key, a.text); }
    case 'download': { const a = req.arg as EngineRequest<'download'>['arg']; return session.download(a.key, a.text); }
  }
  throw new Error(`unknown request ${String((req as { method: unknown }).method)}`);
}

// one request at a time, in order (a load must finish before the questions about it)
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e) => {
  queue = queue.then(() => answer(e.data));
};

async function answer(req: EngineRequest): Promise<void> {
  try {
    const value = await run(req);
    const transfer = value && typeof value === 'object' && 'cells' in value && (value as { cells: unknown }).cells instanceof Uint8Array
      ? [((value as { cells: Uint8Array }).cells).buffer]
      : [];
    scope.postMessage({ id: req.id, ok: true, value }, transfer);
  } catch (err) {
    scope.postMessage({ id: req.id, ok: false, error: (err as Error).stack ?? String(err) });
  }
}
