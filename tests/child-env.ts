// The environment every child process a test starts gets: explicit, not the user's. A child that
// inherited the user's NO_COLOR next to the FORCE_COLOR uvu sets would warn on stderr (node prints
// "The 'NO_COLOR' env is ignored…"), and one that inherited TZ or LANG would format differently;
// so only what a process needs to run is passed on, with a fixed time zone and locale.

/** PATH and HOME from the test's own environment, TZ=UTC, LANG=C.UTF-8, then `extra`. */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', TZ: 'UTC', LANG: 'C.UTF-8' };
  for (const name of ['HOME', 'TMPDIR']) {
    const v = process.env[name];
    if (v !== undefined) env[name] = v;
  }
  return { ...env, ...extra };
}
