// The REPL's line editor as pure data: a buffer (possibly several lines) and a cursor offset, and
// the editing operations the prompt binds to keys (word jumps, Home/End, delete word, Ctrl+U/K,
// multi-line paste). Kept free of Ink and React so every key's effect is a plain unit test.

export interface EditorState {
  /** The whole input, lines joined by '\n' (a continued statement is one buffer). */
  text: string;
  /** Offset into `text`, 0..text.length. */
  cursor: number;
}

export const emptyEditor: EditorState = { text: '', cursor: 0 };

export function editorOf(text: string, cursor = text.length): EditorState {
  return { text, cursor: Math.max(0, Math.min(cursor, text.length)) };
}

/** Inserts typed or pasted text at the cursor; pasted CR/CRLF line ends become '\n', tabs spaces. */
export function insert(s: EditorState, input: string): EditorState {
  const clean = input.replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
  return { text: s.text.slice(0, s.cursor) + clean + s.text.slice(s.cursor), cursor: s.cursor + clean.length };
}

/** Replaces `start..end` with `value`, leaving the cursor after it (used by completion). */
export function replaceRange(s: EditorState, start: number, end: number, value: string): EditorState {
  return { text: s.text.slice(0, start) + value + s.text.slice(end), cursor: start + value.length };
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function lineEnd(text: string, at: number): number {
  const i = text.indexOf('\n', at);
  return i < 0 ? text.length : i;
}

const isWord = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}_$]/u.test(c);

/** Start of the word before the cursor (skipping separators first), as readline's Alt+B. */
export function wordLeft(text: string, at: number): number {
  let i = at;
  while (i > 0 && !isWord(text[i - 1])) i--;
  while (i > 0 && isWord(text[i - 1])) i--;
  return i;
}

/** End of the word after the cursor, as readline's Alt+F. */
export function wordRight(text: string, at: number): number {
  let i = at;
  while (i < text.length && !isWord(text[i])) i++;
  while (i < text.length && isWord(text[i])) i++;
  return i;
}

export const left = (s: EditorState): EditorState => ({ ...s, cursor: Math.max(0, s.cursor - 1) });
export const right = (s: EditorState): EditorState => ({ ...s, cursor: Math.min(s.text.length, s.cursor + 1) });
export const home = (s: EditorState): EditorState => ({ ...s, cursor: lineStart(s.text, s.cursor) });
export const end = (s: EditorState): EditorState => ({ ...s, cursor: lineEnd(s.text, s.cursor) });
export const wordBack = (s: EditorState): EditorState => ({ ...s, cursor: wordLeft(s.text, s.cursor) });
export const wordForward = (s: EditorState): EditorState => ({ ...s, cursor: wordRight(s.text, s.cursor) });

export function backspace(s: EditorState): EditorState {
  if (s.cursor === 0) return s;
  return { text: s.text.slice(0, s.cursor - 1) + s.text.slice(s.cursor), cursor: s.cursor - 1 };
}

export function deleteForward(s: EditorState): EditorState {
  if (s.cursor >= s.text.length) return s;
  return { text: s.text.slice(0, s.cursor) + s.text.slice(s.cursor + 1), cursor: s.cursor };
}

/** Ctrl+W / Alt+Backspace: delete the word before the cursor. */
export function deleteWordBack(s: EditorState): EditorState {
  const from = wordLeft(s.text, s.cursor);
  return { text: s.text.slice(0, from) + s.text.slice(s.cursor), cursor: from };
}

/** Alt+D: delete the word after the cursor. */
export function deleteWordForward(s: EditorState): EditorState {
  const to = wordRight(s.text, s.cursor);
  return { text: s.text.slice(0, s.cursor) + s.text.slice(to), cursor: s.cursor };
}

/** Ctrl+U: delete from the start of the current line to the cursor. */
export function killToLineStart(s: EditorState): EditorState {
  const from = lineStart(s.text, s.cursor);
  return { text: s.text.slice(0, from) + s.text.slice(s.cursor), cursor: from };
}

/** Ctrl+K: delete from the cursor to the end of the current line. */
export function killToLineEnd(s: EditorState): EditorState {
  return { text: s.text.slice(0, s.cursor) + s.text.slice(lineEnd(s.text, s.cursor)), cursor: s.cursor };
}

/** Up/Down inside a multi-line buffer: same column on the neighbouring line, or null at the edge
 *  (the caller then walks history instead). */
export function verticalMove(s: EditorState, direction: -1 | 1): EditorState | null {
  const start = lineStart(s.text, s.cursor);
  const column = s.cursor - start;
  if (direction < 0) {
    if (start === 0) return null;
    const prevStart = lineStart(s.text, start - 1);
    return { ...s, cursor: Math.min(prevStart + column, start - 1) };
  }
  const e = lineEnd(s.text, s.cursor);
  if (e >= s.text.length) return null;
  const nextStart = e + 1;
  return { ...s, cursor: Math.min(nextStart + column, lineEnd(s.text, nextStart)) };
}

/** Line index and column of the cursor, for drawing it. */
export function cursorPosition(s: EditorState): { line: number; column: number } {
  const before = s.text.slice(0, s.cursor);
  const line = before.split('\n').length - 1;
  return { line, column: s.cursor - lineStart(s.text, s.cursor) };
}

/** The key names the prompt understands, decoupled from Ink's Key object so tests can name them. */
export type EditKey =
  | 'left' | 'right' | 'home' | 'end' | 'wordLeft' | 'wordRight'
  | 'backspace' | 'delete' | 'deleteWordBack' | 'deleteWordForward' | 'killLineStart' | 'killLineEnd';

const operations: Record<EditKey, (s: EditorState) => EditorState> = {
  left, right, home, end,
  wordLeft: wordBack,
  wordRight: wordForward,
  backspace,
  delete: deleteForward,
  deleteWordBack,
  deleteWordForward,
  killLineStart: killToLineStart,
  killLineEnd: killToLineEnd,
};

export function edit(s: EditorState, key: EditKey): EditorState {
  return operations[key](s);
}
