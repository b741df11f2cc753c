// Write-Output (echo, write): sends its arguments down the pipeline, unrolling arrays unless
// -NoEnumerate.
import type { CmdletDef } from '../cmdlet.ts';

export const writeOutputCmdlet: CmdletDef = {
  name: 'Write-Output',
  aliases: ['echo', 'write'],
  parameters: [
    { name: 'InputObject', type: 'object', position: 0, valueFromPipeline: true, valueFromRemainingArguments: true, help: 'The objects to send down the pipeline.' },
    { name: 'NoEnumerate', type: 'switch', help: 'Send a collection as one object.' },
  ],
  help: {
    synopsis: 'Writes objects to the pipeline.',
    examples: [
      { code: 'Write-Output "hello"', output: 'hello\n', remarks: 'Writes the string to the output.' },
      { code: 'Write-Output 1,2,3 | Measure-Object' },
    ],
  },
  create(params, ctx) {
    return {
      async process(input) {
        const v = input === undefined ? params.InputObject : input;
        if (input === undefined && !('InputObject' in params)) return;
        if (Array.isArray(v) && !params.NoEnumerate) for (const x of v) await ctx.emit(x);
        else await ctx.emit(v ?? null);
      },
    };
  },
};
