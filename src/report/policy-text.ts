/** The resolved policy of endpoints as text tables. */

import type { DirectionView, PolicyView } from '../explain/index.js';

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => rows.reduce((m, r) => Math.max(m, (r[i] ?? '').length), 0));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

function direction(name: string, d: DirectionView): string[] {
  if (!d.enforced) return [`  ${name}: not enforced (no policy selects this endpoint): everything is allowed`];
  const out = [`  ${name}: enforced, default deny ${d.defaultDeny ? 'on' : 'off'}, ${d.entryCount} map entries; selected by ${d.selectedBy.join(', ')}`];
  for (const c of d.conflicts) out.push(`    ERROR: ${c} (Cilium cannot compute this endpoint's policy)`);
  if (d.entries) {
    const rows = [['VERDICT', 'IDENTITY', 'PORT/PROTO', 'PROXY', 'LABELS', 'DERIVED FROM']];
    for (const e of d.entries) {
      const port = e.protocol === 'ANY' ? 'ANY' : `${e.port}/${e.protocol}`;
      rows.push([`${e.verdict.toUpperCase()}${e.auth ? ` auth=${e.auth}` : ''}`, String(e.identity), port, e.proxy ?? '', e.labels.join(','), e.derivedFrom.join('; ')]);
    }
    for (const x of table(rows).map((l) => `    ${l}`)) out.push(x);
  }
  return out;
}

export function renderPolicyText(views: readonly PolicyView[]): string {
  const out: string[] = [];
  for (const v of views) {
    const pods = v.pods.length <= 3 ? v.pods.join(', ') : `${v.pods.slice(0, 3).join(', ')} and ${v.pods.length - 3} more`;
    out.push(`identity ${v.identity} (${pods})`);
    out.push(`  labels: ${v.labels.join(', ')}`);
    for (const r of v.envoyRejected ?? []) out.push(`  ERROR: Envoy rejects this endpoint's network policy (${r.policy} ${r.path}: ${r.problem}): every connection redirected to Envoy is refused; fix: ${r.fix}`);
    for (const x of direction('ingress', v.ingress)) out.push(x);
    for (const x of direction('egress', v.egress)) out.push(x);
    out.push('');
  }
  return out.join('\n').trimEnd();
}
