// The vbrs token table: every token type the lexer can produce and the parser can consume, with
// the highlighting category the REPL colours it by. Token types are Chevrotain TokenTypes (the
// parser matches on them); the lexer that produces them lives in lexer.ts because PowerShell's
// tokenization depends on parser context (argument vs expression mode) and cannot be a flat regex
// table.
import { createToken, Lexer, type TokenType } from 'chevrotain';

export type TokenCategory =
  | 'keyword'
  | 'variable'
  | 'string'
  | 'number'
  | 'operator'
  | 'command'
  | 'parameter'
  | 'comment'
  | 'type'
  | 'punctuation'
  | 'text';

const categoryOf = new Map<TokenType, TokenCategory>();

function tok(name: string, category: TokenCategory, label: string, categories?: TokenType[]): TokenType {
  const t = createToken({ name, pattern: Lexer.NA, label, ...(categories ? { categories } : {}) });
  categoryOf.set(t, category);
  return t;
}

export function tokenCategory(t: TokenType): TokenCategory {
  return categoryOf.get(t) ?? 'text';
}

// Separators and brackets
export const NewLine = tok('NewLine', 'punctuation', 'newline');
export const Semi = tok('Semi', 'punctuation', "';'");
export const LParen = tok('LParen', 'punctuation', "'('");
export const RParen = tok('RParen', 'punctuation', "')'");
export const LBrace = tok('LBrace', 'punctuation', "'{'");
export const RBrace = tok('RBrace', 'punctuation', "'}'");
/** `[` opening a type literal, cast or attribute. */
export const LBracket = tok('LBracket', 'punctuation', "'['");
export const RBracket = tok('RBracket', 'punctuation', "']'");
/** `[` directly after a value: indexing. */
export const IndexOpen = tok('IndexOpen', 'punctuation', "'['");
export const NullIndexOpen = tok('NullIndexOpen', 'operator', "'?['");
/** `(` directly after a member name: a method call's argument list. */
export const InvokeOpen = tok('InvokeOpen', 'punctuation', "'('");
export const DollarParen = tok('DollarParen', 'punctuation', "'$('");
export const AtParen = tok('AtParen', 'punctuation', "'@('");
export const AtBrace = tok('AtBrace', 'punctuation', "'@{'");

// Values
export const Variable = tok('Variable', 'variable', 'a variable');
export const SplatVariable = tok('SplatVariable', 'variable', 'splatted variable');
export const NumberLiteral = tok('NumberLiteral', 'number', 'a number');
export const StringSingle = tok('StringSingle', 'string', 'string');
export const StringDouble = tok('StringDouble', 'string', 'string');
export const HereStringSingle = tok('HereStringSingle', 'string', 'here-string');
export const HereStringDouble = tok('HereStringDouble', 'string', 'here-string');
/** A bare word: a command name, a bare argument, a member or key name, a label. */
export const GenericToken = tok('GenericToken', 'text', 'a name');
/** A bare word in command position (or a function's name); the parser sees a GenericToken, the
 *  REPL colours it as a command. */
export const CommandName = tok('CommandName', 'command', 'a command name', [GenericToken]);
/** The text between `[` and `]` of a type: `int`, `string[]`, `Collections.Generic.List[int]`. */
export const TypeName = tok('TypeName', 'type', 'a type name');
export const Parameter = tok('Parameter', 'parameter', 'parameter');
/** `-Name:` — a parameter whose argument follows the colon. */
export const ParameterColon = tok('ParameterColon', 'parameter', 'parameter');
/** `:outer` before a loop. */
export const Label = tok('Label', 'keyword', 'label');

// Keywords (case-insensitive; the lexer decides when a word is a keyword)
export const keywordTokens = new Map<string, TokenType>();
function kw(word: string): TokenType {
  const t = tok(word[0]!.toUpperCase() + word.slice(1), 'keyword', `'${word}'`);
  keywordTokens.set(word, t);
  return t;
}
export const If = kw('if');
export const ElseIf = kw('elseif');
export const Else = kw('else');
export const Switch = kw('switch');
export const Foreach = kw('foreach');
export const For = kw('for');
export const While = kw('while');
export const Do = kw('do');
export const Until = kw('until');
export const FunctionKw = kw('function');
export const Filter = kw('filter');
export const Param = kw('param');
export const Begin = kw('begin');
export const Process = kw('process');
export const End = kw('end');
export const Break = kw('break');
export const Continue = kw('continue');
export const Return = kw('return');
export const Exit = kw('exit');
export const Throw = kw('throw');
export const Try = kw('try');
export const Catch = kw('catch');
export const Finally = kw('finally');
export const Trap = kw('trap');
export const In = kw('in');
/** Only inside a switch body. */
export const Default = tok('Default', 'keyword', "'default'");

// Operators. Every binary operator is in the BinaryOp category: the grammar reads `operand
// (BinaryOp operand)*` flat and to-ast.ts applies precedence, which keeps the parser's recursion
// (and so its stack use per nesting level) small. Dash operators are further grouped by level;
// which word is which operator, and its precedence, is the table in operators.ts.
export const BinaryOp = tok('BinaryOp', 'operator', 'a binary operator');
const B = [BinaryOp];
export const LogicalOp = tok('LogicalOp', 'operator', 'logical operator', B);
export const BitwiseOp = tok('BitwiseOp', 'operator', 'bitwise operator', B);
export const ComparisonOp = tok('ComparisonOp', 'operator', 'comparison operator', B);
/** `-split` / `-join`: binary comparison-level operators that may also be unary. */
export const SplitJoinOp = tok('SplitJoinOp', 'operator', "'-split' or '-join'", [ComparisonOp, BinaryOp]);
export const FormatOp = tok('FormatOp', 'operator', "'-f'", B);
export const NotOp = tok('NotOp', 'operator', "'-not'");
export const BnotOp = tok('BnotOp', 'operator', "'-bnot'");

export const Plus = tok('Plus', 'operator', "'+'", B);
export const Minus = tok('Minus', 'operator', "'-'", B);
export const Star = tok('Star', 'operator', "'*'", B);
export const Slash = tok('Slash', 'operator', "'/'", B);
export const Percent = tok('Percent', 'operator', "'%'", B);
export const PlusPlus = tok('PlusPlus', 'operator', "'++'");
export const MinusMinus = tok('MinusMinus', 'operator', "'--'");
export const Exclaim = tok('Exclaim', 'operator', "'!'");
export const Comma = tok('Comma', 'operator', "','", B);
/** `,` separating method, attribute or param() arguments (the comma operator's job is done by Comma). */
export const ArgComma = tok('ArgComma', 'punctuation', "','");
export const DotDot = tok('DotDot', 'operator', "'..'", B);
export const Dot = tok('Dot', 'operator', "'.'");
export const NullDot = tok('NullDot', 'operator', "'?.'");
export const ColonColon = tok('ColonColon', 'operator', "'::'");
export const Equals = tok('Equals', 'operator', "'='");
/** `+= -= *= /= %= ??=`. */
export const CompoundAssign = tok('CompoundAssign', 'operator', 'assignment operator');
export const QuestionQuestion = tok('QuestionQuestion', 'operator', "'??'", B);
export const Question = tok('Question', 'operator', "'?'");
export const Colon = tok('Colon', 'operator', "':'");
export const Pipe = tok('Pipe', 'operator', "'|'");
export const AndAnd = tok('AndAnd', 'operator', "'&&'");
export const OrOr = tok('OrOr', 'operator', "'||'");
/** `&` call operator at the start of a pipeline element. */
export const Amp = tok('Amp', 'operator', "'&'");
/** `.` dot-source operator at the start of a pipeline element. */
export const DotSource = tok('DotSource', 'operator', "'.'");
/** `>`, `>>`, `2>`, `2>&1`, `*>` … */
export const Redirection = tok('Redirection', 'operator', 'redirection');

// Not given to the parser; reported by tokenize() for highlighting.
export const Comment = tok('Comment', 'comment', 'comment');
export const Unknown = tok('Unknown', 'text', 'unknown character');

export const allTokens: TokenType[] = [
  NewLine, Semi, LParen, RParen, LBrace, RBrace, LBracket, RBracket, IndexOpen, NullIndexOpen, InvokeOpen,
  DollarParen, AtParen, AtBrace, Variable, SplatVariable, NumberLiteral, StringSingle, StringDouble,
  HereStringSingle, HereStringDouble, GenericToken, CommandName, TypeName, Parameter, ParameterColon, Label,
  ...keywordTokens.values(), Default,
  BinaryOp, LogicalOp, BitwiseOp, ComparisonOp, SplitJoinOp, FormatOp, NotOp, BnotOp,
  Plus, Minus, Star, Slash, Percent, PlusPlus, MinusMinus, Exclaim, Comma, ArgComma, DotDot, Dot, NullDot,
  ColonColon, Equals, CompoundAssign, QuestionQuestion, Question, Colon, Pipe, AndAnd, OrOr, Amp,
  DotSource, Redirection, Comment, Unknown,
];
