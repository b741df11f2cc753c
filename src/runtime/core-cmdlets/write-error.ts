// Write-Error: a non-terminating error record (WriteErrorException) from a message, an exception
// or an existing record; -ErrorAction Stop turns it terminating like any other.
import type { CmdletDef } from '../cmdlet.ts';
import { ErrorRecord, InvocationInfo, PSException } from '../error-record.ts';
import { toStringValue } from '../values/convert.ts';
import { coreOf } from './core-access.ts';

export const writeErrorCmdlet: CmdletDef = {
  name: 'Write-Error',
  parameters: [
    { name: 'Message', type: 'string', position: 0, valueFromPipeline: true, parameterSets: ['NoException'] },
    { name: 'Exception', type: 'object', parameterSets: ['WithException'], mandatory: true },
    { name: 'ErrorRecord', type: 'object', parameterSets: ['ErrorRecord'], mandatory: true },
    { name: 'Category', type: 'string' },
    { name: 'ErrorId', type: 'string' },
    { name: 'TargetObject', type: 'object' },
  ],
  defaultParameterSet: 'NoException',
  help: {
    synopsis: 'Writes a non-terminating error.',
    examples: [{ code: 'Write-Error "VM not found" -ErrorAction SilentlyContinue', remarks: 'Records the error in $Error without showing it.' }],
  },
  create(params, ctx) {
    return {
      async process() {
        let rec: ErrorRecord;
        if (params.ErrorRecord instanceof ErrorRecord) rec = params.ErrorRecord;
        else {
          const ex = params.Exception instanceof PSException ? params.Exception : new PSException(toStringValue(params.Exception ?? params.Message), 'Microsoft.PowerShell.Commands.WriteErrorException');
          const id = params.ErrorId ? toStringValue(params.ErrorId) : 'Microsoft.PowerShell.Commands.WriteErrorException';
          rec = new ErrorRecord(ex, id, params.Category ? toStringValue(params.Category) : 'NotSpecified', params.TargetObject ?? null);
          const { exec } = coreOf(ctx);
          const frame = exec.frame;
          // Like PowerShell, an error written inside a function is reported as coming from its call.
          if (frame && frame.name) rec.InvocationInfo = new InvocationInfo(frame.source, frame.span, frame.name);
        }
        await ctx.writeError(rec);
      },
    };
  },
};
