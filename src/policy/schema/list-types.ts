/**
 * `x-kubernetes-list-type: set` and `map` uniqueness (apiextensions listtype
 * ValidateListSetsAndMaps): each repeated value is reported once, at its second occurrence.
 */

import { goJson } from './go-format.js';
import type { OpenApiSchema } from './openapi-schema.js';
import { isRecord } from './json.js';
import { duplicateIssue, type PathSegment, type SchemaIssue } from './schema-issue.js';

function setDuplicates(items: readonly unknown[], path: PathSegment[]): SchemaIssue[] {
  const seen = new Map<string, number>();
  const issues: SchemaIssue[] = [];
  items.forEach((item, index) => {
    // scalars compare by value and type, compound values by their JSON
    const key = `${typeof item}:${goJson(item)}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count === 2) issues.push(duplicateIssue([...path, index], item));
  });
  return issues;
}

function mapDuplicates(items: readonly unknown[], keys: readonly string[], path: PathSegment[]): SchemaIssue[] {
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  items.forEach((item, index) => {
    if (!isRecord(item)) return;
    const keyValues = Object.fromEntries(keys.filter((k) => Object.hasOwn(item, k)).map((k) => [k, item[k]]));
    const identity = goJson(keyValues);
    if (seen.has(identity)) issues.push(duplicateIssue([...path, index], keyValues));
    seen.add(identity);
  });
  return issues;
}

/** Whether a set list repeats an item (validateListTypes would report it). */
export function hasSetDuplicates(items: readonly unknown[]): boolean {
  return setDuplicates(items, []).length > 0;
}

/** Whether a map list repeats a key tuple (validateListTypes would report it). */
export function hasMapDuplicates(items: readonly unknown[], keys: readonly string[]): boolean {
  return mapDuplicates(items, keys, []).length > 0;
}

const hasListTypesCache = new WeakMap<OpenApiSchema, boolean>();

/** Whether any node of the schema declares a set or map list type (else there is nothing to check below it). */
function hasListTypes(schema: OpenApiSchema): boolean {
  let cached = hasListTypesCache.get(schema);
  if (cached === undefined) {
    hasListTypesCache.set(schema, false); // schemas are trees; this only guards a cycle
    const children = Object.values(schema.properties ?? {});
    if (schema.items) children.push(schema.items);
    if (typeof schema.additionalProperties === 'object') children.push(schema.additionalProperties);
    const own = schema['x-kubernetes-list-type'] === 'set' || schema['x-kubernetes-list-type'] === 'map';
    cached = own || children.some(hasListTypes);
    hasListTypesCache.set(schema, cached);
  }
  return cached;
}

export function validateListTypes(value: unknown, schema: OpenApiSchema | undefined, path: PathSegment[]): SchemaIssue[] {
  if (schema === undefined || !hasListTypes(schema)) return [];
  if (Array.isArray(value)) {
    const listType = schema['x-kubernetes-list-type'];
    const own =
      listType === 'set'
        ? setDuplicates(value, path)
        : listType === 'map'
          ? mapDuplicates(value, schema['x-kubernetes-list-map-keys'] ?? [], path)
          : [];
    return [...own, ...value.flatMap((item, i) => validateListTypes(item, schema.items, [...path, i]))];
  }
  if (!isRecord(value)) return [];
  const properties = schema.properties ?? {};
  const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  return Object.entries(value).flatMap(([key, child]) =>
    validateListTypes(child, Object.hasOwn(properties, key) ? properties[key] : additional, [...path, key]),
  );
}
