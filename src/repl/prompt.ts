// The prompt line(s): the prompt text, the input highlighted from the lexer's tokens, and the
// cursor drawn as an inverse cell. A continued statement shows the continuation prompt on each
// following line.
import React from 'react';
import { Box, Text } from 'ink';
import type { Theme } from './theme.ts';
import { highlightLines, type Segment } from './highlight.ts';
import { cursorPosition, type EditorState } from './line-editor.ts';

const h = React.createElement;

export interface PromptProps {
  prompt: string;
  continuation: string;
  editor: EditorState;
  theme: Theme;
  /** Secure input (Read-Host -AsSecureString): stars instead of text, no highlighting. */
  secure?: boolean;
  showCursor?: boolean;
}

/** Splits a line's segments so the cell under the cursor can be drawn on its own. */
function withCursor(segments: Segment[], column: number): { before: Segment[]; at: Segment; after: Segment[] } {
  const before: Segment[] = [];
  const after: Segment[] = [];
  let at: Segment = { text: ' ', category: 'text' };
  let pos = 0;
  for (const seg of segments) {
    const end = pos + seg.text.length;
    if (end <= column) before.push(seg);
    else if (pos > column) after.push(seg);
    else {
      const i = column - pos;
      if (i > 0) before.push({ text: seg.text.slice(0, i), category: seg.category });
      at = { text: seg.text[i]!, category: seg.category };
      if (i + 1 < seg.text.length) after.push({ text: seg.text.slice(i + 1), category: seg.category });
    }
    pos = end;
  }
  return { before, at, after };
}

export function Prompt(props: PromptProps): React.ReactElement {
  const { editor, theme } = props;
  const text = props.secure ? '*'.repeat(editor.text.length) : editor.text;
  const lines = props.secure ? [[{ text, category: 'text' }]] : highlightLines(text);
  const cursor = cursorPosition(editor);
  const seg = (s: Segment, key: number | string) => h(Text, { key, color: theme.colors[s.category] }, s.text);
  return h(
    Box,
    { flexDirection: 'column' },
    ...lines.map((line, i) => {
      const lead = h(Text, { key: 'p', color: theme.colors.prompt }, i === 0 ? props.prompt : props.continuation);
      if (i !== cursor.line || props.showCursor === false) return h(Text, { key: i }, lead, ...line.map(seg));
      const { before, at, after } = withCursor(line, cursor.column);
      return h(
        Text,
        { key: i },
        lead,
        ...before.map((s, j) => seg(s, 'b' + j)),
        h(Text, { key: 'cursor', inverse: true, color: theme.colors[at.category] }, at.text),
        ...after.map((s, j) => seg(s, 'a' + j)),
      );
    }),
  );
}
