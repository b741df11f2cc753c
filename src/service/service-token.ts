// The API's bearer token: random, made on the service's first start and kept in
// `$VBRS_HOME/service-token` with mode 0600, so only the folder's owner (and the scripts they run)
// can call the API.

import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function serviceTokenPath(home: string): string {
  return join(home, 'service-token');
}

/** The folder's token, made now if there is none yet (or the file is empty). */
export function serviceToken(home: string): string {
  const path = serviceTokenPath(home);
  try {
    const token = readFileSync(path, 'utf8').trim();
    if (token) {
      // Someone loosened it: the token is a password, keep it private.
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
      return token;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const token = randomBytes(32).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  chmodSync(path, 0o600); // the umask may have narrowed the mode, never widened: set it exactly
  return token;
}
