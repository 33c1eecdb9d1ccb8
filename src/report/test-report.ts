/** PolicyTest results: the text report, the JSON of FORMAT.md's "Runner output", JUnit XML. */

import type { CaseResult, FileResult, TestSummary } from '../analysis/policy-test.js';
import { rejectionMismatch } from '../analysis/policy-test.js';
import { escapeText } from './escape-text.js';
import { xmlAttribute, xmlText } from './escape-xml.js';
import { renderExplanationText } from './explanation-text.js';
import { outputDocument, type OutputDocument } from './serialize.js';

export interface TestReportOptions {
  /** also list passing cases */
  readonly verbose?: boolean;
}

export function summaryLine(s: TestSummary): string {
  return `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
}

function caseLine(c: CaseResult): string {
  const sides = [c.egress?.expect || c.egress?.actual ? `egress ${c.egress.actual ?? '-'}` : '', c.ingress?.expect || c.ingress?.actual ? `ingress ${c.ingress.actual ?? '-'}` : '']
    .filter(Boolean)
    .join(', ');
  return `${c.name}: ${c.actual ?? c.expect ?? ''}${sides ? ` (${sides})` : ''}`;
}

export function renderTestText(results: readonly FileResult[], summary: TestSummary, options: TestReportOptions = {}): string {
  const out: string[] = [];
  for (const r of results) {
    const failed = r.cases.filter((c) => c.status === 'fail');
    const skipped = r.cases.filter((c) => c.status === 'skip');
    const bad = r.error !== null || rejectionMismatch(r) || failed.length > 0;
    const counts = `${r.cases.length - failed.length - skipped.length}/${r.cases.length} passed${skipped.length ? `, ${skipped.length} skipped` : ''}`;
    out.push(`${bad ? 'FAIL' : 'ok  '} ${r.file}${r.name ? ` (${r.name})` : ''}: ${r.error ? 'error' : counts}`);
    if (r.error) out.push(`  error: ${r.error}`);
    if (rejectionMismatch(r)) {
      out.push('  expectRejected does not match the policies Cilium rejects:');
      const missing = r.rejected.expected.filter((x) => !r.rejected.actual.includes(x));
      const extra = r.rejected.actual.filter((x) => !r.rejected.expected.includes(x));
      for (const m of missing) out.push(`    expected rejected, but accepted: ${m}`);
      for (const x of extra) {
        out.push(`    rejected, but not expected: ${x}`);
        for (const d of r.diagnostics.filter((d) => d.severity === 'error' && d.object && `${d.object.kind}/${d.object.namespace ? `${d.object.namespace}/` : ''}${d.object.name}` === x)) {
          out.push(`      ${d.message}`);
        }
      }
    }
    for (const c of failed) {
      out.push(`  FAIL ${c.name}${c.location ? `  (${c.location})` : ''}`);
      out.push(`    ${c.reason ?? ''}`);
      if (c.explanation) out.push(...renderExplanationText(c.explanation, '    ').split('\n'));
    }
    for (const c of skipped) out.push(`  skip ${c.name}: ${c.reason ?? ''}`);
    if (options.verbose) for (const c of r.cases.filter((x) => x.status === 'pass')) out.push(`  pass ${caseLine(c)}`);
  }
  out.push(summaryLine(summary));
  // file names, case names and reasons come from input: each line escaped as a whole
  // (explanations arrive as lines already escaped; escaping again changes nothing)
  return out.map(escapeText).join('\n');
}

/** FORMAT.md "Runner output": scripts rely on exactly these fields. */
export function testResultsJson(results: readonly FileResult[], summary: TestSummary, options: { explain?: boolean } = {}): OutputDocument {
  return outputDocument('TestResults', {
    summary,
    files: results.map((r) => ({
      file: r.file,
      name: r.name,
      error: r.error,
      rejected: r.rejected,
      cases: r.cases.map((c) => ({
        name: c.name,
        status: c.status,
        expect: c.expect,
        actual: c.actual,
        egress: c.egress,
        ingress: c.ingress,
        reason: c.reason,
        ...(options.explain ? { explanation: c.explanation } : {}),
      })),
    })),
  });
}

/** A test or suite name: one line, as in text output. */
const junitName = (value: string): string => xmlAttribute(escapeText(value));

/** JUnit XML; input files left out with --skip-invalid appear as skipped test cases. */
export function renderJunit(results: readonly FileResult[], skippedInputs: readonly { file: string; reason: string }[] = []): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = results.reduce((n, r) => n + r.cases.length + (r.error || rejectionMismatch(r) ? 1 : 0), 0);
  const failures = results.reduce((n, r) => n + r.cases.filter((c) => c.status === 'fail').length + (r.error || rejectionMismatch(r) ? 1 : 0), 0);
  const skipped = results.reduce((n, r) => n + r.cases.filter((c) => c.status === 'skip').length, 0) + skippedInputs.length;
  out.push(`<testsuites name="membrane" tests="${total + skippedInputs.length}" failures="${failures}" skipped="${skipped}">`);
  if (skippedInputs.length > 0) {
    out.push(`  <testsuite name="skipped inputs" tests="${skippedInputs.length}" failures="0" skipped="${skippedInputs.length}">`);
    for (const s of skippedInputs) {
      out.push(`    <testcase name="load ${junitName(s.file)}" classname="skipped inputs"><skipped message="${xmlAttribute(`could not be read or parsed: ${s.reason}`)}"/></testcase>`);
    }
    out.push('  </testsuite>');
  }
  for (const r of results) {
    const suiteFailures = r.cases.filter((c) => c.status === 'fail').length + (r.error || rejectionMismatch(r) ? 1 : 0);
    out.push(`  <testsuite name="${junitName(r.name || r.file)}" file="${junitName(r.file)}" tests="${r.cases.length}" failures="${suiteFailures}" skipped="${r.cases.filter((c) => c.status === 'skip').length}">`);
    if (r.error) out.push(`    <testcase name="load ${junitName(r.file)}" classname="${junitName(r.name || r.file)}"><failure message="${xmlAttribute(r.error)}"/></testcase>`);
    if (rejectionMismatch(r)) {
      const msg = `expected rejected [${r.rejected.expected.join(', ')}], actual [${r.rejected.actual.join(', ')}]`;
      out.push(`    <testcase name="expectRejected" classname="${junitName(r.name || r.file)}"><failure message="${xmlAttribute(msg)}"/></testcase>`);
    }
    for (const c of r.cases) {
      const open = `    <testcase name="${junitName(c.name)}" classname="${junitName(r.name || r.file)}"`;
      if (c.status === 'pass') out.push(`${open}/>`);
      else if (c.status === 'skip') out.push(`${open}><skipped message="${xmlAttribute(c.reason ?? '')}"/></testcase>`);
      else {
        const body = c.explanation ? xmlText(renderExplanationText(c.explanation)) : '';
        out.push(`${open}><failure message="${xmlAttribute(c.reason ?? '')}">${body}</failure></testcase>`);
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n');
}
