/**
 * The `membrane` command line. `main` takes its world as arguments (argv and output streams)
 * and returns the exit code, so tests call it without spawning a process.
 */

import { Command, CommanderError, Option } from 'commander';
import { packageVersion } from '../io/package-files.js';
import { COLOR_MODES, colorEnabled, type ColorMode } from './color.js';
import { CommandContext, EXIT_INTERNAL, EXIT_USAGE, type Io } from './context.js';
import { registerCompletion } from './commands/completion.js';
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
import { registerVersion } from './commands/version.js';

const EXIT_CODES_HELP =
  '\nExit codes (every command):\n' +
  '  0   success\n' +
  '  1   findings: a failed test, a rejected policy, a verdict other than --expect, lint findings\n' +
  '      at --fail-on, new allows with --fail-on-new-allow\n' +
  '  2   bad usage or unreadable input\n' +
  '  70  internal error (a bug: please report it)';

const PROGRAM_EXAMPLES =
  '\nExamples:\n' +
  '  membrane demo\n' +
  "  membrane trace -f cluster/ --from pod:default/app1 --to pod:default/app2 --port 80/TCP --http 'GET /auth'\n" +
  '  membrane test tests/ --junit junit.xml\n' +
  '  membrane validate -f policies/\n' +
  '  membrane diff -f cluster/ origin/main:deploy/policies deploy/policies --fail-on-new-allow > diff.md\n' +
  '  source <(membrane completion bash)';

/**
 * Required options are checked after unknown options, so `--form` gets "unknown option
 * '--form' (Did you mean --from?)" rather than "required option '--from' not specified".
 */
function checkRequiredOptionsLast(cmd: Command): void {
  const required = cmd.options.filter((o) => o.mandatory);
  for (const o of required) o.mandatory = false;
  if (required.length === 0) return;
  cmd.hook('preAction', (thisCommand) => {
    for (const o of required) {
      if (thisCommand.getOptionValue(o.attributeName()) === undefined) {
        thisCommand.error(`error: required option '${o.flags}' not specified`, { exitCode: EXIT_USAGE, code: 'commander.missingMandatoryOptionValue' });
      }
    }
  });
}

export function buildProgram(ctx: CommandContext): Command {
  const output = {
    writeOut: (s: string) => ctx.io.out(s.replace(/\n$/, '')),
    writeErr: (s: string) => ctx.io.err(s.replace(/\n$/, '')),
  };
  const program = new Command('membrane')
    .description(
      'Membrane evaluates Cilium network policies offline, with Cilium\'s exact semantics: CiliumNetworkPolicy, ' +
        'CiliumClusterwideNetworkPolicy and Kubernetes NetworkPolicy, L3/L4, HTTP and DNS rules, toFQDNs. ' +
        'Every verdict names the policy, rule and peer that decided it.',
    )
    .version(packageVersion(), '-V, --version', 'print the version (membrane version: with Node and platform)')
    .addOption(new Option('--color <when>', 'colour verdicts; auto: on a terminal, unless NO_COLOR is set').choices(COLOR_MODES).default('auto'))
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput(output)
    .addHelpText('after', `${PROGRAM_EXAMPLES}\n${EXIT_CODES_HELP}`);
  program.hook('preAction', () => {
    const mode = program.opts<{ color: ColorMode }>().color;
    const auto = ctx.rawIo.autoColor ?? { out: false, err: false };
    ctx.color = { out: colorEnabled(mode, auto.out), err: colorEnabled(mode, auto.err) };
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
  registerVersion(program, ctx);
  registerCompletion(program, ctx);
  // every command, nested ones too (lab up, lab apply, ...)
  const configure = (cmd: Command): void => {
    cmd.exitOverride().configureOutput(output);
    checkRequiredOptionsLast(cmd);
    cmd.commands.forEach(configure);
  };
  program.commands.forEach(configure);
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
    ctx.io.err(`membrane: internal error: ${(err as Error).stack ?? String(err)}`);
    return EXIT_INTERNAL;
  }
  return ctx.exitCode;
}
