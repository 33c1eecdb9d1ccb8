/** The connectivity matrix as text, CSV, Markdown, JSON and Graphviz DOT. */

import { CELL_LEGEND, patternText, type CellCode, type Matrix, type MatrixGroup } from '../analysis/matrix.js';
import { csvCell } from './escape-csv.js';
import { mdText } from './escape-markdown.js';
import { escapeText } from './escape-text.js';
import { outputDocument, type OutputDocument } from './serialize.js';

function legend(m: Matrix): string[] {
  const out = ['legend (one character per port, in this order):'];
  out.push(`  ports: ${m.ports.map((p, i) => `${i + 1}=${escapeText(p.label)}${p.source === 'unmentioned' ? ' (named by no policy or container)' : ''}`).join('  ')}`);
  for (const [code, text] of Object.entries(CELL_LEGEND)) out.push(`  ${code}  ${text}`);
  return out;
}

/** Text of each pattern, computed once (a large matrix has few distinct rows of cells). */
function patternTexts(m: Matrix, transform: (p: Uint8Array) => string): (s: number, d: number) => string {
  const texts: (string | undefined)[] = [];
  const D = m.destinations.length;
  return (s, d) => {
    const id = m.pairs[s * D + d]!;
    return (texts[id] ??= transform(m.patterns[id]!));
  };
}

/** The text matrix, line by line (streamed: a 5,000-identity matrix is over a gigabyte of text). */
export function* matrixTextLines(m: Matrix): Generator<string> {
  const P = m.ports.length;
  const width = Math.max(P, String(m.destinations.length).length);
  const rowNames = m.sources.map((s) => escapeText(s.name));
  const nameWidth = Math.min(48, Math.max(6, ...rowNames.map((n) => n.length)));
  yield `${'FROM \\ TO'.padEnd(nameWidth)}  ${m.destinations.map((_, i) => String(i + 1).padEnd(width)).join(' ')}`;
  const cells = patternTexts(m, (p) => patternText(p).padEnd(width));
  for (let s = 0; s < m.sources.length; s++) {
    const full = rowNames[s]!;
    const row: string[] = new Array(m.destinations.length);
    for (let d = 0; d < m.destinations.length; d++) row[d] = cells(s, d);
    const name = full.length > nameWidth ? `${full.slice(0, nameWidth - 1)}…` : full;
    yield `${name.padEnd(nameWidth)}  ${row.join(' ')}`;
  }
  yield '';
  yield 'destinations:';
  for (let i = 0; i < m.destinations.length; i++) {
    const d = m.destinations[i]!;
    yield `  ${String(i + 1).padStart(3)}  ${escapeText(d.name)}${podCount(d)}`;
  }
  yield '';
  yield* legend(m);
}

export function renderMatrixText(m: Matrix): string {
  return [...matrixTextLines(m)].join('\n');
}

/** `  (2 pods)`, `  (2 pods, synthesized from their workload)`; empty for entities. */
function podCount(g: MatrixGroup): string {
  if (g.pods.length === 0) return '';
  const synthesized = g.synthesizedPods?.length ?? 0;
  const which = synthesized === 0 ? '' : synthesized === g.pods.length ? ', synthesized from a workload' : `, ${synthesized} synthesized from a workload`;
  return `  (${g.pods.length} pod${g.pods.length === 1 ? '' : 's'}${which})`;
}

function allowedPortsOf(m: Matrix, pattern: Uint8Array): { text: string; any: boolean } {
  const parts: string[] = [];
  let na = true;
  for (let p = 0; p < pattern.length; p++) {
    const c = pattern[p]!;
    if (c !== 5) na = false;
    if (c === 0) parts.push(m.ports[p]!.label);
    if (c === 1) parts.push(`${m.ports[p]!.label} (L7)`);
  }
  if (na) return { text: 'n/a', any: false };
  return { text: parts.join(', '), any: parts.length > 0 };
}

function allowedPorts(m: Matrix): (s: number, d: number) => { text: string; any: boolean } {
  const cache: ({ text: string; any: boolean } | undefined)[] = [];
  const D = m.destinations.length;
  return (s, d) => {
    const id = m.pairs[s * D + d]!;
    return (cache[id] ??= allowedPortsOf(m, m.patterns[id]!));
  };
}

export function* matrixMarkdownLines(m: Matrix): Generator<string> {
  const esc = mdText;
  yield `| from \\ to | ${m.destinations.map((d) => esc(d.name)).join(' | ')} |`;
  yield `| --- | ${m.destinations.map(() => '---').join(' | ')} |`;
  const allowed = allowedPorts(m);
  for (let s = 0; s < m.sources.length; s++) {
    const cells = m.destinations.map((_, d) => {
      const a = allowed(s, d);
      return a.text === 'n/a' ? 'n/a' : a.any ? esc(a.text) : '—';
    });
    yield `| ${esc(m.sources[s]!.name)} | ${cells.join(' | ')} |`;
  }
  yield '';
  yield `Cells list the allowed ports among ${esc(m.ports.map((p) => p.label).join(', '))}; "(L7)": HTTP/DNS rules then decide per request; —: none allowed.`;
}

export function renderMatrixMarkdown(m: Matrix): string {
  return [...matrixMarkdownLines(m)].join('\n');
}

export function* matrixCsvLines(m: Matrix): Generator<string> {
  yield 'source,destination,protocol,port,verdict,code';
  const q = csvCell;
  const codes: CellCode[] = ['A', 'L', 'E', 'I', 'X', '-'];
  for (let s = 0; s < m.sources.length; s++) {
    const src = q(m.sources[s]!.name);
    for (let d = 0; d < m.destinations.length; d++) {
      const dst = q(m.destinations[d]!.name);
      const pattern = m.patterns[m.pairs[s * m.destinations.length + d]!]!;
      const lines: string[] = [];
      for (let p = 0; p < pattern.length; p++) {
        const code = codes[pattern[p]!]!;
        if (code === '-') continue;
        const port = m.ports[p]!;
        const verdict = code === 'A' || code === 'L' ? 'allow' : 'deny';
        lines.push(`${src},${dst},${port.protocol},${port.port},${verdict},${code}`);
      }
      if (lines.length > 0) yield lines.join('\n');
    }
  }
}

export function renderMatrixCsv(m: Matrix): string {
  return [...matrixCsvLines(m)].join('\n');
}

export function matrixJson(m: Matrix): OutputDocument {
  return outputDocument('ConnectivityMatrix', {
    legend: CELL_LEGEND,
    ports: m.ports,
    sources: m.sources.map((g) => ({ name: g.name, identity: g.identity.id, kind: g.kind, pods: g.pods, ...(g.synthesizedPods?.length ? { synthesizedPods: g.synthesizedPods } : {}) })),
    destinations: m.destinations.map((g) => ({ name: g.name, identity: g.identity.id, kind: g.kind, pods: g.pods, ...(g.synthesizedPods?.length ? { synthesizedPods: g.synthesizedPods } : {}) })),
    cells: m.sources.map((_, s) => m.destinations.map((_, d) => m.ports.map((_, p) => m.cell(s, d, p)).join(''))),
  });
}

export function* matrixDotLines(m: Matrix): Generator<string> {
  // a DOT string: escaped like text, then quoted (JSON's quoting is valid DOT)
  const id = (name: string) => JSON.stringify(escapeText(name));
  yield 'digraph membrane {';
  yield '  rankdir=LR;';
  yield '  node [shape=box, fontname="Helvetica"];';
  const nodes = new Set<string>();
  for (const g of [...m.sources, ...m.destinations]) {
    if (nodes.has(g.name)) continue;
    nodes.add(g.name);
    yield `  ${id(g.name)}${g.kind === 'entity' ? ' [shape=ellipse]' : ''};`;
  }
  const allowed = allowedPorts(m);
  for (let s = 0; s < m.sources.length; s++) {
    const src = m.sources[s]!;
    for (let d = 0; d < m.destinations.length; d++) {
      const dst = m.destinations[d]!;
      const a = allowed(s, d);
      if (!a.any || src === dst) continue;
      yield `  ${id(src.name)} -> ${id(dst.name)} [label=${JSON.stringify(escapeText(a.text))}];`;
    }
  }
  yield '}';
}

export function renderMatrixDot(m: Matrix): string {
  return [...matrixDotLines(m)].join('\n');
}

export function cellName(code: CellCode): string {
  return CELL_LEGEND[code];
}
