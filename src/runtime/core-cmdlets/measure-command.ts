// Measure-Command: runs a script block in the caller's scope, throws its output away and returns
// how long it took as a TimeSpan.
import { performance } from 'node:perf_hooks';
import type { CmdletDef } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { TimeSpan } from '../values/time-span.ts';
import { invokeScriptBlock } from '../interpreter/script-command.ts';
import { coreOf } from './core-access.ts';

export const measureCommandCmdlet: CmdletDef = {
  name: 'Measure-Command',
  parameters: [
    { name: 'Expression', type: 'scriptblock', position: 0, mandatory: true },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
  ],
  help: { synopsis: 'Measures how long a script block takes to run.', examples: [{ code: '(Measure-Command { 1..1000 | ForEach-Object { $_ } }).TotalMilliseconds -ge 0' }] },
  create(params, ctx) {
    const { interp, exec } = coreOf(ctx);
    const input: unknown[] = [];
    return {
      async process(item) {
        if (item !== undefined) input.push(item);
      },
      async end() {
        const sb = params.Expression;
        if (!(sb instanceof ScriptBlockValue)) throw new PSException('Measure-Command needs a script block.', 'System.ArgumentException');
        const start = performance.now();
        if (input.length) for (const item of input) await invokeScriptBlock(interp, sb, exec, { args: [], dollarUnder: item, dotSource: true, out: () => {} });
        else await invokeScriptBlock(interp, sb, exec, { args: [], dotSource: true, out: () => {} });
        await ctx.emit(TimeSpan.fromMilliseconds(performance.now() - start));
      },
    };
  },
};
