// Temporary folders for tests, never left behind: each is removed after its suite when the file
// calls removeTempDirsAfter(test), and whatever is left when the test process exits is removed
// then (folders made at import time, files that do not call it).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const madeDirs: string[] = [];

process.on('exit', () => {
  for (const d of madeDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'vbrs-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/**
 * Removes the folders tempDir() makes while a suite runs, once it has run. (Marked in `before`, not
 * at import: uvu imports every file first, and another file's folders made then must stay.)
 */
export function removeTempDirsAfter(suite: { before: (fn: () => void) => void; after: (fn: () => void) => void }): void {
  let from = 0;
  suite.before(() => {
    from = madeDirs.length;
  });
  suite.after(() => {
    for (const d of madeDirs.splice(from)) fs.rmSync(d, { recursive: true, force: true });
  });
}
