import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { InputBundle, InputFile } from '../../../src/policy/workspace.js';
import { EngineClient } from '../worker/client.js';
import type { GraphData, LoadSummary } from '../worker/protocol.js';
import { requestLoad, type Booted, type PendingLoad, type Source } from './boot.js';
import { mark, markFromWorker, resetMarks } from './timings.js';
import { Diagnostics } from '../components/Diagnostics.js';
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

// the editor (CodeMirror) is loaded when first opened: the graph, shown first, does not wait for it
const EditView = lazy(() => import('../features/edit/EditView.js').then((m) => ({ default: m.EditView })));

export const DEMO_BUNDLE: InputBundle = { files: [{ name: 'examples/seed/seed-demo.yaml', text: demoText }] };

type Status = { kind: 'idle' } | { kind: 'loading'; what: string } | { kind: 'ready' } | { kind: 'error'; message: string };

async function readFiles(list: FileList | readonly File[]): Promise<InputFile[]> {
  const files = [...list].filter((f) => /\.(ya?ml|json)$/i.test(f.name));
  return Promise.all(files.map(async (f) => ({ name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name, text: await f.text() })));
}

export function App({ booted }: { booted: Booted }) {
  const route = useRoute();
  const engine = booted.engine;
  const diffEngineRef = useRef<{ client: EngineClient; loaded: Source | undefined } | undefined>(undefined);
  const [bundle, setBundle] = useState<Source | undefined>(undefined);
  const [summary, setSummary] = useState<LoadSummary | undefined>(undefined);
  const [graph, setGraph] = useState<GraphData | undefined>(undefined);
  const [generation, setGeneration] = useState(0);
  const [status, setStatus] = useState<Status>({ kind: 'loading', what: 'Looking for manifests' });
  const [dragging, setDragging] = useState(false);
  const [showDiagnostics, setShowDiagnostics] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  /** the latest load: answers of an older one are dropped */
  const latest = useRef<PendingLoad | undefined>(undefined);

  const load = useCallback(async (next: Source, what: string, pending?: PendingLoad) => {
    if (!pending) resetMarks();
    const p = pending ?? requestLoad(engine, next);
    latest.current = p;
    setStatus({ kind: 'loading', what });
    try {
      const s = await p.summary;
      if (latest.current !== p) return;
      if (!s) {
        setStatus({ kind: 'idle' });
        return;
      }
      mark('loaded');
      const fetched = s.timings.fetched;
      if (fetched) {
        markFromWorker('worker-started', fetched.workerStartedAt);
        markFromWorker('workspace-requested', fetched.requestedAt);
        markFromWorker('workspace-downloaded', fetched.downloadedAt);
        markFromWorker('workspace-decoded', fetched.decodedAt);
        markFromWorker('engine-code-loaded', fetched.engineLoadedAt);
      }
      markFromWorker('worker-model', s.timings.modelAt);
      window.membraneTimings = { ...window.membraneTimings, parseMs: s.timings.parseMs, modelMs: s.timings.modelMs };
      // the nodes first (drawn at once), then the edges, which take the matrix to compute
      const nodes = await p.nodes;
      if (latest.current !== p || !nodes) return;
      markFromWorker('worker-nodes', nodes.at);
      setBundle(next);
      setSummary(s);
      setGraph({ nodes: nodes.nodes, edges: undefined });
      setGeneration((n) => n + 1);
      setStatus({ kind: 'loading', what: 'Computing connections' });
      const edges = await p.edges;
      if (latest.current !== p || !edges) return;
      markFromWorker('worker-edges', edges.at);
      mark('graph-data');
      // the same nodes array: the graph keeps what it drew and adds the edges
      setGraph({ nodes: nodes.nodes, edges });
      setStatus({ kind: 'ready' });
    } catch (err) {
      if (latest.current === p) setStatus({ kind: 'error', message: (err as Error).message });
    }
  }, [engine]);

  // manifests given to `membrane serve -f`, or exported beside the app (asked for before the app started)
  useEffect(() => {
    mark('start');
    void load(booted.workspace, 'Reading the manifests', booted.initial);
  }, [load, booted]);

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

  // the graph keeps its own filters while another view is shown
  const lastGraphParams = useRef(new URLSearchParams());
  if (route.view === 'graph') lastGraphParams.current = route.params;
  const graphParams = lastGraphParams.current;

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
          {!summary && status.kind !== 'loading' && <Welcome onDemo={() => void load(DEMO_BUNDLE, 'Loading the seed demo')} onOpen={() => fileInput.current?.click()} />}
          {/* the graph is there from the start (its drawing code warms up while the worker loads)
              and stays drawn while another view is shown: coming back costs nothing */}
          {(summary || status.kind === 'loading') && <GraphView params={graphParams} active={route.view === 'graph'} />}
          {summary && route.view === 'trace' && <TraceView params={route.params} />}
          {summary && route.view === 'matrix' && <MatrixView />}
          {summary && route.view === 'lint' && <LintView />}
          {summary && route.view === 'edit' && (
            <Suspense fallback={<div className="status loading">Loading the editor…</div>}>
              <EditView params={route.params} />
            </Suspense>
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
