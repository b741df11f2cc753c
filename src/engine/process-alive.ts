// Whether a process id still runs on this machine: how vbrs tells a lock, a staging folder or a
// session left by a killed process (stale) from one a live process holds. EPERM means it runs
// under another user: alive.

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
