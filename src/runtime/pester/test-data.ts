// The data a `-TestCases` / `-ForEach` entry brings into a test or a block: its keys become
// variables and the whole entry is `$_` (Pester's Add-DataToContext), and `<key>` in the name is
// expanded in that scope (Pester turns the name into an expandable string: `<a.b>` is `$($a.b)`).
import type { ExecContext } from '../interpreter/exec-context.ts';
import type { Interpreter } from '../interpreter/interpreter.ts';
import type { Scope } from '../interpreter/scope.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { toStringValue } from '../values/convert.ts';

export function setData(scope: Scope, data: unknown): void {
  if (data === null || data === undefined) return;
  scope.setLocal('_', data);
  scope.setLocal('PSItem', data);
  if (data instanceof PSHashtable) for (const [k, v] of data.entries()) scope.setLocal(toStringValue(k), v);
}

/** The name with its `<templates>` evaluated in `ctx`'s scope; on an error the name as written. */
export async function expandName(interp: Interpreter, name: string, ctx: ExecContext): Promise<string> {
  if (!name.includes('<')) return name;
  const text = '"' + name.replace(/\$/g, '`$').replace(/"/g, '`"').replace(/(?<!`)<([^>^`]+)>/g, '$$($$$1)') + '"';
  try {
    const sb = interp.session.compileScriptBlock(text, '<test name>');
    const out: unknown[] = [];
    await interp.runStatements(sb.ast.end, { ...ctx, source: sb.source, out: (v) => void out.push(v) });
    return out.map((v) => toStringValue(v)).join('');
  } catch {
    return name;
  }
}
