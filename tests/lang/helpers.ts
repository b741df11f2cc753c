// Test helpers for the language front end: parse and strip spans so tests compare structure, and
// shorthands that reach the first statement or expression of a script.
import { parse, ParseError } from '../../src/lang/index.ts';
import type { ExpressionAst, ScriptBlockAst, StatementAst } from '../../src/lang/ast.ts';

/** A deep copy without `span` keys. */
export function strip<T>(x: T): T {
  if (Array.isArray(x)) return x.map(strip) as T;
  if (x && typeof x === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== 'span') o[k] = strip(v);
    return o as T;
  }
  return x;
}

export function statements(text: string): StatementAst[] {
  return strip(parse(text).end!.statements);
}

export function statement(text: string): StatementAst {
  const s = statements(text);
  if (s.length !== 1) throw new Error(`expected one statement, got ${s.length}`);
  return s[0]!;
}

/** The expression of a one-element pipeline statement. */
export function expr(text: string): ExpressionAst {
  const s = statement(text);
  if (s.kind !== 'Pipeline' || s.elements.length !== 1 || s.elements[0]!.kind !== 'CommandExpression') {
    throw new Error(`not an expression statement: ${text}`);
  }
  return s.elements[0]!.expression;
}

/** The ParseError that parsing `text` throws (fails the test if it parses). */
export function parseError(text: string, name = 'test.vbrs'): ParseError {
  try {
    parse(text, name);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error(`expected a parse error for: ${text}`);
}

/** Compact constructors for expected ASTs (spans stripped). */
export const num = (value: number, text = String(value), numberType: 'int' | 'long' | 'double' | 'decimal' = 'int') =>
  ({ kind: 'Number', value, numberType, text }) as const;
export const bare = (value: string) => ({ kind: 'StringConstant', value, quote: 'bare' }) as const;
export const sq = (value: string) => ({ kind: 'StringConstant', value, quote: 'single' }) as const;
export const dq = (value: string) => ({ kind: 'StringConstant', value, quote: 'double' }) as const;
export const v = (name: string, scope: string | null = null) => ({ kind: 'Variable', name, scope, splatted: false }) as const;
export const bin = (operator: string, left: unknown, right: unknown) => ({ kind: 'Binary', operator, left, right });
export const un = (operator: string, operand: unknown) => ({ kind: 'Unary', operator, operand });
export const pipe = (...expressions: unknown[]) => ({
  kind: 'Pipeline',
  elements: expressions.map((expression) => ({ kind: 'CommandExpression', expression, redirections: [] })),
});

export type { ScriptBlockAst };
