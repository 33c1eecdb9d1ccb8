/**
 * The lab's programs that run as processes of their own (agent, servers, probe), located next
 * to this module: `*.ts` run through tsx from the sources, `*.js` from the compiled build.
 * The build must include src/datapath/{agent,servers,probe}-main.
 */

export type LabProgram = 'agent' | 'servers' | 'probe';

/** The argv (node first) that runs a lab program. */
export function programCommand(program: LabProgram, args: readonly string[]): string[] {
  const fromSources = import.meta.url.endsWith('.ts');
  const file = new URL(`./${program}-main.${fromSources ? 'ts' : 'js'}`, import.meta.url).pathname;
  const loader = fromSources ? ['--import', import.meta.resolve('tsx')] : [];
  return [process.execPath, ...loader, file, ...args];
}
