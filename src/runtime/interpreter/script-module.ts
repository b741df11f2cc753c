// Script modules: finding one by name on the module path (PowerShell's $env:PSModulePath, here
// $env:VBRS_MODULE_PATH followed by the project's own stdlib/ folder), loading it into a module scope,
// and auto-loading: the first use of a command that no loaded module, function or cmdlet provides
// imports the module on the path that defines it, as PowerShell's command discovery does.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '../../lang/index.ts';
import type { StatementAst } from '../../lang/ast.ts';
import { PSException } from '../error-record.ts';
import { wildcardToRegex } from '../../engine/infra/wildcard.ts';
import type { Streams } from './exec-context.ts';
import type { Interpreter } from './interpreter.ts';
import { loadScriptFile } from './pipeline.ts';
import { Scope } from './scope.ts';
import type { Session } from './session.ts';

const EXPORTS = '__vbrsModuleExports';
const MODULE_EXTENSIONS = ['.vbrs', '.psm1'];

/** The stdlib/ folder of this checkout: modules written in vbrs that ship with it. */
export const STDLIB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../stdlib');

/** The folders searched for a module named without a path, in order. */
export function modulePath(): string[] {
  const own = (process.env.VBRS_MODULE_PATH ?? '').split(delimiter).filter(Boolean);
  return [...own, STDLIB_DIR];
}

/** `<dir>/<name>.vbrs`, or a folder's `<dir>/<name>/<name>.vbrs` (.psm1 likewise), or null. */
function moduleFileIn(dir: string, name: string): string | null {
  const base = join(dir, name);
  try {
    if (statSync(base).isDirectory()) {
      const inner = MODULE_EXTENSIONS.map((e) => join(base, basename(name) + e)).find((p) => existsSync(p));
      if (inner) return inner;
    } else return base;
  } catch {
    // not there: try the extensions
  }
  return MODULE_EXTENSIONS.map((e) => base + e).find((p) => existsSync(p)) ?? null;
}

/** Resolves what Import-Module was given: a path (relative to `cwd`) or a name on the module path. */
export function resolveModule(written: string, cwd: string): string | null {
  const isPath = /[\\/]/.test(written) || written.startsWith('.') || /\.(vbrs|psm1)$/i.test(written);
  if (isPath) return moduleFileIn(dirname(resolve(cwd, written)), basename(written));
  for (const dir of modulePath()) {
    const found = moduleFileIn(dir, written);
    if (found) return found;
  }
  return null;
}

/** Runs a module file in a fresh module scope and makes its exported functions global; returns its name. */
export async function importScriptModule(interp: Interpreter, path: string, streams: Streams, force = false): Promise<string> {
  const session = interp.session;
  const name = basename(path).replace(/\.[^.]+$/, '');
  if (session.modules.has(path) && !force) return name;
  const sb = loadScriptFile(interp, path);
  const scope = new Scope(session.global, 'module');
  scope.setLocal('PSScriptRoot', dirname(path));
  scope.setLocal('PSCommandPath', path);
  const mctx = { scope, source: sb.source, out: () => {}, streams, frame: null, errorSinks: [] };
  // Recorded first, so a module that uses its own commands while loading does not load itself again.
  session.modules.set(path, { name, functions: [] });
  try {
    await interp.runStatements(sb.ast.begin, mctx);
    await interp.runStatements(sb.ast.process, mctx);
    await interp.runStatements(sb.ast.end, mctx);
  } catch (e) {
    session.modules.delete(path);
    throw e;
  }
  const exports = scope.getLocal(EXPORTS)?.value as string[] | undefined;
  const fns = [...scope.functions.values()].filter((f) => !exports || exports.some((p) => wildcardToRegex(p).test(f.name)));
  for (const f of scope.functions.values()) {
    f.module = name;
    f.scope = scope;
  }
  for (const f of fns) session.global.functions.set(f.name.toLowerCase(), f);
  session.modules.set(path, { name, functions: fns.map((f) => f.name) });
  return name;
}

/** Records `Export-ModuleMember -Function …` in the module scope `scope`. */
export function addModuleExports(scope: Scope, patterns: string[]): void {
  if (scope.kind !== 'module') throw new PSException('The Export-ModuleMember cmdlet can only be called from inside a module.', 'System.InvalidOperationException');
  const prev = (scope.getLocal(EXPORTS)?.value as string[] | undefined) ?? [];
  scope.setLocal(EXPORTS, [...prev, ...patterns]);
}

interface ModuleCommands {
  path: string;
  commands: string[];
  /** Each command's parameters (name and type) from its param block, by lower-case command name. */
  parameters: Map<string, { name: string; type: string }[]>;
}

const discovered = new Map<string, ModuleCommands[]>();

/** The functions a module file and the files beside it define at their top level (read, not run),
 *  with the parameters their param blocks declare. */
function definedFunctions(moduleFile: string): { name: string; parameters: { name: string; type: string }[] }[] {
  const dir = dirname(moduleFile);
  const ownFolder = basename(dir).toLowerCase() === basename(moduleFile).replace(/\.[^.]+$/, '').toLowerCase();
  const files = ownFolder ? readdirSync(dir).filter((f) => MODULE_EXTENSIONS.some((e) => f.endsWith(e))).map((f) => join(dir, f)) : [moduleFile];
  const names: { name: string; parameters: { name: string; type: string }[] }[] = [];
  for (const file of files) {
    try {
      const ast = parse(readFileSync(file, 'utf8'), file);
      const top: StatementAst[] = [ast.begin, ast.process, ast.end].flatMap((b) => b?.statements ?? []);
      for (const s of top) {
        if (s.kind !== 'FunctionDefinition') continue;
        const parameters = (s.body.paramBlock?.parameters ?? []).map((p) => ({ name: p.name, type: p.type?.name ?? 'object' }));
        names.push({ name: s.name.replace(/^(global|script):/i, ''), parameters });
      }
    } catch {
      // A module that does not parse offers nothing to auto-load; Import-Module reports its error.
    }
  }
  return names;
}

/** `names` narrowed to the module file's `Export-ModuleMember -Function …` patterns, if it has any
 *  (read from its text: PowerShell's module analysis does the same without running the module). */
function exportedOf(moduleFile: string, names: string[]): string[] {
  let text = '';
  try {
    text = readFileSync(moduleFile, 'utf8');
  } catch {
    return names;
  }
  const patterns: RegExp[] = [];
  for (const m of text.matchAll(/^[ \t]*Export-ModuleMember\b(?:[ \t]+-Function\b)?([^\r\n#]*)/gim)) {
    for (const p of m[1]!.matchAll(/'([^']+)'|"([^"]+)"|([\w*?-]+)/g)) patterns.push(wildcardToRegex(p[1] ?? p[2] ?? p[3]!));
  }
  return patterns.length ? names.filter((n) => patterns.some((re) => re.test(n))) : names;
}

/** Every module on the module path with the commands it would provide (cached per folder). */
export function discoverModules(): ModuleCommands[] {
  const out: ModuleCommands[] = [];
  for (const dir of modulePath()) {
    let found = discovered.get(dir);
    if (!found) {
      found = [];
      let entries: string[] = [];
      try {
        entries = readdirSync(dir);
      } catch {
        // a folder on the path that does not exist holds no modules
      }
      for (const entry of entries.sort()) {
        const file = moduleFileIn(dir, entry.replace(/\.(vbrs|psm1)$/i, ''));
        if (file && !found.some((m) => m.path === file)) {
          const fns = definedFunctions(file);
          const commands = exportedOf(file, fns.map((f) => f.name));
          found.push({ path: file, commands, parameters: new Map(fns.filter((f) => commands.includes(f.name)).map((f) => [f.name.toLowerCase(), f.parameters])) });
        }
      }
      discovered.set(dir, found);
    }
    out.push(...found);
  }
  return out;
}

/** Imports the not-yet-loaded module that defines command `name`; true when one was imported. */
export async function autoImportFor(interp: Interpreter, name: string, streams: Streams): Promise<boolean> {
  // PowerShell's switch for it: $PSModuleAutoLoadingPreference = 'None'.
  const pref = interp.session.global.getLocal('PSModuleAutoLoadingPreference')?.value;
  if (/[\\/]/.test(name) || String(pref ?? '').toLowerCase() === 'none') return false;
  const want = name.toLowerCase();
  const m = discoverModules().find((mod) => !interp.session.modules.has(mod.path) && mod.commands.some((c) => c.toLowerCase() === want));
  if (!m) return false;
  await importScriptModule(interp, m.path, streams);
  return true;
}

/** Names of the commands modules on the path would provide, for tab completion. */
export function autoloadableCommands(session: Session): string[] {
  return discoverModules()
    .filter((m) => !session.modules.has(m.path))
    .flatMap((m) => m.commands);
}

/** The parameters of a command a module on the path would provide (read from its source), or null. */
export function autoloadableParameters(session: Session, name: string): { name: string; type: string }[] | null {
  const want = name.toLowerCase();
  for (const m of discoverModules()) {
    if (session.modules.has(m.path)) continue;
    const ps = m.parameters.get(want);
    if (ps) return ps;
  }
  return null;
}
