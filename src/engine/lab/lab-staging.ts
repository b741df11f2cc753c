// The folder a lab build writes its disk files into before the catalog knows them. It lives under
// the data dir (so the final move into the datastore folders is a rename on one file system) and
// is named after the building process, so a later build can sweep what a killed one left behind
// without touching a build another process is running at the same time.

import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { processAlive } from '../process-alive.ts';

export class LabStaging {
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  static root(home: string): string {
    return path.join(home, 'lab-staging');
  }

  /** A fresh staging folder, after removing those of builds whose process is gone. */
  static create(home: string): LabStaging {
    const root = LabStaging.root(home);
    fs.mkdirSync(root, { recursive: true });
    for (const name of fs.readdirSync(root)) {
      const pid = Number(name.split('-')[0]);
      if (!Number.isInteger(pid) || !processAlive(pid)) fs.rmSync(path.join(root, name), { recursive: true, force: true });
    }
    const dir = path.join(root, `${process.pid}-${randomUUID().slice(0, 8)}`);
    fs.mkdirSync(dir);
    return new LabStaging(dir);
  }

  fileFor(vm: string, disk: string): string {
    return path.join(this.dir, vm, `${disk}.img`);
  }

  /** Removes whatever is still staged (all of it after a stop; nothing but folders after a commit). */
  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    try {
      fs.rmdirSync(path.dirname(this.dir));
    } catch {
      // another build is staging too, or the folder is already gone
    }
  }
}
