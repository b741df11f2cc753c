// Runs one pre-freeze or post-thaw hook with a timeout and captures what it did. A hook never
// throws at its caller: every failure (missing file, wrong OS, non-zero exit, hang, crash of a
// callback) comes back as a HookResult with a one-line `error`, so the guest processor can apply
// the job's error policy and write the log.

import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { hookName, type GuestHook, type GuestOS, type HookResult, type HookVars } from './guest-hook.ts';
import { scriptCommand } from './script-command.ts';

export interface RunHookOptions {
  guestOS: GuestOS;
  vars: HookVars;
  timeoutMs: number;
  signal?: AbortSignal;
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
  const killGroup = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  const onAbort = () => {
    cancelled = true;
    killGroup();
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

async function runCallback(hook: Extract<GuestHook, { kind: 'callback' }>, options: RunHookOptions) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  try {
    const r = await Promise.race([hook.run(options.vars), timeout]);
    if (r === 'timeout') {
      return {
        exitCode: null,
        stdout: '',
        stderr: '',
        timedOut: true,
        error: `hook '${hook.name}' timed out after ${options.timeoutMs} ms`,
      };
    }
    const error = r.exitCode === 0 ? null : `hook '${hook.name}' exited with code ${r.exitCode}`;
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: false, error };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { exitCode: null, stdout: '', stderr: message, timedOut: false, error: `hook '${hook.name}' failed: ${firstLine(message)}` };
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
