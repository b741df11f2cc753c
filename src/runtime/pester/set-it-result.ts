// Set-ItResult -Skipped | -Pending | -Inconclusive [-Because]: ends the running test with that
// result instead of Passed or Failed, as Pester 5's does — by throwing a record whose
// FullyQualifiedErrorId (PesterTestSkipped, PesterTestPending, PesterTestInconclusive) the runner
// recognises. Pending counts as skipped, as in Pester 5.
import type { CmdletDef } from '../cmdlet.ts';
import { ErrorRecord, InvocationInfo, PSException, TerminatingError } from '../error-record.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { coreOf } from '../core-cmdlets/core-access.ts';
import { formatBecause } from './format-nicely.ts';

export const SET_RESULT_IDS: Record<string, 'Skipped' | 'Inconclusive'> = { PesterTestSkipped: 'Skipped', PesterTestPending: 'Skipped', PesterTestInconclusive: 'Inconclusive' };

export const setItResultCmdlet: CmdletDef = {
  name: 'Set-ItResult',
  parameters: [
    { name: 'Inconclusive', type: 'switch', parameterSets: ['Inconclusive'] },
    { name: 'Pending', type: 'switch', parameterSets: ['Pending'] },
    { name: 'Skipped', type: 'switch', parameterSets: ['Skipped'] },
    { name: 'Because', type: 'string' },
  ],
  help: {
    synopsis: 'Ends the running test as Skipped, Pending (counted as skipped) or Inconclusive, with a reason (Pester 5).',
    examples: [{ code: "It 'needs a SAN' { if (-not $san) { Set-ItResult -Skipped -Because 'no SAN in this lab' } }", needs: 'interactive' }],
  },
  create(params, ctx) {
    return {
      async end() {
        const { exec, span } = coreOf(ctx);
        const kind = params.Inconclusive === true ? 'Inconclusive' : params.Pending === true ? 'Pending' : params.Skipped === true ? 'Skipped' : null;
        if (!kind) throw new PSException('Set-ItResult needs -Skipped, -Pending or -Inconclusive.', 'System.ArgumentException');
        let message = `is ${kind.toLowerCase()}`;
        const because = formatBecause(params.Because);
        if (because) message += `,${because.slice(0, -1)}`;
        const inv = new InvocationInfo(exec.source, span ?? null, 'Set-ItResult');
        const target = PSHashtable.from([['Message', message], ['File', inv.ScriptName], ['Line', String(inv.ScriptLineNumber)], ['LineText', inv.Line.trim()], ['Terminating', false]]);
        throw new TerminatingError(new ErrorRecord(new PSException(message, 'System.Exception'), `PesterTest${kind}`, 'InvalidResult', target, inv), true);
      },
    };
  },
};
