// The shape of a pre-freeze / post-thaw hook, shared by the job settings, the hook runner and the
// cmdlet layer. The engine never imports the language, so a vbrs script block reaches us as a
// `callback` the cmdlet layer built; a script on disk is a `file` we run as a child process.

export type GuestOS = 'Windows' | 'Linux';

/** What a hook sees: the VM, job and session it runs for (also exported as VBRS_VM/JOB/SESSION). */
export interface HookVars {
  VM: string;
  Job: string;
  Session: string;
}

export interface HookOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type GuestHook =
  | { kind: 'file'; path: string }
  /** `signal` aborts when the hook must stop (its timeout passed, or the session was stopped): the
   *  callback ends what it runs (the shell stops the block, the service kills its child). */
  | { kind: 'callback'; name: string; run(vars: HookVars, signal: AbortSignal): Promise<HookOutput> };

/** The outcome of one hook run; `error` is set (one line) whenever the hook did not succeed. */
export interface HookResult {
  hook: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  error: string | null;
}

/** A human name for a hook, used in log lines. */
export function hookName(hook: GuestHook): string {
  return hook.kind === 'file' ? hook.path : hook.name;
}
