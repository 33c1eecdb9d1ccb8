/** `membrane lint`: what Cilium users get wrong in their policies, with why and a fix. */

import type { Command } from 'commander';
import { ADD_PODS_HINT } from '../../analysis/no-pods.js';
import { LINT_RULES, atLeast, lintModel, unknownRuleIds, type LintSeverity } from '../../analysis/lint/lint.js';
import { lintJson, lintSarif, renderLintMarkdown, renderLintText, renderRuleList, ruleListJson } from '../../report/lint-report.js';
import { serialize } from '../../report/serialize.js';
import { mdText } from '../../report/escape-markdown.js';
import { escapeText } from '../../report/escape-text.js';
import { EXIT_FINDINGS, FILENAME_FLAGS, addManifestOptions, collectList, loadModel, skippedLines, withSkipped, type CommandContext, type ManifestOptions, type SkippedInput } from '../context.js';

interface LintOptions extends ManifestOptions {
  output: string;
  failOn: string;
  enable?: string[];
  disable?: string[];
  listRules?: boolean;
}

const FORMATS = ['text', 'json', 'yaml', 'md', 'sarif'];
const FAIL_ON = ['error', 'warning', 'info', 'none'];

/** SARIF's place for inputs a tool could not analyse: the run's invocation notifications. */
function sarifWithSkipped(sarif: Record<string, unknown>, skipped: readonly SkippedInput[]): Record<string, unknown> {
  if (skipped.length === 0) return sarif;
  const runs = sarif.runs as Record<string, unknown>[];
  const notifications = skipped.map((s) => ({
    level: 'error',
    message: { text: escapeText(`skipped input (could not be read or parsed): ${s.reason}`) },
    locations: [{ physicalLocation: { artifactLocation: { uri: s.file } } }],
  }));
  return { ...sarif, runs: runs.map((r, i) => (i === 0 ? { ...r, invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }] } : r)) };
}

export function registerLint(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('lint')
    .summary('semantic checks: what Cilium policies get wrong')
    .description(
      'Check policies for mistakes that Cilium accepts silently: egress default deny that blocks DNS, toFQDNs ' +
        'whose lookups bypass the DNS proxy, L4-only allows that void L7 rules, selectors that match nothing or use ' +
        'labels Cilium leaves out of identities, toServices with the Service port, CIDR rules over cluster ' +
        'addresses, shadowed rules, allows made dead by denies, NetworkPolicy and Cilium policy on the same pods, ' +
        'denies that block kubelet probes, and policies Cilium rejects. Each finding names the policy and field ' +
        '(file:line:column), says why it matters and suggests a fix.\n\n' +
        'The checks ask the policy engine about the cluster in the input: give pods, namespaces, services and nodes ' +
        '(a `kubectl get -o yaml` dump) next to the policies; without pods, the per-pod checks find nothing. ' +
        'Run `membrane lint --list-rules` for the rules; docs/lint.md describes each.\n\n' +
        'Exit code: 0, 1 when a finding is at or above --fail-on, 2 bad usage or unreadable input.',
    );
  addManifestOptions(cmd, false)
    .option('-o, --output <format>', 'text, json, yaml, md (a pull-request comment) or sarif (code scanning)', 'text')
    .option('--fail-on <severity>', 'exit 1 when a finding is at least this severe: error, warning, info or none', 'error')
    .option('--enable <rules>', 'run only these rules (ids, comma-separated; repeatable)', collectList)
    .option('--disable <rules>', 'do not run these rules (ids, comma-separated; repeatable)', collectList)
    .option('--list-rules', 'print the rules (id, severity, what) and exit')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  membrane lint -f cluster-dump.yaml -f policies/\n' +
        '  kubectl get pods,ns,svc,nodes,cnp,ccnp,netpol -A -o yaml | membrane lint -f -\n' +
        '  membrane lint -f deploy/ --fail-on warning --disable shadowed-rule,implicit-default-deny\n' +
        '  membrane lint -f deploy/ -o sarif > membrane.sarif      # GitHub code scanning\n' +
        '  membrane lint --list-rules',
    )
    .action((opts: LintOptions) => {
      if (!FORMATS.includes(opts.output)) return ctx.usage(`unknown output format "${opts.output}" (${FORMATS.join(', ')})`);
      if (!FAIL_ON.includes(opts.failOn)) return ctx.usage(`--fail-on must be one of ${FAIL_ON.join(', ')} (got "${opts.failOn}")`);
      const enable = opts.enable ?? [];
      const disable = opts.disable ?? [];
      const unknown = unknownRuleIds([...enable, ...disable]);
      if (unknown.length > 0) return ctx.usage(`unknown rule ${unknown.map((u) => `"${u}"`).join(', ')} (see membrane lint --list-rules)`);
      const rules = LINT_RULES.filter((r) => (enable.length === 0 || enable.includes(r.id)) && !disable.includes(r.id));
      if (opts.listRules) {
        if (opts.output === 'json' || opts.output === 'yaml') ctx.io.out(serialize(ruleListJson(LINT_RULES), opts.output));
        else ctx.io.out(renderRuleList(LINT_RULES, opts.output === 'md' ? 'md' : 'text'));
        return;
      }
      if (!opts.filename || opts.filename.length === 0) return ctx.usage(`required option '${FILENAME_FLAGS}' not specified`);
      const loaded = loadModel(ctx, opts);
      if (!loaded) return;
      const { model, workspace } = loaded;
      if (model.cluster.pods.length === 0 && !opts.quiet) {
        ctx.io.err(`warning: the input has no pods, so checks that need them (DNS, L7, shadowed rules, selectors) find nothing: ${ADD_PODS_HINT}`);
      }
      const findings = lintModel(model, { enable, disable, objects: workspace.objects });
      const report = { baseDir: process.cwd(), toolVersion: program.version(), rules };
      const skipped = skippedLines(loaded.skipped);
      switch (opts.output) {
        case 'text': ctx.io.out([renderLintText(findings, report), ...skipped].join('\n')); break;
        case 'md': ctx.io.out([renderLintMarkdown(findings, report), ...skippedLines(loaded.skipped, '\n> ', mdText)].join('\n')); break;
        case 'sarif': ctx.io.out(JSON.stringify(sarifWithSkipped(lintSarif(findings, report), loaded.skipped), null, 2)); break;
        default: ctx.io.out(serialize(withSkipped(lintJson(findings, report), loaded.skipped, opts.skipInvalid), opts.output as 'json' | 'yaml'));
      }
      if (opts.failOn !== 'none' && findings.some((f) => atLeast(f.severity, opts.failOn as LintSeverity))) ctx.fail(EXIT_FINDINGS);
    });
}
