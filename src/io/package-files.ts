/**
 * Files that ship with the package (examples, web assets, worker and child-process entry
 * points), found the same way when Membrane runs from its TypeScript sources under tsx and
 * from the bundle that `npm run build` writes to dist/ (installed packages run only that).
 *
 * Sources sit at different depths under src/, the bundle and its chunks all sit in dist/, so
 * nothing may locate a file with a fixed `../..`: ask this module instead.
 */

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE_NAME = 'membrane';

let root: string | undefined;

/** The directory holding Membrane's package.json: the checkout, or the installed package. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return (root = dir);
      } catch {
        // not ours (or unreadable): keep climbing
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${PACKAGE_NAME}'s package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** A file shipped in the package, e.g. `packageFile('examples/seed/seed-demo.yaml')`. */
export function packageFile(relativePath: string): string {
  return join(packageRoot(), relativePath);
}

let version: string | undefined;

/** Membrane's version, from its package.json. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** True when running from the TypeScript sources (tsx), false from the bundle in dist/. */
export function runningFromSources(): boolean {
  return import.meta.url.endsWith('.ts');
}

/**
 * The file to run in a worker thread or child process: `sourcePath` (e.g.
 * 'src/io/yaml-worker.ts') itself under tsx, the bundle of it (dist/yaml-worker.js) in a
 * build. The source must be listed in tools/build.ts ENTRY_POINTS, which names the output
 * after the source file. A child process started from sources must be given tsx:
 * `spawn(process.execPath, [...process.execArgv, path])` works in both cases.
 */
export function entryPointUrl(sourcePath: string, fromSources = runningFromSources()): URL {
  if (fromSources) return pathToFileURL(packageFile(sourcePath));
  return pathToFileURL(packageFile(join('dist', `${basename(sourcePath).replace(/\.ts$/, '')}.js`)));
}
