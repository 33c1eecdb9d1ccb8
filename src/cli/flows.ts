/**
 * Streams recorded Hubble flows into a consumer (replay, generate): reads the inputs in
 * order, reads lines from their text where it can (the sink's fast path), reports lines
 * that are not JSON (the first few on stderr, all to the consumer) and read errors (exit 2).
 *
 * Large files are read and their lines decoded on a worker thread (cli/flow-reader-worker.ts)
 * while this thread replays them: the records, their order and every diagnostic are the same.
 */

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RelevanceOptions } from '../analysis/hubble-flow.js';
import { LineWireReader, type LineWireBatch } from '../analysis/hubble-line.js';
import type { Diagnostic } from '../cluster/index.js';
import { readHubbleFlows, type HubbleReadOptions } from '../io/hubble-reader.js';
import { entryPointUrl, runningFromSources } from '../io/package-files.js';
import { renderDiagnostic } from '../report/diagnostics-text.js';
import { EXIT_USAGE, type CommandContext } from './context.js';
import { tuneV8ForReadingThread, tuneV8ForStreams } from './v8-tuning.js';

export interface FlowSink {
  addRecord(value: unknown, file?: string, line?: number): void;
  addMalformed(location: string, message: string): void;
  /** the sink's own fast path: a record for a line read without JSON.parse, or undefined (Replayer.fastPath) */
  readonly fastPath?: ((line: string) => unknown) | undefined;
  /** the options of the sink's fast path, when it is the shape decoder (Replayer.lineDecoding): lines may then be decoded on a worker thread */
  readonly lineDecoding?: RelevanceOptions | undefined;
}

/** malformed lines echoed to stderr (all are counted and the first ones listed in the report) */
const MAX_WARNINGS = 5;

/** inputs smaller than this (in total) are read on this thread: starting a worker costs about 50 ms */
const WORKER_MIN_BYTES = 32 << 20;

/** What streamFlows asks the reading worker (cli/flow-reader-worker.ts). */
export interface FlowReaderRequest {
  readonly paths: readonly string[];
  readonly relevance: RelevanceOptions;
  readonly maxLineBytes: number | undefined;
  readonly chunkSize: number | undefined;
}

/** What the reading worker sends: records (and diagnostics) in order, then done, or why it failed. */
export type FlowReaderMessage = { readonly batch: LineWireBatch } | { readonly done: true } | { readonly error: string };

export interface StreamFlowsOptions extends Omit<HubbleReadOptions, 'fastPath' | 'onRecord'> {
  readonly quiet?: boolean | undefined;
  readonly afterBatch?: (() => Promise<void>) | undefined;
  /** read on a worker thread: true, false, or 'auto' (the default: regular files of 32 MiB or more, on a machine of several cores) */
  readonly worker?: boolean | 'auto' | undefined;
}

/** Feeds every record of `paths` to `sink`; false when an input could not be read (exit 2 is set). */
export async function streamFlows(ctx: CommandContext, paths: readonly string[], sink: FlowSink, options: StreamFlowsOptions = {}): Promise<boolean> {
  let warnings = 0;
  let readFailed = false;
  const onDiagnostic = (d: Diagnostic, file: string): void => {
    if (d.severity === 'error') {
      readFailed = true;
      ctx.io.err(renderDiagnostic(d));
      return;
    }
    sink.addMalformed(d.location ? `${d.location.file}:${d.location.line}` : file, d.message);
    if (!options.quiet && warnings++ < MAX_WARNINGS) ctx.io.err(renderDiagnostic(d));
  };
  const readOptions = { maxLineBytes: options.maxLineBytes, chunkSize: options.chunkSize, stdin: options.stdin };
  if (sink.lineDecoding && useWorker(paths, options.worker ?? 'auto')) {
    const request: FlowReaderRequest = { paths, relevance: sink.lineDecoding, maxLineBytes: options.maxLineBytes, chunkSize: options.chunkSize };
    const failure = await readInWorker(request, sink, onDiagnostic, options.afterBatch);

    if (failure !== undefined) {
      readFailed = true;
      ctx.io.err(`error: reading the recorded flows failed: ${failure}`);
    }
  } else {
    tuneV8ForStreams();
    const onRecord = (value: unknown, line: number, file: string): void => sink.addRecord(value, file, line);
    for await (const batch of readHubbleFlows(paths, { ...readOptions, fastPath: sink.fastPath, onRecord })) {
      for (const d of batch.diagnostics) onDiagnostic(d, batch.file);
      if (options.afterBatch) await options.afterBatch();
    }
  }
  if (!options.quiet && warnings > MAX_WARNINGS) ctx.io.err(`warning: ${warnings - MAX_WARNINGS} more malformed lines (listed in the report)`);
  if (readFailed) ctx.fail(EXIT_USAGE);
  return !readFailed;
}

/** Whether to read on a worker: only regular files (stdin is this thread's), large enough to pay for it. */
function useWorker(paths: readonly string[], mode: boolean | 'auto'): boolean {
  if (mode === false || paths.length === 0 || paths.includes('-')) return false;
  let bytes = 0;
  for (const path of paths) {
    try {
      const stat = statSync(path);
      if (!stat.isFile()) return false;
      bytes += stat.size;
    } catch {
      // the reader reports it, on this thread
      return false;
    }
  }
  return mode === true || (bytes >= WORKER_MIN_BYTES && availableParallelism() > 1);
}

/** A worker thread running `url`: the bundle's file, or (from the sources, under tsx) the TypeScript file, tsx's loader registered first. */
function startWorker(url: URL, workerData: unknown): Worker {
  if (!runningFromSources()) return new Worker(url, { workerData });
  // a worker does not inherit tsx's loader hooks
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`, { eval: true, workerData });
}

/** Reads `request.paths` on a worker thread into `sink`; the reason when the worker failed. */
async function readInWorker(
  request: FlowReaderRequest, sink: FlowSink, onDiagnostic: (d: Diagnostic, file: string) => void, afterBatch: (() => Promise<void>) | undefined,
): Promise<string | undefined> {
  tuneV8ForReadingThread();
  const worker = startWorker(entryPointUrl('src/cli/flow-reader-worker.ts'), request);
  // V8's flags are the process's, and a worker's heap is made as it comes online: then this
  // thread's young generation is set
  worker.once('online', tuneV8ForStreams);
  const queue: FlowReaderMessage[] = [];
  let failure: string | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (m: FlowReaderMessage) => {
    queue.push(m);
    signal();
  });
  worker.on('error', (err) => {
    failure ??= err.message;
    signal();
  });
  worker.on('exit', () => {
    exited = true;
    signal();
  });
  const wire = new LineWireReader();
  try {
    for (;;) {
      const m = queue.shift();
      if (m === undefined) {
        if (failure !== undefined) return failure;
        if (exited) return 'the reading thread stopped';
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if ('error' in m) return m.error;
      if ('done' in m) return undefined;
      const file = m.batch.file;
      wire.read(m.batch, (value, line) => sink.addRecord(value, file, line), (d) => onDiagnostic(d as Diagnostic, file));
      // read: the worker may send another, in these numbers
      worker.postMessage(m.batch.numbers, [m.batch.numbers.buffer as ArrayBuffer]);
      if (afterBatch) await afterBatch();
    }
  } finally {
    await worker.terminate();
  }
}
