// Set-StrictMode: `-Version 1` or later (or Latest) makes reading a variable that was never set a
// terminating error; `-Off` turns it off. Scripts often start with it, so it must at least exist.
import type { CmdletDef } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';
import { coreOf } from './core-access.ts';

export const setStrictModeCmdlet: CmdletDef = {
  name: 'Set-StrictMode',
  parameters: [
    { name: 'Version', type: 'string', parameterSets: ['Version'], mandatory: true },
    { name: 'Off', type: 'switch', parameterSets: ['Off'], mandatory: true },
  ],
  help: { synopsis: 'Makes reading unset variables an error (-Version Latest) or turns that off (-Off).', examples: [{ code: 'Set-StrictMode -Version Latest; Set-StrictMode -Off' }] },
  create(params, ctx) {
    const { interp } = coreOf(ctx);
    return {
      async process() {
        if (params.Off) interp.session.strictVersion = 0;
        else {
          const v = toStringValue(params.Version).toLowerCase();
          interp.session.strictVersion = v === 'latest' ? 3 : Math.max(1, Math.floor(Number(v) || 1));
        }
      },
    };
  },
};
