/**
 * API-server-equivalent validation of Cilium policy custom resources: the CRD's structural
 * OpenAPI schema, strict unknown-field detection (with did-you-mean) and its CEL rule.
 */

import { ciliumClusterwideNetworkPolicySchema, ciliumNetworkPolicySchema } from './crd-schemas.generated.js';
import { isRecord } from './json.js';
import type { OpenApiSchema } from './openapi-schema.js';
import { validateSchema, type SchemaIssue } from './validate-schema.js';

export { ciliumClusterwideNetworkPolicySchema, ciliumNetworkPolicySchema } from './crd-schemas.generated.js';
export type { CelValidationRule, JsonValue, OpenApiSchema, OpenApiType } from './openapi-schema.js';
export { formatApiServerMessage, formatPath, validateSchema } from './validate-schema.js';
export type { IssueCode, PathSegment, SchemaIssue } from './validate-schema.js';
export { suggestFieldName } from './did-you-mean.js';

/** The CRD schema for a Cilium policy kind, or undefined for other kinds. */
export function ciliumPolicySchema(kind: unknown): OpenApiSchema | undefined {
  if (kind === 'CiliumNetworkPolicy') return ciliumNetworkPolicySchema;
  if (kind === 'CiliumClusterwideNetworkPolicy') return ciliumClusterwideNetworkPolicySchema;
  return undefined;
}

/**
 * Validates a CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy document as the API server
 * would; undefined when the document is not one of those kinds.
 */
export function validateCiliumPolicy(document: unknown): SchemaIssue[] | undefined {
  const schema = ciliumPolicySchema(isRecord(document) ? document['kind'] : undefined);
  return schema && validateSchema(document, schema);
}
