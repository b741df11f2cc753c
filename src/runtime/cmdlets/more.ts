// `more`: PowerShell's paging function as a command — `Get-Help about | more` pages its input like
// `Out-Host -Paging`, `more FILE` pages the file's lines. On a host that cannot page (a script,
// `vbrs -c`, plain mode) it writes everything.
import * as fs from 'node:fs';
import type { CmdletDef } from '../cmdlet.ts';
import { ErrorRecord } from '../error-record.ts';
import { listOf, inputOf } from './property-selector.ts';
import { expandPath, pathNotFound, resolvePath } from './path-items.ts';
import { splitLines } from './content-cmdlets.ts';
import { pagedHostOutput } from './paged-host-output.ts';

export const moreCmdlet: CmdletDef = {
  name: 'more',
  parameters: [
    { name: 'Path', type: 'string[]', position: 0, help: 'Files whose lines are paged; without it, the pipeline input is.' },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
  ],
  help: {
    synopsis: 'Shows its input, or files, a screenful at a time.',
    description: 'Space shows the next page, Enter the next line, Q stops. Input is formatted as Out-Host formats it.',
    examples: [
      { code: "1..3 | more" },
      { code: "$p = Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-more.txt'; 'one','two' | Set-Content $p; more $p; Remove-Item $p" },
    ],
  },
  create(params, ctx) {
    const out = pagedHostOutput(ctx, ctx.host.paging);
    const paths = listOf(params.Path);
    let filesDone = false;

    const pageFiles = async (): Promise<void> => {
      for (const p of paths) {
        const files = expandPath(ctx, p);
        if (files.length === 0 || !fs.existsSync(files[0]!)) {
          await ctx.writeError(pathNotFound(resolvePath(ctx, p), 'GetContentCommand'));
          continue;
        }
        for (const file of files) {
          if (fs.statSync(file).isDirectory()) {
            await ctx.writeError(ErrorRecord.fromMessage(`Unable to show '${file}': it is a directory.`, 'System.UnauthorizedAccessException', 'MoreDirectory,more', 'InvalidArgument', file));
            continue;
          }
          for (const line of splitLines(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))) await out.push(line);
        }
      }
    };

    return {
      async process(input) {
        if (paths.length) {
          // As PowerShell's `more` function: files named, input ignored (it reads them with Get-Content,
          // hence that command's error for a missing file).
          if (filesDone) return;
          filesDone = true;
          return pageFiles();
        }
        const item = inputOf(input, params);
        if (item !== undefined) await out.push(item);
      },
      async end() {
        await out.end();
      },
    };
  },
};
