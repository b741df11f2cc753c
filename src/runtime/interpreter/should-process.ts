// The -WhatIf / -Confirm decision shared by cmdlets (`ctx.shouldProcess`) and advanced functions
// (`$PSCmdlet.ShouldProcess`): under WhatIf print PowerShell's `What if:` line and refuse; under
// Confirm ask the host when it is interactive, and proceed when it is not.
import type { CmdletHost } from '../cmdlet.ts';
import type { Streams } from './exec-context.ts';

export async function decideShouldProcess(streams: Streams, host: CmdletHost, whatIf: boolean, confirm: boolean, target: string, action: string): Promise<boolean> {
  if (whatIf) {
    await streams.information(`What if: Performing the operation "${action}" on target "${target}".`, true, false);
    return false;
  }
  if (confirm && host.interactive) {
    const answer = await host.readLine(`Are you sure you want to perform this action?\nPerforming the operation "${action}" on target "${target}".\n[Y] Yes  [N] No (default is "Y"): `);
    return answer === null || answer.trim() === '' || /^y/i.test(answer.trim());
  }
  return true;
}
