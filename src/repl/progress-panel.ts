// The live progress panel: one line per Write-Progress activity of the running command (a child
// under its parent, a bar when it has a percentage), one line per lab New-Lab is building (lab, the disk being written, a
// bar, percentage, elapsed time, speed, bytes written of the total), then one block per running (or
// just finished) job session, one line per task with VM/disk, proxy, transport mode, a bar,
// percentage, speed, bytes read and transferred, bottleneck and elapsed time. Lines are truncated to the terminal width, never wrapped, so the
// panel's height only changes when tasks come and go (no flicker from re-wrapping).
import React from 'react';
import { Box, Text } from 'ink';
import type { Theme } from './theme.ts';
import { formatBytes, formatElapsed, formatSpeed, progressBar, type LabRow, type ProgressModel, type SessionRow, type TaskRow } from './progress-model.ts';
import { recordLine, recordTree } from './progress-records.ts';

const h = React.createElement;

export interface ProgressPanelProps {
  model: ProgressModel;
  theme: Theme;
  width: number;
  now?: number;
}

function statusColor(theme: Theme, status: string): string | undefined {
  if (status === 'Failed') return theme.colors.error;
  if (status === 'Warning') return theme.colors.warning;
  if (status === 'Success') return theme.colors.bar;
  return undefined;
}

/** One task's line without the bar, which is drawn in colour between `head` and `tail`. */
export interface ColumnWidths {
  name: number;
  proxy: number;
  mode: number;
}

/** Column widths that fit a session's rows, so a narrow terminal keeps room for the bar. */
export function columnWidths(tasks: readonly TaskRow[]): ColumnWidths {
  const max = (values: string[]) => Math.max(1, ...values.map((v) => v.length));
  return {
    name: max(tasks.map((t) => `${t.vm}/${t.disk}`)),
    proxy: max(tasks.map((t) => t.proxy ?? '-')),
    mode: max(tasks.map((t) => t.transportMode ?? '-')),
  };
}

export function taskLine(t: TaskRow, now: number, widths: ColumnWidths = columnWidths([t])): { head: string; tail: string } {
  const name = `${t.vm}/${t.disk}`.padEnd(widths.name);
  const where = `${(t.proxy ?? '-').padEnd(widths.proxy)}  ${(t.transportMode ?? '-').padEnd(widths.mode)}`;
  const elapsed = t.startTime === null ? '' : formatElapsed((t.endTime ?? now) - t.startTime);
  const state = t.waiting ? `waiting: ${t.waiting}`
    : t.status === 'Pending' ? 'pending'
    : [
      `${String(Math.floor(t.progress)).padStart(3)}%`,
      elapsed.padStart(5),
      formatSpeed(t.speed).padStart(10),
      `read ${formatBytes(t.readBytes)}`,
      `sent ${formatBytes(t.transferredBytes)}`,
      t.status === 'InProgress' ? '' : t.status,
      t.bottleneck ? `bottleneck ${t.bottleneck}` : '',
    ].filter(Boolean).join('  ');
  return { head: `  ${name}  ${where} `, tail: ` ${state}` };
}

/** A lab build's line without the bar, in the columns a task line uses (percent, elapsed, speed, bytes). */
export function labLine(l: LabRow, now: number): { lab: string; head: string; tail: string } {
  const where = l.vm && l.disk ? `${l.vm}/${l.disk}` : 'starting';
  const state = [
    `${String(Math.floor(l.progress)).padStart(3)}%`,
    formatElapsed(now - l.startTime).padStart(5),
    formatSpeed(l.speed).padStart(10),
    `written ${formatBytes(l.bytes)} of ${formatBytes(l.totalBytes)}`,
  ].join('  ');
  return { lab: `Lab ${l.lab}`, head: `  ${where} `, tail: ` ${state}` };
}

/** Cells left for a bar beside `textLength` characters of text: 8 to 30, none on a very narrow terminal. */
function barCells(width: number, textLength: number): number {
  return width < 60 ? 0 : Math.max(8, Math.min(30, width - textLength - 1));
}

function sessionHeader(s: SessionRow, now: number): string {
  const result = s.result && s.result !== 'None' ? ` ${s.result}` : '';
  return `Job ${s.jobName} (session ${s.id})  ${s.state}${result}  ${s.progress}%  ${formatElapsed((s.endTime ?? now) - s.startTime)}`;
}

export function ProgressPanel(props: ProgressPanelProps): React.ReactElement | null {
  const { model, theme, width } = props;
  if (model.records.length === 0 && model.sessions.length === 0 && model.labs.length === 0 && !model.activity) return null;
  const now = props.now ?? Date.now();
  return h(
    Box,
    { flexDirection: 'column', marginBottom: 1 },
    ...recordTree(model.records).map(({ row, depth }) => {
      const { head, tail } = recordLine(row, depth);
      return h(
        Text,
        { key: `record:${row.id}`, wrap: 'truncate' },
        h(Text, { bold: depth === 0, color: theme.colors.accent }, head),
        row.percent >= 0 ? h(Text, { color: theme.colors.bar }, progressBar(row.percent, barCells(width, head.length + tail.length))) : null,
        tail,
      );
    }),
    model.activity ? h(Text, { key: 'activity', color: theme.colors.dim, wrap: 'truncate' }, model.activity.text) : null,
    ...model.labs.map((l) => {
      const { lab, head, tail } = labLine(l, now);
      return h(
        Text,
        { key: `lab:${l.lab}`, wrap: 'truncate' },
        h(Text, { bold: true, color: theme.colors.accent }, lab),
        head,
        h(Text, { color: theme.colors.bar }, progressBar(l.progress, barCells(width, lab.length + head.length + tail.length))),
        tail,
      );
    }),
    ...model.sessions.map((s) => {
      const widths = columnWidths(s.tasks);
      const lines = s.tasks.map((t) => taskLine(t, now, widths));
      // The bar takes what the widest line's text leaves (8 to 30 cells); on a narrow terminal the
      // end of the text (status, bottleneck) is cut rather than the bar.
      const text = Math.max(0, ...lines.map((l) => l.head.length + l.tail.length));
      const barWidth = barCells(width, text);
      return h(
        Box,
        { key: String(s.id), flexDirection: 'column' },
        h(Text, { bold: true, color: theme.colors.accent, wrap: 'truncate' }, sessionHeader(s, now)),
        ...s.tasks.map((t, i) => {
          const { head, tail } = lines[i]!;
          return h(
            Text,
            { key: t.index, wrap: 'truncate' },
            head,
            h(Text, { color: statusColor(theme, t.status) ?? theme.colors.bar }, progressBar(t.progress, barWidth)),
            h(Text, { color: statusColor(theme, t.status) }, tail),
          );
        }),
        s.lastLog && s.endTime === null ? h(Text, { color: theme.colors.dim, wrap: 'truncate' }, `  ${s.lastLog}`) : null,
      );
    }),
  );
}
