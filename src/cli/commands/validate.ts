/** `membrane validate`: every policy Cilium would reject, with the reason and where. */

import type { Command } from 'commander';
import { formatObjectRef } from '../../cluster/index.js';
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
        'error is rejected whole, as Cilium refuses to import it (removed Kafka/L7 rules are unknown fields). Also prints warnings: ' +
        'things Membrane cannot model, NetworkPolicy fields Cilium treats differently from Kubernetes.\n\n' +
        'Also checks every object as the API server would: the apiVersion its kind is served as, the name and ' +
        'namespace rules, misspelled kinds (with a did-you-mean); network policies of other APIs (AdminNetworkPolicy, ' +
        'Calico) are reported as not enforced by Cilium.\n\n' +
        'Exit code: 0 all accepted, 1 a policy or another object is rejected (even when a later object of the same ' +
        'name is accepted), 2 unreadable input.',
    );
  addManifestOptions(cmd, true, { skipInvalid: false })
    .option('-o, --output <format>', 'text, json or yaml', 'text')
    .addHelpText('after', '\nExamples:\n  membrane validate -f policies/\n  kubectl get cnp,ccnp,netpol -A -o yaml | membrane validate -f -')
    .action((opts: ValidateOptions) => {
      const format = outputFormat(ctx, opts.output);
      if (!format) return;
      const loaded = loadModel(ctx, { ...opts, ownPolicyDiagnostics: true, reportInvalid: true });
      if (!loaded) return;
      const { model, workspace } = loaded;
      const policyDiagnostics = model.policies.diagnostics.filter((d) => !(opts.quiet && d.severity !== 'error'));
      // every rejected object counts, also one whose name a later accepted definition reuses
      const rejected = model.policies.rejected.map((r) => formatPolicyRef(r.ref));
      const refused = model.admission.refused.map((r) => formatObjectRef(r.ref));
      const ignored = [...model.admission.ignored].map(([kind, n]) => `${kind} (${n})`);
      const total = model.policies.accepted.length + rejected.length;
      if (format === 'text') {
        for (const d of policyDiagnostics) ctx.io.out(renderDiagnostic(d));
        for (const r of model.admission.refused) for (const d of r.diagnostics) ctx.io.out(renderDiagnostic(d));
        ctx.io.out(`${total} polic${total === 1 ? 'y' : 'ies'}: ${model.policies.accepted.length} accepted, ${rejected.length} rejected${rejected.length ? ` (${escapeText(rejected.join(', '))})` : ''}`);
        if (refused.length > 0) ctx.io.out(`${refused.length} other object${refused.length === 1 ? '' : 's'} the API server would refuse: ${escapeText(refused.join(', '))}`);
        if (ignored.length > 0) ctx.io.out(`ignored (kinds Membrane does not model): ${escapeText(ignored.join(', '))}`);
        if (workspace.failedFiles.length > 0) ctx.io.out(`${workspace.failedFiles.length} input file${workspace.failedFiles.length === 1 ? '' : 's'} could not be read or parsed: ${escapeText(workspace.failedFiles.join(', '))}`);
      } else {
        ctx.io.out(serialize(outputDocument('ValidationReport', {
          accepted: model.policies.accepted.map((p) => formatPolicyRef(p.ref)),
          rejected: model.policies.rejected.map((r) => ({ policy: formatPolicyRef(r.ref), errors: r.diagnostics.map(diagnosticJson) })),
          refused: model.admission.refused.map((r) => ({ object: formatObjectRef(r.ref), errors: r.diagnostics.map(diagnosticJson) })),
          ignored: Object.fromEntries(model.admission.ignored),
          unreadableFiles: workspace.failedFiles,
          diagnostics: [...workspace.diagnostics, ...policyDiagnostics].map(diagnosticJson),
        }), format));
      }
      if (rejected.length > 0 || refused.length > 0) ctx.fail(EXIT_FINDINGS);
    });
}
