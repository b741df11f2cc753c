// Renders rows of objects as a PowerShell table: header, dashes under each header (right-aligned
// over number columns), cells padded to the widest value, one space between columns, cells that do
// not fit the line cut with `…` (or, with `wrap`, continued on the next lines of the row, as
// Format-Table -Wrap does). Returns lines without the surrounding blank lines.

import type { ColumnSpec } from './view-registry.ts';
import { cellText, isRightAligned } from './cell-text.ts';
import { columnValue } from './object-shape.ts';

function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 0) return '';
  return text.slice(0, width - 1) + '…';
}

export interface TableOptions {
  width: number;
  hideHeaders?: boolean;
  /** Format-Table -Wrap: a long cell goes on over more lines instead of being cut. */
  wrap?: boolean;
}

/** A cell's text in lines of at most `width`: its own line breaks kept, long lines broken after
 *  the last space that fits (mid-word only where a word is wider than the column). */
function wrapCell(text: string, width: number): string[] {
  if (width <= 0) return [''];
  const out: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let rest = para;
    while (rest.length > width) {
      const space = rest.lastIndexOf(' ', width);
      const cut = space > 0 ? space : width;
      out.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).replace(/^ /, '');
    }
    out.push(rest);
  }
  return out;
}

export function renderTable(objects: unknown[], columns: ColumnSpec[], options: TableOptions): string[] {
  if (columns.length === 0) return [];
  const headers = columns.map((c) => c.label ?? c.name);
  const cells = objects.map((o) => columns.map((c) => {
    const text = cellText(columnValue(o, c));
    return options.wrap ? text : text.replace(/\r?\n/g, ' ');
  }));
  const align = columns.map((c, i) => c.align ?? (objects.length > 0 && isRightAligned(columnValue(objects[0], columns[i])) ? 'right' : 'left'));
  const longest = (t: string) => Math.max(...t.split(/\r?\n/).map((l) => l.length));
  const widths = columns.map((c, i) => c.width ?? Math.max(headers[i].length, ...cells.map((r) => longest(r[i]))));
  // Fit the line: the last column takes what is left, then wide columns give way.
  const total = () => widths.reduce((a, b) => a + b, 0) + widths.length - 1;
  if (total() > options.width) {
    const last = widths.length - 1;
    const others = total() - widths[last];
    widths[last] = Math.max(headers[last].length, options.width - others - 1);
    while (total() > options.width) {
      let wi = 0;
      for (let i = 1; i < widths.length; i++) if (widths[i] > widths[wi]) wi = i;
      if (widths[wi] <= 4) break;
      widths[wi]--;
    }
  }
  const line = (parts: string[]) =>
    parts
      .map((p, i) => {
        const t = truncate(p, widths[i]);
        if (align[i] === 'right') return t.padStart(widths[i]);
        // Centred: the odd space goes to the right, as PowerShell's table writer does.
        if (align[i] === 'center') return t.padStart(t.length + Math.floor((widths[i] - t.length) / 2)).padEnd(widths[i]);
        return t.padEnd(widths[i]);
      })
      .join(' ')
      .trimEnd();
  const out: string[] = [];
  if (!options.hideHeaders) {
    out.push(line(headers));
    out.push(line(headers.map((h, i) => '-'.repeat(Math.min(h.length, widths[i])))));
  }
  for (const row of cells) {
    if (!options.wrap) {
      out.push(line(row));
      continue;
    }
    const parts = row.map((c, i) => wrapCell(c, widths[i]));
    const height = Math.max(...parts.map((p) => p.length));
    for (let k = 0; k < height; k++) out.push(line(parts.map((p) => p[k] ?? '')));
  }
  return out;
}
