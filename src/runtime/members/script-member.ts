// Runs a script member (ScriptProperty getter/setter, ScriptMethod) with `$this` bound to the
// object. The ScriptInvoker contract only binds `$_`, so the block is recompiled once with a leading
// `param($this, …)` and the object passed as the first argument; `$_` is bound as well.

import { parse } from '../../lang/index.ts';
import { Source } from '../../lang/source.ts';
import { ScriptBlockValue } from '../script-block.ts';
import type { ScriptInvoker } from '../cmdlet.ts';

const withThis = new WeakMap<ScriptBlockValue, ScriptBlockValue | null>();

function thisBlock(sb: ScriptBlockValue): ScriptBlockValue | null {
  if (withThis.has(sb)) return withThis.get(sb)!;
  let out: ScriptBlockValue | null = null;
  // Blocks with their own param() keep their parameters after $this.
  const body = sb.text;
  const own = /^\s*param\s*\(/i.test(body);
  const text = own ? body.replace(/^\s*param\s*\(/i, (m) => m + '$this, ') : 'param($this)\n' + body;
  try {
    out = new ScriptBlockValue(parse(text, sb.source.name), text, new Source(text, sb.source.name));
    out.closure = sb.closure ?? sb.moduleScope;
  } catch {
    out = null;
  }
  withThis.set(sb, out);
  return out;
}

/** Invokes `sb` as a member of `target`: `$this` (and `$_`) is the object. */
export async function invokeScriptMember(invoker: ScriptInvoker, sb: ScriptBlockValue, target: unknown, args: unknown[]): Promise<unknown> {
  const bound = thisBlock(sb);
  const out = bound ? await invoker.invoke(bound, [target, ...args], { dollarUnder: target }) : await invoker.invoke(sb, args, { dollarUnder: target });
  return out.length === 0 ? null : out.length === 1 ? out[0] : out;
}
