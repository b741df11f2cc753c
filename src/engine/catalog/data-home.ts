// Where vbrs keeps its data: `$VBRS_HOME` when set (tests always set a fresh one), else the
// platform's data folder, resolved the way env-paths (used by `conf`) does it, so the catalog and
// the user settings live side by side.

import * as os from 'node:os';
import * as path from 'node:path';

export function dataHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VBRS_HOME) return path.resolve(env.VBRS_HOME);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'vbrs');
  if (process.platform === 'win32') {
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'vbrs', 'Data');
  }
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'vbrs');
}
