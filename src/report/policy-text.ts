/**
 * The resolved policy of endpoints as text tables. Default: peers by their short identity
 * name, wrapped to the width (100 columns unless the terminal says otherwise). Wide: every
 * identity label, one per line, as `cilium-dbg bpf policy get` prints them, never wrapped.
 * Default text names policies in DERIVED FROM by kubectl's short kinds (cnp, ccnp, netpol) and
 * rules without the `spec.` every path starts with; a PROXY column only when some entry has one.
 */

import type { DirectionView, MapEntryView, PolicyView } from '../explain/index.js';
import { escapeText } from './escape-text.js';
import { renderTable, wrapLine, type TableCell } from './table.js';

export interface PolicyTextOptions {
  /** every label of each identity, one per line; nothing wrapped */
  readonly wide?: boolean | undefined;
  /** the width to fit (default 100); ignored when wide */
  readonly width?: number | undefined;
}

export const DEFAULT_WIDTH = 100;

/** Labels that only repeat what the namespace and cluster say: left out of summaries. */
function ownLabels(labels: readonly string[]): string[] {
  return labels.filter((l) => !l.startsWith('k8s:io.cilium.k8s.namespace.labels.') && !l.startsWith('gen:') && !l.startsWith('k8s:io.cilium.k8s.policy.cluster'));
}

const SHORT_KINDS: readonly [string, string][] = [
  ['CiliumClusterwideNetworkPolicy/', 'ccnp/'],
  ['CiliumNetworkPolicy/', 'cnp/'],
  ['NetworkPolicy/', 'netpol/'],
];

/** `cnp/default/web ingress[0]`: kubectl's short kind names and no `spec.`, to fit the width. */
function shortDerivation(text: string): string {
  for (const [long, short] of SHORT_KINDS) if (text.startsWith(long)) return `${short}${text.slice(long.length)}`.replace(' spec.', ' ');
  return text;
}

function entryPort(e: MapEntryView): string {
  return e.protocol === 'ANY' ? 'ANY' : `${e.port}/${e.protocol}`;
}

/** A line of text wrapped to the width, continuation lines indented. */
function wrapped(text: string, indent: string, width: number | undefined): string[] {
  if (width === undefined || indent.length + text.length <= width) return [`${indent}${text}`];
  const lines = wrapLine(text, Math.max(20, width - indent.length - 2));
  return lines.map((l, i) => `${indent}${i === 0 ? '' : '  '}${l}`);
}

function direction(name: string, d: DirectionView, options: PolicyTextOptions): string[] {
  const width = options.wide ? undefined : (options.width ?? DEFAULT_WIDTH);
  if (!d.enforced) return [`  ${name}: not enforced (no policy selects this endpoint): everything is allowed`];
  const out = [`  ${name}: enforced, default deny ${d.defaultDeny ? 'on' : 'off'}, ${d.entryCount} map entries`];
  out.push(...wrapped(`selected by ${d.selectedBy.map(escapeText).join(', ')}`, '    ', width));
  for (const c of d.conflicts) out.push(...wrapped(`ERROR: ${escapeText(c)} (Cilium cannot compute this endpoint's policy)`, '    ', width));
  if (d.entries) {
    const rows: TableCell[][] = d.entries.map((e) => [
      `${e.verdict.toUpperCase()}${e.auth ? ` auth=${e.auth}` : ''}`,
      String(e.identity),
      options.wide ? e.labels.map(escapeText) : escapeText(e.peer),
      entryPort(e),
      e.proxy ?? '',
      e.derivedFrom.map((d) => escapeText(options.wide ? d : shortDerivation(d))),
    ]);
    const columns = [
      { header: 'VERDICT' },
      { header: 'IDENTITY' },
      { header: options.wide ? 'LABELS' : 'PEER', wrap: true },
      { header: 'PORT/PROTO' },
      { header: 'PROXY' },
      { header: 'DERIVED FROM', wrap: true },
    ];
    // no L7 redirect at all: the PROXY column would be empty
    const proxy = d.entries.some((e) => e.proxy) ? [] : [4];
    const keep = <T,>(list: readonly T[]) => list.filter((_, i) => !proxy.includes(i));
    // a loop, not push(...lines): an identity can have more map entries than a call has arguments
    for (const l of renderTable(keep(columns), rows.map(keep), width === undefined ? undefined : width - 4)) out.push(`    ${l}`);
  }
  return out;
}

export function renderPolicyText(views: readonly PolicyView[], options: PolicyTextOptions = {}): string {
  const width = options.wide ? undefined : (options.width ?? DEFAULT_WIDTH);
  const out: string[] = [];
  for (const v of views) {
    const pods = v.pods.length <= 3 ? v.pods.join(', ') : `${v.pods.slice(0, 3).join(', ')} and ${v.pods.length - 3} more`;
    out.push(...wrapped(`identity ${v.identity} ${escapeText(v.name)} (${escapeText(pods)})`, '', width));
    if (options.wide) out.push('  labels:', ...v.labels.map((l) => `    ${escapeText(l)}`));
    else out.push(...wrapped(`labels: ${ownLabels(v.labels).map(escapeText).join(', ')}`, '  ', width));
    for (const r of v.envoyRejected ?? []) {
      out.push(...wrapped(`ERROR: Envoy rejects this endpoint's network policy (${escapeText(r.policy)} ${escapeText(r.path)}: ${escapeText(r.problem)}): every connection redirected to Envoy is refused; fix: ${escapeText(r.fix)}`, '  ', width));
    }
    for (const l of direction('ingress', v.ingress, options)) out.push(l);
    for (const l of direction('egress', v.egress, options)) out.push(l);
    out.push('');
  }
  return out.join('\n').trimEnd();
}

/** `policy --all`: one row per identity. */
export function renderPolicySummary(views: readonly PolicyView[], options: PolicyTextOptions = {}): string {
  const dir = (d: DirectionView) => (d.enforced ? `${d.defaultDeny ? 'deny' : 'allow'}-default/${d.entryCount}` : 'open');
  const columns = [{ header: 'IDENTITY' }, { header: 'PODS' }, { header: 'INGRESS' }, { header: 'EGRESS' }, { header: options.wide ? 'LABELS' : 'NAME', wrap: true }];
  const rows = views.map((v) => [
    String(v.identity),
    String(v.pods.length),
    dir(v.ingress),
    dir(v.egress),
    options.wide ? v.labels.map(escapeText) : escapeText(v.name),
  ]);
  return renderTable(columns, rows, options.wide ? undefined : (options.width ?? DEFAULT_WIDTH)).join('\n');
}
