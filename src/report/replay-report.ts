/** `membrane replay` reports: text, JSON (stable fields) and Markdown. */

import type { FidelityCounts, ReplayExample, ReplayGroup, ReplayReport } from '../analysis/replay.js';
import { htmlText, mdCode, mdFence, mdText } from './escape-markdown.js';
import { escapeText } from './escape-text.js';
import { renderExplanationText } from './explanation-text.js';
import { outputDocument, type OutputDocument } from './serialize.js';

export interface ReplayRenderOptions {
  /** examples printed per group (text, Markdown); the report keeps at most what it collected */
  readonly examples?: number | undefined;
  /** groups printed per list (text, Markdown; default 20) */
  readonly groups?: number | undefined;
}

const n = (x: number): string => x.toLocaleString('en-US');
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const plural = (count: number, one: string, many = `${one}s`): string => `${n(count)} ${count === 1 ? one : many}`;

const SKIP_LABELS: Readonly<Record<string, string>> = {
  reply: 'replies',
  established: 'established TCP packets',
  trace: 'trace events',
  duplicate: 'duplicate drop notifications',
  repeat: 'repeated observations of a judged connection side',
  'non-policy-drop': 'non-policy drops',
  'l7-other': 'other L7 records',
  'no-verdict': 'records without a verdict',
  'no-l4': 'records without L4',
};

function skippedText(r: ReplayReport): string {
  const parts = Object.entries(r.totals.skipped)
    .filter(([, c]) => c > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, c]) => `${n(c)} ${SKIP_LABELS[k] ?? k}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function kindsText(r: ReplayReport): string {
  const k = r.fidelity.byKind;
  return `L3/L4 ${n(k.l3l4.decisions)}, HTTP ${n(k.http.decisions)}, DNS ${n(k.dns.decisions)}`;
}

function inputsText(r: ReplayReport): string {
  if (r.inputs.length === 0) return '';
  if (r.inputs.length <= 3) return ` (${r.inputs.join(', ')})`;
  return ` (${r.inputs.slice(0, 3).join(', ')} and ${r.inputs.length - 3} more)`;
}

function headline(r: ReplayReport): string {
  const p = r.policies;
  return `Replay of ${plural(r.totals.records, 'record')}${inputsText(r)} against ${plural(p.accepted, 'policy', 'policies')}${p.rejected > 0 ? ` (${n(p.rejected)} rejected, ignored)` : ''}`;
}

function fidelityRow(label: string, c: FidelityCounts, width: number): string {
  return `  ${label.padEnd(width)}${n(c.decisions).padStart(11)}${n(c.agree).padStart(10)}${n(c.nowDropped).padStart(13)}${n(c.nowAllowed).padStart(13)}`;
}

function groupTitle(g: ReplayGroup): string {
  const side = g.direction === 'none' ? 'no enforcing endpoint' : `${g.direction} of ${g.endpoint}`;
  const id = g.identity ? ` [identity ${g.identity.id}${g.identifiedBy.includes('labels') ? ', known by labels' : ''}]` : '';
  return `${side}${id}: ${plural(g.flows, 'flow')}`;
}

function observedText(g: ReplayGroup): string {
  return Object.entries(g.observed).map(([k, c]) => `${k} ${n(c)}`).join(', ');
}

function exampleHeader(e: ReplayExample): string {
  const where = [e.time, e.node ? `on ${e.node}` : undefined, e.location ? `(${e.location})` : undefined].filter(Boolean).join(' ');
  const rec = `recorded ${e.observed.verdict}${e.observed.dropReason ? ` ${e.observed.dropReason}` : ''}${e.observed.direction !== 'UNKNOWN' ? ` at ${e.observed.direction.toLowerCase()}` : ''}`;
  return `${e.flow}: ${rec}${where ? `, ${where}` : ''}`;
}

function groupText(g: ReplayGroup, index: number, examples: number): string[] {
  const out = [`  ${index}. ${groupTitle(g)}`];
  const pad = '     ';
  out.push(`${pad}${g.decision.summary}`);
  if (g.pods.length > 0 && !(g.pods.length === 1 && g.pods[0] === g.endpoint)) out.push(`${pad}endpoints: ${g.pods.join(', ')}`);
  out.push(`${pad}peers: ${g.peers.map((p) => `${p.peer} (${n(p.count)})`).join('; ')}`);
  out.push(`${pad}recorded: ${observedText(g)}${g.observedPolicies.length > 0 ? `; Cilium named ${g.observedPolicies.join(', ')}` : ''}`);
  if (g.firstSeen) out.push(`${pad}seen ${g.firstSeen}${g.lastSeen && g.lastSeen !== g.firstSeen ? ` .. ${g.lastSeen}` : ''}`);
  for (const e of g.examples.slice(0, examples)) {
    out.push(`${pad}example: ${exampleHeader(e)}`);
    out.push(...renderExplanationText(e.explanation, `${pad}  `).split('\n'));
  }
  return out;
}

function groupsText(title: string, list: { flows: number; groups: readonly ReplayGroup[] }, options: ReplayRenderOptions): string[] {
  const out = [`${title}: ${plural(list.flows, 'flow')}${list.groups.length > 0 ? ` in ${plural(list.groups.length, 'group')}` : ''}`];
  const max = options.groups ?? 20;
  list.groups.slice(0, max).forEach((g, i) => out.push(...groupText(g, i + 1, options.examples ?? 1)));
  if (list.groups.length > max) out.push(`  ... and ${plural(list.groups.length - max, 'more group')} (see -o json)`);
  return out;
}

export function renderReplayText(r: ReplayReport, options: ReplayRenderOptions = {}): string {
  const t = r.totals;
  const out: string[] = [headline(r)];
  if (t.firstSeen) out.push(`  recorded ${t.firstSeen}${t.lastSeen && t.lastSeen !== t.firstSeen ? ` .. ${t.lastSeen}` : ''}`);
  out.push('');
  out.push(`Records: ${plural(t.flows, 'flow')}, ${plural(t.nonFlowRecords, 'other record')}, ${plural(t.malformed, 'malformed line')}`);
  out.push(`Decisions compared: ${n(t.decisions)} (${kindsText(r)}) on ${plural(t.connections, 'connection')}; DNS responses: ${n(t.dnsResponses)}`);
  out.push(`Skipped: ${skippedText(r)}`);
  const e = r.endpoints;
  out.push(`Endpoints: ${n(e.manifest)} from the manifests, ${n(e.labels)} known only by labels, ${n(e.entity)} reserved, ${n(e.world)} outside the cluster; ${plural(t.unresolved, 'flow')} with an unresolved endpoint`);
  if (r.endpointsCounted !== 'exact') out.push(`  (endpoint counts are ${r.endpointsCounted})`);
  out.push('');
  const f = r.fidelity;
  out.push(`Fidelity: ${n(f.total.agree)} of ${plural(f.total.decisions, 'decision')} agree (${pct(f.agreement)}); ${n(f.total.nowDropped)} would now be dropped, ${n(f.total.nowAllowed)} would now be allowed`);
  const all: [string, FidelityCounts][] = [
    ['egress', f.byDirection.egress],
    ['ingress', f.byDirection.ingress],
    ['direction unknown', f.byDirection.unknown],
    ['L3/L4', f.byKind.l3l4],
    ['HTTP', f.byKind.http],
    ['DNS', f.byKind.dns],
    ...Object.entries(f.byObserved).map(([k, c]): [string, FidelityCounts] => [`recorded ${k}`, c]),
  ];
  const rows = all.filter(([, c]) => c.decisions > 0);
  const width = Math.max(18, ...rows.map(([l]) => l.length + 2));
  out.push(`  ${''.padEnd(width)}${'decisions'.padStart(11)}${'agree'.padStart(10)}${'now dropped'.padStart(13)}${'now allowed'.padStart(13)}`);
  for (const [label, c] of rows) out.push(fidelityRow(label, c, width));
  out.push('');
  for (const x of groupsText('Would now be dropped (recorded FORWARDED, the policies deny)', r.nowDropped, options)) out.push(x);
  out.push('');
  for (const x of groupsText('Would now be allowed (recorded DROPPED by policy or AUDIT, the policies allow)', r.nowAllowed, options)) out.push(x);
  if (r.byPolicy.length > 0) {
    out.push('');
    out.push('By policy:');
    const w = r.byPolicy.reduce((m, p) => Math.max(m, p.policy.length), 0);
    for (const p of r.byPolicy) {
      out.push(`  ${p.policy.padEnd(w)}  now drops ${n(p.nowDropped).padStart(6)}  now allows ${n(p.nowAllowed).padStart(6)}  (${p.roles.join(', ')})`);
    }
  }
  out.push('');
  const d = r.dns;
  out.push(`DNS: ${plural(d.responses, 'response')}; ${n(d.learned)} taught a node new names, ${n(d.noAnswer)} carried no answer, ${n(d.notProxied)} would not pass the DNS proxy under these policies`);
  for (const [node, names] of Object.entries(d.names)) {
    const list = Object.entries(names).map(([name, ips]) => `${name} -> ${ips.join(', ')}`);
    out.push(`  ${node || '(unknown node)'}: ${list.slice(0, 8).join('; ')}${list.length > 8 ? `; ... ${list.length - 8} more` : ''}`);
  }
  if (r.unresolved.length > 0) {
    out.push('');
    out.push('Unresolved endpoints:');
    for (const u of r.unresolved) out.push(`  ${plural(u.count, 'flow')}: ${u.reason}${u.example ? ` (e.g. ${u.example})` : ''}`);
  }
  if (t.malformed > 0) {
    out.push('');
    out.push(`Malformed lines: ${n(t.malformed)}${t.malformed > r.malformed.length ? ` (first ${r.malformed.length} shown)` : ''}`);
    for (const m of r.malformed) out.push(`  ${m.location}: ${m.message}`);
  }
  // endpoints, labels, names and messages come from the recording: each line escaped as a whole
  // (explanations arrive as lines already escaped; escaping again changes nothing)
  return out.map(escapeText).join('\n');
}

/** The JSON document of `membrane replay -o json`: scripts may rely on these fields. */
export function replayReportJson(r: ReplayReport): OutputDocument {
  return outputDocument('ReplayReport', r);
}

// --- Markdown ---------------------------------------------------------------------------

const md = mdText;

function fidelityTable(r: ReplayReport): string[] {
  const f = r.fidelity;
  const out = ['| | decisions | agree | would now be dropped | would now be allowed |', '|---|---:|---:|---:|---:|'];
  const row = (label: string, c: FidelityCounts): string => `| ${md(label)} | ${n(c.decisions)} | ${n(c.agree)} | ${n(c.nowDropped)} | ${n(c.nowAllowed)} |`;
  out.push(row('**all**', f.total));
  for (const [label, c] of [['egress', f.byDirection.egress], ['ingress', f.byDirection.ingress], ['direction unknown', f.byDirection.unknown], ['L3/L4', f.byKind.l3l4], ['HTTP', f.byKind.http], ['DNS', f.byKind.dns]] as [string, FidelityCounts][]) {
    if (c.decisions > 0) out.push(row(label, c));
  }
  for (const [k, c] of Object.entries(f.byObserved)) out.push(row(`recorded ${k}`, c));
  return out;
}

function groupsMarkdown(title: string, list: { flows: number; groups: readonly ReplayGroup[] }, options: ReplayRenderOptions): string[] {
  const out = [`## ${title}`, '', `${plural(list.flows, 'flow')}${list.groups.length > 0 ? ` in ${plural(list.groups.length, 'group')}` : ''}.`, ''];
  if (list.groups.length === 0) return out;
  const max = options.groups ?? 20;
  out.push('| # | side | endpoint | flows | decided by | peers |', '|---:|---|---|---:|---|---|');
  list.groups.slice(0, max).forEach((g, i) => {
    const endpoint = `${g.endpoint}${g.identifiedBy.includes('labels') ? ' (known by labels)' : ''}`;
    const peers = g.peers.slice(0, 3).map((p) => md(`${p.peer} (${n(p.count)})`)).join('<br>');
    out.push(`| ${i + 1} | ${md(g.direction)} | ${md(endpoint)} | ${n(g.flows)} | ${md(g.decision.summary)} | ${peers} |`);
  });
  if (list.groups.length > max) out.push('', `... and ${plural(list.groups.length - max, 'more group')} (see \`-o json\`).`);
  const examples = options.examples ?? 1;
  if (examples > 0) {
    out.push('');
    list.groups.slice(0, max).forEach((g, i) => {
      for (const e of g.examples.slice(0, examples)) {
        out.push(`<details><summary>${i + 1}. ${htmlText(exampleHeader(e))}</summary>`, '', ...mdFence(renderExplanationText(e.explanation)), '', '</details>', '');
      }
    });
  }
  return out;
}

export function renderReplayMarkdown(r: ReplayReport, options: ReplayRenderOptions = {}): string {
  const t = r.totals;
  const out: string[] = [`# ${md(headline(r))}`, ''];
  if (t.firstSeen) out.push(`Recorded ${md(t.firstSeen)}${t.lastSeen && t.lastSeen !== t.firstSeen ? ` .. ${md(t.lastSeen)}` : ''}.`, '');
  out.push(
    '| records | flows | decisions compared | DNS responses | skipped | malformed lines | unresolved |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${n(t.records)} | ${n(t.flows)} | ${n(t.decisions)} | ${n(t.dnsResponses)} | ${n(Object.values(t.skipped).reduce((a, b) => a + b, 0))} | ${n(t.malformed)} | ${n(t.unresolved)} |`,
    '',
    `Skipped: ${skippedText(r)}.`,
    '',
    `## Fidelity: ${pct(r.fidelity.agreement)} agree`,
    '',
    ...fidelityTable(r),
    '',
    ...groupsMarkdown('Would now be dropped', r.nowDropped, options),
    ...groupsMarkdown('Would now be allowed', r.nowAllowed, options),
  );
  if (r.byPolicy.length > 0) {
    out.push('## By policy', '', '| policy | now drops | now allows | as |', '|---|---:|---:|---|');
    for (const p of r.byPolicy) out.push(`| ${md(p.policy)} | ${n(p.nowDropped)} | ${n(p.nowAllowed)} | ${md(p.roles.join(', '))} |`);
    out.push('');
  }
  const d = r.dns;
  out.push('## DNS', '', `${plural(d.responses, 'response')}: ${n(d.learned)} taught a node new names, ${n(d.noAnswer)} carried no answer, ${n(d.notProxied)} would not pass the DNS proxy under these policies.`, '');
  const learned = Object.entries(d.names).flatMap(([node, names]) => Object.entries(names).map(([name, ips]) => `| ${md(node)} | ${md(name)} | ${md(ips.join(', '))} |`));
  if (learned.length > 0) out.push('| node | name | addresses |', '|---|---|---|', ...learned, '');
  if (r.unresolved.length > 0) {
    out.push('## Unresolved endpoints', '');
    for (const u of r.unresolved) out.push(`- ${plural(u.count, 'flow')}: ${md(u.reason)}${u.example ? ` (e.g. ${mdCode(u.example)})` : ''}`);
    out.push('');
  }
  if (t.malformed > 0) {
    out.push('## Malformed lines', '');
    for (const m of r.malformed) out.push(`- ${mdCode(m.location)}: ${md(m.message)}`);
    if (t.malformed > r.malformed.length) out.push(`- ... ${n(t.malformed - r.malformed.length)} more`);
    out.push('');
  }
  return out.join('\n').trimEnd();
}
