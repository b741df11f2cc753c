// The session state one Shell owns: the global scope with PowerShell's preference variables, the
// command tables (cmdlets, aliases), `$Error`, `$?`, the current location, the host and the services
// record that domain cmdlets read. The interpreter and pipeline reach everything shared through it.
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parse } from '../../lang/index.ts';
import { Source } from '../../lang/source.ts';
import type { CmdletDef, CmdletHost } from '../cmdlet.ts';
import { ErrorRecord, PSException, TerminatingError, pipelineStopped } from '../error-record.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { PSHashtable } from '../values/hashtable.ts';
import type { ExecContext, Streams } from './exec-context.ts';
import { Interpreter } from './interpreter.ts';
import { VERSION } from '../../version.ts';
import { Scope } from './scope.ts';
import { HostObject } from './host-object.ts';
import { VersionValue } from './version-value.ts';
import { PathInfo } from '../cmdlets/path-items.ts';
import { InputEnumerator } from '../values/input-enumerator.ts';
import { markArrayType } from '../values/type-names.ts';
import type { ProgressRecord } from '../progress-record.ts';
import { PSStyle } from '../format/ps-style.ts';

export interface SessionHooks {
  /** Text for the terminal's stdout (host writes, What if:, formatted output). */
  stdout(text: string): void;
  /** Text for stderr (warnings, verbose, debug). */
  stderr(text: string): void;
  /** A non-terminating error shown to the user. */
  error(record: ErrorRecord): void;
  /** A progress record for the host to draw (absent: the host draws none). */
  progress?(record: ProgressRecord): void;
}

export { VERSION };

export class Session {
  readonly global = new Scope(null, 'global');
  readonly cmdlets = new Map<string, CmdletDef>();
  readonly aliases = new Map<string, string>();
  /** `$Error`: an ArrayList, as in PowerShell, so `$Error.Clear()` empties it. */
  readonly errors: unknown[] = markArrayType([], 'System.Collections.ArrayList');
  readonly interpreter: Interpreter;
  services: Record<string, unknown>;
  host: CmdletHost;
  hooks: SessionHooks;
  cwd: string;
  lastSuccess = true;
  /** `Set-StrictMode -Version`: 0 off; 1+ makes reading an unset variable an error. */
  strictVersion = 0;
  /** Script blocks currently running inside one another (recursion guard). */
  callDepth = 0;
  /** Errors written so far; a statement succeeded when this did not move while it ran (`$?`). */
  errorCount = 0;
  /** Depth of try bodies and trap-guarded blocks being run: errors propagate to them. */
  handlerDepth = 0;
  /** `$PSStyle`, one per session (PowerShell's is one per process), shared by its runspaces. */
  readonly psStyle: PSStyle;
  /** Modules imported so far, by resolved path (Import-Module loads each once unless -Force). */
  readonly modules = new Map<string, { name: string; functions: string[] }>();

  constructor(options: { hooks: SessionHooks; host: CmdletHost; services?: Record<string, unknown>; cwd?: string; psStyle?: PSStyle }) {
    this.hooks = options.hooks;
    this.psStyle = options.psStyle ?? new PSStyle();
    this.host = options.host;
    this.services = options.services ?? {};
    this.cwd = options.cwd ?? process.cwd();
    this.interpreter = new Interpreter(this);
    this.#seed(this.global);
  }

  /** A scope like a new runspace's global scope: PowerShell's automatic and preference variables
   *  and nothing the user defined (ForEach-Object -Parallel runs each block in one). */
  runspaceScope(): Scope {
    const s = new Scope(null, 'global');
    this.#seed(s);
    return s;
  }

  #seed(g: Scope): void {
    const set = (name: string, value: unknown): void => void g.setLocal(name, value);
    set('ErrorActionPreference', 'Continue');
    set('WarningPreference', 'Continue');
    set('VerbosePreference', 'SilentlyContinue');
    set('DebugPreference', 'SilentlyContinue');
    set('InformationPreference', 'SilentlyContinue');
    set('ProgressPreference', 'Continue');
    set('ConfirmPreference', 'High');
    set('WhatIfPreference', false);
    set('Error', this.errors);
    set('LASTEXITCODE', null);
    set('HOME', homedir());
    set('PID', process.pid);
    set('PSEdition', 'Core');
    set('IsWindows', process.platform === 'win32');
    set('IsLinux', process.platform === 'linux');
    set('IsMacOS', process.platform === 'darwin');
    set('IsCoreCLR', true);
    set('PSCulture', 'en-US');
    set('PSUICulture', 'en-US');
    set('ShellId', 'Microsoft.PowerShell');
    set('NestedPromptLevel', 0);
    set('PSVersionTable', PSHashtable.from([
      ['PSVersion', new VersionValue(7, 4, 0)],
      ['PSEdition', 'Core'],
      ['VbrsVersion', VERSION],
      ['Platform', process.platform === 'win32' ? 'Win32NT' : 'Unix'],
    ]));
    // PowerShell's options on these: $true/$false Constant+AllScope, $Error Constant, $null none
    // (assigning to it is ignored, see setVariable)
    for (const name of ['true', 'false']) Object.assign(g.setLocal(name, name === 'true'), { readOnly: true, constant: true, allScope: true });
    g.setLocal('null', null);
    Object.assign(g.getLocal('Error')!, { readOnly: true, constant: true });
    Object.assign(g.setLocal('PSStyle', this.psStyle), { readOnly: true, constant: true });
  }

  /** Aborted by `stop()` (Ctrl-C): cmdlets see it as `ctx.signal`, the interpreter checks it
   *  before each statement. A fresh controller is made for every run. */
  abort = new AbortController();

  stop(): void {
    this.abort.abort();
  }

  /** The stop of what `ctx` runs: a nested invocation's own (ExecContext.stop), else the run's. */
  stopSignal(ctx?: { stop?: AbortSignal }): AbortSignal {
    return ctx?.stop ?? this.abort.signal;
  }

  /** Throws PowerShell's PipelineStoppedException when the run (or `ctx`'s invocation) was stopped. */
  checkStopped(ctx?: { stop?: AbortSignal }): void {
    if (this.stopSignal(ctx).aborted) throw pipelineStopped();
  }

  register(defs: CmdletDef[]): void {
    for (const d of defs) {
      this.cmdlets.set(d.name.toLowerCase(), d);
      for (const a of d.aliases ?? []) this.aliases.set(a.toLowerCase(), d.name);
    }
  }

  addError(rec: ErrorRecord): void {
    if (this.errors[0] === rec) return;
    this.errors.unshift(rec);
    if (this.errors.length > 256) this.errors.length = 256;
  }

  /** Variables PowerShell defines implicitly; read when no scope has the name. */
  automaticVariable(lname: string, ctx: ExecContext): unknown {
    switch (lname) {
      case 'pwd':
        return new PathInfo(this.cwd);
      case 'host':
        return new HostObject(this, VERSION, () => ctx);
      case 'args':
        return [];
      case 'input':
        return new InputEnumerator([]);
      case 'psscriptroot':
      case 'pscommandpath':
        return ctx.source.name.startsWith('<') ? '' : lname === 'psscriptroot' ? dirname(resolve(this.cwd, ctx.source.name)) : resolve(this.cwd, ctx.source.name);
      case '_':
      case 'psitem':
      case 'this':
      case 'matches':
      case 'ofs':
        return null;
      default:
        // Not set anywhere: $null, unless Set-StrictMode asks for an error.
        if (this.strictVersion >= 1) {
          throw new PSException(`The variable '$${lname}' cannot be retrieved because it has not been set.`, 'System.Management.Automation.RuntimeException');
        }
        return null;
    }
  }

  /** `[scriptblock]::Create(text)` and friends. */
  compileScriptBlock(text: string, name = '<scriptblock>'): ScriptBlockValue {
    const source = new Source(text, name);
    const ast = parse(text, name);
    return new ScriptBlockValue(ast, text, source);
  }

  /** The streams at the top of a run: shown on the terminal. */
  topStreams(): Streams {
    return {
      error: (rec) => this.hooks.error(rec),
      warning: (m) => this.hooks.stderr(`WARNING: ${m}\n`),
      verbose: (m) => this.hooks.stderr(`VERBOSE: ${m}\n`),
      debug: (m) => this.hooks.stderr(`DEBUG: ${m}\n`),
      information: (v, _host, noNewline) => this.hooks.stdout(hostText(v) + (noNewline ? '' : '\n')),
      progress: (record) => this.hooks.progress?.(record),
    };
  }
}

function hostText(v: unknown): string {
  return typeof v === 'string' ? v : String(v ?? '');
}
