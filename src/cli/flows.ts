/**
 * Streams recorded Hubble flows into a consumer (replay, generate): reads the inputs in
 * order, reads lines from their text where it can (the sink's fast path), reports lines
 * that are not JSON (the first few on stderr, all to the consumer) and read errors (exit 2).
 */

import { readHubbleFlows, type HubbleReadOptions } from '../io/hubble-reader.js';
import { renderDiagnostic } from '../report/diagnostics-text.js';
import { EXIT_USAGE, type CommandContext } from './context.js';
import { tuneV8ForStreams } from './v8-tuning.js';

export interface FlowSink {
  addRecord(value: unknown, file?: string, line?: number): void;
  addMalformed(location: string, message: string): void;
  /** the sink's own fast path: a record for a line read without JSON.parse, or undefined (Replayer.fastPath) */
  readonly fastPath?: ((line: string) => unknown) | undefined;
}

/** malformed lines echoed to stderr (all are counted and the first ones listed in the report) */
const MAX_WARNINGS = 5;

/** Feeds every record of `paths` to `sink`; false when an input could not be read (exit 2 is set). */
export async function streamFlows(
  ctx: CommandContext, paths: readonly string[], sink: FlowSink,
  options: { readonly quiet?: boolean | undefined; readonly afterBatch?: (() => Promise<void>) | undefined } & Omit<HubbleReadOptions, 'fastPath' | 'onRecord'>,
): Promise<boolean> {
  tuneV8ForStreams();
  let warnings = 0;
  let readFailed = false;
  const onRecord = (value: unknown, line: number, file: string): void => sink.addRecord(value, file, line);
  for await (const batch of readHubbleFlows(paths, { ...options, fastPath: sink.fastPath, onRecord })) {
    for (const d of batch.diagnostics) {
      if (d.severity === 'error') {
        readFailed = true;
        ctx.io.err(renderDiagnostic(d));
        continue;
      }
      sink.addMalformed(d.location ? `${d.location.file}:${d.location.line}` : batch.file, d.message);
      if (!options.quiet && warnings++ < MAX_WARNINGS) ctx.io.err(renderDiagnostic(d));
    }
    if (options.afterBatch) await options.afterBatch();
  }
  if (!options.quiet && warnings > MAX_WARNINGS) ctx.io.err(`warning: ${warnings - MAX_WARNINGS} more malformed lines (listed in the report)`);
  if (readFailed) ctx.fail(EXIT_USAGE);
  return !readFailed;
}
