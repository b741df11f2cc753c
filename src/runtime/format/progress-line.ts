// One progress record as one terminal line, in PowerShell 7's minimal view ($PSStyle.Progress.View
// = 'Minimal', its ConsoleHost's ProgressNode.RenderAnsi): the activity in the progress style, then
// the status inside brackets, the part of the bracket up to PercentComplete in reverse video and
// SecondsRemaining at its right end; 120 columns at most. $PSStyle.Progress.Style and MaxWidth
// change the style and the width. Without
// colour (NO_COLOR, TERM=dumb) the bar is PowerShell's classic thermometer of 'o's before the
// status, so the line says the same in plain characters.
import type { ProgressRecord } from '../progress-record.ts';

/** $PSStyle.Progress.MaxWidth's default. */
export const PROGRESS_MAX_WIDTH = 120;

/** What $PSStyle.Progress sets: the activity's style and the widest line. */
export interface ProgressLook {
  style: string;
  maxWidth: number;
}

export const DEFAULT_PROGRESS_LOOK: ProgressLook = { style: '\x1b[33;1m', maxWidth: PROGRESS_MAX_WIDTH };
const REVERSE = '\x1b[7m';
const REVERSE_OFF = '\x1b[27m';
const RESET = '\x1b[0m';

/** `text` cut to `width` characters, the last one an ellipsis when cut. */
function fit(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + '…';
}

/** The line for `record`, `indent` cells in (a child activity), at most `width - 1` cells wide so
 *  the terminal never wraps it. */
export function progressLine(record: ProgressRecord, width: number, color: boolean, indent = 0, look = DEFAULT_PROGRESS_LOOK): string {
  const maxWidth = Math.min(look.maxWidth, Math.max(10, width - 1));
  const pad = ' '.repeat(indent);
  const secs = record.SecondsRemaining >= 0 ? `${record.SecondsRemaining}s` : '';
  // A long activity takes half the line at most.
  const activity = record.Activity.length > maxWidth / 2 ? fit(record.Activity, Math.floor(maxWidth / 2)) : record.Activity;
  return color ? ansiLine(record, pad, activity, secs, maxWidth, look.style) : plainLine(record, pad, activity, secs, maxWidth);
}

function ansiLine(record: ProgressRecord, pad: string, activity: string, secs: string, maxWidth: number, style: string): string {
  const barWidth = Math.max(0, maxWidth - activity.length - pad.length - 4);
  const secsCells = secs ? secs.length + 1 : 0;
  const status = fit(record.StatusDescription, Math.max(0, barWidth - secsCells));
  const inside = (status + ' '.repeat(Math.max(0, barWidth - status.length - secs.length)) + secs).slice(0, barWidth);
  const pct = record.PercentComplete;
  let bar: string;
  if (pct >= 0 && pct < 100 && barWidth > 0) {
    const filled = Math.min(barWidth - 1, Math.floor((pct * barWidth) / 100));
    bar = REVERSE + inside.slice(0, filled) + REVERSE_OFF + inside.slice(filled);
  } else bar = REVERSE + inside + REVERSE_OFF;
  return `${pad}${style}${activity} [${bar}]${RESET}`;
}

function plainLine(record: ProgressRecord, pad: string, activity: string, secs: string, maxWidth: number): string {
  const pct = record.PercentComplete;
  const parts = [pad + activity];
  if (pct >= 0) {
    const cells = Math.max(5, Math.min(20, Math.floor(maxWidth / 5)));
    // As PowerShell's thermometer: never full before the end.
    let filled = Math.floor((pct * cells) / 100);
    if (pct < 100 && filled === cells) filled--;
    parts.push(`[${'o'.repeat(filled)}${' '.repeat(cells - filled)}]`);
  }
  parts.push(record.StatusDescription);
  if (secs) parts.push(secs);
  return fit(parts.join(' '), maxWidth);
}
