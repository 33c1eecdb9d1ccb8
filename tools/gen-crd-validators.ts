/**
 * Generates src/policy/schema/crd-validators.generated.ts: the fast path of schema validation
 * (validate-schema.ts passesCleanly: pruning changes nothing, every kube-openapi check passes,
 * no duplicate in a set/map list, every CEL rule holds) compiled into one plain function per
 * distinct schema node of the CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and
 * NetworkPolicy schemas.
 *
 * Why: a command validates every policy once, in a fresh process, where V8 has not optimized
 * anything yet. The generic walkers read each schema node's keywords for every value node,
 * four times over (prune, checks, list types, rules); the generated code does one walk whose
 * checks are decided when it is generated (which types a node accepts, which keys an object
 * may have, which patterns and bounds apply), and costs a fraction of it cold.
 *
 * What a generated function answers is exactly what passesCleanly answers (a yes/no, no
 * messages); "no" sends the value to the full validation, which builds the messages.
 * crd-validators.test.ts checks that the file is current and holds it to passesCleanly on the
 * corpus, the workloads and thousands of mutated policies.
 *
 * Usage: npx tsx tools/gen-crd-validators.ts   (after tools/gen-crd-schemas.ts)
 */

import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { networkPolicySchema } from '../src/policy/knp/schema.js';
import { ciliumClusterwideNetworkPolicySchema, ciliumNetworkPolicySchema } from '../src/policy/schema/crd-schemas.generated.js';
import { isValidNode, typeOk } from '../src/policy/schema/fast-validate.js';
import type { OpenApiSchema } from '../src/policy/schema/openapi-schema.js';
import { effectiveFormat, formatCheck } from '../src/policy/schema/string-formats.js';
import { rootViewOf, typesOf, type ValueKind } from '../src/policy/schema/validate-schema.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const GENERATED_FILE = join(repoRoot, 'src/policy/schema/crd-validators.generated.ts');

/** The schemas with a generated check, by the name of their exported constant and module. */
const ROOTS: readonly { name: string; schema: OpenApiSchema }[] = [
  { name: 'ciliumNetworkPolicySchema', schema: ciliumNetworkPolicySchema },
  { name: 'ciliumClusterwideNetworkPolicySchema', schema: ciliumClusterwideNetworkPolicySchema },
  { name: 'networkPolicySchema', schema: networkPolicySchema },
];

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

type Mode = 'clean' | 'valid' | 'root';

class Generator {
  private readonly names = new Map<string, string>();
  private readonly functions: string[] = [];
  private readonly constants = new Map<string, string>();

  /** A module-level constant (pattern or format check, enum list), shared by text. */
  constant(prefix: string, expression: string): string {
    let name = this.constants.get(expression);
    if (!name) this.constants.set(expression, (name = `${prefix}${this.constants.size}`));
    return name;
  }

  /** The function checking `schema` in `mode`, generated on first use. */
  fn(schema: OpenApiSchema, mode: Mode, where: string): string {
    const key = `${mode}:${JSON.stringify(schema)}`;
    let name = this.names.get(key);
    if (name) return name;
    name = `${mode === 'valid' ? 'v' : mode === 'root' ? 'root' : 'c'}${this.names.size}`;
    this.names.set(key, name);
    const body = this.body(schema, mode, where);
    this.functions.push(`/** ${mode === 'valid' ? 'checks only' : mode === 'root' ? 'the resource' : 'clean'}: ${where || '(root)'} */\nfunction ${name}(v: unknown): boolean {\n${body}}\n`);
    return name;
  }

  private body(schema: OpenApiSchema, mode: Mode, where: string): string {
    const clean = mode !== 'valid';
    const out: string[] = [];
    const line = (depth: number, text: string) => out.push(`${'  '.repeat(depth)}${text}`);
    line(1, `if (v === null || v === undefined) return ${isValidNode(null, schema)};`);

    // oneOf / anyOf / allOf / not: the branches are checked, never pruned (kube-openapi)
    const branches = (list: readonly OpenApiSchema[] | undefined, what: string) => (list ?? []).map((b, i) => `${this.fn(b, 'valid', `${where} ${what}[${i}]`)}(v)`);
    const anyOf = branches(schema.anyOf, 'anyOf');
    if (anyOf.length > 0) line(1, `if (!(${anyOf.join(' || ')})) return false;`);
    const oneOf = branches(schema.oneOf, 'oneOf');
    if (oneOf.length > 0) line(1, `if (${oneOf.map((c) => `(${c} ? 1 : 0)`).join(' + ')} !== 1) return false;`);
    const allOf = branches(schema.allOf, 'allOf');
    if (allOf.length > 0) line(1, `if (!(${allOf.join(' && ')})) return false;`);
    if (schema.not) line(1, `if (${this.fn(schema.not, 'valid', `${where} not`)}(v)) return false;`);
    const rules = schema['x-kubernetes-validations'] ?? [];
    if (clean && rules.length > 0) line(1, `if (!rulesPass(v, ${this.constant('R', JSON.stringify(rules.map((r) => r.rule)))})) return false;`);

    const format = effectiveFormat(schema);
    const typed = typesOf(schema).length > 0 || format !== '';
    const typeRefused = (kind: ValueKind) => typed && !typeOk(kind, schema, format);
    const enumValues = schema.enum && schema.enum.length > 0 ? schema.enum : undefined;
    /** the enum check of a value that is not a string (a string-only enum refuses it) */
    const genericEnum = (depth: number): boolean => {
      if (!enumValues) return false;
      const others = enumValues.filter((x) => typeof x !== 'string');
      line(depth, others.length === 0 ? 'return false;' : `if (!enumHas(${this.constant('E', JSON.stringify(others))}, v)) return false;`);
      return others.length === 0;
    };
    /** the last line of a block: true unless the block already returned */
    const accept = (depth: number, returned: boolean) => {
      if (!returned) line(depth, 'return true;');
    };

    // strings
    line(1, `if (typeof v === 'string') {`);
    if (typeRefused('string')) line(2, 'return false;');
    else {
      if (schema.maxLength !== undefined) line(2, `if (v.length > ${schema.maxLength} && runeCount(v) > ${schema.maxLength}) return false;`);
      if (schema.minLength !== undefined) line(2, `if (v.length < ${2 * schema.minLength} && runeCount(v) < ${schema.minLength}) return false;`);
      if (schema.pattern !== undefined) line(2, `if (!${this.constant('P', `patternCheck(${JSON.stringify(schema.pattern)})`)}(v)) return false;`);
      if (format !== '' && formatCheck(format)) line(2, `if (!${this.constant('F', `formatCheck(${JSON.stringify(format)})!`)}(v)) return false;`);
      if (enumValues) {
        const strings = enumValues.filter((x) => typeof x === 'string');
        line(2, strings.length === 0 ? 'return false;' : `if (!${this.constant('S', `new Set(${JSON.stringify(strings)})`)}.has(v)) return false;`);
      }
      line(2, 'return true;');
    }
    line(1, '}');

    // numbers: integers (Go's int64) and others (float64) take different type and bound checks
    line(1, `if (typeof v === 'number') {`);
    const numberChecks = (kind: 'integer' | 'number', depth: number): void => {
      if (typeRefused(kind)) {
        line(depth, 'return false;');
        return;
      }
      const bound = (b: number) => String(kind === 'integer' ? Math.trunc(b) : b);
      if (schema.minimum !== undefined) line(depth, `if (v ${schema.exclusiveMinimum ? '<=' : '<'} ${bound(schema.minimum)}) return false;`);
      if (schema.maximum !== undefined) line(depth, `if (v ${schema.exclusiveMaximum ? '>=' : '>'} ${bound(schema.maximum)}) return false;`);
    };
    if (typeRefused('integer') && typeRefused('number')) line(2, 'return false;');
    else {
      if (typeRefused('integer') || typeRefused('number') || schema.minimum !== undefined || schema.maximum !== undefined) {
        line(2, 'if (Number.isInteger(v)) {');
        numberChecks('integer', 3);
        line(2, '} else {');
        numberChecks('number', 3);
        line(2, '}');
      }
      accept(2, genericEnum(2));
    }
    line(1, '}');

    line(1, `if (typeof v === 'boolean') {`);
    if (typeRefused('boolean')) line(2, 'return false;');
    else accept(2, genericEnum(2));
    line(1, '}');

    // arrays
    line(1, 'if (Array.isArray(v)) {');
    if (typeRefused('array')) line(2, 'return false;');
    else {
      const items = schema.items;
      if (items) {
        const item = this.fn(items, clean ? 'clean' : 'valid', `${where}[]`);
        line(2, 'for (let i = 0; i < v.length; i++) {');
        // pruning drops an undefined item (not a JSON value)
        line(3, clean ? `const x = v[i];\n      if (x === undefined || !${item}(x)) return false;` : `if (!${item}(v[i])) return false;`);
        line(2, '}');
      } else if (clean && schema['x-kubernetes-preserve-unknown-fields'] !== true) {
        line(2, 'for (let i = 0; i < v.length; i++) if (v[i] === undefined || !pruneChangesNothing(v[i], undefined, false)) return false;');
      }
      if (schema.minItems !== undefined) line(2, `if (v.length < ${schema.minItems}) return false;`);
      if (schema.maxItems !== undefined) line(2, `if (v.length > ${schema.maxItems}) return false;`);
      const refusedByEnum = genericEnum(2);
      const listType = schema['x-kubernetes-list-type'];
      if (!refusedByEnum && clean && listType === 'set') line(2, 'if (hasSetDuplicates(v)) return false;');
      if (!refusedByEnum && clean && listType === 'map') line(2, `if (hasMapDuplicates(v, ${JSON.stringify(schema['x-kubernetes-list-map-keys'] ?? [])})) return false;`);
      accept(2, refusedByEnum);
    }
    line(1, '}');

    // objects
    line(1, `if (typeof v === 'object') {`);
    if (typeRefused('object')) line(2, 'return false;');
    else if (!genericEnum(2)) {
      const properties = schema.properties ?? {};
      const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
      const keepsUnknown = schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true;
      const isMeta = (key: string) => mode === 'root' && META_FIELDS.has(key);
      const cases: string[] = [];
      for (const [key, property] of Object.entries(properties)) {
        // the API server leaves metadata to ObjectMeta validation: it is checked, never pruned
        const child = this.fn(property, clean && !isMeta(key) ? 'clean' : 'valid', `${where}.${key}`);
        const nullDropped = clean && !isMeta(key) && property.nullable !== true;
        cases.push(`        case ${JSON.stringify(key)}:`, `          if (${nullDropped ? 'x === null || ' : ''}!${child}(x)) return false;`, '          break;');
      }
      const otherKey = additional
        ? `if (!${this.fn(additional, clean ? 'clean' : 'valid', `${where}.*`)}(x)) return false;`
        : clean && !keepsUnknown
          ? 'return false;'
          : undefined;
      const needsKeys = clean || cases.length > 0 || otherKey !== undefined;
      const usesObject = needsKeys || (clean && Object.values(properties).some((p) => p.default !== undefined)) || (schema.required ?? []).length > 0;
      if (usesObject) line(2, 'const o = v as Record<string, unknown>;');
      if (needsKeys) {
        line(2, 'for (const k in o) {');
        line(3, 'if (!Object.hasOwn(o, k)) continue;');
        line(3, 'const x = o[k];');
        if (clean) line(3, 'if (x === undefined) return false;');
        if (cases.length === 0) line(3, otherKey ?? '');
        else {
          line(3, 'switch (k) {');
          out.push(...cases);
          line(4, 'default:');
          if (otherKey) line(5, otherKey);
          line(3, '}');
        }
        line(2, '}');
      }
      if (clean) {
        for (const [key, property] of Object.entries(properties)) {
          if (!isMeta(key) && property.default !== undefined) line(2, `if (!Object.hasOwn(o, ${JSON.stringify(key)})) return false;`);
        }
      }
      for (const key of schema.required ?? []) line(2, `if (!Object.hasOwn(o, ${JSON.stringify(key)})) return false;`);
      line(2, 'return true;');
    }
    line(1, '}');
    // not a JSON value: let the full validation decide
    line(1, 'return false;');
    return `${out.join('\n')}\n`;
  }

  source(): string {
    const roots = ROOTS.map(({ name, schema }) => {
      if (!schema.properties?.['metadata']) throw new Error(`${name} is not a resource schema (no metadata)`);
      return `  [${name}, ${this.fn(rootViewOf(schema), 'root', '')}],`;
    });
    const constants = [...this.constants].map(([expression, name]) => `const ${name} = ${expression};`);
    const code = [...constants, ...this.functions].join('\n');
    /** an import line naming only the helpers the generated code calls */
    const imports = (names: readonly string[], from: string) => {
      const used = names.filter((n) => new RegExp(`\\b${n}\\(`).test(code));
      return used.length > 0 ? [`import { ${used.join(', ')} } from '${from}';`] : [];
    };
    return [
      '// generated: do not edit. Regenerate with `npx tsx tools/gen-crd-validators.ts` (after the schemas change).',
      '//',
      '// The fast path of schema validation (validate-schema.ts passesCleanly) for the Cilium policy',
      '// CRDs and NetworkPolicy, one function per distinct schema node: "clean" functions answer',
      '// whether pruning changes nothing and every check passes; "checks only" functions (oneOf/anyOf',
      '// branches, metadata) run the checks without pruning. See tools/gen-crd-validators.ts.',
      '',
      "import { networkPolicySchema } from '../knp/schema.js';",
      "import { ciliumClusterwideNetworkPolicySchema, ciliumNetworkPolicySchema } from './crd-schemas.generated.js';",
      ...imports(['enumHas', 'runeCount'], './fast-validate.js'),
      ...imports(['hasMapDuplicates', 'hasSetDuplicates'], './list-types.js'),
      "import type { OpenApiSchema } from './openapi-schema.js';",
      ...imports(['pruneChangesNothing'], './prune.js'),
      ...imports(['patternCheck'], './re2-pattern.js'),
      ...imports(['formatCheck'], './string-formats.js'),
      ...imports(['rulesPass'], './validation-rules.js'),
      '',
      ...constants,
      '',
      ...this.functions,
      '/** The generated check of each resource schema (the value at the root, metadata.name aside). */',
      'export const GENERATED_RESOURCE_CHECKS: ReadonlyMap<OpenApiSchema, (value: unknown) => boolean> = new Map([',
      ...roots,
      ']);',
      '',
    ].join('\n');
  }
}

export function generateCrdValidators(): string {
  return new Generator().source();
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  writeFileSync(GENERATED_FILE, generateCrdValidators());
  console.log(`wrote ${GENERATED_FILE}`);
}
