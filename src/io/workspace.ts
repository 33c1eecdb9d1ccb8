/**
 * Reads manifests from paths (files, directories, `-`) into Kubernetes objects, keeping
 * PolicyTest documents apart: their resources count as manifests and their `dns` as answers,
 * so a test file can be traced like a cluster dump.
 */

import { dnsAnswersFrom, dnsCacheKey } from '../policy/l7/index.js';
import type { Diagnostic, K8sObject, SourceDocument } from '../cluster/index.js';
import { nestedObjects, parseText } from '../policy/yaml-source.js';
import { readInputs, type InputError, type InputText } from './files.js';
import { parseTextFast } from './parallel-yaml.js';

export interface PolicyTestDocument {
  readonly file: string;
  readonly value: unknown;
  readonly source: SourceDocument;
}

export interface Workspace {
  readonly objects: K8sObject[];
  readonly tests: PolicyTestDocument[];
  /** DNS answers found in PolicyTest documents */
  readonly dns: Record<string, string[]>;
  /** unreadable files, YAML errors, documents that are not objects */
  readonly diagnostics: Diagnostic[];
  /** files that could not be read or parsed at all */
  readonly failedFiles: string[];
  readonly files: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readWorkspace(paths: readonly string[]): Workspace {
  return workspaceFromInputs(readInputs(paths));
}

/** A workspace from texts already read (files, git revisions, tests). */
export function workspaceFromInputs({ inputs, errors }: { inputs: readonly InputText[]; errors: readonly InputError[] }): Workspace {
  const ws: Workspace = { objects: [], tests: [], dns: {}, diagnostics: [], failedFiles: [], files: [] };
  for (const e of errors) {
    // the location names the file: the message does not repeat it
    ws.diagnostics.push({ severity: 'error', code: 'input.read', message: e.message, location: { file: e.file, line: 0, column: 0 } });
    ws.failedFiles.push(e.file);
  }
  for (const input of inputs) {
    ws.files.push(input.file);
    const parsed = parseTextFast(input.text, input.file);
    ws.diagnostics.push(...parsed.diagnostics);
    if (parsed.diagnostics.some((d) => d.severity === 'error')) ws.failedFiles.push(input.file);
    ws.objects.push(...parsed.objects);
    for (const doc of parsed.documents) {
      const v = doc.value;
      if (isObj(v) && v.kind === 'PolicyTest') {
        ws.tests.push({ file: input.file, value: v, source: doc.source });
        ws.objects.push(...nestedObjects(doc.source, v.resources, ['resources']));
        for (const [name, ips] of dnsAnswersFrom(v.dns)) ws.dns[name] = ips;
        continue;
      }
      ws.diagnostics.push({
        severity: 'warning',
        code: 'input.not-an-object',
        message: 'document is not a Kubernetes object (no apiVersion/kind) and is ignored',
        location: doc.source.locate([]),
      });
    }
  }
  return ws;
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
