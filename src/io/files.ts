/**
 * Reading inputs from disk and stdin: files, directories (recursively, *.yaml, *.yml,
 * *.json) and `-` for standard input. Node-only; everything after reading is pure.
 */

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface InputText {
  /** the path as the user gave it, or `<stdin>` */
  readonly file: string;
  readonly text: string;
}

export interface InputError {
  readonly file: string;
  readonly message: string;
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (EXTENSIONS.some((e) => entry.name.endsWith(e))) out.push(path);
  }
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
        walk(p, found);
        if (found.length === 0) errors.push({ file: p, message: 'directory holds no .yaml, .yml or .json file' });
        files.push(...found);
      } else {
        files.push(p);
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
    default: return e.message ?? String(err);
  }
}

let stdinText: string | undefined;

export function readInput(file: string): InputText | InputError {
  try {
    if (file === '-') {
      stdinText ??= readFileSync(0, 'utf8');
      return { file: '<stdin>', text: stdinText };
    }
    return { file, text: readFileSync(file, 'utf8') };
  } catch (err) {
    return { file, message: describeFsError(err) };
  }
}

export function readInputs(paths: readonly string[]): { inputs: InputText[]; errors: InputError[] } {
  const { files, errors } = listInputs(paths);
  const inputs: InputText[] = [];
  for (const f of files) {
    const r = readInput(f);
    if ('text' in r) inputs.push(r);
    else errors.push(r);
  }
  return { inputs, errors };
}

export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}
