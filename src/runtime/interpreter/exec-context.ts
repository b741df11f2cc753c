// The state a running piece of script carries: its scope, where its output goes (`out`), where the
// other streams go (`streams`, replaced by redirections), and the command frame it belongs to
// (for `$PSCmdlet`, `$MyInvocation`, `-ErrorVariable`).
import type { Source } from '../../lang/source.ts';
import type { ErrorRecord } from '../error-record.ts';
import type { Scope } from './scope.ts';
import type { ScriptInvoker } from '../cmdlet.ts';
import type { ProgressRecord } from '../progress-record.ts';

/** Receives one output object. May be async when the next pipeline stage runs code. */
export type Sink = (value: unknown) => void | Promise<void>;

/** The non-output streams. Preference checks have already been applied when these are called. */
export interface Streams {
  error(record: ErrorRecord): void | Promise<void>;
  warning(message: string): void | Promise<void>;
  verbose(message: string): void | Promise<void>;
  debug(message: string): void | Promise<void>;
  /** Write-Information records and Write-Host text (`host: true`). */
  information(value: unknown, host: boolean, noNewline: boolean): void | Promise<void>;
  /** Set by `6>&1`, `6> file`, `*>…`: Write-Information then writes even under SilentlyContinue
   *  (PowerShell skips the information stream only for Ignore when it is redirected). */
  informationRedirected?: boolean;
  /** Write-Progress records for the host to draw; no redirection reaches them (as in PowerShell). */
  progress?(record: ProgressRecord): void;
}

export interface Frame {
  /** Command name as invoked. */
  name: string;
  /** Bound parameters (`$PSBoundParameters`). */
  bound: Record<string, unknown>;
  parameterSet: string;
  /** `-WhatIf` given or `$WhatIfPreference` set, for `$PSCmdlet.ShouldProcess`. */
  whatIf: boolean;
  /** Source and span of the invocation, for `$MyInvocation` and error positions. */
  source: Source;
  span: { start: number; end: number };
}

export interface ExecContext {
  scope: Scope;
  source: Source;
  out: Sink;
  streams: Streams;
  frame: Frame | null;
  /** Lists named by `-ErrorVariable` on enclosing commands: every error written is added to each. */
  errorSinks: unknown[][];
  /** What stops this piece of script when it is not the run's `session.abort` (Ctrl-C): a block
   *  invoked with its own stop (a guest hook past its timeout) and everything it runs. */
  stop?: AbortSignal;
  /** Try/trap nesting of a ForEach-Object -Parallel block, counted apart from the session's
   *  (`Session.handlerDepth`) because blocks interleave; shared by the block's nested contexts. */
  handlers?: { depth: number };
  /** Cached ScriptInvoker for this context (see Interpreter.invokerFor). */
  invoker?: ScriptInvoker;
}
