// The REPL's state outside React: the Shell it drives, the scrollback items its output becomes,
// history, settings, host prompts (Read-Host, the pager's `-- More --`) and the live progress model
// fed by engine events.
// Components read it and call its methods; it tells them to redraw through a 'change' event. The
// engine is not opened at start: it is observed when a domain cmdlet (or a Tab that completes a
// catalog name) opens it, so the prompt never waits for the catalog; its events are batched so a
// fast job does not redraw on every block. Nor does the prompt wait for the interpreter: the Shell
// may come as a promise (src/repl/ink-repl.ts loads the runtime once the prompt is drawn); a command
// entered before it is there waits for it.
import { EventEmitter } from 'node:events';
import type { Shell, ShellOptions } from '../runtime/shell.ts';
import type { EngineEventLike, FollowedSessionLike, MoreAnswer } from '../runtime/cmdlet.ts';
import { History } from './history.ts';
import { applyEvent, emptyProgress, formatBytes, formatElapsed, prune, runningSessions, type ProgressModel } from './progress-model.ts';
import type { CompletionSource } from './completion.ts';
import { shellCompletionSource } from './shell-completion-source.ts';
import { promptText, type ReplSettings } from './settings.ts';
import { replSettingCmdlets } from './repl-setting-cmdlets.ts';
import { isIncompleteInput } from './input-check.ts';
import { applyProgressRecord } from './progress-records.ts';
import type { ProgressRecord } from '../runtime/progress-record.ts';

export interface ScrollItem {
  id: number;
  kind: 'echo' | 'out' | 'err';
  text: string;
  /** For echoed commands: the prompt they were typed at (`text` is the input, highlighted). */
  prompt?: string;
}

/** Out-Host -Paging waiting at `-- More --` for Space, Enter or Q. */
export interface PendingMore {
  resolve(answer: MoreAnswer): void;
}

export interface PendingRead {
  prompt: string;
  secure: boolean;
  resolve(line: string | null): void;
}

/** Makes a Shell from options (the runtime's createShell, with whatever cmdlets the caller adds). */
export type ShellFactory = (options: ShellOptions) => Shell;

export interface ReplSessionOptions {
  shell: ShellOptions;
  /** Default: the runtime's createShell, loaded on construction. */
  createShell?: ShellFactory | Promise<ShellFactory>;
  settings: ReplSettings;
  /** Data folder: settings are written here. */
  home: string;
  /** null keeps history in memory. */
  historyFile: string | null;
  /** How often batched progress events redraw (ms). */
  progressIntervalMs?: number;
}

/** The longest scrollback item: long output goes out in pieces so one item never holds it all. */
const maxItemLines = 200;

interface EngineLike {
  events: { on(e: 'event', f: (ev: { kind: string; sessionId?: string | number }) => void): unknown };
  [k: string]: unknown;
}

export class ReplSession extends EventEmitter<{ change: []; exit: [number] }> {
  /** Resolves with the Shell once the runtime is loaded (at once when given a factory). */
  readonly ready: Promise<Shell>;
  readonly history: History;
  readonly services: Record<string, unknown>;
  settings: ReplSettings;
  /** Scrollback not yet on the screen, oldest first. The screen says what it has drawn
   *  (`scrollbackWritten`) and those are dropped: a long session keeps no copy of its output. */
  items: ScrollItem[] = [];
  /** How many items have been drawn and dropped since the start. */
  scrollBase = 0;
  /** The screen's size (the App keeps it current), for paging. */
  screen = { rows: process.stdout.rows || 24, columns: process.stdout.columns || 80 };
  pendingMore: PendingMore | null = null;
  progress: ProgressModel = emptyProgress;
  running = false;
  pendingRead: PendingRead | null = null;
  prompt: string;
  exited: number | null = null;
  #nextId = 1;
  /** Counts submitted commands, to tell which command started a job session. */
  #command = 0;
  readonly #startedBy = new Map<string | number, number>();
  #pendingOut = '';
  #pendingErr = '';
  #flushTimer: NodeJS.Timeout | null = null;
  #progressTimer: NodeJS.Timeout | null = null;
  #progressDirty = false;
  #lastDraw = 0;
  #engine: EngineLike | null = null;
  #shell: Shell | null = null;
  readonly #cwd: string;
  readonly #intervalMs: number;

  constructor(options: ReplSessionOptions) {
    super();
    this.settings = options.settings;
    this.#intervalMs = options.progressIntervalMs ?? 100;
    this.history = new History(options.historyFile, options.settings.historySize);
    this.services = this.#watchServices(options.shell.services ?? {});
    this.#cwd = options.shell.cwd ?? process.cwd();
    const factory = options.createShell ?? import('../runtime/shell.ts').then((m) => m.createShell);
    this.ready = typeof factory === 'function' ? Promise.resolve(this.#makeShell(factory, options)) : factory.then((f) => this.#makeShell(f, options));
    this.prompt = this.#defaultPrompt();
  }

  /** The Shell; only once `ready` has resolved (commands and completion wait for it). */
  get shell(): Shell {
    if (!this.#shell) throw new Error('the shell is still loading');
    return this.#shell;
  }

  #makeShell(createShell: ShellFactory, options: ReplSessionOptions): Shell {
    const shell = createShell({
      ...options.shell,
      services: this.services,
      stdout: (t) => this.#write('out', t),
      stderr: (t) => this.#write('err', t),
      host: {
        interactive: true,
        // The panel draws the engine's work from its events; cmdlets send no records for it.
        showsEngineProgress: true,
        showFollowedSession: (followed) => this.#showFollowed(followed),
        readLine: (prompt, o) => this.#readLine(prompt, o?.secure === true),
        paging: {
          // One row stays for the `-- More --` line.
          pageSize: () => ({ rows: Math.max(1, this.screen.rows - 1), columns: Math.max(1, this.screen.columns) }),
          more: () => this.#more(),
        },
      },
    });
    shell.register(replSettingCmdlets(options.home, (s) => {
      this.settings = s;
      this.prompt = this.#defaultPrompt();
      this.#changed();
    }));
    shell.on('progress', (record: ProgressRecord) => this.progressRecord(record));
    this.#shell = shell;
    return shell;
  }

  /** Whether `text` is an unfinished statement (Enter then continues on a new line). */
  isIncomplete(text: string): boolean {
    return isIncompleteInput(text);
  }

  /** Runs one complete input: echo, history, output, then the next prompt. */
  async submit(text: string): Promise<void> {
    this.#push('echo', text, this.prompt);
    this.#command++;
    this.history.add(text);
    if (!text.trim()) return this.#changed();
    this.running = true;
    this.#changed();
    let code = 0;
    try {
      code = (await (await this.ready).run(text, '<repl>')).exitCode;
    } catch (e) {
      this.#write('err', `vbrs: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    this.#flush();
    this.running = false;
    // The command's progress goes with it (a record it never completed included).
    if (this.progress.records.length) this.#setProgress({ ...this.progress, records: [] });
    if (/^\s*exit\b/i.test(text) && !this.isIncomplete(text)) return this.exit(code);
    this.prompt = await this.#computePrompt();
    this.#changed();
  }

  /** Ctrl+C while a command runs: the running pipeline (and a job it waits for) stops. */
  stop(): void {
    if (this.pendingRead) this.answer(null);
    if (this.pendingMore) this.answerMore('quit');
    this.#shell?.stop();
  }

  /** The key pressed at `-- More --`. */
  answerMore(answer: MoreAnswer): void {
    const more = this.pendingMore;
    if (!more) return;
    this.pendingMore = null;
    more.resolve(answer);
    this.#changed();
  }

  /** The screen has drawn the first `count` items: they leave the session. */
  scrollbackWritten(count: number): void {
    if (count <= 0) return;
    this.items = this.items.slice(count);
    this.scrollBase += count;
  }

  /** Ctrl+C while long output is still being drawn: the output not yet on the screen is dropped
   *  (commands echoed meanwhile stay), with one line saying how much. */
  discardOutput(): void {
    this.#pendingOut = '';
    this.#pendingErr = '';
    const lines = this.backlogLines;
    if (!lines) return;
    this.items = this.items.filter((item) => item.kind !== 'out');
    this.#push('err', `^C (${lines} line${lines === 1 ? '' : 's'} of output not shown)`);
    this.#changed();
  }

  /** Output waiting to be drawn, in lines (what Ctrl+C would drop). */
  get backlogLines(): number {
    let lines = 0;
    for (const item of this.items) if (item.kind === 'out') lines += item.text.split('\n').length;
    return lines;
  }

  /** Jobs still running (asked about before Ctrl+C stops them). */
  runningJobs(): string[] {
    return runningSessions(this.progress).map((s) => s.jobName);
  }

  answer(line: string | null): void {
    const read = this.pendingRead;
    if (!read) return;
    this.pendingRead = null;
    if (line !== null) this.#push('out', read.prompt + (read.secure ? '*'.repeat(line.length) : line));
    read.resolve(line);
    this.#changed();
  }

  exit(code = 0): void {
    if (this.exited !== null) return;
    this.exited = code;
    this.#flush();
    this.#shell?.stopTranscripts();
    if (this.#progressTimer) clearInterval(this.#progressTimer);
    this.emit('exit', code);
    this.#changed();
  }

  /** Adds a line to the scrollback that is not command output (notices from the REPL itself). */
  notice(text: string, kind: 'out' | 'err' = 'out'): void {
    this.#push(kind, text);
    this.#changed();
  }

  /** Feeds one engine event to the progress model (exposed so tests can feed synthetic events). */
  engineEvent(event: { kind: string; sessionId?: string | number; [k: string]: unknown }): void {
    if (event.kind === 'session-started' && event.sessionId !== undefined) this.#startedBy.set(event.sessionId, this.#command);
    if (event.kind === 'session-finished') this.#announceEnd(event);
    this.#setProgress(applyEvent(this.progress, event));
  }

  /**
   * A session another process runs, followed by a cmdlet (Wait-Session): the panel gets a row for
   * it as it stands and then its events, as it does this process's sessions, until the returned
   * function is called; a row still running then (the wait timed out, Ctrl+C) is dropped, since
   * nothing would move or end it.
   */
  #showFollowed(followed: FollowedSessionLike): () => void {
    const id = followed.id;
    this.engineEvent({ kind: 'session-started', sessionId: id, session: followed.session });
    for (const task of followed.tasks) this.engineEvent({ kind: 'task-started', sessionId: id, task });
    const onEvent = (ev: EngineEventLike) => this.engineEvent(ev);
    followed.events.on('event', onEvent);
    return () => {
      followed.events.off('event', onEvent);
      const sessions = this.progress.sessions.filter((r) => r.id !== id || r.endTime !== null);
      if (sessions.length === this.progress.sessions.length) return;
      this.#startedBy.delete(id);
      this.#setProgress({ ...this.progress, sessions });
    };
  }

  /** A Write-Progress record of the running command, for the panel. */
  progressRecord(record: ProgressRecord): void {
    this.#setProgress({ ...this.progress, records: applyProgressRecord(this.progress.records, record) });
  }

  /** A new model: drawn at the next batched redraw. */
  #setProgress(next: ProgressModel): void {
    if (next === this.progress) return;
    this.progress = next;
    this.#progressDirty = true;
    this.#progressTimer ??= setInterval(() => this.#tickProgress(), this.#intervalMs).unref();
  }

  /** A job that ends while the prompt is back (a -RunAsync job) says so in the scrollback. */
  #announceEnd(event: { sessionId?: string | number; [k: string]: unknown }): void {
    const started = this.#startedBy.get(event.sessionId!);
    this.#startedBy.delete(event.sessionId!);
    if (this.running && started === this.#command) return; // the command shows its own result
    const s = (event.session ?? {}) as { JobName?: string; Result?: string; Duration?: number; ReadBytes?: number; TransferredBytes?: number };
    const text = `Job ${s.JobName ?? '?'} (session ${String(event.sessionId)}) finished: ${s.Result ?? '?'} in ${formatElapsed(s.Duration ?? 0)}, ` +
      `read ${formatBytes(s.ReadBytes ?? 0)}, transferred ${formatBytes(s.TransferredBytes ?? 0)}`;
    this.#flush();
    this.#push(s.Result === 'Failed' ? 'err' : 'out', text);
    this.#changed();
  }

  /** What Tab completes from; waits for the Shell if Tab comes before the runtime has loaded. */
  async completionSource(): Promise<CompletionSource> {
    return shellCompletionSource(await this.ready, this.services);
  }

  /** Services whose `engine` slot, once a domain cmdlet fills it, subscribes the progress panel. */
  #watchServices(services: Record<string, unknown>): Record<string, unknown> {
    let engine = services.engine as EngineLike | undefined;
    if (engine) this.#subscribe(engine);
    Object.defineProperty(services, 'engine', {
      configurable: true,
      enumerable: true,
      get: () => engine,
      set: (v: EngineLike | undefined) => {
        engine = v;
        if (v) this.#subscribe(v);
      },
    });
    return services;
  }

  #subscribe(engine: EngineLike): void {
    if (this.#engine === engine) return;
    this.#engine = engine;
    engine.events.on('event', (ev) => this.engineEvent(ev));
  }

  #tickProgress(): void {
    const pruned = prune(this.progress);
    if (pruned !== this.progress) {
      this.progress = pruned;
      this.#progressDirty = true;
    }
    // Elapsed times move even when a waiting task sends no events.
    if (runningSessions(this.progress).length && Date.now() - this.#lastDraw >= 1000) this.#progressDirty = true;
    if (this.#progressDirty) {
      this.#progressDirty = false;
      this.#lastDraw = Date.now();
      this.#changed();
    }
    if (this.progress.sessions.length === 0 && this.progress.records.length === 0 && !this.progress.activity && this.#progressTimer) {
      clearInterval(this.#progressTimer);
      this.#progressTimer = null;
    }
  }

  #more(): Promise<MoreAnswer> {
    this.#flush();
    return new Promise((resolve) => {
      this.pendingMore = { resolve };
      this.#changed();
    });
  }

  #readLine(prompt: string, secure: boolean): Promise<string | null> {
    this.#flush();
    return new Promise((resolve) => {
      this.pendingRead = { prompt, secure, resolve };
      this.#changed();
    });
  }

  #write(kind: 'out' | 'err', text: string): void {
    // Output and errors keep their order: switching streams flushes what the other one had.
    if ((kind === 'out' && this.#pendingErr) || (kind === 'err' && this.#pendingOut)) this.#flush();
    if (kind === 'out') this.#pendingOut += text;
    else this.#pendingErr += text;
    // Batched: a long listing becomes a few scrollback items, not one per line.
    this.#flushTimer ??= setTimeout(() => {
      this.#flushTimer = null;
      this.#flush();
      this.#changed();
    }, 30);
  }

  #flush(): void {
    if (this.#flushTimer) {
      clearTimeout(this.#flushTimer);
      this.#flushTimer = null;
    }
    for (const kind of ['out', 'err'] as const) {
      const text = kind === 'out' ? this.#pendingOut : this.#pendingErr;
      if (!text) continue;
      if (kind === 'out') this.#pendingOut = '';
      else this.#pendingErr = '';
      const lines = text.replace(/\n$/, '').split('\n');
      for (let i = 0; i < lines.length; i += maxItemLines) this.#push(kind, lines.slice(i, i + maxItemLines).join('\n'));
    }
  }

  #push(kind: ScrollItem['kind'], text: string, prompt?: string): void {
    this.items.push({ id: this.#nextId++, kind, text, ...(prompt === undefined ? {} : { prompt }) });
  }

  #changed(): void {
    this.emit('change');
  }

  #defaultPrompt(): string {
    return promptText(this.settings.prompt, this.#shell?.session.cwd ?? this.#cwd, undefined, this.#labName());
  }

  /** The lab's name for `{lab}`, asked only when the template uses it and the engine is open. */
  #labName(): string {
    const engine = this.services.engine as { lab?: { list(): { Name: string }[] } } | undefined;
    if (!this.settings.prompt.includes('{lab}') || !engine?.lab) return '';
    try {
      return engine.lab.list().map((l) => l.Name).join(',');
    } catch {
      return '';
    }
  }

  /** A user-defined `prompt` function wins, as in PowerShell; else the configured template. */
  async #computePrompt(): Promise<string> {
    if (this.#shell?.session.global.lookupFunction('prompt')) {
      try {
        const out = await this.shell.invoke('prompt', '<prompt>');
        return out.map(String).join('');
      } catch {
        // a broken prompt function must not lock the user out
      }
    }
    return this.#defaultPrompt();
  }
}

