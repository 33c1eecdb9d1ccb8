/** Entry point of the lab servers process: `servers-main STATE_DIR LAB` (started by `membrane lab up`). */

import { runServers } from './servers.js';

const lab = process.argv[3];
if (!lab) {
  process.stderr.write('usage: servers-main STATE_DIR LAB\n');
  process.exit(2);
}
runServers(lab).catch((err: Error) => {
  process.stderr.write(`servers failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
