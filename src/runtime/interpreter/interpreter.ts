// The tree-walking evaluator: statements, expressions, assignments and control flow over the AST
// from src/lang. Pipelines (commands, streaming, binding) are in pipeline.ts; this file calls into
// it for every pipeline statement. Everything that may run user code is async; constants and plain
// variable reads take a synchronous fast path so tight loops do not pay for a Promise per node.
import type {
  ExpressionAst,
  StatementAst,
  StatementBlockAst,
  PipelineAst,
  PipelineChainAst,
  VariableAst,
  TryAst,
  TrapAst,
  AssignmentAst,
  UnaryAst,
  TypeNameAst,
  NumberAst,
  InvokeMemberAst,
} from '../../lang/ast.ts';
import type { Source } from '../../lang/source.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { ErrorRecord, InvocationInfo, PSException, TerminatingError, constructException, handlerCatches, isExceptionType } from '../error-record.ts';
import { StopUpstreamSignal } from '../cmdlet.ts';
import type { ScriptInvoker } from '../cmdlet.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { TypeValue } from '../values/type-value.ts';
import { convertTo, enumerate, toBoolean, toStringValue } from '../values/convert.ts';
import { resolveTypeName } from '../values/type-names.ts';
import { bracketedSpan, requireType } from '../values/known-types.ts';
import { InputEnumerator } from '../values/input-enumerator.ts';
import { PSNumber, boxNumber } from '../values/ps-number.ts';
import { binaryOperator, shortCircuitOperator, unaryOperator } from '../operators/index.ts';
import { resolveBinaryOperator } from '../../lang/operators.ts';
import type { OperatorContext } from '../operators/index.ts';
import { getIndex, getMember, getStaticMember, invokeMethod, invokeStaticMethod, setIndex, setMember } from '../members/index.ts';
import { BreakSignal, ContinueSignal, ExitSignal, ReturnSignal, isControlFlow, labelMatches } from './control-flow.ts';
import type { ExecContext, Sink } from './exec-context.ts';
import { Scope } from './scope.ts';
import { currentOfs, holdsAutomationNull, readVariable, reference, setVariable } from './variables.ts';
import { AutomationNull } from '../values/automation-null.ts';
import type { Variable } from './scope.ts';
import { execSwitch } from './switch-statement.ts';
import { bindDollarUnder } from './dollar-under.ts';
import { consoleMethod } from './host-object.ts';
import type { Session } from './session.ts';
import { runPipeline, runPipelineChain } from './pipeline.ts';
import { findCommentHelp } from './comment-help.ts';
import { currentErrorAction, toErrorRecord, writeErrorRecord } from './error-handling.ts';
import { invokeScriptBlock } from './script-command.ts';

const NOSYNC: unique symbol = Symbol('nosync');

export class Interpreter {
  readonly session: Session;
  #ticks = 0;

  constructor(session: Session) {
    this.session = session;
  }

  // -------------------------------------------------------------------------------------------
  // Blocks and statements

  /** Runs a statement list, honouring the `trap` statements written in it. */
  async runStatements(block: StatementBlockAst | null, ctx: ExecContext): Promise<void> {
    if (!block) return;
    const stmts = block.statements;
    let traps: TrapAst[] | null = null;
    for (const s of stmts) if (s.kind === 'Trap') (traps ??= []).push(s);
    // PowerShell resolves a block's trap types as the block starts, before its first statement and
    // outside the traps' reach: `trap [foo]` fails the block with TypeNotFound even if nothing errs.
    if (traps) for (const t of traps) if (t.type) typeAt(t.type, ctx);
    const session = this.session;
    for (const s of stmts) {
      if (s.kind === 'Trap') continue;
      if (!traps) {
        try {
          await this.execStatement(s, ctx);
        } catch (e) {
          if (!this.#statementTerminating(e, ctx)) throw e;
          // Nothing will catch it: report it and go on with the next statement, like PowerShell.
          await writeErrorRecord(session, ctx, toErrorRecord(e, ctx.source, s.span), null);
        }
        continue;
      }
      this.#enterHandler(ctx, 1);
      try {
        await this.execStatement(s, ctx);
      } catch (e) {
        if (isControlFlow(e) || e instanceof StopUpstreamSignal) throw e;
        const rec = toErrorRecord(e, ctx.source, s.span);
        const trap = traps.find((t) => t.type && handlerCatches(t.type.name, e, rec)) ?? traps.find((t) => !t.type);
        if (!trap) {
          // No trap here takes it: behave as if this block had none.
          if (!this.#statementTerminating(e, ctx, this.#handlerDepth(ctx) - 1)) throw e;
          await writeErrorRecord(session, ctx, rec, null);
          continue;
        }
        this.session.addError(rec);
        const restore = bindDollarUnder(ctx.scope, rec);
        try {
          await this.runStatements(trap.body, ctx);
        } catch (sig) {
          if (sig instanceof ContinueSignal) continue;
          if (sig instanceof BreakSignal) throw new TerminatingError(rec, true);
          throw sig;
        } finally {
          restore();
        }
        await writeErrorRecord(this.session, ctx, rec, 'Continue', false);
      } finally {
        this.#enterHandler(ctx, -1);
      }
    }
  }

  /** How many try bodies and trap-guarded blocks enclose this code: its own count in a
   *  ForEach-Object -Parallel block (a try in one block must not catch another's errors). */
  #handlerDepth(ctx: ExecContext): number {
    return ctx.handlers ? ctx.handlers.depth : this.session.handlerDepth;
  }

  #enterHandler(ctx: ExecContext, by: 1 | -1): void {
    if (ctx.handlers) ctx.handlers.depth += by;
    else this.session.handlerDepth += by;
  }

  #statementTerminating(e: unknown, ctx: ExecContext, handlerDepth = this.#handlerDepth(ctx)): boolean {
    if (isControlFlow(e) || e instanceof StopUpstreamSignal) return false;
    if (e instanceof TerminatingError && e.scriptTerminating) return false;
    if (handlerDepth > 0) return false;
    return currentErrorAction(ctx).toLowerCase() !== 'stop';
  }

  /** Lets the event loop run (keys, Ctrl-C, engine timers), then stops here if the run was stopped. */
  async turn(ctx?: ExecContext): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.session.checkStopped(ctx);
  }

  /**
   * One step of work (a statement, a loop iteration). A tight loop never leaves the microtask
   * queue; yield now and then so Ctrl-C (and timers the engine relies on) get a turn — counted per
   * loop iteration too, so `do { } while ($true)`, whose body has no statement, can be stopped.
   */
  private async step(ctx: ExecContext): Promise<void> {
    if (++this.#ticks >= 4096) {
      this.#ticks = 0;
      await this.turn(ctx);
    }
    this.session.checkStopped(ctx);
  }

  async execStatement(s: StatementAst, ctx: ExecContext): Promise<void> {
    await this.step(ctx);
    switch (s.kind) {
      case 'Pipeline':
        return this.execPipelineStatement(s, ctx, ctx.out);
      case 'PipelineChain':
        return runPipelineChain(this, s, ctx, ctx.out);
      case 'Assignment':
        return this.assign(s, ctx);
      case 'If': {
        for (const c of s.clauses) {
          if (toBoolean(await this.conditionValue(c.condition, ctx))) return this.runStatements(c.body, ctx);
        }
        if (s.elseBody) return this.runStatements(s.elseBody, ctx);
        return;
      }
      case 'While':
        for (;;) {
          if (!toBoolean(await this.conditionValue(s.condition, ctx))) return;
          if (await this.loopBody(s.body, s.label, ctx)) return;
        }
      case 'DoLoop':
        for (;;) {
          if (await this.loopBody(s.body, s.label, ctx)) return;
          const c = toBoolean(await this.conditionValue(s.condition, ctx));
          if (s.until ? c : !c) return;
        }
      case 'For': {
        const discard: ExecContext = { ...ctx, out: () => {} };
        if (s.init) await this.execStatement(s.init, discard);
        for (;;) {
          if (s.condition && !toBoolean(await this.conditionValue(s.condition, ctx))) return;
          if (await this.loopBody(s.body, s.label, ctx)) return;
          if (s.iterator) await this.execStatement(s.iterator, discard);
        }
      }
      case 'Foreach': {
        const v = await this.conditionValue(s.iterable, ctx);
        const items = v === null ? [] : v instanceof InputEnumerator ? v.consume() : enumerate(v);
        for (const item of items) {
          this.setVariable(s.variable, item, ctx);
          if (await this.loopBody(s.body, s.label, ctx)) return;
        }
        return;
      }
      case 'Switch':
        return execSwitch(this, s, ctx);
      case 'Break':
        throw new BreakSignal(s.label);
      case 'Continue':
        throw new ContinueSignal(s.label);
      case 'Return':
        if (s.value) await this.execPipelineLike(s.value, ctx, ctx.out);
        throw new ReturnSignal();
      case 'Exit': {
        const v = s.value ? await this.conditionValue(s.value, ctx) : 0;
        let code = 0;
        if (v !== null) {
          try {
            code = Number(convertTo(v, 'int'));
          } catch {
            code = 1;
          }
        }
        throw new ExitSignal(code);
      }
      case 'Throw':
        throw await this.throwValue(s.value, ctx, s.span);
      case 'Try':
        return this.execTry(s, ctx);
      case 'Trap':
        return;
      case 'FunctionDefinition': {
        const block = s.body;
        const text = ctx.source.text.slice(block.span.start, block.span.end);
        const sb = new ScriptBlockValue(block, stripBraces(text), ctx.source, { name: s.name, isFilter: s.isFilter });
        const help = findCommentHelp(ctx.source.text, s.span.start, s.span.end);
        // `function global:Name` / `script:Name` define the function in that scope.
        const m = /^(global|script|local|private):(.+)$/i.exec(s.name);
        const name = m ? m[2]! : s.name;
        const where = !m ? ctx.scope : m[1]!.toLowerCase() === 'global' ? ctx.scope.global : m[1]!.toLowerCase() === 'script' ? ctx.scope.script : ctx.scope;
        where.functions.set(name.toLowerCase(), { name, block: sb, isFilter: s.isFilter, help, module: null });
        return;
      }
    }
  }

  /** Runs a loop body; returns true when the loop must stop (a `break` for it). */
  private async loopBody(body: StatementBlockAst, label: string | null, ctx: ExecContext): Promise<boolean> {
    await this.step(ctx);
    try {
      await this.runStatements(body, ctx);
      return false;
    } catch (e) {
      if (e instanceof BreakSignal && labelMatches(e.label, label)) return true;
      if (e instanceof ContinueSignal && labelMatches(e.label, label)) return false;
      throw e;
    }
  }

  private async execPipelineStatement(p: PipelineAst, ctx: ExecContext, out: Sink): Promise<void> {
    // Fast path: a lone expression without redirections.
    if (p.elements.length === 1) {
      const el = p.elements[0]!;
      if (el.kind === 'CommandExpression' && el.redirections.length === 0) {
        const e = el.expression;
        const errorsBefore = this.session.errorCount;
        try {
          if (e.kind === 'Unary' && (e.operator === '++' || e.operator === '--' || e.operator === 'post++' || e.operator === 'post--')) {
            await this.evaluate(e, ctx);
          } else if (e.kind === 'Convert' && e.type.name.toLowerCase() !== 'ref' && requireType(e.type.name) === 'System.Void') {
            await this.evaluate(e.operand, ctx);
          } else {
            const v = await this.outputValue(e, ctx);
            if (Array.isArray(v)) for (const item of v) await out(item);
            else if (v instanceof InputEnumerator) for (const item of v.consume()) await out(item);
            else if (v !== undefined && v !== AutomationNull) await out(v);
          }
        } catch (err) {
          this.session.lastSuccess = false;
          throw attachPosition(err, ctx.source, e.span);
        }
        this.session.lastSuccess = this.session.errorCount === errorsBefore;
        return;
      }
    }
    return runPipeline(this, p, ctx, out);
  }

  async execPipelineLike(p: PipelineAst | PipelineChainAst, ctx: ExecContext, out: Sink): Promise<void> {
    if (p.kind === 'Pipeline') return this.execPipelineStatement(p, ctx, out);
    return runPipelineChain(this, p, ctx, out);
  }

  /** Value of a pipeline used as a condition or operand: a lone expression keeps its value (arrays
   *  stay arrays); commands' output is collected (none → $null, one → the item, more → array). */
  async conditionValue(p: PipelineAst | PipelineChainAst, ctx: ExecContext): Promise<unknown> {
    const lone = loneExpression(p);
    if (lone) {
      try {
        const v = await this.evaluate(lone, ctx);
        return v === undefined ? null : v;
      } catch (err) {
        throw attachPosition(err, ctx.source, lone.span);
      }
    }
    return unwrap(await this.collectPipeline(p, ctx));
  }

  async collectPipeline(p: PipelineAst | PipelineChainAst, ctx: ExecContext): Promise<unknown[]> {
    const items: unknown[] = [];
    await this.execPipelineLike(p, ctx, (v) => {
      items.push(v);
    });
    return items;
  }

  /** Value of a statement on the right of `=` or in a hashtable entry. */
  async statementValue(s: StatementAst, ctx: ExecContext): Promise<unknown> {
    const v = await this.statementOutput(s, ctx);
    return v === AutomationNull ? null : v;
  }

  /** Like statementValue, but AutomationNull when the statement wrote nothing (`$r = f`, `(f)`). */
  private async statementOutput(s: StatementAst, ctx: ExecContext): Promise<unknown> {
    if (s.kind === 'Pipeline' || s.kind === 'PipelineChain') {
      const lone = loneExpression(s);
      if (lone) {
        try {
          const v = await this.outputValue(lone, ctx);
          return v === undefined ? null : v;
        } catch (err) {
          throw attachPosition(err, ctx.source, lone.span);
        }
      }
      const items = await this.collectPipeline(s, ctx);
      return items.length === 0 ? AutomationNull : unwrap(items);
    }
    if (s.kind === 'Assignment') {
      await this.assign(s, ctx);
      return this.evaluate(s.target, ctx);
    }
    const items = await this.collectStatements([s], ctx);
    return items.length === 0 ? AutomationNull : unwrap(items);
  }

  /** An expression's value where it is written to the output (a statement, a pipeline's first
   *  element, the right of `=`): AutomationNull for a variable holding it, and for `( … )` or
   *  `$( … )` whose commands wrote nothing, so `@($r)` and `$r | …` see no item. */
  async outputValue(e: ExpressionAst, ctx: ExecContext): Promise<unknown> {
    if (e.kind === 'Variable') return holdsAutomationNull(e, ctx) ? AutomationNull : this.evaluate(e, ctx);
    // a void method writes nothing (`$list.Clear()`, `$sb.Append('x') | Out-Null` aside)
    if (e.kind === 'InvokeMember') {
      const v = await this.callMember(e, ctx);
      return v === undefined ? AutomationNull : v;
    }
    if (e.kind === 'Paren') return this.statementOutput(e.pipeline, ctx);
    if (e.kind === 'Subexpression') {
      const items = await this.collectStatements(e.body.statements, ctx);
      return items.length === 0 ? AutomationNull : unwrap(items);
    }
    return this.evaluate(e, ctx);
  }

  async collectStatements(stmts: StatementAst[], ctx: ExecContext): Promise<unknown[]> {
    const items: unknown[] = [];
    const sub: ExecContext = { ...ctx, out: (v) => void items.push(v) };
    await this.runStatements({ kind: 'StatementBlock', statements: stmts, span: { start: 0, end: 0 } }, sub);
    return items;
  }

  private async throwValue(value: PipelineAst | PipelineChainAst | null, ctx: ExecContext, span: { start: number; end: number }): Promise<unknown> {
    if (!value) {
      // A bare `throw` inside catch rethrows the error being handled.
      const cur = ctx.scope.lookup('_')?.value;
      if (cur instanceof ErrorRecord) return new TerminatingError(cur, true);
      return new TerminatingError(positioned(new ErrorRecord(new PSException('ScriptHalted'), 'ScriptHalted', 'OperationStopped', null), ctx.source, span), true);
    }
    const v = await this.conditionValue(value, ctx);
    if (v instanceof ErrorRecord) return new TerminatingError(v, true);
    // Like PowerShell, a thrown exception's record uses its message as the error id.
    if (v instanceof PSException) return new TerminatingError(positioned(v.errorRecord ?? new ErrorRecord(v, v.message, 'OperationStopped', null), ctx.source, span), true);
    const message = v === null ? 'ScriptHalted' : toStringValue(v);
    return new TerminatingError(positioned(new ErrorRecord(new PSException(message), message, 'OperationStopped', v), ctx.source, span), true);
  }

  private async execTry(s: TryAst, ctx: ExecContext): Promise<void> {
    try {
      this.#enterHandler(ctx, 1);
      try {
        await this.runStatements(s.body, ctx);
      } finally {
        this.#enterHandler(ctx, -1);
      }
    } catch (e) {
      if (isControlFlow(e) || e instanceof StopUpstreamSignal) throw e;
      // PowerShell resolves the catch types only when an error reaches them, all of them before it
      // looks for a handler: an unknown one replaces the error with TypeNotFound (finally still runs).
      for (const c of s.catches) for (const t of c.types) typeAt(t, ctx);
      const rec = toErrorRecord(e, ctx.source, s.body.span);
      const handler = s.catches.find((c) => c.types.length === 0 || c.types.some((t) => handlerCatches(t.name, e, rec)));
      if (!handler) throw e;
      this.session.addError(rec);
      const restore = bindDollarUnder(ctx.scope, rec);
      try {
        await this.runStatements(handler.body, ctx);
      } finally {
        restore();
      }
    } finally {
      if (s.finallyBody) await this.runStatements(s.finallyBody, ctx);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Assignment

  private async assign(s: AssignmentAst, ctx: ExecContext): Promise<void> {
    const errorsBefore = this.session.errorCount;
    try {
      if (s.operator === '=') await this.assignTo(s.target, await this.statementOutput(s.value, ctx), ctx);
      else {
        // PowerShell evaluates the target's parts once, then its value, then the right side:
        // `$a[$i++] += 1` increments $i once, and `??=` evaluates the right side only when needed
        const place = await this.place(s.target, ctx);
        const cur = await place.get();
        if (s.operator === '??=') {
          if (cur !== null && cur !== undefined) return;
          await place.set(await this.statementValue(s.value, ctx));
        } else {
          const rhs = await this.statementValue(s.value, ctx);
          await place.set(await binaryOperator(s.operator.slice(0, -1), cur, rhs, this.invokerFor(ctx), this.operatorContext(ctx)));
        }
      }
      this.session.lastSuccess = this.session.errorCount === errorsBefore;
    } catch (e) {
      this.session.lastSuccess = false;
      throw attachPosition(e, ctx.source, s.span);
    }
  }

  /** An assignable expression with its object and index (or member name) evaluated once, for the
   *  read-modify-write of `+=` and `++`. */
  private async place(target: ExpressionAst, ctx: ExecContext): Promise<{ get(): Promise<unknown>; set(v: unknown): Promise<void> }> {
    if (target.kind === 'Index' && !target.nullConditional) {
      const obj = await this.evaluate(target.target, ctx);
      const idx = await this.evaluate(target.index, ctx);
      return { get: async () => nullify(await getIndex(obj, idx)), set: (v) => setIndex(obj, idx, v) };
    }
    if (target.kind === 'Member' && !target.isStatic && !target.nullConditional) {
      const obj = await this.evaluate(target.target, ctx);
      const name = await this.memberName(target.member, ctx);
      const invoker = this.invokerFor(ctx);
      return { get: async () => nullify(await getMember(obj, name, invoker)), set: (v) => setMember(obj, name, v, invoker) };
    }
    return { get: async () => this.evaluate(target, ctx), set: (v) => this.assignTo(target, v, ctx) };
  }

  async assignTo(target: ExpressionAst, value: unknown, ctx: ExecContext): Promise<void> {
    // only a plain variable remembers AutomationNull; a property, an element or a cast gets $null
    if (value === AutomationNull && target.kind !== 'Variable') value = null;
    switch (target.kind) {
      case 'Variable':
        this.setVariable(target, value, ctx);
        return;
      case 'Convert': {
        if (target.operand.kind !== 'Variable') break;
        const typeName = target.type.name;
        typeAt(target.type, ctx);
        const converted = convertTo(value, typeName, this.ofsFor(value, ctx));
        const v = this.setVariable(target.operand, converted, ctx);
        if (v) v.typeConstraint = typeName;
        return;
      }
      case 'Member': {
        const obj = await this.evaluate(target.target, ctx);
        const name = await this.memberName(target.member, ctx);
        if (target.isStatic) throw new PSException(`Cannot set static member '${name}'.`, 'System.Management.Automation.RuntimeException');
        await setMember(obj, name, value, this.invokerFor(ctx));
        return;
      }
      case 'Index': {
        const obj = await this.evaluate(target.target, ctx);
        const idx = await this.evaluate(target.index, ctx);
        await setIndex(obj, idx, value);
        return;
      }
      case 'ArrayLiteral': {
        const vals = Array.isArray(value) ? value : [value];
        const n = target.elements.length;
        for (let i = 0; i < n; i++) {
          const v = i < n - 1 ? (vals[i] ?? null) : vals.length > n ? vals.slice(i) : (vals[i] ?? null);
          await this.assignTo(target.elements[i]!, v, ctx);
        }
        return;
      }
      case 'Paren':
        if (target.pipeline.kind === 'Pipeline' && target.pipeline.elements.length === 1 && target.pipeline.elements[0]!.kind === 'CommandExpression') {
          return this.assignTo(target.pipeline.elements[0]!.expression, value, ctx);
        }
        break;
    }
    throw new PSException('The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.', 'System.Management.Automation.RuntimeException');
  }

  // -------------------------------------------------------------------------------------------
  // Variables

  readVariable(v: VariableAst, ctx: ExecContext): unknown {
    return readVariable(this.session, v, ctx);
  }

  setVariable(v: VariableAst, value: unknown, ctx: ExecContext): Variable | undefined {
    return setVariable(v, value, ctx);
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /** Synchronous evaluation of the trivially synchronous nodes; NOSYNC otherwise. */
  private trySync(e: ExpressionAst, ctx: ExecContext): unknown {
    switch (e.kind) {
      case 'Number':
        return numberLiteral(e);
      case 'StringConstant':
        return e.value;
      case 'Variable':
        return e.splatted ? NOSYNC : this.readVariable(e, ctx);
      case 'Binary': {
        const op = e.operator;
        const spec = resolveBinaryOperator(op)?.spec;
        if (!spec || spec.shortCircuit) return NOSYNC;
        const l = this.trySync(e.left, ctx);
        if (l === NOSYNC) return NOSYNC;
        const r = l instanceof PendingValue ? NOSYNC : this.trySync(e.right, ctx);
        if (r === NOSYNC || r instanceof PendingValue) {
          // Operands are pure here, so the async path may evaluate them again.
          if (l instanceof PendingValue) l.promise.catch(() => {});
          if (r instanceof PendingValue) r.promise.catch(() => {});
          return NOSYNC;
        }
        // an array operand may be joined into a string with $OFS (`'a' + $array`)
        const res = binaryOperator(op, l, r, this.invokerFor(ctx), spec.usesScope || Array.isArray(r) ? this.operatorContext(ctx) : undefined);
        return res instanceof Promise ? NOSYNC_PROMISE(res) : res;
      }
      default:
        return NOSYNC;
    }
  }

  evaluate(e: ExpressionAst, ctx: ExecContext): Promise<unknown> | unknown {
    const s = this.trySync(e, ctx);
    if (s !== NOSYNC) return s instanceof PendingValue ? s.promise : s;
    return this.evaluateAsync(e, ctx);
  }

  private async evaluateAsync(e: ExpressionAst, ctx: ExecContext): Promise<unknown> {
    switch (e.kind) {
      case 'Number':
        return numberLiteral(e);
      case 'StringConstant':
        return e.value;
      case 'Variable':
        return this.readVariable(e, ctx);
      case 'ExpandableString': {
        let out = '';
        for (const part of e.parts) {
          if (typeof part === 'string') out += part;
          else out += this.expandToString(await this.evaluate(part, ctx), ctx);
        }
        return out;
      }
      case 'ArrayLiteral': {
        const out: unknown[] = [];
        for (const el of e.elements) out.push(await this.evaluate(el, ctx));
        return out;
      }
      case 'Hashtable': {
        const h = new PSHashtable();
        for (const entry of e.entries) {
          const k = await this.evaluate(entry.key, ctx);
          h.set(k, await this.statementValue(entry.value, ctx));
        }
        return h;
      }
      case 'ScriptBlockExpression': {
        const sb = new ScriptBlockValue(e.block, e.text, ctx.source);
        const home = ctx.scope.script;
        if (home.kind === 'module') sb.moduleScope = home;
        return sb;
      }
      case 'Paren':
        return this.statementValue(e.pipeline, ctx);
      case 'Subexpression':
        return unwrap(await this.collectStatements(e.body.statements, ctx));
      case 'ArraySubexpression':
        return await this.collectStatements(e.body.statements, ctx);
      case 'Binary':
        return this.binary(e.operator, e.left, e.right, ctx);
      case 'Unary':
        return this.unary(e, ctx);
      case 'Ternary':
        return toBoolean(await this.evaluate(e.condition, ctx)) ? this.evaluate(e.ifTrue, ctx) : this.evaluate(e.ifFalse, ctx);
      case 'Convert': {
        if (e.type.name.toLowerCase() === 'ref') return reference(this, e.operand, ctx);
        const full = typeAt(e.type, ctx);
        const v = await this.evaluate(e.operand, ctx);
        if (typeof v === 'string' && isExceptionType(full)) return constructException(full, [v]);
        return convertTo(v, e.type.name, this.ofsFor(v, ctx));
      }
      case 'TypeLiteral':
        return new TypeValue(typeAt(e.type, ctx));
      case 'Member': {
        const target = await this.evaluate(e.target, ctx);
        if (e.nullConditional && (target === null || target === undefined)) return null;
        const name = await this.memberName(e.member, ctx);
        if (e.isStatic) return nullify(await getStaticMember(asType(target), name));
        // Switch parameters are plain booleans here; `$Switch.IsPresent` is the same truth.
        if (typeof target === 'boolean' && name.toLowerCase() === 'ispresent') return target;
        return nullify(await getMember(target, name, this.invokerFor(ctx)));
      }
      case 'InvokeMember':
        return nullify(await this.callMember(e, ctx));
      case 'Index': {
        const target = await this.evaluate(e.target, ctx);
        if (e.nullConditional && (target === null || target === undefined)) return null;
        const idx = await this.evaluate(e.index, ctx);
        return nullify(await getIndex(target, idx));
      }
    }
  }

  /** `$OFS` when `v` is something a string conversion joins (the scope lookup only then). */
  private ofsFor(v: unknown, ctx: ExecContext): string {
    return Array.isArray(v) || v instanceof InputEnumerator ? currentOfs(ctx) : ' ';
  }

  /** `"$x"`: arrays and enumerators (`$input`) are joined with `$OFS`. */
  private expandToString(v: unknown, ctx: ExecContext): string {
    return Array.isArray(v) || v instanceof InputEnumerator ? toStringValue(v, currentOfs(ctx)) : toStringValue(v);
  }

  /** What operators need from the scope: `$Matches` to set, `$OFS` for -join on an enumerator. */
  private operatorContext(ctx: ExecContext): OperatorContext {
    return { setMatches: (m) => void ctx.scope.setLocal('Matches', m), ofs: () => currentOfs(ctx) };
  }

  private async memberName(m: ExpressionAst, ctx: ExecContext): Promise<string> {
    if (m.kind === 'StringConstant') return m.value;
    return toStringValue(await this.evaluate(m, ctx));
  }

  /** `$x.Method(…)`: undefined when the method is void (it writes nothing as a statement). */
  private async callMember(e: InvokeMemberAst, ctx: ExecContext): Promise<unknown> {
    const target = await this.evaluate(e.target, ctx);
    if (e.nullConditional && (target === null || target === undefined)) return null;
    const name = await this.memberName(e.member, ctx);
    const args: unknown[] = [];
    for (const a of e.arguments) args.push(await this.evaluate(a, ctx));
    return this.invokeMember(target, name, args, e.isStatic, ctx);
  }

  private async invokeMember(target: unknown, name: string, args: unknown[], isStatic: boolean, ctx: ExecContext): Promise<unknown> {
    const lname = name.toLowerCase();
    if (target instanceof ScriptBlockValue && lname === 'getnewclosure') {
      // Like PowerShell: the variables of the current scope are copied into a scope of their own.
      const closure = new Scope(ctx.scope.global, 'module');
      for (const v of ctx.scope.vars.values()) closure.setLocal(v.name, v.value);
      const sb = new ScriptBlockValue(target.ast, target.text, target.source, { name: target.name, isFilter: target.isFilter });
      sb.closure = closure;
      return sb;
    }
    if (target instanceof ScriptBlockValue && (lname === 'invoke' || lname === 'invokereturnasis')) {
      const out = await invokeScriptBlock(this, target, ctx, { args, dotSource: false });
      return lname === 'invoke' ? out : unwrap(out);
    }
    if (isStatic) {
      const type = asType(target);
      if (type.fullName === 'System.Management.Automation.ScriptBlock' && lname === 'create') {
        return this.session.compileScriptBlock(toStringValue(args[0]));
      }
      if (type.fullName === 'System.Console' && (lname === 'writeline' || lname === 'write')) return consoleMethod(lname, args, ctx);
      if (lname === 'new' && isExceptionType(type.fullName)) return constructException(type.fullName, args);
      return invokeStaticMethod(type, name, args, this.invokerFor(ctx));
    }
    const own = (target as { psInvoke?: (name: string, args: unknown[]) => unknown } | null)?.psInvoke;
    if (typeof own === 'function') return own.call(target, lname, args);
    return invokeMethod(target, name, args, this.invokerFor(ctx));
  }

  private async binary(op: string, left: ExpressionAst, right: ExpressionAst, ctx: ExecContext): Promise<unknown> {
    const lazy = shortCircuitOperator(op);
    if (lazy) return lazy(await this.evaluate(left, ctx), () => this.evaluate(right, ctx));
    const l = await this.evaluate(left, ctx);
    const r = await this.evaluate(right, ctx);
    return binaryOperator(op, l, r, this.invokerFor(ctx), this.operatorContext(ctx));
  }

  private async unary(e: UnaryAst, ctx: ExecContext): Promise<unknown> {
    switch (e.operator) {
      case ',':
        return [await this.evaluate(e.operand, ctx)];
      case '++':
      case '--':
      case 'post++':
      case 'post--': {
        const place = await this.place(e.operand, ctx);
        const cur = await place.get();
        const next = await binaryOperator(e.operator.endsWith('++') ? '+' : '-', cur ?? 0, 1, this.invokerFor(ctx));
        await place.set(next);
        return e.operator.startsWith('post') ? (cur ?? 0) : next;
      }
      default:
        return unaryOperator(e.operator, await this.evaluate(e.operand, ctx), this.operatorContext(ctx));
    }
  }

  /** The ScriptInvoker handed to operators, members and cmdlets: runs blocks in a child of ctx's scope. */
  invokerFor(ctx: ExecContext): ScriptInvoker {
    if (ctx.invoker) return ctx.invoker;
    const inv: ScriptInvoker = {
      invoke: (sb, args, options) => invokeScriptBlock(this, sb, ctx, { args, dollarUnder: options?.dollarUnder, input: options?.input, dotSource: false, signal: options?.signal }),
    };
    // Not enumerable: contexts are copied with `{ ...ctx, scope }`, and a copy must not inherit an
    // invoker bound to the original's scope.
    Object.defineProperty(ctx, 'invoker', { value: inv, enumerable: false, writable: true, configurable: true });
    return inv;
  }

}


/** The .NET type of each kind of number literal (`5.0`/`1e3` Double, `5l` Int64, `5d` Decimal). */
const LITERAL_TYPES = { long: 'System.Int64', double: 'System.Double', decimal: 'System.Decimal' } as const;

class PendingValue {
  readonly promise: Promise<unknown>;
  constructor(p: Promise<unknown>) {
    this.promise = p;
  }
}

function NOSYNC_PROMISE(p: Promise<unknown>): PendingValue {
  return new PendingValue(p);
}

function nullify(v: unknown): unknown {
  return v === undefined ? null : v;
}

/** A written type's full name; an unknown type fails pointing at the `[name]` itself. */
function typeAt(type: TypeNameAst, ctx: ExecContext): string {
  try {
    return requireType(type.name);
  } catch (e) {
    throw attachPosition(e, ctx.source, bracketedSpan(ctx.source.text, type.span));
  }
}

function asType(v: unknown): TypeValue {
  if (v instanceof TypeValue) return v;
  return new TypeValue(resolveTypeName(toStringValue(v)));
}

/** A number literal's value: Int32 plain, other types boxed, a long or decimal beyond 2^53 exact. */
function numberLiteral(e: NumberAst): unknown {
  if (e.numberType === 'int') return e.value;
  return e.big !== undefined ? new PSNumber(e.value, LITERAL_TYPES[e.numberType], e.big, e.scale) : boxNumber(e.value, LITERAL_TYPES[e.numberType]);
}

/** The expression of a pipeline that is one expression without redirections (`$x`, `1 + 2`). */
function loneExpression(p: PipelineAst | PipelineChainAst): ExpressionAst | null {
  if (p.kind !== 'Pipeline' || p.elements.length !== 1) return null;
  const el = p.elements[0]!;
  return el.kind === 'CommandExpression' && el.redirections.length === 0 ? el.expression : null;
}

/** Collected output as one value: nothing → $null, one item → the item, more → the array. */
export function unwrap(items: unknown[]): unknown {
  if (items.length === 0) return null;
  if (items.length === 1) return items[0];
  return items;
}

function stripBraces(text: string): string {
  const open = text.indexOf('{');
  const close = text.lastIndexOf('}');
  return open >= 0 && close > open ? text.slice(open + 1, close) : text;
}

function positioned(rec: ErrorRecord, source: Source, span: { start: number; end: number }): ErrorRecord {
  if (!rec.InvocationInfo.source) rec.InvocationInfo = new InvocationInfo(source, span, rec.InvocationInfo.MyCommand);
  return rec;
}

/** Gives an escaping error the position of the statement it came from, when it has none yet. */
export function attachPosition(err: unknown, source: Source, span: { start: number; end: number }): unknown {
  if (isControlFlow(err) || err instanceof StopUpstreamSignal) return err;
  const rec = toErrorRecord(err, source, span);
  return err instanceof TerminatingError && err.record === rec ? err : new TerminatingError(rec);
}
