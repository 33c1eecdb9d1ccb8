/**
 * Reads manifests from paths (files, directories, `-`) into Kubernetes objects, keeping
 * PolicyTest documents apart: their resources count as manifests and their `dns` as answers,
 * so a test file can be traced like a cluster dump.
 */

import { dnsCacheKey } from '../policy/l7/index.js';
import { parseAgentSettings, type AgentSettings, type Diagnostic } from '../cluster/index.js';
import { parseText } from '../policy/yaml-source.js';
import { workspaceFromParsed, type Workspace } from '../policy/workspace.js';
import { inputLimits, readInputs, type InputError, type InputText } from './files.js';

export type { PolicyTestDocument, Workspace } from '../policy/workspace.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readWorkspace(paths: readonly string[]): Workspace {
  return workspaceFromInputs(readInputs(paths));
}

/** A workspace from texts already read (files, git revisions, tests). */
export function workspaceFromInputs({ inputs, errors }: { inputs: readonly InputText[]; errors: readonly InputError[] }): Workspace {
  const { limits } = inputLimits();
  return workspaceFromParsed(inputs.map((input) => ({ file: input.file, parsed: parseText(input.text, input.file, limits) })), errors);
}

/** Reads a DNS answers file: a map name -> [addresses] (YAML or JSON). */
export function readDnsFile(path: string): { answers: Record<string, string[]>; diagnostics: Diagnostic[] } {
  const { inputs, errors } = readInputs([path]);
  const diagnostics: Diagnostic[] = errors.map((e) => ({ severity: e.warning ? 'warning' as const : 'error' as const, code: 'input.read', message: e.message, location: { file: e.file, line: 0, column: 0 } }));
  const answers: Record<string, string[]> = {};
  for (const input of inputs) {
    const parsed = parseText(input.text, input.file, inputLimits().limits);
    for (const x of parsed.diagnostics) diagnostics.push(x);
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

/**
 * Reads Cilium agent settings: a `cilium-config` ConfigMap (`kubectl -n kube-system get cm
 * cilium-config -o yaml`) or a map of agent option names (YAML or JSON).
 */
export function readSettingsFile(path: string): { settings: Partial<AgentSettings>; diagnostics: Diagnostic[] } {
  const { inputs, errors } = readInputs([path]);
  const diagnostics: Diagnostic[] = errors.map((e) => ({ severity: e.warning ? 'warning' as const : 'error' as const, code: 'input.read', message: e.message, location: { file: e.file, line: 0, column: 0 } }));
  let settings: Partial<AgentSettings> = {};
  for (const input of inputs) {
    const parsed = parseText(input.text, input.file, inputLimits().limits);
    for (const x of parsed.diagnostics) diagnostics.push(x);
    // a ConfigMap parses as a Kubernetes object, a plain map as another document
    const docs = [...parsed.objects, ...parsed.documents].filter((d) => d.value !== null && d.value !== undefined);
    if (docs.length !== 1) {
      diagnostics.push({ severity: 'error', code: 'input.settings', message: `${input.file}: expected one document (a cilium-config ConfigMap or a map of agent options), found ${docs.length}`, location: { file: input.file, line: 0, column: 0 } });
      continue;
    }
    const doc = docs[0]!;
    const read = parseAgentSettings(doc.value);
    const dataPath = isObj(doc.value) && doc.value.kind === 'ConfigMap' ? ['data'] : [];
    const locate = (path: (string | number)[]) => doc.source?.locate(path) ?? { file: input.file, line: 0, column: 0 };
    for (const p of read.problems) {
      diagnostics.push({ severity: 'error', code: 'input.settings', message: p.message, location: locate(p.key ? [...dataPath, p.key] : []) });
    }
    if (read.ignored.length > 0) {
      diagnostics.push({
        severity: 'warning',
        code: 'input.settings-ignored',
        message: `${read.ignored.length} agent option(s) not modelled, verdicts assume Cilium's defaults for them (docs/semantics-notes.md): ${read.ignored.slice(0, 8).join(', ')}${read.ignored.length > 8 ? ', ...' : ''}`,
        location: locate(dataPath),
      });
    }
    settings = { ...settings, ...read.settings };
  }
  return { settings, diagnostics };
}
