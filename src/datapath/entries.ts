/**
 * The lab's programs that run as processes of their own (agent, servers, probe): `*.ts` run
 * through tsx from the sources, `dist/*.js` from the build (ENTRY_POINTS in tools/build.ts).
 */

import { entryPointUrl, runningFromSources } from '../io/package-files.js';

export type LabProgram = 'agent' | 'servers' | 'probe';

/** The argv (node first) that runs a lab program. */
export function programCommand(program: LabProgram, args: readonly string[]): string[] {
  const fromSources = runningFromSources();
  const file = entryPointUrl(`src/datapath/${program}-main.ts`, fromSources).pathname;
  const loader = fromSources ? ['--import', import.meta.resolve('tsx')] : [];
  return [process.execPath, ...loader, file, ...args];
}
