/** `membrane completion bash|zsh|fish`: a shell completion script. */

import { Argument, type Command } from 'commander';
import { SHELLS, completionScript, type Shell } from '../completion.js';
import type { CommandContext } from '../context.js';

export function registerCompletion(program: Command, ctx: CommandContext): void {
  program
    .command('completion')
    .summary('print a shell completion script (bash, zsh, fish)')
    .description(
      'Print a script that completes membrane\'s commands, options, output formats and file names in your shell.\n\n' +
        'Exit code: 0; 2 bad usage.',
    )
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  source <(membrane completion bash)                       # in ~/.bashrc\n' +
        '  membrane completion zsh > "${fpath[1]}/_membrane"          # then restart zsh\n' +
        '  membrane completion fish > ~/.config/fish/completions/membrane.fish',
    )
    .action((shell: Shell) => {
      ctx.io.out(completionScript(program, shell));
    });
}
