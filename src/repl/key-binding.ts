// Which REPL action a key press means, readline/PSReadLine style (Emacs keys plus the arrows). Pure:
// it takes Ink's (input, key) pair and names an action, so the bindings are testable without a
// terminal and the prompt component stays a thin dispatcher.
import type { EditKey } from './line-editor.ts';

/** The subset of Ink's `Key` the bindings read. */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  meta?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
}

export type KeyAction =
  | { type: 'edit'; key: EditKey }
  | { type: 'insert'; text: string }
  | { type: 'submit' }
  | { type: 'newline' }
  | { type: 'up' }
  | { type: 'down' }
  | { type: 'complete'; backwards: boolean }
  | { type: 'cancel' }
  | { type: 'eof' }
  | { type: 'search' }
  | { type: 'clear' }
  | { type: 'escape' }
  | { type: 'none' };

const edit = (key: EditKey): KeyAction => ({ type: 'edit', key });

export function bindKey(input: string, key: KeyInfo): KeyAction {
  if (key.return) return key.meta || key.shift ? { type: 'newline' } : { type: 'submit' };
  if (key.tab) return { type: 'complete', backwards: key.shift === true };
  if (key.escape) return { type: 'escape' };
  if (key.upArrow) return { type: 'up' };
  if (key.downArrow) return { type: 'down' };
  if (key.leftArrow) return edit(key.ctrl || key.meta ? 'wordLeft' : 'left');
  if (key.rightArrow) return edit(key.ctrl || key.meta ? 'wordRight' : 'right');
  if (key.home) return edit('home');
  if (key.end) return edit('end');
  if (key.backspace) return edit(key.meta || key.ctrl ? 'deleteWordBack' : 'backspace');
  if (key.delete) return edit(key.meta || key.ctrl ? 'deleteWordForward' : 'delete');
  if (key.ctrl) {
    switch (input) {
      case 'a': return edit('home');
      case 'e': return edit('end');
      case 'b': return edit('left');
      case 'f': return edit('right');
      case 'h': return edit('backspace');
      case 'w': return edit('deleteWordBack');
      case 'u': return edit('killLineStart');
      case 'k': return edit('killLineEnd');
      case 'p': return { type: 'up' };
      case 'n': return { type: 'down' };
      case 'c': return { type: 'cancel' };
      case 'd': return { type: 'eof' };
      case 'r': return { type: 'search' };
      case 'l': return { type: 'clear' };
      default: return { type: 'none' };
    }
  }
  if (key.meta) {
    switch (input) {
      case 'b': return edit('wordLeft');
      case 'f': return edit('wordRight');
      case 'd': return edit('deleteWordForward');
      default: return { type: 'none' };
    }
  }
  if (!input) return { type: 'none' };
  // Pasted text without bracketed paste arrives as one string, possibly with line ends and tabs.
  return { type: 'insert', text: input };
}
