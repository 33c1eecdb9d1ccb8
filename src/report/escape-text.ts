/**
 * Plain text output (terminals, logs): names, labels, paths and messages from input must not
 * move the cursor, recolour the screen or start a line of their own. An ESC sequence or a
 * line break inside a pod name could otherwise print a forged "ALLOW" line.
 *
 * Every renderer passes each input-derived value through `escapeText` (line breaks too); the
 * CLI passes whole outputs through `escapeTerminalOutput` as a safety net (line breaks and
 * tabs kept: by then they are the renderer's own).
 */

// C0 and C1 controls, DEL, Unicode line/paragraph separators, and the bidirectional
// formatting characters that reorder what a terminal shows ("Trojan Source")
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_KEEPING_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** One value on one line: every control character shown as an escape (`\x1b`, `\n`, `\u{202e}`). */
export function escapeText(value: string): string {
  return value.replace(UNSAFE, visible);
}

/** Escapes each line of a multi-line value (an excerpt of a file) and keeps the line breaks. */
export function escapeLines(value: string): string[] {
  return value.split('\n').map(escapeText);
}

/** A whole rendered output: line breaks and tabs are kept, every other control character escaped. */
export function escapeTerminalOutput(text: string): string {
  return text.replace(UNSAFE_KEEPING_LINES, visible);
}
