// Measure-Command: runs a script block (its output is discarded) and returns the elapsed TimeSpan.

import type { CmdletDef } from '../cmdlet.ts';
import { TimeSpan } from '../values/time-span.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { PSException } from '../error-record.ts';

export const measureCommandCmdlet: CmdletDef = {
  name: 'Measure-Command',
  parameters: [
    { name: 'Expression', type: 'scriptblock', position: 0, mandatory: true },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
  ],
  help: {
    synopsis: 'Runs a script block and returns how long it took (its output is discarded).',
    examples: [{ code: '(Measure-Command { Start-Sleep -Milliseconds 5 }).TotalMilliseconds -ge 0' }],
  },
  create(params, ctx) {
    const sb = params.Expression;
    if (!(sb instanceof ScriptBlockValue)) throw new PSException('Measure-Command needs a script block.', 'System.ArgumentException');
    let ran = false;
    const run = async (input: unknown) => {
      ran = true;
      const start = performance.now();
      await ctx.invoker.invoke(sb, [], input === undefined ? {} : { dollarUnder: input });
      return performance.now() - start;
    };
    let total = 0;
    return {
      async process(input) {
        if (input !== undefined) total += await run(input);
      },
      async end() {
        if (!ran) total += await run(undefined);
        await ctx.emit(TimeSpan.fromMilliseconds(total));
      },
    };
  },
};

