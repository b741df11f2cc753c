// ForEach-Object (%, foreach): runs its script blocks in the caller's scope (as PowerShell does, so
// `$sum += $_` accumulates), `-Begin` once, `-Process` per item with `$_`, `-End` once; or, given a
// name instead of a block, reads that property / calls that method on each item; `-Parallel` runs
// the block for each item concurrently (foreach-parallel.ts).
import type { CmdletDef } from '../cmdlet.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { toStringValue } from '../values/convert.ts';
import { findProperty, getMember, invokeMethod } from '../members/index.ts';
import { ErrorRecord, PSException } from '../error-record.ts';
import { invokeScriptBlock } from '../interpreter/script-command.ts';
import { coreOf } from './core-access.ts';
import { foreachParallel } from './foreach-parallel.ts';

export const foreachObjectCmdlet: CmdletDef = {
  name: 'ForEach-Object',
  aliases: ['%', 'foreach'],
  parameters: [
    { name: 'Process', type: 'object', position: 0, valueFromRemainingArguments: true, help: 'Script block run for each input object, or a property/method name.' },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'Begin', type: 'scriptblock' },
    { name: 'End', type: 'scriptblock' },
    { name: 'ArgumentList', type: 'object[]', aliases: ['Args'] },
    { name: 'MemberName', type: 'string' },
    { name: 'Parallel', type: 'scriptblock', help: 'Runs this block for each input concurrently, each in a fresh scope that sees only $_ and $using: variables.' },
    { name: 'ThrottleLimit', type: 'int', validateRange: [1, 2147483647], help: 'With -Parallel: how many blocks run at once (default 5).' },
    { name: 'TimeoutSeconds', type: 'int', validateRange: [0, 2147483], help: 'With -Parallel: stops the blocks still running after this many seconds (0: no limit).' },
    { name: 'UseNewRunspace', type: 'switch', help: 'With -Parallel: accepted; every block gets a fresh scope anyway.' },
    { name: 'AsJob', type: 'switch' },
  ],
  help: {
    synopsis: 'Runs a script block for each object in the pipeline.',
    examples: [
      { code: '1..3 | ForEach-Object { $_ * 2 }', remarks: 'Doubles each number.' },
      { code: "'a','b' | ForEach-Object ToUpper", remarks: 'Calls a method by name on each item.' },
      { code: '1..4 | ForEach-Object -Begin { $sum = 0 } -Process { $sum += $_ } -End { $sum }' },
      { code: "$prefix = 'vm'\n1..3 | ForEach-Object -Parallel { Start-Sleep -Milliseconds (100 * (4 - $_)); \"$using:prefix$_\" } -ThrottleLimit 3", remarks: 'The three blocks run at once; output comes as each finishes (vm3, vm2, vm1 on an idle machine: the order is timing, so this example carries no checked output; tests/golden/language/foreach-parallel checks the overlap by start/end order).' },
    ],
  },
  create(params, ctx) {
    if (params.Parallel !== undefined) return foreachParallel(params, ctx);
    const { interp, exec } = coreOf(ctx);
    const out = { ...exec, out: (v: unknown) => ctx.emit(v) };
    const run = (sb: unknown, under?: unknown): Promise<unknown[]> =>
      sb instanceof ScriptBlockValue ? invokeScriptBlock(interp, sb, out, { args: [], dollarUnder: under, dotSource: true, out: out.out }) : Promise.resolve([]);
    let blocks = params.Process;
    if (Array.isArray(blocks) && blocks.every((b) => b instanceof ScriptBlockValue)) {
      // `% {begin} {process} {end}`: PowerShell's positional form with several blocks.
      // Two blocks are begin + process; three are begin + process + end.
      if (blocks.length >= 2) params.Begin = blocks[0];
      if (blocks.length >= 3) params.End = blocks[blocks.length - 1];
      blocks = blocks.length >= 2 ? blocks[1] : blocks[0];
    }
    // `% Split '-'`: a member name followed by its arguments.
    if (Array.isArray(blocks) && typeof blocks[0] === 'string') {
      params.ArgumentList = [...blocks.slice(1), ...((params.ArgumentList as unknown[] | undefined) ?? [])];
      blocks = blocks[0];
    }
    const member = params.MemberName ?? (typeof blocks === 'string' ? blocks : null);
    const eachItem = async (item: unknown): Promise<void> => {
      if (member !== null && member !== undefined) {
        const name = toStringValue(member);
        const args = (params.ArgumentList as unknown[] | undefined) ?? [];
        // PowerShell's rules (ForEachObjectCommand): a $null input yields $null, or an error when
        // arguments make it a method call; a missing member is a non-terminating error.
        if (item === null || item === undefined) {
          if (args.length) await ctx.writeError(ErrorRecord.fromMessage('You cannot call a method on a null-valued expression.', 'System.Management.Automation.RuntimeException', 'InvokeMethodOnNull,Microsoft.PowerShell.Commands.ForEachObjectCommand', 'InvalidOperation', null));
          else await ctx.emit(null);
          return;
        }
        let v: unknown;
        const prop = args.length || Array.isArray(item) ? { found: false, value: null } : await findProperty(item, name, ctx.invoker);
        if (prop.found) v = prop.value;
        else if (Array.isArray(item) && !args.length && (v = await getMember(item, name, ctx.invoker)) !== null) {
          // a collection's own member (Count) or its elements' members
        } else {
          try {
            v = await invokeMethod(item, name, args, ctx.invoker);
          } catch (e) {
            if (args.length || !(e instanceof PSException) || !e.message.startsWith('Method invocation failed because')) throw e;
            await ctx.writeError(ErrorRecord.fromMessage(`The input name "${name}" cannot be resolved to a member.`, 'System.Management.Automation.PSArgumentException', 'PropertyOrMethodNotFound,Microsoft.PowerShell.Commands.ForEachObjectCommand', 'InvalidArgument', item));
            return;
          }
        }
        if (Array.isArray(v)) for (const x of v) await ctx.emit(x);
        else if (v !== undefined) await ctx.emit(v);
        return;
      }
      await run(blocks, item);
    };
    return {
      async begin() {
        if (params.Begin) await run(params.Begin);
      },
      async process(input) {
        if (input === undefined) {
          if ('InputObject' in params) await eachItem(params.InputObject);
          return;
        }
        await eachItem(input);
      },
      async end() {
        if (params.End) await run(params.End);
      },
    };
  },
};
