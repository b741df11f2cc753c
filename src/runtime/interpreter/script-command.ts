// Running a script block as a command: functions, filters, `& { … }`, dot-sourced blocks and script
// files. Binds arguments through the shared binder, sets up the scope (`$args`, `$PSBoundParameters`,
// `$MyInvocation`, `$PSCmdlet`, common parameters), then drives begin/process/end with `$_` and
// `$input` as PowerShell does.
import { basename, dirname, resolve } from 'node:path';
import type { ScriptBlockExpressionAst, Span } from '../../lang/ast.ts';
import type { ParameterDef } from '../cmdlet.ts';
import { StopUpstreamSignal } from '../cmdlet.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { ErrorRecord, PSException, TerminatingError } from '../error-record.ts';
import type { ArgItem } from '../binder.ts';
import { acceptsPipeline, bindArguments, bindPipelineItem, missingMandatory, ParameterBindingError, ALL_SETS, customMessage } from '../binder.ts';
import { fillMandatory } from './mandatory-prompt.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { PSObject } from '../values/ps-object.ts';
import { convertTo, toBoolean, toStringValue } from '../values/convert.ts';
import { ExitSignal, ReturnSignal } from './control-flow.ts';
import type { ExecContext, Frame, Sink } from './exec-context.ts';
import type { Interpreter } from './interpreter.ts';
import { attachPosition } from './interpreter.ts';
import { Scope } from './scope.ts';
import type { ScopeKind } from './scope.ts';
import { scriptParams } from './param-defs.ts';
import type { Stage } from './pipeline.ts';
import { COMMON_PARAMETERS, SHOULD_PROCESS_PARAMETERS, applyCommonPreferences } from './common-parameters.ts';
import { PSCmdletObject } from './ps-cmdlet.ts';
import type { CommentHelp } from './comment-help.ts';
import { toErrorRecord } from './error-handling.ts';
import { CommandInfoValue } from './command-info.ts';
import { InputEnumerator } from '../values/input-enumerator.ts';
import { bracketedSpan, typeNotFound, unknownPart } from '../values/known-types.ts';
import { currentOfs } from './variables.ts';

/** Nested script calls allowed before `call depth overflow` (PowerShell's own limit is similar). */
const MAX_CALL_DEPTH = 10000;

export interface ScriptStageOptions {
  name: string;
  dotSource: boolean;
  scopeKind: ScopeKind;
  span: Span;
  hasUpstream: boolean;
  help?: CommentHelp | null;
  /** Parent for the new scope instead of the caller's (module functions). */
  parentScope?: Scope;
  /** A script file run as a command: its `exit N` ends only it and sets `$LASTEXITCODE`. */
  catchExit?: boolean;
}

export function createScriptStage(interp: Interpreter, sb: ScriptBlockValue, ctx: ExecContext, out: Sink, args: ArgItem[], opts: ScriptStageOptions): Stage {
  const sp = scriptParams(sb.ast);
  const params: ParameterDef[] = sp.advanced ? [...sp.params, ...COMMON_PARAMETERS, ...(sp.supportsShouldProcess ? SHOULD_PROCESS_PARAMETERS : [])] : sp.params;
  const session = interp.session;
  // PowerShell resolves parameter types when the command is invoked, before binding anything.
  if (sp.unknownType) throw new TerminatingError(toErrorRecord(typeNotFound(unknownPart(sp.unknownType.name) ?? sp.unknownType.name), sb.source, bracketedSpan(sb.source.text, sp.unknownType.span)));
  let bind;
  try {
    bind = bindArguments(params, args, { allowUnbound: !sp.advanced, defaultParameterSet: sp.defaultParameterSet, ofs: currentOfs(ctx) });
  } catch (e) {
    throw commandError(e, ctx, opts);
  }
  const scope = opts.dotSource ? ctx.scope : new Scope(opts.parentScope ?? (sb.closure as Scope | null) ?? ctx.scope, opts.scopeKind);
  const frame: Frame = { name: opts.name, bound: bind.bound, parameterSet: bind.parameterSet === ALL_SETS ? '__AllParameterSets' : bind.parameterSet, whatIf: false, source: ctx.source, span: opts.span };
  const errorSinks = [...ctx.errorSinks];
  let outVar: unknown[] | null = null;
  let sink: Sink = out;
  const common = sp.advanced ? applyCommonPreferences(bind.bound, scope) : null;
  if (common?.errorVariable) {
    errorSinks.push(common.errorVariable.list);
  }
  if (common?.outVariable) {
    outVar = common.outVariable.list;
    const ov = outVar;
    sink = (v) => {
      ov.push(v);
      return out(v);
    };
  }
  if (common?.whatIf) frame.whatIf = true;
  else if (sp.supportsShouldProcess && scope.lookup('WhatIfPreference')?.value === true) frame.whatIf = true;
  const sub: ExecContext = { scope, source: sb.source, out: sink, streams: ctx.streams, frame: opts.dotSource ? ctx.frame : frame, errorSinks, stop: ctx.stop };
  // a ForEach-Object -Parallel block's own try/trap count reaches the functions it calls
  if (ctx.handlers) sub.handlers = ctx.handlers;
  const ast = sb.ast;
  const pipelineParams = acceptsPipeline(sp.params, bind.parameterSet);
  const collected: unknown[] = [];
  const hasProcess = ast.process !== null;

  let exited = false;
  const runBlock = async (block: typeof ast.begin): Promise<void> => {
    if (!block || exited) return;
    if (++session.callDepth > MAX_CALL_DEPTH) {
      session.callDepth = 0;
      const rec = new ErrorRecord(new PSException('The script failed due to call depth overflow.', 'System.Management.Automation.ScriptCallDepthException'), 'CallDepthOverflow', 'InvalidOperation', MAX_CALL_DEPTH);
      throw new TerminatingError(toErrorRecord(rec, ctx.source, opts.span), true);
    }
    try {
      await interp.runStatements(block, sub);
    } catch (e) {
      if (e instanceof ReturnSignal) return;
      if (e instanceof ExitSignal && opts.catchExit) {
        exited = true;
        session.global.setLocal('LASTEXITCODE', e.code);
        // A script that exits non-zero failed: `$?` is false after it, as for an external program.
        if (e.code !== 0) session.errorCount++;
        return;
      }
      throw e;
    } finally {
      if (session.callDepth > 0) session.callDepth--;
    }
  };

  const setup = async (): Promise<void> => {
    const missing = missingMandatory(sp.params, bind.parameterSet, bind.bound, opts.hasUpstream);
    await fillMandatory(session.host, (t) => ctx.streams.information(t, true, false), opts.name, sp.params, missing, bind.bound);
    for (const [name, sbAst] of sp.validateScripts) {
      if (name in bind.bound) await runValidateScript(interp, ctx, name, sbAst, bind.bound[name], sp.params.find((p) => p.name === name)?.validateErrorMessages?.script);
    }
    if (!opts.dotSource || sp.params.length > 0) {
      for (const p of sp.params) {
        if (p.name in bind.bound) {
          const v = scope.setLocal(p.name, bind.bound[p.name]);
          if (p.type !== 'object') v.typeConstraint = p.type;
        }
      }
      for (const p of sp.params) {
        if (p.name in bind.bound) continue;
        const def = sp.defaults.get(p.name);
        if (def) scope.setLocal(p.name, await interp.evaluate(def, sub));
        else scope.setLocal(p.name, unboundValue(p.type));
      }
    }
    if (!opts.dotSource) {
      scope.setLocal('args', bind.unbound);
      scope.setLocal('PSBoundParameters', PSHashtable.from(Object.entries(bind.bound)));
      const scriptPath = opts.scopeKind === 'script' && !sb.source.name.startsWith('<') ? resolve(session.cwd, sb.source.name) : null;
      const info = scriptPath
        ? new CommandInfoValue(basename(scriptPath), 'ExternalScript', sb.text, scriptPath)
        : new CommandInfoValue(opts.name, opts.scopeKind === 'function' ? 'Function' : 'Script', sb.text);
      scope.setLocal('MyInvocation', myInvocation(info, ctx, opts.span, bind.bound));
      if (sp.advanced) scope.setLocal('PSCmdlet', new PSCmdletObject(interp, sub, frame));
      if (opts.scopeKind === 'script' && !sb.source.name.startsWith('<')) {
        const full = resolve(session.cwd, sb.source.name);
        scope.setLocal('PSScriptRoot', dirname(full));
        scope.setLocal('PSCommandPath', full);
      }
    }
  };

  const guard = async (fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      throw commandError(e, ctx, opts);
    }
  };

  const processItem = async (item: unknown, hasInput: boolean): Promise<void> => {
    if (hasInput && pipelineParams) {
      const target: Record<string, unknown> = {};
      const boundNames = bindPipelineItem(sp.params, bind.parameterSet, bind.bound, target, item);
      if (!boundNames) throw new ParameterBindingError('The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.', 'InputObjectNotBound');
      const psb = scope.getLocal('PSBoundParameters')?.value;
      for (const [k, v] of Object.entries(target)) {
        scope.setLocal(k, v);
        if (psb instanceof PSHashtable) psb.set(k, v);
      }
    }
    if (hasProcess) {
      scope.setLocal('_', hasInput ? item : null);
      scope.setLocal('PSItem', hasInput ? item : null);
      scope.setLocal('input', new InputEnumerator(hasInput ? [item] : []));
      await runBlock(ast.process);
    } else if (hasInput) collected.push(item);
  };

  return {
    begin: () =>
      guard(async () => {
        await setup();
        if (!opts.dotSource) scope.setLocal('input', new InputEnumerator([]));
        await runBlock(ast.begin);
      }),
    process: (item) => guard(() => processItem(item, true)),
    processNoInput: () =>
      guard(async () => {
        if (hasProcess && !opts.hasUpstream) await processItem(null, false);
      }),
    end: () =>
      guard(async () => {
        if (ast.end) {
          scope.setLocal('input', new InputEnumerator(collected));
          if (!hasProcess) {
            const last = collected.length ? collected[collected.length - 1] : null;
            if (!opts.dotSource || collected.length) {
              scope.setLocal('_', last);
              scope.setLocal('PSItem', last);
            }
          }
          await runBlock(ast.end);
        }
        if (common?.errorVariable) common.errorVariable.store(ctx.scope);
        if (common?.outVariable) common.outVariable.store(ctx.scope);
      }),
  };
}

/** `[ValidateScript({ $_ -gt 0 })]`: each value must make the block return true. */
async function runValidateScript(interp: Interpreter, ctx: ExecContext, name: string, sbAst: ScriptBlockExpressionAst, value: unknown, message?: string): Promise<void> {
  const sb = new ScriptBlockValue(sbAst.block, sbAst.text, ctx.source);
  for (const item of Array.isArray(value) ? value : [value]) {
    const out = await invokeScriptBlock(interp, sb, ctx, { args: [], dollarUnder: item, dotSource: false });
    if (!toBoolean(out.length === 1 ? out[0] : out) && message !== undefined) {
      throw new ParameterBindingError(`Cannot validate argument on parameter '${name}'. ${customMessage(message, toStringValue(item), sbAst.text.trim())}`, 'ParameterArgumentValidationError');
    }
    if (!toBoolean(out.length === 1 ? out[0] : out)) {
      throw new ParameterBindingError(
        `Cannot validate argument on parameter '${name}'. The "${sbAst.text.trim()}" validation script for the argument with value "${toStringValue(item)}" did not return a result of True. Determine why the validation script failed, and then try the command again.`,
        'ParameterArgumentValidationError',
      );
    }
  }
}

/** What an unbound typed parameter holds: value types their zero, strings '', others $null. */
function unboundValue(type: string): unknown {
  const t = type.toLowerCase().replace(/^system\./, '');
  if (t === 'switch' || t === 'bool' || t === 'boolean') return false;
  if (t === 'string') return '';
  // A numeric parameter's zero has the parameter's type (`[double]$d` unbound is a Double 0).
  if (/^(u?int(16|32|64)?|long|ulong|short|ushort|byte|sbyte|double|single|float|decimal)$/.test(t)) return convertTo(0, type);
  return null;
}

/** Errors escaping a command get the command's position and name. */
function commandError(e: unknown, ctx: ExecContext, opts: { name: string; span: Span }): unknown {
  if (e instanceof ParameterBindingError) {
    const rec = new ErrorRecord(e, `${e.errorId},${opts.name}`, 'InvalidArgument', null);
    return new TerminatingError(toErrorRecord(rec, ctx.source, opts.span, opts.name));
  }
  return attachPosition(e, ctx.source, opts.span);
}

function myInvocation(info: CommandInfoValue, ctx: ExecContext, span: Span, bound: Record<string, unknown>): PSObject {
  const { line, col } = ctx.source.lineCol(span.start);
  return PSObject.from([
    ['MyCommand', info],
    ['InvocationName', info.Name],
    ['BoundParameters', PSHashtable.from(Object.entries(bound))],
    ['ScriptName', ctx.source.name.startsWith('<') ? '' : ctx.source.name],
    ['ScriptLineNumber', line],
    ['OffsetInLine', col],
    ['Line', ctx.source.lineText(line)],
    ['PSScriptRoot', ''],
  ]);
}

export interface InvokeOptions {
  args: unknown[];
  dollarUnder?: unknown;
  input?: unknown[];
  /** Run in the caller's scope (ForEach-Object, Where-Object, `. { }`). */
  dotSource: boolean;
  /** Stream output here instead of collecting it. */
  out?: Sink;
  /** Stops this block (and all it runs) when aborted, as Ctrl-C stops a run; Ctrl-C still does. */
  signal?: AbortSignal;
}

/** Runs a script block outside a pipeline statement (callbacks from cmdlets and operators). */
export async function invokeScriptBlock(interp: Interpreter, sb: ScriptBlockValue, ctx: ExecContext, opts: InvokeOptions): Promise<unknown[]> {
  const items: unknown[] = [];
  const out: Sink = opts.out ?? ((v) => void items.push(v));
  const args: ArgItem[] = opts.args.map((value) => ({ kind: 'arg', value }));
  const scope = opts.dotSource ? ctx.scope : new Scope((sb.closure as Scope | null) ?? ctx.scope, 'block');
  const sub: ExecContext = { ...ctx, scope };
  if (opts.signal) {
    sub.stop = AbortSignal.any([interp.session.stopSignal(ctx), opts.signal]);
    interp.session.checkStopped(sub);
  }
  const hasUnder = 'dollarUnder' in opts && opts.dollarUnder !== undefined;
  const savedUnder = hasUnder && opts.dotSource ? scope.getLocal('_') : undefined;
  const savedValue = savedUnder?.value;
  if (hasUnder) {
    scope.setLocal('_', opts.dollarUnder);
    scope.setLocal('PSItem', opts.dollarUnder);
  }
  try {
    // A block with no parameters and only an end block is the common callback: run it directly.
    const ast = sb.ast;
    if (!ast.paramBlock && !ast.begin && !ast.process && !opts.input) {
      if (!opts.dotSource) scope.setLocal('args', opts.args);
      try {
        await interp.runStatements(ast.end, { ...sub, source: sb.source, out });
      } catch (e) {
        if (!(e instanceof ReturnSignal)) throw e;
      }
      return items;
    }
    const stage = createScriptStage(interp, sb, sub, out, args, { name: sb.name ?? '', dotSource: opts.dotSource, scopeKind: 'block', span: ast.span, hasUpstream: opts.input !== undefined });
    await stage.begin();
    if (opts.input) for (const i of opts.input) await stage.process(i);
    else if (ast.process) {
      scope.setLocal('_', hasUnder ? opts.dollarUnder : null);
      await stage.processNoInput();
    }
    await stage.end();
    return items;
  } catch (e) {
    if (e instanceof StopUpstreamSignal) throw e;
    if (e instanceof PSException && !(e instanceof ParameterBindingError)) throw new TerminatingError(toErrorRecord(e, sb.source, sb.ast.span));
    throw e;
  } finally {
    if (hasUnder && opts.dotSource) {
      if (savedUnder) {
        scope.setLocal('_', savedValue);
        scope.setLocal('PSItem', savedValue);
      } else {
        scope.removeLocal('_');
        scope.removeLocal('PSItem');
      }
    }
  }
}

export function describeArgs(items: ArgItem[]): string {
  return items.map((i) => (i.kind === 'arg' ? toStringValue(i.value) : i.text)).join(' ');
}
