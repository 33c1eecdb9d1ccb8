import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GraphNode } from '../../../../src/analysis/graph.js';
import { mark } from '../../app/App.js';
import { useEngine } from '../../app/engine-context.js';
import { isTyping, navigate } from '../../app/route.js';
import type { GraphEdgeView } from '../../worker/protocol.js';
import { EndpointCard } from './EndpointCard.js';
import { ENTITY_GROUP, groupBoxes, groupOf, layoutGraph, nodeLabel } from './layout.js';

declare global {
  interface Window {
    /** the graph's Cytoscape instance (tests click nodes at their rendered positions) */
    membraneCy?: Core;
  }
}

interface Filters {
  ns: string;
  label: string;
  port: string;
  deny: boolean;
  entities: boolean;
}

function filtersFrom(params: URLSearchParams): Filters {
  return {
    ns: params.get('ns') ?? '',
    label: params.get('label') ?? '',
    port: params.get('port') ?? '',
    deny: params.get('deny') === '1',
    entities: params.get('entities') !== '0',
  };
}

function toParams(f: Filters, node: string | undefined): Record<string, string | undefined> {
  return { ns: f.ns || undefined, label: f.label || undefined, port: f.port || undefined, deny: f.deny ? '1' : undefined, entities: f.entities ? undefined : '0', node };
}

function dirClass(n: GraphNode): string {
  const i = n.ingress.defaultDeny;
  const e = n.egress.defaultDeny;
  return i && e ? 'dd-both' : i ? 'dd-in' : e ? 'dd-out' : 'dd-none';
}

function edgeId(e: GraphEdgeView): string {
  return `${e.kind}:${e.from}>${e.to}`;
}

const STYLE: cytoscape.StylesheetJson = [
  { selector: 'node', style: { 'z-index-compare': 'manual', 'z-index': 10, label: 'data(label)', 'font-size': 9, color: '#1f2937', 'text-valign': 'bottom', 'text-margin-y': 3, width: 20, height: 20, 'background-color': '#cbd5e1', 'border-width': 2, 'border-color': '#64748b', 'text-wrap': 'ellipsis', 'text-max-width': '90px', 'min-zoomed-font-size': 7 } },
  { selector: 'node.entity', style: { shape: 'diamond', 'background-color': '#475569', 'border-color': '#334155' } },
  { selector: 'node.dd-in', style: { 'border-width': 4, 'border-color': '#f59e0b' } },
  { selector: 'node.dd-out', style: { 'border-width': 4, 'border-color': '#2563eb' } },
  { selector: 'node.dd-both', style: { 'border-width': 4, 'border-color': '#dc2626' } },
  // namespace boxes are plain nodes drawn under the others (compound nodes cost seconds at 500 identities)
  { selector: 'node.group', style: { 'background-color': '#f8fafc', 'border-color': '#cbd5e1', 'border-width': 1, shape: 'round-rectangle', width: 'data(width)', height: 'data(height)', label: 'data(label)', 'text-valign': 'top', 'text-halign': 'center', 'text-margin-y': 16, 'font-size': 13, 'font-weight': 'bold', color: '#334155', 'z-index': 0, events: 'no', 'min-zoomed-font-size': 4 } },
  { selector: 'edge', style: { 'z-index-compare': 'manual', 'z-index': 5, width: 1.2, 'curve-style': 'straight', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.7, 'line-color': '#16a34a', 'target-arrow-color': '#16a34a', opacity: 0.55 } },
  { selector: 'edge.l7', style: { 'line-style': 'dashed', 'line-color': '#7c3aed', 'target-arrow-color': '#7c3aed', width: 1.6 } },
  { selector: 'edge.deny', style: { 'line-style': 'dotted', 'line-color': '#dc2626', 'target-arrow-color': '#dc2626', 'target-arrow-shape': 'tee', width: 1.6 } },
  // large graphs: haystack edges (the fastest Cytoscape draws) without arrows; a selected endpoint's edges get them back
  { selector: 'edge.bulk', style: { 'curve-style': 'haystack', 'haystack-radius': 0, 'target-arrow-shape': 'none' } },
  { selector: 'edge.bulk.focus', style: { 'curve-style': 'straight', 'target-arrow-shape': 'triangle' } },
  { selector: 'edge.curved', style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': 22, 'control-point-weights': 0.5 } },
  { selector: '.faded', style: { opacity: 0.12 } },
  { selector: '.hidden', style: { display: 'none' } },
  { selector: 'node.selected', style: { 'background-color': '#f97316', width: 28, height: 28, 'font-weight': 'bold', 'font-size': 11, 'z-index': 10 } },
  { selector: 'edge.focus', style: { opacity: 1, width: 2.4, label: 'data(label)', 'font-size': 9, 'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': '1px', 'text-rotation': 'autorotate', color: '#111827', 'z-index': 9 } },
];

export function GraphView({ params }: { params: URLSearchParams }) {
  const { graph, summary } = useEngine();
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | undefined>(undefined);
  const findRef = useRef<HTMLInputElement>(null);
  const filters = filtersFrom(params);
  const selected = params.get('node') ?? undefined;
  const [find, setFind] = useState('');

  const nodesById = useMemo(() => new Map((graph?.nodes ?? []).map((n) => [String(n.id), n])), [graph]);
  const denyEdges = useMemo(() => (graph?.edges ?? []).filter((e) => e.kind === 'deny'), [graph]);

  const nodes = graph?.nodes;
  const edges = graph?.edges;
  const [edgesShown, setEdgesShown] = useState<readonly GraphEdgeView[] | undefined>(undefined);
  // build the Cytoscape graph once per loaded workspace: the nodes first
  useEffect(() => {
    if (!graph || !nodes || !container.current) return;
    const placed = layoutGraph(nodes);
    const elements: ElementDefinition[] = [];
    for (const b of groupBoxes(placed)) {
      elements.push({ data: { id: `group:${b.name}`, label: b.name === ENTITY_GROUP ? 'entities' : b.name, width: b.width, height: b.height }, position: { x: b.x, y: b.y }, classes: 'group', selectable: false });
    }
    for (const p of placed) {
      elements.push({
        data: { id: String(p.node.id), group: p.group, label: nodeLabel(p.node) },
        position: { x: p.x, y: p.y },
        classes: `${p.node.kind === 'entity' ? 'entity' : 'pods'} ${dirClass(p.node)}`,
      });
    }
    mark('graph-elements');
    const cy = cytoscape({
      container: container.current,
      elements,
      style: STYLE,
      layout: { name: 'preset', fit: true, padding: 30 },
      minZoom: 0.05,
      maxZoom: 4,
      textureOnViewport: nodes.length > 200,
      hideEdgesOnViewport: nodes.length > 200,
      motionBlur: false,
      selectionType: 'single',
      boxSelectionEnabled: false,
      autoungrabify: true,
    });
    cy.on('tap', 'node', (evt) => {
      const id = evt.target.id() as string;
      if (id.startsWith('group:')) return;
      navigate('graph', toParams(filtersFrom(new URLSearchParams(location.hash.split('?')[1] ?? '')), id), true);
    });
    cy.on('tap', (evt) => {
      if (evt.target === cy) navigate('graph', toParams(filtersFrom(new URLSearchParams(location.hash.split('?')[1] ?? '')), undefined), true);
    });
    mark('graph-created');
    // the endpoint card narrows the canvas: Cytoscape must learn its new size, or it draws stretched
    const resize = new ResizeObserver(() => cy.resize());
    resize.observe(container.current);
    cyRef.current = cy;
    window.membraneCy = cy;
    cy.one('render', () => mark('graph-rendered'));
    setEdgesShown(undefined);
    return () => {
      resize.disconnect();
      cy.destroy();
      cyRef.current = undefined;
      if (window.membraneCy === cy) window.membraneCy = undefined;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [nodes]);

  // then the edges, when the worker has them (deny edges are added for the selected endpoint or on request)
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !edges || edges.length === 0 || edgesShown === edges) return;
    // small graphs: curved edges, so a connection and its reverse, or edges along one row, stay apart
    const style = edges.length < 1500 ? ' curved' : ' bulk';
    cy.batch(() => {
      cy.edges().remove();
      cy.add(edges.filter((e) => e.kind !== 'deny').map((e) => ({ group: 'edges' as const, data: { id: edgeId(e), source: String(e.from), target: String(e.to), label: e.ports.join(' '), ports: e.ports }, classes: `${e.kind}${style}` })));
    });
    cy.one('render', () => mark('graph-edges-rendered'));
    setEdgesShown(edges);
  }, [edges, edgesShown]);

  // filters and selection: visibility and emphasis
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !graph) return;
    cy.batch(() => {
      cy.remove('edge.deny');
      const labelNeedle = filters.label.trim().toLowerCase();
      const matches = (n: GraphNode) =>
        (!filters.ns || groupOf(n) === filters.ns) &&
        (!labelNeedle || n.labels.some((l) => l.toLowerCase().includes(labelNeedle)) || n.name.toLowerCase().includes(labelNeedle)) &&
        (filters.entities || n.kind !== 'entity');
      const filtering = !!filters.ns || !!labelNeedle;
      const visible = new Set<string>();
      for (const n of graph.nodes) if (matches(n)) visible.add(String(n.id));
      const portOk = (ports: readonly string[]) => !filters.port || ports.includes(filters.port) || ports.includes('any');
      // with a filter, the matched nodes' direct peers stay visible too
      if (filtering) {
        for (const e of graph.edges) {
          if (e.kind === 'deny' || !portOk(e.ports)) continue;
          const f = String(e.from);
          const t = String(e.to);
          const fromNode = nodesById.get(f);
          const toNode = nodesById.get(t);
          if (!fromNode || !toNode) continue;
          if (!filters.entities && (fromNode.kind === 'entity' || toNode.kind === 'entity')) continue;
          if (visible.has(f) && matches(fromNode)) visible.add(t);
          else if (visible.has(t) && matches(toNode)) visible.add(f);
        }
      }
      const denyShown = filters.deny ? denyEdges : selected ? denyEdges.filter((e) => String(e.from) === selected || String(e.to) === selected) : [];
      const added: ElementDefinition[] = denyShown
        .filter((e) => visible.has(String(e.from)) && visible.has(String(e.to)))
        .slice(0, 5000)
        .map((e) => ({ group: 'edges' as const, data: { id: edgeId(e), source: String(e.from), target: String(e.to), label: `deny ${e.ports.join(' ')}`, ports: e.ports }, classes: graph.edges.length < 1500 ? 'deny curved' : 'deny bulk' }));
      if (added.length > 0) cy.add(added);
      // classes, not style bypasses: one style pass for the whole batch
      const hidden = cy.collection();
      const shownGroups = new Set<string>();
      for (const n of graph.nodes) if (visible.has(String(n.id))) shownGroups.add(groupOf(n));
      cy.nodes().forEach((n) => {
        if (n.hasClass('group')) {
          if (!shownGroups.has(n.id().slice('group:'.length))) hidden.merge(n);
        } else if (!visible.has(n.id())) {
          hidden.merge(n);
        }
      });
      cy.edges().forEach((e) => {
        const show = visible.has(e.source().id()) && visible.has(e.target().id()) && (e.hasClass('deny') || portOk(e.data('ports') as string[]));
        if (!show) hidden.merge(e);
      });
      cy.elements().removeClass('hidden');
      hidden.addClass('hidden');
      cy.elements().removeClass('faded focus selected');
      if (selected && cy.getElementById(selected).nonempty()) {
        const node = cy.getElementById(selected);
        const connected = node.connectedEdges().not('.hidden');
        cy.elements().not(node).not(connected).not(connected.connectedNodes()).not('.group').addClass('faded');
        node.addClass('selected');
        connected.addClass('focus');
      }
    });
    mark('graph-filtered');
  }, [graph, edgesShown, filters.ns, filters.label, filters.port, filters.deny, filters.entities, selected, nodesById, denyEdges]);

  // keyboard: / finds an endpoint, Escape clears the selection
  useEffect(() => {
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
  const found = find.trim()
    ? (graph?.nodes ?? []).filter((n) => n.name.toLowerCase().includes(find.trim().toLowerCase()) || n.pods.some((p) => p.includes(find.trim()))).slice(0, 8)
    : [];
  const selectNode = (id: number | undefined) => {
    navigate('graph', toParams(filters, id === undefined ? undefined : String(id)), true);
    if (id !== undefined) {
      const cy = cyRef.current;
      const el = cy?.getElementById(String(id));
      if (cy && el && el.nonempty()) cy.animate({ center: { eles: el }, zoom: Math.max(cy.zoom(), 1) }, { duration: 200 });
    }
  };
  const namespaces = [...(summary?.namespaces ?? [])];

  return (
    <div className="graph-view">
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
            {(graph?.ports ?? []).map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <label><input type="checkbox" checked={filters.entities} onChange={(e) => setFilter({ entities: e.target.checked })} /> entities</label>
        <label title={`${denyEdges.length} identity pairs with deny rules`}><input type="checkbox" checked={filters.deny} onChange={(e) => setFilter({ deny: e.target.checked })} /> deny edges ({denyEdges.length})</label>
        <Legend />
      </div>
      <div className="graph-body">
        <div className="graph-canvas" ref={container} data-testid="graph" />
        {selected && nodesById.get(selected) && <EndpointCard id={Number(selected)} onClose={() => selectNode(undefined)} onSelect={selectNode} />}
      </div>
    </div>
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
