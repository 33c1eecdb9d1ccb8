/**
 * The package as users get it: `npm pack` (which builds dist/), then the tarball installed
 * into a temporary prefix with production dependencies only, and the installed `membrane`
 * run from outside the checkout. Also bin/membrane.js's refusal of a stale build.
 */

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ENTRY_POINTS, outputName } from '../tools/build.js';

const ROOT = resolve(import.meta.dirname, '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** npm, without the settings of an enclosing `npm test` (prefix, global, omit) leaking in. */
function npm(args: string[], cwd: string): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_config_')));
  return execFileSync('npm', args, { cwd, env: { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the packed package, installed with production dependencies only', () => {
  let work: string;
  let membrane: string;
  let installed: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'membrane-pack-'));
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], ROOT)) as { filename: string; files: { path: string }[] }[];
    const tarball = join(work, packed[0]!.filename);
    const files = packed[0]!.files.map((f) => f.path);
    assert.ok(files.includes('dist/membrane.js'), 'the tarball ships the build');
    assert.ok(files.includes('examples/seed/seed-demo.yaml'), 'the tarball ships the demo scenario');
    assert.ok(files.includes('dist/web/index.html'), 'the tarball ships the web app (npm run build:web)');
    for (const source of ENTRY_POINTS) assert.ok(files.includes(`dist/${outputName(source)}.js`), `the tarball ships the entry point of ${source}`);
    assert.deepEqual(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.ts')), [], 'no sources or tests in the tarball');
    for (const f of ['LICENSE', 'README.md', 'CHANGELOG.md', 'bin/membrane.js']) assert.ok(files.includes(f), `the tarball ships ${f}`);
    const prefix = join(work, 'prefix');
    npm(['install', '--global', '--prefix', prefix, '--omit=dev', '--prefer-offline', tarball], work);
    membrane = join(prefix, 'bin', 'membrane');
    installed = join(prefix, 'lib', 'node_modules', 'membrane');
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  /** Runs the installed membrane in the temporary directory, far from the checkout. */
  const run = (...args: string[]) => spawnSync(membrane, args, { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('has no TypeScript loader and no dev dependency', () => {
    const deps = readdirSync(join(installed, 'node_modules'));
    for (const dev of ['tsx', 'typescript', 'esbuild', '@types']) assert.ok(!deps.includes(dev), `${dev} installed`);
    assert.equal(existsSync(join(installed, 'src')), false);
  });

  it('--version and version print the package version', () => {
    const r = run('--version');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), VERSION);
    const v = run('version', '-o', 'json');
    assert.equal(v.status, 0, v.stderr);
    assert.deepEqual({ ...JSON.parse(v.stdout), node: undefined, platform: undefined }, { kind: 'Version', version: 1, membrane: VERSION, node: undefined, platform: undefined });
  });

  it('demo runs the shipped scenario', () => {
    const r = run('demo', '--brief');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Seed scenario: seed-demo \(13 flows/);
    assert.match(r.stdout, /^DENY {3}app1 -> app2 GET \/products \(HTTP 403\)$/m);
    // the hint names the installed file, which exists
    const hint = /Try: membrane trace -f (\S+)/.exec(r.stdout)!;
    assert.ok(existsSync(resolve(work, hint[1]!)), hint[1]);
  });

  it('trace explains a flow of a manifest outside the package', () => {
    copyFileSync(join(installed, 'examples', 'seed', 'seed-demo.yaml'), join(work, 'cluster.yaml'));
    const r = run('trace', '-f', 'cluster.yaml', '--from', 'pod:default/app1', '--to', 'pod:default/app2', '--port', '80/TCP', '--http', 'GET /products', '-o', 'json');
    assert.equal(r.status, 0, r.stderr);
    const x = JSON.parse(r.stdout);
    assert.equal(x.kind, 'FlowExplanation');
    assert.equal(x.verdict, 'deny');
    assert.equal(x.ingress.l7.verdict, 'deny');
  });

  it('serve finds the web app in the package (exported as static files)', () => {
    const site = join(work, 'site');
    const r = run('serve', '--export', site, '-f', join(installed, 'examples', 'seed', 'seed-demo.yaml'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(site, 'index.html'), 'utf8'), /<html/i);
    assert.ok(existsSync(join(site, 'workspace.json')));
  });

  it('a missing file is one line and exit 2, not a stack trace', () => {
    const r = run('trace', '-f', 'nope.yaml', '--from', 'pod:default/app1', '--to', 'pod:default/app2');
    assert.equal(r.status, 2);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    assert.match(r.stderr, /nope\.yaml: error: no such file or directory/);
  });
});

describe('LICENSE', () => {
  it('is the license package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    assert.equal(pkg.license, 'Apache-2.0');
    assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^\s*Apache License\s+Version 2\.0, January 2004/);
  });
});

describe('bin/membrane.js in a checkout', () => {
  /** A fake checkout: bin/membrane.js, a "build" that prints, and a source file. */
  function checkout(): string {
    const dir = mkdtempSync(join(tmpdir(), 'membrane-bin-'));
    for (const d of ['bin', 'dist', 'src/cli']) mkdirSync(join(dir, d), { recursive: true });
    copyFileSync(join(ROOT, 'bin', 'membrane.js'), join(dir, 'bin', 'membrane.js'));
    writeFileSync(join(dir, 'package.json'), '{"name": "membrane", "type": "module"}\n');
    writeFileSync(join(dir, 'dist', 'membrane.js'), "process.stdout.write('the build ran\\n');\n");
    writeFileSync(join(dir, 'src', 'cli', 'main.ts'), '// source\n');
    return dir;
  }
  const build = (dir: string, sourcesAsOf: number) => writeFileSync(join(dir, 'dist', 'build-info.json'), JSON.stringify({ sourcesAsOf }));
  const run = (dir: string) => spawnSync(process.execPath, [join(dir, 'bin', 'membrane.js'), '--version'], { encoding: 'utf8' });

  it('runs a build newer than every source', () => {
    const dir = checkout();
    build(dir, Date.now() + 60_000);
    const r = run(dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'the build ran\n');
    rmSync(dir, { recursive: true });
  });

  it('refuses a build older than a source, naming it and the command to run', () => {
    const dir = checkout();
    build(dir, Date.now() - 60_000);
    const r = run(dir);
    assert.equal(r.status, 70);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /the build in dist\/ is older than src\/cli\/main\.ts: run `npm run build`/);
    // test files are not part of the build
    const old = new Date(Date.now() - 120_000);
    for (const f of ['src/cli/main.ts', 'package.json']) utimesSync(join(dir, f), old, old);
    writeFileSync(join(dir, 'src', 'cli', 'main.test.ts'), '// test\n');
    assert.equal(run(dir).status, 0);
    rmSync(dir, { recursive: true });
  });

  it('says to build when there is no build', () => {
    const dir = checkout();
    const r = run(dir);
    assert.equal(r.status, 70);
    assert.match(r.stderr, /not built yet .*run `npm run build`/);
    rmSync(dir, { recursive: true });
  });

  it('an installed package (no src/) runs its build without checking', () => {
    const dir = checkout();
    rmSync(join(dir, 'src'), { recursive: true });
    const r = run(dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'the build ran\n');
    rmSync(dir, { recursive: true });
  });
});
