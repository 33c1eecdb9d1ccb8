/**
 * The system commands a lab runs (`ip`, `nft`, `sysctl`), and what the machine can do.
 * Commands run inside a namespace through `ip netns exec`, so the root namespace is only
 * ever read.
 */

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class CommandError extends Error {
  constructor(readonly command: string, readonly result: CommandResult) {
    super(`${command}: ${result.stderr.trim() || `exit code ${result.code}`}`);
  }
}

export interface RunOptions {
  /** run inside this network namespace */
  readonly netns?: string | undefined;
  /** text for standard input */
  readonly input?: string | undefined;
  /** resolve with the result instead of throwing on a non-zero exit */
  readonly allowFailure?: boolean | undefined;
}

export function run(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const argv = options.netns ? ['netns', 'exec', options.netns, cmd, ...args] : [...args];
  const program = options.netns ? 'ip' : cmd;
  return new Promise((resolve, reject) => {
    const child = spawn(program, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => reject(new CommandError(`${program} ${argv.join(' ')}`, { code: 127, stdout, stderr: err.message })));
    child.on('close', (code) => {
      const result = { code: code ?? 1, stdout, stderr };
      if (result.code !== 0 && !options.allowFailure) reject(new CommandError(`${cmd} ${args.slice(0, 4).join(' ')}`, result));
      else resolve(result);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `ip -batch -` (many commands, one process), optionally as `ip -n NETNS`. */
export async function ipBatch(lines: readonly string[], netns?: string): Promise<void> {
  if (lines.length === 0) return;
  const args = netns ? ['-n', netns, '-batch', '-'] : ['-batch', '-'];
  await run('ip', args, { input: `${lines.join('\n')}\n` });
}

/** Loads an nftables ruleset (one atomic transaction) inside a namespace. */
export async function nftLoad(netns: string | undefined, ruleset: string): Promise<void> {
  await run('nft', ['-f', '-'], { netns, input: ruleset });
}

/** Network namespace names (from /run/netns, as `ip netns list` shows them). */
export function listNetns(): string[] {
  try {
    return readdirSync('/run/netns').sort();
  } catch {
    return [];
  }
}

/** Process ids living in a network namespace. */
export async function netnsPids(netns: string): Promise<number[]> {
  const r = await run('ip', ['netns', 'pids', netns], { allowFailure: true });
  return r.stdout.split(/\s+/).filter(Boolean).map(Number).filter((n) => Number.isInteger(n) && n > 0);
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Why this machine cannot run a lab (root, ip, nft), or undefined when it can. */
export function labUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'the lab needs Linux (network namespaces and nftables)';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'the lab needs root (it creates network namespaces)';
  const missing = ['ip', 'nft'].filter((c) => !hasCommand(c));
  if (missing.length > 0) return `the lab needs ${missing.join(' and ')} (apt-get install ${missing.map((m) => (m === 'ip' ? 'iproute2' : 'nftables')).join(' ')})`;
  return undefined;
}

/** True when the kernel has SCTP (a lab can then carry SCTP traffic). */
export function kernelHasSctp(): boolean {
  return existsSync('/proc/sys/net/sctp');
}

/** True when a process with this id exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
