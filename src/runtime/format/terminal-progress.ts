// The progress bar of a `vbrs` file or `-c` run, drawn on stderr when stderr is a terminal: the
// records the host holds (Write-Progress, engine work) as lines in PowerShell's minimal view,
// drawn at once, redrawn in place at most every 200 ms (PowerShell's ConsoleHost refresh), removed when their
// activity completes and cleared before any other output is written, so output and errors never
// land inside a bar. On a terminal without cursor control (TERM=dumb) one line is kept and redrawn
// with a carriage return only. The CLI makes one only for a terminal; cron and pipes get nothing.
import type { ProgressRecord } from '../progress-record.ts';
import { DEFAULT_PROGRESS_LOOK, progressLine, type ProgressLook } from './progress-line.ts';
import { terminalColor } from './terminal-color.ts';

/** Where the bar is drawn: stderr, or a fake in tests. */
export interface ProgressTerminal {
  write(text: string): void;
  readonly columns?: number;
  readonly rows?: number;
}

export interface ProgressStyle {
  /** Colour and reverse video (else plain characters). */
  color: boolean;
  /** Cursor movement and line erasing (else `\r` and spaces on a single line). */
  cursor: boolean;
}

/** The bar's style on a terminal (see terminalColor); a dumb terminal gets neither colour nor
 *  cursor movement, as it can show neither. */
export function progressStyleFor(env: NodeJS.ProcessEnv): ProgressStyle {
  if (env.TERM === 'dumb') return { color: false, cursor: false };
  return { color: terminalColor(env, true), cursor: true };
}

export const PROGRESS_REFRESH_MS = 200;
/** Lines the bars may take at most, whatever the terminal's height. */
const MAX_LINES = 8;

export class TerminalProgress {
  readonly #terminal: ProgressTerminal;
  readonly #style: ProgressStyle;
  readonly #refreshMs: number;
  /** Current records by activity id, in the order they first came. */
  readonly #records = new Map<number, ProgressRecord>();
  /** The id updated last (the one line a dumb terminal shows). */
  #latest = -1;
  /** Lines on the screen now (cursor at the end of the last); for a dumb terminal its length. */
  #drawn = 0;
  #drawnLength = 0;
  #lastDraw = 0;
  #timer: NodeJS.Timeout | null = null;
  /** False after output that did not end its line: drawing would erase that text. */
  #atLineStart = true;
  /** $PSStyle.Progress as it is at each draw (the CLI points it at the shell's). */
  look: () => ProgressLook = () => DEFAULT_PROGRESS_LOOK;

  constructor(terminal: ProgressTerminal, style: ProgressStyle, refreshMs = PROGRESS_REFRESH_MS) {
    this.#terminal = terminal;
    this.#style = style;
    this.#refreshMs = refreshMs;
  }

  /** Takes one record: a Completed one removes its activity (and the activities under it). */
  update(record: ProgressRecord): void {
    if (record.RecordType === 'Completed') {
      this.#remove(record.ActivityId);
      if (this.#records.size === 0) this.#erase();
      else this.#schedule();
      return;
    }
    this.#records.set(record.ActivityId, record);
    this.#latest = record.ActivityId;
    this.#schedule();
  }

  /** Wraps an output writer so the bars are cleared before its text and drawn again after. */
  around(write: (text: string) => void): (text: string) => void {
    return (text) => {
      if (!text) return;
      this.#erase();
      write(text);
      this.#atLineStart = text.endsWith('\n');
      if (this.#records.size) this.#schedule();
    };
  }

  /** Clears the bars and stops redrawing (the end of the run). */
  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#records.clear();
    this.#erase();
  }

  #remove(id: number): void {
    this.#records.delete(id);
    for (const r of [...this.#records.values()]) if (r.ParentActivityId === id) this.#remove(r.ActivityId);
  }

  /** Draws now when nothing is on the screen or the last draw is old enough, else once the refresh
   *  interval has passed: only redraws of a bar in view are held back. */
  #schedule(): void {
    if (this.#drawn === 0) {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      return this.#draw();
    }
    if (this.#timer) return;
    const wait = this.#lastDraw + this.#refreshMs - Date.now();
    if (wait <= 0) return this.#draw();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#draw();
    }, wait);
    this.#timer.unref();
  }

  /** The records as lines: parents before their children, a child two cells further in. */
  lines(): string[] {
    const width = this.#terminal.columns || 80;
    if (!this.#style.cursor) {
      const r = this.#records.get(this.#latest) ?? [...this.#records.values()].pop();
      return r ? [progressLine(r, width, this.#style.color, 0, this.look())] : [];
    }
    const look = this.look();
    const out: string[] = [];
    const all = [...this.#records.values()];
    const walk = (r: ProgressRecord, depth: number) => {
      out.push(progressLine(r, width, this.#style.color, depth * 2, look));
      for (const c of all) if (c.ParentActivityId === r.ActivityId && c !== r) walk(c, depth + 1);
    };
    for (const r of all) if (r.ParentActivityId < 0 || !this.#records.has(r.ParentActivityId)) walk(r, 0);
    const max = Math.max(1, Math.min(MAX_LINES, (this.#terminal.rows || 24) - 1));
    return out.slice(0, max);
  }

  #draw(): void {
    if (!this.#atLineStart || this.#records.size === 0) return;
    const lines = this.lines();
    this.#lastDraw = Date.now();
    if (!this.#style.cursor) {
      const line = lines[0] ?? '';
      this.#terminal.write('\r' + line + ' '.repeat(Math.max(0, this.#drawnLength - line.length)) + '\r');
      this.#drawnLength = line.length;
      this.#drawn = 1;
      return;
    }
    this.#terminal.write(this.#eraseText() + lines.join('\n'));
    this.#drawn = lines.length;
  }

  #eraseText(): string {
    if (this.#drawn === 0) return '';
    return '\r\x1b[2K' + '\x1b[1A\x1b[2K'.repeat(this.#drawn - 1);
  }

  #erase(): void {
    if (this.#drawn === 0) return;
    if (this.#style.cursor) this.#terminal.write(this.#eraseText());
    else this.#terminal.write('\r' + ' '.repeat(this.#drawnLength) + '\r');
    this.#drawn = 0;
    this.#drawnLength = 0;
  }
}
