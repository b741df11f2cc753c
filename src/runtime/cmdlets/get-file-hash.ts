// Get-FileHash: the hash of each file (SHA256 by default), as upper-case hex like PowerShell.

import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { CmdletDef } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';
import { registerView } from '../format/view-registry.ts';
import { listOf } from './property-selector.ts';
import { expandPath, pathNotFound, resolvePath } from './path-items.ts';

export class FileHashInfo {
  readonly psTypeName = 'Microsoft.PowerShell.Commands.FileHashInfo';
  readonly Algorithm: string;
  readonly Hash: string;
  readonly Path: string;

  constructor(algorithm: string, hash: string, path: string) {
    this.Algorithm = algorithm;
    this.Hash = hash;
    this.Path = path;
  }
}

registerView('Microsoft.PowerShell.Commands.FileHashInfo', { kind: 'table', properties: ['Algorithm', 'Hash', 'Path'] });

const ALGORITHMS: Record<string, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512', MD5: 'md5' };

export const getFileHashCmdlet: CmdletDef = {
  name: 'Get-FileHash',
  parameters: [
    { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipeline: true, valueFromPipelineByPropertyName: true, aliases: ['LiteralPath', 'FullName'] },
    { name: 'Algorithm', type: 'string', validateSet: Object.keys(ALGORITHMS) },
  ],
  help: {
    synopsis: 'Computes the hash of files (SHA256 unless -Algorithm says otherwise).',
    examples: [{ code: "$p = Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-hash.txt'; Set-Content $p 'abc' -NoNewline; (Get-FileHash $p).Hash; Remove-Item $p" }],
  },
  create(params, ctx) {
    const algorithm = (params.Algorithm === undefined ? 'SHA256' : toStringValue(params.Algorithm)).toUpperCase();
    return {
      async process() {
        for (const p of listOf(params.Path)) {
          const files = expandPath(ctx, p).filter((f) => fs.existsSync(f) && fs.statSync(f).isFile());
          if (!files.length) await ctx.writeError(pathNotFound(resolvePath(ctx, p), 'GetFileHashCommand'));
          for (const f of files) {
            const hash = createHash(ALGORITHMS[algorithm]).update(fs.readFileSync(f)).digest('hex').toUpperCase();
            await ctx.emit(new FileHashInfo(algorithm, hash, f));
          }
        }
      },
    };
  },
};
