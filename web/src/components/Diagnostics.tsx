import type { DiagnosticView } from '../worker/protocol.js';

/** Input problems: unreadable files, YAML errors, rejected policies, warnings. */
export function Diagnostics({ list, onClose }: { list: readonly DiagnosticView[]; onClose(): void }) {
  return (
    <section className="diagnostics" aria-label="input problems">
      <header>
        <strong>Input problems</strong>
        <button type="button" onClick={onClose} aria-label="close">×</button>
      </header>
      <ul>
        {list.map((d, i) => (
          <li key={i} className={d.severity}>
            <span className={`sev ${d.severity}`}>{d.severity}</span> {d.location && <code>{d.location}</code>} {d.message}
            {d.object && <span className="muted"> — {d.object}{d.path ? `, ${d.path}` : ''}</span>}
            {d.hint && <div className="hint">hint: {d.hint}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}
