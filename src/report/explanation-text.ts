/**
 * Renders a flow explanation as indented text, one fact per line. Names, labels, paths and
 * requests come from input: each line is escaped as a whole (escape-text.ts), so none of
 * them can break a line or send a control sequence.
 */

import type { FlowExplanation, RuleCitation, SideExplanation } from '../explain/index.js';
import { escapeText } from './escape-text.js';

function citation(c: RuleCitation): string {
  const parts = [c.policy];
  if (c.rule) parts.push(c.rule);
  if (c.peer) parts.push(`peer ${c.peer}`);
  if (c.port) parts.push(`port ${c.port}`);
  const where = c.location ? `  (${c.location})` : '';
  return `${parts.join('  ')}${where}`;
}

function side(s: SideExplanation, indent: string): string[] {
  const lines = [`${indent}${s.verdict.toUpperCase()}  ${s.summary}`];
  const pad = `${indent}    `;
  if (s.enforced) {
    lines.push(`${pad}${s.direction} default deny: ${s.defaultDeny ? 'yes' : 'no'}; selected by ${s.selectedBy.join(', ') || 'no policy'}`);
  }
  lines.push(`${pad}endpoint identity ${s.identity.id} (${s.identity.name}); peer identity ${s.peer.id} (${s.peer.name})`);
  if (s.decidedBy.length > 0) {
    lines.push(`${pad}${s.verdict === 'deny' && s.decidedBy.every((c) => c.verdict === 'deny') ? 'denied by' : 'allowed by'}:`);
    for (const c of s.decidedBy) lines.push(`${pad}  - ${citation(c)}`);
  }
  if (s.nearMisses && s.nearMisses.length > 0) {
    lines.push(`${pad}closest allows (not matching):`);
    for (const m of s.nearMisses) {
      lines.push(`${pad}  - ${m.missing === 'port' ? 'this peer, but other ports:' : 'this port, but other peers:'} ${citation(m)}`);
    }
  }
  if (s.authentication?.passes) lines.push(`${pad}${s.authentication.summary}`);
  if (s.l7) {
    lines.push(`${pad}${s.l7.summary}`);
    if (s.l7.matched) lines.push(`${pad}  - ${s.l7.matched.l7Path}: ${s.l7.matched.l7Rule}  (${s.l7.matched.policy})`);
    for (const t of s.l7.tried) lines.push(`${pad}  - tried ${t.l7Path}: ${t.l7Rule} (${t.policy}): ${t.why.join('; ')}`);
  }
  return lines;
}

export function renderExplanationText(e: FlowExplanation, indent = ''): string {
  const what = e.protocol.startsWith('ICMP') ? `${e.protocol} type ${e.port}` : `${e.protocol}/${e.port}`;
  const lines = [`${indent}${e.verdict.toUpperCase()}  ${e.from} -> ${e.to} ${what}${e.request ? ` ${e.request}` : ''}`];
  if (e.unmodelled) lines.push(`${indent}  not modelled, so not allowed: ${e.unmodelled}`);
  if (e.egress) lines.push(...side(e.egress, `${indent}  `));
  if (e.ingress) lines.push(...side(e.ingress, `${indent}  `));
  for (const n of e.notes) lines.push(`${indent}  note: ${n}`);
  return lines.map(escapeText).join('\n');
}
