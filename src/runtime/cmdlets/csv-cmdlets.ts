// ConvertTo-Csv, ConvertFrom-Csv, Export-Csv and Import-Csv as PowerShell 7 does them: no #TYPE
// line, a header from the first object's properties, every value quoted (quotes doubled), and
// imported rows as PSCustomObjects whose values are strings.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CmdletDef, CmdletContext } from '../cmdlet.ts';
import { PSObject } from '../values/ps-object.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { toStringValue } from '../values/convert.ts';
import { ErrorRecord } from '../error-record.ts';
import { propertyNames, readProperty } from '../format/object-shape.ts';
import { inputOf, listOf } from './property-selector.ts';

function csvField(v: unknown, delimiter: string, quote: 'Always' | 'AsNeeded' | 'Never'): string {
  // A $null value is an empty, unquoted field (PowerShell 7: "Hello", — not "Hello","").
  if (v === null || v === undefined) return '';
  const s = toStringValue(v);
  if (quote === 'Never') return s;
  if (quote === 'AsNeeded' && !s.includes(delimiter) && !/["\r\n]/.test(s)) return s;
  return '"' + s.replace(/"/g, '""') + '"';
}

/** Streams objects to CSV lines; the first object fixes the columns. */
class CsvWriter {
  columns: string[] | null = null;
  readonly delimiter: string;
  readonly quote: 'Always' | 'AsNeeded' | 'Never';
  readonly header: boolean;

  constructor(delimiter: string, quote: 'Always' | 'AsNeeded' | 'Never', header: boolean, columns: string[] | null = null) {
    this.delimiter = delimiter;
    this.quote = quote;
    this.header = header;
    this.columns = columns;
  }

  lines(obj: unknown): string[] {
    const out: string[] = [];
    const isNew = this.columns === null;
    // PowerShell 7.2+ writes a dictionary's keys as the columns.
    if (this.columns === null) this.columns = obj instanceof PSHashtable ? obj.keys().map((k) => toStringValue(k)) : propertyNames(obj);
    if (isNew && this.header) out.push(this.columns.map((c) => csvField(c, this.delimiter, this.quote)).join(this.delimiter));
    out.push(this.columns.map((c) => csvField(readProperty(obj, c), this.delimiter, this.quote)).join(this.delimiter));
    return out;
  }
}

/** Splits CSV text into records, honouring quoted fields with doubled quotes and embedded newlines. */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
      continue;
    }
    if (c === '"') {
      quoted = true;
      any = true;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      any = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (any || field !== '') {
        row.push(field);
        rows.push(row);
      }
      row = [];
      field = '';
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || field !== '') {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function rowsToObjects(records: string[][], header: string[] | null): PSObject[] {
  let names = header;
  let data = records;
  if (!names) {
    if (records.length && records[0].length === 1 && records[0][0].startsWith('#TYPE')) data = records.slice(1);
    names = data[0] ?? [];
    data = data.slice(1);
  }
  return data.map((r) => PSObject.from(names!.map((n, i) => [n, i < r.length ? r[i] : null] as [string, unknown])));
}

const quoteParam = { name: 'UseQuotes', type: 'string', validateSet: ['Always', 'AsNeeded', 'Never'] };

function delimiterOf(params: Record<string, unknown>): string {
  return params.Delimiter === undefined ? ',' : toStringValue(params.Delimiter);
}

function quoteOf(params: Record<string, unknown>): 'Always' | 'AsNeeded' | 'Never' {
  const q = params.UseQuotes === undefined ? 'Always' : toStringValue(params.UseQuotes);
  return (q.charAt(0).toUpperCase() + q.slice(1).toLowerCase()).replace('Asneeded', 'AsNeeded') as 'Always' | 'AsNeeded' | 'Never';
}

export const convertToCsvCmdlet: CmdletDef = {
  name: 'ConvertTo-Csv',
  parameters: [
    { name: 'InputObject', type: 'object', position: 0, valueFromPipeline: true },
    { name: 'Delimiter', type: 'char', position: 1 },
    { name: 'NoTypeInformation', type: 'switch', help: 'Accepted for compatibility; no #TYPE line is ever written.' },
    { name: 'NoHeader', type: 'switch' },
    quoteParam,
  ],
  help: {
    synopsis: 'Converts objects to CSV lines.',
    examples: [{ code: "[pscustomobject]@{Name='a'; Size=1} | ConvertTo-Csv", remarks: '"Name","Size" then "a","1".' }],
  },
  create(params, ctx) {
    const w = new CsvWriter(delimiterOf(params), quoteOf(params), params.NoHeader !== true);
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item === undefined || item === null) return;
        for (const l of w.lines(item)) await ctx.emit(l);
      },
    };
  },
};

export const convertFromCsvCmdlet: CmdletDef = {
  name: 'ConvertFrom-Csv',
  parameters: [
    { name: 'InputObject', type: 'object', position: 0, valueFromPipeline: true, mandatory: true },
    { name: 'Delimiter', type: 'char', position: 1 },
    { name: 'Header', type: 'string[]' },
  ],
  help: {
    synopsis: 'Converts CSV lines to objects.',
    examples: [{ code: "'Name,Size', 'a,1' | ConvertFrom-Csv" }],
  },
  create(params, ctx) {
    const lines: string[] = [];
    return {
      async process(input) {
        const item = inputOf(input, params);
        for (const l of listOf(item)) lines.push(toStringValue(l));
      },
      async end() {
        const header = params.Header === undefined ? null : listOf(params.Header).map((h) => toStringValue(h));
        for (const o of rowsToObjects(parseCsv(lines.join('\n'), delimiterOf(params)), header)) await ctx.emit(o);
      },
    };
  },
};

function resolvePath(ctx: CmdletContext, p: unknown): string {
  return path.resolve(ctx.cwd, toStringValue(p));
}

export const exportCsvCmdlet: CmdletDef = {
  name: 'Export-Csv',
  parameters: [
    { name: 'Path', type: 'string', position: 0, mandatory: true },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'Delimiter', type: 'char', position: 1 },
    { name: 'Append', type: 'switch' },
    { name: 'NoTypeInformation', type: 'switch', help: 'Accepted for compatibility; no #TYPE line is ever written.' },
    { name: 'Force', type: 'switch' },
    { name: 'Encoding', type: 'string' },
    quoteParam,
  ],
  help: {
    synopsis: 'Writes objects to a CSV file.',
    examples: [{ code: "$p = Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-example.csv'; [pscustomobject]@{Name='a'} | Export-Csv $p; Remove-Item $p" }],
  },
  create(params, ctx) {
    const file = resolvePath(ctx, params.Path);
    const append = params.Append === true && fs.existsSync(file) && fs.statSync(file).size > 0;
    let columns: string[] | null = null;
    if (append) {
      const first = parseCsv(fs.readFileSync(file, 'utf8'), delimiterOf(params))[0];
      if (first) columns = first;
    }
    const w = new CsvWriter(delimiterOf(params), quoteOf(params), true, columns);
    const lines: string[] = [];
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item === undefined || item === null) return;
        lines.push(...w.lines(item));
      },
      async end() {
        const body = lines.map((l) => l + '\n').join('');
        try {
          if (append) fs.appendFileSync(file, body);
          else fs.writeFileSync(file, body);
        } catch (e) {
          await ctx.writeError(ErrorRecord.fromMessage(`Could not find a part of the path '${file}'.`, 'System.IO.DirectoryNotFoundException', 'FileOpenFailure,Microsoft.PowerShell.Commands.ExportCsvCommand', 'OpenError', file));
        }
      },
    };
  },
};

export const importCsvCmdlet: CmdletDef = {
  name: 'Import-Csv',
  parameters: [
    { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipeline: true },
    { name: 'Delimiter', type: 'char', position: 1 },
    { name: 'Header', type: 'string[]' },
    { name: 'Encoding', type: 'string' },
  ],
  help: {
    synopsis: 'Reads objects from a CSV file.',
    examples: [{ code: "$p = Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-import.csv'; 'A,B', '1,2' | Set-Content $p; Import-Csv $p; Remove-Item $p" }],
  },
  create(params, ctx) {
    return {
      async process() {
        for (const p of listOf(params.Path)) {
          const file = resolvePath(ctx, p);
          if (!fs.existsSync(file)) {
            await ctx.writeError(ErrorRecord.fromMessage(`Could not find file '${file}'.`, 'System.IO.FileNotFoundException', 'FileOpenFailure,Microsoft.PowerShell.Commands.ImportCsvCommand', 'OpenError', file));
            continue;
          }
          const header = params.Header === undefined ? null : listOf(params.Header).map((h) => toStringValue(h));
          for (const o of rowsToObjects(parseCsv(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), delimiterOf(params)), header)) await ctx.emit(o);
        }
      },
    };
  },
};
