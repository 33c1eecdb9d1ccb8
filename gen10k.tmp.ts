import { createWriteStream } from 'node:fs';
import { traceFlows, verdictFlows } from './bench/workload-flows.js';
const out = createWriteStream(process.argv[3]!);
let buf = '';
for (const l of (process.argv[4] === 'verdicts' ? verdictFlows : traceFlows)('../shared/bench/workload-10k', Number(process.argv[2]))) { buf += l + '\n'; if (buf.length > 1 << 20) { out.write(buf); buf = ''; } }
out.end(buf);
