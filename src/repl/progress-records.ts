// Write-Progress records in the REPL's live panel: the records the running command has written,
// one row per activity id (a child under its parent), folded like the engine's events in
// progress-model.ts. A Completed record removes its activity and those under it; the rows of a
// command go when the command ends, as PowerShell's console clears its progress pane.
import type { ProgressRecord } from '../runtime/progress-record.ts';

export interface RecordRow {
  id: number;
  parentId: number;
  activity: string;
  status: string;
  operation: string | null;
  /** 0..100, or -1 (no bar). */
  percent: number;
  secondsRemaining: number;
}

/** The rows with one more record; rows keep the order their activity first came in. */
export function applyProgressRecord(rows: readonly RecordRow[], record: ProgressRecord): RecordRow[] {
  if (record.RecordType === 'Completed') {
    const gone = new Set([record.ActivityId]);
    // Children, grandchildren …: the rows come in any order, so repeat until nothing is added.
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of rows) {
        if (gone.has(r.id) || !gone.has(r.parentId)) continue;
        gone.add(r.id);
        grew = true;
      }
    }
    return rows.filter((r) => !gone.has(r.id));
  }
  const row: RecordRow = {
    id: record.ActivityId,
    parentId: record.ParentActivityId,
    activity: record.Activity,
    status: record.StatusDescription,
    operation: record.CurrentOperation,
    percent: record.PercentComplete,
    secondsRemaining: record.SecondsRemaining,
  };
  const at = rows.findIndex((r) => r.id === row.id);
  return at < 0 ? [...rows, row] : rows.map((r, i) => (i === at ? row : r));
}

/** The rows in drawing order, each with its depth (a child two cells in from its parent). */
export function recordTree(rows: readonly RecordRow[]): { row: RecordRow; depth: number }[] {
  const out: { row: RecordRow; depth: number }[] = [];
  const ids = new Set(rows.map((r) => r.id));
  const walk = (r: RecordRow, depth: number) => {
    out.push({ row: r, depth });
    for (const c of rows) if (c.parentId === r.id && c !== r) walk(c, depth + 1);
  };
  for (const r of rows) if (r.parentId < 0 || !ids.has(r.parentId)) walk(r, 0);
  return out;
}

/** A row's text around its bar: activity first, then percent, status, operation and time left. */
export function recordLine(row: RecordRow, depth: number): { head: string; tail: string } {
  const tail = [
    row.percent >= 0 ? `${String(row.percent).padStart(3)}%` : '',
    row.status,
    row.operation ?? '',
    row.secondsRemaining >= 0 ? `${row.secondsRemaining}s left` : '',
  ].filter(Boolean).join('  ');
  return { head: `${'  '.repeat(depth)}${row.activity} `, tail: ` ${tail}` };
}
