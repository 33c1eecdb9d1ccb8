/** `membrane version`: Membrane's version, with the Node.js and platform it runs on. */

import type { Command } from 'commander';
import { packageVersion } from '../../io/package-files.js';
import { outputDocument, serialize } from '../../report/serialize.js';
import { outputFormat, type CommandContext } from '../context.js';

export function registerVersion(program: Command, ctx: CommandContext): void {
  program
    .command('version')
    .summary('print the version')
    .description(
      'Print Membrane\'s version and the Node.js and platform it runs on. `membrane --version` prints the version alone.\n\n' +
        'Exit code: 0; 2 bad usage.',
    )
    .option('-o, --output <format>', 'text, json or yaml', 'text')
    .addHelpText('after', '\nExamples:\n  membrane version\n  membrane version -o json')
    .action((opts: { output: string }) => {
      const format = outputFormat(ctx, opts.output);
      if (!format) return;
      const facts = { membrane: packageVersion(), node: process.version, platform: `${process.platform}-${process.arch}` };
      if (format === 'text') ctx.io.out(`membrane ${facts.membrane} (Node.js ${facts.node}, ${facts.platform})`);
      else ctx.io.out(serialize(outputDocument('Version', facts), format));
    });
}
