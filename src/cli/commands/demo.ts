/** `membrane demo`: the seed scenario (app1, app2, CoreDNS) with its flows and explanations. */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { runPolicyTest } from '../../analysis/policy-test.js';
import { parseText } from '../../policy/yaml-source.js';
import { renderExplanationText } from '../../report/explanation-text.js';
import { EXIT_FINDINGS, type CommandContext } from '../context.js';

export const DEMO_FILE = fileURLToPath(new URL('../../../examples/seed/seed-demo.yaml', import.meta.url));

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .summary('run the built-in seed scenario (app1, app2, CoreDNS)')
    .description(
      'Evaluate the seed scenario shipped in examples/seed/seed-demo.yaml: app1 may reach app2 on TCP/80 only, ' +
        'app2 accepts only GET /auth from app1, app1 may resolve only *.google.com and yahoo.com through ' +
        'CoreDNS. Prints every flow with its verdict and explanation.',
    )
    .option('--brief', 'one line per flow')
    .action((opts: { brief?: boolean }) => {
      const text = readFileSync(DEMO_FILE, 'utf8');
      const parsed = parseText(text, 'examples/seed/seed-demo.yaml');
      const doc = parsed.documents[0]!;
      const result = runPolicyTest('examples/seed/seed-demo.yaml', doc.value, doc.source);
      ctx.io.out(`Seed scenario: ${result.name} (${result.cases.length} flows; policies in examples/seed/seed-demo.yaml)\n`);
      for (const c of result.cases) {
        if (!c.explanation) continue;
        if (opts.brief) ctx.io.out(`${c.actual!.toUpperCase().padEnd(5)}  ${c.name}`);
        else ctx.io.out(`# ${c.name}\n${renderExplanationText(c.explanation)}\n`);
        if (c.status !== 'pass') {
          ctx.io.out(`!! expected ${c.expect}: ${c.reason}`);
          ctx.fail(EXIT_FINDINGS);
        }
      }
      ctx.io.out('Try: membrane trace -f examples/seed/seed-demo.yaml --from pod:default/app1 --to pod:default/app2 --port 80/TCP --http \'GET /products\'');
    });
}
