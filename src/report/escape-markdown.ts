/**
 * Markdown output (pull-request comments, GitHub summaries): names, labels and messages from
 * input are text, never markup. A policy named `<!--` must not hide the rows after it, a
 * label with `|` or a line break must not end its table cell, `[x](url)` and `![](url)` must
 * not become links or tracking images, `@team` must not notify anyone. Every renderer of
 * Markdown passes input-derived values through these functions.
 */

import { escapeText } from './escape-text.js';

// what can open markup in the middle of a line: escapes, code spans, emphasis, links and
// images (`![` needs `[`), table cells, strikethrough. `#`, `-`, `+`, `1.` only matter at the
// start of a line, which is always the renderer's own text.
const MARKDOWN_INLINE = /[\\`*_[\]|~]/g;

/** Text inside raw HTML (`<summary>`, `<code>`), where Markdown is not read: entities only. */
export function htmlText(value: string): string {
  return escapeText(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/@/g, '&#64;');
}

/** Inline Markdown text (a table cell, a sentence, a heading): shown exactly as given. */
export function mdText(value: string): string {
  return htmlText(value).replace(MARKDOWN_INLINE, (c) => `\\${c}`);
}

/**
 * A code span: shown in a fixed font, exactly as given. The fence is longer than any run of
 * backticks inside; `|` is escaped (GitHub splits table cells on it even inside code spans).
 */
export function mdCode(value: string): string {
  const text = escapeText(value).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced code block of several lines; the fence is longer than any backtick run inside. */
export function mdFence(text: string, language = ''): string[] {
  const lines = text.split('\n').map(escapeText);
  const longest = Math.max(2, ...lines.flatMap((l) => l.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${language}`, ...lines, fence];
}
