// Format-Table (ft), Format-List (fl), Format-Wide (fw), Out-String, Out-Null, Out-Host and Out-Default: the
// formatting cmdlets. Format-* lay their input out as text once the input ends (column widths come
// from all rows) and emit a FormattedOutput that prints as is; Out-String turns formatting into strings;
// Out-Host -Paging pages on a host that can (paged-host-output.ts).

import type { CmdletDef, CmdletContext } from '../cmdlet.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { DictionaryEntry } from '../members/dictionary-entry.ts';
import { FormattedOutput } from '../format/formatted-output.ts';
import { formatOutput, DEFAULT_WIDTH, resolveForDisplay } from '../format/output-writer.ts';
import { PSObject } from '../values/ps-object.ts';
import type { ScriptInvoker } from '../cmdlet.ts';
import { renderTable } from '../format/table-renderer.ts';
import { renderList } from '../format/list-renderer.ts';
import { shapeOf, propertyNames, isScalar } from '../format/object-shape.ts';
import { findView } from '../format/view-registry.ts';
import { typeNamesOf } from '../format/object-shape.ts';
import { cellText, isRightAligned } from '../format/cell-text.ts';
import type { ColumnSpec } from '../format/view-registry.ts';
import { propertySelector, expandSelectors, inputOf, listOf, type PropertySelector } from './property-selector.ts';
import { collectInput } from './collect-input.ts';
import { pagedHostOutput } from './paged-host-output.ts';
import { ErrorRecord, TerminatingError } from '../error-record.ts';
import { findProperty } from '../members/index.ts';
import { toStringValue } from '../values/convert.ts';
import { formatValue } from '../values/composite-format.ts';
import { textForFile } from '../format/ps-style.ts';

/** Hashtables are formatted as their entries, like PowerShell's formatter does. */
function flattenForFormat(item: unknown): unknown[] {
  if (item instanceof PSHashtable) return item.entries().map(([k, v]) => new DictionaryEntry(k, v));
  if (Array.isArray(item)) return item.flatMap(flattenForFormat);
  return [item];
}

/** Runs ScriptProperties up front so the synchronous renderers can show them. */
async function resolved(items: unknown[], invoker: ScriptInvoker): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const i of items) out.push(i instanceof PSObject && i.properties().some((p) => p.kind === 'ScriptProperty') ? await resolveForDisplay(i, invoker) : i);
  return out;
}

/** Evaluates selectors for every item up front, so the renderers stay synchronous. */
async function resolvedColumns(items: unknown[], selectors: PropertySelector[], exclude: string[] = []): Promise<{ columns: ColumnSpec[]; rows: unknown[] }> {
  const chosen = expandSelectors(selectors, items[0], exclude);
  const rows: unknown[] = [];
  const firstRaw = new Map<string, unknown>();
  for (const item of items) {
    const values = new Map<string, unknown>();
    for (const s of chosen) {
      const v = await s.get(item);
      values.set(s.name, s.formatString === undefined || v === null || v === undefined ? v : formatValue(v, s.formatString));
      // The column keeps the alignment of the value it formats (a number stays right-aligned), as
      // PowerShell decides it from the first object's value before the format string applies.
      if (s.formatString !== undefined && rows.length === 0) firstRaw.set(s.name, v);
    }
    rows.push(values);
  }
  const columns = chosen.map((s): ColumnSpec => ({
    name: s.name,
    width: s.width,
    align: s.align ?? (s.formatString !== undefined && isRightAligned(firstRaw.get(s.name)) ? 'right' : undefined),
    value: (row) => (row as Map<string, unknown>).get(s.name) ?? null,
  }));
  return { columns, rows };
}

const formatCommon = [
  { name: 'Property', type: 'object[]', position: 0, help: 'Properties to show: names, wildcards or @{Label=…; Expression={…}}.' },
  { name: 'InputObject', type: 'object', valueFromPipeline: true },
];

export const formatTableCmdlet: CmdletDef = {
  name: 'Format-Table',
  aliases: ['ft'],
  parameters: [
    ...formatCommon,
    { name: 'AutoSize', type: 'switch', help: 'Sizes every column to its content, overriding a view’s fixed widths.' },
    { name: 'HideTableHeaders', type: 'switch' },
    { name: 'Wrap', type: 'switch', help: 'Continues long values on the next lines instead of cutting them with "…".' },
    { name: 'GroupBy', type: 'object', help: 'A property name, script block or @{Label=…; Expression={…}}: a table per run of equal values.' },
    { name: 'Force', type: 'switch' },
    { name: 'ExcludeProperty', type: 'string[]' },
  ],
  help: {
    synopsis: 'Formats objects as a table.',
    examples: [
      { code: "[pscustomobject]@{Name='a'; Size=1} | Format-Table" },
      { code: "[pscustomobject]@{Name='a'; Size=1} | Format-Table Name, @{Label='KB'; Expression={ $_.Size / 1KB }} -AutoSize" },
    ],
  },
  create(params, ctx) {
    const items: unknown[] = [];
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item !== undefined && item !== null) items.push(...flattenForFormat(item));
      },
      async end() {
        if (items.length === 0) return;
        const lines: string[] = [''];
        const exclude = listOf(params.ExcludeProperty).map((x) => toStringValue(x));
        // -ExcludeProperty alone means every property but those.
        const specs = listOf(params.Property).length || !exclude.length ? listOf(params.Property) : ['*'];
        let columns: ColumnSpec[];
        let rows: unknown[] = await resolved(items, ctx.invoker);
        if (specs.length) {
          ({ columns, rows } = await resolvedColumns(items, specs.map((s) => propertySelector(s, ctx.invoker)), exclude));
        } else if (isScalar(items[0])) {
          columns = [];
        } else {
          columns = shapeOf(items[0]).columns;
          // -AutoSize sizes columns from the data even when the view fixes their widths.
          if (params.AutoSize === true) columns = columns.map((c) => ({ ...c, width: undefined }));
        }
        if (columns.length === 0) {
          await ctx.emit(new FormattedOutput(items.map((i) => cellText(i))));
          return;
        }
        const table = (part: unknown[]) => renderTable(part, columns, { width: DEFAULT_WIDTH, hideHeaders: params.HideTableHeaders === true, wrap: params.Wrap === true });
        if (params.GroupBy === undefined || params.GroupBy === null) {
          lines.push(...table(rows), '');
        } else {
          // As PowerShell: a new group (heading and table) wherever the value changes; the input
          // is not sorted, so sort it first for one group per value.
          const by = propertySelector(params.GroupBy, ctx.invoker);
          const label = typeof params.GroupBy === 'string' ? params.GroupBy : by.name;
          const groups: { value: string; rows: unknown[] }[] = [];
          for (let i = 0; i < items.length; i++) {
            const value = cellText(await by.get(items[i]));
            if (groups.at(-1)?.value !== value) groups.push({ value, rows: [] });
            groups.at(-1)!.rows.push(rows[i]);
          }
          lines.length = 0;
          for (const g of groups) lines.push('', `   ${label}: ${g.value}`, '', ...table(g.rows));
          lines.push('');
        }
        await ctx.emit(new FormattedOutput(lines));
      },
    };
  },
};

export const formatListCmdlet: CmdletDef = {
  name: 'Format-List',
  aliases: ['fl'],
  parameters: [...formatCommon, { name: 'Force', type: 'switch' }, { name: 'ExcludeProperty', type: 'string[]' }],
  help: {
    synopsis: 'Formats each object as a list of properties.',
    examples: [
      { code: "[pscustomobject]@{Name='a'; Size=1} | Format-List" },
      { code: "[pscustomobject]@{Name='a'; Size=1} | Format-List -Property Name" },
    ],
  },
  create(params, ctx) {
    const specs = listOf(params.Property);
    const exclude = listOf(params.ExcludeProperty).map((x) => toStringValue(x));
    // -ExcludeProperty alone means every property but those.
    const selectors = (specs.length || !exclude.length ? specs : ['*']).map((s) => propertySelector(s, ctx.invoker));
    const plainNames = new Set(specs.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase()));
    const lines: string[] = [];
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item === undefined || item === null) return;
        for (const obj of await resolved(flattenForFormat(item), ctx.invoker)) {
          if (isScalar(obj) && !selectors.length) {
            lines.push('', cellText(obj));
            continue;
          }
          let columns: ColumnSpec[];
          let row: unknown = obj;
          if (selectors.length) {
            // A named property the object lacks is left out (PowerShell's list view); nothing left: no entry.
            const present: PropertySelector[] = [];
            for (const sel of expandSelectors(selectors, obj, exclude, ctx.invoker)) {
              if (!plainNames.has(sel.name.toLowerCase()) || (await findProperty(obj, sel.name, ctx.invoker)).found) present.push(sel);
            }
            if (!present.length) continue;
            const r = await resolvedColumns([obj], present);
            columns = r.columns;
            row = r.rows[0];
          } else {
            const view = findView(typeNamesOf(obj));
            columns = view && view.kind === 'list' ? shapeOf(obj).columns : (view?.listProperties ?? propertyNames(obj)).map((name) => ({ name }));
          }
          lines.push('', ...renderList(row, columns));
        }
      },
      async end() {
        if (lines.length) await ctx.emit(new FormattedOutput([...lines, '']));
      },
    };
  },
};

export const formatWideCmdlet: CmdletDef = {
  name: 'Format-Wide',
  aliases: ['fw'],
  parameters: [...formatCommon, { name: 'Column', type: 'int' }],
  help: {
    synopsis: 'Formats objects as a wide table showing one property.',
    examples: [{ code: "'a','b','c' | Format-Wide -Column 3" }],
  },
  create(params, ctx) {
    const values: string[] = [];
    const selector = params.Property === undefined ? null : propertySelector(listOf(params.Property)[0], ctx.invoker);
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item === undefined || item === null) return;
        for (const obj of flattenForFormat(item)) {
          if (selector) values.push(cellText(await selector.get(obj)));
          else if (isScalar(obj)) values.push(cellText(obj));
          else {
            const first = shapeOf(obj).columns[0];
            values.push(first ? cellText(await propertySelector(first.name, ctx.invoker).get(obj)) : cellText(obj));
          }
        }
      },
      async end() {
        if (!values.length) return;
        const cols = (params.Column as number | undefined) ?? 2;
        const width = Math.floor(DEFAULT_WIDTH / cols) - 1;
        const lines: string[] = [''];
        for (let i = 0; i < values.length; i += cols) {
          lines.push(values.slice(i, i + cols).map((v) => v.padEnd(width)).join(' ').trimEnd());
        }
        lines.push('');
        await ctx.emit(new FormattedOutput(lines));
      },
    };
  },
};

export const outStringCmdlet: CmdletDef = {
  name: 'Out-String',
  parameters: [
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'Stream', type: 'switch', help: 'Emits one string per line instead of one string.' },
    { name: 'Width', type: 'int' },
    { name: 'NoNewline', type: 'switch' },
  ],
  help: {
    synopsis: 'Converts objects to the text PowerShell would display for them.',
    examples: [
      { code: "$text = [pscustomobject]@{Name='a'} | Out-String; $text.Length" },
      { code: "1..3 | Out-String -Stream" },
    ],
  },
  create(params, ctx) {
    if (params.NoNewline === true && params.Stream === true) {
      throw new TerminatingError(ErrorRecord.fromMessage('Parameter set cannot be resolved using the specified named parameters.', 'System.Management.Automation.ParameterBindingException', 'AmbiguousParameterSet,Microsoft.PowerShell.Commands.OutStringCommand', 'InvalidArgument', null));
    }
    return collectInput(params, async (items) => {
      // -NoNewline drops the line ends Out-String adds, not the newlines inside a string.
      if (params.NoNewline === true && items.every((i) => typeof i === 'string')) {
        await ctx.emit((items as string[]).join(''));
        return;
      }
      const text = textForFile(ctx.getVariable('PSStyle'), await formatOutput(items, (params.Width as number | undefined) ?? DEFAULT_WIDTH, ctx.invoker));
      if (params.Stream === true) {
        const lines = text.replace(/\n$/, '').split('\n');
        if (text === '') return;
        for (const l of lines) await ctx.emit(l);
        return;
      }
      await ctx.emit(params.NoNewline === true ? text.replace(/\n/g, '') : text);
    });
  },
};

export const outNullCmdlet: CmdletDef = {
  name: 'Out-Null',
  parameters: [{ name: 'InputObject', type: 'object', valueFromPipeline: true }],
  help: { synopsis: 'Discards its input.', examples: [{ code: '1..3 | Out-Null' }] },
  create() {
    return {};
  },
};

function hostWriter(ctx: CmdletContext) {
  return (text: string) => ctx.writeHost(text, { noNewline: true });
}

export const outHostCmdlet: CmdletDef = {
  name: 'Out-Host',
  aliases: ['oh'],
  parameters: [
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'Paging', type: 'switch' },
  ],
  help: {
    synopsis: 'Writes formatted objects to the host instead of the pipeline.',
    description: 'With -Paging on the interactive shell the text is shown a screenful at a time: Space shows the next page, Enter the next line, Q stops the pipeline. Elsewhere -Paging writes everything.',
    examples: [{ code: "'shown' | Out-Host" }, { code: '1..5 | Out-Host -Paging' }],
  },
  create(params, ctx) {
    const paging = params.Paging === true ? ctx.host.paging : undefined;
    if (paging) {
      // Streams so that Q on the first page stops the pipeline before the rest is produced.
      const out = pagedHostOutput(ctx, paging);
      return {
        async process(input) {
          const item = inputOf(input, params);
          if (item !== undefined) await out.push(item);
        },
        end: () => out.end(),
      };
    }
    return collectInput(params, async (items) => {
      const text = await formatOutput(items, DEFAULT_WIDTH, ctx.invoker);
      if (text) hostWriter(ctx)(text);
    });
  },
};

export const outDefaultCmdlet: CmdletDef = {
  name: 'Out-Default',
  parameters: [{ name: 'InputObject', type: 'object', valueFromPipeline: true }],
  help: { synopsis: 'Writes objects to the host as PowerShell displays them.', examples: [{ code: "'shown' | Out-Default" }] },
  create(params, ctx) {
    return collectInput(params, async (items) => {
      const text = await formatOutput(items, DEFAULT_WIDTH, ctx.invoker);
      if (text) ctx.writeHost(text, { noNewline: true });
    });
  },
};
