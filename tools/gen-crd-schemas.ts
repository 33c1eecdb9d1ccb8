/**
 * Generates src/policy/schema/crd-schemas.generated.ts from the Cilium policy CRDs, so the
 * validator ships the exact schema the API server enforces without reading ../shared at runtime.
 *
 * Usage: tsx tools/gen-crd-schemas.ts [crd-directory]
 *   crd-directory defaults to ../shared/corpus/crds/main-1.20.0-dev (relative to the repo root).
 *
 * Descriptions are dropped (they are most of the CRD text and play no part in validation).
 */

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const defaultCrdDir = resolve(repoRoot, '../shared/corpus/crds/main-1.20.0-dev');
const outputFile = join(repoRoot, 'src/policy/schema/crd-schemas.generated.ts');

interface CrdSource {
  readonly file: string;
  readonly constName: string;
  readonly kind: string;
}

const sources: readonly CrdSource[] = [
  { file: 'ciliumnetworkpolicies.yaml', constName: 'ciliumNetworkPolicySchema', kind: 'CiliumNetworkPolicy' },
  {
    file: 'ciliumclusterwidenetworkpolicies.yaml',
    constName: 'ciliumClusterwideNetworkPolicySchema',
    kind: 'CiliumClusterwideNetworkPolicy',
  },
];

/** Keys that carry documentation only. */
const droppedKeys = new Set(['description', 'example', 'externalDocs', 'title']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Drops documentation keys from schema nodes. `properties` maps field names to schemas, so its
 * own keys are field names and are never dropped (a field may be called `description`).
 */
function stripDocs(node: unknown, isPropertyMap = false): Json {
  if (Array.isArray(node)) return node.map((item) => stripDocs(item));
  if (!isRecord(node)) return node as Json;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!isPropertyMap && droppedKeys.has(key)) continue;
    if (isPropertyMap) out[key] = stripDocs(value);
    // enum and default hold data, not schemas: copy them untouched
    else if (key === 'enum' || key === 'default') out[key] = value as Json;
    else out[key] = stripDocs(value, key === 'properties' || key === 'patternProperties');
  }
  return out;
}

function readV2Schema(file: string, expectedKind: string): Json {
  const crd: unknown = parse(readFileSync(file, 'utf8'));
  if (!isRecord(crd) || !isRecord(crd['spec'])) throw new Error(`${file}: not a CustomResourceDefinition`);
  const names = crd['spec']['names'];
  if (!isRecord(names) || names['kind'] !== expectedKind) throw new Error(`${file}: expected kind ${expectedKind}`);
  const versions = crd['spec']['versions'];
  if (!Array.isArray(versions)) throw new Error(`${file}: spec.versions missing`);
  const v2: unknown = versions.find((v: unknown) => isRecord(v) && v['name'] === 'v2');
  if (!isRecord(v2) || !isRecord(v2['schema']) || !isRecord(v2['schema']['openAPIV3Schema'])) {
    throw new Error(`${file}: no v2 openAPIV3Schema`);
  }
  return stripDocs(v2['schema']['openAPIV3Schema']);
}

/** Finds the commit of a corpus folder in the README next to it (`* \`<dir>/\` — commit \`<sha>\``). */
function sourceCommit(crdDir: string): string {
  const readme = join(dirname(crdDir), 'README.md');
  if (!existsSync(readme)) return 'unknown';
  const folder = basename(crdDir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp('`' + folder + '/`[^\\n]*?commit `([0-9a-f]{7,40})`').exec(readFileSync(readme, 'utf8'));
  return match?.[1] ?? 'unknown';
}

function render(crdDir: string): string {
  const commit = sourceCommit(crdDir);
  const lines = [
    '// generated: do not edit. Regenerate with `npx tsx tools/gen-crd-schemas.ts [crd-directory]`.',
    '//',
    '// The v2 `schema.openAPIV3Schema` of the Cilium policy CRDs, descriptions removed.',
    '// Source: GitHub repository cilium/cilium, path pkg/k8s/apis/cilium.io/client/crds/v2/,',
    `// commit ${commit} (corpus folder ${basename(crdDir)}), files:`,
    ...sources.map((s) => `//   ${s.file}`),
    '// The CRDs are licensed under the Apache License 2.0 (root LICENSE of cilium/cilium).',
    '',
    "import type { OpenApiSchema } from './openapi-schema.js';",
    '',
  ];
  for (const source of sources) {
    const schema = readV2Schema(join(crdDir, source.file), source.kind);
    lines.push(`/** ${source.kind} (${source.file}), version v2. */`);
    lines.push(`export const ${source.constName}: OpenApiSchema = ${JSON.stringify(schema, null, 1)};`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The apiVersions each Cilium CRD serves (spec.versions[].served), for the API server's kind check. */
function renderServedVersions(crdDir: string): string {
  const lines = [
    '// generated: do not edit. Regenerate with `npx tsx tools/gen-crd-schemas.ts [crd-directory]`.',
    `// The versions the Cilium CRDs serve (spec.versions[].served), from ${basename(crdDir)}.`,
    '',
    'export const CRD_SERVED_VERSIONS = {',
  ];
  for (const file of ['ciliumnetworkpolicies.yaml', 'ciliumclusterwidenetworkpolicies.yaml', 'ciliumcidrgroups.yaml']) {
    const crd: unknown = parse(readFileSync(join(crdDir, file), 'utf8'));
    if (!isRecord(crd) || !isRecord(crd['spec']) || !isRecord(crd['spec']['names']) || !Array.isArray(crd['spec']['versions'])) throw new Error(`${file}: not a CustomResourceDefinition`);
    const group = String(crd['spec']['group']);
    const served = (crd['spec']['versions'] as unknown[]).filter((v) => isRecord(v) && v['served'] === true).map((v) => `${group}/${String((v as Record<string, unknown>)['name'])}`);
    lines.push(`  ${String(crd['spec']['names']['kind'])}: ${JSON.stringify(served)},`);
  }
  lines.push('} as const satisfies Record<string, readonly string[]>;', '');
  return lines.join('\n');
}

function main(): void {
  const crdDir = resolve(process.argv[2] ?? defaultCrdDir);
  writeFileSync(outputFile, render(crdDir));
  console.log(`wrote ${outputFile} from ${crdDir}`);
  const versionsFile = join(repoRoot, 'src/policy/schema/crd-versions.generated.ts');
  writeFileSync(versionsFile, renderServedVersions(crdDir));
  console.log(`wrote ${versionsFile}`);
}

main();
