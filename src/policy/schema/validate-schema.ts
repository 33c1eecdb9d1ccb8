/**
 * Validates a custom resource against its CRD's structural schema the way the API server does
 * on `kubectl apply --validate=strict`, with the API server's messages:
 *
 * 1. strict decoding: fields the schema does not declare are errors (prune.ts), then nulls and
 *    defaults are applied;
 * 2. ObjectMeta: `metadata.name` (only that: the API server validates metadata separately);
 * 3. OpenAPI v3 validation by kube-openapi (k8s.io/kube-openapi pkg/validation/validate), whose
 *    errors apiextensions-apiserver converts to field errors (pkg/apiserver/validation);
 * 4. `x-kubernetes-list-type` set/map uniqueness;
 * 5. CEL rules, skipped with a notice when 2-4 found a blocking error (registry strategy.go).
 *
 * kube-openapi is mirrored closely, including its order of checks (type, oneOf/anyOf/allOf/not,
 * string, format, number, array, enum, object) and how a failed oneOf/anyOf also reports the
 * errors of the alternative with the most successful checks (the first one on a tie).
 * Known divergence: sibling properties are checked in document order, where Go iterates a map.
 */

import { goFloat, goJson, goNumber, goQuote } from './go-format.js';
import type { JsonValue, OpenApiSchema } from './openapi-schema.js';
import { isRecord } from './json.js';
import { pruneChangesNothing, pruneUnknownFields } from './prune.js';
import { GENERATED_RESOURCE_CHECKS } from './crd-validators.generated.js';
import { isValidNode } from './fast-validate.js';
import { testPattern } from './re2-pattern.js';
import { validateListTypes } from './list-types.js';
import {
  compositeIssue,
  enumIssue,
  formatPath,
  invalidIssue,
  isBlockingIssue,
  requiredIssue,
  rulesSkippedIssue,
  tooLongIssue,
  tooManyIssue,
  typeIssue,
  type PathSegment,
  type SchemaIssue,
} from './schema-issue.js';
import { effectiveFormat, formatCheck } from './string-formats.js';
import { hasValidationRules, validateRules } from './validation-rules.js';

export { formatApiServerMessage, formatPath, type IssueCode, type PathSegment, type SchemaIssue } from './schema-issue.js';

/** The JSON kind of a decoded value; numbers split like Go's JSON decoding (int64 / float64). */
export type ValueKind = 'null' | 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

export function kindOf(value: unknown): ValueKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    default:
      return 'object';
  }
}

/** The format kube-openapi infers from Go data: int64 for integers, float64 for other numbers. */
export function dataFormatOf(kind: ValueKind): string {
  return kind === 'integer' ? 'int64' : kind === 'number' ? 'float64' : '';
}

/** x-kubernetes-int-or-string becomes the type list [integer, string] (apiextensions converter). */
export function typesOf(schema: OpenApiSchema): string[] {
  if (schema['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  return schema.type ? [schema.type] : [];
}

/** Errors plus kube-openapi's MatchCount: how many checks ran, used to pick oneOf/anyOf errors. */
interface NodeResult {
  issues: SchemaIssue[];
  matchCount: number;
}

function emptyResult(): NodeResult {
  return { issues: [], matchCount: 0 };
}

function failure(found: SchemaIssue): NodeResult {
  return { issues: [found], matchCount: 0 };
}

function merge(into: NodeResult, from: NodeResult | undefined): void {
  if (!from) return;
  for (const x of from.issues) into.issues.push(x);
  into.matchCount += from.matchCount;
}

// --- type (kube-openapi typeValidator) ---

function checkNullType(schema: OpenApiSchema, path: PathSegment[]): NodeResult {
  const types = typesOf(schema);
  if (types.length > 0 && schema.nullable !== true) return failure(typeIssue(path, 'type', types.join(','), 'null'));
  return { issues: [], matchCount: 1 };
}

function checkType(kind: ValueKind, schema: OpenApiSchema, format: string, path: PathSegment[]): NodeResult {
  const types = typesOf(schema);
  const dataFormat = dataFormatOf(kind);
  // an integer is a valid number (kube-openapi isIntFloat); JSON numbers with a fraction are
  // never integers here, so its isFloatInt case (1.0 for an integer) cannot arise
  const intAsNumber = kind === 'integer' && types.includes('number');
  const matchesType = types.includes(kind) || intAsNumber;
  const stringLike = kind === 'string' || kind === 'array';
  // a format on a non-string value must match the data's own format (e.g. int64)
  if (!stringLike && format !== '' && !(matchesType || dataFormat === format)) {
    return failure(typeIssue(path, 'type', format, dataFormat));
  }
  // kube-openapi quirk: with a string format, strings and arrays pass the type check
  const numeric = types.includes('number') || types.includes('integer');
  if (!numeric && format !== '' && stringLike) return { issues: [], matchCount: 1 };
  if (!matchesType) return failure(typeIssue(path, 'type', types.join(','), kind));
  return { issues: [], matchCount: 1 };
}

// --- oneOf / anyOf / allOf / not (kube-openapi schemaPropsValidator) ---

function checkAnyOf(value: unknown, branches: readonly OpenApiSchema[], path: PathSegment[]): NodeResult {
  const result = emptyResult();
  let best: NodeResult | undefined;
  for (const branch of branches) {
    const attempt = validateNode(value, branch, path);
    if (attempt.issues.length === 0) {
      merge(result, attempt);
      return result;
    }
    if (!best || attempt.matchCount > best.matchCount) best = attempt;
  }
  result.issues.push(compositeIssue(path, 'any-of', `${goQuote(formatPath(path))} must validate at least one schema (anyOf)`));
  merge(result, best);
  return result;
}

function checkOneOf(value: unknown, branches: readonly OpenApiSchema[], path: PathSegment[]): NodeResult {
  const result = emptyResult();
  let best: NodeResult | undefined;
  let firstSuccess: NodeResult | undefined;
  let validated = 0;
  for (const branch of branches) {
    const attempt = validateNode(value, branch, path);
    if (attempt.issues.length === 0) {
      validated++;
      best = undefined;
      firstSuccess ??= attempt;
    } else if (validated === 0 && (!best || attempt.matchCount > best.matchCount)) {
      best = attempt;
    }
  }
  if (validated === 1) {
    merge(result, firstSuccess);
    return result;
  }
  const found = validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`;
  const detail = `${goQuote(formatPath(path))} must validate one and only one schema (oneOf). ${found}`;
  result.issues.push(compositeIssue(path, 'one-of', detail));
  merge(result, best);
  return result;
}

function checkAllOf(value: unknown, branches: readonly OpenApiSchema[], path: PathSegment[]): NodeResult {
  const result = emptyResult();
  let validated = 0;
  for (const branch of branches) {
    const attempt = validateNode(value, branch, path);
    if (attempt.issues.length === 0) validated++;
    merge(result, attempt);
  }
  if (validated !== branches.length) {
    const none = validated === 0 ? '. None validated' : '';
    result.issues.push(compositeIssue(path, 'all-of', `${goQuote(formatPath(path))} must validate all the schemas (allOf)${none}`));
  }
  return result;
}

function checkCombinators(value: unknown, schema: OpenApiSchema, path: PathSegment[]): NodeResult {
  const result = emptyResult();
  if (schema.anyOf?.length) merge(result, checkAnyOf(value, schema.anyOf, path));
  if (schema.oneOf?.length) merge(result, checkOneOf(value, schema.oneOf, path));
  if (schema.allOf?.length) merge(result, checkAllOf(value, schema.allOf, path));
  if (schema.not && validateNode(value, schema.not, path).issues.length === 0) {
    result.issues.push(compositeIssue(path, 'not', `${goQuote(formatPath(path))} must not validate the schema (not)`));
  }
  result.matchCount++;
  return result;
}

// --- strings, formats, numbers ---

/** maxLength, minLength, pattern: kube-openapi stops at the first failure. */
function checkString(text: string, schema: OpenApiSchema, path: PathSegment[]): NodeResult {
  const name = formatPath(path);
  const length = [...text].length; // runes, as utf8.RuneCount
  if (schema.maxLength !== undefined && length > schema.maxLength) return failure(tooLongIssue(path, schema.maxLength));
  if (schema.minLength !== undefined && length < schema.minLength) {
    return failure(invalidIssue(path, 'min-length', text, `${name} in body should be at least ${schema.minLength} chars long`));
  }
  if (schema.pattern !== undefined) {
    const outcome = testPattern(schema.pattern, text);
    if (!outcome.ok) {
      const detail = `${name} in body should match '${schema.pattern}, but pattern is invalid: ${outcome.error}'`;
      return failure(invalidIssue(path, 'pattern', text, detail));
    }
    if (!outcome.matches) {
      return failure(invalidIssue(path, 'pattern', text, `${name} in body should match '${schema.pattern}'`));
    }
  }
  return emptyResult();
}

function checkFormat(text: string, format: string, path: PathSegment[]): NodeResult {
  const check = formatCheck(format);
  if (check && !check(text)) return failure(typeIssue(path, 'format', format, text));
  return emptyResult();
}

/**
 * Integer data is compared with the bound converted to int64 (truncated) and the bound prints
 * as an integer; other numbers use the float64 bound (kube-openapi MinimumNativeType).
 */
function nativeBound(bound: number, kind: ValueKind): { value: number; text: string } {
  return kind === 'integer' ? { value: Math.trunc(bound), text: goNumber(Math.trunc(bound)) } : { value: bound, text: goFloat(bound) };
}

function checkNumber(value: number, kind: ValueKind, schema: OpenApiSchema, path: PathSegment[]): NodeResult {
  const result = emptyResult();
  const name = formatPath(path);
  if (schema.minimum !== undefined) {
    const bound = nativeBound(schema.minimum, kind);
    if (schema.exclusiveMinimum ? value <= bound.value : value < bound.value) {
      const relation = schema.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
      result.issues.push(invalidIssue(path, 'minimum', value, `${name} in body should be ${relation} ${bound.text}`));
    }
  }
  if (schema.maximum !== undefined) {
    const bound = nativeBound(schema.maximum, kind);
    if (schema.exclusiveMaximum ? value >= bound.value : value > bound.value) {
      const relation = schema.exclusiveMaximum ? 'less than' : 'less than or equal to';
      result.issues.push(invalidIssue(path, 'maximum', value, `${name} in body should be ${relation} ${bound.text}`));
    }
  }
  result.matchCount++;
  return result;
}

// --- arrays, enums, objects ---

function checkArray(items: readonly unknown[], schema: OpenApiSchema, path: PathSegment[]): NodeResult {
  const result = emptyResult();
  if (schema.items) {
    const itemSchema = schema.items;
    items.forEach((item, i) => merge(result, validateNode(item, itemSchema, [...path, i])));
  }
  const count = items.length;
  if (schema.minItems !== undefined && count < schema.minItems) {
    const detail = `${formatPath(path)} in body should have at least ${schema.minItems} items`;
    result.issues.push(invalidIssue(path, 'min-items', count, detail));
  }
  if (schema.maxItems !== undefined && count > schema.maxItems) result.issues.push(tooManyIssue(path, count, schema.maxItems));
  result.matchCount++;
  return result;
}

export function sameJson(a: unknown, b: JsonValue): boolean {
  return goJson(a) === goJson(b);
}

function checkEnum(value: unknown, schema: OpenApiSchema, path: PathSegment[]): NodeResult {
  const allowed = schema.enum;
  if (!allowed || allowed.length === 0 || allowed.some((candidate) => sameJson(value, candidate))) return emptyResult();
  // apiextensions lists string values as they are and anything else as JSON
  return failure(enumIssue(path, value, allowed.map((v) => (typeof v === 'string' ? v : goJson(v)))));
}

function checkObject(value: Record<string, unknown>, schema: OpenApiSchema, path: PathSegment[]): NodeResult {
  const result = emptyResult();
  const properties = schema.properties ?? {};
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const [key, child] of Object.entries(value)) {
    const childSchema = Object.hasOwn(properties, key) ? properties[key] : additional;
    if (childSchema) merge(result, validateNode(child, childSchema, [...path, key]));
  }
  for (const key of schema.required ?? []) {
    if (!Object.hasOwn(value, key)) result.issues.push(requiredIssue([...path, key]));
  }
  return result;
}

// --- one schema node (kube-openapi SchemaValidator.Validate) ---

function validateNull(schema: OpenApiSchema, path: PathSegment[]): NodeResult {
  const result = checkNullType(schema, path);
  merge(result, checkEnum(null, schema, path));
  return result;
}

function validateNode(value: unknown, schema: OpenApiSchema, path: PathSegment[]): NodeResult {
  const kind = kindOf(value);
  if (kind === 'null') return validateNull(schema, path);
  const result = emptyResult();
  const run = (check: NodeResult): void => {
    merge(result, check);
    result.matchCount++;
  };
  const format = effectiveFormat(schema);
  if (typesOf(schema).length > 0 || format !== '') run(checkType(kind, schema, format, path));
  run(checkCombinators(value, schema, path));
  if (typeof value === 'string') {
    run(checkString(value, schema, path));
    if (format !== '') run(checkFormat(value, format, path));
  }
  if (typeof value === 'number') run(checkNumber(value, kind, schema, path));
  if (Array.isArray(value)) run(checkArray(value, schema, path));
  run(checkEnum(value, schema, path));
  if (isRecord(value)) run(checkObject(value, schema, path));
  result.matchCount++;
  return result;
}

// --- the resource as a whole ---

/**
 * At the resource root the API server leaves apiVersion, kind and metadata to other code and
 * status to its subresource; Membrane checks none of their contents.
 */
function resourceRootView(schema: OpenApiSchema): OpenApiSchema {
  const properties: Record<string, OpenApiSchema> = { ...schema.properties, apiVersion: {}, kind: {}, metadata: { type: 'object' } };
  if (schema.properties?.['status']) properties['status'] = { 'x-kubernetes-preserve-unknown-fields': true };
  return { ...schema, properties };
}

/** ObjectMeta validation, reduced to the name (name or generateName is required). */
function validateObjectName(resource: unknown): SchemaIssue[] {
  const metadata = isRecord(resource) ? resource['metadata'] : undefined;
  const name = isRecord(metadata) ? metadata['name'] : undefined;
  const generateName = isRecord(metadata) ? metadata['generateName'] : undefined;
  if (typeof name === 'string' && name !== '') return [];
  if (name === undefined || name === null || name === '') {
    if (typeof generateName === 'string' && generateName !== '') return [];
    return [requiredIssue(['metadata', 'name'], 'name or generateName is required')];
  }
  return [typeIssue(['metadata', 'name'], 'type', 'string', kindOf(name))];
}

/** kube-openapi and the error aggregation both drop repeated messages. */
function uniqueByMessage(issues: readonly SchemaIssue[]): SchemaIssue[] {
  const byMessage = new Map<string, SchemaIssue>();
  for (const found of issues) if (!byMessage.has(found.message)) byMessage.set(found.message, found);
  return [...byMessage.values()];
}

const rootViews = new WeakMap<OpenApiSchema, OpenApiSchema>();

/** The schema as the API server applies it to a whole resource (see resourceRootView). */
export function rootViewOf(schema: OpenApiSchema): OpenApiSchema {
  let view = rootViews.get(schema);
  if (!view) rootViews.set(schema, (view = resourceRootView(schema)));
  return view;
}

/**
 * Validates `value` (located at `path`) against `schema`. With the default empty path and a
 * schema that declares `metadata`, `value` is treated as a whole custom resource.
 * Issues come in the API server's order: unknown fields, metadata, schema, list types, rules.
 * A value that passes every check takes a fast path (fast-validate.ts) that builds no message.
 */
export function validateSchema(value: unknown, schema: OpenApiSchema, path: PathSegment[] = []): SchemaIssue[] {
  const isResourceRoot = path.length === 0 && schema.properties?.['metadata'] !== undefined;
  const effective = isResourceRoot ? rootViewOf(schema) : schema;
  const clean = (isResourceRoot ? passesGeneratedChecks(value, schema) : undefined) ?? passesCleanly(value, effective, isResourceRoot, path);
  if (clean) return [];
  return fullValidation(value, effective, path, isResourceRoot);
}

/**
 * The fast path compiled for a resource schema (crd-validators.generated.ts: the Cilium
 * policy CRDs and NetworkPolicy), or undefined for other schemas (exported for tests: it must
 * answer as passesCleanly does).
 */
export function passesGeneratedChecks(value: unknown, schema: OpenApiSchema): boolean | undefined {
  const check = GENERATED_RESOURCE_CHECKS.get(schema);
  return check && validateObjectName(value).length === 0 && check(value);
}

/** The checks of validateSchema with their messages, whatever the value (exported for tests). */
export function validateSchemaWithMessages(value: unknown, schema: OpenApiSchema, path: PathSegment[] = []): SchemaIssue[] {
  const isResourceRoot = path.length === 0 && schema.properties?.['metadata'] !== undefined;
  return fullValidation(value, isResourceRoot ? rootViewOf(schema) : schema, path, isResourceRoot);
}

/** Whether the fast path accepts the value (exported for tests: it must agree with the full checks). */
export function validatesCleanly(value: unknown, schema: OpenApiSchema, path: PathSegment[] = []): boolean {
  const isResourceRoot = path.length === 0 && schema.properties?.['metadata'] !== undefined;
  return passesCleanly(value, isResourceRoot ? rootViewOf(schema) : schema, isResourceRoot, path);
}

/**
 * The fast path: pruning would change nothing (no unknown field, no null to drop, no default
 * to apply), so the value itself is what the API server validates; then every check passes.
 */
function passesCleanly(value: unknown, effective: OpenApiSchema, isResourceRoot: boolean, path: PathSegment[]): boolean {
  if (!pruneChangesNothing(value, effective, isResourceRoot)) return false;
  if (isResourceRoot && validateObjectName(value).length > 0) return false;
  if (!isValidNode(value, effective)) return false;
  if (validateListTypes(value, effective, path).length > 0) return false;
  return !hasValidationRules(effective) || validateRules(value, effective, path).length === 0;
}

function fullValidation(value: unknown, effective: OpenApiSchema, path: PathSegment[], isResourceRoot: boolean): SchemaIssue[] {
  const pruned = pruneUnknownFields(value, effective, path, isResourceRoot);
  const fieldIssues = uniqueByMessage([
    ...(isResourceRoot ? validateObjectName(pruned.value) : []),
    ...validateNode(pruned.value, effective, path).issues,
    ...validateListTypes(pruned.value, effective, path),
  ]);
  let ruleIssues: SchemaIssue[] = [];
  if (hasValidationRules(effective)) {
    ruleIssues = fieldIssues.some(isBlockingIssue) ? [rulesSkippedIssue()] : validateRules(pruned.value, effective, path);
  }
  return [...pruned.unknownFields, ...fieldIssues, ...ruleIssues];
}
