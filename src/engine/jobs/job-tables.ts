// The catalog tables the jobs part of the engine owns: job definitions, job sessions, task sessions
// and their log lines. Idempotent, so it can run on every open of the catalog whichever migration
// mechanism the catalog uses; bump `jobTablesVersion` and add a step when the shape changes.

import type { DatabaseSync } from 'node:sqlite';

export const jobTablesVersion = 1;

export function migrateJobTables(db: DatabaseSync): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS jobs (
      name TEXT PRIMARY KEY COLLATE NOCASE,
      settings TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS job_sessions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      job_name TEXT NOT NULL,
      kind TEXT NOT NULL,
      creation_time INTEGER NOT NULL,
      end_time INTEGER,
      duration INTEGER NOT NULL,
      state TEXT NOT NULL,
      result TEXT NOT NULL,
      progress INTEGER NOT NULL,
      read_bytes INTEGER NOT NULL,
      transferred_bytes INTEGER NOT NULL,
      retry_of INTEGER,
      pid INTEGER,
      stop_requested INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS job_sessions_by_job ON job_sessions (job_name COLLATE NOCASE, id);
    CREATE TABLE IF NOT EXISTS job_task_sessions (
      session_id INTEGER NOT NULL,
      idx INTEGER NOT NULL,
      vm TEXT NOT NULL,
      disk TEXT NOT NULL,
      status TEXT NOT NULL,
      proxy TEXT,
      transport_mode TEXT,
      snapshot_source TEXT,
      vm_snapshot_lifetime INTEGER,
      read_bytes INTEGER NOT NULL,
      transferred_bytes INTEGER NOT NULL,
      speed REAL NOT NULL,
      bottleneck TEXT,
      total_bytes INTEGER NOT NULL,
      start_time INTEGER,
      end_time INTEGER,
      PRIMARY KEY (session_id, idx)
    );
    CREATE TABLE IF NOT EXISTS job_point_change_ids (
      repository TEXT NOT NULL,
      job TEXT NOT NULL COLLATE NOCASE,
      vm TEXT NOT NULL COLLATE NOCASE,
      point_id TEXT NOT NULL,
      disk TEXT NOT NULL COLLATE NOCASE,
      change_id TEXT NOT NULL,
      PRIMARY KEY (repository, job, vm, point_id, disk)
    );
    CREATE TABLE IF NOT EXISTS job_session_log (
      session_id INTEGER NOT NULL,
      task_idx INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      time INTEGER NOT NULL,
      severity TEXT NOT NULL,
      text TEXT NOT NULL,
      PRIMARY KEY (session_id, task_idx, seq)
    );
  `);
  // Catalogs made before Stop-Job worked across processes lack the flag.
  const columns = db.prepare('PRAGMA table_info(job_sessions)').all().map((c) => String(c.name));
  if (!columns.includes('stop_requested')) db.exec('ALTER TABLE job_sessions ADD COLUMN stop_requested INTEGER NOT NULL DEFAULT 0');
}
