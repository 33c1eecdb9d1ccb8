/**
 * Shell completion scripts for bash, zsh and fish, generated from the commander program, so
 * every command and option (and the values of --color and -o) completes as defined.
 * Options taking a path (`<path>`, `<file>`) and positional arguments complete file names.
 */

import type { Command, Option } from 'commander';
import { collect, collectList } from './context.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface OptionInfo {
  readonly short?: string | undefined;
  readonly long?: string | undefined;
  readonly description: string;
  readonly takesValue: boolean;
  readonly repeatable: boolean;
  readonly files: boolean;
  /** the values it takes, when they are a fixed list */
  readonly values: readonly string[];
}

interface CommandInfo {
  readonly name: string;
  readonly summary: string;
  readonly options: readonly OptionInfo[];
  /** positional arguments are files (or revisions, or -) */
  readonly fileArguments: boolean;
}

/** The fixed values of an option: its choices, or the list its description opens with ("text, json or yaml"). */
function optionValues(o: Option): string[] {
  if (o.argChoices && o.argChoices.length > 0) return [...o.argChoices];
  if (o.long !== '--output') return [];
  const list = o.description.replace(/\([^)]*\)/g, '').split(/[;:]/)[0]!;
  return list.split(/,|\bor\b/).map((s) => s.trim()).filter((s) => /^[a-z][a-z0-9-]*$/.test(s));
}

function shortText(text: string): string {
  const first = text.split(/\n/)[0]!.replace(/\s*\([^)]*\)/g, '').split(/;\s/)[0]!;
  return first.length > 70 ? `${first.slice(0, 67)}...` : first;
}

function optionInfo(o: Option): OptionInfo {
  const takesValue = o.required || o.optional;
  return {
    short: o.short,
    long: o.long,
    description: shortText(o.description),
    takesValue,
    repeatable: o.parseArg === collect || o.parseArg === collectList,
    files: takesValue && /<(path|file|dir)[^>]*>/.test(o.flags),
    values: takesValue ? optionValues(o) : [],
  };
}

function describe(program: Command): { global: OptionInfo[]; commands: CommandInfo[] } {
  const helpOption = { short: '-h', long: '--help', description: 'display help', takesValue: false, repeatable: false, files: false, values: [] };
  const global = [...program.options.map(optionInfo), helpOption];
  const commands = program.commands.map((c) => ({
    name: c.name(),
    summary: shortText(c.summary() || c.description()),
    options: [...c.options.map(optionInfo), helpOption],
    fileArguments: c.registeredArguments.length > 0 && c.name() !== 'completion' && c.name() !== 'help',
  }));
  return { global, commands };
}

const flags = (o: OptionInfo): string[] => [o.short, o.long].filter((f): f is string => f !== undefined);

// --- bash ---

function bashScript(program: Command): string {
  const { global, commands } = describe(program);
  const names = commands.map((c) => c.name).join(' ');
  const valueCases = (opts: readonly OptionInfo[]): string[] => {
    const out: string[] = [];
    for (const o of opts.filter((x) => x.takesValue)) {
      const action = o.values.length > 0 ? `COMPREPLY=($(compgen -W "${o.values.join(' ')}" -- "$cur"))` : o.files ? 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))' : 'COMPREPLY=()';
      out.push(`        ${flags(o).join('|')}) ${action}; return ;;`);
    }
    return out;
  };
  const lines = [
    '# bash completion for membrane: add to ~/.bashrc',
    '#   source <(membrane completion bash)',
    '_membrane() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cmd="" i',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    case " ' + names + ' " in *" ${COMP_WORDS[i]} "*) cmd="${COMP_WORDS[i]}"; break ;; esac',
    '  done',
    '  case "$prev" in',
    ...valueCases(global),
    '  esac',
    '  case "$cmd" in',
    `    "") if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${global.flatMap(flags).join(' ')}" -- "$cur")); else COMPREPLY=($(compgen -W "${names}" -- "$cur")); fi ;;`,
  ];
  for (const c of commands) {
    lines.push(`    ${c.name})`, '      case "$prev" in', ...valueCases(c.options).map((l) => `  ${l}`), '      esac');
    const words = [...c.options, ...global].flatMap(flags).join(' ');
    const args = c.name === 'completion' ? `COMPREPLY=($(compgen -W "${SHELLS.join(' ')}" -- "$cur"))` : c.name === 'help' ? `COMPREPLY=($(compgen -W "${names}" -- "$cur"))` : c.fileArguments ? 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))' : 'COMPREPLY=()';
    lines.push(`      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${words}" -- "$cur")); else ${args}; fi ;;`);
  }
  lines.push('  esac', '}', 'complete -F _membrane membrane');
  return lines.join('\n');
}

// --- zsh ---

/** Text inside a single-quoted zsh string, inside an _arguments spec (brackets and colons are syntax there). */
function zshText(text: string): string {
  return text.replace(/'/g, "'\\''").replace(/[[\]]/g, '');
}

function zshSpec(o: OptionInfo): string {
  const f = flags(o);
  const exclusive = !o.repeatable && f.length > 1 ? `(${f.join(' ')})` : '';
  const star = o.repeatable ? '*' : '';
  const action = !o.takesValue ? '' : o.values.length > 0 ? `:value:(${o.values.join(' ')})` : o.files ? ':file:_files' : ':value: ';
  const names = f.length > 1 ? `{${f.join(',')}}` : f[0]!;
  const prefix = `${exclusive}${star}`;
  return `${prefix ? `'${prefix}'` : ''}${names}'[${zshText(o.description)}]${action}'`;
}

function zshScript(program: Command): string {
  const { global, commands } = describe(program);
  const lines = [
    '#compdef membrane',
    '# zsh completion for membrane: put it in a directory of your $fpath as _membrane,',
    '#   membrane completion zsh > "${fpath[1]}/_membrane"',
    '# or load it now: source <(membrane completion zsh)',
    '_membrane() {',
    '  local curcontext="$curcontext" state line',
    '  typeset -A opt_args',
    '  local -a commands',
    '  commands=(',
    ...commands.map((c) => `    '${zshText(c.name)}:${zshText(c.summary)}'`),
    '  )',
    `  _arguments -C ${global.map(zshSpec).join(' ')} '1: :->command' '*:: :->argument'`,
    '  case $state in',
    "    command) _describe -t commands 'membrane command' commands ;;",
    '    argument)',
    '      case $line[1] in',
  ];
  for (const c of commands) {
    const args = c.name === 'completion' ? `'1:shell:(${SHELLS.join(' ')})'` : c.name === 'help' ? `'1:command:(${commands.map((x) => x.name).join(' ')})'` : c.fileArguments ? "'*:file:_files'" : '';
    lines.push(`        ${c.name}) _arguments ${[...c.options.map(zshSpec), args].filter(Boolean).join(' ')} ;;`);
  }
  lines.push('      esac ;;', '  esac', '}', 'if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _membrane "$@"; else compdef _membrane membrane; fi');
  return lines.join('\n');
}

// --- fish ---

function fishText(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fishOption(o: OptionInfo, condition: string): string {
  const parts = ['complete -c membrane'];
  if (condition) parts.push(`-n ${fishText(condition)}`);
  if (o.short) parts.push(`-s ${o.short.slice(1)}`);
  if (o.long) parts.push(`-l ${o.long.slice(2)}`);
  if (o.takesValue) {
    if (o.values.length > 0) parts.push('-x', `-a ${fishText(o.values.join(' '))}`);
    else if (o.files) parts.push('-r', '-F');
    else parts.push('-x');
  }
  parts.push(`-d ${fishText(o.description)}`);
  return parts.join(' ');
}

function fishScript(program: Command): string {
  const { global, commands } = describe(program);
  const lines = [
    '# fish completion for membrane:',
    '#   membrane completion fish > ~/.config/fish/completions/membrane.fish',
    'complete -c membrane -f',
    ...global.map((o) => fishOption(o, '')),
  ];
  for (const c of commands) {
    lines.push(`complete -c membrane -n '__fish_use_subcommand' -a ${c.name} -d ${fishText(c.summary)}`);
    const seen = `__fish_seen_subcommand_from ${c.name}`;
    for (const o of c.options) lines.push(fishOption(o, seen));
    if (c.name === 'completion') lines.push(`complete -c membrane -n ${fishText(seen)} -a ${fishText(SHELLS.join(' '))}`);
    else if (c.name === 'help') lines.push(`complete -c membrane -n ${fishText(seen)} -a ${fishText(commands.map((x) => x.name).join(' '))}`);
    else if (c.fileArguments) lines.push(`complete -c membrane -n ${fishText(seen)} -F`);
  }
  return lines.join('\n');
}

export function completionScript(program: Command, shell: Shell): string {
  if (shell === 'bash') return bashScript(program);
  if (shell === 'zsh') return zshScript(program);
  return fishScript(program);
}
