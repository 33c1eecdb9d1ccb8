import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { entryPointUrl, packageFile, packageRoot, packageVersion, runningFromSources } from './package-files.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('package files', () => {
  it('the package root is the directory of membrane\'s package.json, from any depth of src/', () => {
    assert.equal(packageRoot(), REPO);
    assert.ok(existsSync(packageFile('examples/seed/seed-demo.yaml')));
    assert.equal(packageVersion(), (JSON.parse(readFileSync(resolve(REPO, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('under tsx an entry point is its TypeScript source; in a build, dist/<name>.js', () => {
    assert.equal(runningFromSources(), true);
    assert.equal(fileURLToPath(entryPointUrl('src/io/parallel-yaml.ts')), resolve(REPO, 'src/io/parallel-yaml.ts'));
    assert.equal(fileURLToPath(entryPointUrl('src/io/parallel-yaml.ts', false)), resolve(REPO, 'dist/parallel-yaml.js'));
  });
});
