/**
 * Lint findings as compiler-style text, JSON, Markdown (PR comments) and SARIF 2.1.0 (code
 * scanning), and the rule catalogue for `membrane lint --list-rules`. Pure: paths are made
 * relative to a base directory given by the caller.
 */

import { formatLocation, formatPath, type SourceLocation } from '../cluster/index.js';
import {
  LINT_RULES,
  SEVERITY_ORDER,
  formatFindingPolicy,
  type Finding,
  type LintRuleInfo,
  type LintSeverity,
  type RelatedLocation,
} from '../analysis/lint/lint.js';
import { htmlText, mdCode, mdFence, mdText } from './escape-markdown.js';
import { escapeLines, escapeText } from './escape-text.js';
import { outputDocument, type OutputDocument } from './serialize.js';

export interface LintReportOptions {
  /** directory that file names are made relative to (SARIF URIs, text) */
  readonly baseDir?: string | undefined;
  /** the tool version SARIF reports */
  readonly toolVersion?: string | undefined;
  /** rules that ran (SARIF lists them); default: the whole catalogue */
  readonly rules?: readonly LintRuleInfo[] | undefined;
}

export interface LintSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly info: number;
}

export function summarizeFindings(findings: readonly Finding[]): LintSummary {
  let errors = 0;
  let warnings = 0;
  let info = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else info++;
  }
  return { errors, warnings, info };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryText(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  const s = summarizeFindings(findings);
  return `${plural(findings.length, 'finding')}: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.info} info`;
}

/** A file name relative to `baseDir` when it lies inside it (forward slashes). */
export function relativeFile(file: string, baseDir?: string): string {
  const f = file.replace(/\\/g, '/');
  if (!baseDir) return f;
  const base = baseDir.replace(/\\/g, '/').replace(/\/+$/, '');
  if (f.startsWith(`${base}/`)) return f.slice(base.length + 1);
  return f;
}

function whereText(location: SourceLocation | undefined, baseDir?: string): string {
  if (!location) return '';
  return formatLocation({ ...location, file: relativeFile(location.file, baseDir) });
}

// --- text ---

function relatedText(r: RelatedLocation, baseDir?: string): string {
  const where = whereText(r.location, baseDir);
  const what = r.policy ? `${formatFindingPolicy(r.policy)}${r.path && r.path.length > 0 ? ` ${formatPath(r.path)}` : ''}` : '';
  return `${where ? `${where}: ` : ''}${what ? `${what}: ` : ''}${r.message}`;
}

/** Input-derived values are escaped one line at a time (escape-text.ts); excerpts and fixes keep their own lines. */
export function renderFindingText(f: Finding, options: LintReportOptions = {}): string {
  const e = escapeText;
  const where = whereText(f.location, options.baseDir);
  const lines = [`${where ? `${e(where)}: ` : ''}${f.severity}[${f.id}]: ${e(f.message)}`];
  lines.push(`  in ${e(formatFindingPolicy(f.policy))}${f.path.length > 0 ? `, field ${e(formatPath(f.path))}` : ''}`);
  if (f.excerpt) lines.push(...escapeLines(f.excerpt).map((l) => `  | ${l}`));
  lines.push(`  why: ${e(f.why)}`);
  if (f.fix) {
    lines.push(`  fix: ${e(f.fix.description)}`);
    if (f.fix.yaml) lines.push(...escapeLines(f.fix.yaml).map((l) => `      ${l}`));
  }
  for (const r of f.related ?? []) lines.push(`  see: ${e(relatedText(r, options.baseDir))}`);
  return lines.join('\n');
}

export function renderLintText(findings: readonly Finding[], options: LintReportOptions = {}): string {
  const blocks = findings.map((f) => renderFindingText(f, options));
  blocks.push(summaryText(findings));
  return blocks.join('\n\n');
}

// --- JSON ---

function relatedJson(r: RelatedLocation, baseDir?: string): Record<string, unknown> {
  return {
    message: r.message,
    policy: r.policy ? formatFindingPolicy(r.policy) : undefined,
    path: r.path ? formatPath(r.path) : undefined,
    file: r.location ? relativeFile(r.location.file, baseDir) : undefined,
    line: r.location?.line,
    column: r.location?.column,
  };
}

export function findingJson(f: Finding, options: LintReportOptions = {}): Record<string, unknown> {
  return {
    id: f.id,
    severity: f.severity,
    policy: formatFindingPolicy(f.policy),
    kind: f.policy.kind,
    namespace: f.policy.namespace,
    name: f.policy.name,
    path: formatPath(f.path),
    file: f.location ? relativeFile(f.location.file, options.baseDir) : undefined,
    line: f.location?.line,
    column: f.location?.column,
    message: f.message,
    why: f.why,
    fix: f.fix ? { description: f.fix.description, yaml: f.fix.yaml } : undefined,
    related: f.related?.map((r) => relatedJson(r, options.baseDir)),
    pods: f.pods,
  };
}

export function lintJson(findings: readonly Finding[], options: LintReportOptions = {}): OutputDocument {
  return outputDocument('LintReport', { summary: summarizeFindings(findings), findings: findings.map((f) => findingJson(f, options)) });
}

// --- Markdown ---

const SEVERITY_BADGE: Record<LintSeverity, string> = { error: ':x: error', warning: ':warning: warning', info: ':information_source: info' };

export function renderLintMarkdown(findings: readonly Finding[], options: LintReportOptions = {}): string {
  const s = summarizeFindings(findings);
  const out: string[] = [`## Membrane lint: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.info} info`, ''];
  if (findings.length === 0) {
    out.push('No findings.');
    return out.join('\n');
  }
  out.push('| Severity | Rule | Policy | Where | Finding |', '| --- | --- | --- | --- | --- |');
  for (const f of findings) {
    const where = mdCode(f.location ? whereText(f.location, options.baseDir) : formatPath(f.path));
    out.push(`| ${SEVERITY_BADGE[f.severity]} | \`${f.id}\` | ${mdCode(formatFindingPolicy(f.policy))} | ${where} | ${mdText(f.message)} |`);
  }
  out.push('', '### Details', '');
  findings.forEach((f, i) => {
    // inside <summary> Markdown is not read: HTML entities only
    out.push(`<details><summary>${i + 1}. <code>${f.id}</code> in <code>${htmlText(formatFindingPolicy(f.policy))}</code> ${f.path.length > 0 ? `<code>${htmlText(formatPath(f.path))}</code>` : ''}</summary>`, '');
    out.push(mdText(f.message), '', `**Why:** ${mdText(f.why)}`, '');
    if (f.fix) {
      out.push(`**Fix:** ${mdText(f.fix.description)}`, '');
      if (f.fix.yaml) out.push(...mdFence(f.fix.yaml, 'yaml'), '');
    }
    for (const r of f.related ?? []) out.push(`- see ${mdText(relatedText(r, options.baseDir))}`);
    if (f.related && f.related.length > 0) out.push('');
    out.push('</details>', '');
  });
  return out.join('\n').trimEnd();
}

// --- SARIF 2.1.0 ---

const SARIF_LEVEL: Record<LintSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A URI reference for a file: relative (to %SRCROOT%) when inside the base directory. */
function artifactUri(file: string, baseDir?: string): { uri: string; uriBaseId?: string } {
  const rel = relativeFile(file, baseDir);
  const encode = (p: string) => encodeURI(p).replace(/#/g, '%23').replace(/\?/g, '%3F');
  if (rel.startsWith('/')) return { uri: `file://${encode(rel)}` };
  if (/^[A-Za-z]:\//.test(rel)) return { uri: `file:///${encode(rel)}` };
  return { uri: encode(rel), uriBaseId: '%SRCROOT%' };
}

function physicalLocation(location: SourceLocation, baseDir?: string): Record<string, unknown> {
  return {
    artifactLocation: artifactUri(location.file, baseDir),
    region: { startLine: Math.max(1, location.line), startColumn: Math.max(1, location.column) },
  };
}

/** FNV-1a, 64 bits as hex: a stable fingerprint that does not depend on line numbers. */
function fingerprint(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

function ruleHelpMarkdown(rule: LintRuleInfo): string {
  const refs = rule.references.map((r) => (r.startsWith('http') ? `- <${r}>` : `- ${r}`));
  return [`**${rule.title}**`, '', rule.summary, '', `**Why it matters.** ${rule.why}`, '', `**Fix.** ${rule.fix}`, '', rule.help, ...(refs.length > 0 ? ['', '**References**', ...refs] : [])].join('\n');
}

function sarifRule(rule: LintRuleInfo): Record<string, unknown> {
  const url = rule.references.find((r) => r.startsWith('http'));
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.summary} ${rule.why}` },
    help: { text: `${rule.summary}\n\nWhy it matters: ${rule.why}\n\nFix: ${rule.fix}\n\n${rule.help}`, markdown: ruleHelpMarkdown(rule) },
    ...(url ? { helpUri: url } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: { tags: ['cilium', 'network-policy', 'security'], precision: 'high' },
  };
}

export function lintSarif(findings: readonly Finding[], options: LintReportOptions = {}): Record<string, unknown> {
  const rules = options.rules ?? LINT_RULES;
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = findings.map((f) => {
    const related = (f.related ?? []).filter((r) => r.location).map((r, i) => ({
      id: i + 1,
      physicalLocation: physicalLocation(r.location!, options.baseDir),
      message: { text: escapeText(relatedText({ ...r, location: undefined })) },
    }));
    // code scanning shows text and renders Markdown: input-derived values escaped for each
    const fixText = f.fix ? `\nFix: ${escapeText(f.fix.description)}` : '';
    const fixMarkdown = f.fix ? `\n\n**Fix:** ${mdText(f.fix.description)}${f.fix.yaml ? `\n\n${mdFence(f.fix.yaml, 'yaml').join('\n')}` : ''}` : '';
    const result: Record<string, unknown> = {
      ruleId: f.id,
      ...(index.has(f.id) ? { ruleIndex: index.get(f.id) } : {}),
      level: SARIF_LEVEL[f.severity],
      message: { text: `${escapeText(f.message)}${fixText}`, markdown: `${mdText(f.message)}\n\n**Why:** ${mdText(f.why)}${fixMarkdown}` },
      locations: [{
        ...(f.location ? { physicalLocation: physicalLocation(f.location, options.baseDir) } : {}),
        logicalLocations: [{ fullyQualifiedName: `${formatFindingPolicy(f.policy)}${f.path.length > 0 ? `:${formatPath(f.path)}` : ''}`, kind: 'object' }],
      }],
      partialFingerprints: { 'membraneFinding/v1': fingerprint(`${f.id}|${formatFindingPolicy(f.policy)}|${formatPath(f.path)}|${f.message}`) },
      properties: { policy: formatFindingPolicy(f.policy), path: formatPath(f.path), ...(f.pods ? { pods: f.pods } : {}) },
    };
    if (related.length > 0) result.relatedLocations = related;
    return result;
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'membrane',
          ...(options.toolVersion ? { version: options.toolVersion, semanticVersion: options.toolVersion } : {}),
          informationUri: 'https://docs.cilium.io/en/stable/security/policy/',
          rules: rules.map(sarifRule),
        },
      },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

// --- the rule catalogue ---

export function renderRuleList(rules: readonly LintRuleInfo[] = LINT_RULES, format: 'text' | 'md' = 'text'): string {
  const sorted = [...rules].sort((a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity] || (a.id < b.id ? -1 : 1));
  if (format === 'md') {
    return ['| Rule | Severity | What |', '| --- | --- | --- |', ...sorted.map((r) => `| \`${r.id}\` | ${r.severity} | ${mdText(r.summary)} |`)].join('\n');
  }
  const width = Math.max(...sorted.map((r) => r.id.length));
  return sorted.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.summary}`).join('\n');
}

export function ruleListJson(rules: readonly LintRuleInfo[] = LINT_RULES): OutputDocument {
  return outputDocument('LintRuleList', rules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, summary: r.summary, why: r.why, fix: r.fix, help: r.help, references: r.references })));
}
