/** The connectivity matrix as text, CSV, Markdown, JSON and Graphviz DOT. */

import { CELL_LEGEND, type CellCode, type Matrix, type MatrixGroup } from '../analysis/matrix.js';

function legend(m: Matrix): string[] {
  const out = ['legend (one character per port, in this order):'];
  out.push(`  ports: ${m.ports.map((p, i) => `${i + 1}=${p.label}${p.source === 'unmentioned' ? ' (named by no policy or container)' : ''}`).join('  ')}`);
  for (const [code, text] of Object.entries(CELL_LEGEND)) out.push(`  ${code}  ${text}`);
  return out;
}

export function renderMatrixText(m: Matrix): string {
  const P = m.ports.length;
  const width = Math.max(P, String(m.destinations.length).length);
  const rowNames = m.sources.map((s) => s.name);
  const nameWidth = Math.min(48, Math.max(6, ...rowNames.map((n) => n.length)));
  const header = `${'FROM \\ TO'.padEnd(nameWidth)}  ${m.destinations.map((_, i) => String(i + 1).padEnd(width)).join(' ')}`;
  const lines = [header];
  m.sources.forEach((src, s) => {
    const cells = m.destinations.map((_, d) => {
      let text = '';
      for (let p = 0; p < P; p++) text += m.cell(s, d, p);
      return text.padEnd(width);
    });
    const name = src.name.length > nameWidth ? `${src.name.slice(0, nameWidth - 1)}…` : src.name;
    lines.push(`${name.padEnd(nameWidth)}  ${cells.join(' ')}`);
  });
  lines.push('', 'destinations:');
  m.destinations.forEach((d, i) => lines.push(`  ${String(i + 1).padStart(3)}  ${d.name}${podCount(d)}`));
  lines.push('', ...legend(m));
  return lines.join('\n');
}

/** `  (2 pods)`, `  (2 pods, synthesized from their workload)`; empty for entities. */
function podCount(g: MatrixGroup): string {
  if (g.pods.length === 0) return '';
  const synthesized = g.synthesizedPods?.length ?? 0;
  const which = synthesized === 0 ? '' : synthesized === g.pods.length ? ', synthesized from a workload' : `, ${synthesized} synthesized from a workload`;
  return `  (${g.pods.length} pod${g.pods.length === 1 ? '' : 's'}${which})`;
}

function allowedPorts(m: Matrix, s: number, d: number): { text: string; any: boolean } {
  const parts: string[] = [];
  let na = true;
  for (let p = 0; p < m.ports.length; p++) {
    const c = m.cell(s, d, p);
    if (c !== '-') na = false;
    if (c === 'A') parts.push(m.ports[p]!.label);
    if (c === 'L') parts.push(`${m.ports[p]!.label} (L7)`);
  }
  if (na) return { text: 'n/a', any: false };
  return { text: parts.join(', '), any: parts.length > 0 };
}

export function renderMatrixMarkdown(m: Matrix): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `| from \\ to | ${m.destinations.map((d) => esc(d.name)).join(' | ')} |`,
    `| --- | ${m.destinations.map(() => '---').join(' | ')} |`,
  ];
  m.sources.forEach((src, s) => {
    const cells = m.destinations.map((_, d) => {
      const a = allowedPorts(m, s, d);
      return a.text === 'n/a' ? 'n/a' : a.any ? esc(a.text) : '—';
    });
    lines.push(`| ${esc(src.name)} | ${cells.join(' | ')} |`);
  });
  lines.push('', `Cells list the allowed ports among ${m.ports.map((p) => p.label).join(', ')}; "(L7)": HTTP/DNS rules then decide per request; —: none allowed.`);
  return lines.join('\n');
}

export function renderMatrixCsv(m: Matrix): string {
  const lines = ['source,destination,protocol,port,verdict,code'];
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  m.sources.forEach((src, s) => {
    m.destinations.forEach((dst, d) => {
      m.ports.forEach((port, p) => {
        const code = m.cell(s, d, p);
        if (code === '-') return;
        const verdict = code === 'A' || code === 'L' ? 'allow' : 'deny';
        lines.push([q(src.name), q(dst.name), port.protocol, String(port.port), verdict, code].join(','));
      });
    });
  });
  return lines.join('\n');
}

export function matrixJson(m: Matrix): unknown {
  return {
    legend: CELL_LEGEND,
    ports: m.ports,
    sources: m.sources.map((g) => ({ name: g.name, identity: g.identity.id, kind: g.kind, pods: g.pods, ...(g.synthesizedPods?.length ? { synthesizedPods: g.synthesizedPods } : {}) })),
    destinations: m.destinations.map((g) => ({ name: g.name, identity: g.identity.id, kind: g.kind, pods: g.pods, ...(g.synthesizedPods?.length ? { synthesizedPods: g.synthesizedPods } : {}) })),
    cells: m.sources.map((_, s) => m.destinations.map((_, d) => m.ports.map((_, p) => m.cell(s, d, p)).join(''))),
  };
}

export function renderMatrixDot(m: Matrix): string {
  const id = (kind: 'src' | 'dst', name: string) => JSON.stringify(name);
  const lines = ['digraph membrane {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  const nodes = new Set<string>();
  for (const g of [...m.sources, ...m.destinations]) {
    if (nodes.has(g.name)) continue;
    nodes.add(g.name);
    lines.push(`  ${id('src', g.name)}${g.kind === 'entity' ? ' [shape=ellipse]' : ''};`);
  }
  m.sources.forEach((src, s) => {
    m.destinations.forEach((dst, d) => {
      const a = allowedPorts(m, s, d);
      if (!a.any || src === dst) return;
      lines.push(`  ${id('src', src.name)} -> ${id('dst', dst.name)} [label=${JSON.stringify(a.text)}];`);
    });
  });
  lines.push('}');
  return lines.join('\n');
}

export function cellName(code: CellCode): string {
  return CELL_LEGEND[code];
}
