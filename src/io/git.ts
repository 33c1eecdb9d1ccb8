/**
 * Policy sets from git revisions: `REV:PATH` (a file or a directory) read with `git ls-tree`
 * and `git show` in the current repository, without touching the working tree.
 */

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { InputError, InputText } from './files.js';

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** True when `spec` names a git revision (`main:policies/`) rather than a path on disk. */
export function isGitSpec(spec: string): boolean {
  const colon = spec.indexOf(':');
  return colon > 0 && !existsSync(spec) && !/^[a-zA-Z]:[\\/]/.test(spec);
}

function git(args: string[]): string {
  return execFileSync('git', args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * The revision comes from the command line (or a CI variable): git must never read it as an
 * option (`--output=FILE:x` would write a file), so it follows `--end-of-options`, and one
 * that starts with `-` is refused before git sees it.
 */
export function readGitSpec(spec: string): { inputs: InputText[]; errors: InputError[] } {
  const colon = spec.indexOf(':');
  const rev = spec.slice(0, colon);
  const path = spec.slice(colon + 1) || '.';
  if (rev.startsWith('-')) return { inputs: [], errors: [{ file: spec, message: `"${rev}" is not a git revision (it starts with -)` }] };
  try {
    const names = git(['ls-tree', '-r', '--name-only', '--full-name', '--end-of-options', rev, '--', path])
      .split('\n')
      .filter((n) => n !== '' && EXTENSIONS.some((e) => n.endsWith(e)));
    if (names.length === 0) return { inputs: [], errors: [{ file: spec, message: `no .yaml, .yml or .json file at ${path} in ${rev}` }] };
    return { inputs: names.map((n) => ({ file: `${rev}:${n}`, text: git(['show', '--end-of-options', `${rev}:${n}`]) })), errors: [] };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return { inputs: [], errors: [{ file: spec, message: `git: ${(e.stderr ?? e.message).trim().split('\n')[0]}` }] };
  }
}
