// The vbrs lexer: source text → Chevrotain tokens for the parser. PowerShell's tokens depend on
// where they appear — `-Name` is a parameter in a command but `-eq` is an operator in an
// expression; `web01` is a command name at the start of a statement and a bare string after it;
// `[` opens a type after a space but an index right after a value; `if` is a keyword only where a
// statement starts. A flat regex table cannot know this, so this is a hand-written scanner that
// keeps a stack of bracket frames, each remembering whether it is at a statement start, in
// expression mode or in argument mode (about_Parsing), and emits the token types of tokens.ts.
// It is linear in the input: every character is looked at a bounded number of times.
import { createTokenInstance, type IToken, type TokenType } from 'chevrotain';
import { describeFound, ParseError, type ParseErrorCode } from './errors.ts';
import { parseNumberLiteral } from './number-literal.ts';
import { dashOperatorTokens } from './operators.ts';
import {
  doubleQuotedEnd, hereStringClose, isDigit, isNewline, isSpace, isWordChar, isWordStart, singleQuotedEnd, subexpressionEnd,
  TOO_DEEP, typeNameEnd, variableEnd,
} from './scan.ts';
import type { Source } from './source.ts';
import * as T from './tokens.ts';

/** Deeper bracket nesting than this is refused before the (recursive) parser sees it. Nesting
 *  beyond MAIN_THREAD_NESTING is parsed on a thread with a larger stack (large-stack-parse.ts). */
export const MAX_NESTING = 1000;
/** Chevrotain spends about 40 JavaScript frames per nesting level and Node's default stack holds
 *  roughly 140 levels of `@( … )`; this leaves headroom for the caller's own stack. */
export const MAIN_THREAD_NESTING = 80;

/** The `)` that ends a do-while/until condition: like a statement's closing `}`, it needs no newline
 *  or `;` before the next statement (`do { … } while ($x) Write-Host done`). */
export const STATEMENT_END_PARENS = new WeakSet<IToken>();

type FrameKind = 'top' | 'block' | 'paren' | 'sub' | 'hash' | 'switch' | 'index' | 'params' | 'attr' | 'margs';
/** start: a statement may begin (keywords, commands); elem: a pipeline element may begin (commands,
 *  no keywords); expr: expression mode; arg: a command's arguments; key: a hashtable key. */
type State = 'start' | 'elem' | 'expr' | 'arg' | 'key';

interface Frame {
  kind: FrameKind;
  opener: IToken | null;
  state: State;
  pendingSwitch: boolean;
  pendingParams: boolean;
  pendingDo: boolean;
  isDo: boolean;
  /** A keyword that takes a `{ }` body was seen, so a newline before that `{` is not a separator
   *  (Allman style: `if ($x)` ⏎ `{`). */
  expectBlock: boolean;
  /** Token count right after a `do { }` body closed in this frame (for `}\nwhile`). */
  closedDoAt: number;
  /** A `param` keyword was seen: its `( … )` ends the param block, and a statement may follow on the
   *  same line (`param($a) Write-Host $a`), so the lexer goes back to the start state after it. */
  pendingParamBlock: boolean;
  /** This `params` frame is a `param( … )` block (not a function's `f($a)` list). */
  isParamBlock: boolean;
  /** The current command's arguments passed `--`: no more parameters. */
  sawDashDash: boolean;
  /** `do { } while` / `until` was seen: the next `( … )` is its condition. */
  pendingDoCondition: boolean;
  /** This `paren` frame is a do-while/until condition, after which a statement may follow. */
  isDoCondition: boolean;
}

const STATEMENT_FRAMES = new Set<FrameKind>(['top', 'block', 'paren', 'sub', 'hash']);
const NEWLINE_SKIPPING_FRAMES = new Set<FrameKind>(['paren', 'index', 'params', 'attr', 'margs']);
const CLOSER: Record<FrameKind, string> = {
  top: '', block: '}', paren: ')', sub: ')', hash: '}', switch: '}', index: ']', params: ')', attr: ')', margs: ')',
};

/** Tokens after which a newline does not end the statement (`1 +` ⏎ `2`). */
const CONTINUING = new Set<TokenType>([
  T.Plus, T.Minus, T.Star, T.Slash, T.Percent, T.Comma, T.ArgComma, T.DotDot, T.Pipe, T.AndAnd, T.OrOr,
  T.Equals, T.CompoundAssign, T.LogicalOp, T.BitwiseOp, T.ComparisonOp, T.SplitJoinOp, T.FormatOp,
  T.NotOp, T.BnotOp, T.Exclaim, T.QuestionQuestion, T.Question, T.Colon,
]);
/** Tokens that end a value, so a directly following `.`/`[`/`::` is member access or indexing. */
const VALUE_END = new Set<TokenType>([
  T.Variable, T.RParen, T.RBracket, T.RBrace, T.StringSingle, T.StringDouble, T.HereStringSingle, T.HereStringDouble,
  // a number's members: `7.125.ToString('00000.000')` (the literal stops before a dot not followed by a digit)
  T.NumberLiteral,
]);
/** Keywords whose statement continues with a `{ }` body (possibly on the next line). */
const BLOCK_KEYWORDS = new Set<TokenType>([
  T.If, T.ElseIf, T.Else, T.Switch, T.Foreach, T.For, T.While, T.Do, T.Try, T.Catch, T.Finally, T.Trap,
  T.FunctionKw, T.Filter, T.Begin, T.Process, T.End,
]);
const WHILE_AFTER_BLOCK = new Set<TokenType>([T.Else, T.ElseIf, T.Catch, T.Finally]);

const NUMBER_IN_EXPRESSION = /(?:0[xX][0-9a-fA-F]+|0[bB][01]+|(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)[a-zA-Z]*/y;
/** Characters that end a bare word in argument mode. */
const GENERIC_STOP = new Set([' ', '\t', '\f', '\v', '\u00a0', '\n', '\r', '|', ';', ',', '(', ')', '{', '}', '&', '<', '>']);
/** Characters that cannot start a command name. */
const NOT_COMMAND_START = new Set(['$', '@', '(', ')', '[', ']', '{', '}', "'", '"', '-', '+', '!', ',', ';', '|', '&',
  '#', '<', '>', '=', '*', '%', '?', ':', '`']);

export interface LexResult {
  tokens: IToken[];
  /** The deepest bracket nesting seen (including the depth the lexer started at). */
  maxDepth: number;
  comments: IToken[];
  /** The first lexical error; tokens stop where it happened. The parser runs first so an earlier
   *  syntax error wins over, say, an unterminated string at the end. */
  error: ParseError | null;
}

/** Lex `source.text[start, end)`. Throws only for nesting deeper than MAX_NESTING. */
export function lex(source: Source, start = 0, end = source.text.length, depth = 0): LexResult {
  const lexer = new Scanner(source, start, end, depth);
  try {
    lexer.run();
  } catch (e) {
    if (!(e instanceof LexStop)) throw e;
    return { tokens: lexer.tokens, comments: lexer.comments, maxDepth: lexer.maxDepth, error: e.error };
  }
  return { tokens: lexer.tokens, comments: lexer.comments, maxDepth: lexer.maxDepth, error: null };
}

class LexStop {
  readonly error: ParseError;
  constructor(error: ParseError) {
    this.error = error;
  }
}

class Scanner {
  readonly tokens: IToken[] = [];
  readonly comments: IToken[] = [];
  maxDepth: number;
  readonly #source: Source;
  readonly #text: string;
  readonly #end: number;
  readonly #baseDepth: number;
  #pos: number;
  readonly #frames: Frame[];
  /** End offset of the last value-ending token (for postfix `.`, `[`, `::`). */
  #valueEnd = -1;
  /** End offset of the last member name (for `(` of a method call). */
  #memberEnd = -1;
  /** End offset of the last type name inside `[` (for `(` of an attribute). */
  #typeNameEnd = -1;
  /** End offset of the `]` closing a type or attribute: `::` may follow it, an index may not. */
  #typeCloseEnd = -1;
  /** After `function`/`filter`, `break`/`continue`, a redirection: what the next word is. */
  #oneShot: 'funcName' | 'label' | 'redirTarget' | null = null;

  constructor(source: Source, start: number, end: number, depth: number) {
    this.#source = source;
    this.#text = source.text;
    this.#pos = start;
    this.#end = end;
    this.#baseDepth = depth;
    this.maxDepth = depth;
    this.#frames = [newFrame('top', null, 'start')];
  }

  get #frame(): Frame {
    return this.#frames[this.#frames.length - 1]!;
  }

  run(): void {
    const text = this.#text;
    for (;;) {
      this.#skipSpace();
      if (this.#pos >= this.#end) break;
      const c = text[this.#pos]!;
      if (c === '#') {
        this.#lineComment();
        continue;
      }
      if (c === '<' && text[this.#pos + 1] === '#') {
        this.#blockComment();
        continue;
      }
      if (isNewline(c)) {
        this.#newline();
        continue;
      }
      if (this.#oneShot !== null && this.#lexOneShot()) continue;
      const frame = this.#frame;
      if (frame.state === 'start' || frame.state === 'elem') this.#lexStatementStart();
      else if (frame.state === 'arg') this.#lexArgument();
      else if (frame.state === 'key') this.#lexHashKey();
      else this.#lexExpression();
    }
    if (this.#frames.length > 1) {
      const frame = this.#frame;
      const opener = frame.opener!;
      this.#fail(frameMissingCode(frame.kind), this.#end, this.#end, {
        message: `missing closing '${CLOSER[frame.kind]}' for ${frameDescription(frame.kind)} started at ${this.#at(opener.startOffset)}: found end of input`,
        expected: `closing '${CLOSER[frame.kind]}'`,
        found: 'end of input',
        incomplete: true,
      });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Emitting

  #emit(type: TokenType, start: number, end: number, image = this.#text.slice(start, end)): IToken {
    const t = createTokenInstance(type, image, start, end - 1, NaN, NaN, NaN, NaN);
    this.tokens.push(t);
    this.#pos = end;
    this.#valueEnd = VALUE_END.has(type) ? end : -1;
    return t;
  }

  #fail(code: ParseErrorCode, start: number, end: number, o: { message?: string; expected: string; found: string; incomplete: boolean }): never {
    throw new LexStop(new ParseError({ code, span: { start, end }, source: this.#source, ...o }));
  }

  #at(offset: number): string {
    const { line, col } = this.#source.lineCol(offset);
    return `${line}:${col}`;
  }

  #push(kind: FrameKind, opener: IToken, state: State): Frame {
    if (this.#frames.length + this.#baseDepth > MAX_NESTING) throw this.#tooDeep(opener.startOffset);
    const frame = newFrame(kind, opener, state);
    this.#frames.push(frame);
    this.maxDepth = Math.max(this.maxDepth, this.#frames.length - 1 + this.#baseDepth);
    return frame;
  }

  /** A closing bracket: pops its frame, or reports the mismatch. */
  #close(c: string): void {
    const frame = this.#frame;
    const start = this.#pos;
    if (c === ']' && frame.kind !== 'index') {
      // the end of a type or attribute `[…]`, which is not a frame; the parser checks its pairing
      this.#emit(T.RBracket, start, start + 1);
      this.#typeCloseEnd = start + 1;
      return;
    }
    if (frame.kind === 'top') {
      this.#fail('VBRS_PARSE_UNMATCHED_CLOSER', start, start + 1, {
        message: `unexpected '${c}' with no matching opening bracket`, expected: '', found: `'${c}'`, incomplete: false,
      });
    }
    if (CLOSER[frame.kind] !== c) {
      this.#fail(frameMissingCode(frame.kind), start, start + 1, {
        message: `missing closing '${CLOSER[frame.kind]}' for ${frameDescription(frame.kind)} started at ${this.#at(frame.opener!.startOffset)}: found '${c}'`,
        expected: `closing '${CLOSER[frame.kind]}'`, found: `'${c}'`, incomplete: false,
      });
    }
    this.#frames.pop();
    const type = c === ')' ? T.RParen : c === '}' ? T.RBrace : T.RBracket;
    this.#emit(type, start, start + 1);
    if (frame.isDo) this.#frame.closedDoAt = this.tokens.length;
    if (frame.isParamBlock) this.#frame.state = 'start';
    if (frame.isDoCondition) {
      this.#frame.state = 'start';
      STATEMENT_END_PARENS.add(this.tokens[this.tokens.length - 1]!);
    }
  }

  #open(c: string): void {
    const start = this.#pos;
    const frame = this.#frame;
    const two = this.#text.slice(start, start + 2);
    if (two === '$(' || two === '@(') {
      const t = this.#emit(two === '$(' ? T.DollarParen : T.AtParen, start, start + 2);
      this.#push('sub', t, 'start');
    } else if (two === '@{') {
      const t = this.#emit(T.AtBrace, start, start + 2);
      this.#push('hash', t, 'key');
    } else if (c === '(') {
      if (start === this.#memberEnd) {
        this.#push('margs', this.#emit(T.InvokeOpen, start, start + 1), 'expr');
      } else if (start === this.#typeNameEnd) {
        this.#push('attr', this.#emit(T.LParen, start, start + 1), 'expr');
      } else if (frame.pendingParams) {
        frame.pendingParams = false;
        const isParamBlock = frame.pendingParamBlock;
        frame.pendingParamBlock = false;
        this.#push('params', this.#emit(T.LParen, start, start + 1), 'expr').isParamBlock = isParamBlock;
      } else {
        this.#push('paren', this.#emit(T.LParen, start, start + 1), 'start').isDoCondition = frame.pendingDoCondition;
        frame.pendingDoCondition = false;
      }
    } else if (c === '{') {
      if (frame.expectBlock) {
        frame.expectBlock = false;
        let n = this.tokens.length;
        while (n > 0 && this.tokens[n - 1]!.tokenType === T.NewLine) n--;
        this.tokens.length = n;
      }
      const t = this.#emit(T.LBrace, start, start + 1);
      frame.pendingParams = frame.pendingParamBlock = false;
      if (frame.pendingSwitch) {
        frame.pendingSwitch = false;
        this.#push('switch', t, 'expr');
      } else {
        const isDo = frame.pendingDo;
        frame.pendingDo = false;
        this.#push('block', t, 'start').isDo = isDo;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Whitespace, comments, newlines

  #skipSpace(): void {
    const text = this.#text;
    while (this.#pos < this.#end) {
      const c = text[this.#pos]!;
      if (isSpace(c)) this.#pos++;
      else if (c === '`' && this.#pos + 1 >= this.#end) {
        this.#fail('VBRS_PARSE_TRAILING_BACKTICK', this.#pos, this.#pos + 1, {
          message: 'missing the next line after the line-continuation backtick: found end of input',
          expected: 'a line after the backtick', found: 'end of input', incomplete: true,
        });
      } else if (c === '`' && isNewline(text[this.#pos + 1]!)) {
        this.#pos += text[this.#pos + 1] === '\r' && text[this.#pos + 2] === '\n' ? 3 : 2;
      } else break;
    }
  }

  #lineComment(): void {
    const start = this.#pos;
    let p = start;
    while (p < this.#end && !isNewline(this.#text[p]!)) p++;
    this.comments.push(createTokenInstance(T.Comment, this.#text.slice(start, p), start, p - 1, NaN, NaN, NaN, NaN));
    this.#pos = p;
  }

  #blockComment(): void {
    const start = this.#pos;
    const close = this.#text.indexOf('#>', start + 2);
    if (close < 0 || close + 2 > this.#end) {
      this.#fail('VBRS_PARSE_UNTERMINATED_COMMENT', start, start + 2, {
        message: `missing '#>' to end the block comment started at ${this.#at(start)}: found end of input`,
        expected: "'#>'", found: 'end of input', incomplete: true,
      });
    }
    this.comments.push(createTokenInstance(T.Comment, this.#text.slice(start, close + 2), start, close + 1, NaN, NaN, NaN, NaN));
    this.#pos = close + 2;
  }

  #newline(): void {
    const start = this.#pos;
    const end = this.#text[start] === '\r' && this.#text[start + 1] === '\n' ? start + 2 : start + 1;
    const frame = this.#frame;
    this.#oneShot = null;
    if (NEWLINE_SKIPPING_FRAMES.has(frame.kind)) {
      this.#pos = end;
      return;
    }
    const last = this.tokens[this.tokens.length - 1];
    if (last && CONTINUING.has(last.tokenType)) {
      this.#pos = end;
      return;
    }
    this.#separator(T.NewLine, start, end);
  }

  #separator(type: TokenType, start: number, end: number): void {
    const last = this.tokens[this.tokens.length - 1];
    if (type === T.NewLine && last && last.tokenType === T.NewLine) this.#pos = end;
    else this.#emit(type, start, end);
    const frame = this.#frame;
    frame.pendingParams = frame.pendingParamBlock = false;
    frame.sawDashDash = false;
    if (type === T.Semi) {
      // a newline may stand between `switch (…)` and its `{`; a semicolon ends the statement
      frame.expectBlock = false;
      frame.pendingSwitch = false;
    }
    if (frame.kind === 'hash') frame.state = 'key';
    else if (STATEMENT_FRAMES.has(frame.kind)) frame.state = 'start';
  }

  // -------------------------------------------------------------------------------------------
  // States

  /** After `function`, `break`, a redirection: the next token is a plain word. Returns true when it
   *  consumed a token. */
  #lexOneShot(): boolean {
    const kind = this.#oneShot;
    this.#oneShot = null;
    const start = this.#pos;
    const c = this.#text[start]!;
    if (kind === 'funcName') {
      if (NOT_COMMAND_START.has(c)) return false;
      let p = start;
      while (p < this.#end && !GENERIC_STOP.has(this.#text[p]!)) p++;
      if (p === start) return false;
      this.#emit(T.CommandName, start, p);
      this.#frame.pendingParams = true;
      this.#frame.state = 'expr';
      return true;
    }
    if (kind === 'label') {
      if (!isWordChar(c)) return false;
      this.#emit(T.GenericToken, start, this.#wordEnd(start));
      return true;
    }
    // redirection target: one argument-mode value
    if (c === "'" || c === '"' || c === '$') return false; // lexed normally as a string or variable
    if (GENERIC_STOP.has(c)) return false;
    this.#emit(T.GenericToken, start, this.#genericEnd(start));
    return true;
  }

  #lexStatementStart(): void {
    const text = this.#text;
    const frame = this.#frame;
    const start = this.#pos;
    const c = text[start]!;
    const next = text[start + 1] ?? '';
    if (frame.state === 'start' && c === ':' && isWordStart(next)) {
      this.#emit(T.Label, start, this.#wordEnd(start + 1));
      return;
    }
    if (c === '&' && next !== '&') {
      this.#emit(T.Amp, start, start + 1);
      frame.state = 'arg';
      return;
    }
    if (c === '.' && (isSpace(next) || next === '$' || next === "'" || next === '"' || next === '{' || next === '(')) {
      this.#emit(T.DotSource, start, start + 1);
      frame.state = 'arg';
      return;
    }
    if ((c === '%' || c === '?') && frame.state === 'elem' && (isSpace(next) || next === '{' || next === '' || isNewline(next))) {
      this.#emit(T.CommandName, start, start + 1);
      frame.state = 'arg';
      return;
    }
    // a word that starts with a digit but is no number (`7z a x.zip`) is a command name
    const digitCommand = isDigit(c) && !this.#numberAhead(start);
    const isCommandStart = !NOT_COMMAND_START.has(c) && (!isDigit(c) || digitCommand) && !(c === '.' && (isDigit(next) || next === '.'));
    if (!isCommandStart) {
      frame.state = 'expr';
      this.#lexExpression();
      return;
    }
    const end = this.#genericEnd(start);
    const word = text.slice(start, end);
    if (frame.state === 'start') {
      const kw = T.keywordTokens.get(word.toLowerCase());
      if (kw) {
        this.#keyword(kw, start, end);
        return;
      }
    }
    this.#emit(T.CommandName, start, end);
    frame.state = 'arg';
    frame.sawDashDash = false;
  }

  #keyword(kw: TokenType, start: number, end: number): void {
    const frame = this.#frame;
    // `}` ⏎ `else`: the newline does not end the if statement (likewise catch, finally, do…while).
    if (WHILE_AFTER_BLOCK.has(kw) || kw === T.While || kw === T.Until) {
      let n = this.tokens.length;
      while (n > 0 && this.tokens[n - 1]!.tokenType === T.NewLine) n--;
      const before = this.tokens[n - 1];
      if (before?.tokenType === T.RBrace && (WHILE_AFTER_BLOCK.has(kw) || frame.closedDoAt === n)) this.tokens.length = n;
      frame.pendingDoCondition = !WHILE_AFTER_BLOCK.has(kw) && before?.tokenType === T.RBrace && frame.closedDoAt === n;
    }
    this.#emit(kw, start, end);
    frame.state = 'expr';
    frame.expectBlock = BLOCK_KEYWORDS.has(kw);
    if (kw === T.FunctionKw || kw === T.Filter) this.#oneShot = 'funcName';
    else if (kw === T.Break || kw === T.Continue) this.#oneShot = 'label';
    else if (kw === T.Return || kw === T.Throw || kw === T.Exit || kw === T.In) frame.state = 'elem';
    else if (kw === T.Param) frame.pendingParams = frame.pendingParamBlock = true;
    else if (kw === T.Switch) frame.pendingSwitch = true;
    else if (kw === T.Do) frame.pendingDo = true;
  }

  #lexHashKey(): void {
    const start = this.#pos;
    const c = this.#text[start]!;
    this.#frame.state = 'expr';
    if (isWordStart(c)) {
      let p = start;
      while (p < this.#end && /[\p{L}\p{N}_.\-]/u.test(this.#text[p]!)) p++;
      this.#emit(T.GenericToken, start, p);
      return;
    }
    this.#lexExpression();
  }

  /** Postfix `.name`, `::name`, `?.name`, `[`, `?[` and a method call's `(` directly after a value.
   *  Returns true when it consumed a token. */
  #lexPostfix(allowNullConditional: boolean): boolean {
    const text = this.#text;
    const start = this.#pos;
    const c = text[start]!;
    const next = text[start + 1] ?? '';
    if (start === this.#memberEnd && c === '(') {
      this.#open('(');
      return true;
    }
    if (start !== this.#valueEnd) return false;
    if (c === '[' && start !== this.#typeCloseEnd) {
      this.#push('index', this.#emit(T.IndexOpen, start, start + 1), 'expr');
      return true;
    }
    if (allowNullConditional && c === '?' && next === '[') {
      this.#push('index', this.#emit(T.NullIndexOpen, start, start + 2), 'expr');
      return true;
    }
    let opLen = 0;
    let type: TokenType = T.Dot;
    if (c === '.' && next !== '.') opLen = 1;
    else if (c === ':' && next === ':') (opLen = 2), (type = T.ColonColon);
    else if (allowNullConditional && c === '?' && next === '.') (opLen = 2), (type = T.NullDot);
    if (opLen === 0) return false;
    const after = text[start + opLen] ?? '';
    if (!(isWordStart(after) || isDigit(after) || after === '$' || after === "'" || after === '"' || after === '(')) return false;
    this.#emit(type, start, start + opLen);
    if (isWordStart(after) || isDigit(after)) {
      const nameEnd = this.#wordEnd(this.#pos);
      this.#emit(T.GenericToken, this.#pos, nameEnd);
      this.#valueEnd = nameEnd;
      this.#memberEnd = nameEnd;
    }
    return true;
  }

  #lexExpression(): void {
    const text = this.#text;
    const frame = this.#frame;
    const start = this.#pos;
    const c = text[start]!;
    const next = text[start + 1] ?? '';
    if (this.#lexPostfix(true)) return;
    if (this.#lexSharedValue()) return;
    switch (c) {
      case ';':
        this.#separator(T.Semi, start, start + 1);
        return;
      case ',':
        this.#emit(frame.kind === 'margs' || frame.kind === 'attr' || frame.kind === 'params' ? T.ArgComma : T.Comma, start, start + 1);
        return;
      case '-':
        this.#lexDash();
        return;
      case '+':
        if (next === '+') this.#emit(T.PlusPlus, start, start + 2);
        else if (next === '=') this.#assign(start, 2);
        else this.#emit(T.Plus, start, start + 1);
        return;
      case '*':
        if (next === '>') this.#redirection(start);
        else if (next === '=') this.#assign(start, 2);
        else this.#emit(T.Star, start, start + 1);
        return;
      case '/':
      case '%':
        if (next === '=') this.#assign(start, 2);
        else this.#emit(c === '/' ? T.Slash : T.Percent, start, start + 1);
        return;
      case '!':
        this.#emit(T.Exclaim, start, start + 1);
        return;
      case '.':
        if (next === '.') this.#emit(T.DotDot, start, start + 2);
        else this.#emit(T.Dot, start, start + 1);
        return;
      case ':':
        if (next === ':') this.#emit(T.ColonColon, start, start + 2);
        else this.#emit(T.Colon, start, start + 1);
        return;
      case '?':
        if (next === '?' && text[start + 2] === '=') this.#assign(start, 3);
        else if (next === '?') this.#emit(T.QuestionQuestion, start, start + 2);
        else this.#emit(T.Question, start, start + 1);
        return;
      case '=':
        this.#assign(start, 1);
        return;
      case '|':
        this.#pipe(start);
        return;
      case '&':
        if (next === '&') this.#chain(T.AndAnd, start);
        else this.#emit(T.Amp, start, start + 1);
        return;
      case '>':
        this.#redirection(start);
        return;
    }
    if (isDigit(c) && next === '>') {
      this.#redirection(start);
      return;
    }
    if (isDigit(c) || (c === '.' && isDigit(next))) {
      this.#lexNumberInExpression();
      return;
    }
    if (isWordStart(c)) {
      const end = this.#wordEnd(start);
      const word = text.slice(start, end).toLowerCase();
      if (frame.kind === 'switch') {
        this.#emit(word === 'default' ? T.Default : T.GenericToken, start, end);
        return;
      }
      const kw = STATEMENT_FRAMES.has(frame.kind) ? T.keywordTokens.get(word) : undefined;
      if (kw) this.#keyword(kw, start, end);
      else this.#emit(T.GenericToken, start, end);
      return;
    }
    this.#unknown(start);
  }

  /** Tokens lexed the same way in expression and argument mode: brackets, variables, strings,
   *  types. Returns true when it consumed a token. */
  #lexSharedValue(): boolean {
    const text = this.#text;
    const start = this.#pos;
    const c = text[start]!;
    const next = text[start + 1] ?? '';
    switch (c) {
      case '(':
      case '{':
        this.#open(c);
        return true;
      case ')':
      case '}':
      case ']':
        this.#close(c);
        return true;
      case '$':
        if (next === '(') this.#open('$');
        else this.#lexVariable(start);
        return true;
      case '@':
        if (next === '(' || next === '{') this.#open('@');
        else if (next === '"' || next === "'") this.#lexHereString(start);
        else if (isWordChar(next)) {
          this.#emit(T.SplatVariable, start, this.#wordEnd(start + 1));
        } else return false;
        return true;
      case "'":
        this.#emit(T.StringSingle, start, this.#singleQuotedEnd(start));
        return true;
      case '"':
        this.#emit(T.StringDouble, start, this.#doubleQuotedEnd(start));
        return true;
      case '[':
        return this.#lexType(start);
    }
    return false;
  }

  #lexArgument(): void {
    const text = this.#text;
    const start = this.#pos;
    const c = text[start]!;
    const next = text[start + 1] ?? '';
    if (this.#lexPostfix(false)) return;
    if (c === '$' && next !== '(' && this.#variableIsWholeWord(start)) {
      // `$dir/file.txt` in argument mode is one expandable bare word
      this.#emit(T.GenericToken, start, this.#genericEnd(start));
      return;
    }
    if (c === "'" || c === '"') {
      // `"a b"c` is one argument: a bare word made of a quoted part and more characters
      const quoted = c === "'" ? this.#singleQuotedEnd(start) : this.#doubleQuotedEnd(start);
      const whole = this.#genericEnd(start);
      // …but `"abc".Length` and `"abc"[0]` index the string, as in PowerShell.
      const after = text[quoted] ?? '';
      const postfix = after === '[' || (after === '.' && isWordStart(text[quoted + 1] ?? ''));
      if (whole > quoted && !postfix) {
        this.#emit(T.GenericToken, start, whole);
        return;
      }
    }
    if (c === '[' && !this.#typeAhead(start)) {
      this.#emit(T.GenericToken, start, this.#genericEnd(start));
      return;
    }
    if (this.#lexSharedValue()) return;
    switch (c) {
      case ';':
        this.#separator(T.Semi, start, start + 1);
        return;
      case ',':
        this.#emit(T.Comma, start, start + 1);
        return;
      case '|':
        this.#pipe(start);
        return;
      case '&':
        if (next === '&') this.#chain(T.AndAnd, start);
        else this.#emit(T.Amp, start, start + 1);
        return;
      case '>':
        this.#redirection(start);
        return;
      case '<':
        this.#unknown(start);
        return;
    }
    if ((isDigit(c) || c === '*') && next === '>') {
      this.#redirection(start);
      return;
    }
    const end = this.#genericEnd(start);
    const word = text.slice(start, end);
    if (end > start && (isDigit(c) || c === '-' || c === '.') && parseNumberLiteral(word) !== null) {
      this.#emit(T.NumberLiteral, start, end);
      return;
    }
    // `--` ends the parameters: the first is dropped, the words after it are arguments (`-a` too)
    const frame = this.#frame;
    if (word === '--' && !frame.sawDashDash) {
      frame.sawDashDash = true;
      this.#pos = end;
      return;
    }
    if (c === '-' && end > start + 1 && word !== '--%' && !frame.sawDashDash) {
      const n = text[start + 1]!;
      if (isWordStart(n) || n === '?') {
        let p = start + 1;
        while (p < end && text[p] !== ':') p++;
        if (text[p] === ':') this.#emit(T.ParameterColon, start, p + 1);
        else this.#emit(T.Parameter, start, p);
        return;
      }
    }
    if (end === start) {
      this.#unknown(start);
      return;
    }
    this.#emit(T.GenericToken, start, end);
  }

  // -------------------------------------------------------------------------------------------
  // Individual tokens

  #assign(start: number, len: number): void {
    this.#emit(len === 1 ? T.Equals : T.CompoundAssign, start, start + len);
    const frame = this.#frame;
    if (STATEMENT_FRAMES.has(frame.kind)) frame.state = 'start';
  }

  #pipe(start: number): void {
    if (this.#text[start + 1] === '|') {
      this.#chain(T.OrOr, start);
      return;
    }
    // PowerShell 7: a line may begin with `|` to continue the previous line's pipeline.
    let n = this.tokens.length;
    while (n > 0 && this.tokens[n - 1]!.tokenType === T.NewLine) n--;
    if (n < this.tokens.length && n > 0 && !isOpenerOrSeparator(this.tokens[n - 1]!.tokenType)) this.tokens.length = n;
    this.#emit(T.Pipe, start, start + 1);
    this.#frame.state = 'elem';
    this.#frame.sawDashDash = false;
  }

  #chain(type: TokenType, start: number): void {
    this.#emit(type, start, start + 2);
    this.#frame.state = 'elem';
    this.#frame.sawDashDash = false;
  }

  #redirection(start: number): void {
    const m = /^([1-6*]?)>(>|&[12])?/.exec(this.#text.slice(start, start + 4))!;
    this.#emit(T.Redirection, start, start + m[0].length);
    if (!m[2]?.startsWith('&')) this.#oneShot = 'redirTarget';
  }

  #lexDash(): void {
    const text = this.#text;
    const start = this.#pos;
    const next = text[start + 1] ?? '';
    if (next === '-') {
      this.#emit(T.MinusMinus, start, start + 2);
      return;
    }
    if (next === '=') {
      this.#assign(start, 2);
      return;
    }
    if (/[A-Za-z]/.test(next)) {
      let p = start + 1;
      while (p < this.#end && /[A-Za-z]/.test(text[p]!)) p++;
      const op = dashOperatorTokens.get(text.slice(start + 1, p).toLowerCase());
      if (op && !isWordChar(text[p] ?? '')) {
        this.#emit(op, start, p, text.slice(start, p).toLowerCase());
        // `-split` / `-join` may start a new operand; the others are binary.
        return;
      }
      const end = this.#wordEnd(start + 1);
      if (text[end] === ':') this.#emit(T.ParameterColon, start, end + 1);
      else this.#emit(T.Parameter, start, end);
      return;
    }
    this.#emit(T.Minus, start, start + 1);
  }

  /** Does a valid number literal start here (`1`, `4MB`, `0x1F` — not `7z`, `10m`)? */
  #numberAhead(start: number): boolean {
    const m = NUMBER_IN_EXPRESSION;
    m.lastIndex = start;
    const match = m.exec(this.#text);
    return match !== null && parseNumberLiteral(match[0]) !== null;
  }

  #lexNumberInExpression(): void {
    const start = this.#pos;
    const m = NUMBER_IN_EXPRESSION;
    m.lastIndex = start;
    const match = m.exec(this.#text)!;
    const end = start + match[0].length;
    if (parseNumberLiteral(match[0]) === null) {
      this.#fail('VBRS_PARSE_BAD_NUMBER', start, end, {
        message: `bad number literal '${match[0]}'`, expected: 'a number', found: describeFound(match[0]), incomplete: false,
      });
    }
    this.#emit(T.NumberLiteral, start, end);
  }

  #lexVariable(start: number): void {
    const end = variableEnd(this.#text, start, this.#end);
    if (end === -1) {
      this.#fail('VBRS_PARSE_BAD_VARIABLE', start, start + 2, {
        message: `missing '}' to end the variable name started at ${this.#at(start)}: found end of input`,
        expected: "'}'", found: 'end of input', incomplete: true,
      });
    }
    if (end === start + 1) {
      // a lone `$` is a bare word in argument mode and an error in an expression
      if (this.#frame.state === 'arg') this.#emit(T.GenericToken, start, start + 1);
      else this.#unknown(start);
      return;
    }
    this.#emit(T.Variable, start, end);
  }

  /** In argument mode, is `$var…` followed by more word characters (so the whole is a bare word)? */
  #variableIsWholeWord(start: number): boolean {
    const end = variableEnd(this.#text, start, this.#end);
    if (end <= start + 1) return false;
    const after = this.#text[end] ?? '';
    if (after === '' || GENERIC_STOP.has(after) || after === '.' || after === '[' || after === ':') return false;
    return true;
  }

  #typeAhead(start: number): boolean {
    return typeNameEnd(this.#text, start + 1, this.#end) > 0;
  }

  /** `[` TypeName `]` — or `[` TypeName before `(` for an attribute. Returns false when `[` does not
   *  open a type (left to the caller). */
  #lexType(start: number): boolean {
    const text = this.#text;
    let p = start + 1;
    while (p < this.#end && isSpace(text[p]!)) p++;
    const end = typeNameEnd(text, p, this.#end);
    if (end < 0) {
      if (isWordStart(text[p] ?? '') && /^[\w.[\], \t]*$/.test(text.slice(p, this.#end))) {
        // `[int` and nothing else: the type is still being typed
        this.#fail('VBRS_PARSE_MISSING_BRACKET', this.#end, this.#end, {
          message: `missing closing ']' for the type started at ${this.#at(start)}: found end of input`,
          expected: "closing ']'", found: 'end of input', incomplete: true,
        });
      }
      this.#emit(T.LBracket, start, start + 1);
      return true;
    }
    this.#emit(T.LBracket, start, start + 1);
    this.#emit(T.TypeName, p, end);
    this.#typeNameEnd = end;
    let q = end;
    while (q < this.#end && isSpace(text[q]!)) q++;
    if (text[q] === ']') {
      this.#emit(T.RBracket, q, q + 1);
      this.#typeCloseEnd = q + 1;
    }
    return true;
  }

  #lexHereString(start: number): void {
    const text = this.#text;
    const quote = text[start + 1]!;
    let p = start + 2;
    while (p < this.#end && isSpace(text[p]!)) p++;
    if (p < this.#end && !isNewline(text[p]!)) {
      this.#fail('VBRS_PARSE_BAD_HERESTRING', p, p + 1, {
        message: `a here-string must start a new line after '@${quote}': found ${describeFound(text[p]!)}`,
        expected: 'newline', found: describeFound(text[p]!), incomplete: false,
      });
    }
    const close = hereStringClose(text, p, this.#end, quote);
    if (close < 0) {
      this.#fail('VBRS_PARSE_UNTERMINATED_STRING', start, start + 2, {
        message: `missing '${quote}@' at the start of a line to end the here-string started at ${this.#at(start)}: found end of input`,
        expected: `'${quote}@'`, found: 'end of input', incomplete: true,
      });
    }
    this.#emit(quote === '"' ? T.HereStringDouble : T.HereStringSingle, start, close);
  }

  #singleQuotedEnd(start: number): number {
    const end = singleQuotedEnd(this.#text, start, this.#end);
    if (end < 0) this.#unterminated(start, "'");
    return end;
  }

  #doubleQuotedEnd(start: number): number {
    const end = doubleQuotedEnd(this.#text, start, this.#end, this.#levelsLeft());
    if (end === TOO_DEEP) throw this.#tooDeep(start);
    if (end < 0) this.#unterminated(start, '"');
    return end;
  }

  /** How many more levels of nesting are allowed from here. */
  #levelsLeft(): number {
    return MAX_NESTING - (this.#frames.length - 1 + this.#baseDepth);
  }

  #tooDeep(at: number): ParseError {
    return new ParseError({
      code: 'VBRS_PARSE_TOO_DEEP', span: { start: at, end: at + 1 }, source: this.#source, expected: '',
      found: describeFound(this.#text[at] ?? null), incomplete: false,
      message: `nesting too deep (more than ${MAX_NESTING} levels)`,
    });
  }

  #unterminated(start: number, quote: string): never {
    this.#fail('VBRS_PARSE_UNTERMINATED_STRING', start, start + 1, {
      message: `missing closing ${quote} for the string started at ${this.#at(start)}: found end of input`,
      expected: `closing ${quote}`, found: 'end of input', incomplete: true,
    });
  }

  #unknown(start: number): void {
    const cp = this.#text.codePointAt(start)!;
    const ch = String.fromCodePoint(cp);
    this.#emit(T.Unknown, start, start + ch.length);
  }

  #wordEnd(start: number): number {
    let p = start;
    while (p < this.#end && isWordChar(this.#text[p]!)) p++;
    return p;
  }

  /** End of a bare word in argument mode: quoted parts, `$(…)` and backtick escapes included. */
  #genericEnd(start: number): number {
    const text = this.#text;
    let p = start;
    while (p < this.#end) {
      const c = text[p]!;
      if (GENERIC_STOP.has(c)) break;
      if (c === '`') {
        if (p + 1 >= this.#end || isNewline(text[p + 1]!)) break;
        p += 2;
      } else if (c === "'") p = this.#singleQuotedEnd(p);
      else if (c === '"') p = this.#doubleQuotedEnd(p);
      else if (c === '$' && text[p + 1] === '(') {
        const e = subexpressionEnd(text, p + 2, this.#end, this.#levelsLeft());
        if (e === TOO_DEEP) throw this.#tooDeep(p);
        if (e < 0) this.#unterminated(p, ')');
        p = e;
      } else if (c === '$' && text[p + 1] === '{') {
        const e = variableEnd(text, p, this.#end);
        if (e < 0) this.#unterminated(p, '}');
        p = e;
      } else p++;
    }
    return p;
  }
}

function newFrame(kind: FrameKind, opener: IToken | null, state: State): Frame {
  return { kind, opener, state, pendingSwitch: false, pendingParams: false, pendingDo: false, isDo: false, closedDoAt: -1, expectBlock: false,
    pendingParamBlock: false, isParamBlock: false, sawDashDash: false,
    pendingDoCondition: false, isDoCondition: false };
}

function isOpenerOrSeparator(t: TokenType): boolean {
  return t === T.NewLine || t === T.Semi || t === T.LBrace || t === T.LParen || t === T.DollarParen || t === T.AtParen || t === T.AtBrace;
}

function frameMissingCode(kind: FrameKind): ParseErrorCode {
  const closer = CLOSER[kind];
  return closer === '}' ? 'VBRS_PARSE_MISSING_BRACE' : closer === ']' ? 'VBRS_PARSE_MISSING_BRACKET' : 'VBRS_PARSE_MISSING_PAREN';
}

function frameDescription(kind: FrameKind): string {
  switch (kind) {
    case 'block': return 'the statement block';
    case 'hash': return 'the hashtable';
    case 'switch': return 'the switch body';
    case 'index': return "the index '['";
    case 'sub': return 'the subexpression';
    case 'params': return 'the parameter list';
    case 'attr': return 'the attribute arguments';
    case 'margs': return 'the method arguments';
    default: return "the '('";
  }
}
