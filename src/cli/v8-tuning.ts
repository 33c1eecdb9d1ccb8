/**
 * V8's tiering, tuned for a command's process.
 *
 * A command does most of its work once per input object (decode, admit, validate, translate:
 * thousands of objects, each visited once), and V8's default tiering sends much of that code
 * to its optimizing compiler on helper threads, where compiling costs more than the code has
 * left to run: on workload-10k about half the CPU time of a load went to it. Four times the
 * default interrupt budget (V8's count of bytecode run before a function is considered for
 * optimization) keeps one-pass code in the baseline tiers while every real loop (matrix,
 * replay, lookups) is still optimized within milliseconds. Measured on workload-10k
 * (docs/benchmarks.md): policy import -40% CPU, a one-flow trace -22%, matrix -20%, replay
 * of 300,000 flows no slower.
 */

import { setFlagsFromString } from 'node:v8';

/** V8 11's default `--interrupt-budget` (66 KiB of bytecode) times four. */
const INTERRUPT_BUDGET = 4 * 66 * 1024;

/**
 * Applies the tuning; call once, first thing in a command's process. Only on V8 11 (Node 20),
 * where it was measured (later V8s tier up differently); an explicit node flag wins.
 */
export function tuneV8ForCommands(): void {
  if (!process.versions.v8.startsWith('11.')) return;
  if (process.execArgv.some((a) => a.startsWith('--interrupt-budget'))) return;
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

/** the young generation's semi-space while recorded flows stream (V8's default is 16 MB) */
const STREAM_SEMI_SPACE_MB = 64;

/**
 * Before streaming recorded flows (replay, generate): a larger young generation. A record's
 * objects die young, but not within the default's few thousand lines, so they were copied and
 * promoted; 64 MB took 10% off replaying a million flows of workload-10k
 * (docs/benchmarks.md). An explicit node flag wins.
 */
export function tuneV8ForStreams(): void {
  if (process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) return;
  setFlagsFromString(`--max-semi-space-size=${STREAM_SEMI_SPACE_MB}`);
}
