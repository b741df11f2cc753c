// Invoke-Command (icm) for local script blocks: runs the block in a child scope with
// -ArgumentList as its arguments and pipeline input as its `$input`. (No remoting.)
import type { CmdletDef } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { invokeScriptBlock } from '../interpreter/script-command.ts';
import { coreOf } from './core-access.ts';

export const invokeCommandCmdlet: CmdletDef = {
  name: 'Invoke-Command',
  aliases: ['icm'],
  parameters: [
    { name: 'ScriptBlock', type: 'scriptblock', position: 0, mandatory: true },
    { name: 'ArgumentList', type: 'object[]', aliases: ['Args'] },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'NoNewScope', type: 'switch' },
  ],
  help: {
    synopsis: 'Runs a script block locally with arguments.',
    examples: [{ code: 'Invoke-Command -ScriptBlock { param($a, $b) $a + $b } -ArgumentList 2, 3' }, { code: '1, 2 | Invoke-Command { $input | ForEach-Object { $_ * 10 } }' }],
  },
  create(params, ctx) {
    const { interp, exec } = coreOf(ctx);
    const input: unknown[] = [];
    let piped = false;
    return {
      async process(item) {
        if (item !== undefined) {
          piped = true;
          input.push(item);
        }
      },
      async end() {
        const sb = params.ScriptBlock;
        if (!(sb instanceof ScriptBlockValue)) throw new PSException('Invoke-Command needs a script block.', 'System.ArgumentException');
        const args = (params.ArgumentList as unknown[] | undefined) ?? [];
        await invokeScriptBlock(interp, sb, exec, { args, input: piped ? input : undefined, dotSource: params.NoNewScope === true, out: (v) => ctx.emit(v) });
      },
    };
  },
};
