// The live progress panel's data: engine session events (src/engine/jobs/live-session.ts) folded
// into one row per task (VM/disk, proxy, transport mode, progress, speed, bytes, bottleneck,
// elapsed), and New-Lab's lab events (src/engine/lab) into one row per lab being built. A pure
// reducer, so the panel can be tested with synthetic events and the REPL can batch events between
// redraws. Finished sessions linger briefly so the final state is seen; a finished lab build
// becomes a one-line activity that lingers the same way. Write-Progress records are folded into
// `records` by progress-records.ts.
import type { RecordRow } from './progress-records.ts';

export interface TaskRow {
  index: number;
  vm: string;
  disk: string;
  status: string;
  proxy: string | null;
  transportMode: string | null;
  /** 0..100 */
  progress: number;
  readBytes: number;
  transferredBytes: number;
  totalBytes: number;
  /** Bytes per second read from the source. */
  speed: number;
  bottleneck: string | null;
  startTime: number | null;
  endTime: number | null;
  waiting: string | null;
}

export interface SessionRow {
  id: number | string;
  jobName: string;
  state: string;
  result: string | null;
  /** 0..100 */
  progress: number;
  startTime: number;
  endTime: number | null;
  tasks: TaskRow[];
  lastLog: string | null;
}

/** A lab being built by New-Lab (lab events carry no sessionId). */
export interface LabRow {
  lab: string;
  /** The disk being written now. */
  vm: string | null;
  disk: string | null;
  /** Bytes of the disks laid down so far (holes included) and in all. */
  bytes: number;
  totalBytes: number;
  /** Non-zero guest data written so far. */
  dataBytes: number;
  /** 0..100 */
  progress: number;
  /** Bytes per second laid down since the build started. */
  speed: number;
  startTime: number;
  /** When the last event came. */
  at: number;
}

export interface ProgressModel {
  /** Write-Progress records of the running command (progress-records.ts). */
  records: RecordRow[];
  sessions: SessionRow[];
  /** Labs being built, in the order they started. */
  labs: LabRow[];
  /** Long work outside job sessions (Start-Workload, a snapshot commit, a lab build's outcome), latest first. */
  activity: { text: string; at: number } | null;
}

export const emptyProgress: ProgressModel = { records: [], sessions: [], labs: [], activity: null };

/** Engine events that are not job sessions but take long enough to deserve a line. */
function activityOf(event: EventLike): string | null | undefined {
  const bytes = typeof event.bytes === 'number' ? formatBytes(event.bytes) : '';
  switch (event.kind) {
    case 'workload-progress': return `Workload on ${String(event.vm)}${event.disk ? '/' + String(event.disk) : ''}: ${bytes} written`;
    case 'vm-snapshot-commit-progress': return `Committing the snapshot of ${String(event.vm)}/${String(event.disk)}: ${bytes} merged`;
    case 'workload-completed':
    case 'vm-snapshot-committed':
      return null;
    default:
      return undefined;
  }
}

/** The fields of an engine event the panel reads; everything is optional because events are loose. */
interface EventLike {
  kind: string;
  sessionId?: number | string;
  [key: string]: unknown;
}

type TaskLike = Partial<{
  Index: number; VM: string; Disk: string; Status: string; Proxy: string | null; TransportMode: string | null;
  ReadBytes: number; TransferredBytes: number; TotalBytes: number; Speed: number; Bottleneck: string | null;
  StartTime: Date | null; EndTime: Date | null;
}>;

type SessionLike = Partial<{ JobName: string; State: string; Result: string; Progress: number; CreationTime: Date; EndTime: Date | null }>;

const time = (d: unknown): number | null => (d instanceof Date ? d.getTime() : typeof d === 'number' ? d : null);

function rowFromTask(t: TaskLike, old: TaskRow | undefined): TaskRow {
  const total = t.TotalBytes ?? old?.totalBytes ?? 0;
  return {
    index: t.Index ?? old?.index ?? 0,
    vm: t.VM ?? old?.vm ?? '?',
    disk: t.Disk ?? old?.disk ?? '?',
    status: t.Status ?? old?.status ?? 'Pending',
    proxy: t.Proxy ?? old?.proxy ?? null,
    transportMode: t.TransportMode ?? old?.transportMode ?? null,
    progress: old?.progress ?? 0,
    readBytes: t.ReadBytes ?? old?.readBytes ?? 0,
    transferredBytes: t.TransferredBytes ?? old?.transferredBytes ?? 0,
    totalBytes: total,
    speed: t.Speed ?? old?.speed ?? 0,
    bottleneck: t.Bottleneck ?? old?.bottleneck ?? null,
    startTime: time(t.StartTime) ?? old?.startTime ?? null,
    endTime: time(t.EndTime) ?? old?.endTime ?? null,
    waiting: old?.waiting ?? null,
  };
}

const finished = (status: string): boolean => status === 'Success' || status === 'Warning' || status === 'Failed';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** What the row becomes with one more lab event; a lab event before its `lab-started` still makes a row. */
function labRow(old: LabRow | undefined, event: EventLike, now: number): LabRow {
  const elapsed = num(event.elapsedMs);
  const startTime = num(event.startTime) ?? old?.startTime ?? (elapsed === undefined ? now : now - elapsed);
  const bytes = num(event.bytes) ?? old?.bytes ?? 0;
  const totalBytes = num(event.totalBytes) ?? old?.totalBytes ?? 0;
  const ms = elapsed ?? now - startTime;
  return {
    lab: String(event.lab),
    vm: typeof event.vm === 'string' ? event.vm : old?.vm ?? null,
    disk: typeof event.disk === 'string' ? event.disk : old?.disk ?? null,
    bytes,
    totalBytes,
    dataBytes: num(event.dataBytes) ?? old?.dataBytes ?? 0,
    progress: totalBytes > 0 ? Math.min(100, (bytes / totalBytes) * 100) : 0,
    speed: ms > 0 ? (bytes * 1000) / ms : old?.speed ?? 0,
    startTime,
    at: now,
  };
}

/** The line a finished build leaves behind (for a few seconds) in place of its row. */
function labOutcome(row: LabRow, event: EventLike): string {
  const took = formatElapsed(num(event.elapsedMs) ?? 0);
  if (event.kind === 'lab-completed') {
    return `Lab ${row.lab} built: ${formatBytes(row.totalBytes)} of disks (${formatBytes(row.dataBytes)} of data) in ${took}`;
  }
  const how = event.stopped === true ? 'stopped' : `failed: ${String(event.error ?? 'unknown error')}`;
  return `Lab ${row.lab} ${how} at ${Math.floor(row.progress)}% after ${took}; nothing was kept`;
}

function applyLabEvent(model: ProgressModel, event: EventLike, now: number): ProgressModel {
  const at = model.labs.findIndex((r) => r.lab === String(event.lab));
  const row = labRow(at >= 0 ? model.labs[at] : undefined, event, now);
  const labs = [...model.labs];
  if (event.kind === 'lab-completed' || event.kind === 'lab-failed') {
    if (at >= 0) labs.splice(at, 1);
    return { ...model, labs, activity: { text: labOutcome(row, event), at: now } };
  }
  if (at >= 0) labs[at] = row;
  else labs.push(row);
  return { ...model, labs };
}

const LAB_EVENTS = new Set(['lab-started', 'lab-progress', 'lab-completed', 'lab-failed']);

/** Folds one engine event into the model; events of other kinds return the model unchanged. */
export function applyEvent(model: ProgressModel, event: EventLike, now = Date.now()): ProgressModel {
  const id = event.sessionId;
  if (id === undefined && LAB_EVENTS.has(event.kind)) return applyLabEvent(model, event, now);
  if (id === undefined) {
    const text = activityOf(event);
    if (text === undefined || (text === null && model.activity === null)) return model;
    return { ...model, activity: text === null ? null : { text, at: now } };
  }
  const index = model.sessions.findIndex((s) => s.id === id);
  const existing = index >= 0 ? model.sessions[index]! : undefined;
  const s = event.session as SessionLike | undefined;
  let next: SessionRow | undefined;
  switch (event.kind) {
    case 'session-started':
      next = {
        id, jobName: s?.JobName ?? String(id), state: s?.State ?? 'Starting', result: null, progress: 0,
        startTime: time(s?.CreationTime) ?? now, endTime: null, tasks: existing?.tasks ?? [], lastLog: null,
      };
      break;
    case 'session-state':
      if (existing) next = { ...existing, state: String(event.state) };
      break;
    case 'session-finished':
      if (existing) {
        next = {
          ...existing, state: s?.State ?? 'Stopped', result: s?.Result ?? null, progress: s?.Progress ?? 100,
          endTime: time(s?.EndTime) ?? now,
        };
      }
      break;
    case 'log':
      if (existing && event.task === null) next = { ...existing, lastLog: String(event.text) };
      break;
    case 'task-waiting':
    case 'task-scheduled':
    case 'task-started':
    case 'task-progress':
    case 'task-finished': {
      const base = existing ?? {
        id, jobName: String(id), state: 'Working', result: null, progress: 0, startTime: now, endTime: null, tasks: [], lastLog: null,
      };
      const task = (event.task ?? {}) as TaskLike;
      const at = base.tasks.findIndex((r) => r.index === task.Index);
      const row = rowFromTask(task, at >= 0 ? base.tasks[at] : undefined);
      if (event.kind === 'task-waiting') row.waiting = String(event.reason ?? 'resources');
      else row.waiting = null;
      if (event.kind === 'task-scheduled') row.proxy = String(event.proxy ?? row.proxy ?? '');
      if (event.kind === 'task-progress') {
        row.progress = Number(event.progress ?? row.progress);
        row.readBytes = Number(event.readBytes ?? row.readBytes);
        row.transferredBytes = Number(event.transferredBytes ?? row.transferredBytes);
        row.speed = Number(event.speed ?? row.speed);
      }
      if (event.kind === 'task-finished' || finished(row.status)) {
        if (row.status !== 'Failed') row.progress = 100;
        row.endTime ??= now;
      }
      const tasks = [...base.tasks];
      if (at >= 0) tasks[at] = row;
      else tasks.push(row);
      tasks.sort((a, b) => a.index - b.index);
      const total = tasks.reduce((n, r) => n + r.totalBytes, 0);
      const done = tasks.reduce((n, r) => n + (r.totalBytes * r.progress) / 100, 0);
      next = { ...base, tasks, progress: total > 0 ? Math.floor((done / total) * 100) : base.progress };
      break;
    }
    default:
      return model;
  }
  if (!next) return model;
  const sessions = [...model.sessions];
  if (index >= 0) sessions[index] = next;
  else sessions.push(next);
  return { ...model, sessions };
}

/** Drops sessions that finished more than `lingerMs` ago, and an activity gone quiet as long. */
export function prune(model: ProgressModel, now = Date.now(), lingerMs = 3000): ProgressModel {
  const sessions = model.sessions.filter((s) => s.endTime === null || now - s.endTime < lingerMs);
  const activity = model.activity && now - model.activity.at < lingerMs ? model.activity : null;
  return sessions.length === model.sessions.length && activity === model.activity ? model : { ...model, sessions, activity };
}

/** Sessions still running (used to ask before Ctrl+C stops a job). */
export function runningSessions(model: ProgressModel): SessionRow[] {
  return model.sessions.filter((s) => s.endTime === null);
}

const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 1536 → '1.5 KB' (binary multiples, as the language's KB/MB suffixes). */
export function formatBytes(n: number): string {
  let v = Math.max(0, n);
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v.toFixed(0) : v < 10 ? v.toFixed(1) : v.toFixed(0)} ${units[u]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Elapsed time as m:ss or h:mm:ss. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A bar of `width` cells for `percent` (0..100), with eighth-cell resolution. */
export function progressBar(percent: number, width: number): string {
  const eighths = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
  const cells = (Math.max(0, Math.min(100, percent)) / 100) * width;
  const full = Math.floor(cells);
  const part = eighths[Math.floor((cells - full) * 8)] ?? '';
  const bar = '█'.repeat(full) + part;
  return bar + ' '.repeat(Math.max(0, width - bar.length));
}
