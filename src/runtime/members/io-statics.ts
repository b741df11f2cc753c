// `[System.IO.Path]`, `[System.IO.File]` and `[System.IO.Directory]` static methods, relative to the
// process's working directory like .NET's (scripts usually pass absolute or Join-Path'd paths).

import * as path from 'node:path';
import * as os from 'node:os';
import * as fs from 'node:fs';
import { toStringValue } from '../values/convert.ts';
import { PSException } from '../error-record.ts';

export const IO_NOT_FOUND = Symbol('not found');

export function pathStatic(name: string, args: unknown[]): unknown {
  const s = (i: number) => toStringValue(args[i]);
  switch (name) {
    case 'combine': return path.join(...(args.length === 1 && Array.isArray(args[0]) ? args[0] : args).map((x) => toStringValue(x)));
    case 'join': return args.map((x) => toStringValue(x)).join(path.sep).replace(/[\\/]+/g, path.sep);
    case 'getfilename': return path.basename(s(0));
    case 'getfilenamewithoutextension': return path.basename(s(0), path.extname(s(0)));
    case 'getextension': return path.extname(s(0));
    case 'getdirectoryname': { const d = path.dirname(s(0)); return d === '.' && !s(0).includes(path.sep) ? '' : d; }
    case 'getfullpath': return path.resolve(s(0));
    case 'ispathrooted': return path.isAbsolute(s(0));
    case 'changeextension': { const p = s(0); const ext = args[1] === null ? '' : s(1); return p.slice(0, p.length - path.extname(p).length) + (ext && !ext.startsWith('.') ? '.' + ext : ext); }
    case 'gettemppath': return os.tmpdir() + path.sep;
    case 'gettempfilename': return path.join(os.tmpdir(), 'tmp' + Math.random().toString(16).slice(2, 8) + '.tmp');
    case 'getrandomfilename': return Math.random().toString(36).slice(2, 10) + '.' + Math.random().toString(36).slice(2, 5);
    case 'hasextension': return path.extname(s(0)) !== '';
  }
  return IO_NOT_FOUND;
}

export function fileStatic(full: string, name: string, args: unknown[]): unknown {
  const p = () => path.resolve(toStringValue(args[0]));
  try {
    if (full === 'System.IO.File') {
      switch (name) {
        case 'exists': return fs.existsSync(p()) && fs.statSync(p()).isFile();
        case 'readalltext': return fs.readFileSync(p(), 'utf8');
        case 'readalllines': return fs.readFileSync(p(), 'utf8').replace(/\r?\n$/, '').split(/\r?\n/);
        case 'writealltext': fs.writeFileSync(p(), toStringValue(args[1])); return undefined;
        case 'writealllines': fs.writeFileSync(p(), (Array.isArray(args[1]) ? args[1] : [args[1]]).map((x) => toStringValue(x) + '\n').join('')); return undefined;
        case 'appendalltext': fs.appendFileSync(p(), toStringValue(args[1])); return undefined;
        case 'delete': fs.rmSync(p(), { force: true }); return undefined;
        case 'copy': fs.copyFileSync(p(), path.resolve(toStringValue(args[1]))); return undefined;
      }
    } else {
      switch (name) {
        case 'exists': return fs.existsSync(p()) && fs.statSync(p()).isDirectory();
        case 'createdirectory': fs.mkdirSync(p(), { recursive: true }); return undefined;
        case 'getfiles': return fs.readdirSync(p()).map((f) => path.join(p(), f)).filter((f) => fs.statSync(f).isFile());
        case 'getdirectories': return fs.readdirSync(p()).map((f) => path.join(p(), f)).filter((f) => fs.statSync(f).isDirectory());
        case 'delete': fs.rmSync(p(), { recursive: args[1] === true }); return undefined;
      }
    }
  } catch (e) {
    throw new PSException(`Exception calling "${name}" with "${args.length}" argument(s): "${(e as Error).message}"`, 'System.Management.Automation.MethodInvocationException');
  }
  return IO_NOT_FOUND;
}

