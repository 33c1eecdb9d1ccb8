/**
 * Reads manifests from paths (files, directories, `-`) into Kubernetes objects, keeping
 * PolicyTest documents apart: their resources count as manifests and their `dns` as answers,
 * so a test file can be traced like a cluster dump.
 */

import { dnsCacheKey } from '../policy/l7/index.js';
import type { Diagnostic } from '../cluster/index.js';
import { parseText } from '../policy/yaml-source.js';
import { workspaceFromParsed, type Workspace } from '../policy/workspace.js';
import { readInputs, type InputError, type InputText } from './files.js';
import { parseTextFast } from './parallel-yaml.js';

export type { PolicyTestDocument, Workspace } from '../policy/workspace.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readWorkspace(paths: readonly string[]): Workspace {
  return workspaceFromInputs(readInputs(paths));
}

/** A workspace from texts already read (files, git revisions, tests). */
export function workspaceFromInputs({ inputs, errors }: { inputs: readonly InputText[]; errors: readonly InputError[] }): Workspace {
  return workspaceFromParsed(inputs.map((input) => ({ file: input.file, parsed: parseTextFast(input.text, input.file) })), errors);
}

/** Reads a DNS answers file: a map name -> [addresses] (YAML or JSON). */
export function readDnsFile(path: string): { answers: Record<string, string[]>; diagnostics: Diagnostic[] } {
  const { inputs, errors } = readInputs([path]);
  const diagnostics: Diagnostic[] = errors.map((e) => ({ severity: 'error' as const, code: 'input.read', message: `${e.file}: ${e.message}` }));
  const answers: Record<string, string[]> = {};
  for (const input of inputs) {
    const parsed = parseText(input.text, input.file);
    diagnostics.push(...parsed.diagnostics);
    for (const doc of parsed.documents) {
      if (!isObj(doc.value)) continue;
      for (const [name, ips] of Object.entries(doc.value)) {
        if (!Array.isArray(ips) || ips.some((ip) => typeof ip !== 'string')) {
          diagnostics.push({ severity: 'error', code: 'input.dns', message: `${name}: expected a list of addresses`, location: doc.source.locate([name]) });
          continue;
        }
        answers[dnsCacheKey(name)] = ips as string[];
      }
    }
  }
  return { answers, diagnostics };
}
