// Schema step 3: a disk may live on a different datastore than its VM's home (a VM with one disk on
// array storage and one on local storage, the mixed case backup from storage snapshots must detect).
// NULL means the VM's own datastore.

import type { Migration } from './migration.ts';

export const m003DiskDatastore: Migration = {
  version: 3,
  name: 'disk-datastore',
  up(db) {
    db.exec('ALTER TABLE disks ADD COLUMN datastore_id INTEGER REFERENCES datastores(id) ON DELETE RESTRICT');
  },
};
