// The REPL's root component: scrollback (Ink <Static>, written once and left to the terminal, a
// frame's worth at a time so long output never freezes the prompt), the live progress panel, and
// the prompt with its completion menu, reverse search, confirmation line and the pager's
// `-- More --`. Keys go through key-binding.ts to the pure editor and history; this file only
// dispatches and keeps the per-keystroke UI state (in a ref, so fast typing and paste never read
// a stale state between renders).
import React, { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import { Box, Static, Text, useApp, useInput, usePaste, useStdout, useWindowSize } from 'ink';
import type { ReplSession, ScrollItem } from './repl-session.ts';
import { themeNamed } from './theme.ts';
import { Prompt } from './prompt.ts';
import { ProgressPanel } from './progress-panel.ts';
import { bindKey, type KeyInfo } from './key-binding.ts';
import { edit, editorOf, emptyEditor, insert, replaceRange, verticalMove, type EditKey, type EditorState } from './line-editor.ts';
import { complete, commonPrefix } from './completion.ts';
import { inputProblem, type InputProblem } from './input-check.ts';
import { moreAnswer, morePrompt } from './pager.ts';
import { scrollbackBatch, scrollbackView } from './pager-scrollback.ts';

/** Line-editing control keys that may arrive inside a chunk of fast typing (Ctrl+U then text). */
const CHUNK_EDITS: Record<string, EditKey> = {
  '\u0001': 'home',
  '\u0005': 'end',
  '\u000B': 'killLineEnd',
  '\u0015': 'killLineStart',
  '\u0017': 'deleteWordBack',
};

const h = React.createElement;

/** Ctrl+L: what `clear` writes (erase the screen and the scrollback, cursor home); Ink then draws
 *  the prompt again at the top, the input kept. */
const clearScreen = '\u001B[2J\u001B[3J\u001B[H';

interface Menu {
  start: number;
  candidates: string[];
  /** -1 until Tab is pressed again to cycle. */
  index: number;
  /** The text the menu was built from, to restore on Escape. */
  original: EditorState;
}

/** How long after a withdrawn stop question a y / n / Enter still counts as its answer. */
const ANSWER_GRACE_MS = 2000;

interface UiState {
  editor: EditorState;
  /** Position while walking history; null when editing a fresh line. */
  historyIndex: number | null;
  draft: string;
  menu: Menu | null;
  search: { query: string; index: number } | null;
  confirmStop: boolean;
  /** When a stop question was withdrawn because the command ended; the next key may be its answer. */
  withdrawnAt?: number;
  /** Ctrl+D while a -RunAsync job still runs: leaving would stop it, so ask. */
  confirmExit: boolean;
  /** The line typed in answer to Read-Host and friends. */
  read: EditorState;
  /** Keys typed ahead (several lines at once, before start-up finished) waiting for the prompt. */
  typeahead: string;
}

const initialUi = (): UiState => ({
  editor: emptyEditor, historyIndex: null, draft: '', menu: null, search: null, confirmStop: false, confirmExit: false, read: emptyEditor, typeahead: '',
});

/** At most this many completion candidates are listed under the prompt. */
const menuLimit = 40;

export function App({ session }: { session: ReplSession }): React.ReactElement {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const ui = useRef<UiState>(initialUi());
  const { exit } = useApp();
  const { write } = useStdout();
  const { columns, rows } = useWindowSize();
  const width = columns || 80;
  // Out-Host -Paging sizes its pages from this (idempotent, so setting it while rendering is safe).
  session.screen = { rows: rows || 24, columns: width };
  /** How many scrollback items the last render gave <Static>. */
  const shown = useRef(0);

  // <Static> has written what it was given once the frame is committed: those items leave the
  // session, and the next batch of a long output is drawn after a turn for the keys.
  useLayoutEffect(() => {
    const n = shown.current;
    shown.current = 0;
    if (!n) return;
    session.scrollbackWritten(n);
    if (session.items.length) setImmediate(redraw);
  });

  useEffect(() => {
    const onChange = () => {
      // The command ended while "Stop the running job …? [y/N]" was showing: nothing is left to
      // stop, so the question goes (an answer typed now must not land in the next prompt).
      if (!session.running && ui.current.confirmStop) ui.current = { ...ui.current, confirmStop: false, withdrawnAt: Date.now() };
      if (!session.running && ui.current.typeahead && !session.pendingRead) {
        const rest = ui.current.typeahead;
        ui.current = { ...ui.current, typeahead: '' };
        feed(rest);
      }
      redraw();
    };
    session.on('change', onChange);
    return () => void session.off('change', onChange);
  }, [session]);

  // Leave only after the render that wrote the last output to the scrollback has been committed
  // (long output takes several frames: the layout effect above has acknowledged this one by now).
  useEffect(() => {
    if (session.exited !== null && session.items.length === 0) exit();
  });

  const set = (changes: Partial<UiState>): void => {
    ui.current = { ...ui.current, ...changes };
    redraw();
  };

  const setEditor = (editor: EditorState): void => set({ editor, menu: null });

  const walkHistory = (direction: -1 | 1): void => {
    const s = ui.current;
    const moved = verticalMove(s.editor, direction);
    if (moved) return setEditor(moved);
    const entries = session.history;
    if (direction < 0) {
      if (entries.length === 0) return;
      const index = s.historyIndex === null ? entries.length - 1 : Math.max(0, s.historyIndex - 1);
      const text = entries.at(index)!;
      set({ historyIndex: index, draft: s.historyIndex === null ? s.editor.text : s.draft, editor: editorOf(text), menu: null });
    } else {
      if (s.historyIndex === null) return;
      const index = s.historyIndex + 1;
      if (index >= entries.length) set({ historyIndex: null, editor: editorOf(s.draft), menu: null });
      else set({ historyIndex: index, editor: editorOf(entries.at(index)!), menu: null });
    }
  };

  const runCompletion = async (backwards: boolean): Promise<void> => {
    const s = ui.current;
    if (s.menu && s.menu.candidates.length > 1) {
      // Tab again: cycle through the candidates in place, as PowerShell does.
      const n = s.menu.candidates.length;
      const index = s.menu.index < 0 ? (backwards ? n - 1 : 0) : (s.menu.index + (backwards ? n - 1 : 1)) % n;
      const replaced = replaceRange(s.menu.original, s.menu.start, s.menu.original.cursor, s.menu.candidates[index]!);
      return set({ editor: replaced, menu: { ...s.menu, index } });
    }
    const editor = s.editor;
    const c = await complete(editor.text, editor.cursor, await session.completionSource());
    if (ui.current.editor !== editor) return; // typed on meanwhile
    if (c.candidates.length === 0) return;
    if (c.candidates.length === 1) {
      const only = c.candidates[0]!;
      const open = only.endsWith('/') || only.endsWith('\\') || c.kind === 'variable' || c.kind === 'member';
      // A space already after the word (completing in the middle of a line) is stepped over, not
      // doubled: `New-La| -Preset` becomes `New-Lab -Preset`, not `New-Lab  -Preset`.
      if (!open && /^[ \t]/.test(editor.text.slice(c.end))) {
        const done = replaceRange(editor, c.start, c.end, only);
        return set({ editor: { ...done, cursor: done.cursor + 1 }, menu: null });
      }
      return set({ editor: replaceRange(editor, c.start, c.end, open ? only : only + ' '), menu: null });
    }
    const prefix = commonPrefix(c.candidates);
    const typed = editor.text.slice(c.start, c.end);
    const grown = prefix.length > typed.length ? replaceRange(editor, c.start, c.end, prefix) : editor;
    set({ editor: grown, menu: { start: c.start, candidates: c.candidates, index: -1, original: grown } });
  };

  const submit = (): void => {
    const text = ui.current.editor.text;
    if (session.isIncomplete(text)) return setEditor(insert(ui.current.editor, '\n'));
    ui.current = { ...initialUi(), typeahead: ui.current.typeahead };
    redraw();
    void session.submit(text);
  };

  function insertChunk(text: string): void {
    if (/[\u0000-\u0008\u000A-\u001F\u007F]/.test(text)) return feed(text);
    set({ editor: insert(ui.current.editor, text), menu: null, historyIndex: null });
  }

  /** Text with line ends or control keys that came as one chunk (typed ahead, or pasted without
   *  bracketed paste): each line end is Enter, Ctrl+C drops the line, Ctrl+D on an empty line
   *  leaves, Backspace deletes, other escape sequences are dropped. What follows a command that
   *  runs waits for the prompt to return. */
  function feed(text: string): void {
    let rest = text;
    for (;;) {
      const m = /\r\n?|\n|\u001B\[[0-9;]*[A-Za-z~]|[\u0000-\u0008\u000B-\u001F\u007F]/.exec(rest);
      if (!m) {
        if (rest) set({ editor: insert(ui.current.editor, rest), menu: null, historyIndex: null });
        return;
      }
      ui.current = { ...ui.current, editor: insert(ui.current.editor, rest.slice(0, m.index)) };
      rest = rest.slice(m.index + m[0].length);
      const control = m[0];
      if (control === '\u0004') {
        if (ui.current.editor.text === '') return session.exit(0);
        continue;
      }
      if (control === '\u0003') ui.current = { ...ui.current, editor: emptyEditor };
      else if (control === '\u007F' || control === '\b') ui.current = { ...ui.current, editor: edit(ui.current.editor, 'backspace') };
      else if (CHUNK_EDITS[control]) ui.current = { ...ui.current, editor: edit(ui.current.editor, CHUNK_EDITS[control]) };
      else if (control.startsWith('\r') || control === '\n') {
        submit();
        if (session.running || session.exited !== null) {
          ui.current = { ...ui.current, typeahead: rest };
          return;
        }
      }
    }
  }

  const handleSearch = (input: string, key: KeyInfo): void => {
    const s = ui.current;
    const search = s.search!;
    const action = bindKey(input, key);
    const found = (index: number) => (index >= 0 ? session.history.at(index)! : '');
    if (action.type === 'clear') return write(clearScreen);
    if (action.type === 'search') {
      const index = session.history.search(search.query, search.index < 0 ? session.history.length : search.index);
      if (index >= 0) set({ search: { ...search, index } });
      return;
    }
    if (action.type === 'insert' || (action.type === 'edit' && action.key === 'backspace')) {
      const query = action.type === 'insert' ? search.query + action.text : search.query.slice(0, -1);
      return set({ search: { query, index: query ? session.history.search(query) : -1 } });
    }
    if (action.type === 'cancel' || (key.ctrl && input === 'g')) return set({ search: null });
    const text = found(search.index) || s.editor.text;
    set({ search: null, editor: editorOf(text) });
    if (action.type === 'submit') submit();
  };

  const handleRead = (input: string, key: KeyInfo): void => {
    const action = bindKey(input, key);
    const read = ui.current.read;
    if (action.type === 'clear') return write(clearScreen);
    if (action.type === 'submit') {
      set({ read: emptyEditor });
      return session.answer(read.text);
    }
    if (action.type === 'cancel') {
      set({ read: emptyEditor });
      return session.stop();
    }
    if (action.type === 'eof' && read.text === '') {
      set({ read: emptyEditor });
      return session.answer(null);
    }
    if (action.type === 'insert') return set({ read: insert(read, action.text.replace(/\n/g, '')) });
    if (action.type === 'edit') return set({ read: edit(read, action.key) });
  };

  const handleMore = (input: string, key: KeyInfo): void => {
    const answer = moreAnswer(input, key);
    if (answer) session.answerMore(answer);
    else if (bindKey(input, key).type === 'clear') write(clearScreen);
  };

  const handleRunning = (input: string, key: KeyInfo): void => {
    const action = bindKey(input, key);
    if (action.type === 'clear') return write(clearScreen);
    if (ui.current.confirmStop) {
      set({ confirmStop: false });
      if (input.toLowerCase() === 'y' || action.type === 'cancel') session.stop();
      return;
    }
    if (action.type === 'cancel') {
      if (session.runningJobs().length > 0) return set({ confirmStop: true, typeahead: '' });
      ui.current = { ...ui.current, typeahead: '' };
      session.stop();
      return session.discardOutput();
    }
    // Typed while the command runs: kept for the prompt that follows, as a terminal would.
    const t = ui.current.typeahead;
    if (action.type === 'insert') ui.current = { ...ui.current, typeahead: t + action.text };
    else if (action.type === 'submit') ui.current = { ...ui.current, typeahead: t + '\r' };
    else if (action.type === 'edit' && action.key === 'backspace') ui.current = { ...ui.current, typeahead: t.slice(0, -1) };
  };

  useInput((input, key) => {
    if (session.exited !== null) return;
    if (session.pendingMore) return handleMore(input, key);
    if (session.pendingRead) return handleRead(input, key);
    if (session.running) return handleRunning(input, key);
    if (ui.current.search) return handleSearch(input, key);
    const action = bindKey(input, key);
    const s = ui.current;
    if (s.withdrawnAt !== undefined) {
      // A y, n or Enter on an empty line just after a withdrawn stop question was its answer, typed
      // as the question went: dropped. Later, or anything else, is typed as usual.
      ui.current = { ...s, withdrawnAt: undefined };
      const answer = /^[yn]$/i.test(input) || action.type === 'submit';
      if (answer && s.editor.text === '' && Date.now() - s.withdrawnAt < ANSWER_GRACE_MS) return;
    }
    if (s.confirmExit) {
      set({ confirmExit: false });
      if (input.toLowerCase() === 'y' || action.type === 'eof') session.exit(0);
      return;
    }
    switch (action.type) {
      case 'insert':
        // Keys typed while vbrs starts come as one chunk; a Tab that ends them was a Tab key (a
        // paste comes through usePaste). Elsewhere in a chunk a tab stays text.
        if (action.text.length > 1 && action.text.endsWith('\t')) {
          insertChunk(action.text.slice(0, -1));
          void runCompletion(false);
          return;
        }
        return insertChunk(action.text);
      case 'edit':
        return setEditor(edit(s.editor, action.key));
      case 'submit':
        return submit();
      case 'newline':
        return setEditor(insert(s.editor, '\n'));
      case 'up':
        return walkHistory(-1);
      case 'down':
        return walkHistory(1);
      case 'complete':
        void runCompletion(action.backwards);
        return;
      case 'escape':
        if (s.menu) return set({ editor: s.menu.index >= 0 ? s.menu.original : s.editor, menu: null });
        return set({ editor: emptyEditor, historyIndex: null });
      case 'clear':
        return write(clearScreen);
      case 'cancel':
        // Output of a finished command still being drawn: Ctrl+C drops the rest.
        if (session.items.length) session.discardOutput();
        if (s.editor.text) session.notice(session.prompt + s.editor.text.split('\n').join('\n' + session.settings.continuationPrompt) + '^C');
        return set({ editor: emptyEditor, historyIndex: null, menu: null });
      case 'eof':
        if (s.editor.text === '') return session.runningJobs().length ? set({ confirmExit: true }) : session.exit(0);
        return setEditor(edit(s.editor, 'delete'));
      case 'search':
        return set({ search: { query: '', index: -1 }, menu: null });
      default:
        return;
    }
  });

  usePaste((text) => {
    if (session.pendingRead) return set({ read: insert(ui.current.read, text.replace(/\r?\n/g, ' ')) });
    if (session.running || session.exited !== null) return;
    set({ editor: insert(ui.current.editor, text), menu: null, search: null });
  });

  const theme = themeNamed(session.settings.theme);
  const s = ui.current;
  const problem = useSettledProblem(s.editor.text);
  const batch = scrollbackBatch(session.items, width);
  shown.current = batch.length;
  const scroll = h(Static<ScrollItem>, {
    items: scrollbackView(session.scrollBase, batch),
    children: (item: ScrollItem) => item.kind === 'echo'
      ? h(Prompt, { key: item.id, prompt: item.prompt ?? '', continuation: session.settings.continuationPrompt, editor: editorOf(item.text), theme, showCursor: false })
      : h(Text, { key: item.id, color: item.kind === 'err' ? theme.colors.error : undefined }, item.text),
  });
  const panel = h(ProgressPanel, { model: session.progress, theme, width });
  let bottom: React.ReactElement | null = null;
  if (session.exited !== null) bottom = null;
  else if (session.pendingMore) bottom = h(Text, { inverse: true }, morePrompt);
  else if (session.pendingRead) {
    bottom = h(Prompt, { prompt: session.pendingRead.prompt, continuation: '', editor: s.read, theme, secure: session.pendingRead.secure });
  } else if (session.running) {
    bottom = s.confirmStop
      ? h(Text, { color: theme.colors.warning }, `Stop the running job${session.runningJobs().length > 1 ? 's' : ''} ${session.runningJobs().join(', ')}? [y/N] `)
      : null;
  } else if (s.confirmExit) {
    bottom = h(Text, { color: theme.colors.warning }, `Leaving stops the running job${session.runningJobs().length > 1 ? 's' : ''} ${session.runningJobs().join(', ')}. Exit? [y/N] `);
  } else if (s.search) {
    const match = s.search.index >= 0 ? session.history.at(s.search.index)! : '';
    bottom = h(Text, null, h(Text, { color: theme.colors.dim }, `(reverse-i-search)'${s.search.query}': `), match);
  } else {
    bottom = h(
      Box,
      { flexDirection: 'column' },
      h(Prompt, { prompt: session.prompt, continuation: session.settings.continuationPrompt, editor: s.editor, theme }),
      problemView(s.editor.text, problem, session.prompt, session.settings.continuationPrompt, theme.colors.error),
      s.menu ? menuView(s.menu, theme.colors.dim, theme.colors.accent) : null,
    );
  }
  return h(Box, { flexDirection: 'column' }, scroll, panel, bottom);
}

/** How long typing must pause before the input is parsed for the error hint. */
const settleMs = 120;

/**
 * The parse error in the input, checked once typing pauses: parsing on every key would hold each
 * key back by the parse (the very first one builds the parser, ~50 ms), and a hint that changes
 * with every key is noise anyway. While the text changes, no hint is shown.
 */
function useSettledProblem(text: string): InputProblem | null {
  const [checked, setChecked] = useState<{ text: string; problem: InputProblem | null }>({ text: '', problem: null });
  useEffect(() => {
    if (!text.trim()) return;
    const timer = setTimeout(() => setChecked({ text, problem: inputProblem(text) }), settleMs);
    return () => clearTimeout(timer);
  }, [text]);
  return checked.text === text ? checked.problem : null;
}

/** A caret under a parse error in the input as typed (unfinished statements are not errors). */
function problemView(text: string, problem: InputProblem | null, prompt: string, continuation: string, color: string | undefined): React.ReactElement | null {
  if (!problem) return null;
  const before = text.slice(0, problem.offset);
  const line = before.split('\n').length - 1;
  const column = problem.offset - (before.lastIndexOf('\n') + 1);
  const lastLine = text.split('\n').length - 1;
  const lead = (line === 0 ? prompt : continuation).length + column;
  const caret = line === lastLine ? ' '.repeat(lead) + '^ ' : `line ${line + 1}: `;
  return h(Text, { color, wrap: 'truncate' }, caret + problem.message);
}

function menuView(menu: Menu, dim: string | undefined, accent: string | undefined): React.ReactElement {
  const shown = menu.candidates.slice(0, menuLimit);
  const more = menu.candidates.length - shown.length;
  return h(
    Box,
    { flexWrap: 'wrap', columnGap: 2 },
    ...shown.map((c, i) => h(Text, { key: i, color: i === menu.index ? accent : dim, inverse: i === menu.index }, c)),
    more > 0 ? h(Text, { key: 'more', color: dim }, `… ${more} more`) : null,
  );
}
