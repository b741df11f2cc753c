// In-guest processing around the VM snapshot: connect over the channel the guest allows, run the
// pre-freeze hook, quiesce applications (application-aware processing), and after the snapshot
// (or after it failed) resume applications and run the post-thaw hook. The job's error policy
// decides whether a hook failure fails the VM or only warns.

import { hookName, type GuestHook, type HookResult, type HookVars } from './guest-hook.ts';
import { selectGuestChannel, type GuestChannel, type GuestTarget } from './guest-channel.ts';
import { runHook } from './run-hook.ts';

export interface GuestProcessingSettings {
  enabled: boolean;
  applicationAware: boolean;
  credential: string | null;
  preFreeze: GuestHook | null;
  postThaw: GuestHook | null;
  scriptTimeoutMs: number;
  /** true: a failing hook only warns; false: it fails the VM. */
  ignoreScriptErrors: boolean;
}

export const defaultGuestProcessing: GuestProcessingSettings = {
  enabled: false,
  applicationAware: false,
  credential: null,
  preFreeze: null,
  postThaw: null,
  scriptTimeoutMs: 10 * 60_000,
  ignoreScriptErrors: false,
};

export type GuestLogSeverity = 'Info' | 'Warning' | 'Error';
export type GuestLog = (severity: GuestLogSeverity, text: string) => void;

export interface FreezeOutcome {
  /** false: the VM must not be backed up (the caller still calls thaw()). */
  ok: boolean;
  warned: boolean;
  channel: GuestChannel | null;
  error: string | null;
}

export interface ThawOutcome {
  ok: boolean;
  warned: boolean;
  error: string | null;
}

const maxOutputLines = 40;

/** One VM's guest processing for one session; freeze() before the snapshot, thaw() after. */
export class GuestProcessor {
  readonly #settings: GuestProcessingSettings;
  readonly #vm: GuestTarget;
  readonly #vars: HookVars;
  readonly #log: GuestLog;
  readonly #signal: AbortSignal | undefined;
  #frozen = false;
  #entered = false;

  readonly #logSkipped: boolean;

  constructor(settings: GuestProcessingSettings, vm: GuestTarget, vars: HookVars, log: GuestLog, signal?: AbortSignal, logSkipped = false) {
    this.#settings = settings;
    this.#vm = { ...vm, credential: vm.credential ?? settings.credential };
    this.#vars = vars;
    this.#log = log;
    this.#signal = signal;
    this.#logSkipped = logSkipped;
  }

  /** True when the job asks for any in-guest work (application-aware processing or a hook). */
  get active(): boolean {
    const s = this.#settings;
    return s.enabled && (s.applicationAware || s.preFreeze !== null || s.postThaw !== null);
  }

  async freeze(): Promise<FreezeOutcome> {
    if (!this.active) {
      // Still a step of its own in the log, so every session shows where guest processing sits.
      if (this.#logSkipped) this.#log('Info', `Guest processing is not enabled for '${this.#vm.name}': crash-consistent backup`);
      return { ok: true, warned: false, channel: null, error: null };
    }
    const s = this.#settings;
    const choice = selectGuestChannel(this.#vm);
    if (choice.error !== null) {
      // Without a channel no hook can run: a configured hook makes this a script failure under
      // the job's policy; application-aware processing alone degrades to a crash-consistent backup.
      const hooks = s.preFreeze !== null || s.postThaw !== null;
      const fatal = hooks && !s.ignoreScriptErrors;
      this.#log(fatal ? 'Error' : 'Warning', `Guest processing: ${choice.error}`);
      if (!fatal) this.#log('Warning', `Guest processing skipped for '${this.#vm.name}': the backup will be crash-consistent`);
      return { ok: !fatal, warned: !fatal, channel: null, error: choice.error };
    }
    for (const note of choice.notes) this.#log(note.startsWith('Cannot') ? 'Warning' : 'Info', note);
    this.#log('Info', `Deployed runtime components to guest '${this.#vm.name}' (${this.#vm.guestOS}, ${choice.channel})`);
    this.#entered = true;
    let warned = choice.channel === 'VIX';
    if (s.preFreeze !== null) {
      const r = await this.#runHook('Pre-freeze', s.preFreeze);
      if (r.error !== null) {
        if (!s.ignoreScriptErrors) return { ok: false, warned, channel: choice.channel, error: r.error };
        warned = true;
      }
    }
    if (s.applicationAware) {
      const what = this.#vm.guestOS === 'Windows' ? 'VSS writers' : 'file systems';
      this.#log('Info', `Application-aware processing: freezing ${what} in '${this.#vm.name}'`);
      this.#frozen = true;
    }
    return { ok: true, warned, channel: choice.channel, error: null };
  }

  /** Resumes guest I/O and runs the post-thaw hook; runs whenever freeze() got into the guest. */
  async thaw(): Promise<ThawOutcome> {
    if (!this.#entered) return { ok: true, warned: false, error: null };
    this.#entered = false;
    const s = this.#settings;
    if (this.#frozen) {
      this.#frozen = false;
      this.#log('Info', `Releasing guest '${this.#vm.name}': application I/O resumed`);
    }
    if (s.postThaw === null) return { ok: true, warned: false, error: null };
    const r = await this.#runHook('Post-thaw', s.postThaw);
    if (r.error === null) return { ok: true, warned: false, error: null };
    if (s.ignoreScriptErrors) return { ok: true, warned: true, error: r.error };
    return { ok: false, warned: false, error: r.error };
  }

  async #runHook(label: string, hook: GuestHook): Promise<HookResult> {
    this.#log('Info', `${label} script '${hookName(hook)}' starting (timeout ${this.#settings.scriptTimeoutMs} ms)`);
    const r = await runHook(hook, {
      guestOS: this.#vm.guestOS,
      vars: this.#vars,
      timeoutMs: this.#settings.scriptTimeoutMs,
      ...(this.#signal ? { signal: this.#signal } : {}),
    });
    for (const line of tail(r.stdout)) this.#log('Info', `${label} stdout: ${line}`);
    for (const line of tail(r.stderr)) this.#log('Info', `${label} stderr: ${line}`);
    if (r.error === null) {
      this.#log('Info', `${label} script '${r.hook}' finished with exit code 0 in ${r.durationMs} ms`);
    } else {
      const policy = this.#settings.ignoreScriptErrors ? 'ignoring the error as configured' : 'failing the VM';
      this.#log(this.#settings.ignoreScriptErrors ? 'Warning' : 'Error', `${label} script failed: ${r.error}; ${policy}`);
    }
    return r;
  }
}

function tail(text: string): string[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length <= maxOutputLines) return lines;
  return [`(${lines.length - maxOutputLines} earlier lines omitted)`, ...lines.slice(-maxOutputLines)];
}
