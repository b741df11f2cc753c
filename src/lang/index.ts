// The public face of the language front end: parse a script into the AST of ast.ts, tell the REPL
// whether input is merely incomplete, and tokenize for highlighting. Nothing here imports the
// runtime.
import type { ScriptBlockAst } from './ast.ts';
import { ParseError } from './errors.ts';
import { parseScript } from './parse-source.ts';
import { Source } from './source.ts';

export type * from './ast.ts';
export { ParseError } from './errors.ts';
export type { ParseErrorCode } from './errors.ts';
export { Source } from './source.ts';
export { tokenize, type HighlightToken } from './tokenize.ts';
export { renderDiagnostic } from './diagnostic.ts';

/** Parses a script. Throws ParseError (with `render()` for `file:line:col` output). */
export function parse(text: string, name = '<command>'): ScriptBlockAst {
  return parseScript(new Source(text, name));
}

/** True when the text stopped too early (open bracket or string, trailing `|`, operator or
 *  backtick) so the REPL should read another line; false when it parses or has a real error. */
export function isIncomplete(text: string): boolean {
  try {
    parse(text, '<repl>');
    return false;
  } catch (e) {
    if (e instanceof ParseError) return e.incomplete;
    throw e;
  }
}
