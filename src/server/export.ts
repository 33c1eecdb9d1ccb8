/**
 * `membrane serve --export DIR`: the web app as static files, to host anywhere or open from
 * any static file server. With manifests, `workspace.json` beside it opens them at start;
 * without, the page waits for files to be dropped on it.
 */

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { InputBundle } from '../policy/workspace.js';
import { loadAssets } from './assets.js';
import { requireAssetDir, ServeError, WORKSPACE_PATH } from './server.js';

export interface ExportResult {
  readonly dir: string;
  readonly files: number;
}

export function exportStaticApp(dir: string, bundle?: InputBundle, assetDir?: string, log?: (line: string) => void): ExportResult {
  const assets = loadAssets(requireAssetDir(assetDir, log));
  let existing: string[] = [];
  try {
    existing = readdirSync(dir);
  } catch {
    existing = [];
  }
  if (existing.length > 0 && !existing.includes('index.html')) {
    throw new ServeError(`${dir} is not empty and holds no earlier export: choose an empty or new directory`);
  }
  let files = 0;
  for (const [path, asset] of assets) {
    const target = join(dir, ...path.split('/').filter(Boolean));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, asset.body);
    files++;
  }
  const workspaceFile = join(dir, WORKSPACE_PATH.slice(1));
  if (bundle) {
    writeFileSync(workspaceFile, JSON.stringify(bundle));
    files++;
  } else {
    rmSync(workspaceFile, { force: true }); // an earlier export's manifests must not reappear
  }
  return { dir, files };
}
