/**
 * XML output (JUnit reports): text from input is escaped, and the characters XML 1.0 forbids
 * (most control characters, unpaired surrogates, U+FFFE/U+FFFF) are shown as `\xNN` escapes:
 * one of them would make the whole report unreadable to CI. Line breaks in attributes are
 * written as character references, which parsers keep (a raw one becomes a space).
 */

// everything outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
const FORBIDDEN = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
// C1 controls and DEL are allowed by XML but are terminal controls: escaped as in text output
const DISCOURAGED = /[\u007f-\u009f]/g;

function visible(c: string): string {
  const code = c.codePointAt(0)!;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** Element content. */
export function xmlText(value: string): string {
  return value.replace(FORBIDDEN, visible).replace(DISCOURAGED, visible).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value (in double quotes). */
export function xmlAttribute(value: string): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
