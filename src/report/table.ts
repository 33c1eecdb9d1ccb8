/**
 * Text tables that fit a width: columns two spaces apart, cells of several lines (one label
 * per line, as `cilium-dbg bpf policy get` prints them), and columns marked `wrap` narrowed
 * and wrapped when the table would be wider than `width`. Cells are printed as given: escape
 * input-derived text (escape-text.ts) before it becomes a cell.
 */

export interface TableColumn {
  readonly header: string;
  /** may be narrowed and wrapped to fit the width */
  readonly wrap?: boolean;
}

/** A cell: one line, or several. */
export type TableCell = string | readonly string[];

const GAP = '  ';
const MIN_WRAP_WIDTH = 12;
const MAX_WORD = 24;

function cellLines(cell: TableCell): readonly string[] {
  return typeof cell === 'string' ? [cell] : cell.length > 0 ? cell : [''];
}

// where a line breaks best: at a space, after a list separator (between labels), inside a label
const BREAK_PRIORITY = [' ', ',;', '/=:'];

/** Breaks one line into lines of at most `width` characters: at a space when it can, else after `,;`, else after `/=:`, else anywhere. */
export function wrapLine(line: string, width: number): string[] {
  const out: string[] = [];
  let rest = line;
  const breakAfter = (chars: string): number => {
    for (let i = width; i > width / 3; i--) if (chars.includes(rest[i - 1]!)) return i;
    return -1;
  };
  while (rest.length > width) {
    let cut = rest[width] === ' ' ? width : -1;
    for (const chars of BREAK_PRIORITY) if (cut === -1) cut = breakAfter(chars);
    if (cut === -1) cut = width;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  out.push(rest);
  return out;
}

/** The table's lines; `width` undefined: never wrap. */
export function renderTable(columns: readonly TableColumn[], rows: readonly (readonly TableCell[])[], width?: number): string[] {
  const natural = columns.map((col, i) => Math.max(col.header.length, ...rows.map((r) => Math.max(...cellLines(r[i] ?? '').map((l) => l.length)))));
  const widths = [...natural];
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1);
  if (width !== undefined && total() > width) {
    const wrapping = columns.map((c, i) => (c.wrap ? i : -1)).filter((i) => i >= 0);
    const room = width - (total() - wrapping.reduce((a, i) => a + natural[i]!, 0));
    // not narrower than the longest word (up to MAX_WORD): words are broken only when they must
    const floor = (i: number) =>
      Math.min(natural[i]!, Math.max(MIN_WRAP_WIDTH, columns[i]!.header.length, Math.min(MAX_WORD, Math.max(0, ...rows.flatMap((r) => cellLines(r[i] ?? '').flatMap((l) => l.split(' ').map((w) => w.length)))))));
    if (wrapping.length === 2) {
      // the split of the room that adds the fewest lines (a row is as tall as its tallest cell)
      const [a, b] = wrapping as [number, number];
      const height = (i: number, w: number): ((r: readonly TableCell[]) => number) => {
        const memo = new Map<string, number>();
        return (r) => cellLines(r[i] ?? '').reduce((n, l) => {
          let h = memo.get(l);
          if (h === undefined) memo.set(l, (h = l.length > w ? wrapLine(l, w).length : 1));
          return n + h;
        }, 0);
      };
      let best = { cost: Infinity, wa: floor(a) };
      for (let wa = floor(a); wa <= Math.min(natural[a]!, room - floor(b)); wa++) {
        const ha = height(a, wa);
        const hb = height(b, Math.min(natural[b]!, room - wa));
        let cost = 0;
        for (const r of rows) cost += Math.max(ha(r), hb(r));
        if (cost < best.cost) best = { cost, wa };
      }
      widths[a] = best.wa;
      widths[b] = Math.max(floor(b), Math.min(natural[b]!, room - best.wa));
    } else {
      // narrow columns keep their width, wide ones share the rest
      let left = room;
      [...wrapping].sort((x, y) => natural[x]! - natural[y]!).forEach((i, n) => {
        widths[i] = Math.min(natural[i]!, Math.max(floor(i), Math.floor(left / (wrapping.length - n))));
        left -= widths[i]!;
      });
    }
  }
  const lines: string[] = [];
  const emit = (cells: readonly (readonly string[])[]) => {
    const height = Math.max(...cells.map((c) => c.length));
    for (let l = 0; l < height; l++) {
      lines.push(cells.map((c, i) => (i === cells.length - 1 ? (c[l] ?? '') : (c[l] ?? '').padEnd(widths[i]!))).join(GAP).trimEnd());
    }
  };
  emit(columns.map((c) => [c.header]));
  for (const row of rows) {
    emit(columns.map((_, i) => cellLines(row[i] ?? '').flatMap((line) => (line.length > widths[i]! ? wrapLine(line, widths[i]!) : [line]))));
  }
  return lines;
}
