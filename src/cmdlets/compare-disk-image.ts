// Compare-DiskImage: whether two raw disk images hold the same bytes, optionally leaving out
// ranges (a VM disk's SwapExtents, which a backup skips and a restore fills with zeros). Runbooks
// use it to verify a restored system disk, where Get-FileHash cannot match by design. Needs no
// engine; the files are streamed in 1 MiB chunks.
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { PSException } from '../runtime/error-record.ts';
import { PSHashtable } from '../runtime/values/hashtable.ts';
import { PSObject } from '../runtime/values/ps-object.ts';
import { tagType } from './shell-object.ts';

const CHUNK = 1 << 20;

interface Range {
  offset: number;
  length: number;
}

function field(v: unknown, name: string): unknown {
  if (v instanceof PSHashtable) return v.get(name) ?? v.get(name.toLowerCase());
  if (v instanceof PSObject) return v.getProperty(name)?.value;
  if (v !== null && typeof v === 'object') {
    const key = Object.keys(v).find((k) => k.toLowerCase() === name.toLowerCase());
    return key ? (v as Record<string, unknown>)[key] : undefined;
  }
  return undefined;
}

function ranges(v: unknown): Range[] {
  const items = Array.isArray(v) ? v : v === null || v === undefined ? [] : [v];
  return items.map((x) => {
    const offset = Number(field(x, 'Offset'));
    const length = Number(field(x, 'Length'));
    if (!Number.isFinite(offset) || !Number.isFinite(length) || offset < 0 || length < 0) {
      throw new PSException(`Cannot bind parameter 'ExcludeExtent': each extent needs a non-negative Offset and Length.`, 'System.Management.Automation.ParameterBindingException');
    }
    return { offset, length };
  });
}

/** Zeroes the parts of `buf` (which starts at file offset `at`) that fall in an excluded range. */
function blank(buf: Buffer, at: number, excluded: Range[]): void {
  for (const r of excluded) {
    const start = Math.max(r.offset, at);
    const end = Math.min(r.offset + r.length, at + buf.length);
    if (start < end) buf.fill(0, start - at, end - at);
  }
}

async function compare(a: string, b: string, excluded: Range[], signal: AbortSignal) {
  const fa = await open(a, 'r');
  // Opened inside the try: when the second file cannot be opened the first is still closed (left
  // to the garbage collector, node warns "Closing file descriptor … on garbage collection").
  let fb: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fb = await open(b, 'r');
    const [sa, sb] = [(await fa.stat()).size, (await fb.stat()).size];
    const bufA = Buffer.alloc(CHUNK);
    const bufB = Buffer.alloc(CHUNK);
    let differentBytes = Math.abs(sa - sb);
    let first: number | null = sa === sb ? null : Math.min(sa, sb);
    for (let at = 0; at < Math.min(sa, sb); at += CHUNK) {
      if (signal.aborted) throw new PSException('The comparison was stopped.', 'System.Management.Automation.PipelineStoppedException');
      const n = Math.min(CHUNK, Math.min(sa, sb) - at);
      await fa.read(bufA, 0, n, at);
      await fb.read(bufB, 0, n, at);
      const x = bufA.subarray(0, n);
      const y = bufB.subarray(0, n);
      blank(x, at, excluded);
      blank(y, at, excluded);
      if (x.equals(y)) continue;
      for (let i = 0; i < n; i++) {
        if (x[i] !== y[i]) {
          differentBytes++;
          if (first === null || at + i < first) first = at + i;
        }
      }
    }
    return { equal: differentBytes === 0, differentBytes, first };
  } finally {
    await fa.close();
    await fb?.close();
  }
}

export const compareDiskImageCmdlet: CmdletDef = {
  name: 'Compare-DiskImage',
  parameters: [
    { name: 'ReferencePath', type: 'string', mandatory: true, position: 0, help: 'The original image (for example a VM disk Path).' },
    { name: 'DifferencePath', type: 'string', mandatory: true, position: 1, help: 'The image to check (for example a file from Start-Restore).' },
    { name: 'ExcludeExtent', type: 'object[]', help: 'Ranges left out of the comparison: objects with Offset and Length, such as a disk\'s SwapExtents.' },
  ],
  help: {
    synopsis: 'Tells whether two raw disk images hold the same bytes, outside the ranges excluded.',
    description: 'Returns Equal, DifferentBytes (counted outside the excluded ranges, plus any difference in size), FirstDifference (the offset of the first different byte, or null) and ExcludedBytes.',
    examples: [
      { code: "Set-Content ./a.img 'same'; Set-Content ./b.img 'same'; (Compare-DiskImage ./a.img ./b.img).Equal", remarks: 'True.' },
      {
        code: '$disk = (Get-VM web01).Disks[0]; Compare-DiskImage $disk.Path $restored.Files[0] -ExcludeExtent $disk.SwapExtents',
        remarks: 'A restored system disk equals the VM disk outside its swap area.',
        needs: 'engine',
      },
    ],
  },
  outputType: 'Vbrs.ImageComparison',
  create(params, ctx) {
    return {
      async process() {
        const a = resolve(ctx.cwd, String(params.ReferencePath));
        const b = resolve(ctx.cwd, String(params.DifferencePath));
        const excluded = ranges(params.ExcludeExtent);
        let r;
        try {
          r = await compare(a, b, excluded, ctx.signal);
        } catch (e) {
          if (e instanceof PSException) throw e;
          const code = (e as NodeJS.ErrnoException).code;
          const what = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
          throw new PSException(`Cannot compare '${a}' with '${b}': ${(e as NodeJS.ErrnoException).path ?? 'a file'} ${what}.`, 'System.IO.IOException');
        }
        await ctx.emit(
          tagType(
            {
              ReferencePath: a,
              DifferencePath: b,
              Equal: r.equal,
              DifferentBytes: r.differentBytes,
              FirstDifference: r.first,
              ExcludedBytes: excluded.reduce((n, x) => n + x.length, 0),
            },
            'Vbrs.ImageComparison',
          ),
        );
      },
    };
  },
};
