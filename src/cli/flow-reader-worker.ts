/**
 * A worker thread that reads recorded flows and decodes their lines (io/hubble-reader.ts and
 * the shape decoder of analysis/hubble-line.ts) while the main thread replays them: reading
 * lines needs no replay state. Records go back in order as wire messages (LineWireWriter);
 * at most MAX_IN_FLIGHT messages wait for the main thread, so memory stays bounded whatever
 * the input's size. Started by cli/flows.ts (streamFlows), located with entryPointUrl and
 * bundled by tools/build.ts.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { HubbleLineDecoder, LineWireWriter } from '../analysis/hubble-line.js';
import { readHubbleInput } from '../io/hubble-reader.js';
import type { FlowReaderRequest, FlowReaderMessage } from './flows.js';

/** messages the main thread has not taken yet, at most */
const MAX_IN_FLIGHT = 3;
/** records per message (about 1-2 MB of numbers and strings) */
const RECORDS_PER_MESSAGE = 4096;

async function run(request: FlowReaderRequest): Promise<void> {
  const port = parentPort!;
  const decoder = new HubbleLineDecoder(request.relevance);
  const wire = new LineWireWriter();
  let inFlight = 0;
  let wake: (() => void) | undefined;
  // the main thread gives each message's numbers back when it has read them
  port.on('message', (numbers: Float64Array) => {
    wire.recycle(numbers);
    inFlight--;
    wake?.();
    wake = undefined;
  });
  const decoded = {};
  const fastPath = (line: string): unknown => (decoder.encode(line, wire) ? decoded : undefined);
  const onRecord = (value: unknown, line: number): void => {
    if (value === decoded) wire.endRecord(line);
    else wire.value(value, line);
  };
  const options = { maxLineBytes: request.maxLineBytes, chunkSize: request.chunkSize, fastPath, onRecord };
  // one input after the other; a message's records come from one input
  for (const path of request.paths) {
    const post = (): void => {
      if (wire.empty) return;
      const batch = wire.take(path);
      port.postMessage({ batch } satisfies FlowReaderMessage, [batch.numbers.buffer as ArrayBuffer]);
      inFlight++;
    };
    for await (const batch of readHubbleInput(path, options)) {
      for (const d of batch.diagnostics) wire.event(d);
      if (wire.records >= RECORDS_PER_MESSAGE || batch.diagnostics.length > 0) post();
      while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
    }
    post();
  }
  port.postMessage({ done: true } satisfies FlowReaderMessage);
  port.close();
}

run(workerData as FlowReaderRequest).catch((err: unknown) => {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies FlowReaderMessage);
  parentPort!.close();
});
