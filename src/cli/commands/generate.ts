/** `membrane generate`: least-privilege CiliumNetworkPolicies from recorded Hubble flows, verified. */

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { PolicyGenerator, type GenerateResult } from '../../analysis/generate/index.js';
import { EXIT_FINDINGS, addClusterInputOptions, loadModel, type CommandContext, type ManifestOptions } from '../context.js';
import { streamFlows } from '../flows.js';
import { parseByteSize } from '../../io/hubble-reader.js';

interface GenerateCliOptions extends ManifestOptions {
  output?: string;
  l7?: boolean;
  cidrMin?: string;
  world?: boolean;
  holdout?: string;
  traces: boolean;
  progress?: boolean;
  maxLineBytes: string;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `20%` or `0.2` -> 0.2; a string is the usage error. */
function parseHoldout(text: string): number | string {
  const m = /^([0-9]+(?:\.[0-9]+)?)(%?)$/.exec(text.trim());
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : Number.NaN;
  if (!(value > 0 && value < 1)) return `--holdout takes a share of the recording between 0 and 100% (got "${text}"), e.g. 20%`;
  return value;
}

const n = (x: number): string => x.toLocaleString('en-US');

export function summaryText(r: GenerateResult, written: readonly string[]): string {
  const out: string[] = [];
  const t = r.recording.totals;
  out.push(`Learned from ${n(r.learnedFlows)} allowed records of ${n(t.records)} (${n(t.connections)} connections)${r.holdout ? `, the first ${Math.round((1 - r.holdout.fraction) * 100)}% of the recording` : ''}`);
  out.push(`Generated ${n(r.policies.length)} CiliumNetworkPolicies in ${n(r.files.size)} namespace${r.files.size === 1 ? '' : 's'}${written.length > 0 ? `: ${written.join(', ')}` : ''}`);
  const v = r.verification;
  out.push(`Verified: replaying ${n(v.flows)} allowed records against the generated and existing policies, ${n(v.dropped)} would be dropped`);
  if (v.rejected.length > 0) out.push(`  error: generated policies rejected by validation: ${v.rejected.join(', ')}`);
  for (const w of v.byWorkload.filter((x) => x.dropped > 0).slice(0, 10)) out.push(`  dropped: ${n(w.dropped)} of ${n(w.flows)} flows of ${w.workload}`);
  for (const g of v.report.nowDropped.groups.slice(0, 10)) out.push(`  why: ${g.decision.summary}`);
  if (r.cidrFallbacks.length > 0) out.push(`  ${n(r.cidrFallbacks.length)} outside address${r.cidrFallbacks.length === 1 ? '' : 'es'} used before a DNS answer named them: allowed by CIDR (${r.cidrFallbacks.slice(0, 5).join(', ')}${r.cidrFallbacks.length > 5 ? ', ...' : ''})`);
  if (r.holdout) {
    const h = r.holdout;
    out.push(`Holdout: the last ${Math.round(h.fraction * 100)}% (${n(h.verification.flows)} allowed records) against policies learned without them: ${n(h.verification.dropped)} would be dropped`);
    for (const w of h.byWorkload.slice(0, 20)) out.push(`  ${w.workload.padEnd(48)} ${n(w.flows).padStart(10)} flows ${n(w.dropped).padStart(8)} dropped`);
  }
  return out.join('\n');
}

export function registerGenerate(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('generate')
    .summary('write least-privilege CiliumNetworkPolicies from recorded Hubble flows, verified by replay')
    .description(
      'Generate CiliumNetworkPolicies that allow the traffic of a Hubble recording and\n' +
        'nothing more: one policy per workload identity, selecting its stable labels\n' +
        '(app, app.kubernetes.io/name, ...), with one commented rule per peer: pods\n' +
        '(toEndpoints/fromEndpoints with their namespace), entities (kube-apiserver,\n' +
        'host, remote-node; world only with --world), toFQDNs for outside addresses a\n' +
        'DNS answer in the recording named (with the DNS rule for exactly the names the\n' +
        'workload queried), toCIDR for the others; ports and protocols, ICMP types, and\n' +
        'with --l7 HTTP rules where the recording has requests.\n\n' +
        'Before anything is written, the recording is replayed against the generated\n' +
        'policies plus the existing ones (-f): the summary says how many recorded flows\n' +
        'would be dropped (0 unless an existing deny rule drops them). --holdout 20%\n' +
        'learns from the first 80% and replays the rest: how stable the policies are.\n\n' +
        'Output: one YAML file per namespace in DIR (-o), or YAML on stdout; the summary\n' +
        'goes to stderr (stdout with -o). Review, `membrane lint`, then apply.\n\n' +
        'Exit code: 0; 1 when the verification drops recorded flows; 2 bad usage or\n' +
        'unreadable input.',
    )
    .argument('<flows...>', 'Hubble flow files (hubble observe -o json, JSON lines, .gz or not) or - for stdin')
    .requiredOption('-f, --filename <path>', 'manifests: the cluster (pods, namespaces, nodes) and the policies already in force; repeat -f', collect);
  addClusterInputOptions(cmd)
    .option('-o, --output <dir>', 'write one YAML file per namespace into this directory')
    .option('--l7', 'add HTTP rules (method, path) for ports where the recording has HTTP requests')
    .option('--cidr-min <length>', 'aggregate outside addresses into prefixes of this length (e.g. 24) instead of one /32 each')
    .option('--world', 'allow outside addresses as the world entity instead of CIDRs and FQDNs')
    .option('--holdout <share>', 'learn from the start of the recording and replay the rest (e.g. 20%) to measure stability per workload')
    .option('--dns <file>', 'DNS answers known before the recording: a YAML/JSON map name -> [addresses]')
    .option('--dns-mode <mode>', 'how nodes know the --dns answers: shared or learn', 'shared')
    .option('--no-traces', 'do not learn from trace events (only policy verdicts and L7 requests)')
    .option('--progress', 'report progress on stderr every 100,000 flows')
    .option('--max-line-bytes <size>', 'the longest input line (or JSON object) read, e.g. 4M or 65536; a longer one is an error (exit 2)', '4M')
    .option('-q, --quiet', 'do not print warnings about the input')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  hubble observe --since 1h -o json > flows.jsonl\n' +
        '  membrane generate -f cluster/ flows.jsonl -o policies/\n' +
        '  membrane generate -f cluster/ flows.jsonl --l7 --cidr-min 24 --holdout 20% -o policies/\n' +
        '  membrane lint -f cluster/ -f policies/ && membrane replay -f cluster/ -f policies/ flows.jsonl\n' +
        '  membrane generate -f test/fixtures/generate/shop.yaml test/fixtures/generate/trace-flows.jsonl --l7',
    )
    .action(async (flows: string[], opts: GenerateCliOptions) => {
      let cidrMin: number | undefined;
      if (opts.cidrMin !== undefined) {
        cidrMin = Number(opts.cidrMin);
        if (!/^[0-9]+$/.test(opts.cidrMin) || cidrMin < 1 || cidrMin > 32) return ctx.usage(`--cidr-min takes a prefix length from 1 to 32 (got "${opts.cidrMin}")`);
      }
      let holdout: number | undefined;
      if (opts.holdout !== undefined) {
        const h = parseHoldout(opts.holdout);
        if (typeof h === 'string') return ctx.usage(h);
        holdout = h;
      }
      const maxLineBytes = parseByteSize(opts.maxLineBytes);
      if (maxLineBytes === undefined) return ctx.usage(`--max-line-bytes takes a size such as 4M, 512K or 65536 (got "${opts.maxLineBytes}")`);
      if (flows.filter((f) => f === '-').length > 1) return ctx.usage('stdin (-) can be read only once');
      const manifestLike = flows.find((f) => /\.ya?ml$/i.test(f));
      if (manifestLike) return ctx.usage(`${manifestLike} looks like a manifest, not recorded flows: give each manifest with its own -f`);
      const loaded = loadModel(ctx, opts);
      if (!loaded || loaded.inputFailed) return;
      const started = performance.now();
      const generator = new PolicyGenerator(loaded.workspace.objects, loaded.model, loaded.modelOptions, {
        l7: opts.l7,
        cidrMin,
        world: opts.world,
        holdout,
        traces: opts.traces,
        inputs: flows.map((f) => (f === '-' ? '<stdin>' : f)),
        onProgress: opts.progress ? (done) => ctx.io.err(`generate: ${done.toLocaleString('en-US')} flows (${((performance.now() - started) / 1000).toFixed(1)} s)`) : undefined,
      });
      if (!(await streamFlows(ctx, flows, generator, { quiet: opts.quiet, maxLineBytes }))) return;
      const result = generator.finish();
      const written: string[] = [];
      if (opts.output) {
        mkdirSync(opts.output, { recursive: true });
        for (const [ns, text] of result.files) {
          const path = join(opts.output, `${ns}.yaml`);
          writeFileSync(path, text);
          written.push(path);
        }
        ctx.io.out(summaryText(result, written));
      } else {
        for (const text of result.files.values()) ctx.io.out(text.trimEnd());
        ctx.io.err(summaryText(result, []));
      }
      if (result.verification.dropped > 0 || result.verification.rejected.length > 0) ctx.fail(EXIT_FINDINGS);
    });
}
