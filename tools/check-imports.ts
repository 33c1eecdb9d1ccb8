/**
 * Guards the architecture: the core (net, cluster, policy, engine, explain, analysis, report)
 * is pure and only imports downward; front ends (cli, server, datapath, web) never import
 * each other; only io and front ends touch Node's built-in modules.
 * Run by `npm test` (and so by CI).
 */

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const SRC = join(ROOT, 'src');
/** the web app (web/src): a front end that runs in browsers */
const WEB = join(ROOT, 'web', 'src');
/** what the web app may import from src/: the core and its renderers, never io or another front end */
const WEB_ALLOWED: readonly string[] = ['net', 'cluster', 'policy', 'engine', 'explain', 'analysis', 'report'];
const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'url', 'zlib', 'stream', 'readline', 'worker_threads', 'crypto'];

/** module -> the src modules it may import (itself always allowed) */
const ALLOWED: Record<string, readonly string[]> = {
  net: [],
  cluster: ['net'],
  policy: ['net', 'cluster'],
  engine: ['net', 'cluster', 'policy'],
  explain: ['net', 'cluster', 'policy', 'engine'],
  analysis: ['net', 'cluster', 'policy', 'engine', 'explain'],
  report: ['net', 'cluster', 'policy', 'engine', 'explain', 'analysis'],
  io: ['net', 'cluster', 'policy'],
  // the composition root: its command files call into the server (and datapath) front ends
  cli: ['net', 'cluster', 'policy', 'engine', 'explain', 'analysis', 'report', 'io', 'server', 'datapath'],
  server: ['net', 'cluster', 'policy', 'engine', 'explain', 'analysis', 'report', 'io'],
  datapath: ['net', 'cluster', 'policy', 'engine', 'io'],
};
const NODE_ALLOWED = new Set(['io', 'cli', 'server', 'datapath']);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if ((p.endsWith('.ts') || p.endsWith('.tsx')) && !p.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

export function checkImports(): string[] {
  const problems: string[] = [];
  for (const file of files(SRC)) {
    const rel = relative(SRC, file);
    const module = rel.split('/')[0]!;
    const allowed = ALLOWED[module];
    if (!allowed) {
      problems.push(`${rel}: module "${module}" is not part of the architecture (add it to tools/check-imports.ts)`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (spec.startsWith('node:') || NODE_BUILTINS.includes(spec)) {
        if (!NODE_ALLOWED.has(module)) problems.push(`${rel}: imports ${spec}; the core must run in browsers too (move I/O to io/ or a front end)`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = relative(SRC, resolve(dirname(file), spec));
      const targetModule = target.split('/')[0]!;
      if (target.startsWith('..')) {
        problems.push(`${rel}: imports ${spec} from outside src/`);
      } else if (targetModule !== module && !allowed.includes(targetModule)) {
        problems.push(`${rel}: ${module} may not import ${targetModule} (${spec})`);
      }
    }
  }
  problems.push(...checkWebImports());
  return problems;
}

/** web/src: browser code that imports the core (and report) from src/, nothing of Node's, no other front end. */
function checkWebImports(): string[] {
  const problems: string[] = [];
  let list: string[] = [];
  try {
    list = files(WEB);
  } catch {
    return problems;
  }
  for (const file of list) {
    const rel = relative(ROOT, file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (spec.startsWith('node:') || NODE_BUILTINS.includes(spec)) {
        problems.push(`${rel}: imports ${spec}; the web app runs in browsers`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec.split('?')[0]!);
      if (!relative(WEB, target).startsWith('..')) continue;
      const inSrc = relative(SRC, target);
      if (!inSrc.startsWith('..')) {
        const targetModule = inSrc.split('/')[0]!;
        if (!WEB_ALLOWED.includes(targetModule)) problems.push(`${rel}: web may not import ${targetModule} (${spec}); only ${WEB_ALLOWED.join(', ')}`);
        continue;
      }
      if (!relative(join(ROOT, 'examples'), target).startsWith('..')) continue; // bundled demo inputs
      problems.push(`${rel}: imports ${spec} from outside web/src, src/ and examples/`);
    }
  }
  return problems;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const problems = checkImports();
  if (problems.length > 0) {
    console.error(`import boundaries violated:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('import boundaries: ok');
}
