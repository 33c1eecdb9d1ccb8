import { useEffect, useMemo, useRef, useState } from 'react';
import type { FlowExplanation, RuleCitation, SideExplanation } from '../../../../src/explain/index.js';
import { markAgain } from '../../app/timings.js';
import { useEngine } from '../../app/engine-context.js';
import { navigate } from '../../app/route.js';
import { PolicyLink } from '../../components/PolicyLink.js';
import type { EndpointChoices, TraceAnswer, TraceQuery } from '../../worker/protocol.js';

const FIELDS = ['from', 'to', 'port', 'http', 'dns'] as const;
const MAX_SUGGESTIONS = 100;
type Form = Record<(typeof FIELDS)[number], string>;

function formFrom(params: URLSearchParams): Form {
  return { from: params.get('from') ?? '', to: params.get('to') ?? '', port: params.get('port') ?? '80/TCP', http: params.get('http') ?? '', dns: params.get('dns') ?? '' };
}

function Citation({ c }: { c: RuleCitation }) {
  return (
    <li className={`citation ${c.verdict}`}>
      <span className={`kind ${c.verdict}`}>{c.verdict}</span>{' '}
      <PolicyLink policy={c.policy} path={c.rule}>{c.rule ? <>{c.policy} <code>{c.rule}</code></> : c.policy}</PolicyLink>
      {c.peer && <> · peer <code>{c.peer}</code></>}
      {c.port && <> · port <code>{c.port}</code></>}
      {c.location && <span className="muted"> ({c.location})</span>}
    </li>
  );
}

function Side({ side }: { side: SideExplanation }) {
  return (
    <section className={`side ${side.verdict}`} data-testid={`side-${side.direction}`}>
      <h3>
        <span className={`verdict ${side.verdict}`}>{side.verdict.toUpperCase()}</span> {side.direction} of {side.endpoint}
      </h3>
      <p>{side.summary}</p>
      <ul className="facts">
        <li>{side.direction} default deny: {side.enforced ? (side.defaultDeny ? 'yes' : 'no') : 'not enforced (no policy selects it)'}
          {side.selectedBy.length > 0 && <>; selected by {side.selectedBy.map((p, i) => <span key={p}>{i > 0 && ', '}<PolicyLink policy={p} /></span>)}</>}
        </li>
        <li className="muted">endpoint identity {side.identity.id} ({side.identity.name}); peer identity {side.peer.id} ({side.peer.name})</li>
      </ul>
      {side.decidedBy.length > 0 && (
        <>
          <h4>{side.decidedBy.some((c) => c.verdict === 'deny') ? 'denied by' : 'allowed by'}</h4>
          <ul className="citations">{side.decidedBy.map((c, i) => <Citation key={i} c={c} />)}</ul>
        </>
      )}
      {side.nearMisses && side.nearMisses.length > 0 && (
        <>
          <h4>closest allows</h4>
          <ul className="citations near">
            {side.nearMisses.map((c, i) => (
              <li key={i}>
                {c.missing === 'port' ? 'allows this peer, on another port: ' : 'allows this port, for another peer: '}
                <PolicyLink policy={c.policy} path={c.rule} />
                {c.peer && <> · peer <code>{c.peer}</code></>}
                {c.port && <> · port <code>{c.port}</code></>}
              </li>
            ))}
          </ul>
        </>
      )}
      {side.l7 && (
        <div className={`l7-box ${side.l7.verdict}`} data-testid={`l7-${side.direction}`}>
          <h4>{side.l7.kind === 'http' ? 'HTTP' : 'DNS'} request: <span className={`verdict ${side.l7.verdict}`}>{side.l7.verdict.toUpperCase()}</span></h4>
          <p>{side.l7.summary}</p>
          {side.l7.matched && (
            <p>matched <PolicyLink policy={side.l7.matched.policy} path={side.l7.matched.l7Path}><code>{side.l7.matched.l7Rule}</code> ({side.l7.matched.policy} {side.l7.matched.l7Path})</PolicyLink></p>
          )}
          {side.l7.tried.length > 0 && (
            <ul className="tried">
              {side.l7.tried.map((t, i) => (
                <li key={i}>
                  tried <PolicyLink policy={t.policy} path={t.l7Path}><code>{t.l7Rule}</code></PolicyLink>{' '}
                  <span className="muted">({t.policy} {t.l7Path})</span>: {t.why.join('; ')}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function Result({ e, ms }: { e: FlowExplanation; ms: number }) {
  return (
    <div className="trace-result" data-testid="trace-result">
      <div className={`verdict-banner ${e.verdict}`}>
        <span className={`verdict big ${e.verdict}`} data-testid="trace-verdict">{e.verdict.toUpperCase()}</span>
        <span>{e.from} → {e.to} {e.protocol}/{e.port}{e.request ? ` ${e.request}` : ''}</span>
        <span className="muted timing">{ms} ms</span>
      </div>
      {e.notes.length > 0 && <ul className="notes">{e.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>}
      <div className="sides">
        {e.egress ? <Side side={e.egress} /> : <section className="side none"><p className="muted">The source is not a pod of the input: no egress policy applies.</p></section>}
        {e.ingress ? <Side side={e.ingress} /> : <section className="side none"><p className="muted">The destination is not a pod of the input: no ingress policy applies.</p></section>}
      </div>
    </div>
  );
}

export function TraceView({ params }: { params: URLSearchParams }) {
  const { engine, generation } = useEngine();
  const initial = formFrom(params);
  const [form, setForm] = useState<Form>(initial);
  const [answer, setAnswer] = useState<TraceAnswer | undefined>(undefined);
  const [choices, setChoices] = useState<EndpointChoices | undefined>(undefined);
  const fromRef = useRef<HTMLInputElement>(null);
  const query = params.toString();

  // the endpoints to suggest: asked for when a field is first used, not before the first answer
  const [wantChoices, setWantChoices] = useState(false);
  useEffect(() => {
    if (!wantChoices) return;
    let live = true;
    void engine.call('choices', null).then((c) => live && setChoices(c));
    return () => { live = false; };
  }, [engine, generation, wantChoices]);

  // the URL is the query: run it whenever it changes (links, back/forward, the form)
  useEffect(() => {
    const f = formFrom(new URLSearchParams(query));
    setForm(f);
    if (!f.from || !f.to) {
      setAnswer(undefined);
      fromRef.current?.focus();
      return;
    }
    let live = true;
    const q: TraceQuery = { from: f.from, to: f.to, port: f.port, http: f.http || undefined, dnsQuery: f.dns || undefined };
    void engine.call('trace', q).then((a) => {
      if (!live) return;
      setAnswer(a);
      markAgain('trace-answered');
    });
    return () => { live = false; };
  }, [engine, query, generation]);

  const allOptions = useMemo(() => {
    if (!choices) return [];
    return [...choices.services.map((s) => ({ value: s.ref, label: s.label })), ...choices.entities.map((v) => ({ value: v, label: '' })), ...choices.fqdns.map((v) => ({ value: v, label: '' })), ...choices.nodes.map((v) => ({ value: v, label: '' })), ...choices.pods.map((v) => ({ value: v, label: '' }))];
  }, [choices]);
  // the suggestions for what the focused field holds (10,000 pods are not one list)
  const [focused, setFocused] = useState<'from' | 'to' | undefined>(undefined);
  const typed = focused ? form[focused].trim().toLowerCase() : '';
  const options = useMemo(() => {
    const out = [];
    for (const o of allOptions) {
      if (typed && !o.value.toLowerCase().includes(typed)) continue;
      out.push(o);
      if (out.length === MAX_SUGGESTIONS) break;
    }
    return out;
  }, [allOptions, typed]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    navigate('trace', { from: form.from, to: form.to, port: form.port, http: form.http, dns: form.dns });
  };
  const input = (name: keyof Form, label: string, placeholder: string, list?: string) => (
    <label className={`field ${answer && !answer.ok && answer.field === (name === 'dns' ? 'dnsQuery' : name) ? 'invalid' : ''}`}>
      <span>{label}</span>
      <input
        ref={name === 'from' ? fromRef : undefined}
        name={name}
        value={form[name]}
        placeholder={placeholder}
        list={list}
        autoComplete="off"
        spellCheck={false}
        onFocus={list ? () => { setWantChoices(true); setFocused(name as 'from' | 'to'); } : undefined}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
    </label>
  );
  return (
    <div className="trace-view">
      <form className="trace-form" onSubmit={submit} aria-label="trace a flow">
        {input('from', 'From', 'pod:default/app1', 'endpoints')}
        <button type="button" className="swap" title="swap" aria-label="swap from and to" onClick={() => setForm({ ...form, from: form.to, to: form.from })}>⇄</button>
        {input('to', 'To', 'pod:default/app2, ip:…, entity:world, fqdn:…', 'endpoints')}
        {input('port', 'Port', '80/TCP')}
        {input('http', 'HTTP request (optional)', 'GET /products')}
        {input('dns', 'DNS query (optional)', 'api.example.com')}
        <button type="submit" className="primary">Trace</button>
        <datalist id="endpoints">
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </datalist>
      </form>
      {answer && !answer.ok && <div className="status error" role="alert">{answer.field}: {answer.error}</div>}
      {answer && answer.ok && <Result e={answer.explanation} ms={answer.ms} />}
      {!answer && <p className="muted hint-text">Pick a source and a destination: a pod (<code>pod:NS/NAME</code>), a service's ClusterIP, an IP, a node, an entity or a name from the DNS answers. Results are links you can share.</p>}
    </div>
  );
}
