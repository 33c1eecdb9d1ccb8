/**
 * The structure of a NetworkPolicy as the API server decodes it strictly: known fields and
 * their types. Value checks (ports, CIDRs, selectors) are in validate.ts, worded as the API
 * server's validation (pkg/apis/networking/validation).
 */

import type { OpenApiSchema } from '../schema/openapi-schema.js';

const labelSelector: OpenApiSchema = {
  type: 'object',
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string' },
          operator: { type: 'string' },
          values: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

const peer: OpenApiSchema = {
  type: 'object',
  properties: {
    podSelector: labelSelector,
    namespaceSelector: labelSelector,
    ipBlock: {
      type: 'object',
      required: ['cidr'],
      properties: { cidr: { type: 'string' }, except: { type: 'array', items: { type: 'string' } } },
    },
  },
};

const port: OpenApiSchema = {
  type: 'object',
  properties: {
    protocol: { type: 'string' },
    port: { 'x-kubernetes-int-or-string': true },
    endPort: { type: 'integer' },
  },
};

export const networkPolicySchema: OpenApiSchema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        podSelector: labelSelector,
        policyTypes: { type: 'array', items: { type: 'string' } },
        ingress: {
          type: 'array',
          items: { type: 'object', properties: { from: { type: 'array', items: peer }, ports: { type: 'array', items: port } } },
        },
        egress: {
          type: 'array',
          items: { type: 'object', properties: { to: { type: 'array', items: peer }, ports: { type: 'array', items: port } } },
        },
      },
    },
    status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};
