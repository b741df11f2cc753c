// Select-String (sls): finds text matching a regex (or a plain string with -SimpleMatch) in piped
// strings or files, returning MatchInfo objects that print as `path:line:text` (or the line itself
// for piped text), or just True/False with -Quiet.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CmdletDef } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';
import { toJsRegex, escapeRegex } from '../values/regex.ts';
import { RegexMatch } from '../members/regex-match.ts';
import { registerView } from '../format/view-registry.ts';
import { listOf, inputOf } from './property-selector.ts';
import { expandPath, pathNotFound, resolvePath } from './path-items.ts';
import { splitLines } from './content-cmdlets.ts';

export class MatchInfo {
  readonly psTypeName = 'Microsoft.PowerShell.Commands.MatchInfo';
  readonly Line: string;
  readonly LineNumber: number;
  readonly Path: string;
  readonly Pattern: string;
  readonly Matches: RegexMatch[];
  readonly IgnoreCase: boolean;
  readonly #fromFile: boolean;
  readonly #cwd: string;

  constructor(line: string, lineNumber: number, file: string | null, pattern: string, matches: RegexMatch[], ignoreCase: boolean, cwd = '') {
    this.#cwd = cwd;
    this.Line = line;
    this.LineNumber = lineNumber;
    this.Path = file ?? 'InputStream';
    this.#fromFile = file !== null;
    this.Pattern = pattern;
    this.Matches = matches;
    this.IgnoreCase = ignoreCase;
  }

  get Filename(): string {
    return this.#fromFile ? path.basename(this.Path) : 'InputStream';
  }

  toString(): string {
    if (!this.#fromFile) return this.Line;
    // Like PowerShell, files under the current location are shown by their relative path.
    const rel = this.#cwd ? path.relative(this.#cwd, this.Path) : this.Path;
    return `${rel.startsWith('..') ? this.Path : rel}:${this.LineNumber}:${this.Line}`;
  }
}

registerView('Microsoft.PowerShell.Commands.MatchInfo', { kind: 'text', properties: [] });

export const selectStringCmdlet: CmdletDef = {
  name: 'Select-String',
  aliases: ['sls'],
  parameters: [
    { name: 'Pattern', type: 'string[]', position: 0, mandatory: true },
    { name: 'Path', type: 'string[]', position: 1, valueFromPipelineByPropertyName: true, aliases: ['FullName', 'LiteralPath'] },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'SimpleMatch', type: 'switch' },
    { name: 'CaseSensitive', type: 'switch' },
    { name: 'NotMatch', type: 'switch' },
    { name: 'AllMatches', type: 'switch' },
    { name: 'Quiet', type: 'switch' },
    { name: 'List', type: 'switch' },
  ],
  help: {
    synopsis: 'Finds text that matches a pattern in strings or files.',
    examples: [
      { code: "'apple','banana','cherry' | Select-String 'an'", remarks: 'banana' },
      { code: "('error: disk','ok' | Select-String 'error').Count" },
    ],
  },
  create(params, ctx) {
    const patterns = listOf(params.Pattern).map((p) => toStringValue(p));
    const ignoreCase = params.CaseSensitive !== true;
    const regexes = patterns.map((p) => toJsRegex(params.SimpleMatch === true ? escapeRegex(p) : p, { ignoreCase, global: true }));
    let found = false;
    const check = async (line: string, lineNumber: number, file: string | null): Promise<void> => {
      let matches: RegexMatch[] = [];
      let pattern = patterns[0];
      for (let i = 0; i < regexes.length; i++) {
        const all = [...line.matchAll(regexes[i])];
        if (all.length) {
          matches = (params.AllMatches === true ? all : all.slice(0, 1)).map((m) => new RegexMatch(m, line, regexes[i].source));
          pattern = patterns[i];
          break;
        }
      }
      const hit = matches.length > 0;
      if (hit === (params.NotMatch === true)) return;
      found = true;
      if (params.Quiet !== true) await ctx.emit(new MatchInfo(line, lineNumber, file, pattern, matches, ignoreCase, ctx.cwd));
    };
    let lineNo = 0;
    return {
      async process(input) {
        if (params.Path !== undefined && input === undefined) {
          for (const p of listOf(params.Path)) {
            const files = expandPath(ctx, p).filter((f) => fs.existsSync(f) && fs.statSync(f).isFile());
            if (!files.length) await ctx.writeError(pathNotFound(resolvePath(ctx, p), 'SelectStringCommand'));
            for (const f of files) {
              const lines = splitLines(fs.readFileSync(f, 'utf8'));
              for (let i = 0; i < lines.length; i++) await check(lines[i], i + 1, f);
            }
          }
          return;
        }
        const item = inputOf(input, params);
        if (item === undefined || item === null) return;
        for (const x of listOf(item)) await check(toStringValue(x), ++lineNo, null);
      },
      async end() {
        if (params.Quiet === true) await ctx.emit(found);
      },
    };
  },
};
