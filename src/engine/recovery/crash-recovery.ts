// Crash recovery at open: what a vbrs process killed in the middle of its work left in a data
// folder is put right by the next process that opens it (DESIGN.md, "Crash recovery"). Sessions left
// Working by a process that no longer exists become Stopped/Failed with a log line; VM snapshots
// such a session left open are committed at once (as the product's snapshot hunter consolidates
// them), so the VM stops writing into a leftover delta and the disk file at `Path` is current again.
// Each cleaning is logged at Info on the session that left it. Unfinished restore points are swept
// per chain when the job next runs (chain-leftovers.ts), temporary files of killed atomic writes
// included: only the job's own session may touch its chains, so a sweep can never remove a point
// another live process is still writing.

import type { Catalog } from '../catalog/index.ts';
import type { EngineEvents } from '../engine-events.ts';
import type { SnapshotCommitResult } from '../infra/vm-snapshot.ts';
import type { SessionInfo } from '../jobs/session-info.ts';
import type { SessionStore } from '../jobs/session-store.ts';
import { snapshotSession } from '../jobs/vm-snapshot-source.ts';

export interface RecoveredSnapshot {
  VM: string;
  Snapshot: string;
  /** The session that created it and ended without removing it. */
  SessionId: number;
  DeltaBytes: number;
  CommitDurationMs: number;
}

export interface RecoveryReport {
  /** Sessions closed because the process running them had ended. */
  sessions: SessionInfo[];
  snapshots: RecoveredSnapshot[];
  /** What could not be cleaned, one line each (also logged on the session concerned). */
  problems: string[];
}

export interface RecoveryParts {
  catalog: Catalog;
  sessions: SessionStore;
  vms: { removeSnapshot(vm: string): SnapshotCommitResult };
  events?: EngineEvents;
}

/** Runs every step; idempotent, and safe while other processes use the same data folder. */
export function recoverDataFolder(parts: RecoveryParts, now = new Date()): RecoveryReport {
  const report: RecoveryReport = { sessions: parts.sessions.closeAbandoned(now), snapshots: [], problems: [] };
  for (const row of parts.catalog.all('SELECT v.name AS vm, s.name AS snap FROM vm_snapshots s JOIN vms v ON v.id = s.vm_id ORDER BY v.name')) {
    commitOrphan(parts, String(row.vm), String(row.snap), report);
  }
  if (report.sessions.length > 0 || report.snapshots.length > 0 || report.problems.length > 0) {
    parts.events?.emitEvent({
      kind: 'recovery',
      sessions: report.sessions.map((s) => s.Id),
      snapshots: report.snapshots,
      problems: report.problems,
    });
  }
  return report;
}

/** Commits a backup snapshot whose session has ended; a live session's snapshot is left alone. */
function commitOrphan(parts: RecoveryParts, vm: string, snapshot: string, report: RecoveryReport): void {
  const owner = snapshotSession(snapshot);
  if (owner === null) return; // not a backup snapshot: the user's own, never touched
  const session = parts.sessions.list({ id: owner })[0];
  if (!session || session.State !== 'Stopped') return;
  try {
    // Under the write lock and re-checked, so two processes recovering at once commit it once.
    const r = parts.catalog.tx(() => {
      const still = parts.catalog.get('SELECT 1 FROM vm_snapshots s JOIN vms v ON v.id = s.vm_id WHERE v.name = ? AND s.name = ?', vm, snapshot);
      return still ? parts.vms.removeSnapshot(vm) : null;
    });
    if (!r) return;
    const ms = Math.round(r.CommitDurationMs);
    report.snapshots.push({ VM: vm, Snapshot: snapshot, SessionId: owner, DeltaBytes: r.DeltaBytes, CommitDurationMs: ms });
    parts.sessions.addLog(session, {
      Time: new Date(),
      Severity: 'Info',
      Text: `Recovery: VM snapshot '${snapshot}' of VM '${vm}' left open by this session was committed (${r.DeltaBytes} bytes of delta merged in ${ms} ms)`,
    });
  } catch (e) {
    const line = `Recovery: VM snapshot '${snapshot}' of VM '${vm}' left open by this session could not be committed: ${e instanceof Error ? e.message : String(e)}`;
    report.problems.push(line);
    parts.sessions.addLog(session, { Time: new Date(), Severity: 'Warning', Text: line });
  }
}
