/**
 * Reading inputs from disk and stdin: files, directories (recursively, *.yaml, *.yml,
 * *.json) and `-` for standard input. Node-only; everything after reading is pure.
 *
 * Hostile inputs end in one error naming the file and the limit: only regular files are
 * read (a FIFO or device given with -f is refused, and directory walks skip them), nothing
 * larger than the file size limit is read (stdin is read in chunks and stopped there), and
 * text must be valid UTF-8 (or UTF-16 with a byte order mark), as go-yaml requires.
 */

import { closeSync, fstatSync, openSync, readSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join, relative } from 'node:path';
import { formatBytes, limitMessage, limitsFromEnvironment, type InputLimits } from '../policy/yaml/limits.js';

export interface InputText {
  /** the path as the user gave it, or `<stdin>` */
  readonly file: string;
  readonly text: string;
}

export interface InputError {
  readonly file: string;
  readonly message: string;
  /** a problem that does not stop the file list (a skipped FIFO in a directory) */
  readonly warning?: boolean;
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];

let environmentLimits: { limits: InputLimits; errors: string[] } | undefined;

/** The limits in force: defaults, overridden by MEMBRANE_MAX_* variables (docs/limits.md). */
export function inputLimits(): { limits: InputLimits; errors: string[] } {
  environmentLimits ??= limitsFromEnvironment(process.env);
  return environmentLimits;
}

/** What a path is, in words, when it is not a regular file or a directory. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function walk(dir: string, out: string[], errors: InputError[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(path, out, errors);
      continue;
    }
    if (!EXTENSIONS.some((e) => entry.name.endsWith(e))) continue;
    if (entry.isFile()) {
      out.push(path);
      continue;
    }
    // a symbolic link counts when it leads to a regular file; FIFOs, devices and sockets never do
    let st: Stats | undefined;
    try {
      st = entry.isSymbolicLink() ? statSync(path) : undefined;
    } catch (err) {
      errors.push({ file: path, message: `skipped: ${describeFsError(err)}`, warning: true });
      continue;
    }
    if (st?.isFile()) out.push(path);
    else errors.push({ file: path, message: `skipped: ${st ? kindOf(st) : kindOfEntry(entry)}, not a regular file`, warning: true });
  }
}

function kindOfEntry(entry: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (entry.isFIFO()) return 'a FIFO (named pipe)';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  if (entry.isSocket()) return 'a socket';
  return 'a special file';
}

/** Expands paths into files; directories are walked for YAML and JSON files. */
export function listInputs(paths: readonly string[]): { files: string[]; errors: InputError[] } {
  const files: string[] = [];
  const errors: InputError[] = [];
  for (const p of paths) {
    if (p === '-') { files.push('-'); continue; }
    try {
      const st = statSync(p);
      if (st.isDirectory()) {
        const found: string[] = [];
        walk(p, found, errors);
        if (found.length === 0) errors.push({ file: p, message: 'directory holds no .yaml, .yml or .json file' });
        for (const f of found) files.push(f);
      } else if (st.isFile()) {
        files.push(p);
      } else {
        errors.push({ file: p, message: `${kindOf(st)}, not a regular file: give it as - to read it as standard input (-f - < ${p})` });
      }
    } catch (err) {
      errors.push({ file: p, message: describeFsError(err) });
    }
  }
  return { files, errors };
}

export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ELOOP': return 'too many levels of symbolic links';
    default: return e.message ?? String(err);
  }
}

class TooLarge extends Error {}

/** Reads a file descriptor to its end, refusing to go past `max` bytes. */
function readBounded(fd: number, max: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
        // a non-blocking stdin with nothing yet: wait a little, then try again
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if ((err as NodeJS.ErrnoException).code === 'EOF') break;
      throw err;
    }
    if (n === 0) break;
    total += n;
    if (total > max) throw new TooLarge();
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

/**
 * Bytes -> text as go-yaml reads them: UTF-8 (a leading byte order mark dropped), or UTF-16
 * with its byte order mark; anything that is not valid UTF-8 is refused.
 */
export function decodeText(bytes: Uint8Array): { text: string } | { error: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const offset = lenient.indexOf('\ufffd');
    const line = offset < 0 ? 1 : lenient.slice(0, offset).split('\n').length;
    return { error: `not valid UTF-8 (line ${line}); kubectl refuses it too: save the file as UTF-8` };
  }
}

let stdinText: string | InputError | undefined;

export function readInput(file: string, limits: InputLimits = inputLimits().limits): InputText | InputError {
  const tooLarge = (name: string, size?: number) => ({
    file: name,
    message: limitMessage('maxFileBytes', limits, size === undefined ? `larger than ${formatBytes(limits.maxFileBytes)}` : `${formatBytes(size)}`),
  });
  if (file === '-') {
    if (stdinText === undefined) {
      try {
        const decoded = decodeText(readBounded(0, limits.maxFileBytes));
        stdinText = 'text' in decoded ? decoded.text : { file: '<stdin>', message: decoded.error };
      } catch (err) {
        stdinText = err instanceof TooLarge ? tooLarge('<stdin>') : { file: '<stdin>', message: describeFsError(err) };
      }
    }
    return typeof stdinText === 'string' ? { file: '<stdin>', text: stdinText } : stdinText;
  }
  let fd: number | undefined;
  try {
    // stat before opening: opening a FIFO would wait for a writer
    const before = statSync(file);
    if (!before.isFile()) return { file, message: `${kindOf(before)}, not a regular file` };
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (!st.isFile()) return { file, message: `${kindOf(st)}, not a regular file` };
    if (st.size > limits.maxFileBytes) return tooLarge(file, st.size);
    const decoded = decodeText(readBounded(fd, limits.maxFileBytes));
    return 'text' in decoded ? { file, text: decoded.text } : { file, message: decoded.error };
  } catch (err) {
    return err instanceof TooLarge ? tooLarge(file) : { file, message: describeFsError(err) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function readInputs(paths: readonly string[]): { inputs: InputText[]; errors: InputError[] } {
  const { limits, errors: limitErrors } = inputLimits();
  const errors: InputError[] = limitErrors.map((message) => ({ file: '<environment>', message }));
  const listed = listInputs(paths);
  for (const e of listed.errors) errors.push(e);
  const inputs: InputText[] = [];
  for (const f of listed.files) {
    const r = readInput(f, limits);
    if ('text' in r) inputs.push(r);
    else errors.push(r);
  }
  return { inputs, errors };
}

export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}
