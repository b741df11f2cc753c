// The one error type of the language front end. Every lexer and parser failure becomes a ParseError
// with a stable `code`, the span it is about, what was expected and what was found; `incomplete`
// tells the REPL that the input merely stopped too early and another line may complete it.
import type { Span } from './ast.ts';
import { renderDiagnostic } from './diagnostic.ts';
import type { Source } from './source.ts';

export type ParseErrorCode =
  | 'VBRS_PARSE_MISSING_BRACE'
  | 'VBRS_PARSE_MISSING_PAREN'
  | 'VBRS_PARSE_MISSING_BRACKET'
  | 'VBRS_PARSE_UNMATCHED_CLOSER'
  | 'VBRS_PARSE_UNTERMINATED_STRING'
  | 'VBRS_PARSE_UNTERMINATED_COMMENT'
  | 'VBRS_PARSE_BAD_HERESTRING'
  | 'VBRS_PARSE_BAD_VARIABLE'
  | 'VBRS_PARSE_TRAILING_BACKTICK'
  | 'VBRS_PARSE_UNEXPECTED_CHARACTER'
  | 'VBRS_PARSE_UNEXPECTED_TOKEN'
  | 'VBRS_PARSE_MISSING_EXPRESSION'
  | 'VBRS_PARSE_MISSING_STATEMENT'
  | 'VBRS_PARSE_BAD_ASSIGNMENT'
  | 'VBRS_PARSE_BAD_ATTRIBUTE'
  | 'VBRS_PARSE_BAD_NUMBER'
  | 'VBRS_PARSE_DUPLICATE_KEY'
  | 'VBRS_PARSE_TOO_DEEP';

export interface ParseErrorInit {
  code: ParseErrorCode;
  span: Span;
  source: Source;
  /** What the parser wanted, e.g. "closing '}'". Empty when the message says it all. */
  expected: string;
  /** What it saw, e.g. "end of input" or "'{'". */
  found: string;
  incomplete: boolean;
  /** Overrides the default `expected X: found Y` message. */
  message?: string;
}

export class ParseError extends Error {
  readonly code: ParseErrorCode;
  readonly span: Span;
  readonly source: Source;
  readonly incomplete: boolean;
  readonly expected: string;
  readonly found: string;

  constructor(init: ParseErrorInit) {
    super(init.message ?? (init.expected ? `expected ${init.expected}: found ${init.found}` : `unexpected ${init.found}`));
    this.name = 'ParseError';
    this.code = init.code;
    this.span = init.span;
    this.source = init.source;
    this.incomplete = init.incomplete;
    this.expected = init.expected;
    this.found = init.found;
  }

  /** `file:line:col: message`, then the source line and a caret. */
  render(): string {
    return renderDiagnostic(this.source, this.span, this.message);
  }
}

/** How a token or the end of input is named in messages: `'{'`, `'foo'`, `end of input`. */
export function describeFound(image: string | null): string {
  if (image === null) return 'end of input';
  if (image === '\n' || image === '\r\n' || image === '\r') return 'newline';
  const shown = image.length > 30 ? image.slice(0, 27) + '...' : image;
  return `'${shown}'`;
}
