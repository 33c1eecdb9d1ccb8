/**
 * Runs the `x-kubernetes-validations` CEL rules of a structural schema over a value, the way
 * apiextensions' CEL validator walks it: each rule with `self` bound to the field declaring it.
 */

import { evaluateCelRule } from './cel-rules.js';
import type { OpenApiSchema } from './openapi-schema.js';
import { isRecord } from './json.js';
import { ruleIssue, unevaluatedRuleIssue, type PathSegment, type SchemaIssue } from './schema-issue.js';

function childSchemas(schema: OpenApiSchema): OpenApiSchema[] {
  const children = Object.values(schema.properties ?? {});
  if (schema.items) children.push(schema.items);
  if (typeof schema.additionalProperties === 'object') children.push(schema.additionalProperties);
  return children;
}

const hasRulesCache = new WeakMap<OpenApiSchema, boolean>();

/** Whether any node of the schema declares a CEL rule (the API server builds no CEL validator otherwise). */
export function hasValidationRules(schema: OpenApiSchema): boolean {
  let cached = hasRulesCache.get(schema);
  if (cached === undefined) {
    cached = (schema['x-kubernetes-validations']?.length ?? 0) > 0 || childSchemas(schema).some(hasValidationRules);
    hasRulesCache.set(schema, cached);
  }
  return cached;
}

function rulesAt(value: unknown, schema: OpenApiSchema, path: PathSegment[]): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    const outcome = evaluateCelRule(rule.rule, value);
    if (outcome.kind === 'not-evaluable') {
      issues.push(unevaluatedRuleIssue(path, rule.rule, outcome.reason));
    } else if (outcome.kind === 'fail') {
      // ruleMessageOrDefault: the trimmed message, else "failed rule: <rule>"
      const message = rule.message?.trim() || `failed rule: ${rule.rule.trim()}`;
      issues.push(ruleIssue(path, schema.type ?? '', message, rule.reason));
    }
  }
  return issues;
}

/** Whether every rule holds for a (non-null) value: rulesAt would report nothing. */
export function rulesPass(value: unknown, rules: readonly string[]): boolean {
  for (const rule of rules) if (evaluateCelRule(rule, value).kind !== 'pass') return false;
  return true;
}

export function validateRules(value: unknown, schema: OpenApiSchema | undefined, path: PathSegment[]): SchemaIssue[] {
  if (schema === undefined || value === null || value === undefined || !hasValidationRules(schema)) return [];
  const issues = rulesAt(value, schema, path);
  if (Array.isArray(value)) {
    value.forEach((item, i) => { for (const x of validateRules(item, schema.items, [...path, i])) issues.push(x); });
  } else if (isRecord(value)) {
    const properties = schema.properties ?? {};
    const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const [key, child] of Object.entries(value)) {
      const childSchema = Object.hasOwn(properties, key) ? properties[key] : additional;
      for (const x of validateRules(child, childSchema, [...path, key])) issues.push(x);
    }
  }
  return issues;
}
