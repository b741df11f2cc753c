// Syntax highlighting: the lexer's tokens (src/lang tokenize, which never throws) turned into
// coloured segments that cover the input exactly, split at line ends so the prompt can draw a
// continued statement line by line. Colours come from the theme, by token category.
import { tokenize } from '../lang/index.ts';
import type { Theme } from './theme.ts';

export interface Segment {
  text: string;
  /** Token category ('command', 'string', …) or 'text' for whitespace and gaps. */
  category: string;
}

/** Segments covering `text` from start to end, in order. */
export function highlight(text: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const t of tokenize(text)) {
    if (t.start < at) continue; // overlapping tokens (a comment inside a string's range) keep the first
    if (t.start > at) out.push({ text: text.slice(at, t.start), category: 'text' });
    out.push({ text: text.slice(t.start, t.end), category: t.category });
    at = t.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), category: 'text' });
  return out;
}

/** The segments of each line (a segment spanning '\n' is split), for multi-line drawing. */
export function highlightLines(text: string): Segment[][] {
  const lines: Segment[][] = [[]];
  for (const seg of highlight(text)) {
    const parts = seg.text.split('\n');
    parts.forEach((p, i) => {
      if (i > 0) lines.push([]);
      if (p) lines[lines.length - 1]!.push({ text: p, category: seg.category });
    });
  }
  return lines;
}

export function colorOf(theme: Theme, category: string): string | undefined {
  return theme.colors[category];
}
