/**
 * validateNode's checks as a yes/no, without messages, paths or match counts: the common case
 * (a valid policy) costs a walk of the value and no allocation. Every check mirrors
 * validate-schema.ts exactly; validate-schema.test.ts holds the two to the same answers.
 */

import { isRecord } from './json.js';
import type { JsonValue, OpenApiSchema } from './openapi-schema.js';
import { testPattern } from './re2-pattern.js';
import { effectiveFormat, formatCheck } from './string-formats.js';
import { dataFormatOf, kindOf, sameJson, typesOf, type ValueKind } from './validate-schema.js';

/** kube-openapi's type check of a non-null value (exported for the validator generator). */
export function typeOk(kind: ValueKind, schema: OpenApiSchema, format: string): boolean {
  const types = typesOf(schema);
  const intAsNumber = kind === 'integer' && types.includes('number');
  const matchesType = types.includes(kind) || intAsNumber;
  const stringLike = kind === 'string' || kind === 'array';
  if (!stringLike && format !== '' && !(matchesType || dataFormatOf(kind) === format)) return false;
  const numeric = types.includes('number') || types.includes('integer');
  if (!numeric && format !== '' && stringLike) return true;
  return matchesType;
}

function combinatorsOk(value: unknown, schema: OpenApiSchema): boolean {
  if (schema.anyOf?.length && !schema.anyOf.some((branch) => isValidNode(value, branch))) return false;
  if (schema.oneOf?.length) {
    let valid = 0;
    for (const branch of schema.oneOf) if (isValidNode(value, branch)) valid++;
    if (valid !== 1) return false;
  }
  if (schema.allOf?.length && !schema.allOf.every((branch) => isValidNode(value, branch))) return false;
  return !(schema.not && isValidNode(value, schema.not));
}

function stringOk(text: string, schema: OpenApiSchema): boolean {
  // a string has at least length/2 and at most length runes
  if (schema.maxLength !== undefined && text.length > schema.maxLength && runeCount(text) > schema.maxLength) return false;
  if (schema.minLength !== undefined && text.length < 2 * schema.minLength && runeCount(text) < schema.minLength) return false;
  if (schema.pattern !== undefined) {
    const outcome = testPattern(schema.pattern, text);
    if (!outcome.ok || !outcome.matches) return false;
  }
  return true;
}

function numberOk(value: number, kind: ValueKind, schema: OpenApiSchema): boolean {
  const bound = (b: number) => (kind === 'integer' ? Math.trunc(b) : b);
  if (schema.minimum !== undefined) {
    const min = bound(schema.minimum);
    if (schema.exclusiveMinimum ? value <= min : value < min) return false;
  }
  if (schema.maximum !== undefined) {
    const max = bound(schema.maximum);
    if (schema.exclusiveMaximum ? value >= max : value > max) return false;
  }
  return true;
}

function enumOk(value: unknown, schema: OpenApiSchema): boolean {
  const allowed = schema.enum;
  return !allowed || allowed.length === 0 || enumHas(allowed, value);
}

/** Whether a value is one of an enum's (equal Go JSON: for a string, the same string). */
export function enumHas(allowed: readonly JsonValue[], value: unknown): boolean {
  if (typeof value === 'string') return allowed.some((candidate) => candidate === value);
  return allowed.some((candidate) => sameJson(value, candidate));
}

/** The number of runes (code points) of a string, as utf8.RuneCountInString counts them. */
export function runeCount(text: string): number {
  return [...text].length;
}

/** Whether validateNode(value, schema) reports no issue. */
export function isValidNode(value: unknown, schema: OpenApiSchema): boolean {
  const kind = kindOf(value);
  if (kind === 'null') {
    if (typesOf(schema).length > 0 && schema.nullable !== true) return false;
    return enumOk(null, schema);
  }
  const format = effectiveFormat(schema);
  if ((typesOf(schema).length > 0 || format !== '') && !typeOk(kind, schema, format)) return false;
  if (!combinatorsOk(value, schema)) return false;
  if (typeof value === 'string') {
    if (!stringOk(value, schema)) return false;
    if (format !== '') {
      const check = formatCheck(format);
      if (check && !check(value)) return false;
    }
  }
  if (typeof value === 'number' && !numberOk(value, kind, schema)) return false;
  if (Array.isArray(value)) {
    if (schema.items) for (const item of value) if (!isValidNode(item, schema.items)) return false;
    if (schema.minItems !== undefined && value.length < schema.minItems) return false;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return false;
  }
  if (!enumOk(value, schema)) return false;
  if (isRecord(value)) {
    const properties = schema.properties ?? {};
    const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const childSchema = Object.hasOwn(properties, key) ? properties[key] : additional;
      if (childSchema && !isValidNode(value[key], childSchema)) return false;
    }
    for (const key of schema.required ?? []) if (!Object.hasOwn(value, key)) return false;
  }
  return true;
}
