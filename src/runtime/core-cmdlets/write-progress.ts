// Write-Progress: one progress record to the host, as PowerShell 7's cmdlet makes it (Status
// defaults to "Processing"; -Completed needs no Activity). Whether and how it shows is the host's:
// a bar on a terminal's stderr, a line in the REPL's panel, nothing under cron or in a pipe, nothing
// with $ProgressPreference = 'SilentlyContinue'.
import type { CmdletDef } from '../cmdlet.ts';
import { TerminatingError, ErrorRecord, PSException } from '../error-record.ts';
import { progressRecord } from '../progress-record.ts';
import { toStringValue } from '../values/convert.ts';

const INT_MAX = 2147483647;

export const writeProgressCmdlet: CmdletDef = {
  name: 'Write-Progress',
  parameters: [
    { name: 'Activity', type: 'string', position: 0, help: 'What is in progress (the first words of the bar).' },
    { name: 'Status', type: 'string', position: 1, validateNotNullOrEmpty: true, help: 'Where it stands ("Processing" when not given).' },
    { name: 'Id', type: 'int', position: 2, validateRange: [0, INT_MAX], help: 'The activity: a later record with the same Id replaces it.' },
    { name: 'PercentComplete', type: 'int', validateRange: [-1, 100], help: '0 to 100; -1 (the default) draws no bar.' },
    { name: 'SecondsRemaining', type: 'int', help: 'Shown at the end of the bar; -1 (the default) shows nothing.' },
    { name: 'CurrentOperation', type: 'string', help: 'What is being done right now (the REPL panel shows it).' },
    { name: 'ParentId', type: 'int', validateRange: [-1, INT_MAX], help: 'The activity this one is a step of; drawn under it.' },
    { name: 'Completed', type: 'switch', help: 'The activity is over: its bar is removed.' },
    { name: 'SourceId', type: 'int', help: 'Accepted for PowerShell scripts; not used.' },
    { name: 'NonEssential', type: 'switch', help: 'Accepted for PowerShell 7.4 scripts; every record is drawn.' },
  ],
  help: {
    synopsis: 'Shows a progress bar (on a terminal) for a long-running activity; -Completed removes it.',
    description: 'Nothing is shown when stderr is not a terminal (cron, pipes, CI) or when $ProgressPreference is SilentlyContinue. Progress never enters the pipeline, redirections or a transcript.',
    examples: [
      { code: "foreach ($i in 1..3) { Write-Progress -Activity 'Copying' -Status \"file $i of 3\" -PercentComplete ($i * 33) }; Write-Progress -Activity 'Copying' -Completed" },
    ],
  },
  create(params, ctx) {
    return {
      async process() {
        const activity = params.Activity === undefined || params.Activity === null ? '' : toStringValue(params.Activity);
        const completed = params.Completed === true;
        if (!activity && !completed) {
          const ex = new PSException("Missing value for mandatory parameter. (Parameter 'Activity')", 'System.ArgumentException');
          throw new TerminatingError(new ErrorRecord(ex, 'MissingActivity,Microsoft.PowerShell.Commands.WriteProgressCommand', 'InvalidArgument', null));
        }
        const num = (v: unknown, fallback: number) => (v === undefined || v === null ? fallback : Number(v));
        ctx.writeProgress(progressRecord({
          ActivityId: num(params.Id, 0),
          ParentActivityId: num(params.ParentId, -1),
          Activity: activity,
          StatusDescription: params.Status === undefined ? 'Processing' : toStringValue(params.Status),
          CurrentOperation: params.CurrentOperation === undefined || params.CurrentOperation === null ? null : toStringValue(params.CurrentOperation),
          PercentComplete: num(params.PercentComplete, -1),
          SecondsRemaining: num(params.SecondsRemaining, -1),
          RecordType: completed ? 'Completed' : 'Processing',
        }));
      },
    };
  },
};
