/**
 * Entry point of the probe program, run inside an endpoint's namespace by `membrane lab test`:
 * reads a ProbeRequest (JSON) on stdin, writes the ProbeResults (JSON) on stdout.
 */

import { runProbes, type ProbeRequest } from './probes.js';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d: string) => (input += d));
process.stdin.on('end', () => {
  runProbes(JSON.parse(input) as ProbeRequest).then(
    (results) => process.stdout.write(JSON.stringify(results)),
    (err: Error) => {
      process.stderr.write(`probe failed: ${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
});
