// `Shell`: the embedding object. It owns one session (scopes, commands, $Error), registers the core,
// generic and any extra cmdlets, runs text or files, writes formatted output and rendered errors to
// the given stdout/stderr callbacks, and emits events (`output`, `errorRecord`, `warning`, `host`,
// `progress`) for hosts such as the REPL. A parse error is rendered with its caret; a runtime error is one line with
// `file:line:col` plus the source line and caret; exit codes follow `exit N`.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isIncomplete, parse } from '../lang/index.ts';
import { ParseError } from '../lang/errors.ts';
import { Source } from '../lang/source.ts';
import { renderDiagnostic, oneLine } from '../lang/diagnostic.ts';
import type { ScriptBlockAst } from '../lang/ast.ts';
import type { CmdletDef, CmdletHost } from './cmdlet.ts';
import { ErrorRecord } from './error-record.ts';
import { ScriptBlockValue } from './script-block.ts';
import type { ArgItem } from './binder.ts';
import { createOutputWriter } from './format/index.ts';
import { genericCmdlets } from './cmdlets/index.ts';
import { coreCmdlets } from './core-cmdlets/index.ts';
import { Session } from './interpreter/session.ts';
import type { ExecContext } from './interpreter/exec-context.ts';
import { Scope } from './interpreter/scope.ts';
import { BreakSignal, ContinueSignal, ExitSignal, ReturnSignal } from './interpreter/control-flow.ts';
import { createScriptStage } from './interpreter/script-command.ts';
import { toErrorRecord } from './interpreter/error-handling.ts';
import { StopUpstreamSignal } from './cmdlet.ts';
import { markHostSource } from './interpreter/command-origin.ts';
import type { ProgressRecord } from './progress-record.ts';
import { PSStyle } from './format/ps-style.ts';
import { noColorAsked } from './format/terminal-color.ts';
import { stopTranscripts, transcribe, transcriptsOf } from './transcript.ts';

export interface ShellOptions {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Draws progress records (Write-Progress, engine work); without it the host shows none (also
   *  emitted as the `progress` event, for the REPL's panel). */
  progress?: (record: ProgressRecord) => void;
  host?: CmdletHost;
  services?: Record<string, unknown>;
  /** Extra cmdlets (the engine's domain cmdlets), registered after the built-in ones. */
  cmdlets?: CmdletDef[];
  cwd?: string;
  /** Console width for table/list formatting. */
  width?: number;
  /** Whether stdout and stderr show colour (a terminal; see terminalColor): with
   *  `$PSStyle.OutputRendering = 'Host'` escape sequences reach only those that do. Default: neither
   *  (output captured to strings). */
  color?: { stdout: boolean; stderr: boolean };
  /** Where NO_COLOR is read for $PSStyle's starting OutputRendering. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  exitCode: number;
  /** False when an uncaught terminating error (or a parse error) stopped the run. */
  success: boolean;
}

const NON_INTERACTIVE: CmdletHost = { interactive: false, readLine: async () => null };

export class Shell extends EventEmitter {
  readonly session: Session;
  readonly #stdout: (text: string) => void;
  readonly #stderr: (text: string) => void;
  readonly #width: number | undefined;

  constructor(options: ShellOptions = {}) {
    super();
    // What the host shows also goes to the running transcripts (Start-Transcript).
    const stdout = options.stdout ?? ((t) => void process.stdout.write(t));
    const stderr = options.stderr ?? ((t) => void process.stderr.write(t));
    const color = options.color ?? { stdout: false, stderr: false };
    this.#stdout = (t) => {
      stdout(this.session.psStyle.render(t, color.stdout));
      transcribe(this.session, t);
    };
    this.#stderr = (t) => {
      stderr(this.session.psStyle.render(t, color.stderr));
      transcribe(this.session, t);
    };
    this.#width = options.width;
    this.session = new Session({
      host: options.host ?? NON_INTERACTIVE,
      services: options.services,
      cwd: options.cwd,
      psStyle: new PSStyle(noColorAsked(options.env ?? process.env) ? 'PlainText' : 'Host'),
      hooks: {
        stdout: (t) => {
          this.emit('host', t);
          this.#stdout(t);
        },
        stderr: (t) => {
          this.emit('warning', t);
          this.#stderr(t);
        },
        error: (rec) => {
          this.emit('errorRecord', rec);
          this.#stderr(this.renderError(rec) + '\n');
        },
        progress: (record) => {
          this.emit('progress', record);
          options.progress?.(record);
        },
      },
    });
    this.session.register(genericCmdlets);
    this.session.register(coreCmdlets);
    if (options.cmdlets) this.session.register(options.cmdlets);
  }

  register(defs: CmdletDef[]): void {
    this.session.register(defs);
  }

  /** Stops the running command (Ctrl-C): cmdlets see `ctx.signal` aborted and the script ends with
   *  `The pipeline has been stopped.` */
  stop(): void {
    this.session.stop();
  }

  /** Whether `text` is an unfinished statement (an open brace, quote or pipe) worth a continuation line. */
  isIncomplete(text: string): boolean {
    try {
      return isIncomplete(text);
    } catch {
      return false; // not a parse error: not something another line would finish
    }
  }

  /** One error as the terminal shows it: `file:line:col: Command: message`, source line, caret. */
  renderError(rec: ErrorRecord): string {
    const info = rec.InvocationInfo;
    const cmd = info.MyCommand ? `${info.MyCommand}: ` : '';
    const text = info.source && info.span ? renderDiagnostic(info.source, info.span, cmd + rec.message) : oneLine(cmd + rec.message);
    // PowerShell's host prints its suggestion after a blank line, below the error.
    return rec.suggestion ? `${text}\n\n${rec.suggestion}` : text;
  }

  /** Runs text in the global scope (like `pwsh -c`), writing formatted output. A command typed at
   *  the REPL (`name` '<repl>') is written to the running transcripts after a prompt, as PowerShell's are. */
  async run(text: string, name = '<command>'): Promise<RunResult> {
    if (name === '<repl>') for (const t of transcriptsOf(this.session)) t.command(`PS ${this.session.cwd}> `, text);
    return this.#execute(text, name, null);
  }

  /** Stops the transcripts still running (the end of the run or of the REPL), footer and all. */
  stopTranscripts(): void {
    stopTranscripts(this.session);
  }

  /** Runs a script file in its own script scope with `args` bound to its `param()` block. */
  async runFile(path: string, args: string[] = []): Promise<RunResult> {
    const full = resolve(this.session.cwd, path);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch {
      this.#stderr(`vbrs: cannot read script file '${path}'\n`);
      return { exitCode: 1, success: false };
    }
    return this.#execute(text, path, args);
  }

  /** Runs text and returns its output objects instead of printing them; errors still go to stderr.
   *  A terminating error is thrown as an ErrorRecord-carrying TerminatingError. */
  async invoke(text: string, name = '<command>'): Promise<unknown[]> {
    const ast = parse(text, name);
    const source = new Source(text, name);
    markHostSource(source);
    this.session.abort = new AbortController();
    const items: unknown[] = [];
    const ctx = this.#context(this.session.global, source, (v) => void items.push(v));
    await this.#runBlock(ast, ctx);
    return items;
  }

  #context(scope: Scope, source: Source, out: (v: unknown) => void | Promise<void>): ExecContext {
    return { scope, source, out, streams: this.session.topStreams(), frame: null, errorSinks: [] };
  }

  async #runBlock(ast: ScriptBlockAst, ctx: ExecContext): Promise<void> {
    const interp = this.session.interpreter;
    await interp.runStatements(ast.begin, ctx);
    await interp.runStatements(ast.process, ctx);
    await interp.runStatements(ast.end, ctx);
  }

  async #execute(text: string, name: string, scriptArgs: string[] | null): Promise<RunResult> {
    let ast: ScriptBlockAst;
    try {
      ast = parse(text, name);
    } catch (e) {
      if (e instanceof ParseError) {
        this.#stderr(e.render() + '\n');
        return { exitCode: 1, success: false };
      }
      throw e;
    }
    const source = new Source(text, name);
    if (scriptArgs === null) markHostSource(source);
    this.session.abort = new AbortController();
    // The invoker runs ScriptProperties (Add-Member, module objects) when the output is shown.
    const display = this.session.interpreter.invokerFor(this.#context(this.session.global, source, () => {}));
    const writer = createOutputWriter((t) => this.#stdout(t), this.#width, display);
    const out = async (v: unknown): Promise<void> => {
      this.emit('output', v);
      await writer.push(v);
    };
    const session = this.session;
    let exitCode = 0;
    try {
      if (scriptArgs === null) await this.#runBlock(ast, this.#context(session.global, source, out));
      else {
        const sb = new ScriptBlockValue(ast, text, source, { name: '' });
        const ctx = this.#context(session.global, source, out);
        const stage = createScriptStage(session.interpreter, sb, ctx, out, cliArgs(scriptArgs), { name: '', dotSource: false, scopeKind: 'script', span: { start: 0, end: 0 }, hasUpstream: false });
        await stage.begin();
        await stage.processNoInput();
        await stage.end();
      }
    } catch (e) {
      if (e instanceof ExitSignal) exitCode = e.code;
      else if (e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof ReturnSignal || e instanceof StopUpstreamSignal) {
        // Outside any loop PowerShell stops the script quietly.
      } else if (this.session.abort.signal.aborted) {
        // Stopped with Ctrl-C: no error text, the conventional 128 + SIGINT status.
        exitCode = 130;
      } else {
        const rec = toErrorRecord(e, source, null);
        session.addError(rec);
        try {
          await writer.end();
        } catch {
          // The output that could be formatted is out; the error matters more.
        }
        this.emit('errorRecord', rec);
        this.#stderr(this.renderError(rec) + '\n');
        return { exitCode: 1, success: false };
      }
    }
    await writer.end();
    if (scriptArgs === null && !session.lastSuccess && exitCode === 0) exitCode = 1;
    return { exitCode, success: true };
  }
}

/** Command-line words to binder items: `-Name` is a parameter, `-Name:value` carries its value. */
export function cliArgs(words: string[]): ArgItem[] {
  return words.map((w): ArgItem => {
    const m = /^-([A-Za-z_][\w-]*)(?::(.*))?$/.exec(w);
    if (m) {
      if (m[2] !== undefined) return { kind: 'param', name: m[1]!, value: m[2], hasValue: true, text: w };
      return { kind: 'param', name: m[1]!, value: null, hasValue: false, text: w };
    }
    return { kind: 'arg', value: w };
  });
}

export function createShell(options: ShellOptions = {}): Shell {
  return new Shell(options);
}

export { ErrorRecord };
