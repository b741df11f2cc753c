// The one renderer for positioned errors (parse and runtime alike): a first line
// `file:line:col: message`, then the source line and a caret under the column. Long lines are
// clipped around the column so a 1 MB line never floods the terminal.
import type { Span } from './ast.ts';
import type { Source } from './source.ts';

const MAX_SHOWN = 120;

export function renderDiagnostic(source: Source, span: Span, message: string): string {
  const { line, col } = source.lineCol(span.start);
  const head = `${source.name}:${line}:${col}: ${oneLine(message)}`;
  let text = source.lineText(line).replace(/\t/g, ' ');
  let caretCol = col - 1;
  if (text.length > MAX_SHOWN) {
    const from = Math.max(0, Math.min(caretCol - MAX_SHOWN / 2, text.length - MAX_SHOWN));
    text = (from > 0 ? '…' : '') + text.slice(from, from + MAX_SHOWN) + (from + MAX_SHOWN < text.length ? '…' : '');
    caretCol = caretCol - from + (from > 0 ? 1 : 0);
  }
  text = printable(text);
  return `${head}\n    ${text}\n    ${' '.repeat(Math.max(0, caretCol))}^`;
}

/** Messages are one line: newlines and control characters in them would break that. */
export function oneLine(message: string): string {
  return printable(message.replace(/\s*\r?\n\s*/g, ' '));
}

function printable(s: string): string {
  // Show control characters (binary junk) as U+FFFD-free escapes so the caret stays aligned.
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?');
}
