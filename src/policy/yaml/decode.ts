/**
 * A YAML stream -> JSON values, as kubectl reads it: cut into documents (documents.ts), each
 * decoded by the fast reader when it can (fast.ts), else by the reference decoder
 * (reference.ts); limits enforced (limits.ts). Problems are returned with their line and
 * column, never thrown.
 */

import { splitKubectlDocuments, type YamlChunk } from './documents.js';
import { UNUSUAL, decodeFast } from './fast.js';
import { InputLimitError, formatBytes, limitMessage, type InputLimits } from './limits.js';
import { PositionedYamlError, decodeReference } from './reference.js';

export interface StreamDocument {
  readonly value: unknown;
  readonly chunk: YamlChunk;
  /** problems kubectl ignores silently and a user should know about */
  readonly warnings: readonly string[];
}

export interface StreamError {
  readonly message: string;
  /** 1-based line and column in the whole text */
  readonly line: number;
  readonly column: number;
  /** a limit of limits.ts was exceeded (the message names it) */
  readonly limit: boolean;
}

export interface DecodedStream {
  readonly documents: StreamDocument[];
  readonly errors: StreamError[];
}

/**
 * Characters libyaml refuses anywhere in a stream (reader.c yaml_parser_update_buffer: only
 * TAB, LF, CR, printable ASCII, NEL, U+00A0-U+D7FF, U+E000-U+FFFD and beyond are allowed).
 */
const NOT_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;

/** NOT_PRINTABLE and the fast reader's UNUSUAL characters together. */
const NOT_PRINTABLE_OR_UNUSUAL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

export function decodeYamlStream(text: string, limits: InputLimits): DecodedStream {
  const documents: StreamDocument[] = [];
  const errors: StreamError[] = [];
  const split = splitKubectlDocuments(text);
  // the character checks once for the whole text (one pass when it is clean, as it usually
  // is), per document only when something is found
  const clean = !NOT_PRINTABLE_OR_UNUSUAL.test(text);
  const printable = clean || !NOT_PRINTABLE.test(text);
  const usual = clean || !UNUSUAL.test(text);
  for (const chunk of split.chunks) {
    const at = (offset: number | undefined, message: string, limit = false) => {
      const p = position(chunk.text, offset ?? 0);
      errors.push({ message, line: chunk.lineOffset + p.line, column: offset === undefined ? 1 : p.column, limit });
    };
    if (chunk.text.length > limits.maxDocumentBytes) {
      at(0, limitMessage('maxDocumentBytes', limits, `a YAML document of at least ${formatBytes(chunk.text.length)}`), true);
      continue;
    }
    const bad = printable ? null : NOT_PRINTABLE.exec(chunk.text);
    if (bad) {
      at(bad.index, `control characters are not allowed (U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`);
      continue;
    }
    try {
      const fast = decodeFast(chunk.text, limits, usual);
      if (fast !== undefined) {
        documents.push({ value: fast, chunk, warnings: [] });
        continue;
      }
      const decoded = decodeReference(chunk.text, limits);
      documents.push({ value: decoded.value, chunk, warnings: decoded.warnings });
    } catch (err) {
      if (err instanceof InputLimitError) at(undefined, err.message, true);
      else if (err instanceof PositionedYamlError) at(err.offset, err.message);
      else throw err;
    }
  }
  if (split.error) errors.push({ message: split.error.message, line: split.error.line, column: 1, limit: false });
  return { documents, errors };
}
