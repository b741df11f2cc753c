// Tokens for syntax highlighting in the REPL. Unlike parse(), it never throws: whatever the lexer
// could not make sense of (an unterminated string, binary junk) is still returned, as a string or
// text token running to the end, so every character is covered by at most one token.
import { lex } from './lexer.ts';
import { Source } from './source.ts';
import * as T from './tokens.ts';

export interface HighlightToken {
  type: string;
  category: T.TokenCategory;
  start: number;
  end: number;
}

export function tokenize(text: string): HighlightToken[] {
  const source = new Source(String(text ?? ''), '<highlight>');
  let result: ReturnType<typeof lex>;
  try {
    result = lex(source);
  } catch {
    // nesting too deep: nothing useful to colour
    return [{ type: 'Unknown', category: 'text', start: 0, end: source.text.length }];
  }
  const out: HighlightToken[] = [];
  for (const t of [...result.tokens, ...result.comments]) {
    if (t.tokenType === T.NewLine) continue;
    out.push({ type: t.tokenType.name, category: T.tokenCategory(t.tokenType), start: t.startOffset, end: t.endOffset! + 1 });
  }
  out.sort((a, b) => a.start - b.start);
  if (result.error) {
    const from = result.error.span.start;
    const tail = out.length ? Math.max(from, out[out.length - 1]!.end) : from;
    if (tail < source.text.length) {
      const category = result.error.code === 'VBRS_PARSE_UNTERMINATED_STRING' ? 'string'
        : result.error.code === 'VBRS_PARSE_UNTERMINATED_COMMENT' ? 'comment' : 'text';
      out.push({ type: 'Unterminated', category, start: tail, end: source.text.length });
    }
  }
  return out;
}
