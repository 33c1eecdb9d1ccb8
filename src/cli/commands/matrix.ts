/** `membrane matrix`: who can reach whom, per identity group and port. */

import type { Command } from 'commander';
import { computeMatrix, parseGroupFilter, type GroupFilter } from '../../analysis/matrix.js';
import { RESERVED_NAMES, type ReservedName } from '../../cluster/index.js';
import type { FlowProtocol } from '../../net/index.js';
import { matrixCsvLines, matrixDotLines, matrixJson, matrixMarkdownLines, matrixTextLines } from '../../report/matrix-report.js';
import { serialize } from '../../report/serialize.js';
import { mdText } from '../../report/escape-markdown.js';
import { addManifestOptions, loadModel, reportNoPods, skippedLines, withSkipped, type CommandContext, type ManifestOptions } from '../context.js';
import { parsePortSpec } from '../../analysis/trace.js';

interface MatrixCommandOptions extends ManifestOptions {
  from?: string;
  to?: string;
  ports?: string;
  entities?: string;
  output: string;
}

const FORMATS = ['text', 'csv', 'md', 'json', 'yaml', 'dot'];
/** JSON and YAML are built whole in memory: beyond this many cells they would not fit */
const MAX_STRUCTURED_CELLS = 50_000_000;

export function registerMatrix(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('matrix')
    .summary('connectivity matrix: who can reach whom on which ports')
    .description(
      'Compute who can reach whom: rows are sources, columns destinations, one group per identity ' +
        '(pods with equal identity labels), a verdict per port. Default ports: every port a policy or a ' +
        'container names, plus one port nothing names (shows each side\'s default). Verdicts come from the ' +
        'compiled policy maps: both the source\'s egress and the destination\'s ingress must allow.\n\n' +
        'Cells (one character per port): A allowed, L allowed then filtered per request by L7 rules, ' +
        'E denied by egress, I denied by ingress, X denied by both, - not applicable.\n\n' +
        'Filters: NAMESPACE, NAMESPACE/key=value,..., key=value,... (any namespace) or *.\n\n' +
        'Exit code: 0; 2 bad usage or unreadable input.',
    );
  addManifestOptions(cmd)
    .option('--from <filter>', 'only these sources, e.g. prod or prod/app=web')
    .option('--to <filter>', 'only these destinations')
    .option('--ports <list>', 'ports to show, e.g. 80/TCP,443,53/UDP,8/ICMP')
    .option('--entities <list>', `also show non-pod endpoints on both axes: ${RESERVED_NAMES.join(', ')}`, '')
    .option('-o, --output <format>', FORMATS.join(', '), 'text')
    .addHelpText('after', '\nExamples:\n  membrane matrix -f cluster/\n  membrane matrix -f cluster/ --from prod --to prod/app=db --ports 5432,80/TCP\n  membrane matrix -f cluster/ --entities world,host -o md > matrix.md\n  membrane matrix -f cluster/ -o dot | dot -Tsvg > matrix.svg')
    .action((opts: MatrixCommandOptions) => {
      if (!FORMATS.includes(opts.output)) return ctx.usage(`unknown output format "${opts.output}" (one of ${FORMATS.join(', ')})`);
      const filters: { from?: GroupFilter; to?: GroupFilter } = {};
      for (const side of ['from', 'to'] as const) {
        const text = opts[side];
        if (text === undefined) continue;
        const f = parseGroupFilter(text);
        if (typeof f === 'string') return ctx.usage(`--${side}: ${f}`);
        filters[side] = f;
      }
      let ports: { protocol: FlowProtocol; port: number }[] | undefined;
      if (opts.ports) {
        ports = [];
        for (const item of opts.ports.split(',').map((s) => s.trim()).filter(Boolean)) {
          const spec = parsePortSpec(item);
          if (typeof spec === 'string') return ctx.usage(`--ports: ${spec}`);
          ports.push(spec);
        }
      }
      const entities = (opts.entities ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = entities.find((e) => !(RESERVED_NAMES as readonly string[]).includes(e));
      if (unknown) return ctx.usage(`--entities: unknown entity "${unknown}" (one of ${RESERVED_NAMES.join(', ')})`);
      const loaded = loadModel(ctx, opts);
      if (!loaded || reportNoPods(ctx, loaded.model.cluster)) return;
      const matrix = computeMatrix(loaded.model, { ...filters, ports, entities: entities as ReservedName[] });
      if (matrix.sources.length === 0 || matrix.destinations.length === 0) {
        ctx.io.err('warning: no endpoint matches the filters');
      }
      // text, CSV, Markdown and DOT are written line by line: a large cluster's matrix is more text than one string holds
      const stream = (lines: Iterable<string>) => { for (const line of lines) ctx.io.out(line); };
      const skipped = skippedLines(loaded.skipped);
      switch (opts.output) {
        case 'text': return stream([...matrixTextLines(matrix), ...skipped]);
        // CSV has no comments: the skipped files lead as `#` lines, which spreadsheet tools can be told to skip
        case 'csv': return stream([...skipped.map((l) => `# ${l}`), ...matrixCsvLines(matrix)]);
        case 'md': return stream([...matrixMarkdownLines(matrix), ...skippedLines(loaded.skipped, '\n> ', mdText)]);
        case 'dot': return stream([...skipped.map((l) => `// ${l}`), ...matrixDotLines(matrix)]);
        default: {
          const cells = matrix.sources.length * matrix.destinations.length * matrix.ports.length;
          if (cells > MAX_STRUCTURED_CELLS) {
            return ctx.usage(`the matrix has ${cells.toLocaleString('en-US')} cells, too many for -o ${opts.output} (at most ${MAX_STRUCTURED_CELLS.toLocaleString('en-US')}): narrow it with --from/--to/--ports, or use -o text or -o csv, which are streamed`);
          }
          return ctx.io.out(serialize(withSkipped(matrixJson(matrix), loaded.skipped, opts.skipInvalid), opts.output as 'json' | 'yaml'));
        }
      }
    });
}
