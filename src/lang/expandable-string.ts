// Splits the text of an expandable string — `"…"`, `@"…"@` or a bare word in argument mode — into
// literal parts (escapes processed) and the expressions to expand: `$x`, `$scope:x`, `${odd}` and
// `$( … )`, whose statements are parsed again from the same source so their spans stay true. As in
// PowerShell, `$x.y` and `$x[0]` in a string expand only `$x`.
import type { ExpressionAst, StatementBlockAst, VariableAst } from './ast.ts';
import { doubleQuotedEnd, singleQuotedEnd, subexpressionEnd, variableEnd } from './scan.ts';

export type StringMode = 'double' | 'here' | 'bare';

/** Parses `text[start, end)` as statements (the inside of `$( )`). */
export type SubParse = (start: number, end: number) => StatementBlockAst;

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

export function expandString(text: string, start: number, end: number, mode: StringMode, subparse: SubParse): (string | ExpressionAst)[] {
  const parts: (string | ExpressionAst)[] = [];
  let literal = '';
  const flush = () => {
    if (literal) parts.push(literal);
    literal = '';
  };
  let p = start;
  while (p < end) {
    const c = text[p]!;
    if (c === '`' && p + 1 < end) {
      const e = text[p + 1]!;
      if (e === 'u' && text[p + 2] === '{') {
        const close = text.indexOf('}', p + 3);
        const code = close > 0 && close < end ? parseInt(text.slice(p + 3, close), 16) : NaN;
        if (Number.isInteger(code) && code >= 0 && code <= 0x10ffff) {
          literal += String.fromCodePoint(code);
          p = close + 1;
          continue;
        }
      }
      literal += ESCAPES[e] ?? e;
      p += 2;
      continue;
    }
    if (c === '"' && mode === 'double' && text[p + 1] === '"' && p + 1 < end) {
      literal += '"';
      p += 2;
      continue;
    }
    if (mode === 'bare' && c === "'") {
      const close = singleQuotedEnd(text, p, end);
      const stop = close < 0 ? end : close - 1;
      literal += text.slice(p + 1, stop).replace(/''/g, "'");
      p = close < 0 ? end : close;
      continue;
    }
    if (mode === 'bare' && c === '"') {
      const close = doubleQuotedEnd(text, p, end);
      const stop = close < 0 ? end : close - 1;
      for (const part of expandString(text, p + 1, stop, 'double', subparse)) {
        if (typeof part === 'string') literal += part;
        else {
          flush();
          parts.push(part);
        }
      }
      p = close < 0 ? end : close;
      continue;
    }
    if (c === '$' && text[p + 1] === '(' && p + 1 < end) {
      const close = subexpressionEnd(text, p + 2, end);
      const stop = close < 0 ? end : close;
      flush();
      const body = subparse(p + 2, close < 0 ? end : close - 1);
      parts.push({ kind: 'Subexpression', body, span: { start: p, end: stop } });
      p = stop;
      continue;
    }
    if (c === '$') {
      const vend = variableEnd(text, p, end);
      if (vend > p + 1) {
        flush();
        parts.push(variableFromText(text.slice(p, vend), { start: p, end: vend }));
        p = vend;
        continue;
      }
    }
    literal += c;
    p++;
  }
  flush();
  return parts;
}

/** `$x`, `$env:PATH`, `${a b}`, `@splat` → a VariableAst. */
export function variableFromText(image: string, span: { start: number; end: number }): VariableAst {
  const splatted = image[0] === '@';
  let body = image.slice(1);
  if (body.startsWith('{') && body.endsWith('}')) body = body.slice(1, -1).replace(/`(.)/g, '$1');
  let scope: string | null = null;
  const colon = body.indexOf(':');
  if (colon > 0 && colon < body.length - 1) {
    scope = body.slice(0, colon).toLowerCase();
    body = body.slice(colon + 1);
  }
  return { kind: 'Variable', name: body, scope, splatted, span };
}
