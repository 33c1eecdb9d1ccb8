/** Process entry point: the only place that touches process exit status. */

import { autoColor } from './color.js';
import { main } from './main.js';
import { tuneV8ForCommands } from './v8-tuning.js';

tuneV8ForCommands();

// a closed pipe (membrane ... | head) ends the output quietly
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const code = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  autoColor: { out: autoColor(process.stdout, process.env), err: autoColor(process.stderr, process.env) },
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  drain: () => (process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', resolve)) : Promise.resolve()),
});
process.exitCode = code;
