// The front-end pipeline for one range of a Source: lex, parse to a CST, build the AST. Whole
// scripts and the `$( … )` parts of expandable strings both come through here, so nested code
// gets true spans and the same errors. One parser instance is shared (Chevrotain parsers are
// reusable and expensive to build); a nested parse only starts after the outer one has finished
// building its CST, so sharing is safe. Input nested deeper than the main thread's stack allows is
// handed to a thread with a larger stack (large-stack-parse.ts).
import type { CstNode } from 'chevrotain';
import type { ScriptBlockAst, StatementBlockAst } from './ast.ts';
import { ParseError } from './errors.ts';
import { lex, MAIN_THREAD_NESTING, MAX_NESTING } from './lexer.ts';
import { parseOnLargeStack } from './large-stack-parse.ts';
import { VbrsParser } from './parser.ts';
import { toParseError } from './parser-errors.ts';
import { Source } from './source.ts';
import { createAstBuilder } from './to-ast.ts';

let shared: { parser: VbrsParser; Builder: ReturnType<typeof createAstBuilder> } | null = null;

export function sharedParser(): { parser: VbrsParser; Builder: ReturnType<typeof createAstBuilder> } {
  shared ??= (() => {
    // Grammar checks and validateVisitor() run in tests/lang/visitor.test.ts, not at every start-up.
    const parser = new VbrsParser();
    return { parser, Builder: createAstBuilder(parser) };
  })();
  return shared;
}

/** Set in the large-stack thread: parse everything here, however deep. */
let onLargeStack = false;

export function useLargeStack(): void {
  onLargeStack = true;
}

/** Thrown inside this module when the input needs the large-stack thread. */
class NeedsLargeStack {}

/** Parses a whole script (`source.text` from start to end). */
export function parseScript(source: Source): ScriptBlockAst {
  try {
    return guard(source, 0, () => {
      const cst = parseCst(source, 0, source.text.length, 0, 'script');
      const ast = builder(source, 0).scriptOf(cst);
      if (onLargeStack && astDepth(ast) > AST_DEPTH_LIMIT) throw tooDeep(source, 0);
      return ast;
    });
  } catch (e) {
    if (e instanceof NeedsLargeStack) return parseOnLargeStack(source);
    throw e;
  }
}

/** Long unary chains (`- - - … 1`) nest without brackets; an AST this deep is refused too. */
const AST_DEPTH_LIMIT = 20 * MAX_NESTING;

function astDepth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (depth > max) max = depth;
    for (const v of Object.values(node)) if (v && typeof v === 'object') stack.push([v, depth + 1]);
  }
  return max;
}

/** Parses `source.text[start, end)` as a statement list, at a string nesting `depth`. */
export function parseStatements(source: Source, start: number, end: number, depth: number): StatementBlockAst {
  let cst: CstNode;
  try {
    cst = parseCst(source, start, end, depth, 'statementList');
  } catch (e) {
    // the range is the inside of a complete `$( … )`: running out of it is an error, not a reason
    // to wait for more input
    if (!(e instanceof ParseError) || !e.incomplete) throw e;
    throw new ParseError({
      code: e.code, span: e.span, source, expected: e.expected, found: "')'", incomplete: false,
      message: e.message.replace(/found end of input$/, "found ')'"),
    });
  }
  const b = builder(source, depth);
  return b.statementsOf(cst, start);
}

function builder(source: Source, depth: number) {
  const { Builder } = sharedParser();
  return new Builder(source, (s, e) => parseStatements(source, s, e, depth + 1));
}

function parseCst(source: Source, start: number, end: number, depth: number, rule: 'script' | 'statementList'): CstNode {
  if (depth > MAX_NESTING) throw tooDeep(source, start);
  const { parser } = sharedParser();
  const lexed = lex(source, start, end, depth);
  if (lexed.maxDepth > MAIN_THREAD_NESTING && !onLargeStack) throw new NeedsLargeStack();
  parser.input = lexed.tokens;
  const cst = rule === 'script' ? parser.script() : parser.statementList();
  const error = parser.errors[0];
  if (error) {
    const closer = rule === 'statementList' && !lexed.error ? ')' : null;
    const parseError = toParseError(error, lexed.tokens, source, lexed.error ? lexed.error.span.start : end, closer);
    // An error where the tokens ran out is explained better by the lexer's reason for stopping.
    if (lexed.error && parseError.incomplete) throw lexed.error;
    throw parseError;
  }
  if (lexed.error) throw lexed.error;
  return cst;
}

/** A stack overflow from pathological nesting the lexer did not see (e.g. 10,000 unary minus
 *  signs) becomes a ParseError rather than a crash. */
function guard<R>(source: Source, at: number, f: () => R): R {
  try {
    return f();
  } catch (e) {
    // V8 reports an exhausted stack as "Maximum call stack size exceeded", or as another
    // RangeError when it runs out inside a builtin
    if (e instanceof RangeError) {
      if (!onLargeStack) throw new NeedsLargeStack();
      throw tooDeep(source, at);
    }
    throw e;
  }
}

export function tooDeep(source: Source, at: number): ParseError {
  return new ParseError({
    code: 'VBRS_PARSE_TOO_DEEP', span: { start: at, end: at }, source, expected: '', found: '', incomplete: false,
    message: `nesting too deep (more than ${MAX_NESTING} levels)`,
  });
}
