// Streaming pipelines: every element becomes a Stage (begin once, process per item, end once) and
// each item is pushed through the following stages as soon as it is produced, so a downstream
// `Select-Object -First 1` can stop upstream work by throwing StopUpstreamSignal. Also resolves
// command names (alias → function → cmdlet → script file), evaluates arguments (with splatting) and
// applies redirections.
import { readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { resolve, extname } from 'node:path';
import { AutomationNull } from '../values/automation-null.ts';
import type { CommandAst, CommandExpressionAst, PipelineAst, PipelineChainAst, RedirectionAst } from '../../lang/ast.ts';
import { Source } from '../../lang/source.ts';
import { parse } from '../../lang/index.ts';
import { StopUpstreamSignal } from '../cmdlet.ts';
import { ErrorRecord, PSException, TerminatingError } from '../error-record.ts';
import { ScriptBlockValue } from '../script-block.ts';
import type { ArgItem } from '../binder.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { PSObject } from '../values/ps-object.ts';
import { toStringValue } from '../values/convert.ts';
import { createNativeStage, nativeExecutable } from './native-command.ts';
import { InputEnumerator } from '../values/input-enumerator.ts';
import { formatOutput } from '../format/index.ts';
import type { ExecContext, Sink, Streams } from './exec-context.ts';
import type { Interpreter } from './interpreter.ts';
import { attachPosition } from './interpreter.ts';
import { createScriptStage } from './script-command.ts';
import { createCmdletStage } from './cmdlet-stage.ts';
import { toErrorRecord } from './error-handling.ts';
import { autoImportFor, autoloadableCommands } from './script-module.ts';
import { similarCommandsSuggestion } from './similar-commands.ts';
import { textForFile } from '../format/ps-style.ts';

export interface Stage {
  begin(): Promise<void>;
  /** One pipeline input item. */
  process(item: unknown): Promise<void>;
  /** Called once instead of `process` when the stage is first in its pipeline. */
  processNoInput(): Promise<void>;
  end(): Promise<void>;
}

export async function runPipelineChain(interp: Interpreter, c: PipelineChainAst, ctx: ExecContext, out: Sink): Promise<void> {
  await interp.execPipelineLike(c.left, ctx, out);
  const ok = interp.session.lastSuccess;
  if (c.operator === '&&' ? ok : !ok) await interp.execPipelineLike(c.right, ctx, out);
}

export async function runPipeline(interp: Interpreter, p: PipelineAst, ctx: ExecContext, out: Sink): Promise<void> {
  const session = interp.session;
  const errorsBefore = session.errorCount;
  const n = p.elements.length;
  const stages: Stage[] = [];
  const begun: boolean[] = new Array(n).fill(false);
  const pending: unknown[][] = Array.from({ length: n }, () => []);
  const id = {};
  const feed = (i: number): Sink => {
    if (i === n) return out;
    return async (v) => {
      session.checkStopped(ctx);
      if (!begun[i]) {
        pending[i]!.push(v);
        return;
      }
      try {
        await stages[i]!.process(v);
      } catch (e) {
        if (e instanceof StopUpstreamSignal && e.pipeline === null) {
          e.pipeline = id;
          e.stage = i;
        }
        throw e;
      }
    };
  };
  try {
    for (let i = 0; i < n; i++) {
      const el = p.elements[i]!;
      if (el.kind === 'CommandExpression') {
        if (i > 0) throw new PSException('Expressions are only allowed as the first element of a pipeline.', 'System.Management.Automation.ParseException');
        stages.push(expressionStage(interp, el, ctx, feed(1)));
      } else stages.push(await createCommandStage(interp, el, ctx, feed(i + 1), i > 0));
    }
    for (let i = 0; i < n; i++) {
      await stages[i]!.begin();
      begun[i] = true;
      const queued = pending[i]!.splice(0);
      for (const v of queued) await feed(i)(v);
    }
    try {
      await stages[0]!.processNoInput();
    } catch (e) {
      if (e instanceof StopUpstreamSignal && e.pipeline === null) {
        e.pipeline = id;
        e.stage = 0;
      }
      throw e;
    }
    for (let i = 0; i < n; i++) await stages[i]!.end();
    session.lastSuccess = session.errorCount === errorsBefore;
  } catch (e) {
    if (e instanceof StopUpstreamSignal && e.pipeline === id) {
      for (let i = e.stage; i < n; i++) await stages[i]!.end();
      session.lastSuccess = session.errorCount === errorsBefore;
      return;
    }
    session.lastSuccess = false;
    throw attachPosition(e, ctx.source, p.span);
  }
}

function expressionStage(interp: Interpreter, el: CommandExpressionAst, ctx: ExecContext, out: Sink): Stage {
  const run = async (): Promise<void> => {
    const { out: o, streams } = applyRedirections(interp, el.redirections, ctx, out);
    const sub = { ...ctx, out: o.sink, streams };
    try {
      const v = await interp.outputValue(el.expression, sub);
      // `1..1000000 | …` would hold the event loop for the whole range: turn it now and then.
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          if (i % 4096 === 4095) await interp.turn(ctx);
          await o.sink(v[i]);
        }
      }
      else if (v instanceof InputEnumerator) for (const item of v.consume()) await o.sink(item);
      else if (v !== undefined && v !== AutomationNull) await o.sink(v);
    } catch (e) {
      throw attachPosition(e, ctx.source, el.span);
    } finally {
      await o.finish();
    }
  };
  return { begin: async () => {}, process: async () => {}, processNoInput: run, end: async () => {} };
}

/** Evaluates command elements into binder items, expanding `@splat`. */
export async function evaluateArguments(interp: Interpreter, cmd: CommandAst, ctx: ExecContext): Promise<ArgItem[]> {
  const items: ArgItem[] = [];
  for (const el of cmd.elements) {
    if (el.kind === 'CommandParameter') {
      if (el.argument) items.push({ kind: 'param', name: el.name, value: await interp.evaluate(el.argument, ctx), hasValue: true, text: `-${el.name}:` });
      else items.push({ kind: 'param', name: el.name, value: null, hasValue: false, text: `-${el.name}` });
      continue;
    }
    const e = el.value;
    if (e.kind === 'Variable' && e.splatted) {
      const v = interp.readVariable(e, ctx);
      if (v instanceof PSHashtable) {
        for (const [k, val] of v.entries()) items.push({ kind: 'param', name: toStringValue(k), value: val, hasValue: true, text: `-${toStringValue(k)}` });
      } else if (Array.isArray(v)) for (const x of v) items.push({ kind: 'arg', value: x });
      else if (v !== null) items.push({ kind: 'arg', value: v });
      continue;
    }
    const v = await interp.evaluate(e, ctx);
    items.push({ kind: 'arg', value: v === undefined ? null : v });
  }
  return items;
}

function commandNotFound(name: string): PSException {
  return new PSException(
    `The term '${name}' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again.`,
    'System.Management.Automation.CommandNotFoundException',
  );
}

function looksLikePath(name: string): boolean {
  return name.includes('/') || name.includes('\\') || /\.(vbrs|ps1|psm1)$/i.test(name);
}

/** Loads a script file as a ScriptBlockValue. */
export function loadScriptFile(interp: Interpreter, path: string): ScriptBlockValue {
  const full = resolve(interp.session.cwd, path);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch {
    throw commandNotFound(path);
  }
  const ast = parse(text, full);
  return new ScriptBlockValue(ast, text, new Source(text, full), { name: full });
}

async function createCommandStage(interp: Interpreter, cmd: CommandAst, ctx: ExecContext, out: Sink, hasUpstream: boolean): Promise<Stage> {
  const session = interp.session;
  let target: unknown;
  if (cmd.invocation === null && cmd.name.kind === 'StringConstant') target = cmd.name.value;
  else target = await interp.evaluate(cmd.name, ctx);
  const args = await evaluateArguments(interp, cmd, ctx);
  const dot = cmd.invocation === '.';
  const red = applyRedirections(interp, cmd.redirections, ctx, out);
  const sub: ExecContext = { ...ctx, streams: red.streams };
  const wrap = (stage: Stage): Stage => ({
    begin: () => stage.begin(),
    process: (v) => stage.process(v),
    processNoInput: () => stage.processNoInput(),
    end: async () => {
      try {
        await stage.end();
      } finally {
        await red.finish();
      }
    },
  });
  const span = cmd.span;
  if (target instanceof ScriptBlockValue) {
    return wrap(createScriptStage(interp, target, sub, red.sink, args, { name: target.name ?? '', dotSource: dot, scopeKind: 'block', span, hasUpstream }));
  }
  // `& (Get-Command X)`: a command object runs the command it names.
  const name = target instanceof PSObject && target.typeNames[0]?.endsWith('Info') && target.hasProperty('Name') ? commandObjectName(target) : toStringValue(target);
  if (dot && looksLikePath(name)) {
    const sb = loadScriptFile(interp, name);
    return wrap(createScriptStage(interp, sb, sub, red.sink, args, { name, dotSource: true, scopeKind: 'script', span, hasUpstream }));
  }
  let resolved = name;
  const alias = session.aliases.get(name.toLowerCase());
  if (alias && !ctx.scope.lookupFunction(name)) resolved = alias;
  const fn = ctx.scope.lookupFunction(resolved);
  if (fn) {
    return wrap(createScriptStage(interp, fn.block, sub, red.sink, args, { name: fn.name, dotSource: dot, scopeKind: 'function', span, hasUpstream, help: fn.help, parentScope: fn.scope }));
  }
  const def = session.cmdlets.get(resolved.toLowerCase());
  if (def) return wrap(createCmdletStage(interp, def, sub, red.sink, args, { invocationName: name, span, hasUpstream }));
  if (looksLikePath(name)) {
    const exe = nativeExecutable(session.cwd, name);
    if (exe) return wrap(createNativeStage(interp, exe, args, red.sink, session.stopSignal(sub)));
    const sb = loadScriptFile(interp, name);
    return wrap(createScriptStage(interp, sb, sub, red.sink, args, { name, dotSource: dot, scopeKind: 'script', span, hasUpstream, catchExit: !dot }));
  }
  // Module auto-load: a command some module on the module path defines imports that module.
  if (await autoImportFor(interp, resolved, ctx.streams)) {
    const loaded = ctx.scope.lookupFunction(resolved);
    if (loaded) return wrap(createScriptStage(interp, loaded.block, sub, red.sink, args, { name: loaded.name, dotSource: dot, scopeKind: 'function', span, hasUpstream, help: loaded.help, parentScope: loaded.scope }));
  }
  const err = commandNotFound(name);
  const rec = toErrorRecord(new ErrorRecord(err, 'CommandNotFoundException', 'ObjectNotFound', name), ctx.source, cmd.name.span, name);
  rec.suggestion = similarCommandsSuggestion(name, commandNames(interp, ctx));
  throw new TerminatingError(rec);
}

/** Every command name a user could have meant: aliases, functions, cmdlets, auto-loadable module commands. */
function commandNames(interp: Interpreter, ctx: ExecContext): string[] {
  const session = interp.session;
  return [
    ...[...session.cmdlets.values()].map((d) => d.name),
    ...ctx.scope.visibleFunctions().map((f) => f.name),
    ...session.aliases.keys(),
    ...autoloadableCommands(session),
  ];
}

function commandObjectName(o: PSObject): string {
  const n = toStringValue(o.getProperty('Name')?.value);
  const arrow = n.indexOf(' -> ');
  return arrow >= 0 ? n.slice(0, arrow) : n;
}

interface Redirected {
  sink: Sink;
  streams: Streams;
  finish(): Promise<void>;
}

/** Applies `2>&1`, `3>$null`, `> file`, `*> file` … to a command's output sink and streams. */
export function applyRedirections(interp: Interpreter, reds: RedirectionAst[], ctx: ExecContext, out: Sink): Redirected & { out: { sink: Sink; finish(): Promise<void> } } {
  let sink = out;
  const base = ctx.streams;
  const streams: Streams = { ...base };
  const files: { path: string; append: boolean; items: unknown[]; text: string[] }[] = [];
  const toFile = (red: RedirectionAst): { path: string; append: boolean; items: unknown[]; text: string[] } | null => {
    const t = red.target!;
    if (t.kind === 'Variable' && t.name.toLowerCase() === 'null' && !t.scope) return null;
    // File targets are evaluated eagerly: they are constants or variables in practice.
    let path: string;
    if (t.kind === 'StringConstant') path = t.value;
    else if (t.kind === 'Variable') path = toStringValue(interp.readVariable(t, ctx));
    else if (t.kind === 'ExpandableString') path = t.parts.map((p) => (typeof p === 'string' ? p : toStringValue(p.kind === 'Variable' ? interp.readVariable(p, ctx) : ''))).join('');
    else path = '';
    const f = { path: resolve(interp.session.cwd, path), append: red.append, items: [] as unknown[], text: [] as string[] };
    files.push(f);
    return f;
  };
  for (const red of reds) {
    const streamsOf = red.from === '*' ? ['1', '2', '3', '4', '5', '6'] : [red.from];
    if (red.mergeTo) {
      for (const s of streamsOf) {
        if (s === '2') streams.error = (rec) => sink(rec);
        else if (s === '3') streams.warning = (m) => sink(m);
        else if (s === '4') streams.verbose = (m) => sink(m);
        else if (s === '5') streams.debug = (m) => sink(m);
        else if (s === '6') {
          streams.information = (v) => sink(v);
          streams.informationRedirected = true;
        }
      }
      continue;
    }
    const f = toFile(red);
    for (const s of streamsOf) {
      if (s === '1') sink = f ? (v) => void f.items.push(v) : () => {};
      else if (s === '2') streams.error = f ? (rec) => void f.items.push(rec) : () => {};
      else if (s === '3') streams.warning = f ? (m) => void f.items.push(m) : () => {};
      else if (s === '4') streams.verbose = f ? (m) => void f.items.push(m) : () => {};
      else if (s === '5') streams.debug = f ? (m) => void f.items.push(m) : () => {};
      else if (s === '6') {
        streams.information = f ? (v) => void f.items.push(v) : () => {};
        streams.informationRedirected = true;
      }
    }
  }
  const finish = async (): Promise<void> => {
    for (const f of files) {
      const text = f.items.length ? textForFile(interp.session.psStyle, await formatOutput(f.items)) : '';
      const body = text && !text.endsWith('\n') ? text + '\n' : text;
      try {
        if (f.append) appendFileSync(f.path, body);
        else writeFileSync(f.path, body);
      } catch (e) {
        throw new PSException(`Could not find a part of the path '${f.path}'.`, 'System.IO.DirectoryNotFoundException');
      }
    }
  };
  const result = { sink, streams, finish, out: { sink, finish } };
  void extname;
  return result;
}
