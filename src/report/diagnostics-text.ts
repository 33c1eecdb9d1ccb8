/** Diagnostics as compiler-style text: `file:line:col: error: message`, path, excerpt, hint. */

import { formatLocation, formatObjectRef, formatPath, type Diagnostic } from '../cluster/index.js';
import { escapeText } from './escape-text.js';

export function renderDiagnostic(d: Diagnostic): string {
  const where = d.location && d.location.line > 0 ? `${formatLocation(d.location)}: ` : d.location ? `${d.location.file}: ` : '';
  const lines = [`${where}${d.severity}: ${d.message} [${d.code}]`];
  const context: string[] = [];
  if (d.object) context.push(formatObjectRef(d.object));
  if (d.path && d.path.length > 0) context.push(`field ${formatPath(d.path)}`);
  if (context.length > 0) lines.push(`  in ${context.join(', ')}`);
  if (d.excerpt) lines.push(...d.excerpt.split('\n').map((l) => `  | ${l}`));
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  // file names, messages and excerpts come from input: each line escaped as a whole (the
  // excerpt's lines are the file's own lines; a line break anywhere else is shown as \n)
  return lines.map(escapeText).join('\n');
}

export function renderDiagnostics(list: readonly Diagnostic[]): string {
  return list.map(renderDiagnostic).join('\n');
}

/** JSON-ready form of a diagnostic. */
export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    object: d.object ? formatObjectRef(d.object) : undefined,
    path: d.path ? formatPath(d.path) : undefined,
    file: d.location?.file,
    line: d.location?.line,
    column: d.location?.column,
    hint: d.hint,
  };
}
