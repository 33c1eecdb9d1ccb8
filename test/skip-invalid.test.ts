/**
 * A manifest that cannot be read or parsed is not "no policy" (issue 8 §2): every command
 * that gives a verdict prints none and exits 2; --skip-invalid goes on and lists the skipped
 * file in every output format.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './helpers/cli.js';

const SEED = 'examples/seed/seed-demo.yaml';
const dir = mkdtempSync(join(tmpdir(), 'membrane-skip-'));
const broken = join(dir, 'broken.yaml');
writeFileSync(broken, 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: deny-all\nspec: {}\n');
const flows = 'test/fixtures/hubble/seed-flows.jsonl';

const commands: Record<string, { args: string[]; formats: string[] }> = {
  trace: { args: ['trace', '-f', SEED, '-f', broken, '--from', 'pod:default/app1', '--to', 'pod:default/app2', '--port', '80'], formats: ['text', 'json', 'yaml'] },
  matrix: { args: ['matrix', '-f', SEED, '-f', broken], formats: ['text', 'csv', 'md', 'json', 'yaml', 'dot'] },
  policy: { args: ['policy', '-f', SEED, '-f', broken, '--all'], formats: ['text', 'json', 'yaml'] },
  lint: { args: ['lint', '-f', SEED, '-f', broken, '--fail-on', 'none'], formats: ['text', 'json', 'yaml', 'md', 'sarif'] },
  replay: { args: ['replay', '-f', SEED, '-f', broken, flows], formats: ['text', 'json', 'md'] },
  diff: { args: ['diff', broken, SEED, '-f', SEED], formats: ['md', 'text', 'json', 'yaml'] },
};

describe('unreadable manifests: no verdict (exit 2), or --skip-invalid', () => {
  for (const [name, { args, formats }] of Object.entries(commands)) {
    it(`${name}: exit 2 and no output without --skip-invalid`, async () => {
      const r = await runCli(...args);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /broken\.yaml:\d+:\d+: error: YAML/);
      assert.match(r.stderr, /could not be read or parsed .*broken\.yaml.*--skip-invalid/);
    });

    it(`${name}: --skip-invalid lists the skipped file in ${formats.join(', ')}`, async () => {
      for (const format of formats) {
        const r = await runCli(...args, '--skip-invalid', '-o', format);
        assert.notEqual(r.code, 2, `${format}: ${r.stderr}`);
        assert.match(r.stdout, /broken\.yaml/, `${format} names the skipped file`);
        if (format === 'json' || format === 'sarif') {
          const x = JSON.parse(r.stdout);
          const listed = format === 'sarif' ? x.runs[0].invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri : x.skippedFiles[0].file;
          assert.equal(listed, broken);
        }
      }
    });
  }

  it('an unrendered Helm template gets a hint', async () => {
    const helm = join(dir, 'chart.yaml');
    writeFileSync(helm, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-web\n');
    const r = await runCli('trace', '-f', SEED, '-f', helm, '--from', 'pod:default/app1', '--to', 'pod:default/app2');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /hint: this file holds \{\{ \.\.\. \}\} template expressions: it looks like an unrendered Helm chart/);
    assert.ok(readFileSync(helm, 'utf8').includes('{{'));
  });
});
