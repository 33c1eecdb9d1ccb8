/**
 * Validation issues and their messages in the API server's own wording: kube-openapi's
 * validation errors as apiextensions-apiserver turns them into apimachinery field errors
 * (`<field>: <error type>: <value>: <detail>`), see validate-schema.ts for the sources.
 */

import { formatPath, type PathSegment } from '../../cluster/index.js';
import { goBadValue, goQuote } from './go-format.js';

// one path notation for the whole code base: `spec.egress[0].toPorts` (field.Path's form)
export { formatPath, type PathSegment };

export type IssueCode =
  | 'unknown-field'
  | 'type'
  | 'enum'
  | 'pattern'
  | 'format'
  | 'required'
  | 'one-of'
  | 'any-of'
  | 'all-of'
  | 'not'
  | 'max-items'
  | 'min-items'
  | 'max-length'
  | 'min-length'
  | 'minimum'
  | 'maximum'
  | 'duplicate'
  | 'rule';

export interface SchemaIssue {
  /** where the problem is, e.g. ['spec', 'egress', 0, 'toPorts', 0, 'ports', 1, 'port'] */
  readonly path: PathSegment[];
  readonly code: IssueCode;
  /** the API server's message, e.g. 'spec.egress[0].toEntities[0]: Unsupported value: "internet": ...' */
  readonly message: string;
  /** unknown fields: the closest known sibling field name (did-you-mean) */
  readonly suggestion?: string;
}

/** The field part of a field error: a nil field.Path (the object root) prints as `<nil>`. */
function fieldOf(path: readonly PathSegment[]): string {
  return path.length === 0 ? '<nil>' : formatPath(path);
}

function issue(path: readonly PathSegment[], code: IssueCode, message: string): SchemaIssue {
  return { path: [...path], code, message };
}

export function requiredIssue(path: readonly PathSegment[], detail = ''): SchemaIssue {
  const suffix = detail === '' ? '' : `: ${detail}`;
  return issue(path, 'required', `${fieldOf(path)}: Required value${suffix}`);
}

/** kube-openapi InvalidType with string data: `<name> in body must be of type <type>: "<data>"`. */
export function typeIssue(path: readonly PathSegment[], code: 'type' | 'format', typeName: string, data: string): SchemaIssue {
  const detail = `${formatPath(path)} in body must be of type ${typeName}: ${goQuote(data)}`;
  return issue(path, code, `${fieldOf(path)}: Invalid value: ${goQuote(data)}: ${detail}`);
}

/** field.Invalid: `<field>: Invalid value: <value>: <detail>`. */
export function invalidIssue(path: readonly PathSegment[], code: IssueCode, value: unknown, detail: string): SchemaIssue {
  return issue(path, code, `${fieldOf(path)}: Invalid value: ${goBadValue(value)}: ${detail}`);
}

/** field.NotSupported for an enum: each allowed value quoted as strconv.Quote does. */
export function enumIssue(path: readonly PathSegment[], value: unknown, allowed: readonly string[]): SchemaIssue {
  const supported = allowed.length > 0 ? `: supported values: ${allowed.map(goQuote).join(', ')}` : '';
  return issue(path, 'enum', `${fieldOf(path)}: Unsupported value: ${goBadValue(value)}${supported}`);
}

/** field.TooLong (the value itself is omitted). */
export function tooLongIssue(path: readonly PathSegment[], maxLength: number): SchemaIssue {
  const unit = maxLength === 1 ? 'byte' : 'bytes';
  return issue(path, 'max-length', `${fieldOf(path)}: Too long: may not be more than ${maxLength} ${unit}`);
}

/** field.TooMany. */
export function tooManyIssue(path: readonly PathSegment[], count: number, maxItems: number): SchemaIssue {
  const unit = maxItems === 1 ? 'item' : 'items';
  return issue(path, 'max-items', `${fieldOf(path)}: Too many: ${count}: must have at most ${maxItems} ${unit}`);
}

/**
 * oneOf/anyOf/allOf/not failures are kube-openapi composite errors, not field errors: the API
 * server reports them on the nil path with an empty value, naming the field in the detail.
 */
export function compositeIssue(path: readonly PathSegment[], code: 'one-of' | 'any-of' | 'all-of' | 'not', detail: string): SchemaIssue {
  return issue(path, code, `<nil>: Invalid value: "": ${detail}`);
}

export function duplicateIssue(path: readonly PathSegment[], value: unknown): SchemaIssue {
  return issue(path, 'duplicate', `${fieldOf(path)}: Duplicate value: ${goBadValue(value)}`);
}

const STRICT_PREFIX = 'strict decoding error: ';

/** A field the schema does not know, as `kubectl apply --validate=strict` reports it. */
export function unknownFieldIssue(path: readonly PathSegment[], suggestion: string | undefined): SchemaIssue {
  const found = issue(path, 'unknown-field', `${STRICT_PREFIX}unknown field ${goQuote(formatPath(path))}`);
  return suggestion === undefined ? found : { ...found, suggestion };
}

/** A failed CEL rule (apiextensions fieldErrorForReason with the schema type as the value). */
export function ruleIssue(
  path: readonly PathSegment[],
  schemaType: string,
  message: string,
  reason: string | undefined,
): SchemaIssue {
  const field = fieldOf(path);
  switch (reason) {
    case 'FieldValueForbidden':
      return issue(path, 'rule', `${field}: Forbidden: ${message}`);
    case 'FieldValueRequired':
      return issue(path, 'rule', `${field}: Required value: ${message}`);
    case 'FieldValueDuplicate':
      return issue(path, 'rule', `${field}: Duplicate value: ${goQuote(schemaType)}`);
    default:
      return issue(path, 'rule', `${field}: Invalid value: ${goQuote(schemaType)}: ${message}`);
  }
}

/** A rule Membrane's small CEL evaluator cannot decide: reported, never silently passed. */
export function unevaluatedRuleIssue(path: readonly PathSegment[], rule: string, reason: string): SchemaIssue {
  return issue(path, 'rule', `${fieldOf(path)}: rule ${goQuote(rule)} could not be evaluated by Membrane (${reason})`);
}

/** What the API server appends instead of running CEL rules when the object already failed. */
export function rulesSkippedIssue(): SchemaIssue {
  return issue(
    [],
    'rule',
    '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; ' +
      'correct the existing errors to complete validation',
  );
}

/**
 * The error kinds after which the API server does not run CEL rules (strategy.go
 * hasBlockingErr: NotSupported, Required, TooLong, TooMany, TypeInvalid).
 */
const blockingCodes: ReadonlySet<IssueCode> = new Set(['enum', 'required', 'max-length', 'max-items', 'type', 'format']);

export function isBlockingIssue(found: SchemaIssue): boolean {
  return blockingCodes.has(found.code);
}

/**
 * The whole API server response text for these issues: unknown fields fail strict decoding
 * before any validation runs; otherwise the field errors are aggregated (deduplicated, in
 * brackets when there are several), as in `The CiliumNetworkPolicy "x" is invalid: <text>`.
 */
export function formatApiServerMessage(issues: readonly SchemaIssue[]): string | undefined {
  const unknown = issues.filter((i) => i.code === 'unknown-field');
  if (unknown.length > 0) {
    return STRICT_PREFIX + unknown.map((i) => i.message.slice(STRICT_PREFIX.length)).join(', ');
  }
  const messages = [...new Set(issues.map((i) => i.message))];
  if (messages.length === 0) return undefined;
  return messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
}
