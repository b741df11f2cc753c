// Schema step 1: the modelled virtual infrastructure (hosts, datastores, VMs and their disks, VM
// snapshots and CBT, proxies, repositories, credentials, throttling, storage arrays, volumes and
// storage snapshots). Names are unique case-insensitively, like PowerShell object names.

import type { Migration } from './migration.ts';

export const m001Infrastructure: Migration = {
  version: 1,
  name: 'infrastructure',
  up(db) {
    db.exec(`
      CREATE TABLE credentials (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        user TEXT NOT NULL,
        password TEXT,
        key_file TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE hosts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE storage_arrays (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        vendor TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('Primary', 'Secondary')),
        source_id INTEGER REFERENCES storage_arrays(id) ON DELETE RESTRICT,
        replication_mode TEXT CHECK (replication_mode IN ('SnapshotTransfer', 'SyncReplication')),
        connected INTEGER NOT NULL DEFAULT 1,
        export_license INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE volumes (
        id INTEGER PRIMARY KEY,
        array_id INTEGER NOT NULL REFERENCES storage_arrays(id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        created_at INTEGER NOT NULL,
        UNIQUE (array_id, name)
      );
      CREATE TABLE datastores (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE RESTRICT,
        volume_id INTEGER REFERENCES volumes(id) ON DELETE RESTRICT,
        folder TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE vms (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE RESTRICT,
        datastore_id INTEGER NOT NULL REFERENCES datastores(id) ON DELETE RESTRICT,
        guest_os TEXT NOT NULL CHECK (guest_os IN ('Windows', 'Linux')),
        ip TEXT,
        tools INTEGER NOT NULL DEFAULT 1,
        network INTEGER NOT NULL DEFAULT 1,
        cbt INTEGER NOT NULL DEFAULT 1,
        credential_id INTEGER REFERENCES credentials(id) ON DELETE RESTRICT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE disks (
        id INTEGER PRIMARY KEY,
        vm_id INTEGER NOT NULL REFERENCES vms(id) ON DELETE CASCADE,
        name TEXT NOT NULL COLLATE NOCASE,
        size INTEGER NOT NULL,
        path TEXT NOT NULL UNIQUE,
        attached INTEGER NOT NULL DEFAULT 0,
        swap_extents TEXT NOT NULL DEFAULT '[]',
        cbt_uuid TEXT NOT NULL,
        cbt_seq INTEGER NOT NULL DEFAULT 1,
        cbt_stat TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (vm_id, name)
      );
      CREATE TABLE cbt_epochs (
        disk_id INTEGER NOT NULL REFERENCES disks(id) ON DELETE CASCADE,
        cbt_uuid TEXT NOT NULL,
        seq INTEGER NOT NULL,
        bitmap BLOB NOT NULL,
        PRIMARY KEY (disk_id, cbt_uuid, seq)
      );
      CREATE TABLE vm_snapshots (
        id INTEGER PRIMARY KEY,
        vm_id INTEGER NOT NULL UNIQUE REFERENCES vms(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE snapshot_deltas (
        snapshot_id INTEGER NOT NULL REFERENCES vm_snapshots(id) ON DELETE CASCADE,
        disk_id INTEGER NOT NULL REFERENCES disks(id) ON DELETE CASCADE,
        delta_path TEXT NOT NULL,
        change_id TEXT NOT NULL,
        block_map BLOB NOT NULL,
        PRIMARY KEY (snapshot_id, disk_id)
      );
      CREATE TABLE proxies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        max_tasks INTEGER NOT NULL DEFAULT 4 CHECK (max_tasks > 0),
        transport_mode TEXT NOT NULL DEFAULT 'Auto' CHECK (transport_mode IN ('Auto', 'DirectSAN', 'HotAdd', 'NBD')),
        host_id INTEGER REFERENCES hosts(id) ON DELETE RESTRICT,
        failover_to_network INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE proxy_san_access (
        proxy_id INTEGER NOT NULL REFERENCES proxies(id) ON DELETE CASCADE,
        array_id INTEGER NOT NULL REFERENCES storage_arrays(id) ON DELETE CASCADE,
        PRIMARY KEY (proxy_id, array_id)
      );
      CREATE TABLE repositories (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        path TEXT NOT NULL,
        max_tasks INTEGER NOT NULL DEFAULT 4 CHECK (max_tasks > 0),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE throttling_rules (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        limit_bps INTEGER NOT NULL CHECK (limit_bps > 0),
        created_at INTEGER NOT NULL
      );
      CREATE TABLE storage_snapshots (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE,
        volume_id INTEGER NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('Temporary', 'Auxiliary', 'LongTerm')),
        folder TEXT NOT NULL,
        mounted_proxy_id INTEGER REFERENCES proxies(id) ON DELETE SET NULL,
        source_snapshot_id INTEGER REFERENCES storage_snapshots(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (volume_id, name)
      );
      CREATE TABLE storage_snapshot_files (
        snapshot_id INTEGER NOT NULL REFERENCES storage_snapshots(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        source_path TEXT NOT NULL,
        size INTEGER NOT NULL,
        base_path TEXT NOT NULL,
        store TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, path)
      );
      CREATE INDEX storage_snapshot_files_path ON storage_snapshot_files (path);
      CREATE TABLE labs (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        preset TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
    `);
  },
};
