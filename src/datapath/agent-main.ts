/** Entry point of the lab agent process: `agent-main STATE_DIR LAB` (started by `membrane lab up`). */

import { runAgent } from './agent.js';

const lab = process.argv[3];
if (!lab) {
  process.stderr.write('usage: agent-main STATE_DIR LAB\n');
  process.exit(2);
}
runAgent(lab).catch((err: Error) => {
  process.stderr.write(`agent failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
