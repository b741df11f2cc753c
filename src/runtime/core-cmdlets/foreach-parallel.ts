// ForEach-Object -Parallel: PowerShell runs each input's block in a runspace of its own on a thread
// pool. vbrs is single-threaded JS, so each block is an async invocation of the interpreter in a
// fresh runspace-like scope (PowerShell's automatic variables, none of the caller's variables or
// functions; `$using:x` is the caller's value, copied when the command starts), with at most
// -ThrottleLimit (default 5) running at once. The blocks overlap wherever they wait — Start-Sleep,
// engine work, web requests — not in pure computation, which takes turns on the one thread.
// Output is written as the blocks produce it (so in completion order, as PowerShell's), one item at
// a time to the next stage; an error that stops one block is written as an error and the others go
// on. -TimeoutSeconds stops the running blocks and drops the input still waiting, quietly, as
// PowerShell does.
import type { BoundParameters, CmdletContext, CmdletInstance } from '../cmdlet.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { ErrorRecord, PSException, TerminatingError } from '../error-record.ts';
import { invokeScriptBlock } from '../interpreter/script-command.ts';
import { toErrorRecord } from '../interpreter/error-handling.ts';
import { isControlFlow } from '../interpreter/control-flow.ts';
import type { ExecContext } from '../interpreter/exec-context.ts';
import { toNumber } from '../values/convert.ts';
import { coreOf } from './core-access.ts';

/** Names of the `$using:` variables anywhere in a block, nested blocks included. */
function usingNames(node: unknown, found = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(node)) for (const n of node) usingNames(n, found);
  else if (node !== null && typeof node === 'object') {
    const o = node as { kind?: unknown; scope?: unknown; name?: unknown };
    if (o.kind === 'Variable' && o.scope === 'using' && typeof o.name === 'string') found.set(o.name.toLowerCase(), o.name);
    for (const [k, v] of Object.entries(node)) if (k !== 'span' && v !== null && typeof v === 'object') usingNames(v, found);
  }
  return found;
}

function parameterSetError(message: string): TerminatingError {
  return new TerminatingError(ErrorRecord.fromMessage(message, 'System.Management.Automation.ParameterBindingException', 'AmbiguousParameterSet,Microsoft.PowerShell.Commands.ForEachObjectCommand', 'InvalidArgument', null));
}

export function foreachParallel(params: BoundParameters, ctx: CmdletContext): CmdletInstance {
  const { interp, exec } = coreOf(ctx);
  const session = interp.session;
  const block = params.Parallel;
  if (!(block instanceof ScriptBlockValue)) throw parameterSetError('Cannot bind parameter \'Parallel\': it takes a script block.');
  for (const other of ['Begin', 'End', 'Process', 'MemberName'] as const) {
    if (params[other] !== undefined) throw parameterSetError('Parameter set cannot be resolved using the specified named parameters.');
  }
  if (params.AsJob === true) throw new TerminatingError(ErrorRecord.fromMessage('ForEach-Object -Parallel -AsJob is not supported by vbrs: run the pipeline with Start-Job in a script instead.', 'System.NotSupportedException', 'ParallelAsJobNotSupported,Microsoft.PowerShell.Commands.ForEachObjectCommand', 'NotImplemented', null));
  const limit = params.ThrottleLimit !== undefined ? toNumber(params.ThrottleLimit) : 5;
  const timeoutSec = params.TimeoutSeconds !== undefined ? toNumber(params.TimeoutSeconds) : 0;

  // `$using:` values as they are when the command starts; a name the caller has not set is an
  // error before any block runs, as in PowerShell.
  const using = new Map<string, unknown>();
  for (const [key, name] of usingNames(block.ast)) {
    const v = exec.scope.lookup(name);
    if (!v) {
      throw new TerminatingError(ErrorRecord.fromMessage(`The value of the using variable '$using:${name}' cannot be retrieved because it has not been set in the local session.`, 'System.Management.Automation.RuntimeException', 'UsingVariableIsUndefined,Microsoft.PowerShell.Commands.ForEachObjectCommand', 'InvalidOperation', null));
    }
    using.set(key, v.value === undefined ? null : v.value);
  }

  const stop = new AbortController();
  // What stops the command from outside: Ctrl-C, or the stop of the invocation running it (a
  // guest hook past its timeout); a block's own stop is that or this command's timeout.
  const outer = session.stopSignal(exec);
  const blockStop = AbortSignal.any([outer, stop.signal]);
  const timer = timeoutSec > 0 ? setTimeout(() => stop.abort(), timeoutSec * 1000) : null;
  const running = new Set<Promise<void>>();
  /** What must end the whole command: the pipeline stopping (Ctrl-C, Select-Object -First). */
  let fatal: unknown = null;
  // One output at a time: the next stage runs code and must not see two items at once.
  let writing: Promise<void> = Promise.resolve();
  const emit = (v: unknown): Promise<void> => {
    const next = writing.then(() => (fatal === null ? ctx.emit(v) : undefined));
    writing = next.catch(() => {});
    return next;
  };

  const start = (item: unknown): void => {
    const scope = session.runspaceScope();
    scope.usingValues = using;
    const bctx: ExecContext = { ...exec, scope, out: emit, frame: null, stop: blockStop, handlers: { depth: 0 }, invoker: undefined };
    const run = (async () => {
      try {
        await invokeScriptBlock(interp, block, bctx, { args: [], dollarUnder: item, dotSource: true, out: emit });
      } catch (e) {
        if (isControlFlow(e)) return; // `exit`/`return` end this block only
        if (stop.signal.aborted && !outer.aborted) return; // timed out
        if (outer.aborted || !(e instanceof TerminatingError || e instanceof PSException || e instanceof Error)) {
          fatal ??= e;
          stop.abort();
          return;
        }
        if (e instanceof TerminatingError && e.record.Exception.typeName === 'System.Management.Automation.PipelineStoppedException') return;
        try {
          await ctx.writeError(toErrorRecord(e, block.source, block.ast.span));
        } catch (stopping) {
          fatal ??= stopping; // -ErrorAction Stop on ForEach-Object itself
          stop.abort();
        }
      }
    })();
    running.add(run);
    void run.finally(() => running.delete(run));
  };

  const rethrow = (): void => {
    if (fatal !== null) throw fatal;
    session.checkStopped(exec);
  };

  return {
    async process(input) {
      if (input === undefined && !('InputObject' in params)) return;
      const item = input === undefined ? params.InputObject : input;
      while (running.size >= limit && !stop.signal.aborted) await Promise.race(running);
      rethrow();
      if (stop.signal.aborted) return; // timed out: the rest of the input is dropped
      start(item);
    },
    async end() {
      try {
        while (running.size > 0) await Promise.race(running);
        await writing;
        rethrow();
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
  };
}
