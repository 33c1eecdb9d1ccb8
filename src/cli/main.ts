/**
 * The `membrane` command line. `main` takes its world as arguments (argv and output streams)
 * and returns the exit code, so tests call it without spawning a process.
 */

import { Command, CommanderError } from 'commander';
import { CommandContext, EXIT_USAGE, type Io } from './context.js';
import { registerDemo } from './commands/demo.js';
import { registerDiff } from './commands/diff.js';
import { registerGenerate } from './commands/generate.js';
import { registerLab } from './commands/lab.js';
import { registerLint } from './commands/lint.js';
import { registerMatrix } from './commands/matrix.js';
import { registerPolicy } from './commands/policy.js';
import { registerReplay } from './commands/replay.js';
import { registerServe } from './commands/serve.js';
import { registerTest } from './commands/test.js';
import { registerTrace } from './commands/trace.js';
import { registerValidate } from './commands/validate.js';

export const VERSION = '0.1.0';

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('membrane')
    .description(
      'Membrane evaluates Cilium network policies offline, with Cilium\'s exact semantics: CiliumNetworkPolicy, ' +
        'CiliumClusterwideNetworkPolicy and Kubernetes NetworkPolicy, L3/L4, HTTP and DNS rules, toFQDNs. ' +
        'Every verdict names the policy, rule and peer that decided it.',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.out(s.replace(/\n$/, '')),
      writeErr: (s) => ctx.io.err(s.replace(/\n$/, '')),
    });
  registerTest(program, ctx);
  registerTrace(program, ctx);
  registerValidate(program, ctx);
  registerLint(program, ctx);
  registerPolicy(program, ctx);
  registerReplay(program, ctx);
  registerGenerate(program, ctx);
  registerDemo(program, ctx);
  registerMatrix(program, ctx);
  registerDiff(program, ctx);
  registerServe(program, ctx);
  registerLab(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({
    writeOut: (s) => ctx.io.out(s.replace(/\n$/, '')),
    writeErr: (s) => ctx.io.err(s.replace(/\n$/, '')),
  });
  return program;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const ctx = new CommandContext(io);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end with code 0; anything else is a usage error
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    io.err(`membrane: internal error: ${(err as Error).stack ?? String(err)}`);
    return 70;
  }
  return ctx.exitCode;
}
