// Renders one object as a PowerShell list: `Name : Value` lines with the names padded to the
// longest; values spanning several lines (or wider than the line) continue under the value column.

import type { ColumnSpec } from './view-registry.ts';
import { cellText } from './cell-text.ts';
import { columnValue } from './object-shape.ts';

export function renderList(obj: unknown, columns: ColumnSpec[], width = 120): string[] {
  const labels = columns.map((c) => c.label ?? c.name);
  const pad = Math.max(0, ...labels.map((l) => l.length));
  const room = Math.max(10, width - pad - 3);
  const out: string[] = [];
  columns.forEach((c, i) => {
    const text = cellText(columnValue(obj, c));
    // Values longer than the line wrap under the value column, as PowerShell's list view does.
    const lines = text.split(/\r?\n/).flatMap((l) => (l.length <= room ? [l] : l.match(new RegExp(`.{1,${room}}`, 'g')) ?? ['']));
    out.push((labels[i].padEnd(pad) + ' : ' + lines[0]).trimEnd());
    for (const l of lines.slice(1)) out.push((' '.repeat(pad + 3) + l).trimEnd());
  });
  return out;
}
