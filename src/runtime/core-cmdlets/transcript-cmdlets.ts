// Start-Transcript and Stop-Transcript: record what the host shows to a text file (transcript.ts).
// Without -Path the file is `$Transcript` when that variable is set (as in PowerShell), else
// `vbrs_transcript.<machine>.<random>.<yyyyMMddHHmmss>.txt` in `$VBRS_HOME/transcripts` (or the
// platform data folder): PowerShell's Documents folder would be the user's home here, and a data
// folder keeps a test's or a cron job's transcripts with the rest of its data.
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import type { CmdletDef } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { toStringValue } from '../values/convert.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { coreOf } from './core-access.ts';
import { Transcript, transcriptStamp, transcriptsOf } from '../transcript.ts';
import { dataHome } from '../../engine/catalog/data-home.ts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function defaultName(): string {
  const random = Array.from({ length: 8 }, () => ALNUM[randomInt(ALNUM.length)]).join('');
  return `vbrs_transcript.${hostname()}.${random}.${transcriptStamp()}.txt`;
}

/** The file system's refusal as PowerShell words it (.NET's IOException messages). */
function openFailure(path: string, e: unknown): PSException {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? `Could not find a part of the path '${path}'.`
    : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? `Access to the path '${path}' is denied.`
    : code === 'EISDIR' ? `The path '${path}' is a directory.`
    : `Cannot write '${path}': ${(e as Error).message}`;
  return new PSException(why, code === 'ENOENT' ? 'System.IO.DirectoryNotFoundException' : 'System.UnauthorizedAccessException');
}

export const startTranscriptCmdlet: CmdletDef = {
  name: 'Start-Transcript',
  parameters: [
    { name: 'Path', type: 'string', position: 0, parameterSets: ['ByPath'], help: 'The transcript file (relative to the current location).' },
    { name: 'LiteralPath', type: 'string', aliases: ['PSPath', 'LP'], parameterSets: ['ByLiteralPath'], help: 'The file, taken as written.' },
    { name: 'OutputDirectory', type: 'string', parameterSets: ['ByOutputDirectory'], help: 'A folder for a file with the default name.' },
    { name: 'Append', type: 'switch', help: 'Add to the end of an existing file instead of replacing it.' },
    { name: 'Force', type: 'switch', help: 'Accepted for PowerShell scripts.' },
    { name: 'NoClobber', type: 'switch', aliases: ['NoOverwrite'], help: 'Refuse to replace an existing file.' },
    { name: 'IncludeInvocationHeader', type: 'switch', help: 'A time-stamped header before each command typed at the REPL.' },
    { name: 'UseMinimalHeader', type: 'switch', help: 'Only the start time in the header.' },
  ],
  defaultParameterSet: 'ByPath',
  help: {
    synopsis: 'Records what the session shows (output, errors, warnings, verbose lines) to a text file, until Stop-Transcript.',
    description: 'Without -Path the file is $Transcript when set, else vbrs_transcript.<machine>.<random>.<time>.txt in $VBRS_HOME/transcripts. The transcript has a header (start time, user, machine, process, $PSVersionTable) and a footer; progress bars and escape codes are never written to it. A run that ends without Stop-Transcript stops it.',
    examples: [{ code: 'Start-Transcript -Path ./night.log; Start-Job -Name Nightly -Verbose; Stop-Transcript', needs: 'engine' }],
  },
  create(params, ctx) {
    return {
      async process() {
        const session = coreOf(ctx).interp.session;
        const given = params.Path ?? params.LiteralPath;
        let path: string;
        if (given !== undefined && given !== null) path = resolve(ctx.cwd, toStringValue(given));
        else if (params.OutputDirectory !== undefined) path = join(resolve(ctx.cwd, toStringValue(params.OutputDirectory)), defaultName());
        else {
          const preset = ctx.getVariable('Transcript');
          if (preset !== null && preset !== undefined && toStringValue(preset)) path = resolve(ctx.cwd, toStringValue(preset));
          else {
            const dir = join(dataHome(), 'transcripts');
            mkdirSync(dir, { recursive: true });
            path = join(dir, defaultName());
          }
        }
        if (params.NoClobber === true && params.Append !== true && existsSync(path)) {
          throw new PSException(`File ${path} already exists and NoClobber was specified.`, 'System.IO.IOException');
        }
        // Opening it again would cut what the running one wrote (PowerShell: the file is in use).
        if (transcriptsOf(session).some((t) => t.path === path)) {
          throw new PSException(`Transcription cannot be started due to the error: The file '${path}' is being written by a running transcript.`, 'System.Management.Automation.PSInvalidOperationException');
        }
        const table = ctx.getVariable('PSVersionTable');
        const versionLines = table instanceof PSHashtable ? table.entries().map(([k, v]) => `${toStringValue(k)}: ${toStringValue(v)}`) : [];
        let transcript: Transcript;
        try {
          transcript = new Transcript(path, { append: params.Append === true, minimalHeader: params.UseMinimalHeader === true, invocationHeader: params.IncludeInvocationHeader === true, versionLines });
        } catch (e) {
          throw openFailure(path, e);
        }
        transcriptsOf(session).push(transcript);
        await ctx.emit(`Transcript started, output file is ${path}`);
      },
    };
  },
};

export const stopTranscriptCmdlet: CmdletDef = {
  name: 'Stop-Transcript',
  parameters: [],
  help: {
    synopsis: 'Stops the newest transcript (Start-Transcript): writes its footer and closes the file.',
    examples: [{ code: 'Start-Transcript -Path ./run.log | Out-Null; "recorded"; Stop-Transcript' }],
  },
  create(_params, ctx) {
    return {
      async process() {
        const transcript = transcriptsOf(coreOf(ctx).interp.session).pop();
        if (!transcript) throw new PSException('An error occurred stopping transcription: The host is not currently transcribing.', 'System.Management.Automation.PSInvalidOperationException');
        transcript.stop();
        await ctx.emit(`Transcript stopped, output file is ${transcript.path}`);
      },
    };
  },
};
