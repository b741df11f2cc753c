// Get-FileHash, as in PowerShell: the hash of a file's bytes (SHA256 by default) in upper-case hex.
// Runbooks use it to prove a restored image equals the disk it came from. It needs no engine, so
// it never opens the catalog. The file is streamed, so multi-gigabyte images are fine.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { ErrorRecord } from '../runtime/error-record.ts';
import { tagType } from './shell-object.ts';

const ALGORITHMS = ['SHA1', 'SHA256', 'SHA384', 'SHA512', 'MD5'];

async function hashFile(path: string, algorithm: string, signal: AbortSignal): Promise<string> {
  const h = createHash(algorithm.toLowerCase());
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal })) h.update(chunk as Buffer);
  return h.digest('hex').toUpperCase();
}

export const getFileHashCmdlet: CmdletDef = {
  name: 'Get-FileHash',
  parameters: [
    { name: 'Path', type: 'string[]', mandatory: true, position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true, aliases: ['FullName', 'LiteralPath'], help: 'Files to hash; relative paths resolve against the current location.' },
    { name: 'Algorithm', type: 'string', validateSet: ALGORITHMS, help: 'SHA256 (default), SHA1, SHA384, SHA512 or MD5.' },
  ],
  help: {
    synopsis: 'Computes the hash of files.',
    description: 'Returns Algorithm, Hash (upper-case hex) and Path (absolute) for each file.',
    examples: [
      { code: "Set-Content -Path ./hello.txt -Value 'hello'; Get-FileHash ./hello.txt", remarks: 'SHA256 of a small file.' },
      { code: '(Get-VM web01).Disks | ForEach-Object Path | Get-FileHash', remarks: 'Hashes of the VM disk images (compare them with Start-Restore output).', needs: 'engine' },
    ],
  },
  outputType: 'Microsoft.PowerShell.Commands.FileHashInfo',
  create(params, ctx) {
    return {
      async process() {
        const algorithm = String(params.Algorithm ?? 'SHA256').toUpperCase();
        const paths = (Array.isArray(params.Path) ? params.Path : [params.Path]).map((x) => String(x));
        for (const p of paths) {
          const full = resolve(ctx.cwd, p);
          let isFile = false;
          try {
            isFile = statSync(full).isFile();
          } catch {
            // reported below
          }
          if (!isFile) {
            await ctx.writeError(ErrorRecord.fromMessage(`Cannot find path '${full}' because it does not exist or is not a file.`, 'System.Management.Automation.ItemNotFoundException', 'FileNotFound,Get-FileHash', 'ObjectNotFound', full));
            continue;
          }
          const hash = await hashFile(full, algorithm, ctx.signal);
          await ctx.emit(tagType({ Algorithm: algorithm, Hash: hash, Path: full }, 'Microsoft.PowerShell.Commands.FileHashInfo'));
        }
      },
    };
  },
};
