/**
 * Streams recorded Hubble flows into a consumer (replay, generate): reads the inputs in
 * order, recognizes replies and trace events from their text (the fast path), reports lines
 * that are not JSON (the first few on stderr, all to the consumer) and read errors (exit 2).
 */

import { prescreenHubbleLine, type PrescreenedFlow } from '../analysis/hubble-flow.js';
import { readHubbleFlows, type HubbleReadOptions } from '../io/hubble-reader.js';
import { renderDiagnostic } from '../report/diagnostics-text.js';
import { EXIT_USAGE, type CommandContext } from './context.js';

export interface FlowSink {
  addRecord(value: unknown, file?: string, line?: number): void;
  addMalformed(location: string, message: string): void;
  /** the sink's own fast path (a replay recognizes repeated trace events too) */
  readonly fastPath?: ((line: string) => PrescreenedFlow | undefined) | undefined;
}

/** malformed lines echoed to stderr (all are counted and the first ones listed in the report) */
const MAX_WARNINGS = 5;

/** Feeds every record of `paths` to `sink`; false when an input could not be read (exit 2 is set). */
export async function streamFlows(
  ctx: CommandContext, paths: readonly string[], sink: FlowSink,
  options: { readonly traces: boolean; readonly quiet?: boolean | undefined; readonly afterBatch?: (() => Promise<void>) | undefined } & Omit<HubbleReadOptions, 'fastPath'>,
): Promise<boolean> {
  let warnings = 0;
  let readFailed = false;
  const traces = options.traces;
  const fastPath = sink.fastPath ?? ((line: string): PrescreenedFlow | undefined => prescreenHubbleLine(line, { traces }));
  for await (const batch of readHubbleFlows(paths, { ...options, fastPath })) {
    for (const d of batch.diagnostics) {
      if (d.severity === 'error') {
        readFailed = true;
        ctx.io.err(renderDiagnostic(d));
        continue;
      }
      sink.addMalformed(d.location ? `${d.location.file}:${d.location.line}` : batch.file, d.message);
      if (!options.quiet && warnings++ < MAX_WARNINGS) ctx.io.err(renderDiagnostic(d));
    }
    const { values, lines, file } = batch;
    for (let i = 0; i < values.length; i++) sink.addRecord(values[i], file, lines[i]);
    if (options.afterBatch) await options.afterBatch();
  }
  if (!options.quiet && warnings > MAX_WARNINGS) ctx.io.err(`warning: ${warnings - MAX_WARNINGS} more malformed lines (listed in the report)`);
  if (readFailed) ctx.fail(EXIT_USAGE);
  return !readFailed;
}
