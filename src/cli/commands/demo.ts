/** `membrane demo`: the seed scenario (app1, app2, CoreDNS) with its flows and explanations. */

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { runPolicyTest } from '../../analysis/policy-test.js';
import { displayPath } from '../../io/files.js';
import { packageFile } from '../../io/package-files.js';
import { parseText } from '../../policy/yaml-source.js';
import { renderExplanationText } from '../../report/explanation-text.js';
import { EXIT_FINDINGS, type CommandContext } from '../context.js';

/** The scenario, shipped in the package (examples/ is in package.json `files`). */
export function demoFile(): string {
  return packageFile('examples/seed/seed-demo.yaml');
}

/** A path to show: relative when under the working directory, quoted for a shell when needed. */
function shellPath(path: string): string {
  const shown = displayPath(path);
  return /^[\w./-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, "'\\''")}'`;
}

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .summary('run the built-in seed scenario (app1, app2, CoreDNS)')
    .description(
      'Evaluate the seed scenario shipped with Membrane (examples/seed/seed-demo.yaml): app1 may reach app2 on TCP/80 only, ' +
        'app2 accepts only GET /auth from app1, app1 may resolve only *.google.com and yahoo.com through ' +
        'CoreDNS. Prints every flow with its verdict and explanation.\n\n' +
        'Exit code: 0; 1 if a flow does not get the verdict the scenario expects (a bug).',
    )
    .option('--brief', 'one line per flow')
    .addHelpText('after', '\nExamples:\n  membrane demo\n  membrane demo --brief')
    .action((opts: { brief?: boolean }) => {
      const file = demoFile();
      const shown = shellPath(file);
      const parsed = parseText(readFileSync(file, 'utf8'), shown);
      const doc = parsed.documents[0]!;
      const result = runPolicyTest(shown, doc.value, doc.source);
      ctx.io.out(`Seed scenario: ${result.name} (${result.cases.length} flows; policies in ${shown})\n`);
      for (const c of result.cases) {
        if (!c.explanation) continue;
        if (opts.brief) ctx.io.out(`${c.actual!.toUpperCase().padEnd(5)}  ${c.name}`);
        else ctx.io.out(`# ${c.name}\n${renderExplanationText(c.explanation)}\n`);
        if (c.status !== 'pass') {
          ctx.io.out(`!! expected ${c.expect}: ${c.reason}`);
          ctx.fail(EXIT_FINDINGS);
        }
      }
      ctx.io.out(`Try: membrane trace -f ${shown} --from pod:default/app1 --to pod:default/app2 --port 80/TCP --http 'GET /products'`);
    });
}
