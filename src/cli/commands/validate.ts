/** `membrane validate`: every policy Cilium would reject, with the reason and where. */

import type { Command } from 'commander';
import { formatPolicyRef } from '../../policy/entry.js';
import { diagnosticJson, renderDiagnostic } from '../../report/diagnostics-text.js';
import { escapeText } from '../../report/escape-text.js';
import { outputDocument, serialize } from '../../report/serialize.js';
import { EXIT_FINDINGS, addManifestOptions, loadModel, outputFormat, type CommandContext, type ManifestOptions } from '../context.js';

interface ValidateOptions extends ManifestOptions {
  output: string;
}

export function registerValidate(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('validate')
    .summary('report policies Cilium would reject')
    .description(
      'Validate CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and NetworkPolicy objects as the API server ' +
        '(strict field validation of the CRD schema) and Cilium\'s agent (its sanitizer) do. A policy with any ' +
        'error is rejected whole, as Cilium refuses to import it. Also prints warnings: removed Kafka/L7 rules, ' +
        'things Membrane cannot model, NetworkPolicy fields Cilium treats differently from Kubernetes.\n\n' +
        'Exit code: 0 all accepted, 1 a policy is rejected, 2 unreadable input.',
    );
  addManifestOptions(cmd)
    .option('-o, --output <format>', 'text, json or yaml', 'text')
    .addHelpText('after', '\nExamples:\n  membrane validate -f policies/\n  kubectl get cnp,ccnp,netpol -A -o yaml | membrane validate -f -')
    .action((opts: ValidateOptions) => {
      const format = outputFormat(ctx, opts.output);
      if (!format) return;
      const loaded = loadModel(ctx, { ...opts, ownPolicyDiagnostics: true });
      if (!loaded) return;
      const { model, workspace } = loaded;
      const policyDiagnostics = model.policies.diagnostics.filter((d) => !(opts.quiet && d.severity !== 'error'));
      const total = model.policies.accepted.length + model.policies.rejected.length;
      if (format === 'text') {
        for (const d of policyDiagnostics) ctx.io.out(renderDiagnostic(d));
        const rejected = model.policies.rejected.map((r) => formatPolicyRef(r.ref));
        ctx.io.out(`${total} polic${total === 1 ? 'y' : 'ies'}: ${model.policies.accepted.length} accepted, ${rejected.length} rejected${rejected.length ? ` (${escapeText(rejected.join(', '))})` : ''}`);
      } else {
        ctx.io.out(serialize(outputDocument('ValidationReport', {
          accepted: model.policies.accepted.map((p) => formatPolicyRef(p.ref)),
          rejected: model.policies.rejected.map((r) => ({ policy: formatPolicyRef(r.ref), errors: r.diagnostics.map(diagnosticJson) })),
          diagnostics: [...workspace.diagnostics, ...policyDiagnostics].map(diagnosticJson),
        }), format));
      }
      if (model.policies.rejected.length > 0) ctx.fail(EXIT_FINDINGS);
    });
}
