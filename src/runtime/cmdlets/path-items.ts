// Path helpers shared by the file-system cmdlets: resolving against the session's location,
// wildcard expansion (`*.txt`), the "cannot find path" error, and the item objects Get-ChildItem,
// Get-Item and New-Item return (FileInfo/DirectoryInfo-like, with the properties scripts read).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CmdletContext } from '../cmdlet.ts';
import { PSDateTime } from '../values/date-time.ts';
import { toStringValue } from '../values/convert.ts';
import { ErrorRecord } from '../error-record.ts';
import { hasWildcard, wildcardMatch } from '../../engine/infra/wildcard.ts';
import { registerView } from '../format/view-registry.ts';

export function resolvePath(ctx: CmdletContext, p: unknown): string {
  let s = toStringValue(p);
  if (s === '~' || s.startsWith('~/')) s = path.join(process.env.HOME ?? '/', s.slice(1));
  // Pester's `TestDrive:\file` is the folder in $TestDrive while tests run.
  const drive = /^testdrive:[\\/]?/i.exec(s);
  const root = drive ? ctx.getVariable('TestDrive') : null;
  if (drive && typeof root === 'string' && root !== '') s = path.join(root, s.slice(drive[0].length).replace(/\\/g, '/'));
  return path.resolve(ctx.cwd, s);
}

/** Expands a path that may contain wildcards in its last segment; plain paths come back as is. */
export function expandPath(ctx: CmdletContext, p: unknown): string[] {
  const full = resolvePath(ctx, p);
  const base = path.basename(full);
  if (!hasWildcard(base)) return [full];
  const dir = path.dirname(full);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => wildcardMatch(n, base))
    .sort()
    .map((n) => path.join(dir, n));
}

export function pathNotFound(p: string, command: string): ErrorRecord {
  return ErrorRecord.fromMessage(
    `Cannot find path '${p}' because it does not exist.`,
    'System.Management.Automation.ItemNotFoundException',
    `PathNotFound,Microsoft.PowerShell.Commands.${command}`,
    'ObjectNotFound',
    p,
  );
}

function modeOf(st: fs.Stats, name: string): string {
  return (st.isDirectory() ? 'd' : '-') + '----' + (name.startsWith('.') ? 'h' : '-');
}

/** A file or directory as Get-ChildItem shows it. */
export class FileSystemItem {
  readonly psTypeName: string;
  readonly FullName: string;
  readonly Name: string;
  readonly PSIsContainer: boolean;
  readonly Length: number | null;
  readonly LastWriteTime: PSDateTime;
  readonly CreationTime: PSDateTime;
  readonly Mode: string;

  constructor(full: string) {
    const st = fs.statSync(full);
    this.FullName = full;
    this.Name = path.basename(full);
    this.PSIsContainer = st.isDirectory();
    this.psTypeName = this.PSIsContainer ? 'System.IO.DirectoryInfo' : 'System.IO.FileInfo';
    this.Length = this.PSIsContainer ? null : st.size;
    this.LastWriteTime = PSDateTime.fromDate(st.mtime);
    this.CreationTime = PSDateTime.fromDate(st.birthtime);
    this.Mode = modeOf(st, this.Name);
  }

  get Extension(): string {
    return this.PSIsContainer ? '' : path.extname(this.Name);
  }

  get BaseName(): string {
    return this.PSIsContainer ? this.Name : path.basename(this.Name, path.extname(this.Name));
  }

  get DirectoryName(): string {
    return path.dirname(this.FullName);
  }

  get Directory(): FileSystemItem {
    return new FileSystemItem(path.dirname(this.FullName));
  }

  get Parent(): FileSystemItem {
    return new FileSystemItem(path.dirname(this.FullName));
  }

  get Exists(): boolean {
    return fs.existsSync(this.FullName);
  }

  toString(): string {
    return this.FullName;
  }
}

const itemColumns = [
  'Mode',
  { name: 'LastWriteTime', value: (o: unknown) => {
    const d = (o as FileSystemItem).LastWriteTime;
    return `${d.Month}/${d.Day}/${d.Year} ${String(d.Hour % 12 || 12).padStart(2, ' ')}:${String(d.Minute).padStart(2, '0')} ${d.Hour < 12 ? 'AM' : 'PM'}`;
  }, width: 19 },
  { name: 'Length', align: 'right' as const, width: 14 },
  'Name',
];
// One view for both, as PowerShell's FileSystemTypes: files and folders share one table.
const itemView = { kind: 'table' as const, properties: itemColumns };
registerView('System.IO.FileInfo', itemView);
registerView('System.IO.DirectoryInfo', itemView);

/** `Get-Location`/`Resolve-Path` output. */
export class PathInfo {
  readonly psTypeName = 'System.Management.Automation.PathInfo';
  readonly Path: string;

  constructor(p: string) {
    this.Path = p;
  }

  get ProviderPath(): string {
    return this.Path;
  }

  toString(): string {
    return this.Path;
  }
}
