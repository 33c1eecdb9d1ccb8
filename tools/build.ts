/**
 * `npm run build` (also run by `prepare`, so by `npm ci` and `npm pack`): the JavaScript the
 * package ships and `bin/membrane.js` runs. No TypeScript loader at run time.
 *
 * - esbuild bundles each entry point below, with its dependencies, into dist/<name>.js (ESM,
 *   Node 20); code shared by entry points goes to dist/chunk-*.js. All output is flat in
 *   dist/, so `new URL('./x.js', import.meta.url)` means the same from any bundled file.
 * - then, when package.json has a `build:web` script, `npm run build:web` (it writes dist/web/;
 *   `--no-web` skips it, as `npm start` does: only the CLI is rebuilt).
 * - The build replaces the files directly in dist/; subdirectories (dist/web/) belong to the
 *   builds that write them.
 * - last, dist/build-info.json: what was built and when; bin/membrane.js compares the build
 *   with src/ in a checkout and refuses a stale one.
 *
 * To add a worker thread or child process entry point, add its source here and locate it at
 * run time with `entryPointUrl('src/.../name.ts')` (src/io/package-files.ts). To ship another
 * asset, add it to `files` in package.json and locate it with `packageFile(...)`.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');

/** Sources bundled into dist/<file name>.js; the first is the CLI. */
export const ENTRY_POINTS: readonly string[] = [
  'src/cli/run.ts',
  // replay's and generate's reading thread (src/cli/flows.ts)
  'src/cli/flow-reader-worker.ts',
  // membrane lab's processes (src/datapath/entries.ts)
  'src/datapath/agent-main.ts',
  'src/datapath/servers-main.ts',
  'src/datapath/probe-main.ts',
];

/** dist/<name>.js for an entry point; the CLI is dist/membrane.js. */
export function outputName(source: string): string {
  return source === ENTRY_POINTS[0] ? 'membrane' : basename(source).replace(/\.ts$/, '');
}

export async function buildPackage(options: { quiet?: boolean; web?: boolean } = {}): Promise<void> {
  // progress on stderr: stdout may be `npm pack --json`'s
  const log = (text: string) => {
    if (!options.quiet) console.error(text);
  };
  const started = performance.now();
  const sourcesAsOf = Date.now();
  const names = ENTRY_POINTS.map(outputName);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`two entry points would both be dist/${duplicate}.js: rename one`);
  mkdirSync(DIST, { recursive: true });
  for (const e of readdirSync(DIST, { withFileTypes: true })) if (e.isFile()) rmSync(join(DIST, e.name));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; scripts?: Record<string, string> };
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS.map((source) => ({ in: source, out: outputName(source) })),
    outdir: DIST,
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // jsonc-parser's main build is UMD with dynamic requires; its ESM build bundles cleanly
    mainFields: ['module', 'main'],
    // CommonJS dependencies (commander, yaml) call require() for Node's modules
    banner: { js: "import { createRequire as __membraneRequire } from 'node:module';\nconst require = __membraneRequire(import.meta.url);" },
    legalComments: 'eof',
    logLevel: 'warning',
    metafile: true,
  });
  if (result.errors.length > 0) throw new Error('esbuild failed');
  const outputs = Object.keys(result.metafile.outputs).map((o) => o.replace(/^dist\//, ''));
  log(`built ${outputs.length} files in dist/ (${names.map((n) => `${n}.js`).join(', ')}) in ${Math.round(performance.now() - started)} ms`);
  if (options.web !== false && pkg.scripts?.['build:web']) {
    const web = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
    if (web.status !== 0) throw new Error('npm run build:web failed');
  }
  // sourcesAsOf: when the build read the sources; a source changed later makes the build stale
  const info = { version: pkg.version, builtAt: new Date().toISOString(), sourcesAsOf: Math.floor(sourcesAsOf), entryPoints: ENTRY_POINTS };
  writeFileSync(join(DIST, 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`);
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    await buildPackage({ quiet: process.argv.includes('--quiet'), web: !process.argv.includes('--no-web') });
  } catch (err) {
    console.error(`build: ${(err as Error).message}`);
    process.exit(1);
  }
}
