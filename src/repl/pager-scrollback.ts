// Long output onto the screen a frame at a time. Ink's <Static> lays every line it is given out as
// a grid of cells in one go (100,000 lines froze the prompt for seconds and kept every item); so
// each frame gets a batch of at most a screenful-sized budget of cells, the keys get a turn between
// frames, and drawn items leave the session.
import type { ScrollItem } from './repl-session.ts';

/** Cells (lines × columns) one frame may draw: ~30 ms of Ink's layout on this machine. */
const cellsPerFrame = 120_000;

/** The first items of the backlog that fit one frame (always at least one). */
export function scrollbackBatch(items: readonly ScrollItem[], columns: number): ScrollItem[] {
  const budget = Math.max(1, Math.floor(cellsPerFrame / Math.max(1, columns)));
  let lines = 0;
  let n = 0;
  while (n < items.length) {
    const add = lineCount(items[n]!.text);
    if (n > 0 && lines + add > budget) break;
    lines += add;
    n++;
  }
  return items.slice(0, n);
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * What <Static> is given. It remembers how many items it has drawn and draws `items.slice(that)`
 * next time, so it needs a list that only grows; the session keeps only what is not drawn yet.
 * This stands for the whole list since the start: its length counts the dropped items too, and
 * slicing from that count gives the new ones. (Static reads nothing else; a test pins that.)
 */
export function scrollbackView(base: number, batch: readonly ScrollItem[]): ScrollItem[] {
  const view = {
    length: base + batch.length,
    slice: (start = 0) => batch.slice(Math.max(0, start - base)),
  };
  return view as unknown as ScrollItem[];
}
