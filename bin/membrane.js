#!/usr/bin/env node
// Runs the bundle that `npm run build` writes to dist/ (installed packages ship only that).
// In a checkout (src/ is present) it first makes sure the build is not older than the sources:
// a stale build is refused with the command to run, never used silently.
import { readFileSync, readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const BUILD_HINT = 'run `npm run build` (about a second), or `npm run dev -- ARGS...` to run the sources through tsx';

/** The newest file under dir whose name passes keep, as [mtimeMs, path]. */
function newest(dir, keep, best = [0, '']) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return best;
  }
  for (const e of entries) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) best = newest(path, keep, best);
    else if (keep(e.name)) {
      const m = statSync(path).mtimeMs;
      if (m > best[0]) best = [m, path];
    }
  }
  return best;
}

function checkBuild() {
  const rootPath = decodeURIComponent(root.pathname).replace(/\/$/, '');
  let hasSources = false;
  try {
    hasSources = statSync(`${rootPath}/src`).isDirectory();
  } catch {
    return; // an installed package: dist/ is all there is
  }
  if (!hasSources) return;
  let info;
  try {
    info = JSON.parse(readFileSync(`${rootPath}/dist/build-info.json`, 'utf8'));
  } catch {
    return `membrane: not built yet (no dist/build-info.json): ${BUILD_HINT}`;
  }
  let [mtime, path] = newest(`${rootPath}/src`, (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'));
  for (const f of ['package.json', 'tools/build.ts']) {
    try {
      const m = statSync(`${rootPath}/${f}`).mtimeMs;
      if (m > mtime) [mtime, path] = [m, `${rootPath}/${f}`];
    } catch {
      // absent: nothing to compare
    }
  }
  if (mtime > info.sourcesAsOf) {
    return `membrane: the build in dist/ is older than ${path.slice(rootPath.length + 1)}: ${BUILD_HINT}`;
  }
}

const stale = checkBuild();
if (stale) {
  process.stderr.write(`${stale}\n`);
  process.exitCode = 70;
} else {
  await import(new URL('dist/membrane.js', root).href);
}
