/** `membrane policy`: the resolved policy of an endpoint, or of every identity (`--all`). */

import type { Command } from 'commander';
import { policyView, type PolicyView } from '../../explain/index.js';
import { renderPolicySummary, renderPolicyText } from '../../report/policy-text.js';
import { escapeText } from '../../report/escape-text.js';
import { outputDocument, serialize } from '../../report/serialize.js';
import { ENDPOINT_FORMS, parseEndpointRef, resolveEndpointRef } from '../../analysis/flow-endpoint.js';
import { addManifestOptions, loadModel, reportNoPods, skippedLines, withSkipped, type CommandContext, type ManifestOptions } from '../context.js';

const FORMATS = ['text', 'wide', 'json', 'yaml'] as const;

interface PolicyOptions extends ManifestOptions {
  pod?: string;
  all?: boolean;
  entries?: boolean;
  output: string;
}

export function registerPolicy(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('policy')
    .summary('the resolved policy of an endpoint (like cilium-dbg bpf policy get)')
    .description(
      'Show the policy Cilium computes for an endpoint\'s identity: per direction whether it is enforced and ' +
        'default-deny, and its policy map entries (peer identity and labels, protocol, port or range, ' +
        'allow/deny, L7 proxy redirect) with the rules each entry derives from. --all computes it for ' +
        'every identity of the cluster and prints one line per identity (add --entries for everything).\n\n' +
        'INGRESS/EGRESS columns: open (not enforced), deny-default/N or allow-default/N (N map entries).\n\n' +
        'Text fits 100 columns (or the terminal): peers are named by their identity\'s short name ' +
        '(namespace:labels) and long cells wrap. -o wide prints every identity label, one per line, as ' +
        'cilium-dbg bpf policy get does; -o json and -o yaml print everything.\n\n' +
        'Exit code: 0; 2 bad usage or unreadable input.',
    );
  addManifestOptions(cmd)
    .option('--pod <ns/name>', 'the endpoint whose identity\'s policy is shown: NS/NAME (a pod; NAME alone: in -n), or deployment:NS/NAME, service:NS/NAME, ... (a pod of it)')
    .option('--all', 'every identity of the cluster')
    .option('--entries', 'with --all: print every map entry too')
    .option('-o, --output <format>', 'text, wide (every label), json or yaml', 'text')
    .addHelpText('after', '\nExamples:\n  membrane policy -f cluster/ --pod default/app1\n  membrane policy -f cluster/ --pod default/app1 -o wide\n  membrane policy -f deploy/ -n shop --pod deployment:cart\n  membrane policy -f cluster/ --all -o json > policy.json')
    .action((opts: PolicyOptions) => {
      if (!(FORMATS as readonly string[]).includes(opts.output)) return ctx.usage(`unknown output format "${opts.output}" (one of ${FORMATS.join(', ')})`);
      const format = opts.output as (typeof FORMATS)[number];
      const text = { wide: format === 'wide', width: ctx.width };
      if (!opts.pod === !opts.all) return ctx.usage('give exactly one of --pod NS/NAME or --all');
      // NS/NAME is a pod; kind:NS/NAME any endpoint that is a pod (a workload's, a service's backend)
      const ref = opts.pod === undefined ? undefined : /^[A-Za-z]+:/.test(opts.pod) ? parseEndpointRef(opts.pod) : { pod: opts.pod };
      if (opts.pod !== undefined && !ref) return ctx.usage(`--pod: cannot read "${opts.pod}" (NS/NAME, or ${ENDPOINT_FORMS})`);
      const loaded = loadModel(ctx, opts);
      if (!loaded || reportNoPods(ctx, loaded.model.cluster)) return;
      const { engine, cluster } = loaded.model;
      const lookup = (id: number) => cluster.identities.get(id);
      let views: PolicyView[];
      if (ref) {
        const resolved = resolveEndpointRef(ref, cluster, new Map(), loaded.namespace);
        if (!resolved.ok) return ctx.usage(`--pod: ${resolved.error}`);
        if (resolved.endpoint.kind !== 'pod') return ctx.usage(`--pod: ${opts.pod} is not a pod (give NS/NAME, or a workload or service: deployment:NS/NAME, service:NS/NAME, ...)`);
        const pod = resolved.endpoint.pod;
        if (resolved.note && format === 'text') ctx.io.err(`note: ${escapeText(resolved.note)}`);
        const identity = cluster.identityOf(pod);
        if (!identity) return ctx.usage(`pod ${pod.namespace}/${pod.name} uses the host network: it has the node's identity and no pod policy`);
        const universe = engine.identityUniverse();
        const policy = engine.policyOf(identity);
        policy.ingress.materialize(universe);
        policy.egress.materialize(universe);
        views = [policyView(policy, lookup)];
      } else {
        const started = Date.now();
        const policies = engine.compileAll();
        const ms = Date.now() - started;
        views = policies.map((p) => policyView(p, lookup, opts.entries === true || format === 'json' || format === 'yaml'));
        if ((format === 'text' || format === 'wide') && !opts.entries) {
          ctx.io.out(renderPolicySummary(views, text));
          const entries = views.reduce((n, v) => n + v.ingress.entryCount + v.egress.entryCount, 0);
          ctx.io.out(`${views.length} identities, ${entries} map entries, computed in ${ms} ms`);
          for (const line of skippedLines(loaded.skipped)) ctx.io.out(line);
          return;
        }
      }
      if (format === 'text' || format === 'wide') ctx.io.out([renderPolicyText(views, text), ...skippedLines(loaded.skipped)].join('\n'));
      else if (opts.pod) ctx.io.out(serialize(withSkipped(outputDocument('EndpointPolicy', views[0]!), loaded.skipped, opts.skipInvalid), format));
      else ctx.io.out(serialize(withSkipped(outputDocument('EndpointPolicyList', views), loaded.skipped, opts.skipInvalid), format));
    });
}
