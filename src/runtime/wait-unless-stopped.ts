// A wait that a stop ends early: Start-Sleep's, and the web cmdlets' between retries. Resolves after
// `ms`, or as soon as `signal` aborts (the caller then sees `signal.aborted` and stops).

export function waitUnlessStopped(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
