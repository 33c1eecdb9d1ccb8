/**
 * Large YAML streams parsed on several cores. The `yaml` parser keeps every node's position
 * and is the slow part of loading a big cluster dump (about 5 s for 10,000 pods on one core);
 * its documents are independent, so worker threads parse groups of them in parallel and the
 * main thread waits synchronously. Positions are recomputed per document only when a message
 * needs one. Small inputs, JSON, or a failure of any worker take the single-threaded path.
 */

import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { chunkSource, classifyDocument, parseText, splitYamlDocuments, type ParsedText, type YamlChunk } from '../policy/yaml-source.js';

const MIN_BYTES = 1 << 20;
const MIN_DOCUMENTS = 64;
const MAX_WORKERS = 4;
const TIMEOUT_MS = 120_000;

export interface ChunkResult {
  readonly values: unknown[];
  readonly errors: { message: string; pos: number }[];
}

// runs in each worker: parse the texts it is given, post the values back, then signal
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { parseAllDocuments } = require(workerData.yamlPath);
let results;
try {
  results = workerData.texts.map((text) => {
    const docs = parseAllDocuments(text, { version: '1.1', prettyErrors: false });
    const out = { values: [], errors: [] };
    for (const d of Array.isArray(docs) ? docs : []) {
      if (d.errors.length > 0) { for (const e of d.errors) out.errors.push({ message: e.message.split('\\n')[0], pos: e.pos[0] }); continue; }
      out.values.push(d.toJS({ maxAliasCount: 1000 }));
    }
    return out;
  });
} catch (err) {
  results = { failed: String(err && err.message || err) };
}
workerData.port.postMessage(results);
Atomics.add(workerData.done, 0, 1);
Atomics.notify(workerData.done, 0);
`;

function lineOf(text: string, pos: number): { line: number; column: number } {
  let line = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: pos - last };
}

/** Groups of consecutive chunks of about equal size, one per worker. */
function group(chunks: readonly YamlChunk[], n: number): YamlChunk[][] {
  const total = chunks.reduce((s, c) => s + c.text.length, 0);
  const groups: YamlChunk[][] = [[]];
  let size = 0;
  for (const c of chunks) {
    if (size >= total / n && groups.length < n) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1]!.push(c);
    size += c.text.length;
  }
  return groups;
}

function parseInWorkers(groups: YamlChunk[][]): ChunkResult[][] | undefined {
  const done = new Int32Array(new SharedArrayBuffer(4));
  const yamlPath = createRequire(import.meta.url).resolve('yaml');
  const started = groups.map((chunks) => {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { yamlPath, texts: chunks.map((c) => c.text), port: port2, done },
      transferList: [port2],
    });
    return { worker, port: port1 };
  });
  try {
    const deadline = Date.now() + TIMEOUT_MS;
    while (Atomics.load(done, 0) < groups.length) {
      const seen = Atomics.load(done, 0);
      if (Date.now() > deadline) return undefined;
      Atomics.wait(done, 0, seen, 1000);
    }
    const results: ChunkResult[][] = [];
    for (const { port } of started) {
      const message = receiveMessageOnPort(port)?.message as ChunkResult[] | { failed: string } | undefined;
      if (!message || !Array.isArray(message)) return undefined;
      results.push(message);
    }
    return results;
  } finally {
    for (const { worker, port } of started) {
      port.close();
      void worker.terminate();
    }
  }
}

/** Like parseText, on several cores when the input is a large YAML stream. */
export function parseTextFast(text: string, file: string): ParsedText {
  const workers = Math.min(MAX_WORKERS, availableParallelism());
  const first = text.trimStart()[0];
  if (workers < 2 || text.length < MIN_BYTES || first === '{' || first === '[') return parseText(text, file);
  const chunks = splitYamlDocuments(text);
  if (chunks.length < MIN_DOCUMENTS) return parseText(text, file);
  const groups = group(chunks, workers);
  const results = parseInWorkers(groups);
  if (!results) return parseText(text, file);
  const out: ParsedText = { objects: [], documents: [], diagnostics: [] };
  let index = 0;
  groups.forEach((chunksOfGroup, g) => {
    chunksOfGroup.forEach((chunk, c) => {
      const result = results[g]![c]!;
      for (const err of result.errors) {
        const at = lineOf(chunk.text, err.pos);
        out.diagnostics.push({
          severity: 'error',
          code: 'input.yaml',
          message: `YAML: ${err.message}`,
          location: { file, line: chunk.lineOffset + at.line + 1, column: at.column },
        });
      }
      for (const value of result.values) {
        classifyDocument(value, chunkSource(file, index, chunk), out);
        index++;
      }
    });
  });
  return out;
}

/**
 * The values of each document of a large YAML stream, parsed on several cores (the chunks of
 * splitYamlDocuments, in order), or undefined when the text is small, JSON, has a YAML error
 * or the workers fail. `membrane serve` sends these so the browser skips the slow parse.
 */
export function parseYamlChunkValues(text: string, minBytes = MIN_BYTES): unknown[][] | undefined {
  const workers = Math.min(MAX_WORKERS, availableParallelism());
  const first = text.trimStart()[0];
  if (text.length < minBytes || first === '{' || first === '[') return undefined;
  const chunks = splitYamlDocuments(text);
  if (chunks.length < 2) return undefined;
  const results = parseInWorkers(group(chunks, Math.max(1, workers)));
  if (!results) return undefined;
  const flat = results.flat();
  if (flat.some((r) => r.errors.length > 0)) return undefined;
  return flat.map((r) => r.values);
}
