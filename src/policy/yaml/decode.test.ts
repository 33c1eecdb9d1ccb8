/**
 * Streams as kubectl reads them (k8s.io/apimachinery pkg/util/yaml decoder.go: YAMLReader,
 * YAMLOrJSONDecoder) and the positions Membrane computes on demand.
 */

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseText } from '../yaml-source.js';
import { splitKubectlDocuments } from './documents.js';
import { DEFAULT_LIMITS, limitsFromEnvironment, parseLimitValue } from './limits.js';

describe('documents cut as kubectl cuts them', () => {
  it('a line starting with --- ends a document when the rest is blank or a comment', () => {
    const r = splitKubectlDocuments('a: 1\n---\nb: 2\n--- # next\nc: 3\n---   \n');
    assert.deepEqual(r.chunks.map((c) => [c.text, c.lineOffset]), [['a: 1\n', 0], ['b: 2\n', 2], ['c: 3\n', 4]]);
    assert.equal(r.error, undefined);
  });

  it('content after --- on the same line is an error, and reading stops there (decoder.go "invalid Yaml document separator")', () => {
    const r = splitKubectlDocuments('a: 1\n--- {b: 2}\nc: 3\n');
    assert.equal(r.chunks.length, 1);
    assert.deepEqual(r.error, { line: 2, message: 'invalid Yaml document separator: {b: 2}' });
    const parsed = parseText('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n--- !tagged\nx: 1\n', 'f.yaml');
    assert.equal(parsed.objects.length, 1);
    assert.match(parsed.diagnostics[0]!.message, /invalid Yaml document separator: !tagged/);
    assert.equal(parsed.diagnostics[0]!.location?.line, 4);
  });

  it('CRLF reads as LF; content after ... in a document is ignored with a warning', () => {
    const crlf = parseText('apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n', 'f.yaml');
    assert.equal(crlf.objects[0]!.value.metadata && (crlf.objects[0]!.value.metadata as { name: string }).name, 'a');
    const dots = parseText('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n...\nkind: Hidden\n', 'f.yaml');
    assert.equal(dots.objects.length, 1);
    assert.equal(dots.objects[0]!.value.kind, 'Pod');
    assert.match(dots.diagnostics[0]!.message, /ignored, as kubectl ignores it/);
  });

  it('a text starting with { is a stream of JSON objects, as kubectl reads it', () => {
    const r = parseText('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}\n{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b"}}\n', 'f.json');
    assert.deepEqual(r.objects.map((o) => (o.value.metadata as { name: string }).name), ['a', 'b']);
    assert.equal(r.diagnostics.length, 0);
  });

  it('a byte order mark is dropped; control characters are refused as go-yaml refuses them', () => {
    assert.equal(parseText('\ufeffapiVersion: v1\nkind: Pod\nmetadata: {name: a}\n', 'f.yaml').objects.length, 1);
    const r = parseText('apiVersion: v1\nkind: Pod\nmetadata: {name: "a\x07"}\n', 'f.yaml');
    assert.equal(r.objects.length, 0);
    assert.match(r.diagnostics[0]!.message, /control characters are not allowed \(U\+0007\)/);
    assert.equal(r.diagnostics[0]!.location?.line, 3);
  });

  it('__proto__ is a plain key, never a prototype', () => {
    const r = parseText('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    __proto__: {polluted: "yes"}\n', 'f.yaml');
    const labels = (r.objects[0]!.value.metadata as { labels: Record<string, unknown> }).labels;
    assert.deepEqual(Object.keys(labels), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  });
});

describe('positions, computed when a message needs one', () => {
  it('paths follow kubectl keys: `yes:` is the key "true", octal `010:` is "8"', () => {
    const r = parseText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  yes: 1\n  010: 2\n', 'f.yaml');
    const src = r.objects[0]!.source!;
    assert.deepEqual(Object.keys(r.objects[0]!.value.data as object).sort(), ['8', 'true']);
    assert.deepEqual(src.locate(['data', 'true'], { key: true }), { file: 'f.yaml', line: 5, column: 3 });
    assert.deepEqual(src.locate(['data', '8']), { file: 'f.yaml', line: 6, column: 8 });
  });

  it('lines count from the start of the file in later documents', () => {
    const r = parseText('apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n# c\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n', 'f.yaml');
    assert.deepEqual(r.objects[1]!.source!.locate(['metadata', 'name']), { file: 'f.yaml', line: 9, column: 9 });
  });
});

describe('limits', () => {
  it('sizes and counts read from the environment; bad values are reported', () => {
    assert.equal(parseLimitValue('64M'), 64 * 1024 * 1024);
    assert.equal(parseLimitValue('2Gi'), 2 * 1024 ** 3);
    assert.equal(parseLimitValue('1000'), 1000);
    assert.equal(parseLimitValue('-1'), undefined);
    const { limits, errors } = limitsFromEnvironment({ MEMBRANE_MAX_DEPTH: '50', MEMBRANE_MAX_FILE_SIZE: 'big' });
    assert.equal(limits.maxDepth, 50);
    assert.equal(limits.maxFileBytes, DEFAULT_LIMITS.maxFileBytes);
    assert.match(errors[0]!, /MEMBRANE_MAX_FILE_SIZE="big"/);
  });

  it('nesting past the limit is refused in YAML (block and flow) and JSON, naming the limit', () => {
    const limits = { ...DEFAULT_LIMITS, maxDepth: 5 };
    const block = Array.from({ length: 8 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' x\n';
    for (const [text, file] of [[block, 'b.yaml'], ['a: [[[[[[[1]]]]]]]\n', 'f.yaml'], ['{"a":[[[[[[1]]]]]]}', 'j.json']] as const) {
      const r = parseText(text, file, limits);
      assert.equal(r.objects.length, 0, file);
      assert.equal(r.diagnostics[0]!.code, 'input.limit', file);
      assert.match(r.diagnostics[0]!.message, /limit 5; set MEMBRANE_MAX_DEPTH/, file);
    }
    assert.equal(parseText(block, 'b.yaml').diagnostics.length, 0, 'within the default limit');
  });

  it('a document past the document size limit is refused; others in the stream are read', () => {
    const r = parseText(`a: 1\n---\nb: "${'x'.repeat(100)}"\n`, 'f.yaml', { ...DEFAULT_LIMITS, maxDocumentBytes: 50 });
    assert.equal(r.documents.length, 1);
    assert.match(r.diagnostics[0]!.message, /document of at least 106 bytes \(limit 50 bytes; set MEMBRANE_MAX_DOCUMENT_SIZE/);
  });
});
