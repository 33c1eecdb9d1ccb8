import { useEffect, useMemo, useState } from 'react';
import { formatPath } from '../../../../src/cluster/source.js';
import type { Finding } from '../../../../src/analysis/lint/finding.js';
import { useEngine } from '../../app/engine-context.js';
import { PolicyLink } from '../../components/PolicyLink.js';

function policyKey(f: Finding): string {
  return f.policy.namespace !== undefined ? `${f.policy.kind}/${f.policy.namespace}/${f.policy.name}` : `${f.policy.kind}/${f.policy.name}`;
}

export function LintView() {
  const { engine, generation } = useEngine();
  const [findings, setFindings] = useState<readonly Finding[] | undefined>(undefined);
  const [severity, setSeverity] = useState('');
  const [rule, setRule] = useState('');
  useEffect(() => {
    let live = true;
    setFindings(undefined);
    void engine.call('lint', null).then((f) => live && setFindings(f));
    return () => { live = false; };
  }, [engine, generation]);
  const rules = useMemo(() => [...new Set((findings ?? []).map((f) => f.id))].sort(), [findings]);
  if (!findings) return <div className="status loading">Linting…</div>;
  const shown = findings.filter((f) => (!severity || f.severity === severity) && (!rule || f.id === rule));
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return (
    <div className="lint-view">
      <div className="toolbar">
        <strong>{findings.length} finding{findings.length === 1 ? '' : 's'}</strong>
        <span className="muted">{count('error')} errors, {count('warning')} warnings, {count('info')} info</span>
        <label>Severity <select value={severity} onChange={(e) => setSeverity(e.target.value)} aria-label="severity filter">
          <option value="">all</option><option value="error">error</option><option value="warning">warning</option><option value="info">info</option>
        </select></label>
        <label>Rule <select value={rule} onChange={(e) => setRule(e.target.value)} aria-label="rule filter">
          <option value="">all</option>{rules.map((r) => <option key={r} value={r}>{r}</option>)}
        </select></label>
      </div>
      {findings.length === 0 && <p className="ok-text">No findings: none of the 14 lint rules applies to these policies.</p>}
      <ol className="findings">
        {shown.slice(0, 500).map((f, i) => (
          <li key={i} className={`finding ${f.severity}`} data-testid="finding" data-rule={f.id}>
            <header>
              <span className={`sev ${f.severity}`}>{f.severity}</span> <code className="rule-id">{f.id}</code>{' '}
              <PolicyLink policy={policyKey(f)} path={f.path.length > 0 ? formatPath(f.path) : undefined}>{policyKey(f)}{f.path.length > 0 && <> <code>{formatPath(f.path)}</code></>}</PolicyLink>
              {f.location && <span className="muted"> {f.location.file}:{f.location.line}:{f.location.column}</span>}
            </header>
            <p className="message">{f.message}</p>
            {f.excerpt && <pre className="excerpt">{f.excerpt}</pre>}
            <p className="why"><strong>Why:</strong> {f.why}</p>
            {f.fix && (
              <div className="fix">
                <strong>Fix:</strong> {f.fix.description}
                {f.fix.yaml && <pre className="snippet">{f.fix.yaml}</pre>}
              </div>
            )}
            {f.related && f.related.length > 0 && (
              <ul className="related">
                {f.related.map((r, j) => (
                  <li key={j}>{r.message}{r.policy && <> — <PolicyLink policy={r.policy.namespace !== undefined ? `${r.policy.kind}/${r.policy.namespace}/${r.policy.name}` : `${r.policy.kind}/${r.policy.name}`} path={r.path ? formatPath(r.path) : undefined} /></>}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {shown.length > 500 && <p className="muted">… {shown.length - 500} more (filter by rule or severity)</p>}
    </div>
  );
}
