import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GraphNode } from '../../../../src/analysis/graph.js';
import { useEngine } from '../../app/engine-context.js';
import { isTyping, navigate } from '../../app/route.js';
import { mark, markAgain } from '../../app/timings.js';
import { EndpointCard } from './EndpointCard.js';
import {
  BULK_EDGES, boxId, DENY, dirClass, filtersFrom, findHubs, LARGE_GRAPH, MAX_DENY_EDGES, NO_HUBS, toParams, wantedElements,
  type EdgeMode, type Filters, type SyncInput,
} from './graph-model.js';
import { ENTITY_GROUP, groupOf, layoutGraph, nodeLabels, shortName, type GraphLayout, type NodeLabel } from './layout.js';

declare global {
  interface Window {
    /** the graph's Cytoscape instance (tests click nodes at their rendered positions) */
    membraneCy?: Core;
  }
}

/** The graph's filters in the URL now (Cytoscape's handlers outlive a render). */
function currentFilters(): Filters {
  return filtersFrom(new URLSearchParams(location.hash.split('?')[1] ?? ''));
}

function currentNode(): string | undefined {
  return new URLSearchParams(location.hash.split('?')[1] ?? '').get('node') ?? undefined;
}

const STYLE: cytoscape.StylesheetJson = [
  // labels are drawn once the zoom makes them readable, for the nodes in view (see nameNodesInView)
  { selector: 'node', style: { 'z-index-compare': 'manual', 'z-index': 10, 'font-size': 9, color: '#1f2937', 'text-valign': 'bottom', 'text-margin-y': 3, width: 20, height: 20, 'background-color': '#cbd5e1', 'border-width': 2, 'border-color': '#64748b', 'text-wrap': 'ellipsis', 'text-max-width': '76px', 'min-zoomed-font-size': 7 } },
  { selector: 'node.named', style: { label: 'data(display)' } },
  // an endpoint that reaches, or is reached from, most namespaces: named at every zoom
  { selector: 'node.hub', style: { label: 'data(display)', 'font-size': 'data(hubFontSize)', 'font-weight': 'bold', 'text-wrap': 'none', 'underlay-color': '#0ea5e9', 'underlay-padding': 7, 'underlay-opacity': 0.35, 'underlay-shape': 'ellipse', 'min-zoomed-font-size': 5 } },
  { selector: 'node.peer', style: { label: 'data(display)', 'font-size': 'data(hubFontSize)', 'text-wrap': 'none', 'min-zoomed-font-size': 5 } },
  { selector: 'node.entity', style: { shape: 'diamond', 'background-color': '#475569', 'border-color': '#334155', 'font-weight': 'bold' } },
  { selector: 'node.dd-in', style: { 'border-width': 4, 'border-color': '#f59e0b' } },
  { selector: 'node.dd-out', style: { 'border-width': 4, 'border-color': '#2563eb' } },
  { selector: 'node.dd-both', style: { 'border-width': 4, 'border-color': '#dc2626' } },
  // namespace boxes are plain nodes drawn under the others (compound nodes cost seconds at 500 identities)
  { selector: 'node.group', style: { 'background-color': '#f8fafc', 'border-color': '#cbd5e1', 'border-width': 1, shape: 'round-rectangle', width: 'data(width)', height: 'data(height)', label: 'data(display)', 'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': 'data(titleMargin)' as unknown as number, 'font-size': 'data(fontSize)', 'font-weight': 'bold', color: '#334155', 'text-wrap': 'none', 'z-index': 0, 'min-zoomed-font-size': 5 } },
  { selector: 'node.group.picked', style: { 'background-color': '#eff6ff', 'border-color': '#2563eb', 'border-width': 2 } },
  { selector: 'edge', style: { 'z-index-compare': 'manual', 'z-index': 5, width: 1.2, 'curve-style': 'straight', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.7, 'line-color': '#16a34a', 'target-arrow-color': '#16a34a', opacity: 0.55 } },
  { selector: 'edge.l7', style: { 'line-style': 'dashed', 'line-color': '#7c3aed', 'target-arrow-color': '#7c3aed', width: 1.6 } },
  { selector: 'edge.deny', style: { 'line-style': 'dotted', 'line-color': '#dc2626', 'target-arrow-color': '#dc2626', 'target-arrow-shape': 'tee', width: 1.6 } },
  // many edges: haystack lines (the fastest Cytoscape draws) without arrows; a selected endpoint's edges get them back
  { selector: 'edge.bulk', style: { 'curve-style': 'haystack', 'haystack-radius': 0, 'target-arrow-shape': 'none' } },
  { selector: 'edge.bulk.focus', style: { 'curve-style': 'straight', 'target-arrow-shape': 'triangle' } },
  { selector: 'edge.curved', style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': 22, 'control-point-weights': 0.5 } },
  // namespace to namespace: as wide as the connections it stands for
  { selector: 'edge.agg', style: { 'curve-style': 'bezier', width: 'mapData(count, 1, 60, 1.5, 10)', 'arrow-scale': 0.9, opacity: 'mapData(count, 1, 12, 0.3, 0.6)' as unknown as number, 'font-size': 'data(fontSize)', color: '#166534', 'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'min-zoomed-font-size': 8 } },
  { selector: 'edge.agg.l7', style: { color: '#5b21b6' } },
  { selector: 'edge.agg.hover', style: { label: 'data(label)', opacity: 0.95, 'z-index': 9 } },
  { selector: '.faded', style: { opacity: 0.1 } },
  { selector: '.hidden', style: { display: 'none' } },
  { selector: 'node.selected', style: { 'background-color': '#f97316', width: 28, height: 28, 'font-weight': 'bold', 'font-size': 11, 'z-index': 10 } },
  { selector: 'edge.focus', style: { opacity: 1, width: 2.4, label: 'data(label)', 'font-size': 9, 'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': '1px', 'text-rotation': 'autorotate', color: '#111827', 'z-index': 9 } },
];

interface SyncState {
  /** the identity edges' drawing style now */
  bulk: boolean;
  /** the filters the view was last fitted to */
  fitted: string;
}

/**
 * Draws a few elements of every kind once, hidden, and removes them: Cytoscape's code for
 * styling, measuring and drawing is compiled then, while the worker loads the workspace,
 * instead of during the first real drawing (which it made ~200 ms slower on 500 identities).
 */
function warmUp(cy: Core, el: HTMLElement): void {
  el.style.visibility = 'hidden';
  const elements: ElementDefinition[] = [];
  const kinds = ['dd-both', 'dd-in', 'dd-out', 'dd-none'];
  for (let g = 0; g < 2; g++) {
    elements.push({ data: { id: `warm-g${g}`, display: `warm-up ${g}`, width: 200, height: 200, fontSize: 14, titleMargin: 16 }, position: { x: 150 + g * 250, y: 150 }, classes: 'group warm' });
    for (let i = 0; i < 8; i++) {
      const classes = `${i === 7 ? 'entity' : 'pods'} ${kinds[i % 4]} warm${i === 0 ? ' hub' : ''}${i < 4 ? ' named' : ''}`;
      elements.push({ data: { id: `warm-${g}-${i}`, label: `app=w${i}`, display: `w${i} ×2`, hubFontSize: 12 }, position: { x: 80 + g * 250 + (i % 4) * 45, y: 100 + Math.floor(i / 4) * 60 }, classes });
    }
  }
  const edge = (id: string, source: string, target: string, classes: string, extra: Record<string, unknown> = {}) =>
    elements.push({ group: 'edges', data: { id, source, target, label: '80/TCP', ...extra }, classes: `${classes} warm` });
  edge('warm-e1', 'warm-0-1', 'warm-1-2', 'allow ident curved');
  edge('warm-e2', 'warm-0-2', 'warm-1-3', 'l7 ident bulk');
  edge('warm-e3', 'warm-0-3', 'warm-1-1', 'deny ident curved');
  edge('warm-e4', 'warm-g0', 'warm-g1', 'allow agg', { count: 3, fontSize: 10 });
  edge('warm-e5', 'warm-0-4', 'warm-1-5', 'allow ident bulk focus');
  cy.batch(() => cy.add(elements));
  cy.fit(undefined, 30);
  cy.one('render', () => {
    cy.batch(() => cy.elements('.warm').remove());
    if (cy.elements().empty()) el.style.visibility = '';
  });
}

/** Node labels readable at this zoom (9 px at least 7 on screen): drawn for the nodes in view, so a large graph measures no text it does not show. */
function nameNodesInView(cy: Core): void {
  if (cy.zoom() * 9 < 7) return;
  const box = cy.extent();
  const unnamed = cy.nodes('.pods, .entity').filter((n) => {
    if (n.hasClass('named')) return false;
    const p = n.position();
    return p.x >= box.x1 - 80 && p.x <= box.x2 + 80 && p.y >= box.y1 - 80 && p.y <= box.y2 + 80;
  });
  if (unnamed.nonempty()) unnamed.addClass('named');
}

/** Brings the drawing to the filters and selection: edges added and removed by id, nodes hidden, the selection's neighbourhood emphasized. */
function syncGraph(cy: Core, input: SyncInput, state: SyncState): void {
  let { wanted, visible, matched, identityEdges } = wantedElements(input, state.bulk);
  const bulk = identityEdges > BULK_EDGES;
  if (bulk !== state.bulk) {
    state.bulk = bulk;
    ({ wanted, visible, matched } = wantedElements(input, bulk));
    cy.edges('.ident').remove();
  }
  const { graph, filters, selected, mode } = input;
  cy.batch(() => {
    const gone = cy.collection();
    cy.edges().forEach((e) => {
      if (!wanted.delete(e.id())) gone.merge(e);
    });
    gone.remove();
    if (wanted.size > 0) cy.add([...wanted.values()]);
    // classes, not style bypasses: one style pass for the whole batch
    const shownGroups = new Set<string>();
    for (const n of graph.nodes) if (visible.has(String(n.id))) shownGroups.add(groupOf(n));
    const hide = cy.collection();
    const show = cy.collection();
    cy.nodes().forEach((n) => {
      const on = n.hasClass('group') ? shownGroups.has(n.id().slice('group:'.length)) : visible.has(n.id());
      if (on === n.hasClass('hidden')) (on ? show : hide).merge(n);
    });
    show.removeClass('hidden');
    hide.addClass('hidden');
    cy.$('.faded, .focus, .selected, .picked').removeClass('faded focus selected picked');
    const hubs = mode === 'namespaces' && !filters.ns && !filters.label.trim() ? input.hubs : NO_HUBS;
    cy.$('.hub').forEach((n) => {
      if (!hubs.out.has(n.id()) && !hubs.in.has(n.id())) n.removeClass('hub');
    });
    for (const id of [...hubs.out.keys(), ...hubs.in.keys()]) cy.getElementById(id).addClass('hub');
    // a picked namespace's peers elsewhere are named (a few: they are what the picture is about)
    const peers = filters.ns || filters.label.trim() ? cy.nodes('.pods, .entity').filter((n) => !n.hasClass('hidden') && !matched.has(n.id())) : cy.collection();
    const named = peers.length <= 40 ? peers : cy.collection();
    cy.$('.peer').difference(named).removeClass('peer');
    named.addClass('peer');
    if (filters.ns) cy.getElementById(boxId(filters.ns)).addClass('picked');
    if (selected && cy.getElementById(selected).nonempty()) {
      const node = cy.getElementById(selected);
      const connected = node.connectedEdges();
      cy.elements().not(node).not(connected).not(connected.connectedNodes()).not('.group').addClass('faded');
      node.addClass('selected');
      connected.addClass('focus');
    }
  });
  // a new filter shows what it kept at the largest scale
  const fitKey = `${filters.ns}\u0000${filters.label}\u0000${filters.entities}`;
  if (fitKey !== state.fitted) {
    state.fitted = fitKey;
    cy.fit(cy.nodes().not('.hidden'), 30);
  }
}

export function GraphView({ params, active }: { params: URLSearchParams; active: boolean }) {
  const { graph, summary } = useEngine();
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | undefined>(undefined);
  const syncState = useRef<SyncState>({ bulk: false, fitted: '' });
  /** the nodes the drawing holds */
  const drawn = useRef<readonly GraphNode[] | undefined>(undefined);
  /** font size of the namespace edges' labels, set with the layout */
  const aggFontSize = useRef(10);
  const findRef = useRef<HTMLInputElement>(null);
  const filters = filtersFrom(params);
  const selected = params.get('node') ?? undefined;
  const [find, setFind] = useState('');

  const nodes = graph?.nodes;
  const edges = graph?.edges;
  const large = (nodes?.length ?? 0) > LARGE_GRAPH;
  const mode: EdgeMode = filters.edges || (large ? 'namespaces' : 'identities');
  const nodesById = useMemo(() => new Map((nodes ?? []).map((n) => [String(n.id), n])), [nodes]);
  const nodeLabelsOf = useMemo(() => nodeLabels(nodes ?? []), [nodes]);
  const hubs = useMemo(() => (graph && mode === 'namespaces' ? findHubs(graph, nodesById, filters.port) : NO_HUBS), [graph, nodesById, filters.port, mode]);
  const counts = useMemo(() => {
    let allowed = 0;
    let denies = 0;
    for (let i = 0; i < (edges?.count ?? 0); i++) if (edges!.kind[i] === DENY) denies++; else allowed++;
    return { allowed, denies };
  }, [edges]);

  // the Cytoscape instance: made when the view mounts, while the worker is still loading, and
  // warmed up (see warmUp) so the first real drawing runs compiled code
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const cy = cytoscape({
      container: el,
      style: STYLE,
      minZoom: 0.05,
      maxZoom: 4,
      motionBlur: false,
      selectionType: 'single',
      boxSelectionEnabled: false,
      autoungrabify: true,
    });
    cy.on('tap', 'node', (evt) => {
      const id = evt.target.id() as string;
      if (id.startsWith('group:')) {
        // a namespace's box picks the namespace (again: all of them)
        const ns = id.slice('group:'.length);
        if (ns === ENTITY_GROUP) return;
        const f = currentFilters();
        navigate('graph', toParams({ ...f, ns: f.ns === ns ? '' : ns }, currentNode()), true);
        return;
      }
      navigate('graph', toParams(currentFilters(), id), true);
    });
    cy.on('tap', (evt) => {
      if (evt.target === cy) navigate('graph', toParams(currentFilters(), undefined), true);
    });
    // a namespace line's count shows on hover
    cy.on('mouseover', 'edge.agg', (evt) => evt.target.addClass('hover'));
    cy.on('mouseout', 'edge.agg', (evt) => evt.target.removeClass('hover'));
    let naming = 0;
    cy.on('viewport', () => {
      cancelAnimationFrame(naming);
      naming = requestAnimationFrame(() => nameNodesInView(cy));
    });
    // the endpoint card narrows the canvas: Cytoscape must learn its new size, or it draws stretched
    const resize = new ResizeObserver(() => cy.resize());
    resize.observe(el);
    cyRef.current = cy;
    window.membraneCy = cy;
    warmUp(cy, el);
    return () => {
      cancelAnimationFrame(naming);
      resize.disconnect();
      cy.destroy();
      cyRef.current = undefined;
      drawn.current = undefined;
      if (window.membraneCy === cy) window.membraneCy = undefined;
    };
  }, []);

  // the nodes, drawn as soon as the worker has them (the edges follow); a hidden view waits
  // until it is shown, to lay them out for its real size
  useEffect(() => {
    const el = container.current;
    const cy = cyRef.current;
    if (!nodes || !el || !cy || !active || drawn.current === nodes) return;
    drawn.current = nodes;
    const width = Math.max(el.clientWidth, 300);
    const height = Math.max(el.clientHeight, 200);
    const title = (group: string, members: number) => (group === ENTITY_GROUP ? 'entities' : `${group} (${members})`);
    // the scale the whole drawing is shown at: titles are sized to stay readable there (and boxes to hold them)
    const fitZoom = (l: GraphLayout) => Math.min((width - 60) / l.width, (height - 60) / l.height);
    const draft = layoutGraph(nodes, { aspect: width / height, titleSize: 20, title });
    const titleSize = Math.min(60, Math.max(8, 14 / fitZoom(draft)));
    const layout = layoutGraph(nodes, { aspect: width / height, titleSize, title });
    const zoom = fitZoom(layout);
    aggFontSize.current = Math.max(9, 12 / zoom);
    const hubFontSize = Math.max(9, 11.5 / zoom);
    const elements: ElementDefinition[] = [];
    for (const b of layout.boxes) {
      elements.push({ data: { id: boxId(b.name), display: title(b.name, b.members), width: b.width, height: b.height, fontSize: titleSize, titleMargin: titleSize * 1.15 }, position: { x: b.x, y: b.y }, classes: 'group', selectable: false });
    }
    for (const p of layout.placed) {
      const l = nodeLabelsOf.get(p.node.id)!;
      elements.push({
        data: { id: String(p.node.id), label: l.label, display: l.display, hubFontSize },
        position: { x: p.x, y: p.y },
        classes: `${p.node.kind === 'entity' ? 'entity' : 'pods'} ${dirClass(p.node)}`,
      });
    }
    mark('graph-elements');
    // large graphs: pan and zoom move a snapshot, without the edges (Cytoscape's renderer
    // options, read on every frame; the constructor's options cannot depend on the graph)
    const renderer = (cy as unknown as { renderer(): Record<string, unknown> }).renderer();
    renderer.textureOnViewport = nodes.length > LARGE_GRAPH;
    renderer.hideEdgesOnViewport = nodes.length > LARGE_GRAPH;
    // added in a batch, not given to the constructor: Cytoscape then styles them in one pass
    // instead of notifying the renderer of each property of each element
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
    });
    el.style.visibility = '';
    cy.fit(undefined, 30);
    nameNodesInView(cy);
    syncState.current = { bulk: false, fitted: '' };
    mark('graph-created');
    cy.one('render', () => mark('graph-rendered'));
  }, [nodes, nodeLabelsOf, active]);

  // edges, filters and selection
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !graph || drawn.current !== graph.nodes) return;
    syncGraph(cy, { graph, nodesById, filters, mode, selected, aggFontSize: aggFontSize.current, hubs }, syncState.current);
    markAgain('graph-synced');
    if (graph.edges) {
      cy.one('render', () => {
        mark('graph-edges-rendered');
        markAgain('graph-drawn');
      });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [graph, nodesById, filters.ns, filters.label, filters.port, filters.deny, filters.entities, mode, selected, hubs, active]);

  // back from another view: the canvas has its size again
  useEffect(() => {
    if (active) cyRef.current?.resize();
  }, [active]);

  // keyboard: / finds an endpoint, Escape clears the selection
  useEffect(() => {
    if (!active) return;
    const on = (e: KeyboardEvent) => {
      if (e.key === '/' && !isTyping(e)) {
        e.preventDefault();
        findRef.current?.focus();
      } else if (e.key === 'Escape' && !isTyping(e) && selected) {
        navigate('graph', toParams(filters, undefined), true);
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  });

  const setFilter = (patch: Partial<Filters>) => navigate('graph', toParams({ ...filters, ...patch }, selected), true);
  const needle = find.trim().toLowerCase();
  const found = needle ? (nodes ?? []).filter((n) => n.name.toLowerCase().includes(needle) || n.pods.some((p) => p.includes(needle))).slice(0, 8) : [];
  const selectNode = (id: number | undefined) => {
    navigate('graph', toParams(filters, id === undefined ? undefined : String(id)), true);
    if (id !== undefined) {
      const cy = cyRef.current;
      const el = cy?.getElementById(String(id));
      if (cy && el && el.nonempty()) cy.animate({ center: { eles: el }, zoom: Math.max(cy.zoom(), 1) }, { duration: 200 });
    }
  };
  const namespaces = [...(summary?.namespaces ?? [])];
  const filtering = !!filters.ns || !!filters.label.trim();

  return (
    <div className="graph-view" hidden={!active}>
      <div className="toolbar" role="toolbar" aria-label="graph filters">
        <div className="find">
          <input
            ref={findRef}
            type="search"
            placeholder="Find endpoint  ( / )"
            value={find}
            aria-label="find endpoint"
            onChange={(e) => setFind(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && found[0]) {
                selectNode(found[0].id);
                setFind('');
                (e.target as HTMLInputElement).blur();
              } else if (e.key === 'Escape') {
                setFind('');
                (e.target as HTMLInputElement).blur();
              }
            }}
          />
          {found.length > 0 && (
            <ul className="find-results" role="listbox">
              {found.map((n) => (
                <li key={n.id} role="option" aria-selected={false} onMouseDown={() => { selectNode(n.id); setFind(''); }}>{n.name}</li>
              ))}
            </ul>
          )}
        </div>
        <label>
          Namespace{' '}
          <select value={filters.ns} onChange={(e) => setFilter({ ns: e.target.value })} aria-label="namespace filter">
            <option value="">all</option>
            {namespaces.map((ns) => <option key={ns} value={ns}>{ns}</option>)}
          </select>
        </label>
        <label>
          Label <input type="text" value={filters.label} placeholder="app=web" onChange={(e) => setFilter({ label: e.target.value })} aria-label="label filter" size={12} />
        </label>
        <label>
          Port{' '}
          <select value={filters.port} onChange={(e) => setFilter({ port: e.target.value })} aria-label="port filter">
            <option value="">all</option>
            {(edges?.matrixPorts ?? []).map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <label>
          Edges{' '}
          <select value={mode} onChange={(e) => setFilter({ edges: e.target.value === (large ? 'namespaces' : 'identities') ? '' : (e.target.value as EdgeMode) })} aria-label="edges">
            <option value="namespaces">between namespaces</option>
            <option value="identities">between identities{edges ? ` (${counts.allowed.toLocaleString('en')})` : ''}</option>
          </select>
        </label>
        <label><input type="checkbox" checked={filters.entities} onChange={(e) => setFilter({ entities: e.target.checked })} /> entities</label>
        <label title={`${counts.denies} identity pairs with deny rules`}><input type="checkbox" checked={filters.deny} onChange={(e) => setFilter({ deny: e.target.checked })} /> deny edges ({counts.denies.toLocaleString('en')}{counts.denies > MAX_DENY_EDGES ? `, first ${MAX_DENY_EDGES.toLocaleString('en')} drawn` : ''})</label>
        <Legend />
        {large && (
          <p className="graph-hint" data-testid="graph-hint">
            {!edges ? 'Computing the connections…' : mode === 'identities' ? (
              <>{counts.allowed.toLocaleString('en')} connections drawn between identities. <button type="button" className="linklike" onClick={() => setFilter({ edges: 'namespaces' })}>Draw them between namespaces</button>.</>
            ) : filtering ? (
              <>The connections of the {filters.ns ? `namespace ${filters.ns}` : 'endpoints the filter matches'}, between identities. Click the namespace's box again for all namespaces.</>
            ) : (
              <>
                {counts.allowed.toLocaleString('en')} connections between {nodes?.length ?? 0} endpoints, drawn between namespaces (a line's width: how many; hover for the number).
                {' '}Click a namespace or an endpoint for its own, or{' '}
                <button type="button" className="linklike" onClick={() => setFilter({ edges: 'identities' })}>draw them all</button>.
                {(hubs.out.size > 0 || hubs.in.size > 0) && <br />}
                {hubs.out.size > 0 && <HubList label="Not drawn, reach most namespaces:" hubs={hubs.out} of={hubs.namespaces} nodesById={nodesById} labels={nodeLabelsOf} onSelect={selectNode} />}
                {hubs.in.size > 0 && <HubList label="reached from most:" hubs={hubs.in} of={hubs.namespaces} nodesById={nodesById} labels={nodeLabelsOf} onSelect={selectNode} />}
              </>
            )}
          </p>
        )}
      </div>
      <div className="graph-body">
        <div className="graph-canvas" ref={container} data-testid="graph" />
        {selected && nodesById.get(selected) && <EndpointCard id={Number(selected)} onClose={() => selectNode(undefined)} onSelect={selectNode} />}
      </div>
    </div>
  );
}

function HubList({ label, hubs, of, nodesById, labels, onSelect }: { label: string; hubs: ReadonlyMap<string, number>; of: number; nodesById: ReadonlyMap<string, GraphNode>; labels: ReadonlyMap<number, NodeLabel>; onSelect(id: number): void }) {
  return (
    <span className="hubs">
      {label}{' '}
      {[...hubs].sort((a, b) => b[1] - a[1]).map(([id, n], i) => {
        const node = nodesById.get(id)!;
        const name = shortName(node, labels);
        return <span key={id}>{i > 0 && ', '}<button type="button" className="linklike" onClick={() => onSelect(node.id)}>{name}</button> <span className="muted">({n}/{of})</span></span>;
      })}
      {' '}
    </span>
  );
}

function Legend() {
  return (
    <div className="legend" aria-label="legend">
      <span><i className="line line-allow" /> allowed</span>
      <span><i className="line line-l7" /> L7-filtered</span>
      <span><i className="line line-deny" /> deny rule</span>
      <span><i className="ring dd-in" /> ingress default deny</span>
      <span><i className="ring dd-out" /> egress default deny</span>
      <span><i className="ring dd-both" /> both</span>
    </div>
  );
}
