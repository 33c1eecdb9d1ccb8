/**
 * Streams recorded Hubble flows from files or standard input (`-`): `hubble observe -o json`
 * output (one JSON object per line), gzip-compressed or not (recognized by the gzip magic
 * bytes, not the file name). Files are never loaded whole: text is decoded chunk by chunk and
 * split into lines, and each line is parsed on its own. A line that is a JSON array yields its
 * elements; a file that starts with `[` (one JSON array) or holds pretty-printed objects
 * (`jq .` output) is split into its top-level objects by a streaming scanner instead.
 *
 * Lines that are not JSON are reported as diagnostics with file:line, never thrown; an
 * unreadable file or a corrupt gzip stream ends that input with an error diagnostic.
 * Node-only; what the records mean is decided in analysis/hubble-flow.ts.
 */

import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Diagnostic } from '../cluster/index.js';
import { describeFsError } from './files.js';

/** The records of one chunk of input, with their line numbers. */
export interface HubbleBatch {
  /** the path as given, or `<stdin>` */
  readonly file: string;
  /** parsed JSON values, in input order */
  readonly values: unknown[];
  /** the (1-based) line each value starts on */
  readonly lines: number[];
  /** lines that are not JSON (warnings), or why the input ended early (an error) */
  readonly diagnostics: Diagnostic[];
  /** bytes read so far from this input (compressed size for gzip) */
  readonly bytesRead: number;
}

/** The longest line (or JSON object, for arrays and pretty-printed input) read by default. */
export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

export interface HubbleReadOptions {
  /** read size in bytes (default 1 MiB) */
  readonly chunkSize?: number | undefined;
  /**
   * The longest line (or JSON object) accepted, in bytes (default 4 MiB; Hubble writes a
   * flow in 1-2 KiB). A longer one ends the input with an error naming the limit: without
   * it, a 200 MB line or a gzip bomb without newlines would be gathered whole in memory.
   */
  readonly maxLineBytes?: number | undefined;
  /** standard input for `-` (default process.stdin) */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  /**
   * A fast path: a record for a line recognized without parsing it (undefined: parse the line).
   * Replay passes its shape decoder (analysis/hubble-line.ts).
   */
  readonly fastPath?: ((line: string) => unknown) | undefined;
  /**
   * Takes each record as it is read, in input order, instead of collecting it in the batch
   * (the batch's `values` stay empty): records of a chunk are not all kept alive at once.
   */
  readonly onRecord?: ((value: unknown, line: number, file: string) => void) | undefined;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const EXCERPT = 80;

function malformed(file: string, line: number, text: string, err: unknown): Diagnostic {
  const message = err instanceof Error ? err.message : String(err);
  const excerpt = text.length > EXCERPT ? `${text.slice(0, EXCERPT)}...` : text;
  return {
    severity: 'warning',
    code: 'input.hubble-json',
    message: `not a JSON record (${message}): ${excerpt}`,
    location: { file, line, column: 1 },
  };
}

/** A line over the limit: the input ends there. */
class LineTooLong extends Error {}

function formatBytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n / (1 << 10)} KiB`;
  return `${n} bytes`;
}

/** `4M`, `512K`, `1048576` -> bytes; undefined when not a size. */
export function parseByteSize(text: string): number | undefined {
  const m = /^([0-9]+)\s*([kKmMgG]i?[bB]?)?$/.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? '').toUpperCase()[0];
  const n = Number(m[1]) * (unit === 'K' ? 1024 : unit === 'M' ? 1 << 20 : unit === 'G' ? 1 << 30 : 1);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

function readError(file: string, message: string, line = 0): Diagnostic {
  return { severity: 'error', code: 'input.read', message, location: { file, line, column: 0 } };
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Bytes of an input, gunzipped when it starts with the gzip magic bytes. */
async function* bytesOf(raw: NodeJS.ReadableStream, counter: { bytes: number }): AsyncGenerator<Buffer> {
  const iterator = (raw as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  let first: Buffer | undefined;
  // the first non-empty chunk decides (2 bytes are enough in practice: chunks are large)
  while (!first || first.length === 0) {
    const next = await iterator.next();
    if (next.done) return;
    first = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
  }
  const counting = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of prepend(first!, iterator as AsyncIterator<Buffer>)) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      counter.bytes += b.length;
      yield b;
    }
  };
  if (first.length >= 2 && first[0] === GZIP_MAGIC_0 && first[1] === GZIP_MAGIC_1) {
    const source = Readable.from(counting());
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    source.on('error', (err) => gunzip.destroy(err));
    source.pipe(gunzip);
    yield* gunzip as AsyncIterable<Buffer>;
    return;
  }
  yield* counting();
}

/** Splits a stream of JSON text into top-level objects (arrays' elements included). */
class ObjectScanner {
  private pending = '';
  private pos = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  private start = -1;
  private startLine = 0;
  private base = -1;
  line = 1;

  /** characters held for the object being read */
  get pendingLength(): number {
    return this.pending.length;
  }

  /** the line the object being read starts on */
  get objectLine(): number {
    return this.startLine;
  }

  /** Feeds text; calls `emit` for every complete object. */
  push(text: string, emit: (json: string, line: number) => void): void {
    this.pending += text;
    const s = this.pending;
    for (let i = this.pos; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 34) {
        this.inString = true;
      } else if (c === 123 || c === 91) {
        if (this.base === -1) this.base = c === 91 ? 1 : 0;
        if (c === 123 && this.depth === this.base && this.start === -1) {
          this.start = i;
          this.startLine = this.line;
        }
        this.depth++;
      } else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth === this.base && this.start !== -1) {
          emit(s.slice(this.start, i + 1), this.startLine);
          this.start = -1;
        }
        if (this.depth <= 0) this.base = -1;
      }
    }
    // keep only the object being read
    if (this.start === -1) {
      this.pending = '';
      this.pos = 0;
    } else {
      this.pending = s.slice(this.start);
      this.pos = s.length - this.start;
      this.start = 0;
    }
  }

  get unfinished(): boolean {
    return this.start !== -1;
  }
}

/** Streams the records of one input (a path or `-`). */
export async function* readHubbleInput(path: string, options: HubbleReadOptions = {}): AsyncGenerator<HubbleBatch> {
  const file = path === '-' ? '<stdin>' : path;
  const counter = { bytes: 0 };
  let raw: NodeJS.ReadableStream;
  try {
    raw = path === '-' ? options.stdin ?? process.stdin : createReadStream(path, { highWaterMark: options.chunkSize ?? 1 << 20 });
  } catch (err) {
    yield { file, values: [], lines: [], diagnostics: [readError(file, describeFsError(err))], bytesRead: 0 };
    return;
  }
  const fastPath = options.fastPath;
  let lineNo = 0;
  let mode: 'unknown' | 'lines' | 'scan' = 'unknown';
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  /** line mode: the unterminated end of the previous chunks (kept as parts: joined once, when the line ends) */
  let partial: Buffer[] = [];
  let partialBytes = 0;
  /** scan mode (a JSON array or pretty-printed objects): text decoding and object splitting */
  const decoder = new StringDecoder('utf8');
  const scanner = new ObjectScanner();
  /** bytes seen before the mode is known (whitespace only, or a first line still incomplete) */
  let head: Buffer | undefined;

  const onRecord = options.onRecord;
  /** records delivered to onRecord from the chunk being read */
  let delivered = 0;
  const emit = (value: unknown, line: number, out: HubbleBatch): void => {
    if (onRecord) {
      delivered++;
      onRecord(value, line, file);
    } else {
      out.values.push(value);
      out.lines.push(line);
    }
  };

  const parse = (text: string, line: number, out: HubbleBatch): void => {
    try {
      const v: unknown = JSON.parse(text);
      if (Array.isArray(v)) {
        for (const item of v) emit(item, line, out);
      } else {
        emit(v, line, out);
      }
    } catch (err) {
      if (text.trim() === '') return;
      out.diagnostics.push(malformed(file, line, text, err));
    }
  };

  /** One line, bytes [start, end) of buf (the newline excluded). */
  const line = (buf: Buffer, start: number, end: number, out: HubbleBatch): void => {
    lineNo++;
    if (end <= start) return;
    // decoding line by line is much faster than decoding whole chunks into large strings
    const text = buf.toString('utf8', start, end);
    if (fastPath) {
      const record = fastPath(text);
      if (record !== undefined) {
        emit(record, lineNo, out);
        return;
      }
    }
    parse(text, lineNo, out);
  };

  /** Splits a chunk into lines on its newline bytes; keeps the unterminated rest. */
  const tooLong = (): never => {
    throw new LineTooLong(`line ${lineNo + 1} is longer than ${formatBytes(maxLine)} (the longest line replay reads; set it with --max-line-bytes)`);
  };
  const lines = (chunk: Buffer, out: HubbleBatch): void => {
    let pos = 0;
    if (partialBytes > 0) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        if (partialBytes + chunk.length > maxLine) tooLong();
        partial.push(chunk);
        partialBytes += chunk.length;
        return;
      }
      if (partialBytes + nl > maxLine) tooLong();
      partial.push(chunk.subarray(0, nl));
      const joined = Buffer.concat(partial, partialBytes + nl);
      partial = [];
      partialBytes = 0;
      line(joined, 0, joined.length, out);
      pos = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl === -1) break;
      if (nl - pos > maxLine) tooLong();
      line(chunk, pos, nl, out);
      pos = nl + 1;
    }
    if (pos < chunk.length) {
      if (chunk.length - pos > maxLine) tooLong();
      // a copy: a view would keep the whole chunk alive
      partial = [Buffer.from(chunk.subarray(pos))];
      partialBytes = chunk.length - pos;
    }
  };

  const scan = (text: string, out: HubbleBatch): void => {
    scanner.push(text, (json, at) => parse(json, at, out));
    if (scanner.pendingLength > maxLine) {
      throw new LineTooLong(`the JSON object starting on line ${scanner.objectLine} is longer than ${formatBytes(maxLine)} (the longest record replay reads; set it with --max-line-bytes)`);
    }
  };

  /** Line mode unless the input starts with `[` or with a line that is only `{` (pretty-printed JSON). */
  const decideMode = (buf: Buffer): 'unknown' | 'lines' | 'scan' => {
    let i = 0;
    while (i < buf.length && (buf[i] === 32 || buf[i] === 9 || buf[i] === 10 || buf[i] === 13)) i++;
    if (i === buf.length) return 'unknown';
    if (buf[i] === 91) return 'scan';
    const nl = buf.indexOf(10, i);
    if (nl === -1) return buf.length - i > 1 ? 'lines' : 'unknown';
    return buf.toString('utf8', i, nl).trim() === '{' ? 'scan' : 'lines';
  };

  const batch = (): HubbleBatch => ({ file, values: [], lines: [], diagnostics: [], bytesRead: counter.bytes });
  /** the batch being filled (yielded with the error when a line is too long) */
  let current: HubbleBatch | undefined;

  try {
    for await (let chunk of bytesOf(raw, counter)) {
      const out = batch();
      current = out;
      if (mode === 'unknown') {
        chunk = head ? Buffer.concat([head, chunk]) : chunk;
        head = undefined;
        mode = decideMode(chunk);
        if (mode === 'unknown') {
          if (chunk.length > maxLine) tooLong();
          head = chunk;
          continue;
        }
      }
      delivered = 0;
      if (mode === 'scan') scan(decoder.write(chunk), out);
      else lines(chunk, out);
      if (out.values.length > 0 || out.diagnostics.length > 0 || delivered > 0) yield { ...out, bytesRead: counter.bytes };
    }
  } catch (err) {
    if (err instanceof LineTooLong) {
      // the records before the long line are replayed; the input ends there
      yield { ...(current ?? batch()), diagnostics: [...(current?.diagnostics ?? []), readError(file, err.message, lineNo + 1)] };
      return;
    }
    const message = (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' || /unexpected end of file/i.test((err as Error).message)
      ? 'the gzip stream is truncated'
      : (err as NodeJS.ErrnoException).code ? describeFsError(err) : (err as Error).message;
    yield { ...batch(), diagnostics: [readError(file, message, lineNo)] };
    return;
  }
  const out = batch();
  delivered = 0;
  if (mode === 'scan') {
    scan(decoder.end(), out);
    if (scanner.unfinished) out.diagnostics.push(readError(file, 'the input ends inside a JSON object', scanner.line));
  } else {
    const rest = head ?? (partialBytes > 0 ? Buffer.concat(partial, partialBytes) : undefined);
    if (rest && rest.length > 0) line(rest, 0, rest.length, out);
  }
  if (out.values.length > 0 || out.diagnostics.length > 0 || delivered > 0) yield out;
}

/** Streams the records of several inputs, one after the other. */
export async function* readHubbleFlows(paths: readonly string[], options: HubbleReadOptions = {}): AsyncGenerator<HubbleBatch> {
  for (const path of paths) yield* readHubbleInput(path, options);
}
