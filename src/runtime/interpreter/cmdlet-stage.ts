// A built-in cmdlet (CmdletDef) as a pipeline stage: binds its arguments, handles the common
// parameters itself (error/warning/verbose actions, -ErrorVariable, -OutVariable, -WhatIf), builds
// the CmdletContext it runs with, and binds each pipeline item into the same params object before
// calling `process`.
import type { Span } from '../../lang/ast.ts';
import type { CmdletContext, CmdletDef, CmdletInstance, ParameterDef } from '../cmdlet.ts';
import { ErrorRecord, InvocationInfo, PSException, TerminatingError } from '../error-record.ts';
import type { ArgItem } from '../binder.ts';
import { acceptsPipeline, bindArguments, bindPipelineItem, missingMandatory, missingMandatoryError, ParameterBindingError } from '../binder.ts';
import { fillMandatory } from './mandatory-prompt.ts';
import { toStringValue } from '../values/convert.ts';
import { isControlFlow } from './control-flow.ts';
import { StopUpstreamSignal, errorIdCommandName, powershellCmdlets } from '../cmdlet.ts';
import type { Interpreter } from './interpreter.ts';
import type { ExecContext, Sink } from './exec-context.ts';
import type { Stage } from './pipeline.ts';
import { COMMON_NAMES, COMMON_PARAMETERS, SHOULD_PROCESS_PARAMETERS, readCommon } from './common-parameters.ts';
import { decideShouldProcess } from './should-process.ts';
import { grantCoreAccess } from '../core-cmdlets/core-access.ts';
import { toErrorRecord, writeErrorRecord } from './error-handling.ts';
import { InputEnumerator } from '../values/input-enumerator.ts';
import { plainNumbers } from '../values/ps-number.ts';
import { arrayTypeName, markArrayType } from '../values/type-names.ts';
import { currentOfs } from './variables.ts';

export interface CmdletStageOptions {
  invocationName: string;
  span: Span;
  hasUpstream: boolean;
}

/** Cmdlets (and through them the engine) see plain JS numbers, not the language's typed ones, except
 *  where PowerShell's own cmdlets take any object (`Write-Output 5.0` keeps its Double). Decided once
 *  per cmdlet: the conversion runs for every pipeline item. */
function plainNumbersFor(def: CmdletDef): (name: string, v: unknown) => unknown {
  const plain = (v: unknown) => plainNumbers(v, (items, from) => markArrayType(items, arrayTypeName(from)));
  if (!powershellCmdlets.has(def)) return (_name, v) => plain(v);
  // A parameter the cmdlet does not declare (a common one) takes any object too.
  const typed = new Set(def.parameters.filter((p) => !/^(object|psobject)(\[\])?$/i.test(p.type)).map((p) => p.name));
  return (name, v) => (typed.has(name) ? plain(v) : v);
}

function preference(ctx: ExecContext, name: string, override: string | null, fallback: string): string {
  if (override) return override.toLowerCase();
  const v = ctx.scope.lookup(name)?.value;
  return (v === undefined || v === null ? fallback : toStringValue(v)).toLowerCase();
}

export function createCmdletStage(interp: Interpreter, def: CmdletDef, ctx: ExecContext, out: Sink, args: ArgItem[], opts: CmdletStageOptions): Stage {
  const session = interp.session;
  const plainFor = plainNumbersFor(def);
  const all: ParameterDef[] = [...def.parameters, ...COMMON_PARAMETERS.filter((c) => !def.parameters.some((p) => p.name === c.name)), ...(def.supportsShouldProcess ? SHOULD_PROCESS_PARAMETERS : [])];
  const fail = (e: unknown): unknown => {
    if (isControlFlow(e) || e instanceof StopUpstreamSignal) return e;
    if (e instanceof ParameterBindingError) {
      const rec = new ErrorRecord(e, `${e.errorId},${errorIdCommandName(def)}`, 'InvalidArgument', null, new InvocationInfo(ctx.source, opts.span, def.name));
      return new TerminatingError(rec);
    }
    const rec = toErrorRecord(e, ctx.source, opts.span, def.name);
    return e instanceof TerminatingError ? e : new TerminatingError(rec);
  };
  // Cmdlets (the engine's included) take what an enumerator argument has left (`Write-Output $input`),
  // never the enumerator itself.
  args = args.map((a) => (a.value instanceof InputEnumerator ? { ...a, value: a.value.drain() } : a));
  let bind;
  try {
    bind = bindArguments(all, args, { allowUnbound: false, defaultParameterSet: def.defaultParameterSet, ofs: currentOfs(ctx) });
  } catch (e) {
    throw fail(e);
  }
  const common = readCommon(bind.bound, ctx.scope);
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(bind.bound)) if (!COMMON_NAMES.has(k) || def.parameters.some((p) => p.name === k)) params[k] = plainFor(k, v);
  const cmdBound = { ...params };
  const errorSinks = common.errorVariable ? [...ctx.errorSinks, common.errorVariable.list] : ctx.errorSinks;
  const execCtx: ExecContext = { ...ctx, errorSinks };
  let emit: Sink = out;
  if (common.outVariable) {
    const list = common.outVariable.list;
    emit = (v) => {
      list.push(v);
      return out(v);
    };
  }
  const whatIf = common.whatIf || (def.supportsShouldProcess === true && ctx.scope.lookup('WhatIfPreference')?.value === true);
  const cctx: CmdletContext = {
    emit: (v) => {
      session.checkStopped(ctx);
      return emit(v === undefined ? null : v);
    },
    writeError: async (error) => {
      let rec: ErrorRecord;
      if (typeof error === 'string') {
        rec = new ErrorRecord(new PSException(error, 'Microsoft.PowerShell.Commands.WriteErrorException'), 'Microsoft.PowerShell.Commands.WriteErrorException', 'NotSpecified', null);
      } else rec = error;
      if (!rec.InvocationInfo.source) rec.InvocationInfo = new InvocationInfo(ctx.source, opts.span, def.name);
      await writeErrorRecord(session, execCtx, rec, common.errorAction);
    },
    writeWarning: (m) => {
      const p = preference(ctx, 'WarningPreference', common.warningAction, 'Continue');
      if (p === 'stop') throw new TerminatingError(ErrorRecord.fromMessage(`The running command stopped because the preference variable "WarningPreference" or common parameter is set to Stop: ${m}`, 'System.Management.Automation.ActionPreferenceStopException'));
      if (p === 'continue' || p === 'inquire') return ctx.streams.warning(m);
    },
    writeVerbose: (m) => {
      const p = common.verbose !== null ? (common.verbose ? 'continue' : 'silentlycontinue') : preference(ctx, 'VerbosePreference', null, 'SilentlyContinue');
      if (p === 'continue') return ctx.streams.verbose(m);
    },
    writeDebug: (m) => {
      const p = common.debug !== null ? (common.debug ? 'continue' : 'silentlycontinue') : preference(ctx, 'DebugPreference', null, 'SilentlyContinue');
      if (p === 'continue') return ctx.streams.debug(m);
    },
    writeInformation: (m) => {
      const p = preference(ctx, 'InformationPreference', common.informationAction, 'SilentlyContinue');
      if (p === 'continue' || (p !== 'ignore' && ctx.streams.informationRedirected)) return ctx.streams.information(m, false, false);
    },
    writeProgress: (record) => {
      // PowerShell draws progress for Continue and Inquire (and treats Stop as Continue here).
      const p = preference(ctx, 'ProgressPreference', common.progressAction, 'Continue');
      if (p !== 'silentlycontinue' && p !== 'ignore') ctx.streams.progress?.(record);
    },
    writeHost: (text, o) => ctx.streams.information(text, true, o?.noNewline ?? false),
    shouldProcess: (target, action) => decideShouldProcess(ctx.streams, session.host, whatIf, common.confirm, target, action),
    invoker: interp.invokerFor(ctx),
    getVariable: (name) => {
      const v = ctx.scope.lookup(name);
      return v ? (v.value === undefined ? null : v.value) : session.automaticVariable(name.toLowerCase(), ctx);
    },
    setVariable: (name, value) => void ctx.scope.setLocal(name, value),
    get cwd() {
      return session.cwd;
    },
    signal: session.stopSignal(ctx),
    host: session.host,
    services: session.services,
    invocationName: opts.invocationName,
  };
  grantCoreAccess(cctx, { interp, exec: execCtx, span: opts.span });
  let instance: CmdletInstance;
  const pipelineParams = acceptsPipeline(def.parameters, bind.parameterSet);
  const guard = async (fn: () => Promise<void> | void): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      throw fail(e);
    }
  };
  return {
    begin: () =>
      guard(async () => {
        const missing = missingMandatory(def.parameters, bind.parameterSet, params, opts.hasUpstream);
        await fillMandatory(session.host, (t) => ctx.streams.information(t, true, false), def.name, def.parameters, missing, params);
        for (const name of missing) cmdBound[name] = params[name];
        instance = def.create(params, cctx);
        await instance.begin?.();
      }),
    process: (item) =>
      guard(async () => {
        if (pipelineParams) {
          const names = bindPipelineItem(def.parameters, bind.parameterSet, cmdBound, params, item);
          if (!names) throw new ParameterBindingError('The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.', 'InputObjectNotBound');
          for (const n of names) params[n] = plainFor(n, params[n]);
        }
        await instance.process?.(item);
      }),
    processNoInput: () =>
      guard(async () => {
        if (!opts.hasUpstream) {
          const missing = missingMandatory(def.parameters, bind.parameterSet, params, false);
          if (missing.length) throw missingMandatoryError(missing);
          await instance.process?.(undefined);
        }
      }),
    end: () =>
      guard(async () => {
        await instance.end?.();
        common.errorVariable?.store(ctx.scope);
        common.outVariable?.store(ctx.scope);
      }),
  };
}
