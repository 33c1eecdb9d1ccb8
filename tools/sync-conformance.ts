/**
 * Refreshes test/conformance/ from the shared conformance corpus (../shared/conformance by
 * default), so that a fresh clone tests itself without it.
 */

import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const source = resolve(process.argv[2] ?? join(root, '..', 'shared', 'conformance'));
const target = join(root, 'test', 'conformance');
if (!existsSync(source)) {
  console.error(`no conformance corpus at ${source} (pass its path as an argument)`);
  process.exit(2);
}
rmSync(target, { recursive: true, force: true });
cpSync(source, target, { recursive: true });
console.log(`copied ${source} -> ${target}`);
