/** `membrane diff OLD NEW`: what a policy change does to connectivity. */

import type { Command } from 'commander';
import { diffPolicies, splitPolicies } from '../../analysis/diff.js';
import { parseGroupFilter, type GroupFilter } from '../../analysis/matrix.js';
import type { K8sObject } from '../../cluster/index.js';
import { readInputs } from '../../io/files.js';
import { isGitSpec, readGitSpec } from '../../io/git.js';
import { readDnsFile, readWorkspace, workspaceFromInputs, type Workspace } from '../../io/workspace.js';
import { diffJson, renderDiffMarkdown, renderDiffText } from '../../report/diff-report.js';
import { serialize } from '../../report/serialize.js';
import { mdText } from '../../report/escape-markdown.js';
import { EXIT_FINDINGS, EXIT_USAGE, FILENAME_FLAGS, SKIP_INVALID_HELP, addClusterInputOptions, addSettingsOptions, clusterInput, collect, invalidInputs, loadSettings, reportNoPods, skippedLines, stopOnInvalid, withSkipped, type ClusterInputOptions, type CommandContext, type SettingsOptions } from '../context.js';
import { withDefaultNamespace } from '../../cluster/index.js';
import { mergeDns } from '../../analysis/model.js';

interface DiffCommandOptions extends ClusterInputOptions, SettingsOptions {
  filename?: string[];
  dns?: string;
  from?: string;
  to?: string;
  output: string;
  failOnNewAllow?: boolean;
  limit: string;
  quiet?: boolean;
  skipInvalid?: boolean;
}

function readSide(spec: string): Workspace {
  if (isGitSpec(spec)) return workspaceFromInputs(readGitSpec(spec));
  return workspaceFromInputs(readInputs([spec]));
}

export function registerDiff(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('diff')
    .summary('connectivity changes between two policy sets')
    .description(
      'Compare two policy sets over the same cluster: the flows (identity pairs x ports, and the L7 ' +
        'rules on allowed connections) that NEW allows and OLD denied and the reverse, each with the rules ' +
        'responsible. OLD and NEW are files, directories or git revisions of a path (REV:PATH, e.g. ' +
        'main:k8s/policies). The cluster (pods, namespaces, nodes, services) comes from -f, or from the ' +
        'non-policy objects of OLD and NEW.\n\n' +
        'Exit code: 0, or 1 with --fail-on-new-allow when NEW allows something OLD denied; 2 bad input.',
    )
    .argument('<old>', 'the policies before: file, directory or REV:PATH')
    .argument('<new>', 'the policies after: file, directory or REV:PATH')
    .option(FILENAME_FLAGS, 'cluster manifests (policies in them count on both sides); repeat -f for several', collect);
  addClusterInputOptions(cmd)
    .option('--dns <file>', 'DNS answers for toFQDNs (name -> [addresses])')
    .option('--from <filter>', 'only these sources (NAMESPACE[/key=value,...])')
    .option('--to <filter>', 'only these destinations')
    .option('-o, --output <format>', 'md (a pull-request comment), text, json or yaml', 'md')
    .option('--limit <n>', 'with -o md: at most this many rows', '200')
    .option('--fail-on-new-allow', 'exit 1 when NEW allows a flow OLD denied (for CI)')
    .option('-q, --quiet', 'do not print warnings about the input')
    .option('--skip-invalid', SKIP_INVALID_HELP);
  addSettingsOptions(cmd)
    .addHelpText('after', '\nExamples:\n  membrane diff -f cluster/ policies-old/ policies-new/\n  membrane diff -f cluster/ origin/main:deploy/policies deploy/policies --fail-on-new-allow > diff.md')
    .action((oldSpec: string, newSpec: string, opts: DiffCommandOptions) => {
      if (!['md', 'text', 'json', 'yaml'].includes(opts.output)) return ctx.usage(`unknown output format "${opts.output}" (md, text, json, yaml)`);
      const filters: { from?: GroupFilter; to?: GroupFilter } = {};
      for (const side of ['from', 'to'] as const) {
        if (opts[side] === undefined) continue;
        const f = parseGroupFilter(opts[side]!);
        if (typeof f === 'string') return ctx.usage(`--${side}: ${f}`);
        filters[side] = f;
      }
      const input = clusterInput(ctx, opts);
      if (!input) return;
      const settings = loadSettings(ctx, opts);
      if (!settings) return;
      const read = [readSide(oldSpec), readSide(newSpec), ...(opts.filename ? [readWorkspace(opts.filename)] : [])];
      for (const ws of read) ctx.printDiagnostics(ws.diagnostics, opts.quiet ? 'error' : 'warning');
      const invalid = read.flatMap(invalidInputs);
      if (stopOnInvalid(ctx, invalid, opts.skipInvalid)) return;
      // with --skip-invalid a file that failed is left out whole
      const all = read.map((ws) => ({ ...ws, objects: withDefaultNamespace(ws.objects.filter((o) => !ws.failedFiles.includes(o.source?.file ?? '')), input.namespace) }));
      const [oldWs, newWs, base] = all as [Workspace, Workspace, Workspace | undefined];
      const sides = [oldWs, newWs];
      const [oldSide, newSide] = sides.map((ws) => splitPolicies(ws.objects)) as [ReturnType<typeof splitPolicies>, ReturnType<typeof splitPolicies>];
      const shared = base ? splitPolicies(base.objects) : undefined;
      // the cluster: -f if given, else NEW's objects (falling back to OLD's)
      const cluster: K8sObject[] = shared ? shared.cluster : newSide.cluster.length > 0 ? newSide.cluster : oldSide.cluster;
      let answers = mergeDns(...all.map((ws) => ws.dns));
      if (opts.dns) {
        const dnsFile = readDnsFile(opts.dns);
        ctx.printDiagnostics(dnsFile.diagnostics);
        if (dnsFile.diagnostics.some((d) => d.severity === 'error')) return ctx.fail(EXIT_USAGE);
        answers = mergeDns(answers, dnsFile.answers);
      }
      const diff = diffPolicies(cluster, [...(shared?.policies ?? []), ...oldSide.policies], [...(shared?.policies ?? []), ...newSide.policies], {
        ...filters,
        dns: { answers, mode: 'shared' },
        maxReplicas: input.maxReplicas,
        settings,
      });
      if (reportNoPods(ctx, diff.newModel.cluster)) return;
      if (diff.pairs === 0) ctx.io.err('warning: no endpoint pair to compare (do --from/--to match any pod?)');
      for (const m of [diff.oldModel, diff.newModel]) ctx.printDiagnostics(m.policies.diagnostics, 'error');
      const skipped = skippedLines(invalid);
      if (opts.output === 'md') ctx.io.out([renderDiffMarkdown(diff, Number(opts.limit) || 200), ...skippedLines(invalid, '\n> ', mdText)].join('\n'));
      else if (opts.output === 'text') ctx.io.out([renderDiffText(diff), ...skipped].join('\n'));
      else ctx.io.out(serialize(withSkipped(diffJson(diff), invalid, opts.skipInvalid), opts.output as 'json' | 'yaml'));
      if (opts.failOnNewAllow && diff.counts.newAllow > 0) ctx.fail(EXIT_FINDINGS);
    });
}
