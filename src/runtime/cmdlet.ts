// The cmdlet contract: how a built-in command (generic, core or engine-backed) declares its
// parameters and help, and what it receives while it runs. The binder reads `CmdletDef.parameters`;
// the pipeline drives the returned `CmdletInstance` (begin once, process per input, end once).
// Functions written in the language are described with the same `ParameterDef` shape, so one binder
// serves both.
import type { CompletionKind } from './completion-kind.ts';
import type { ScriptBlockValue } from './script-block.ts';
import type { ErrorRecord } from './error-record.ts';
import type { ProgressRecord } from './progress-record.ts';

/** Calls back into the interpreter (script blocks passed to cmdlets, ScriptProperties, operators). */
export interface ScriptInvoker {
  /** `signal` stops the block (PipelineStopped inside it) without stopping the caller's run. */
  invoke(sb: ScriptBlockValue, args: unknown[], options?: { dollarUnder?: unknown; input?: unknown[]; signal?: AbortSignal }): Promise<unknown[]>;
}

export interface ParameterDef {
  name: string;
  /** PowerShell type name as written in a cast: `string`, `int`, `string[]`, `switch`, `scriptblock`,
   *  `object`, `hashtable`, `timespan` … The binder converts arguments with `convertTo(v, type)`. */
  type: string;
  aliases?: string[];
  mandatory?: boolean;
  /** 0-based positional slot; absent for named-only parameters. */
  position?: number;
  valueFromPipeline?: boolean;
  valueFromPipelineByPropertyName?: boolean;
  /** Takes every positional argument no other parameter took, as an array (Write-Host's -Object). */
  valueFromRemainingArguments?: boolean;
  /** Case-insensitive set of allowed values. */
  validateSet?: string[];
  validateRange?: [number, number];
  /** Mandatory parameters reject $null and '' unless `[AllowNull()]` / `[AllowEmptyString()]`. */
  allowNull?: boolean;
  allowEmptyString?: boolean;
  /** `ErrorMessage = "…{0}…{1}"` on ValidateScript/ValidatePattern/ValidateSet: {0} is the value,
   *  {1} the script, pattern or set. */
  validateErrorMessages?: { script?: string; pattern?: string; set?: string };
  /** `[ValidateSet(…, IgnoreCase = $false)]`. */
  validateSetCaseSensitive?: boolean;
  /** Mandatory collection parameters reject an empty one unless `[AllowEmptyCollection()]`. */
  allowEmptyCollection?: boolean;
  /** `[ValidateNotNull()]` / `[ValidateNotNullOrEmpty()]`. */
  validateNotNull?: boolean;
  validateNotNullOrEmpty?: boolean;
  /** `[ValidatePattern('regex')]`, matched case-insensitively. */
  validatePattern?: string;
  /** `[ValidateLength(min, max)]` on string lengths, `[ValidateCount(min, max)]` on item counts. */
  validateLength?: [number, number];
  validateCount?: [number, number];
  /** Parameter set names this parameter belongs to; absent means every set. */
  parameterSets?: string[];
  help?: string;
  /** What Tab completes the value from: the names of this kind of object. */
  completion?: CompletionKind;
  /** Value used when the parameter is not bound (functions' `= default`; cmdlets may set it). */
  defaultValue?: unknown;
}

export interface HelpExample {
  code: string;
  /** What the example prints, shown under it by Get-Help; the help-examples tests run the example
   *  and compare (with times, ids and the data folder masked as in tests/spec/mask.ts). */
  output?: string;
  remarks?: string;
  /** Set when the example needs something a fresh shell lacks (e.g. an engine lab); the example
   *  test then only parses it. */
  needs?: 'engine' | 'interactive';
}

export interface CmdletHelp {
  synopsis: string;
  description?: string;
  examples?: HelpExample[];
}

/** Values bound by the binder, keyed by the parameter's declared name. Switches are booleans. */
export type BoundParameters = Record<string, unknown>;

export interface CmdletDef {
  /** `Verb-Noun`. */
  name: string;
  aliases?: string[];
  parameters: ParameterDef[];
  /** Default parameter set when the bound parameters leave the choice open. */
  defaultParameterSet?: string;
  /** Adds `-WhatIf` and `-Confirm`; the cmdlet must ask `ctx.shouldProcess` before changing anything. */
  supportsShouldProcess?: boolean;
  help: CmdletHelp;
  outputType?: string;
  /** Creates one running instance per pipeline position. `params` is the same object for the whole
   *  run: before each `process(input)` the binder stores the pipeline-bound values in it, so read
   *  pipeline parameters from `params` inside `process`, not when `create` runs. */
  create(params: BoundParameters, ctx: CmdletContext): CmdletInstance;
}

export interface CmdletInstance {
  begin?(): Promise<void>;
  /** Once per pipeline item; called once with `undefined` when the command is first in its
   *  pipeline (no input), like PowerShell's ProcessRecord. */
  process?(input: unknown): Promise<void>;
  end?(): Promise<void>;
}

/** Interactive host services (prompting). Non-interactive hosts return null from `readLine`. */
export interface CmdletHost {
  readonly interactive: boolean;
  readLine(prompt: string, options?: { secure?: boolean }): Promise<string | null>;
  /** Present only on hosts with a screen to page on (the REPL): `Out-Host -Paging` and `more` use it;
   *  without it they write everything at once. */
  readonly paging?: HostPaging;
  /** Set by a host that draws the engine's work itself (the REPL's live panel): domain cmdlets then
   *  do not turn it into progress records as well. */
  readonly showsEngineProgress?: boolean;
  /** Set by such a host: shows a session another process runs — which this process's engine events
   *  do not carry — while a cmdlet follows it (Wait-Session); returns what stops showing it. */
  readonly showFollowedSession?: (followed: FollowedSessionLike) => () => void;
}

/** An engine event as a host reads it (loose: the runtime knows no engine types). */
export interface EngineEventLike {
  kind: string;
  sessionId?: number | string;
  [key: string]: unknown;
}

/** A session followed from another process: its record and task records as last read, and the
 *  events that turn each later change into what the process running it would have emitted. */
export interface FollowedSessionLike {
  readonly id: number;
  readonly session: object;
  readonly tasks: readonly object[];
  readonly events: {
    on(e: 'event', f: (ev: EngineEventLike) => void): unknown;
    off(e: 'event', f: (ev: EngineEventLike) => void): unknown;
  };
}

/** What a pager answers at its `-- More --` prompt: a screenful more, one line more, or stop. */
export type MoreAnswer = 'page' | 'line' | 'quit';

/** A screen that output is paged on. The cmdlet counts the rows it writes; the host only knows the
 *  screen and the keys, so a script never waits on a host that cannot ask. */
export interface HostPaging {
  /** Rows a page may fill (the screen less the `-- More --` line) and columns, read at each page
   *  so a resized terminal pages by its new size. */
  pageSize(): { rows: number; columns: number };
  /** Shows `-- More --` below what was written so far; resolves with the user's answer. */
  more(): Promise<MoreAnswer>;
}

export interface CmdletContext {
  /** Writes one object to the output stream (the next pipeline stage). */
  emit(value: unknown): void | Promise<void>;
  /** A non-terminating error (respects -ErrorAction); a string becomes a Write-Error style record. */
  writeError(error: ErrorRecord | string): void | Promise<void>;
  /** These return a Promise when the stream is redirected into the pipeline (`3>&1`); await it
   *  to keep the order of output. */
  writeWarning(message: string): void | Promise<void>;
  writeVerbose(message: string): void | Promise<void>;
  writeDebug(message: string): void | Promise<void>;
  writeInformation(message: unknown, tags?: string[]): void | Promise<void>;
  /** A progress record for the host to draw, unless `$ProgressPreference` (or `-ProgressAction`)
   *  is SilentlyContinue or Ignore. */
  writeProgress(record: ProgressRecord): void;
  /** Text straight to the host (stdout), never captured by the pipeline (unless `6>&1`). */
  writeHost(text: string, options?: { noNewline?: boolean }): void | Promise<void>;
  /** Honours -WhatIf (prints `What if: …` and returns false) and -Confirm. */
  shouldProcess(target: string, action: string): boolean | Promise<boolean>;
  invoker: ScriptInvoker;
  getVariable(name: string): unknown;
  setVariable(name: string, value: unknown): void;
  /** Current location (absolute path). */
  readonly cwd: string;
  readonly signal: AbortSignal;
  readonly host: CmdletHost;
  /** Open record where domain cmdlets find the engine (`services.engine`) and friends. */
  readonly services: Record<string, unknown>;
  /** The name this command was invoked as (alias or full name). */
  readonly invocationName: string;
}

/** Thrown by a cmdlet (Select-Object -First) after it has emitted all it needs: the pipeline stops
 *  feeding the stages before it, then runs `end` of this stage and the ones after it. */
export class StopUpstreamSignal {
  /** Filled in by the pipeline that catches it. */
  pipeline: object | null = null;
  stage = -1;
}

/** Raised by a cmdlet to stop the whole statement (a terminating error); a plain Error thrown by a
 *  cmdlet is treated the same way and wrapped in an ErrorRecord. */
export { TerminatingError } from './error-record.ts';

/** The cmdlets that stand for PowerShell's own (Get-Date, Select-Object …): their binding errors name
 *  the .NET class as PowerShell does (`NamedParameterNotFound,Microsoft.PowerShell.Commands.GetDateCommand`). */
export const powershellCmdlets = new WeakSet<CmdletDef>();

/** The part after the comma of a cmdlet's FullyQualifiedErrorId. */
export function errorIdCommandName(def: CmdletDef): string {
  return powershellCmdlets.has(def) ? `Microsoft.PowerShell.Commands.${def.name.replace(/-/g, '')}Command` : def.name;
}
