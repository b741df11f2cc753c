// Remembers the CBT change id each restore point's disk was read at, so the next incremental can
// ask CBT for "changed since then". Kept in the catalog beside the job sessions rather than in the
// repository: a change id only means something to the infrastructure that issued it, and a point
// without one (copied, merged, or from another catalog) simply falls back to digest comparison.

import type { Catalog } from '../catalog/index.ts';

export class ChangeIdStore {
  readonly #catalog: Catalog;

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
  }

  get(repository: string, job: string, vm: string, pointId: string, disk: string): string | null {
    const row = this.#catalog.get(
      'SELECT change_id FROM job_point_change_ids WHERE repository = ? AND job = ? AND vm = ? AND point_id = ? AND disk = ?',
      repository, job, vm, pointId, disk,
    );
    return row ? String(row.change_id) : null;
  }

  set(repository: string, job: string, vm: string, pointId: string, changeIds: Record<string, string | null>): void {
    this.#catalog.tx(() => {
      for (const [disk, changeId] of Object.entries(changeIds)) {
        if (changeId === null) continue;
        this.#catalog.run(
          'INSERT OR REPLACE INTO job_point_change_ids (repository, job, vm, point_id, disk, change_id) VALUES (?, ?, ?, ?, ?, ?)',
          repository, job, vm, pointId, disk, changeId,
        );
      }
    });
  }
}
