import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useEngine } from '../../app/engine-context.js';
import { navigate } from '../../app/route.js';
import { markAgain } from '../../app/timings.js';
import { nodeLabels, shortName } from '../graph/layout.js';
import type { MatrixData } from '../../worker/protocol.js';

/**
 * The connectivity matrix (membrane matrix) drawn on a canvas: only the visible cells are
 * painted, so 500 x 500 identities scroll as smoothly as 5 x 5.
 */

const CELL = 14;
const LABEL_W = 260;
const HEADER_H = 136;
/** the namespaces' strip at the top of the column headers */
const GROUP_H = 16;
const CODES = ['A', 'L', 'E', 'I', 'X', '-'] as const;
const CODE_TEXT = ['allowed', 'allowed, L7-filtered', "denied by the source's egress", "denied by the destination's ingress", 'denied by both sides', 'not applicable'];
const CODE_COLOR = ['#16a34a', '#7c3aed', '#f59e0b', '#ea580c', '#dc2626', '#e5e7eb'];
// summary of all ports: every port allowed, some allowed, some only through L7, none
const SUMMARY_COLOR = ['#15803d', '#86efac', '#a78bfa', '#fca5a5', '#e5e7eb'];
const SUMMARY_TEXT = ['every port allowed', 'some ports allowed', 'some ports allowed, L7-filtered', 'every port denied', 'not applicable'];

/** The summary code of each distinct row of cells (pairs share rows: a few hundred at 500 x 500). */
function summaryCodes(m: MatrixData): Uint8Array {
  const P = m.ports.length;
  const out = new Uint8Array(P === 0 ? 0 : m.patterns.length / P);
  for (let r = 0; r < out.length; r++) {
    let a = 0;
    let l = 0;
    let na = 0;
    for (let p = 0; p < P; p++) {
      const c = m.patterns[r * P + p]!;
      if (c === 0) a++;
      else if (c === 1) l++;
      else if (c === 5) na++;
    }
    out[r] = na === P ? 4 : a === P ? 0 : l > 0 ? 2 : a > 0 ? 1 : 3;
  }
  return out;
}

/** The code of one cell. */
function cellCode(m: MatrixData, s: number, d: number, p: number): number {
  return m.patterns[m.pairs[s * m.destinations.length + d]! * m.ports.length + p]!;
}

export function MatrixView() {
  const { engine, generation, graph } = useEngine();
  const [m, setM] = useState<MatrixData | undefined>(undefined);
  const [port, setPort] = useState(-1);
  const [cursor, setCursor] = useState<{ s: number; d: number }>({ s: 0, d: 0 });
  const [hover, setHover] = useState<{ s: number; d: number; x: number; y: number; cx: number; cy: number } | undefined>(undefined);
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    let live = true;
    void engine.call('matrix', null).then((data) => live && setM(data));
    return () => { live = false; };
  }, [engine, generation]);
  const summary = useMemo(() => (m ? summaryCodes(m) : undefined), [m]);
  // short names (`prod:app=web`) and namespaces, from the graph's nodes (the same identities)
  const axes = useMemo(() => {
    const nodes = graph?.nodes ?? [];
    const labels = nodeLabels(nodes);
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const axis = (names: readonly string[]) => names.map((name) => {
      const n = byName.get(name);
      if (!n) return { row: name, column: name, group: '' };
      const l = labels.get(n.id);
      return { row: shortName(n, labels), column: l ? l.display.replace(/ ×\d+$/, '') : name, group: n.kind === 'entity' ? 'entities' : n.namespace ?? '' };
    });
    return m ? { sources: axis(m.sources), destinations: axis(m.destinations) } : undefined;
  }, [m, graph?.nodes]);

  const code = useCallback((s: number, d: number) => {
    if (!m || !summary) return 0;
    return port === -1 ? summary[m.pairs[s * m.destinations.length + d]!]! : cellCode(m, s, d, port);
  }, [m, summary, port]);

  const draw = useCallback(() => {
    const el = scroller.current;
    const cv = canvas.current;
    if (!el || !cv || !m || !axes) return;
    const dpr = window.devicePixelRatio || 1;
    const w = el.clientWidth;
    const h = el.clientHeight;
    if (cv.width !== w * dpr || cv.height !== h * dpr) {
      cv.width = w * dpr;
      cv.height = h * dpr;
      cv.style.width = `${w}px`;
      cv.style.height = `${h}px`;
    }
    const ctx = cv.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const sx = el.scrollLeft;
    const sy = el.scrollTop;
    const S = m.sources.length;
    const D = m.destinations.length;
    const d0 = Math.max(0, Math.floor(sx / CELL));
    const d1 = Math.min(D, Math.ceil((sx + w - LABEL_W) / CELL) + 1);
    const s0 = Math.max(0, Math.floor(sy / CELL));
    const s1 = Math.min(S, Math.ceil((sy + h - HEADER_H) / CELL) + 1);
    const colors = port === -1 ? SUMMARY_COLOR : CODE_COLOR;
    // one path per colour: a few fills per frame, not a fill style per cell
    const paths = colors.map(() => new Path2D());
    for (let s = s0; s < s1; s++) {
      const y = HEADER_H + s * CELL - sy;
      for (let d = d0; d < d1; d++) paths[code(s, d)]!.rect(LABEL_W + d * CELL - sx, y, CELL - 1, CELL - 1);
    }
    paths.forEach((path, c) => {
      ctx.fillStyle = colors[c]!;
      ctx.fill(path);
    });
    // a line where the namespace changes
    ctx.fillStyle = '#475569';
    for (let s = Math.max(1, s0); s < s1; s++) if (axes.sources[s]!.group !== axes.sources[s - 1]!.group) ctx.fillRect(LABEL_W, HEADER_H + s * CELL - sy - 1, w, 1);
    for (let d = Math.max(1, d0); d < d1; d++) if (axes.destinations[d]!.group !== axes.destinations[d - 1]!.group) ctx.fillRect(LABEL_W + d * CELL - sx - 1, HEADER_H, 1, h);
    // cursor
    const cx = LABEL_W + cursor.d * CELL - sx;
    const cy = HEADER_H + cursor.s * CELL - sy;
    ctx.strokeStyle = '#111827';
    ctx.lineWidth = 2;
    ctx.strokeRect(cx - 1, cy - 1, CELL + 1, CELL + 1);
    // row labels
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, HEADER_H, LABEL_W, h);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    for (let s = s0; s < s1; s++) {
      const y = HEADER_H + s * CELL - sy;
      ctx.fillStyle = s === cursor.s ? '#111827' : '#374151';
      const label = `${axes.sources[s]!.row}${m.sourcePods[s]! > 1 ? ` ×${m.sourcePods[s]}` : ''}`;
      ctx.fillText(label.length > 42 ? `${label.slice(0, 41)}…` : label, 6, y + CELL / 2, LABEL_W - 10);
    }
    // column headers
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, w, HEADER_H);
    ctx.save();
    for (let d = d0; d < d1; d++) {
      const x = LABEL_W + d * CELL - sx;
      ctx.save();
      ctx.translate(x + CELL / 2, HEADER_H - 4);
      ctx.rotate(-Math.PI / 2);
      ctx.fillStyle = d === cursor.d ? '#111827' : '#374151';
      const label = axes.destinations[d]!.column;
      ctx.fillText(label.length > 16 ? `${label.slice(0, 15)}…` : label, 0, 0);
      ctx.restore();
    }
    ctx.restore();
    // the namespaces over their columns
    ctx.fillStyle = '#f1f5f9';
    ctx.fillRect(LABEL_W, 0, w, GROUP_H);
    ctx.font = 'bold 11px system-ui, sans-serif';
    for (let d = d0; d < d1;) {
      const group = axes.destinations[d]!.group;
      let end = d + 1;
      while (end < D && axes.destinations[end]!.group === group) end++;
      const x0 = Math.max(LABEL_W, LABEL_W + d * CELL - sx);
      const x1 = LABEL_W + end * CELL - sx;
      ctx.fillStyle = '#334155';
      if (x1 - x0 > 12) ctx.fillText(group, x0 + 3, GROUP_H / 2, x1 - x0 - 6);
      ctx.fillStyle = '#475569';
      ctx.fillRect(x1 - 1, 0, 1, GROUP_H);
      d = end;
    }
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, LABEL_W, HEADER_H);
    ctx.fillStyle = '#6b7280';
    ctx.fillText('FROM ↓   TO →', 6, HEADER_H - 10);
    markAgain('matrix-drawn');
  }, [m, axes, code, cursor, port]);

  useEffect(() => {
    draw();
    const el = scroller.current;
    if (!el) return;
    // one drawing per frame, however many scroll events it had
    let frame = 0;
    const on = () => {
      if (frame === 0) frame = requestAnimationFrame(() => { frame = 0; draw(); });
    };
    el.addEventListener('scroll', on, { passive: true });
    window.addEventListener('resize', on);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('scroll', on);
      window.removeEventListener('resize', on);
    };
  }, [draw]);

  const cellAt = (e: React.MouseEvent) => {
    const el = scroller.current!;
    const r = el.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    if (x < LABEL_W || y < HEADER_H || !m) return undefined;
    const d = Math.floor((x - LABEL_W + el.scrollLeft) / CELL);
    const s = Math.floor((y - HEADER_H + el.scrollTop) / CELL);
    if (s >= m.sources.length || d >= m.destinations.length) return undefined;
    return { s, d, x, y, cx: e.clientX, cy: e.clientY };
  };
  const traceCell = (s: number, d: number) => {
    if (!m) return;
    const P = m.ports.length;
    // the chosen port, else the first port that is allowed, else the first port
    let p = port;
    if (p === -1) {
      p = 0;
      for (let i = 0; i < P; i++) if (cellCode(m, s, d, i) <= 1) { p = i; break; }
    }
    navigate('trace', { from: m.sourceRefs[s], to: m.destinationRefs[d], port: m.ports[p] });
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (!m) return;
    const move: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const delta = move[e.key];
    if (delta) {
      e.preventDefault();
      const s = Math.min(m.sources.length - 1, Math.max(0, cursor.s + delta[0]));
      const d = Math.min(m.destinations.length - 1, Math.max(0, cursor.d + delta[1]));
      setCursor({ s, d });
      const el = scroller.current!;
      const y = s * CELL;
      const x = d * CELL;
      if (y < el.scrollTop) el.scrollTop = y;
      if (y + CELL > el.scrollTop + el.clientHeight - HEADER_H) el.scrollTop = y + CELL - el.clientHeight + HEADER_H;
      if (x < el.scrollLeft) el.scrollLeft = x;
      if (x + CELL > el.scrollLeft + el.clientWidth - LABEL_W) el.scrollLeft = x + CELL - el.clientWidth + LABEL_W;
    } else if (e.key === 'Enter') {
      traceCell(cursor.s, cursor.d);
    }
  };

  if (!m) return <div className="status loading">Computing the matrix…</div>;
  const hoverInfo = hover && (() => {
    const P = m.ports.length;
    const byCode = new Map<number, string[]>();
    for (let p = 0; p < P; p++) {
      const c = cellCode(m, hover.s, hover.d, p);
      byCode.set(c, [...(byCode.get(c) ?? []), m.ports[p]!]);
    }
    return (
      <div className="tooltip" style={{ left: Math.min(hover.cx + 16, window.innerWidth - 400), top: Math.min(hover.cy + 16, window.innerHeight - 160) }}>
        <strong>{m.sources[hover.s]}</strong> → <strong>{m.destinations[hover.d]}</strong>
        {[...byCode].map(([c, ports]) => (
          <div key={c}><span className="swatch" style={{ background: CODE_COLOR[c] }} /> {CODE_TEXT[c]}: {ports.length === P ? 'every port' : ports.join(', ')}</div>
        ))}
        <div className="muted">click to trace</div>
      </div>
    );
  })();
  return (
    <div className="matrix-view">
      <div className="toolbar">
        <span>{m.sources.length} × {m.destinations.length} endpoints, {m.ports.length} ports</span>
        <label>
          Port{' '}
          <select value={port} onChange={(e) => setPort(Number(e.target.value))} aria-label="matrix port">
            <option value={-1}>all ports (summary)</option>
            {m.ports.map((p, i) => <option key={p} value={i}>{p}</option>)}
          </select>
        </label>
        <div className="legend">
          {(port === -1 ? SUMMARY_TEXT : CODE_TEXT).map((t, i) => (
            <span key={t}><i className="swatch" style={{ background: (port === -1 ? SUMMARY_COLOR : CODE_COLOR)[i] }} /> {port === -1 ? '' : `${CODES[i]} `}{t}</span>
          ))}
        </div>
        <span className="muted">arrows move, Enter traces</span>
      </div>
      <div
        className="matrix-scroller"
        ref={scroller}
        tabIndex={0}
        onKeyDown={onKey}
        onMouseMove={(e) => setHover(cellAt(e))}
        onMouseLeave={() => setHover(undefined)}
        onClick={(e) => { const c = cellAt(e); if (c) { setCursor(c); traceCell(c.s, c.d); } }}
        data-testid="matrix"
        aria-label="connectivity matrix"
      >
        <div style={{ width: LABEL_W + m.destinations.length * CELL, height: HEADER_H + m.sources.length * CELL }}>
          <canvas ref={canvas} className="matrix-canvas" />
        </div>
      </div>
      {hoverInfo}
    </div>
  );
}
