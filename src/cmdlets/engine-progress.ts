// What a synchronous engine cmdlet (Start-Job, Start-HealthCheck, Start-Restore, New-Lab) tells the
// host while it waits: a progress record from the engine's progress events — percent, the current
// VM/disk, bytes read and sent, the rate — at a modest rate and Completed at the end, so a terminal
// shows a bar and $ProgressPreference = 'SilentlyContinue' hides it like any Write-Progress; and,
// with -Verbose or $VerbosePreference = 'Continue', the session's log lines as they happen
// (`VERBOSE: 22:31:02 Job 'Nightly' started: …`), the lines Session.Log keeps. The REPL draws the
// engine's work in its live panel itself (host.showsEngineProgress), so it gets no records from here.
import type { CmdletContext } from '../runtime/cmdlet.ts';
import { progressRecord, type ProgressRecord } from '../runtime/progress-record.ts';
import type { EngineEvents } from '../engine/index.ts';
import type { SessionEvent, SessionHandle } from '../engine/jobs/index.ts';
import type { RestoreEvent } from '../engine/datamover/index.ts';

/** How often a record may go to the host (the terminal redraws at most every 200 ms anyway). */
const RECORD_EVERY_MS = 100;
/** Ids far from the small ones scripts give Write-Progress. */
let nextActivityId = 0x40000000;

/** 12582912 → "12.0 MB", as Start-Job's per-disk lines write sizes. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/** A log line as -Verbose writes it: the local time of day, then the severity when it is not Info. */
export function verboseLogLine(line: { time: Date; severity: string; text: string }): string {
  const t = line.time;
  const clock = [t.getHours(), t.getMinutes(), t.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `${clock} ${line.severity === 'Info' ? '' : `${line.severity}: `}${line.text}`;
}

/** One activity's records and verbose lines for one cmdlet call. */
export class EngineProgress {
  readonly #ctx: CmdletContext;
  readonly #activity: string;
  readonly #id = nextActivityId++;
  readonly #records: boolean;
  readonly #started = Date.now();
  #last = 0;
  #shown = false;
  /** Verbose writes in order: redirected (`4>&1`) each is a pipeline write to wait for. */
  #verbose: Promise<void> = Promise.resolve();
  #failure: unknown = null;
  /** Unsubscribes from the engine's events. */
  release: () => void = () => {};

  constructor(ctx: CmdletContext, activity: string) {
    this.#ctx = ctx;
    this.#activity = activity;
    this.#records = ctx.host.showsEngineProgress !== true;
  }

  /** Where the work stands; dropped when the last record went out less than RECORD_EVERY_MS ago,
   *  unless `force` (a disk starting or ending). */
  report(percent: number, status: string, force = false): void {
    if (!this.#records) return;
    const now = Date.now();
    if (!force && now - this.#last < RECORD_EVERY_MS) return;
    this.#last = now;
    this.#shown = true;
    const p = Math.max(0, Math.min(100, Math.floor(percent)));
    const elapsed = (now - this.#started) / 1000;
    this.#ctx.writeProgress(this.#record({
      StatusDescription: `${p}%  ${status}`,
      PercentComplete: p,
      SecondsRemaining: p > 0 && p < 100 ? Math.round((elapsed * (100 - p)) / p) : -1,
    }));
  }

  verbose(text: string): void {
    this.#verbose = this.#verbose.then(async () => {
      // Once the pipeline below has stopped taking them (`4>&1 | Select-Object -First 2`), no more.
      if (this.#failure) return;
      try {
        await this.#ctx.writeVerbose(text);
      } catch (e) {
        this.#failure ??= e;
      }
    });
  }

  /** Removes the bar and waits for the verbose lines; rethrows what writing them threw. */
  async finish(): Promise<void> {
    this.release();
    if (this.#shown) this.#ctx.writeProgress(this.#record({ RecordType: 'Completed' }));
    this.#shown = false;
    await this.#verbose;
    if (this.#failure) throw this.#failure;
  }

  #record(fields: Partial<ProgressRecord>): ProgressRecord {
    return progressRecord({ ActivityId: this.#id, Activity: this.#activity, ...fields });
  }
}

/** Follows a running session (a backup or a health check) until `finish`. */
export function followSession(ctx: CmdletContext, handle: SessionHandle, activity: string): EngineProgress {
  const progress = new EngineProgress(ctx, activity);
  const s = handle.session;
  // Lines logged before we could subscribe (a health check logs its first one at once).
  for (const l of s.Log) progress.verbose(verboseLogLine({ time: l.Time, severity: l.Severity, text: l.Text }));
  const status = (t: { VM: string; Disk: string; Proxy: string | null; TransportMode: string | null; Speed: number }) => {
    const via = t.Proxy ? ` via ${t.Proxy}${t.TransportMode ? ` (${t.TransportMode})` : ''}` : '';
    const speed = handle.tasks.filter((x) => x.Status === 'InProgress').reduce((n, x) => n + x.Speed, 0) || t.Speed;
    return `${t.VM}/${t.Disk}${via}  read ${megabytes(s.ReadBytes)}  sent ${megabytes(s.TransferredBytes)}  ${megabytes(speed)}/s`;
  };
  const onEvent = (e: SessionEvent) => {
    if (e.kind === 'log') {
      if (e.task === null) progress.verbose(verboseLogLine(e));
    } else if (e.kind === 'task-progress' || e.kind === 'task-started' || e.kind === 'task-finished') {
      progress.report(s.Progress, status(e.task), e.kind !== 'task-progress');
    }
  };
  handle.events.on('event', onEvent);
  progress.release = () => void handle.events.off('event', onEvent);
  return progress;
}

/** Follows a restore through the engine's onProgress callback: the percent over all of the point's
 *  disks (weighted by their sizes), the disk being written and the rate. */
export function followRestore(ctx: CmdletContext, point: { id: string; vm: string; disks: { name: string; size: number }[] }, out: string): { progress: EngineProgress; onProgress: (e: RestoreEvent) => void } {
  const progress = new EngineProgress(ctx, `Restore of ${point.vm}`);
  const all = point.disks.reduce((n, d) => n + d.size, 0);
  const started = Date.now();
  let before = 0;
  let current: { name: string; size: number } | null = null;
  let written = 0;
  let writtenBefore = 0;
  const onProgress = (e: RestoreEvent) => {
    if (e.kind === 'restore-started') progress.verbose(`Restoring restore point ${e.point} of ${e.vm} (${point.disks.length} disk(s)) to ${out}`);
    if (e.kind !== 'restore-disk') return;
    const disk = e.disk !== current?.name ? point.disks.find((d) => d.name === e.disk) ?? { name: e.disk, size: 0 } : current;
    const next = disk !== current;
    if (next) {
      if (current) before += current.size;
      writtenBefore += written;
      written = 0;
      current = disk;
      progress.verbose(`Writing disk '${disk.name}' (${megabytes(disk.size)})`);
    }
    written = e.writtenBytes;
    const frac = e.totalBytes > 0 ? e.writtenBytes / e.totalBytes : 1;
    const rate = ((writtenBefore + written) * 1000) / Math.max(1, Date.now() - started);
    progress.report(all > 0 ? ((before + frac * disk.size) / all) * 100 : 0, `${point.vm}/${disk.name}  written ${megabytes(writtenBefore + written)}  ${megabytes(rate)}/s`, next);
  };
  return { progress, onProgress };
}

/** Follows New-Lab's build of `lab` through the engine's lab events. */
export function followLab(ctx: CmdletContext, events: EngineEvents, lab: string): EngineProgress {
  const progress = new EngineProgress(ctx, `Lab ${lab}`);
  let disk = '';
  const onEvent = (e: { kind: string; [k: string]: unknown }) => {
    if (String(e.lab).toLowerCase() !== lab.toLowerCase()) return;
    const n = (v: unknown) => (typeof v === 'number' ? v : 0);
    if (e.kind === 'lab-started') {
      const disks = Array.isArray(e.disks) ? e.disks.length : 0;
      progress.verbose(`Building lab ${lab}: ${disks} disk(s), ${megabytes(n(e.totalBytes))} in all`);
    } else if (e.kind === 'lab-progress') {
      const name = `${String(e.vm)}/${String(e.disk)}`;
      if (name !== disk) progress.verbose(`Writing disk ${name} (${megabytes(n(e.diskTotalBytes))})`);
      const total = n(e.totalBytes);
      const rate = (n(e.bytes) * 1000) / Math.max(1, n(e.elapsedMs));
      progress.report(total > 0 ? (n(e.bytes) / total) * 100 : 0, `${name}  written ${megabytes(n(e.bytes))} of ${megabytes(total)}  ${megabytes(rate)}/s`, name !== disk);
      disk = name;
    }
  };
  events.on('event', onEvent);
  progress.release = () => void events.off('event', onEvent);
  return progress;
}
