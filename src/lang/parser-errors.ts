// Turns Chevrotain's recognition exceptions into ParseErrors that say what was expected and what
// was found, in words a script author knows ("expected an expression after '+': found end of
// input", "missing closing ')' for the '(' started at 1:4: found '{'"). Chevrotain's own messages
// name token types; ours name the construct, and point at the opening bracket when a closer is
// missing.
import { EOF, tokenLabel, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { describeFound, ParseError, type ParseErrorCode } from './errors.ts';
import type { Source } from './source.ts';
import * as T from './tokens.ts';

interface Encoded {
  kind: 'mismatch' | 'noViable' | 'notAll';
  expected: string;
  closer: string | null;
}

const RULE_EXPECTS: Record<string, string> = {
  script: 'a statement',
  scriptBody: 'a statement',
  statementList: 'a statement',
  statement: 'a statement',
  loopStatement: 'a loop',
  flowStatement: 'a statement',
  pipelineChain: 'a command or expression',
  pipeline: 'a command or expression',
  pipelineElement: 'a command or expression',
  command: 'a command name',
  commandElement: 'a command argument',
  commandArgument: 'a value',
  commandValue: 'a value',
  redirection: 'a file name',
  memberName: 'a member name',
  postfixOperator: "a member name or index",
  separator: "a newline or ';'",
  namedBlock: "a 'begin', 'process' or 'end' block",
  hashEntry: "a 'key = value' entry",
  switchClause: "a switch clause ('pattern { … }' or 'default { … }')",
  attributeArgument: 'an attribute argument',
  attributeOrType: 'a type or attribute',
  parameter: 'a parameter variable',
  parameterList: 'a parameter variable',
  typeReference: 'a type name',
  functionDefinition: 'a function name',
};

function expectsOf(rule: string): string {
  return RULE_EXPECTS[rule] ?? 'an expression';
}

const CLOSERS = new Map<TokenType, string>([[T.RParen, ')'], [T.RBrace, '}'], [T.RBracket, ']']]);

/** Chevrotain calls these while parsing; the message is an encoding that toParseError reads. */
export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, ruleName }) {
    const closer = CLOSERS.get(expected) ?? null;
    const what = expected === T.GenericToken && ruleName === 'functionDefinition' ? 'a function name' : tokenLabel(expected);
    return JSON.stringify({ kind: 'mismatch', expected: what, closer } satisfies Encoded);
  },
  buildNotAllInputParsedMessage() {
    return JSON.stringify({ kind: 'notAll', expected: "a newline or ';'", closer: null } satisfies Encoded);
  },
  buildNoViableAltMessage({ ruleName }) {
    return JSON.stringify({ kind: 'noViable', expected: expectsOf(ruleName), closer: null } satisfies Encoded);
  },
  buildEarlyExitMessage({ ruleName }) {
    return JSON.stringify({ kind: 'noViable', expected: expectsOf(ruleName), closer: null } satisfies Encoded);
  },
};

/** `end` is where the parsed range stops (the offset reported for end of input). A range inside a
 *  string's `$( … )` ends at its `)`, which is then what was found, and is not incomplete. */
export function toParseError(e: IRecognitionException, tokens: IToken[], source: Source, end: number, closer: string | null = null): ParseError {
  let info: Encoded;
  try {
    info = JSON.parse(e.message) as Encoded;
  } catch {
    info = { kind: 'noViable', expected: 'a statement', closer: null };
  }
  const t = e.token;
  const atEnd = t.tokenType === EOF;
  const found = atEnd ? (closer ? `'${closer}'` : 'end of input') : describeFound(t.image);
  const start = atEnd ? end : t.startOffset;
  const span = { start, end: atEnd ? end : t.endOffset! + 1 };
  const prev = previousToken(tokens, t, atEnd);
  const after = prev && info.kind !== 'notAll' ? ` after ${describeFound(prev.image)}` : '';
  let code: ParseErrorCode = 'VBRS_PARSE_UNEXPECTED_TOKEN';
  let message: string;
  let expected = info.expected;
  if (info.closer) {
    const opener = findOpener(tokens, atEnd ? tokens.length : tokens.indexOf(t), info.closer);
    code = info.closer === '}' ? 'VBRS_PARSE_MISSING_BRACE' : info.closer === ']' ? 'VBRS_PARSE_MISSING_BRACKET' : 'VBRS_PARSE_MISSING_PAREN';
    expected = `closing '${info.closer}'`;
    message = opener
      ? `missing closing '${info.closer}' for the '${opener.image}' started at ${at(source, opener.startOffset)}: found ${found}`
      : `expected ${expected}${after}: found ${found}`;
  } else if (info.kind === 'notAll') {
    message = `unexpected ${found}: expected a newline or ';' before it`;
  } else {
    if (info.expected === 'an expression') code = 'VBRS_PARSE_MISSING_EXPRESSION';
    else if (info.expected === 'a statement') code = 'VBRS_PARSE_MISSING_STATEMENT';
    message = `expected ${info.expected}${after}: found ${found}`;
  }
  return new ParseError({ code, span, source, expected, found, incomplete: atEnd && !closer, message });
}

function at(source: Source, offset: number): string {
  const { line, col } = source.lineCol(offset);
  return `${line}:${col}`;
}

function previousToken(tokens: IToken[], t: IToken, atEnd: boolean): IToken | undefined {
  if (atEnd) return tokens[tokens.length - 1];
  const i = tokens.indexOf(t);
  return i > 0 ? tokens[i - 1] : undefined;
}

const OPENERS: Record<string, TokenType[]> = {
  ')': [T.LParen, T.DollarParen, T.AtParen, T.InvokeOpen],
  '}': [T.LBrace, T.AtBrace],
  ']': [T.LBracket, T.IndexOpen, T.NullIndexOpen],
};

/** The unclosed opener that the missing closer belongs to: walking back from the error, skipping
 *  pairs that are closed. */
function findOpener(tokens: IToken[], from: number, closer: string): IToken | undefined {
  const openers = OPENERS[closer]!;
  const closerType = closer === ')' ? T.RParen : closer === '}' ? T.RBrace : T.RBracket;
  let depth = 0;
  for (let i = from - 1; i >= 0; i--) {
    const type = tokens[i]!.tokenType;
    if (type === closerType) depth++;
    else if (openers.includes(type)) {
      if (depth === 0) return tokens[i];
      depth--;
    }
  }
  return undefined;
}
