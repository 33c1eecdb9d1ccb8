import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseText, splitYamlDocuments } from '../policy/yaml-source.js';
import { parseTextFast } from './parallel-yaml.js';

function bigStream(pods: number, broken?: number): string {
  const docs = ['# a dump with a leading comment'];
  for (let i = 0; i < pods; i++) {
    const body = i === broken ? '  labels: {app: [unclosed\n' : `  labels: {app: web-${i % 7}, tier: "${i % 3}"}\n`;
    docs.push(`---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${i}\n  namespace: ns-${i % 5}\n${body}spec:\n  nodeName: node-${i % 3}\n  containers:\n    - name: c\n      ports: [{name: http, containerPort: 8080}]\nstatus:\n  podIP: 10.0.${Math.floor(i / 250)}.${i % 250}\n  podIPs: [{ip: 10.0.${Math.floor(i / 250)}.${i % 250}}]\n  conditions: [{type: Ready, status: "True", lastTransitionTime: "2026-01-01T00:00:00Z"}]\n`);
  }
  return docs.join('');
}

describe('parallel YAML parsing', () => {
  it('splits a stream at document markers only', () => {
    const chunks = splitYamlDocuments('# c\n---\na: 1\n---\nb: |\n  ---x\n  y\n--- \nc: 3\n');
    assert.deepEqual(chunks.map((c) => c.lineOffset), [0, 1, 3, 7]);
    assert.equal(chunks.map((c) => c.text).join(''), '# c\n---\na: 1\n---\nb: |\n  ---x\n  y\n--- \nc: 3\n');
  });

  it('gives the same objects and positions as the single-threaded parser', () => {
    const text = bigStream(3000);
    assert.ok(text.length > 1 << 20, 'the input must be large enough to go parallel');
    const fast = parseTextFast(text, 'big.yaml');
    const slow = parseText(text, 'big.yaml');
    assert.equal(fast.objects.length, 3000);
    assert.deepEqual(fast.objects.map((o) => o.value), slow.objects.map((o) => o.value));
    for (const i of [0, 1234, 2999]) {
      for (const path of [['metadata', 'name'], ['spec', 'nodeName'], ['status', 'podIPs', 0, 'ip']]) {
        assert.deepEqual(fast.objects[i]!.source!.locate(path), slow.objects[i]!.source!.locate(path));
      }
    }
    const loc = fast.objects[1234]!.source!.locate(['spec', 'nodeName'])!;
    assert.equal(fast.objects[1234]!.source!.excerpt!(loc), slow.objects[1234]!.source!.excerpt!(loc));
  });

  it('reports a YAML error at its line in the whole file', () => {
    const text = bigStream(3000, 2000);
    const fast = parseTextFast(text, 'big.yaml');
    const slow = parseText(text, 'big.yaml');
    assert.ok(fast.diagnostics.length > 0);
    assert.equal(fast.diagnostics[0]!.location?.line, slow.diagnostics[0]!.location?.line);
    assert.equal(fast.objects.length, 2999);
  });
});
