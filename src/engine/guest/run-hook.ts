// Runs one pre-freeze or post-thaw hook with a timeout and captures what it did. A hook never
// throws at its caller: every failure (missing file, wrong OS, non-zero exit, hang, crash of a
// callback) comes back as a HookResult with a one-line `error`, so the guest processor can apply
// the job's error policy and write the log.

import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { hookName, type GuestHook, type GuestOS, type HookResult, type HookVars } from './guest-hook.ts';
import { scriptCommand } from './script-command.ts';
import { killGroup } from './kill-group.ts';

export interface RunHookOptions {
  guestOS: GuestOS;
  vars: HookVars;
  timeoutMs: number;
  signal?: AbortSignal;
  /** How long a stopped callback may take to end (default CALLBACK_STOP_GRACE_MS). */
  stopGraceMs?: number;
}

export async function runHook(hook: GuestHook, options: RunHookOptions): Promise<HookResult> {
  const started = performance.now();
  const base = { hook: hookName(hook), exitCode: null, stdout: '', stderr: '', timedOut: false };
  const done = (r: Omit<HookResult, 'durationMs' | 'hook'>): HookResult => ({
    hook: base.hook,
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  if (hook.kind === 'callback') return done(await runCallback(hook, options));
  if (!existsSync(hook.path)) return done({ ...base, error: `script file '${hook.path}' does not exist` });
  const command = scriptCommand(hook.path, options.guestOS);
  if ('error' in command) return done({ ...base, error: command.error });
  return done(await runFile(command.file, command.args, base.hook, options));
}

async function runFile(file: string, args: string[], name: string, options: RunHookOptions) {
  // Detached so the script gets its own process group: on timeout we kill the whole group, or a
  // grandchild (`sleep` inside a shell script) would keep the output pipes open and hang us.
  const child = execa(file, args, {
    reject: false,
    detached: true,
    stdin: 'ignore',
    env: { VBRS_VM: options.vars.VM, VBRS_JOB: options.vars.Job, VBRS_SESSION: options.vars.Session },
  });
  let timedOut = false;
  let cancelled = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, options.timeoutMs);
  const onAbort = () => {
    cancelled = true;
    killGroup(child.pid);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const r = await child;
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  const exitCode = typeof r.exitCode === 'number' ? r.exitCode : null;
  let error: string | null = null;
  if (timedOut) error = `hook '${name}' timed out after ${options.timeoutMs} ms and was killed`;
  else if (cancelled) error = `hook '${name}' was cancelled`;
  else if (r.failed && exitCode === null) error = `hook '${name}' could not run: ${firstLine(r.shortMessage ?? r.message ?? "spawn failed")}`;
  else if (exitCode !== 0) error = `hook '${name}' exited with code ${exitCode}`;
  return { exitCode, stdout, stderr, timedOut, error };
}

/** How long a callback told to stop (timeout, Stop-Job) gets to wind down before we report it
 *  and move on: a script block stops at its next statement, the service's child dies at once. */
export const CALLBACK_STOP_GRACE_MS = 5000;

async function runCallback(hook: Extract<GuestHook, { kind: 'callback' }>, options: RunHookOptions) {
  // The callback gets its own stop, aborted at the timeout or when the session is stopped, so a
  // hook past its time is ended, not only no longer waited for.
  const stop = new AbortController();
  let why: 'timeout' | 'cancelled' | null = null;
  const halt = (reason: 'timeout' | 'cancelled') => {
    why ??= reason;
    stop.abort();
  };
  const halted = new Promise<'halted'>((resolve) => stop.signal.addEventListener('abort', () => resolve('halted'), { once: true }));
  const timer = setTimeout(() => halt('timeout'), options.timeoutMs);
  // Only a stop while it runs cancels it: a post-thaw hook after a stopped freeze still runs (it
  // may restart what the pre-freeze one stopped), bounded by its timeout, as a script file does.
  const onAbort = () => halt('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const running = (async () => hook.run(options.vars, stop.signal))();
  const grace = options.stopGraceMs ?? CALLBACK_STOP_GRACE_MS;
  try {
    const r = await Promise.race([running, halted]);
    if (r === 'halted') {
      const ended = await settlesWithin(running, grace);
      const fate = ended ? 'was stopped' : `did not stop within ${grace} ms`;
      const error = why === 'timeout' ? `hook '${hookName(hook)}' timed out after ${options.timeoutMs} ms and ${fate}` : `hook '${hookName(hook)}' was cancelled and ${fate}`;
      return { exitCode: null, stdout: '', stderr: '', timedOut: why === 'timeout', error };
    }
    const error = r.exitCode === 0 ? null : `hook '${hookName(hook)}' exited with code ${r.exitCode}`;
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: false, error };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { exitCode: null, stdout: '', stderr: message, timedOut: false, error: `hook '${hookName(hook)}' failed: ${firstLine(message)}` };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** true when `p` settles (either way) within `ms`. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
