/**
 * Colour on terminals: verdicts (ALLOW green, DENY red, ...) and severities (error red,
 * warning yellow: validate and lint print them on stdout, other commands on stderr). `--color=auto` (the default) colours a stream only when it is a terminal and
 * NO_COLOR is unset or empty (https://no-color.org) and TERM is not `dumb`; `always` and
 * `never` decide regardless. Colour is added to text already rendered and escaped (input
 * cannot carry escape sequences or line breaks by then), matching only words the renderers
 * put at the start of a line.
 */

export const COLOR_MODES = ['auto', 'always', 'never'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

export interface StreamInfo {
  readonly isTTY?: boolean | undefined;
}

/** What `auto` means for one stream. */
export function autoColor(stream: StreamInfo, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function colorEnabled(mode: ColorMode, auto: boolean): boolean {
  return mode === 'always' || (mode === 'auto' && auto);
}

const RESET = '\u001b[0m';
const STYLE = { green: '\u001b[32m', red: '\u001b[31m', yellow: '\u001b[33m', boldRed: '\u001b[1;31m' } as const;

const paint = (style: keyof typeof STYLE, text: string): string => `${STYLE[style]}${text}${RESET}`;

const VERDICT_STYLE: Readonly<Record<string, keyof typeof STYLE>> = {
  ALLOW: 'green',
  DENY: 'red',
  PASS: 'green',
  pass: 'green',
  ok: 'green',
  FAIL: 'boldRed',
  skip: 'yellow',
  'NEW ALLOW': 'red',
  'NEW DENY': 'yellow',
  'L7 CHANGE': 'yellow',
};

// a verdict word first on its line (after indentation or a list dash), followed by spaces
const VERDICT_AT_LINE_START = /^([ \t]*(?:- )?)(NEW ALLOW|NEW DENY|L7 CHANGE|ALLOW|DENY|PASS|FAIL|pass|ok|skip)(?= )/gm;

/** Verdicts at the start of lines of a text report, coloured. */
export function colorVerdicts(text: string): string {
  return text.replace(VERDICT_AT_LINE_START, (_m, lead: string, word: string) => `${lead}${paint(VERDICT_STYLE[word]!, word)}`);
}

// `error:`/`warning:` opening a line or after `file:line:col: `; `error[rule]:` from lint
const SEVERITY = /(^|: )(error|warning)(?=[:[])/gm;

/** Severities in messages for stderr, coloured. */
export function colorSeverities(text: string): string {
  return text.replace(SEVERITY, (_m, lead: string, word: string) => `${lead}${paint(word === 'error' ? 'red' : 'yellow', word)}`);
}
