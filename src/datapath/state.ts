/**
 * A lab's state directory: the topology and the objects it was built from (read by the
 * agent and servers processes), the processes it runs, logs and the agent's control socket.
 * Teardown never needs it (names suffice), it only makes `down` quicker and `status` informative.
 */

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from './names.js';
import type { ClusterOptions } from '../cluster/index.js';
import type { Topology } from './topology.js';

export interface LabState {
  readonly version: 1;
  readonly topology: Topology;
  readonly createdAt: string;
  /** the files the lab was built from (for status) */
  readonly sources: string[];
  /** denials are answered with ICMP admin-prohibited instead of dropped */
  readonly reject?: boolean | undefined;
  /** agent settings and workload expansion, as the engine that checked the input had them */
  readonly cluster?: ClusterOptions | undefined;
}

export const statePath = (lab: string, file: string) => join(stateDir(lab), file);
export const controlSocket = (lab: string) => statePath(lab, 'agent.sock');

export function createStateDir(lab: string): void {
  mkdirSync(stateDir(lab), { recursive: true, mode: 0o700 });
}

export function writeLabState(lab: string, state: LabState): void {
  writeFileSync(statePath(lab, 'lab.json'), JSON.stringify(state, null, 1));
}

export function readLabState(lab: string): LabState | undefined {
  try {
    return JSON.parse(readFileSync(statePath(lab, 'lab.json'), 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

/** The Kubernetes objects (values) the lab's policy comes from. */
export function writeObjects(lab: string, objects: readonly Record<string, unknown>[]): void {
  writeAtomically(statePath(lab, 'objects.json'), JSON.stringify(objects));
}

export function readObjects(lab: string): Record<string, unknown>[] {
  return JSON.parse(readFileSync(statePath(lab, 'objects.json'), 'utf8')) as Record<string, unknown>[];
}

/** Writes a file whole or not at all (readers poll for it). */
export function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export function labStateExists(lab: string): boolean {
  return existsSync(stateDir(lab));
}

/** The last lines of a lab log (for error reports). */
export function logTail(lab: string, file: string, lines = 15): string {
  try {
    return readFileSync(statePath(lab, file), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
