// Read-Host: one line from the host. Without an interactive host it fails clearly instead of
// hanging a script that runs unattended.
import type { CmdletDef } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { toStringValue } from '../values/convert.ts';

export const readHostCmdlet: CmdletDef = {
  name: 'Read-Host',
  parameters: [
    { name: 'Prompt', type: 'object', position: 0 },
    { name: 'AsSecureString', type: 'switch' },
  ],
  help: { synopsis: 'Reads a line of input from the terminal.', examples: [{ code: '$name = Read-Host "Name"', needs: 'interactive' }] },
  create(params, ctx) {
    return {
      async process() {
        const prompt = params.Prompt === undefined ? '' : toStringValue(params.Prompt) + ': ';
        const line = await ctx.host.readLine(prompt, { secure: params.AsSecureString === true });
        if (line === null) {
          throw new PSException('Read-Host: no interactive input is available (stdin is not a terminal or is exhausted).', 'System.InvalidOperationException');
        }
        await ctx.emit(line);
      },
    };
  },
};
