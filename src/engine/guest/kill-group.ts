// Kills a child started with `detached: true` together with everything it started. A hook is its
// own process group, so a grandchild (`sleep` inside a shell script, a program a script block
// runs) dies with it instead of keeping the output pipes open and the hook "running".

/** SIGKILLs the process group led by `pid`; nothing when it has already gone. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
