// The `switch` statement: each element of an array subject is matched against every clause
// (constants compare as strings when either side is a string, script blocks run with `$_`,
// `-regex` sets `$Matches`, `-wildcard` uses -like); all matching clauses run, `break` leaves the
// switch and `continue` moves to the next element, as PowerShell does.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExpressionAst, SwitchAst } from '../../lang/ast.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { toBoolean, toStringValue } from '../values/convert.ts';
import { binaryOperator } from '../operators/index.ts';
import { BreakSignal, ContinueSignal, labelMatches } from './control-flow.ts';
import type { ExecContext } from './exec-context.ts';
import type { Interpreter } from './interpreter.ts';
import { unwrap } from './interpreter.ts';
import { invokeScriptBlock } from './script-command.ts';
import { bindDollarUnder } from './dollar-under.ts';
import { matchesTable, regexMatch } from '../operators/string-operators.ts';

export async function execSwitch(interp: Interpreter, s: SwitchAst, ctx: ExecContext): Promise<void> {
  const subject: unknown = await interp.conditionValue(s.subject, ctx);
  let items: unknown[];
  if (s.flags.file) {
    const { readFileSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const text = readFileSync(resolve(interp.session.cwd, toStringValue(subject)), 'utf8');
    items = text.split(/\r?\n/);
    if (items.length && items[items.length - 1] === '') items.pop();
  } else items = Array.isArray(subject) ? subject : [subject];
  const restore = bindDollarUnder(ctx.scope, null);
  try {
    for (const item of items) {
      ctx.scope.setLocal('_', item);
      ctx.scope.setLocal('PSItem', item);
      let matched = false;
      try {
        for (const clause of s.clauses) {
          if (!(await switchMatches(interp, s, clause.pattern, item, ctx))) continue;
          matched = true;
          ctx.scope.setLocal('_', item);
          ctx.scope.setLocal('PSItem', item);
          await interp.runStatements(clause.body, ctx);
        }
        if (!matched && s.defaultBody) await interp.runStatements(s.defaultBody, ctx);
      } catch (e) {
        if (e instanceof BreakSignal && labelMatches(e.label, s.label)) return;
        if (e instanceof ContinueSignal && labelMatches(e.label, s.label)) continue;
        throw e;
      }
    }
  } finally {
    restore();
  }
}

async function switchMatches(interp: Interpreter, s: SwitchAst, pattern: ExpressionAst, item: unknown, ctx: ExecContext): Promise<boolean> {
  if (pattern.kind === 'ScriptBlockExpression') {
    const sb = new ScriptBlockValue(pattern.block, pattern.text, ctx.source);
    const out = await invokeScriptBlock(interp, sb, ctx, { args: [], dollarUnder: item, dotSource: false });
    return toBoolean(unwrap(out));
  }
  const p = await interp.evaluate(pattern, ctx);
  const cs = s.flags.caseSensitive;
  if (s.flags.regex) {
    const m = regexMatch(item, p, cs);
    if (m) ctx.scope.setLocal('Matches', matchesTable(m, toStringValue(p)));
    return m !== null;
  }
  if (s.flags.wildcard) return toBoolean(await binaryOperator(cs ? '-clike' : '-like', toStringValue(item), p, interp.invokerFor(ctx)));
  if (typeof p === 'string' || typeof item === 'string') {
    const a = toStringValue(item);
    const b = toStringValue(p);
    return cs ? a === b : a.toLowerCase() === b.toLowerCase();
  }
  return toBoolean(await binaryOperator(cs ? '-ceq' : '-eq', item, p, interp.invokerFor(ctx)));
}
