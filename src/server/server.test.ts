import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUILD_MARKER, findAssetDir } from './assets.js';
import { exportStaticApp } from './export.js';
import { checkRequestOrigin, splitHostHeader } from './guard.js';
import { readInputBundle } from './inputs.js';
import { startServer, type RunningServer } from './server.js';

const REPO = resolve(new URL('../..', import.meta.url).pathname);

/** A stand-in build: the server must serve exactly these files and nothing else. */
function fakeBuild(): { dir: string; secret: string } {
  const root = mkdtempSync(join(tmpdir(), 'membrane-serve-'));
  const dir = join(root, 'web');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(dir, BUILD_MARKER), '{}');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, '.hidden'), 'hidden');
  const secret = join(root, 'secret.txt');
  writeFileSync(secret, 'TOP SECRET');
  symlinkSync(secret, join(dir, 'assets', 'link.js'));
  return { dir, secret };
}

interface Reply {
  status: number;
  body: string;
  raw: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw request: the path is sent as written (no URL normalisation), headers as given. */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET', address = '127.0.0.1'): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: address, port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers }, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolvePromise({ status: res.statusCode ?? 0, body: raw.toString('utf8'), raw, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('membrane serve: server', () => {
  let server: RunningServer;
  let build: { dir: string; secret: string };

  before(async () => {
    build = fakeBuild();
    const read = readInputBundle([join(REPO, 'examples/seed/seed-demo.yaml')]);
    server = await startServer({ bundle: read.bundle, port: 0, assetDir: build.dir });
  });
  after(() => server.close());

  it('binds loopback by default', () => {
    assert.equal(server.address, '127.0.0.1');
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves the app and the manifests it was given', async () => {
    const index = await get(server.port, '/');
    assert.equal(index.status, 200);
    assert.match(index.body, /<title>app<\/title>/);
    assert.match(String(index.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(index.headers['x-content-type-options'], 'nosniff');
    const js = await get(server.port, '/assets/app.js');
    assert.equal(js.status, 200);
    assert.match(String(js.headers['content-type']), /text\/javascript/);
    const ws = await get(server.port, '/workspace.json');
    assert.equal(ws.status, 200);
    const bundle = JSON.parse(ws.body) as { files: { name: string; text: string }[] };
    assert.equal(bundle.files.length, 1);
    assert.match(bundle.files[0]!.text, /kind: PolicyTest/);
  });

  it('sends the manifests gzipped to a client that accepts it, and only then', async () => {
    const plain = await get(server.port, '/workspace.json');
    assert.equal(plain.headers['content-encoding'], undefined);
    const zipped = await get(server.port, '/workspace.json', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(zipped.status, 200);
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers.vary, 'accept-encoding');
    assert.ok(zipped.raw.length < plain.raw.length, `${zipped.raw.length} bytes gzipped, ${plain.raw.length} plain`);
    assert.equal(gunzipSync(zipped.raw).toString('utf8'), plain.body);
    // a HEAD has the headers of the GET and no body
    const head = await get(server.port, '/workspace.json', { 'accept-encoding': 'gzip' }, 'HEAD');
    assert.equal(head.headers['content-length'], String(zipped.raw.length));
    assert.equal(head.raw.length, 0);
    // too small to be worth it: sent as is
    const js = await get(server.port, '/assets/app.js', { 'accept-encoding': 'gzip' });
    assert.equal(js.headers['content-encoding'], undefined);
    assert.equal(js.body, 'console.log(1)');
  });

  it('serves no file outside its assets (path traversal)', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/..\\secret.txt',
      `/${build.secret}`,
      `/%2F${encodeURIComponent(build.secret.slice(1))}`,
      '/assets/link.js',
      '/.hidden',
      '/index.html%00.js',
      '/%',
      '//etc/passwd',
      '/etc/passwd',
      '/package.json',
      '/../../../../../../etc/passwd',
    ];
    for (const path of attempts) {
      const r = await get(server.port, path);
      assert.ok(r.status === 404 || r.status === 400, `${path}: ${r.status}`);
      assert.doesNotMatch(r.body, /TOP SECRET|root:|"name": "membrane"/, path);
    }
  });

  it('rejects a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    const port = server.port;
    for (const host of [`evil.example:${port}`, `localhost.evil.example:${port}`, 'evil.example', `127.0.0.1.nip.io:${port}`]) {
      const r = await get(port, '/workspace.json', { host });
      assert.equal(r.status, 403, host);
      assert.doesNotMatch(r.body, /PolicyTest/);
    }
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, 'null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`]) {
      const r = await get(port, '/workspace.json', { origin });
      assert.equal(r.status, 403, origin);
    }
    assert.equal((await get(port, '/', { 'sec-fetch-site': 'cross-site' })).status, 403);
    // the names a local user types are accepted
    assert.equal((await get(port, '/workspace.json', { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status, 200);
    assert.equal((await get(port, '/workspace.json', { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` })).status, 200);
  });

  it('answers only GET and HEAD', async () => {
    assert.equal((await get(server.port, '/', {}, 'POST')).status, 405);
    assert.equal((await get(server.port, '/workspace.json', {}, 'PUT')).status, 405);
    const head = await get(server.port, '/', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  it('binds another address only when told to', async () => {
    const other = await startServer({ port: 0, address: '127.0.0.2', assetDir: build.dir });
    try {
      assert.equal(other.address, '127.0.0.2');
      const r = await get(other.port, '/', { host: `127.0.0.2:${other.port}` }, 'GET', '127.0.0.2');
      assert.equal(r.status, 200);
      // no manifests were given
      assert.equal((await get(other.port, '/workspace.json', { host: `127.0.0.2:${other.port}` }, 'GET', '127.0.0.2')).status, 404);
      await assert.rejects(get(other.port, '/', {}, 'GET', '127.0.0.1'), /ECONNREFUSED/);
    } finally {
      await other.close();
    }
  });

  it('a port in use is a clear error', async () => {
    await assert.rejects(startServer({ port: server.port, assetDir: build.dir }), /port \d+ on 127\.0\.0\.1 is in use: pick another with --port/);
  });
});

describe('membrane serve: request guard', () => {
  it('reads Host headers with ports and IPv6 literals', () => {
    assert.deepEqual(splitHostHeader('localhost:8080'), { hostname: 'localhost', port: 8080 });
    assert.deepEqual(splitHostHeader('[::1]:8080'), { hostname: '::1', port: 8080 });
    assert.deepEqual(splitHostHeader('127.0.0.1'), { hostname: '127.0.0.1', port: undefined });
    assert.equal(splitHostHeader('a:b:c'), undefined);
    assert.equal(splitHostHeader(''), undefined);
  });

  it('accepts localhost and IP literals on its port only', () => {
    assert.equal(checkRequestOrigin({ host: '[::1]:8080', origin: 'http://[::1]:8080' }, 8080).ok, true);
    assert.equal(checkRequestOrigin({ host: '10.1.2.3:8080' }, 8080).ok, true);
    assert.equal(checkRequestOrigin({ host: 'localhost:9090' }, 8080).ok, false);
    assert.equal(checkRequestOrigin({ host: 'membrane.internal:8080' }, 8080).ok, false);
    assert.equal(checkRequestOrigin({}, 8080).ok, false);
  });
});

describe('membrane serve: assets and export', () => {
  it('finds a build by its marker, never the sources', () => {
    const { dir } = fakeBuild();
    assert.equal(findAssetDir([join(REPO, 'web'), dir]), dir);
    assert.equal(findAssetDir([join(REPO, 'web')]), undefined);
  });

  it('--export writes the app with the manifests, and without them removes old ones', () => {
    const { dir } = fakeBuild();
    const out = join(mkdtempSync(join(tmpdir(), 'membrane-export-')), 'site');
    const read = readInputBundle([join(REPO, 'examples/seed/seed-demo.yaml')]);
    const result = exportStaticApp(out, read.bundle, dir);
    assert.deepEqual(readdirSync(out).sort(), ['assets', BUILD_MARKER, 'index.html', 'workspace.json'].sort());
    assert.deepEqual(readdirSync(join(out, 'assets')), ['app.js'], 'no symlinks, no dot files');
    assert.equal(result.files, 4);
    assert.match(readFileSync(join(out, 'workspace.json'), 'utf8'), /PolicyTest/);
    exportStaticApp(out, undefined, dir);
    assert.ok(!readdirSync(out).includes('workspace.json'));
    const busy = mkdtempSync(join(tmpdir(), 'membrane-export-'));
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    assert.throws(() => exportStaticApp(busy, undefined, dir), /is not empty and holds no earlier export/);
  });

  it('pre-parses large YAML streams for the browser, with the same objects', async () => {
    const { parseInputFile } = await import('../policy/workspace.js');
    const { parseText } = await import('../policy/yaml-source.js');
    const docs = Array.from({ length: 300 }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  namespace: ns\n  labels: {app: a${i % 7}, on: yes}\nspec: {nodeName: n1}\n`);
    const text = `${docs.join('---\n')}${'# padding\n'.repeat(110_000)}`;
    const dir = mkdtempSync(join(tmpdir(), 'membrane-inputs-'));
    writeFileSync(join(dir, 'pods.yaml'), text);
    const read = readInputBundle([join(dir, 'pods.yaml')]);
    const file = read.bundle.files[0]!;
    assert.ok(file.chunkValues, 'large multi-document YAML is sent parsed');
    const viaChunks = parseInputFile(JSON.parse(JSON.stringify(file)));
    const direct = parseText(text, file.name);
    assert.deepEqual(viaChunks.objects.map((o) => o.value), direct.objects.map((o) => o.value));
    // YAML 1.1: `on: yes` are booleans, as kubectl reads them
    assert.equal((viaChunks.objects[0]!.value.metadata as { labels: Record<string, unknown> }).labels.true, true);
    assert.deepEqual(viaChunks.objects[5]!.source?.locate(['metadata', 'name']), direct.objects[5]!.source?.locate(['metadata', 'name']));
  });
});

describe('membrane serve: command line', () => {
  it('starts, prints its URL, serves, and stops on SIGTERM', async () => {
    const { dir } = fakeBuild();
    const env = { ...process.env, MEMBRANE_WEB_DIR: dir };
    // the sources through tsx: bin/membrane.js runs the build, which test/package.test.ts checks
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/run.ts'), 'serve', '-f', join(REPO, 'examples/seed/seed-demo.yaml'), '--port', '0'], { cwd: REPO, env });
    let out = '';
    const url = await new Promise<string>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 60_000);
      child.stdout.on('data', (c) => {
        out += c;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) { clearTimeout(timer); resolvePromise(m[1]!); }
      });
      child.stderr.on('data', (c) => (out += c));
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}: ${out}`)); });
    });
    const port = Number(new URL(url).port);
    assert.equal((await get(port, '/workspace.json')).status, 200);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('usage errors exit 2', async () => {
    const { main } = await import('../cli/main.js');
    const err: string[] = [];
    const io = { out: () => {}, err: (t: string) => err.push(t) };
    assert.equal(await main(['serve', '--port', 'http'], io), 2);
    assert.match(err.join('\n'), /--port must be a number/);
    assert.equal(await main(['serve', '--dns', 'x.yaml'], io), 2);
    assert.equal(await main(['serve', '-f', '/nonexistent/cluster.yaml'], io), 2);
    assert.match(err.join('\n'), /no such file or directory/);
  });

  it('says how to build the app when it is not built', async () => {
    const { main } = await import('../cli/main.js');
    const err: string[] = [];
    const saved = process.env.MEMBRANE_WEB_DIR;
    process.env.MEMBRANE_WEB_DIR = mkdtempSync(join(tmpdir(), 'membrane-nobuild-'));
    try {
      assert.equal(await main(['serve', '--port', '0'], { out: () => {}, err: (t: string) => err.push(t) }), 2);
    } finally {
      if (saved === undefined) delete process.env.MEMBRANE_WEB_DIR;
      else process.env.MEMBRANE_WEB_DIR = saved;
    }
    assert.match(err.join('\n'), /the web app is not built: run `npm run build:web`/);
  });
});
