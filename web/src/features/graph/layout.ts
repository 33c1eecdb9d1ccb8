/**
 * Positions for the cluster graph: namespaces are boxes packed in rows to the canvas's
 * shape, identities a grid inside their box (a circle for a few), entities in a box of their
 * own. Computed directly (no force layout), so 500 identities are placed in about a
 * millisecond and the picture is stable from one load to the next.
 */

import type { GraphNode } from '../../../../src/analysis/graph.js';

export const ENTITY_GROUP = '(entities)';
const SPACING = 78;
const GROUP_GAP = 70;

export interface Placed {
  readonly node: GraphNode;
  readonly group: string;
  readonly x: number;
  readonly y: number;
}

export function groupOf(n: GraphNode): string {
  return n.kind === 'entity' ? ENTITY_GROUP : n.namespace ?? '';
}

export interface GroupBox {
  readonly name: string;
  readonly members: number;
  /** center and size, with room for the members' labels */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface GraphLayout {
  readonly placed: readonly Placed[];
  readonly boxes: readonly GroupBox[];
  /** the whole drawing */
  readonly width: number;
  readonly height: number;
}

interface Shape {
  readonly name: string;
  readonly members: GraphNode[];
  readonly circle: boolean;
  readonly radius: number;
  readonly cols: number;
  /** the title's height */
  readonly title: number;
  readonly width: number;
  readonly height: number;
}

export interface LayoutOptions {
  /** the canvas's width / height */
  readonly aspect: number;
  /** the namespaces' titles: their font size in graph units, and their text (a box is at least as wide) */
  readonly titleSize: number;
  readonly title: (group: string, members: number) => string;
}

function shapeOf(name: string, members: GraphNode[], options: LayoutOptions): Shape {
  // a few members sit on a circle (no edge between two of them crosses a third), many on a grid;
  // entities in a column, their names (drawn large: they are landmarks) one under the other
  const entities = name === ENTITY_GROUP;
  const circle = !entities && members.length >= 3 && members.length <= 10;
  const radius = circle ? Math.max(SPACING * 0.8, (SPACING * members.length) / (2 * Math.PI)) : 0;
  const cols = circle || entities ? 1 : Math.max(1, Math.ceil(Math.sqrt(members.length * 1.3)));
  const rows = circle ? 1 : Math.ceil(members.length / cols);
  const longest = entities ? Math.max(...members.map((m) => m.name.length)) : 0;
  const titleWidth = Math.max(options.title(name, members.length).length, longest * 0.85) * options.titleSize * 0.62 + 16;
  return {
    name,
    members,
    circle,
    radius,
    cols,
    title: options.titleSize * 1.4,
    width: Math.max(titleWidth, circle ? 2 * radius + SPACING : cols * SPACING),
    height: (circle ? 2 * radius + SPACING : rows * SPACING) + options.titleSize * 1.4,
  };
}

/** Shelf packing of the boxes in order, rows at most `maxWidth` wide. */
function pack(shapes: readonly Shape[], maxWidth: number): { x: number; y: number }[] & { width: number; height: number } {
  const out = [] as unknown as { x: number; y: number }[] & { width: number; height: number };
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const s of shapes) {
    if (x > 0 && x + s.width > maxWidth) {
      x = 0;
      y += rowHeight + GROUP_GAP;
      rowHeight = 0;
    }
    out.push({ x, y });
    width = Math.max(width, x + s.width);
    x += s.width + GROUP_GAP;
    rowHeight = Math.max(rowHeight, s.height);
  }
  out.width = width;
  out.height = y + rowHeight;
  return out;
}

/**
 * Places the nodes. Of the row widths that pack the boxes, the one whose drawing has the
 * canvas's shape is taken, so the whole cluster fills the screen at the largest scale (not
 * a tall column of boxes).
 */
export function layoutGraph(nodes: readonly GraphNode[], options: LayoutOptions): GraphLayout {
  const { aspect } = options;
  const groups = new Map<string, GraphNode[]>();
  for (const n of nodes) {
    const g = groupOf(n);
    const list = groups.get(g) ?? [];
    list.push(n);
    groups.set(g, list);
  }
  const names = [...groups.keys()].sort((a, b) => (a === ENTITY_GROUP ? 1 : b === ENTITY_GROUP ? -1 : a.localeCompare(b)));
  const shapes = names.map((name) => shapeOf(name, groups.get(name)!.sort((a, b) => a.name.localeCompare(b.name)), options));
  const widest = Math.max(...shapes.map((s) => s.width));
  const total = shapes.reduce((w, s) => w + s.width + GROUP_GAP, 0);
  // the scale a drawing is shown at is min(W / width, H / height): the best fills the canvas
  let best = pack(shapes, widest);
  let bestScale = 0;
  for (let i = 0; i <= 40; i++) {
    const maxWidth = widest + ((total - widest) * i) / 40;
    const p = pack(shapes, maxWidth);
    const scale = Math.min(aspect / p.width, 1 / p.height);
    // (ties: the narrower drawing, so rows stay full)
    if (scale > bestScale * 1.0001) {
      best = p;
      bestScale = scale;
    }
  }
  const placed: Placed[] = [];
  const boxes: GroupBox[] = [];
  shapes.forEach((s, gi) => {
    const { x: left, y } = best[gi]!;
    const top = y + s.title;
    // members centred in a box widened for its title
    const x = left + (s.width - (s.circle ? 2 * s.radius + SPACING : s.cols * SPACING)) / 2;
    s.members.forEach((node, i) => {
      if (s.circle) {
        const a = -Math.PI / 2 + (2 * Math.PI * i) / s.members.length;
        placed.push({ node, group: s.name, x: x + SPACING / 2 + s.radius + s.radius * Math.cos(a), y: top + SPACING / 2 + s.radius + s.radius * Math.sin(a) });
      } else {
        placed.push({ node, group: s.name, x: x + SPACING / 2 + (i % s.cols) * SPACING, y: top + SPACING / 2 + Math.floor(i / s.cols) * SPACING });
      }
    });
    boxes.push({ name: s.name, members: s.members.length, x: left + s.width / 2, y: y + s.height / 2, width: s.width, height: s.height });
  });
  return { placed, boxes, width: best.width, height: best.height };
}

/** The labels that name an identity best, most telling first. */
const NAME_KEYS = ['app', 'app.kubernetes.io/name', 'k8s-app', 'name', 'app.kubernetes.io/instance', 'component', 'app.kubernetes.io/component', 'run'];

function primaryLabel(n: GraphNode): string | undefined {
  for (const key of NAME_KEYS) {
    const l = n.labels.find((x) => x.startsWith(`${key}=`));
    if (l) return l;
  }
  return n.labels[0];
}

export interface NodeLabel {
  /** `app=web track=canary ×3`: the naming label, the labels that tell it from a namesake, the replicas */
  readonly label: string;
  /** what is drawn under the node: the same without the naming label's key (`web track=canary ×3`) */
  readonly display: string;
}

/**
 * The names of the nodes: the naming label (`app=web`; the namespace is the box), the labels
 * that tell it from another identity of its namespace with the same name, and the replica
 * count. The card has every label.
 */
export function nodeLabels(nodes: readonly GraphNode[]): Map<number, NodeLabel> {
  const byName = new Map<string, GraphNode[]>();
  const primary = new Map<number, string>();
  for (const n of nodes) {
    const p = n.kind === 'entity' ? n.name : primaryLabel(n) ?? '(no labels)';
    primary.set(n.id, p);
    const key = `${groupOf(n)}\u0000${p}`;
    const list = byName.get(key) ?? [];
    list.push(n);
    byName.set(key, list);
  }
  const out = new Map<number, NodeLabel>();
  for (const list of byName.values()) {
    // the labels every namesake has do not tell them apart
    const shared = list.length > 1 ? list.map((n) => new Set(n.labels)).reduce((a, b) => new Set([...a].filter((l) => b.has(l)))) : undefined;
    for (const n of list) {
      const name = primary.get(n.id)!;
      let extra = '';
      if (shared) {
        const telling = n.labels.filter((l) => !shared.has(l));
        if (telling.length > 0) extra = ` ${telling.slice(0, 2).join(' ')}${telling.length > 2 ? ' …' : ''}`;
      }
      const replicas = n.pods.length > 1 ? ` ×${n.pods.length}` : '';
      const value = n.kind === 'pods' && name.includes('=') ? name.slice(name.indexOf('=') + 1) : name;
      out.set(n.id, { label: `${name}${extra}${replicas}`, display: `${value}${extra}${replicas}` });
    }
  }
  return out;
}

/** `prod:app=web` (the namespace and the labels that name the identity), or the entity's name. */
export function shortName(n: GraphNode, labels: ReadonlyMap<number, NodeLabel>): string {
  if (n.kind === 'entity') return n.name;
  return `${n.namespace}:${labels.get(n.id)?.label.replace(/ ×\d+$/, '') ?? n.name}`;
}
