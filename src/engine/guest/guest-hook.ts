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
  | {
      kind: 'callback';
      /** What the hook is stored and found by (`scriptblock:<hash>`). */
      name: string;
      /** What log lines and errors call it, when not its name: a script block's text, shortened. */
      label?: string;
      run(vars: HookVars, signal: AbortSignal): Promise<HookOutput>;
    };

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
  return hook.kind === 'file' ? hook.path : (hook.label ?? hook.name);
}

/** A label for a hook written as script text: `{ first line… }`, at most 60 characters, so a log
 *  line shows what the admin wrote rather than an internal id. */
export function scriptTextLabel(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  let first = (lines[0] ?? '').replace(/\s+/g, ' ');
  const more = lines.length > 1;
  if (first.length > 56) first = first.slice(0, 55) + '…';
  else if (more) first += ' …';
  return `{ ${first} }`;
}
