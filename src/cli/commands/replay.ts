/** `membrane replay`: recorded Hubble flows against the given policies. */

import { Option, type Command } from 'commander';
import { Replayer, type JudgedRecord } from '../../analysis/replay.js';
import { renderReplayMarkdown, renderReplayText, replayReportJson } from '../../report/replay-report.js';
import { serialize } from '../../report/serialize.js';
import { mdText } from '../../report/escape-markdown.js';
import { EXIT_FINDINGS, EXIT_USAGE, FILENAME_FLAGS, SKIP_INVALID_HELP, addClusterInputOptions, addSettingsOptions, collect, loadModel, skippedLines, withSkipped, type CommandContext, type ManifestOptions } from '../context.js';
import { ADD_PODS_HINT } from '../../analysis/no-pods.js';
import { streamFlows } from '../flows.js';
import { parseByteSize } from '../../io/hubble-reader.js';

interface ReplayOptions extends ManifestOptions {
  output: string;
  failOnDisagreement?: boolean;
  limitExamples: string;
  groups: string;
  progress?: boolean;
  traces: boolean;
  dnsLearning: boolean;
  maxLineBytes: string;
}

const FORMATS = ['text', 'json', 'jsonl', 'md', 'markdown', 'yaml'];
/** -o jsonl writes its lines in chunks of about this many characters */
const JSONL_CHUNK = 1 << 16;

function count(value: string, name: string): number | string {
  if (!/^[0-9]+$/.test(value)) return `${name} takes a number (got "${value}")`;
  return Number(value);
}

export function registerReplay(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('replay')
    .summary('replay recorded Hubble flows against policies (what would now be dropped)')
    .description(
      'Evaluate recorded Hubble flows against the given policies: which observed\n' +
        'flows the policies would now drop (or allow), grouped per endpoint identity\n' +
        'and deciding policy, and a fidelity report of where Membrane\'s verdicts\n' +
        'differ from the ones Cilium recorded.\n\n' +
        'Input: `hubble observe -o json` output (one JSON object per line, with the\n' +
        'field names of Hubble\'s Flow message), plain or gzip-compressed, or a JSON\n' +
        'array; - reads stdin. Inputs are streamed, never loaded whole.\n' +
        'Compared: policy verdict events, policy drops, the HTTP and DNS requests the\n' +
        'proxies saw, and (recordings without policy) trace events of each connection\'s\n' +
        'first packet, judged at the side their observation point names, each side of a\n' +
        'connection once. Skipped: replies, packets of established connections, other\n' +
        'trace events (docs/replay.md). DNS responses teach each node\'s FQDN cache as they\n' +
        'stream by, so later toFQDNs flows see those names.\n' +
        'Endpoints: the manifests\' pods and nodes (by pod name or address), else an\n' +
        'identity built from the flow\'s labels, else an address outside the cluster.\n\n' +
        'Exit code: 0; 1 with --fail-on-disagreement when a verdict differs;\n' +
        '2 bad usage or unreadable input.',
    )
    .argument('<flows...>', 'Hubble flow files (JSON lines, .gz or not) or - for stdin')
    .requiredOption(FILENAME_FLAGS, 'manifests: files, directories (recursive) or - for stdin; repeat -f for several', collect);
  addClusterInputOptions(cmd)
    .option('--dns <file>', 'DNS answers known before the recording: a YAML/JSON map name -> [addresses]')
    .option('--dns-mode <mode>', 'how nodes know the --dns answers: shared (every node) or learn (where a pod may resolve them)', 'shared')
    .option('--no-dns-learning', 'do not learn names from the DNS responses in the flows')
    .option('-o, --output <format>', 'text, json, md (Markdown), or jsonl: one JSON object per judged record, in input order (input, line, side, recorded, verdict, layer, policy, rule)', 'text')
    .option('--limit-examples <n>', 'example flows kept (with their explanation) per group', '3')
    .option('--groups <n>', 'groups listed per section in text and Markdown (all are in JSON)', '20')
    .option('--fail-on-disagreement', 'exit 1 when any recorded verdict differs from Membrane\'s (for CI)')
    .option('--no-traces', 'do not judge trace events (only policy verdicts, policy drops and L7 requests)')
    .addOption(new Option('--include-traces', 'trace events are judged by default (kept for old scripts)').hideHelp())
    .option('--progress', 'report progress on stderr every 100,000 flows (default when stderr is a terminal)')
    .option('--max-line-bytes <size>', 'the longest input line (or JSON object) read, e.g. 4M or 65536; a longer one is an error (exit 2)', '4M')
    .option('-q, --quiet', 'do not print warnings about the input')
    .option('--skip-invalid', SKIP_INVALID_HELP);
  addSettingsOptions(cmd)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  hubble observe --since 1h -o json > flows.jsonl\n' +
        '  membrane replay -f cluster/ -f new-policies/ flows.jsonl\n' +
        '  membrane replay -f cluster/ flows-node1.jsonl.gz flows-node2.jsonl.gz -o md > replay.md\n' +
        '  membrane replay -f cluster/ flows.jsonl -o jsonl | jq -c \'select(.verdict != .recorded)\'\n' +
        '  hubble observe -f -o json | membrane replay -f cluster/ - --progress\n' +
        '  membrane replay -f examples/seed/seed-demo.yaml test/fixtures/hubble/seed-flows.jsonl --fail-on-disagreement',
    )
    .action(async (flows: string[], opts: ReplayOptions) => {
      if (!FORMATS.includes(opts.output)) return ctx.usage(`unknown output format "${opts.output}" (one of text, json, jsonl, md)`);
      const examples = count(opts.limitExamples, '--limit-examples');
      if (typeof examples === 'string') return ctx.usage(examples);
      const groups = count(opts.groups, '--groups');
      if (typeof groups === 'string') return ctx.usage(groups);
      const maxLineBytes = parseByteSize(opts.maxLineBytes);
      if (maxLineBytes === undefined) return ctx.usage(`--max-line-bytes takes a size such as 4M, 512K or 65536 (got "${opts.maxLineBytes}")`);
      if (flows.filter((f) => f === '-').length > 1) return ctx.usage('stdin (-) can be read only once');
      const manifestLike = flows.find((f) => /\.ya?ml$/i.test(f));
      if (manifestLike) return ctx.usage(`${manifestLike} looks like a manifest, not recorded flows: give each manifest with its own -f (-f a.yaml -f b.yaml)`);
      if (flows.includes('-') && (opts.filename ?? []).includes('-')) return ctx.usage('stdin (-) cannot hold both manifests and flows');
      const loaded = loadModel(ctx, opts);
      if (!loaded || loaded.inputFailed) return;
      const { model } = loaded;
      if (model.cluster.pods.length === 0 && !opts.quiet) {
        ctx.io.err(`warning: the input has no pods, so endpoints are known only by the labels in the flows: ${ADD_PODS_HINT}`);
      }

      const showProgress = opts.progress ?? process.stderr.isTTY === true;
      const started = performance.now();
      const progress = (done: number): void => {
        const seconds = (performance.now() - started) / 1000;
        ctx.io.err(`replay: ${done.toLocaleString('en-US')} flows (${Math.round(done / Math.max(seconds, 1e-3)).toLocaleString('en-US')} flows/s)`);
      };
      // -o jsonl: one JSON object per judged record, in input order, written as they come
      let jsonl = '';
      const onJudged = opts.output === 'jsonl'
        ? (r: JudgedRecord): void => {
          jsonl += `${JSON.stringify(r)}\n`;
          if (jsonl.length > JSONL_CHUNK) {
            ctx.io.out(jsonl.slice(0, -1));
            jsonl = '';
          }
        }
        : undefined;
      const replayer = new Replayer(model, {
        onJudged,
        examples,
        traces: opts.traces,
        learnDns: opts.dnsLearning,
        inputs: flows.map((f) => (f === '-' ? '<stdin>' : f)),
        onProgress: showProgress ? progress : undefined,
      });
      const readOk = await streamFlows(ctx, flows, replayer, {
        quiet: opts.quiet,
        maxLineBytes,
        afterBatch: onJudged ? async () => ctx.io.drain?.() : undefined,
      });
      const report = replayer.report();
      if (showProgress) {
        const seconds = (performance.now() - started) / 1000;
        ctx.io.err(`replay: ${report.totals.flows.toLocaleString('en-US')} flows in ${seconds.toFixed(1)} s (${Math.round(report.totals.flows / Math.max(seconds, 1e-3)).toLocaleString('en-US')} flows/s)`);
      }
      const render = { examples, groups };
      const skipped = skippedLines(loaded.skipped);
      if (opts.output === 'jsonl') {
        // the stream holds records only: skipped manifests go to stderr
        if (jsonl !== '') ctx.io.out(jsonl.slice(0, -1));
        for (const l of skipped) ctx.io.err(l);
      } else if (opts.output === 'text') ctx.io.out([renderReplayText(report, render), ...skipped].join('\n'));
      else if (opts.output === 'md' || opts.output === 'markdown') ctx.io.out([renderReplayMarkdown(report, render), ...skippedLines(loaded.skipped, '\n> ', mdText)].join('\n'));
      else ctx.io.out(serialize(withSkipped(replayReportJson(report), loaded.skipped, opts.skipInvalid), opts.output === 'yaml' ? 'yaml' : 'json'));
      if (!readOk) ctx.fail(EXIT_USAGE);
      if (opts.failOnDisagreement && report.fidelity.total.agree !== report.fidelity.total.decisions) {
        ctx.io.err(`${(report.fidelity.total.decisions - report.fidelity.total.agree).toLocaleString('en-US')} recorded verdicts differ from Membrane's`);
        ctx.fail(EXIT_FINDINGS);
      }
    });
}
