/**
 * A tiny evaluator for the CEL rules (`x-kubernetes-validations`) the Cilium policy CRDs use:
 * `has(self.a.b)` tests combined with `||`, `&&`, `!` and parentheses, e.g.
 * `has(self.spec) || has(self.specs)`. Anything else is reported as not evaluable, never
 * silently passed.
 */

import { isRecord } from './json.js';

type CelExpression =
  | { readonly op: 'or' | 'and'; readonly left: CelExpression; readonly right: CelExpression }
  | { readonly op: 'not'; readonly operand: CelExpression }
  | { readonly op: 'has'; readonly fields: readonly string[] }
  | { readonly op: 'literal'; readonly value: boolean };

/** CEL's outcome: a boolean, or an evaluation error (e.g. `no such key`). */
type CelValue = boolean | { readonly error: string };

export type CelOutcome =
  | { readonly kind: 'pass' }
  | { readonly kind: 'fail' }
  | { readonly kind: 'not-evaluable'; readonly reason: string };

const TOKEN = /\s*(\|\||&&|[()!.]|[A-Za-z_][A-Za-z0-9_]*)/y;

function tokenize(rule: string): string[] | undefined {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < rule.length) {
    if (/^\s*$/.test(rule.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(rule);
    if (!match) return undefined;
    tokens.push(match[1]!);
  }
  return tokens;
}

/** Recursive-descent parser over the token list; `undefined` means "outside the subset". */
class Parser {
  private position = 0;
  constructor(private readonly tokens: readonly string[]) {}

  parse(): CelExpression | undefined {
    const expression = this.orExpression();
    return expression && this.position === this.tokens.length ? expression : undefined;
  }

  private peek(): string | undefined {
    return this.tokens[this.position];
  }

  private accept(token: string): boolean {
    if (this.peek() !== token) return false;
    this.position++;
    return true;
  }

  private binary(op: 'or' | 'and', token: string, next: () => CelExpression | undefined): CelExpression | undefined {
    let left = next();
    while (left && this.accept(token)) {
      const right = next();
      left = right && { op, left, right };
    }
    return left;
  }

  private orExpression(): CelExpression | undefined {
    return this.binary('or', '||', () => this.andExpression());
  }

  private andExpression(): CelExpression | undefined {
    return this.binary('and', '&&', () => this.unary());
  }

  private unary(): CelExpression | undefined {
    if (this.accept('!')) {
      const operand = this.unary();
      return operand && { op: 'not', operand };
    }
    if (this.accept('(')) {
      const inner = this.orExpression();
      return inner && this.accept(')') ? inner : undefined;
    }
    if (this.accept('true')) return { op: 'literal', value: true };
    if (this.accept('false')) return { op: 'literal', value: false };
    return this.hasMacro();
  }

  private hasMacro(): CelExpression | undefined {
    if (!this.accept('has') || !this.accept('(') || !this.accept('self')) return undefined;
    const fields: string[] = [];
    while (this.accept('.')) {
      const field = this.peek();
      if (field === undefined || !/^[A-Za-z_]/.test(field)) return undefined;
      fields.push(field);
      this.position++;
    }
    return fields.length > 0 && this.accept(')') ? { op: 'has', fields } : undefined;
  }
}

const parsed = new Map<string, CelExpression | undefined>();

function parseRule(rule: string): CelExpression | undefined {
  if (!parsed.has(rule)) {
    const tokens = tokenize(rule);
    parsed.set(rule, tokens && new Parser(tokens).parse());
  }
  return parsed.get(rule);
}

/** `has(self.a.b)`: the last field is tested; the ones before it must exist (else `no such key`). */
function evaluateHas(fields: readonly string[], self: unknown): CelValue {
  let current: unknown = self;
  for (const [index, field] of fields.entries()) {
    if (!isRecord(current)) return { error: `no such key: ${field}` };
    if (index === fields.length - 1) return Object.hasOwn(current, field);
    if (!Object.hasOwn(current, field)) return { error: `no such key: ${field}` };
    current = current[field];
  }
  return { error: 'empty selection' };
}

/** CEL's logical operators are commutative over errors: `error || true` is true. */
function evaluate(expression: CelExpression, self: unknown): CelValue {
  switch (expression.op) {
    case 'literal':
      return expression.value;
    case 'has':
      return evaluateHas(expression.fields, self);
    case 'not': {
      const value = evaluate(expression.operand, self);
      return typeof value === 'boolean' ? !value : value;
    }
    case 'or':
    case 'and': {
      const left = evaluate(expression.left, self);
      const right = evaluate(expression.right, self);
      const decisive = expression.op === 'or';
      if (left === decisive || right === decisive) return decisive;
      if (typeof left !== 'boolean') return left;
      if (typeof right !== 'boolean') return right;
      return !decisive;
    }
  }
}

/** Evaluates `rule` with `self` bound to the value of the field that declares it. */
export function evaluateCelRule(rule: string, self: unknown): CelOutcome {
  const expression = parseRule(rule);
  if (!expression) {
    return { kind: 'not-evaluable', reason: 'only has(self.<field>) joined by ||, && and ! is supported' };
  }
  const value = evaluate(expression, self);
  if (typeof value !== 'boolean') return { kind: 'not-evaluable', reason: value.error };
  return value ? { kind: 'pass' } : { kind: 'fail' };
}
