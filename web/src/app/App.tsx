import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { InputBundle, InputFile } from '../../../src/policy/workspace.js';
import { EngineClient } from '../worker/client.js';
import type { GraphData, LoadSummary } from '../worker/protocol.js';
import { Diagnostics } from '../components/Diagnostics.js';
import { EditView } from '../features/edit/EditView.js';
import { GraphView } from '../features/graph/GraphView.js';
import { LintView } from '../features/lint/LintView.js';
import { MatrixView } from '../features/matrix/MatrixView.js';
import { TraceView } from '../features/trace/TraceView.js';
import demoText from '../../../examples/seed/seed-demo.yaml?raw';
import { EngineContext, type EngineState } from './engine-context.js';
import { isTyping, navigate, routeHref, useRoute, VIEWS, type View } from './route.js';

const VIEW_LABELS: Record<View, { label: string; key: string }> = {
  graph: { label: 'Graph', key: 'g' },
  trace: { label: 'Trace', key: 't' },
  matrix: { label: 'Matrix', key: 'm' },
  lint: { label: 'Lint', key: 'l' },
  edit: { label: 'Edit', key: 'e' },
};

export const DEMO_BUNDLE: InputBundle = { files: [{ name: 'examples/seed/seed-demo.yaml', text: demoText }] };

/** What is loaded: inputs held by the page, or workspace.json that the worker fetched itself. */
type Source = InputBundle | { readonly url: string };

type Status = { kind: 'idle' } | { kind: 'loading'; what: string } | { kind: 'ready' } | { kind: 'error'; message: string };

declare global {
  interface Window {
    /** timings for the benchmark and the tests: ms since navigation start */
    membraneTimings?: Record<string, number>;
  }
}

export function mark(name: string): void {
  window.membraneTimings = { ...(window.membraneTimings ?? {}), [name]: Math.round(performance.now()) };
}

async function readFiles(list: FileList | readonly File[]): Promise<InputFile[]> {
  const files = [...list].filter((f) => /\.(ya?ml|json)$/i.test(f.name));
  return Promise.all(files.map(async (f) => ({ name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, text: await f.text() })));
}

export function App() {
  const route = useRoute();
  const engine = useMemo(() => new EngineClient(), []);
  const diffEngineRef = useRef<{ client: EngineClient; loaded: Source | undefined } | undefined>(undefined);
  const [bundle, setBundle] = useState<Source | undefined>(undefined);
  const [summary, setSummary] = useState<LoadSummary | undefined>(undefined);
  const [graph, setGraph] = useState<GraphData | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  const [status, setStatus] = useState<Status>({ kind: 'loading', what: 'Looking for manifests' });
  const [dragging, setDragging] = useState(false);
  const [showDiagnostics, setShowDiagnostics] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async (next: Source, what: string) => {
    setStatus({ kind: 'loading', what });
    try {
      const s = 'url' in next ? await engine.call('loadUrl', next.url) : await engine.call('load', next);
      if (!s) {
        setStatus({ kind: 'idle' });
        return;
      }
      mark('loaded');
      window.membraneTimings = { ...window.membraneTimings, parseMs: s.timings.parseMs, modelMs: s.timings.modelMs };
      // the nodes first (drawn at once), then the edges, which take the matrix to compute
      const nodes = await engine.call('graphNodes', null);
      setBundle(next);
      setSummary(s);
      setGraph({ nodes, edges: [], ports: [], ms: 0, complete: false });
      setGeneration((n) => n + 1);
      setStatus({ kind: 'loading', what: 'Computing connections' });
      const g = await engine.call('graph', null);
      mark('graph-data');
      setGraph(g);
      setStatus({ kind: 'ready' });
    } catch (err) {
      setStatus({ kind: 'error', message: (err as Error).message });
    }
  }, [engine]);

  // manifests given to `membrane serve -f`, or exported beside the app
  useEffect(() => {
    mark('start');
    void load({ url: new URL('./workspace.json', location.href).href }, 'Reading the manifests');
  }, [load]);

  const diffEngine = useCallback(() => {
    let d = diffEngineRef.current;
    if (!d) {
      d = { client: new EngineClient(), loaded: undefined };
      diffEngineRef.current = d;
    }
    if (bundle && d.loaded !== bundle) {
      d.loaded = bundle;
      void ('url' in bundle ? d.client.call('loadUrl', bundle.url) : d.client.call('load', bundle));
    }
    return d.client;
  }, [bundle]);

  const addFiles = useCallback(async (list: FileList | readonly File[]) => {
    const added = await readFiles(list);
    if (added.length === 0) {
      setStatus({ kind: 'error', message: 'No .yaml, .yml or .json file among the dropped files.' });
      return;
    }
    const names = new Set(added.map((f) => f.name));
    // files added to what is open (the demo is replaced); a file of the same name is replaced
    const current = !bundle || bundle === DEMO_BUNDLE ? { files: [] } : 'url' in bundle ? await engine.call('bundle', null) : bundle;
    const kept = current.files.filter((f) => !names.has(f.name));
    await load({ ...current, files: [...kept, ...added] }, `Reading ${added.length} file${added.length === 1 ? '' : 's'}`);
  }, [bundle, engine, load]);

  // keyboard: g t m l e switch views
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (isTyping(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      const v = VIEWS.find((view) => VIEW_LABELS[view].key === e.key);
      if (v) {
        e.preventDefault();
        navigate(v);
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);

  const state: EngineState = { engine, summary, generation, graph, diffEngine };
  const errors = summary?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
  const warnings = summary?.diagnostics.filter((d) => d.severity === 'warning').length ?? 0;

  return (
    <EngineContext.Provider value={state}>
      <div
        className={`app${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={(e) => { if (e.currentTarget === e.target) setDragging(false); }}
        onDrop={(e) => { e.preventDefault(); setDragging(false); void addFiles(e.dataTransfer.files); }}
      >
        <header className="topbar">
          <a className="brand" href={routeHref('graph')}>Membrane</a>
          <nav className="tabs" aria-label="views">
            {VIEWS.map((v) => (
              <a key={v} href={routeHref(v)} className={route.view === v ? 'tab active' : 'tab'} aria-current={route.view === v ? 'page' : undefined} data-view={v}>
                {VIEW_LABELS[v].label} <kbd>{VIEW_LABELS[v].key}</kbd>
              </a>
            ))}
          </nav>
          <div className="inputs">
            {summary && (
              <span className="summary" title={summary.files.join('\n')}>
                {summary.files.length} file{summary.files.length === 1 ? '' : 's'} · {summary.pods} pods · {summary.podIdentities} identities · {summary.accepted} policies
                {summary.rejected > 0 && <span className="bad"> · {summary.rejected} rejected</span>}
              </span>
            )}
            {(errors > 0 || warnings > 0) && (
              <button type="button" className={errors > 0 ? 'chip bad' : 'chip warn'} onClick={() => setShowDiagnostics((v) => !v)}>
                {errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : ''}{errors > 0 && warnings > 0 ? ', ' : ''}{warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''}
              </button>
            )}
            <button type="button" onClick={() => fileInput.current?.click()}>Open files…</button>
            <button type="button" onClick={() => void load(DEMO_BUNDLE, 'Loading the seed demo')} data-testid="load-demo">Seed demo</button>
            {bundle && (
              <button type="button" onClick={() => { setBundle(undefined); setSummary(undefined); setGraph(undefined); setStatus({ kind: 'idle' }); }}>Clear</button>
            )}
            <input ref={fileInput} type="file" multiple accept=".yaml,.yml,.json" hidden data-testid="file-input" onChange={(e) => { if (e.target.files) void addFiles(e.target.files); e.target.value = ''; }} />
          </div>
        </header>
        {status.kind === 'loading' && <div className="status loading" role="status">{status.what}…</div>}
        {status.kind === 'error' && <div className="status error" role="alert">{status.message}</div>}
        {showDiagnostics && summary && <Diagnostics list={summary.diagnostics} onClose={() => setShowDiagnostics(false)} />}
        <main className="main">
          {!summary ? (
            status.kind !== 'loading' && <Welcome onDemo={() => void load(DEMO_BUNDLE, 'Loading the seed demo')} onOpen={() => fileInput.current?.click()} />
          ) : route.view === 'graph' ? (
            <GraphView params={route.params} />
          ) : route.view === 'trace' ? (
            <TraceView params={route.params} />
          ) : route.view === 'matrix' ? (
            <MatrixView />
          ) : route.view === 'lint' ? (
            <LintView />
          ) : (
            <EditView params={route.params} />
          )}
        </main>
        {dragging && <div className="drop-overlay">Drop manifests and policies to open them</div>}
      </div>
    </EngineContext.Provider>
  );
}

function Welcome({ onDemo, onOpen }: { onDemo(): void; onOpen(): void }) {
  return (
    <section className="welcome">
      <h1>What would these policies do to my cluster, and why?</h1>
      <p>
        Drop <code>kubectl get pods,ns,nodes,svc,endpointslices,cnp,ccnp,netpol -A -o yaml</code> dumps and policy files anywhere on
        this page. Membrane's engine runs here, in your browser, with Cilium's semantics: nothing is uploaded.
      </p>
      <div className="welcome-actions">
        <button type="button" className="primary" onClick={onOpen}>Open files…</button>
        <button type="button" onClick={onDemo}>Open the seed demo</button>
      </div>
      <p className="muted">
        Keys: <kbd>g</kbd> graph, <kbd>t</kbd> trace, <kbd>m</kbd> matrix, <kbd>l</kbd> lint, <kbd>e</kbd> edit, <kbd>/</kbd> find.
      </p>
    </section>
  );
}
