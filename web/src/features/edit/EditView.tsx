import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useEngine } from '../../app/engine-context.js';
import { navigate } from '../../app/route.js';
import { LatestOnly } from '../../worker/client.js';
import type { DiffAnswer, EditorDiagnostic, PolicySource } from '../../worker/protocol.js';
import { policyEditorExtensions, setHighlight } from './editor.js';

declare global {
  interface Window {
    /** the editor (tests place the cursor through it, then type) */
    membraneEditor?: EditorView;
  }
}

const KIND_TEXT = { 'new-allow': 'newly allowed', 'new-deny': 'newly denied', 'l7-change': 'L7 rules changed' } as const;

export function EditView({ params }: { params: URLSearchParams }) {
  const { engine, summary, diffEngine } = useEngine();
  const policies = summary?.policies ?? [];
  const key = params.get('policy') ?? policies[0]?.key ?? '';
  const path = params.get('path') ?? undefined;
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | undefined>(undefined);
  const [source, setSource] = useState<PolicySource | undefined>(undefined);
  const [missing, setMissing] = useState(false);
  const [diagnostics, setDiagnostics] = useState<readonly EditorDiagnostic[]>([]);
  const [diff, setDiff] = useState<DiffAnswer | 'pending' | undefined>(undefined);
  const [dirty, setDirty] = useState(false);
  const keyRef = useRef(key);
  keyRef.current = key;
  const original = useRef('');

  const diffRunner = useMemo(() => new LatestOnly((arg: { key: string; text: string }) => diffEngine().call('diff', arg)), [diffEngine]);
  const timer = useRef<number | undefined>(undefined);

  // the editor lives as long as the view
  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({ doc: '', extensions: [] }),
    });
    viewRef.current = view;
    window.membraneEditor = view;
    return () => {
      view.destroy();
      viewRef.current = undefined;
      if (window.membraneEditor === view) window.membraneEditor = undefined;
    };
  }, []);

  // open the policy (and highlight the rule) the URL names
  useEffect(() => {
    let live = true;
    if (!key) return;
    void engine.call('policySource', { key, path }).then((src) => {
      if (!live) return;
      const view = viewRef.current;
      if (!src || !view) {
        setMissing(true);
        return;
      }
      setMissing(false);
      const samePolicy = source?.key === src.key && dirty;
      if (!samePolicy) {
        original.current = src.text;
        setDirty(false);
        setDiff(undefined);
        setDiagnostics([]);
        const onChange = (text: string) => {
          setDirty(text !== original.current);
          window.clearTimeout(timer.current);
          if (text === original.current) {
            setDiff(undefined);
            return;
          }
          setDiff('pending');
          timer.current = window.setTimeout(() => {
            void diffRunner.submit({ key: keyRef.current, text }).then((d) => { if (d) setDiff(d); });
          }, 300);
        };
        const check = async (text: string) => {
          const list = await engine.call('check', { key: keyRef.current, text });
          setDiagnostics(list);
          return list;
        };
        view.setState(EditorState.create({ doc: src.text, extensions: policyEditorExtensions(check, onChange) }));
      }
      setSource(src);
      if (src.highlight) {
        const line = view.state.doc.line(Math.min(src.highlight.from, view.state.doc.lines));
        view.dispatch({ effects: [setHighlight.of(src.highlight), EditorView.scrollIntoView(line.from, { y: 'center' })] });
      } else {
        view.dispatch({ effects: setHighlight.of(null) });
      }
    });
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine, key, path, summary]);

  const download = async () => {
    const view = viewRef.current;
    if (!view) return;
    const d = await engine.call('download', { key, text: view.state.doc.toString() });
    if (!d) return;
    const url = URL.createObjectURL(new Blob([d.content], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = d.filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const revert = () => {
    const view = viewRef.current;
    if (!view) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: original.current } });
  };

  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return (
    <div className="edit-view">
      <div className="toolbar">
        <label>
          Policy{' '}
          <select value={key} onChange={(e) => navigate('edit', { policy: e.target.value })} aria-label="policy">
            {policies.map((p) => <option key={p.key} value={p.key}>{p.key}{p.status === 'rejected' ? ' (rejected)' : ''}</option>)}
          </select>
        </label>
        {source && <span className="muted">{source.file}{source.mode === 'extracted' ? ' (shown alone; Download rewrites it inside its file)' : ''}</span>}
        <span className="spacer" />
        <button type="button" onClick={revert} disabled={!dirty}>Revert</button>
        <button type="button" className="primary" onClick={() => void download()} data-testid="download">Download</button>
      </div>
      {missing && <div className="status error">No policy {key} in the input.</div>}
      {policies.length === 0 && <p className="muted">The input has no policies.</p>}
      <div className="edit-body">
        <div className="editor" ref={host} data-testid="editor" />
        <aside className="edit-side">
          <section className="validation" data-testid="validation">
            <h3>Validation</h3>
            {errors === 0 && warnings === 0 ? <p className="ok-text">Valid: the API server and Cilium accept it.</p> : (
              <ul>
                {diagnostics.filter((d) => d.severity !== 'info').map((d, i) => (
                  <li key={i} className={d.severity}>
                    <button type="button" className="linklike" onClick={() => {
                      const view = viewRef.current;
                      if (!view) return;
                      const line = view.state.doc.line(Math.min(d.line, view.state.doc.lines));
                      view.dispatch({ selection: { anchor: line.from + Math.max(0, d.column - 1) }, scrollIntoView: true });
                      view.focus();
                    }}>{d.line}:{d.column}</button> <span className={`sev ${d.severity}`}>{d.severity}</span> {d.message}
                  </li>
                ))}
              </ul>
            )}
            {diagnostics.filter((d) => d.severity === 'info').map((d, i) => <p key={i} className="muted">{d.message}</p>)}
          </section>
          <section className="diff" data-testid="diff">
            <h3>Semantic diff <span className="muted">(flows this edit changes)</span></h3>
            {!dirty && <p className="muted">Edit the policy: the flows it newly allows or denies appear here as you type.</p>}
            {dirty && diff === 'pending' && <p className="muted" role="status">Computing…</p>}
            {dirty && diff && diff !== 'pending' && !diff.ok && <p className="bad">{diff.error}</p>}
            {dirty && diff && diff !== 'pending' && diff.ok && (
              <>
                <p>
                  <strong className="good">{diff.counts.newAllow} newly allowed</strong>, <strong className="bad">{diff.counts.newDeny} newly denied</strong>, {diff.counts.l7Change} L7 changes
                  <span className="muted"> ({diff.pairs} endpoint pairs, {diff.ms} ms)</span>
                </p>
                {diff.rows.length > 0 && (
                  <table className="diff-rows">
                    <thead><tr><th>change</th><th>from</th><th>to</th><th>ports</th><th>now</th><th>before</th></tr></thead>
                    <tbody>
                      {diff.rows.slice(0, 300).map((r, i) => (
                        <tr key={i} className={r.kind} data-testid="diff-row">
                          <td>{KIND_TEXT[r.kind]}</td>
                          <td>{r.from}</td>
                          <td>{r.to}</td>
                          <td>{r.ports.join(', ')}</td>
                          <td>{r.kind === 'l7-change' ? r.newL7 : r.newReason}</td>
                          <td>{r.kind === 'l7-change' ? r.oldL7 : r.oldReason}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}
