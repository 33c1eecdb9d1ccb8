import { useEffect, useMemo, useState } from 'react';
import type { DirectionView } from '../../../../src/explain/index.js';
import { useEngine } from '../../app/engine-context.js';
import { routeHref } from '../../app/route.js';
import { PolicyLink } from '../../components/PolicyLink.js';
import type { EndpointDetails, GraphEdgeView } from '../../worker/protocol.js';
import { nodeLabels, shortName } from './layout.js';

const KIND_TEXT = { allow: 'allowed', l7: 'L7-filtered', deny: 'deny rule' } as const;
const MAX_ROWS = 200;

/** `CiliumNetworkPolicy/default/app1-egress spec.egress[0]` -> link to that rule. */
function Derivation({ text }: { text: string }) {
  const space = text.indexOf(' ');
  if (space === -1) return <PolicyLink policy={text} />;
  return <PolicyLink policy={text.slice(0, space)} path={text.slice(space + 1)} />;
}

export function EndpointCard({ id, onClose, onSelect }: { id: number; onClose(): void; onSelect(id: number): void }) {
  const { engine, graph, generation } = useEngine();
  const [details, setDetails] = useState<EndpointDetails | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void engine.call('endpoint', id).then((d) => live && setDetails(d));
    return () => { live = false; };
  }, [engine, id, generation]);
  const names = useMemo(() => new Map((graph?.nodes ?? []).map((n) => [n.id, n])), [graph?.nodes]);
  const labels = useMemo(() => nodeLabels(graph?.nodes ?? []), [graph?.nodes]);
  // `prod:app=web`: the namespace and the labels that name it (every label is in the tooltip and the card's header)
  const nameOf = (nid: number) => {
    const n = names.get(nid);
    return n ? shortName(n, labels) : String(nid);
  };
  if (!details || details.node.id !== id) return <aside className="card" aria-busy="true">Loading…</aside>;
  const { node, view } = details;
  const ref = (nid: number) => {
    const n = names.get(nid);
    return n ? (n.kind === 'entity' ? `entity:${n.name}` : `pod:${n.pods[0]}`) : '';
  };
  const peerList = (edges: readonly GraphEdgeView[], dir: 'egress' | 'ingress') => {
    const sorted = [...edges].sort((a, b) => ['allow', 'l7', 'deny'].indexOf(a.kind) - ['allow', 'l7', 'deny'].indexOf(b.kind));
    if (sorted.length === 0) return <p className="muted">none</p>;
    return (
      <ul className="peers" data-testid={`${dir}-peers`}>
        {sorted.slice(0, MAX_ROWS).map((e) => {
          const peer = dir === 'egress' ? e.to : e.from;
          const port = e.ports[0] === 'any' ? '80/TCP' : e.ports[0]?.replace(/^(\d+)-\d+/, '$1');
          const trace = dir === 'egress' ? { from: ref(node.id), to: ref(peer), port } : { from: ref(peer), to: ref(node.id), port };
          return (
            <li key={`${e.kind}:${peer}`} className={`peer ${e.kind}`}>
              <span className={`kind ${e.kind}`}>{KIND_TEXT[e.kind]}</span>{' '}
              <button type="button" className="linklike" title={names.get(peer)?.name} onClick={() => onSelect(peer)}>{nameOf(peer)}</button>{' '}
              <span className="ports">{e.ports.join(', ')}</span>{' '}
              {e.kind !== 'deny' && <a className="trace-link" href={routeHref('trace', trace)} title="trace this flow">trace</a>}
            </li>
          );
        })}
        {sorted.length > MAX_ROWS && <li className="muted">… {sorted.length - MAX_ROWS} more</li>}
      </ul>
    );
  };
  const direction = (title: string, d: DirectionView, wildcard: readonly string[]) => (
    <div className="direction">
      <h4>{title}</h4>
      <p>
        {!d.enforced ? <span className="muted">no policy selects it: everything allowed</span> : d.defaultDeny ? <strong className="bad">default deny</strong> : <span>enforced, no default deny</span>}
        {d.selectedBy.length > 0 && <> · selected by {d.selectedBy.map((p, i) => <span key={p}>{i > 0 && ', '}<PolicyLink policy={p} /></span>)}</>}
      </p>
      {wildcard.length > 0 && <p className="bad">denies every peer on {wildcard.join(', ')}</p>}
      {d.conflicts.length > 0 && <p className="bad">not computable: {d.conflicts.join('; ')}</p>}
      {d.entries && d.entries.length > 0 && (
        <table className="entries">
          <thead><tr><th>verdict</th><th>peer</th><th>port</th><th>proxy</th><th>from</th></tr></thead>
          <tbody>
            {d.entries.slice(0, MAX_ROWS).map((e, i) => (
              <tr key={i} className={e.verdict}>
                <td>{e.verdict}</td>
                <td title={e.labels.join('\n')}>{e.identity === 0 ? 'ANY' : `${e.identity} ${e.labels.filter((l) => !l.includes('io.kubernetes') && !l.includes('io.cilium')).slice(0, 3).join(' ')}`}</td>
                <td>{e.port === 'ANY' ? 'ANY' : `${e.port}/${e.protocol}`}</td>
                <td>{e.proxy ?? ''}</td>
                <td>{e.derivedFrom.map((t) => <div key={t}><Derivation text={t} /></div>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.entries && d.entries.length > MAX_ROWS && <p className="muted">… {d.entries.length - MAX_ROWS} more entries</p>}
    </div>
  );
  return (
    <aside className="card" aria-label={`endpoint ${node.name}`} data-testid="endpoint-card">
      <header>
        <h3 title={node.name}>{nameOf(node.id)}</h3>
        <button type="button" onClick={onClose} aria-label="close">×</button>
      </header>
      {node.kind === 'pods' && <p className="muted labels">{node.labels.join(', ')}</p>}
      <p className="muted">
        identity {node.id}{node.kind === 'pods' && <> · {node.pods.length} pod{node.pods.length === 1 ? '' : 's'}: {node.pods.slice(0, 4).join(', ')}{node.pods.length > 4 ? ', …' : ''}</>}
      </p>
      <section>
        <h4>Egress: may connect to</h4>
        {peerList(details.egress, 'egress')}
      </section>
      <section>
        <h4>Ingress: accepts from</h4>
        {peerList(details.ingress, 'ingress')}
      </section>
      {node.kind === 'pods' && (
        <section className="resolved">
          <h4>Resolved policy <span className="muted">(membrane policy)</span></h4>
          {direction('Egress', view.egress, details.wildcardDenies.egress)}
          {direction('Ingress', view.ingress, details.wildcardDenies.ingress)}
        </section>
      )}
    </aside>
  );
}
