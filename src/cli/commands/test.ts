/** `membrane test`: runs PolicyTest files and reports each failing case with its explanation. */

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { runPolicyTest, summarize, type FileResult, type PolicyTestOptions } from '../../analysis/policy-test.js';
import { formatLocation, type K8sObject } from '../../cluster/index.js';
import { inputLimits, readInputs } from '../../io/files.js';
import { readWorkspace } from '../../io/workspace.js';
import { parseText } from '../../policy/yaml-source.js';
import { escapeText } from '../../report/escape-text.js';
import { serialize } from '../../report/serialize.js';
import { renderJunit, renderTestText, testResultsJson } from '../../report/test-report.js';
import { EXIT_FINDINGS, EXIT_USAGE, SKIP_INVALID_HELP, addSettingsOptions, loadSettings, outputFormat, skippedLines, stopOnInvalid, withSkipped, type CommandContext, type SettingsOptions } from '../context.js';

interface TestOptions extends SettingsOptions {
  output: string;
  filename?: string[];
  skipInvalid?: boolean;
  junit?: string;
  verbose?: boolean;
  explain?: boolean;
}

export const NO_POLICY_TEST = 'no PolicyTest document (kind: PolicyTest) in this file';

/**
 * Runs the PolicyTest documents of the files at `paths`. A file found in a directory that holds
 * no PolicyTest document (a manifest next to the tests) is not a failure: it is listed in
 * `skipped` when the caller collects them; a file named on its own must hold a PolicyTest.
 * `extra` manifests (e.g. policies from membrane generate) join every test's resources.
 */
export function runTests(paths: readonly string[], skipped?: string[], options: PolicyTestOptions = {}): FileResult[] {
  const { inputs, errors } = readInputs(paths);
  const results: FileResult[] = errors.filter((e) => !e.warning).map((e) => ({
    file: e.file, name: '', error: e.message, unreadable: true, rejected: { expected: [], actual: [] }, cases: [], diagnostics: [],
  }));
  for (const input of inputs) {
    const parsed = parseText(input.text, input.file, inputLimits().limits);
    const yamlError = parsed.diagnostics.find((d) => d.severity === 'error' && (d.code === 'input.yaml' || d.code === 'input.limit'));
    if (yamlError) {
      const where = yamlError.location ? `${formatLocation(yamlError.location)}: ` : '';
      const hint = yamlError.hint ? ` (hint: ${yamlError.hint})` : '';
      results.push({ file: input.file, name: '', error: `${where}${yamlError.message}${hint}`, unreadable: true, rejected: { expected: [], actual: [] }, cases: [], diagnostics: parsed.diagnostics });
      continue;
    }
    const docs = parsed.documents.filter((d) => (d.value as { kind?: unknown }).kind === 'PolicyTest');
    if (docs.length === 0) {
      if (skipped && !paths.includes(input.file)) {
        skipped.push(input.file);
        continue;
      }
      results.push({ file: input.file, name: '', error: NO_POLICY_TEST, rejected: { expected: [], actual: [] }, cases: [], diagnostics: [] });
      continue;
    }
    for (const d of docs) results.push(runPolicyTest(input.file, d.value, d.source, options));
  }
  return results;
}

export function registerTest(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('test')
    .summary('run policy unit tests (PolicyTest files)')
    .description(
      'Run PolicyTest files: each describes a small cluster, its policies and flows with the verdict they must get. ' +
        'Prints every failing case with expected and actual verdicts and the explanation, then a summary line.\n\n' +
        'Exit code: 0 all passed, 1 a case failed, 2 bad usage or a file that cannot be read or parsed ' +
        '(no verdict then; --skip-invalid runs the other files and lists it as skipped).',
    )
    .argument('<paths...>', 'PolicyTest files or directories (searched recursively for .yaml, .yml, .json)')
    .option('-o, --output <format>', 'text, json (FORMAT.md "Runner output") or yaml', 'text')
    .option('--junit <file>', 'also write a JUnit XML report (for CI test tabs)')
    .option('-v, --verbose', 'list passing cases too')
    .option('--explain', 'with -o json/yaml: include each case\'s explanation')
    .option('--skip-invalid', SKIP_INVALID_HELP)
    .option('-f, --filename <path>', 'manifests added to every test\'s resources (e.g. policies from membrane generate); repeat -f', (v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
  addSettingsOptions(cmd)
    .addHelpText('after', '\nA file\'s own settings: (agent options, e.g. {mesh-auth-mutual-listener-port: "4250"}) override --settings and --mutual-auth.\n\nExamples:\n  membrane test tests/\n  membrane test policy-tests.yaml -o json > results.json\n  membrane test tests/ --junit junit.xml\n  membrane test tests/ --settings cilium-config.yaml\n  membrane test test/fixtures/generate/shop.yaml -f policies/')
    .action((paths: string[], opts: TestOptions) => {
      const format = outputFormat(ctx, opts.output);
      if (!format) return;
      const settings = loadSettings(ctx, opts);
      if (!settings) return;
      let extra: K8sObject[] = [];
      if (opts.filename) {
        const ws = readWorkspace(opts.filename);
        ctx.printDiagnostics(ws.diagnostics, 'error');
        if (ws.failedFiles.length > 0) return ctx.fail(EXIT_USAGE);
        extra = ws.objects;
      }
      const skipped: string[] = [];
      const all = runTests(paths, skipped, { settings, extra });
      for (const file of skipped) ctx.io.err(`note: ${escapeText(file)}: no PolicyTest document (a manifest?), skipped`);
      const invalid = all.filter((r) => r.unreadable).map((r) => ({ file: r.file, reason: r.error ?? '' }));
      if (invalid.length > 0 && !opts.skipInvalid) {
        for (const s of invalid) ctx.io.err(escapeText(`${s.file}: error: ${s.reason}`));
      }
      if (stopOnInvalid(ctx, invalid, opts.skipInvalid)) return;
      const results = all.filter((r) => !r.unreadable);
      const summary = summarize(results);
      if (format === 'text') ctx.io.out([renderTestText(results, summary, { verbose: opts.verbose }), ...skippedLines(invalid)].join('\n'));
      else ctx.io.out(serialize(withSkipped(testResultsJson(results, summary, { explain: opts.explain }), invalid, opts.skipInvalid), format));
      if (opts.junit) {
        try {
          writeFileSync(opts.junit, renderJunit(results, invalid));
        } catch (e) {
          ctx.io.err(`error: cannot write ${opts.junit}: ${(e as Error).message}`);
          ctx.fail(EXIT_USAGE);
        }
      }
      if (summary.failed > 0) ctx.fail(EXIT_FINDINGS);
    });
}
