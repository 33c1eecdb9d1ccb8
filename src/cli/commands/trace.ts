/** `membrane trace`: one flow, its verdict and why. */

import type { Command } from 'commander';
import { ENDPOINT_FORMS, parseEndpointRef } from '../../analysis/flow-endpoint.js';
import { parseHttpRequest, parsePortSpec, traceFlow } from '../../analysis/trace.js';
import type { HttpRequest } from '../../policy/l7/index.js';
import { renderExplanationText } from '../../report/explanation-text.js';
import { outputDocument, serialize } from '../../report/serialize.js';
import { EXIT_FINDINGS, addManifestOptions, collect, loadModel, outputFormat, reportNoPods, skippedLines, withSkipped, type CommandContext, type ManifestOptions } from '../context.js';

interface TraceOptions extends ManifestOptions {
  from: string;
  to: string;
  port?: string;
  protocol?: string;
  http?: string;
  header?: string[];
  host?: string;
  dnsQuery?: string;
  expect?: string;
  output: string;
}

function parseHttp(opts: TraceOptions): HttpRequest | string | undefined {
  if (opts.http === undefined) {
    if (opts.header?.length || opts.host) return '--header and --host need --http \'METHOD PATH\'';
    return undefined;
  }
  const request = parseHttpRequest(opts.http, opts.header, opts.host);
  return typeof request === 'string' ? `--http/--header: ${request}` : request;
}

export function registerTrace(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('trace')
    .summary('verdict and explanation of one flow')
    .description(
      'Evaluate one flow as Cilium would: the source\'s egress policy (when it is a pod) and the destination\'s ' +
        'ingress policy (when it is a pod), at L3/L4 and, with --http or --dns-query, at L7. Names the policy, ' +
        'rule, peer and port that decided each side, or says that default deny did.\n\n' +
        'Endpoints: pod:NS/NAME; deployment:NS/NAME (also statefulset:, daemonset:, replicaset:, job:, cronjob:, ' +
        'and kubectl\'s short names deploy:, sts:, ds:, ...): a pod of the workload; service:NS/NAME (svc:): as ' +
        '`curl NAME:PORT` reaches it, a backend at the target port, as Cilium\'s load balancer translates it before ' +
        'policy; ip:A.B.C.D (or a bare address; a ClusterIP is translated the same way), node:NAME, entity:NAME ' +
        '(kube-apiserver, world, health, ...), fqdn:NAME (its first address from --dns). Without NS/, the ' +
        'namespace is that of -n (default: default).\n\n' +
        'Workloads whose pods are not in the input (manifests rather than a cluster dump) become pods made from ' +
        'their pod template, named NAME-0, NAME-1, ... (see --max-replicas); pods without an address get one ' +
        'from 198.18.0.0/15. The explanation says so.\n\n' +
        'Exit code: 0 (1 with --expect when the verdict differs), 2 bad usage, unreadable input or an input without pods.',
    );
  addManifestOptions(cmd)
    .requiredOption('--from <endpoint>', 'source endpoint, e.g. pod:default/app1')
    .requiredOption('--to <endpoint>', 'destination endpoint, e.g. pod:default/app2, service:default/web or ip:8.8.8.8')
    .option('--port <port[/proto]>', 'destination port and protocol, e.g. 443/TCP, 53/UDP, 8/ICMP (ICMP type)', '80/TCP')
    .option('--protocol <proto>', 'protocol, when not given with --port')
    .option('--http <request>', 'an HTTP request on the connection: \'METHOD PATH\', e.g. \'GET /auth?x=1\'')
    .option('--header <header>', 'request header \'Name: value\' (with --http; repeatable)', collect)
    .option('--host <host>', 'the Host header (:authority) of the request')
    .option('--dns-query <name>', 'a DNS query on the flow (usually UDP/53 to the DNS server)')
    .option('--expect <verdict>', 'allow or deny: exit 1 when the verdict differs (for CI)')
    .option('-o, --output <format>', 'text, json or yaml', 'text')
    .addHelpText('after', "\nExamples:\n  membrane trace -f cluster/ --from pod:default/app1 --to pod:default/app2 --port 80/TCP --http 'GET /auth'\n  membrane trace -f http-sw-app.yaml -f sw_l3_l4_l7_policy.yaml --from pod:default/tiefighter --to service:default/deathstar --port 80/TCP --http 'POST /v1/request-landing'\n  membrane trace -f deploy/ -n shop --from deployment:frontend --to svc:cart --port 8080\n  membrane trace -f cluster/ --from pod:default/app1 --to ip:8.8.8.8 --port 443\n  membrane trace -f cluster/ --from pod:default/app1 --to pod:kube-system/coredns-0 --port 53/UDP --dns-query example.com")
    .action((opts: TraceOptions) => {
      const format = outputFormat(ctx, opts.output);
      if (!format) return;
      if (opts.expect !== undefined && opts.expect !== 'allow' && opts.expect !== 'deny') return ctx.usage('--expect must be allow or deny');
      const portSpec = parsePortSpec(opts.port ?? '80/TCP', opts.protocol);
      if (typeof portSpec === 'string') return ctx.usage(portSpec);
      const http = parseHttp(opts);
      if (typeof http === 'string') return ctx.usage(http);
      if (!parseEndpointRef(opts.from)) return ctx.usage(`--from: cannot read "${opts.from}" (${ENDPOINT_FORMS})`);
      if (!parseEndpointRef(opts.to)) return ctx.usage(`--to: cannot read "${opts.to}" (${ENDPOINT_FORMS})`);
      const loaded = loadModel(ctx, opts);
      if (!loaded) return;
      const { model } = loaded;
      if (reportNoPods(ctx, model.cluster)) return;
      const traced = traceFlow(model, { from: opts.from, to: opts.to, protocol: portSpec.protocol, port: portSpec.port, http, dnsQuery: opts.dnsQuery, namespace: loaded.namespace });
      if (!traced.ok) return ctx.usage(traced.field === 'port' ? traced.error : `--${traced.field}: ${traced.error}`);
      const { verdict, explanation } = traced;
      const rejected = model.policies.rejected.length;
      if (format === 'text') {
        ctx.io.out(renderExplanationText(explanation));
        if (rejected > 0) ctx.io.out(`note: ${rejected} polic${rejected === 1 ? 'y was' : 'ies were'} rejected and contribute nothing (see membrane validate)`);
        for (const line of skippedLines(loaded.skipped, 'note: ')) ctx.io.out(line);
      } else {
        const report = { ...explanation, rejectedPolicies: model.policies.rejected.map((r) => `${r.ref.kind}/${r.ref.namespace ? `${r.ref.namespace}/` : ''}${r.ref.name}`) };
        ctx.io.out(serialize(withSkipped(outputDocument('FlowExplanation', report), loaded.skipped, opts.skipInvalid), format));
      }
      if (opts.expect && opts.expect !== verdict.verdict) {
        ctx.io.err(`expected ${opts.expect}, got ${verdict.verdict}`);
        ctx.fail(EXIT_FINDINGS);
      }
    });
}
