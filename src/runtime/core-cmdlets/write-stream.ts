// Write-Warning, Write-Verbose, Write-Debug and Write-Information: one message to the matching
// stream; whether it shows depends on the preference variables and common parameters.
import type { CmdletDef } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';

function streamCmdlet(name: string, synopsis: string, write: (ctx: Parameters<CmdletDef['create']>[1], m: string) => void | Promise<void>, example: string): CmdletDef {
  return {
    name,
    parameters: [{ name: 'Message', type: 'string', position: 0, valueFromPipeline: true, mandatory: true, help: 'The text to write.' }],
    help: { synopsis, examples: [{ code: example }] },
    create(params, ctx) {
      return {
        async process() {
          await write(ctx, toStringValue(params.Message));
        },
      };
    },
  };
}

export const writeWarningCmdlet = streamCmdlet('Write-Warning', 'Writes a warning message (shown as "WARNING: …" on stderr).', (c, m) => c.writeWarning(m), 'Write-Warning "disk almost full" 3>$null');
export const writeVerboseCmdlet = streamCmdlet('Write-Verbose', 'Writes a verbose message, shown with -Verbose or $VerbosePreference = "Continue".', (c, m) => c.writeVerbose(m), 'Write-Verbose "step 1"');
export const writeDebugCmdlet = streamCmdlet('Write-Debug', 'Writes a debug message, shown with -Debug or $DebugPreference = "Continue".', (c, m) => c.writeDebug(m), 'Write-Debug "state"');

export const writeInformationCmdlet: CmdletDef = {
  name: 'Write-Information',
  parameters: [
    { name: 'MessageData', type: 'object', position: 0, mandatory: true, valueFromPipeline: true },
    { name: 'Tags', type: 'string[]', position: 1 },
  ],
  help: { synopsis: 'Writes to the information stream (shown when $InformationPreference is Continue).', examples: [{ code: 'Write-Information "note" -InformationAction Continue' }] },
  create(params, ctx) {
    return {
      async process() {
        await ctx.writeInformation(toStringValue(params.MessageData), params.Tags as string[] | undefined);
      },
    };
  },
};
