// Renders one object as a PowerShell list: `Name : Value` lines with the names padded to the
// longest; values spanning several lines continue under the value column.

import type { ColumnSpec } from './view-registry.ts';
import { cellText } from './cell-text.ts';
import { columnValue } from './object-shape.ts';

export function renderList(obj: unknown, columns: ColumnSpec[]): string[] {
  const labels = columns.map((c) => c.label ?? c.name);
  const pad = Math.max(0, ...labels.map((l) => l.length));
  const out: string[] = [];
  columns.forEach((c, i) => {
    const text = cellText(columnValue(obj, c));
    const lines = text.split(/\r?\n/);
    out.push((labels[i].padEnd(pad) + ' : ' + lines[0]).trimEnd());
    for (const l of lines.slice(1)) out.push((' '.repeat(pad + 3) + l).trimEnd());
  });
  return out;
}
