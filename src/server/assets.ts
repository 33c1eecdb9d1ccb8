/**
 * The web app's built files (`npm run build:web` writes them to dist/web). They are found in
 * the package (packageFile), so the same code works from src/ under tsx and from the bundle
 * in dist/, and are read into memory once: requests are answered from that table, never by
 * turning a URL into a file system path.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { packageFile, packageRoot } from '../io/package-files.js';

/** Written by the web build (web/vite.config.ts) next to index.html. */
export const BUILD_MARKER = 'membrane-web.json';

export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
  /** the body gzip-compressed, for clients that accept it (text over 1 KB) */
  readonly gzipped?: Buffer | undefined;
}

const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;

/**
 * An asset, compressed once when that pays: the workspace of a 10,000-pod cluster is 17 MB of
 * JSON and 0.8 MB gzipped (level 1 takes tens of ms and compresses it as well as it needs),
 * which the browser downloads and inflates faster than it copies 17 MB between processes.
 */
export function asset(body: Buffer, contentType: string): Asset {
  const gzipped = body.length > 1024 && COMPRESSIBLE.test(contentType) ? gzipSync(body, { level: 1 }) : undefined;
  return { body, contentType, gzipped: gzipped && gzipped.length < body.length * 0.9 ? gzipped : undefined };
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

function contentType(name: string): string {
  const dot = name.lastIndexOf('.');
  return CONTENT_TYPES[dot === -1 ? '' : name.slice(dot)] ?? 'application/octet-stream';
}

/** MEMBRANE_WEB_DIR when set (a build elsewhere), else the package's dist/web. */
export function assetDirCandidates(): string[] {
  const fromEnv = process.env.MEMBRANE_WEB_DIR;
  if (fromEnv) return [fromEnv];
  return [packageFile('dist/web/')];
}

export function findAssetDir(candidates: readonly string[] = assetDirCandidates()): string | undefined {
  return candidates.find((dir) => existsSync(join(dir, BUILD_MARKER)) && existsSync(join(dir, 'index.html')));
}

/**
 * Every regular file under `dir` by URL path (`/assets/index-abc.js`). Dot files and
 * symbolic links are left out, so nothing outside the build can be reached through it.
 */
export function loadAssets(dir: string): Map<string, Asset> {
  const table = new Map<string, Asset>();
  const walk = (abs: string, urlPath: string) => {
    for (const name of readdirSync(abs).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(abs, name);
      const st = lstatSync(path);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) walk(path, `${urlPath}${name}/`);
      else if (st.isFile()) table.set(`${urlPath}${name}`, asset(readFileSync(path), contentType(name)));
    }
  };
  walk(dir, '/');
  return table;
}

/**
 * In a clone (sources and devDependencies present, no build yet): build the app once, so
 * `membrane serve` is one command there too. Returns the build directory, or undefined.
 */
export function buildFromSources(log: (line: string) => void): string | undefined {
  const repo = packageRoot();
  const config = join(repo, 'web', 'vite.config.ts');
  const vite = join(repo, 'node_modules', 'vite', 'bin', 'vite.js');
  if (process.env.MEMBRANE_WEB_DIR || !existsSync(config) || !existsSync(vite)) return undefined;
  log('building the web app into dist/web (first run from a clone; npm run build:web does the same)...');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) {
    log(`the web build failed:\n${r.stdout}${r.stderr}`);
    return undefined;
  }
  return findAssetDir();
}
