/**
 * What `membrane serve` hands the web app: the manifest texts the user named (the engine in
 * the browser reads them, as the CLI does), the DNS answers, and for large YAML streams the
 * values already parsed here on several cores, which the browser would otherwise spend
 * seconds on.
 */

import type { Diagnostic } from '../cluster/index.js';
import { readInputs } from '../io/files.js';
import { parseYamlChunkValues } from '../io/parallel-yaml.js';
import { readDnsFile } from '../io/workspace.js';
import type { InputBundle, InputFile } from '../policy/workspace.js';

const PREPARSE_MIN_BYTES = 64 * 1024;

export interface ReadBundle {
  readonly bundle: InputBundle;
  /** problems reading the inputs (unreadable files are also in the bundle, for the page to show) */
  readonly diagnostics: readonly Diagnostic[];
  readonly failed: boolean;
}

export function readInputBundle(paths: readonly string[], dnsFile?: string, dnsMode: 'shared' | 'learn' = 'shared'): ReadBundle {
  const { inputs, errors } = readInputs(paths);
  const diagnostics: Diagnostic[] = errors.map((e) => ({ severity: e.warning ? 'warning' : 'error', code: 'input.read', message: `${e.file}: ${e.message}` }));
  // a browser parses YAML at about 1 MB/s: anything past a few documents is parsed here
  const files: InputFile[] = inputs.map((input) => ({ name: input.file, text: input.text, chunkValues: parseYamlChunkValues(input.text, PREPARSE_MIN_BYTES) }));
  let dns: Record<string, string[]> | undefined;
  if (dnsFile !== undefined) {
    const read = readDnsFile(dnsFile);
    for (const x of read.diagnostics) diagnostics.push(x);
    dns = read.answers;
  }
  return {
    bundle: { files, unreadable: errors.filter((e) => !e.warning), dns, dnsMode },
    diagnostics,
    failed: diagnostics.some((d) => d.severity === 'error'),
  };
}
