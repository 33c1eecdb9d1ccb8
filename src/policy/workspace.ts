/**
 * A workspace: the Kubernetes objects, PolicyTest documents and DNS answers of a set of
 * parsed input texts. Pure, so the CLI (io/workspace.ts reads the files) and the web app
 * (texts dropped on the page) assemble inputs the same way: PolicyTest documents count as
 * manifests (their `resources`) and as DNS answers (their `dns`).
 */

import type { Diagnostic, K8sObject, SourceDocument } from '../cluster/index.js';
import { dnsAnswersFrom } from './l7/index.js';
import { nestedObjects, type ParsedText } from './yaml-source.js';

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

/** A file that could not be read. */
export interface UnreadableInput {
  readonly file: string;
  readonly message: string;
}

/** One input text after parsing (parseText, or a parallel parser with the same result). */
export interface ParsedInput {
  readonly file: string;
  readonly parsed: ParsedText;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function workspaceFromParsed(parsedInputs: readonly ParsedInput[], errors: readonly UnreadableInput[] = []): Workspace {
  const ws: Workspace = { objects: [], tests: [], dns: {}, diagnostics: [], failedFiles: [], files: [] };
  for (const e of errors) {
    ws.diagnostics.push({ severity: 'error', code: 'input.read', message: `${e.file}: ${e.message}`, location: { file: e.file, line: 0, column: 0 } });
    ws.failedFiles.push(e.file);
  }
  for (const { file, parsed } of parsedInputs) {
    ws.files.push(file);
    ws.diagnostics.push(...parsed.diagnostics);
    if (parsed.diagnostics.some((d) => d.severity === 'error')) ws.failedFiles.push(file);
    ws.objects.push(...parsed.objects);
    for (const doc of parsed.documents) {
      const v = doc.value;
      if (isObj(v) && v.kind === 'PolicyTest') {
        ws.tests.push({ file, value: v, source: doc.source });
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
