// Character classes and scanners for the constructs that must be found before they can be
// tokenized: quoted strings with nested `$( )`, variable names, type names, here-string ends. The
// lexer and the string expander (expandable-string.ts) share them. Each scanner returns the end
// offset (exclusive) or -1 when the construct is not closed before `end`; none recurses, so deep
// nesting cannot overflow the stack.

export const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff';
export const isNewline = (c: string) => c === '\n' || c === '\r';
export const isDigit = (c: string) => c >= '0' && c <= '9';
const WORD_START = /[\p{L}_]/u;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
// ASCII first: the Unicode property test only runs for non-ASCII characters
export const isWordStart = (c: string) => {
  const k = c.charCodeAt(0);
  if (k < 128) return (k >= 65 && k <= 90) || (k >= 97 && k <= 122) || k === 95;
  return WORD_START.test(c);
};
export const isWordChar = (c: string) => {
  const k = c.charCodeAt(0);
  if (k < 128) return (k >= 65 && k <= 90) || (k >= 97 && k <= 122) || k === 95 || (k >= 48 && k <= 57);
  return WORD_CHAR.test(c);
};

export function singleQuotedEnd(text: string, start: number, end: number): number {
  let p = start + 1;
  while (p < end) {
    if (text[p] === "'") {
      if (text[p + 1] === "'" && p + 1 < end) p += 2;
      else return p + 1;
    } else p++;
  }
  return -1;
}

/** Returned by the nested scanners when strings and `$( )` nest deeper than the given limit. */
export const TOO_DEEP = -2;

/** A double-quoted string starting at `start`, `$( … )` parts included (with their own strings).
 *  `levels` bounds how deep `"…$("…")…"` may nest before TOO_DEEP is returned. */
export function doubleQuotedEnd(text: string, start: number, end: number, levels = Infinity): number {
  return scanNested(text, start + 1, end, 'dq', levels);
}

/** The end of `$( … )` whose content starts at `start` (just after the `(`). */
export function subexpressionEnd(text: string, start: number, end: number, levels = Infinity): number {
  return scanNested(text, start, end, 'code', levels);
}

/** Iterative scanner for code and double-quoted strings nested in each other through `$( )`, so a
 *  deeply nested string cannot overflow the stack. */
function scanNested(text: string, start: number, end: number, first: 'dq' | 'code', levels: number): number {
  const stack: ('dq' | 'code')[] = [first];
  const depth: number[] = [0];
  let p = start;
  while (p < end) {
    const ctx = stack[stack.length - 1]!;
    const c = text[p]!;
    if (c === '`') {
      p += 2;
      continue;
    }
    if (ctx === 'dq') {
      if (c === '"') {
        if (text[p + 1] === '"' && p + 1 < end) {
          p += 2;
          continue;
        }
        stack.pop();
        depth.pop();
        p++;
        if (stack.length === 0) return p;
        continue;
      }
      if (c === '$' && text[p + 1] === '(') {
        stack.push('code');
        depth.push(0);
        if (stack.length > 2 * levels) return TOO_DEEP;
        p += 2;
        continue;
      }
      p++;
      continue;
    }
    // code
    if (c === "'") {
      const e = singleQuotedEnd(text, p, end);
      if (e < 0) return -1;
      p = e;
    } else if (c === '"') {
      stack.push('dq');
      depth.push(0);
      p++;
    } else if (c === '(') {
      depth[depth.length - 1]!++;
      p++;
    } else if (c === ')') {
      if (depth[depth.length - 1] === 0) {
        stack.pop();
        depth.pop();
        p++;
        if (stack.length === 0) return p;
      } else {
        depth[depth.length - 1]!--;
        p++;
      }
    } else if (c === '#' && (p === start || /\s/.test(text[p - 1]!))) {
      while (p < end && !isNewline(text[p]!)) p++;
    } else p++;
  }
  return -1;
}

/** `$name`, `$scope:name`, `${any}`, `$_`, `$$`, `$?`, `$^`. Returns start + 1 when no name follows
 *  the `$`, -1 for an unterminated `${`. */
export function variableEnd(text: string, start: number, end: number): number {
  let p = start + 1;
  const c = text[p] ?? '';
  if (p >= end) return start + 1;
  if (c === '{') {
    p++;
    while (p < end && text[p] !== '}') p += text[p] === '`' ? 2 : 1;
    return p < end ? p + 1 : -1;
  }
  if (c === '$' || c === '?' || c === '^') return p + 1;
  if (!isWordChar(c)) return start + 1;
  while (p < end && isWordChar(text[p]!)) p++;
  if (text[p] === ':' && text[p + 1] !== ':' && p + 1 < end && isWordChar(text[p + 1]!)) {
    p++;
    while (p < end && isWordChar(text[p]!)) p++;
  }
  return p;
}

/** A type name starting at `start` and ending before `]` or `(`: `int`, `string[]`,
 *  `System.Collections.Generic.Dictionary[string, int]`. Returns its end or -1. */
export function typeNameEnd(text: string, start: number, end: number): number {
  let p = start;
  if (p >= end || !isWordStart(text[p]!)) return -1;
  while (p < end && (isWordChar(text[p]!) || text[p] === '.' || text[p] === '`')) p++;
  // generic arguments and array ranks, balanced
  while (p < end && text[p] === '[') {
    let depth = 0;
    let q = p;
    while (q < end) {
      const c = text[q]!;
      if (c === '[') depth++;
      else if (c === ']') {
        depth--;
        if (depth === 0) break;
      } else if (!(isWordChar(c) || c === '.' || c === ',' || c === ' ')) return -1;
      q++;
    }
    if (q >= end) return -1;
    p = q + 1;
  }
  let q = p;
  while (q < end && isSpace(text[q]!)) q++;
  if (text[q] !== ']' && text[q] !== '(') return -1;
  return p;
}

/** Offset just after the closing `"@`/`'@` (which must start a line), or -1. */
export function hereStringClose(text: string, from: number, end: number, quote: string): number {
  let p = from;
  for (;;) {
    const nl = text.indexOf('\n', p);
    if (nl < 0 || nl + 3 > end) return -1;
    if (text[nl + 1] === quote && text[nl + 2] === '@') return nl + 3;
    p = nl + 1;
  }
}
