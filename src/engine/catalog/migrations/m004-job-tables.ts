// Schema step 4: the tables the jobs part of the engine owns — job definitions, job sessions, task
// sessions, their log lines, and the CBT change id each restore point's disk was read at.
// Before this step the job stores created these tables themselves on every open (CREATE IF NOT
// EXISTS, then an ALTER for `stop_requested`), so a catalog at version 3 or lower may already hold
// some or all of them, with or without that column: this step adopts whatever is there and adds
// what is missing, keeping every row.

import type { Migration } from './migration.ts';

export const m004JobTables: Migration = {
  version: 4,
  name: 'job-tables',
  up(db) {
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
    // Job tables made before Stop-Job worked across processes lack the flag.
    const columns = db.prepare('PRAGMA table_info(job_sessions)').all().map((c) => String(c.name));
    if (!columns.includes('stop_requested')) db.exec('ALTER TABLE job_sessions ADD COLUMN stop_requested INTEGER NOT NULL DEFAULT 0');
  },
};
