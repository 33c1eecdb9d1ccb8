/**
 * What the API server does to a custom resource before validating it:
 * 1. prunes fields the structural schema does not declare (apiextensions pruning.PruneWithOptions;
 *    with `--validate=strict` each pruned field is an `unknown field` error instead),
 * 2. drops `null` from non-nullable fields without a default (PruneNonNullableNullsWithoutDefaults),
 * 3. applies `default`s (structural defaulting).
 * The input is never modified; a cleaned copy is returned.
 */

import { suggestFieldName } from './did-you-mean.js';
import { isRecord } from './json.js';
import type { JsonValue, OpenApiSchema } from './openapi-schema.js';
import { formatPath, unknownFieldIssue, type PathSegment, type SchemaIssue } from './schema-issue.js';

/** Kept at the resource root whatever the schema says (ObjectMeta is validated separately). */
const metaFields: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata']);

function cloneJson(value: JsonValue): JsonValue {
  return structuredClone(value);
}

interface PruneContext {
  readonly unknownFields: SchemaIssue[];
}

function additionalSchema(schema: OpenApiSchema): OpenApiSchema | undefined {
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

/** Every key of an object without a schema is unknown; arrays are walked for nested objects. */
function pruneWithoutSchema(value: unknown, path: PathSegment[], context: PruneContext): unknown {
  if (Array.isArray(value)) return value.map((item, i) => pruneWithoutSchema(item, [...path, i], context));
  if (!isRecord(value)) return value;
  for (const key of Object.keys(value)) context.unknownFields.push(unknownFieldIssue([...path, key], undefined));
  return {};
}

function pruneObject(
  value: Record<string, unknown>,
  schema: OpenApiSchema,
  path: PathSegment[],
  isResourceRoot: boolean,
  context: PruneContext,
): Record<string, unknown> {
  const properties = schema.properties ?? {};
  const additional = additionalSchema(schema);
  const keepsUnknown = schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue; // not a JSON value: the field is absent
    const childPath = [...path, key];
    if (isResourceRoot && metaFields.has(key)) out[key] = child;
    else if (Object.hasOwn(properties, key)) out[key] = pruneValue(child, properties[key], childPath, false, context);
    else if (additional) out[key] = pruneValue(child, additional, childPath, false, context);
    else if (keepsUnknown) out[key] = child;
    else context.unknownFields.push(unknownFieldIssue(childPath, suggestFieldName(key, Object.keys(properties))));
  }
  applyNullsAndDefaults(out, properties, isResourceRoot);
  return out;
}

/** Steps 2 and 3 for the declared properties of one object. */
function applyNullsAndDefaults(
  out: Record<string, unknown>,
  properties: { readonly [name: string]: OpenApiSchema },
  isResourceRoot: boolean,
): void {
  for (const [key, property] of Object.entries(properties)) {
    if (isResourceRoot && metaFields.has(key)) continue;
    const present = Object.hasOwn(out, key);
    if (present && out[key] === null && property.nullable !== true) {
      if (property.default === undefined) delete out[key];
      else out[key] = cloneJson(property.default);
    } else if (!present && property.default !== undefined) {
      out[key] = cloneJson(property.default);
    }
  }
}

function pruneValue(
  value: unknown,
  schema: OpenApiSchema | undefined,
  path: PathSegment[],
  isResourceRoot: boolean,
  context: PruneContext,
): unknown {
  if (schema === undefined) return pruneWithoutSchema(value, path, context);
  if (Array.isArray(value)) {
    // under x-kubernetes-preserve-unknown-fields, items without a schema are kept as they are
    if (schema.items === undefined && schema['x-kubernetes-preserve-unknown-fields'] === true) return value;
    return value.map((item, i) => pruneValue(item ?? null, schema.items, [...path, i], false, context));
  }
  if (isRecord(value)) return pruneObject(value, schema, path, isResourceRoot, context);
  return value;
}

/**
 * Whether pruning would return the value unchanged: no undeclared field, no null to drop
 * from a non-nullable field, no default to apply (then the value itself can be validated).
 */
export function pruneChangesNothing(value: unknown, schema: OpenApiSchema | undefined, isResourceRoot: boolean): boolean {
  if (schema === undefined) {
    // pruneWithoutSchema: every key of an object is unknown
    if (Array.isArray(value)) return value.every((item) => pruneChangesNothing(item, undefined, false));
    return !isRecord(value) || Object.keys(value).length === 0;
  }
  if (Array.isArray(value)) {
    if (schema.items === undefined && schema['x-kubernetes-preserve-unknown-fields'] === true) return true;
    for (const item of value) if (item === undefined || !pruneChangesNothing(item, schema.items, false)) return false;
    return true;
  }
  if (!isRecord(value)) return true;
  const properties = schema.properties ?? {};
  const additional = additionalSchema(schema);
  const keepsUnknown = schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child = value[key];
    if (child === undefined) return false;
    if (isResourceRoot && metaFields.has(key)) continue;
    if (Object.hasOwn(properties, key)) {
      if (!pruneChangesNothing(child, properties[key], false)) return false;
    } else if (additional) {
      if (!pruneChangesNothing(child, additional, false)) return false;
    } else if (!keepsUnknown) {
      return false;
    }
  }
  for (const key in properties) {
    if (isResourceRoot && metaFields.has(key)) continue;
    const property = properties[key]!;
    if (Object.hasOwn(value, key)) {
      if (value[key] === null && property.nullable !== true) return false;
    } else if (property.default !== undefined) {
      return false;
    }
  }
  return true;
}

export interface PrunedValue {
  /** the value as the validator sees it: unknown fields removed, nulls dropped, defaults set */
  readonly value: unknown;
  /** one issue per removed field, sorted by path like the API server's list */
  readonly unknownFields: SchemaIssue[];
}

export function pruneUnknownFields(
  value: unknown,
  schema: OpenApiSchema,
  path: PathSegment[],
  isResourceRoot: boolean,
): PrunedValue {
  const context: PruneContext = { unknownFields: [] };
  const pruned = pruneValue(value, schema, path, isResourceRoot, context);
  // PruneWithOptions sorts the paths as strings
  const sorted = context.unknownFields
    .map((found) => ({ found, key: formatPath(found.path) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ found }) => found);
  return { value: pruned, unknownFields: sorted };
}
