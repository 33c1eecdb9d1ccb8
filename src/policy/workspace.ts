/**
 * A workspace: the Kubernetes objects, PolicyTest documents and DNS answers of a set of
 * parsed input texts. Pure, so the CLI (io/workspace.ts reads the files) and the web app
 * (texts dropped on the page) assemble inputs the same way: PolicyTest documents count as
 * manifests (their `resources`) and as DNS answers (their `dns`).
 */

import { parseAgentSettings, type AgentSettings, type Diagnostic, type K8sObject, type SourceDocument } from '../cluster/index.js';
import { dnsAnswersFrom } from './l7/index.js';
import { chunkSource, classifyDocument, nestedObjects, parseText, splitYamlDocuments, type ParsedText } from './yaml-source.js';

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
  /** agent settings found in PolicyTest documents (`settings:`) */
  settings: Partial<AgentSettings>;
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
  /** a problem that does not stop the file list (a skipped FIFO in a directory) */
  readonly warning?: boolean | undefined;
}

/** One input text after parsing (parseText, or a parallel parser with the same result). */
export interface ParsedInput {
  readonly file: string;
  readonly parsed: ParsedText;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function workspaceFromParsed(parsedInputs: readonly ParsedInput[], errors: readonly UnreadableInput[] = []): Workspace {
  const ws: Workspace = { objects: [], tests: [], dns: {}, settings: {}, diagnostics: [], failedFiles: [], files: [] };
  for (const e of errors) {
    // the location names the file: the message does not repeat it
    ws.diagnostics.push({ severity: e.warning ? 'warning' : 'error', code: 'input.read', message: e.message, location: { file: e.file, line: 0, column: 0 } });
    if (!e.warning) ws.failedFiles.push(e.file);
  }
  for (const { file, parsed } of parsedInputs) {
    ws.files.push(file);
    // element by element: a spread of 150,000 objects would overflow the call stack
    for (const x of parsed.diagnostics) ws.diagnostics.push(x);
    if (parsed.diagnostics.some((d) => d.severity === 'error')) ws.failedFiles.push(file);
    for (const x of parsed.objects) ws.objects.push(x);
    for (const doc of parsed.documents) {
      const v = doc.value;
      if (isObj(v) && v.kind === 'PolicyTest') {
        ws.tests.push({ file, value: v, source: doc.source });
        for (const x of nestedObjects(doc.source, v.resources, ['resources'])) ws.objects.push(x);
        for (const [name, ips] of dnsAnswersFrom(v.dns)) ws.dns[name] = ips;
        if (v.settings !== undefined) {
          const read = parseAgentSettings(v.settings);
          for (const p of read.problems) ws.diagnostics.push({ severity: 'error', code: 'input.settings', message: p.message, location: doc.source.locate(['settings', p.key]) });
          if (read.problems.length > 0 && !ws.failedFiles.includes(file)) ws.failedFiles.push(file);
          ws.settings = { ...ws.settings, ...read.settings };
        }
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

/**
 * Input texts as the web app receives them: from `membrane serve`, from a static export, or
 * dropped on the page. JSON-ready.
 */
export interface InputFile {
  /** the path as the user gave it */
  readonly name: string;
  readonly text: string;
  /**
   * Already parsed by the sender (a large YAML stream, parsed on several cores): for each
   * document chunk of splitYamlDocuments(text), in order, its values.
   */
  readonly chunkValues?: readonly (readonly unknown[])[] | undefined;
}

export interface InputBundle {
  readonly files: readonly InputFile[];
  readonly unreadable?: readonly UnreadableInput[] | undefined;
  /** DNS answers given apart from the manifests (`--dns`): name -> addresses */
  readonly dns?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly dnsMode?: 'shared' | 'learn' | undefined;
}

/** Parses one input, using the sender's values when it sent them (same result as parseText). */
export function parseInputFile(input: InputFile): ParsedText {
  const values = input.chunkValues;
  if (values) {
    const chunks = splitYamlDocuments(input.text);
    if (chunks.length === values.length) {
      const out: ParsedText = { objects: [], documents: [], diagnostics: [] };
      let index = 0;
      chunks.forEach((chunk, c) => {
        for (const value of values[c]!) classifyDocument(value, chunkSource(input.name, index++, chunk), out);
      });
      return out;
    }
  }
  return parseText(input.text, input.name);
}
