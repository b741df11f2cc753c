// Schema step 2: a per-disk allocation bitmap (blocks vbrs ever wrote), so "all allocated extents"
// of a multi-GiB sparse disk is answered without reading its holes. NULL means unknown (an image
// attached in place, or a file changed outside vbrs): the engine then scans the file.

import type { Migration } from './migration.ts';

export const m002DiskAllocation: Migration = {
  version: 2,
  name: 'disk-allocation',
  up(db) {
    db.exec('ALTER TABLE disks ADD COLUMN alloc_map BLOB');
  },
};
