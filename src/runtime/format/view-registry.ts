// Default views by type name: which properties an object shows and whether as a table or a list,
// like PowerShell's *.format.ps1xml. Engine object types register theirs the same way
// (`registerView('Vbrs.Session', { kind: 'table', properties: [...] })`).

import { PSDateTime } from '../values/date-time.ts';
import { formatDate } from '../values/date-format.ts';

export interface ColumnSpec {
  /** Property name, or a label with a getter. */
  name: string;
  label?: string;
  width?: number;
  align?: 'left' | 'right' | 'center';
  /** Computes the cell value from the object instead of reading `name`. */
  value?: (obj: unknown) => unknown;
}

export interface ViewDefinition {
  /** `text`: each object prints as one line (`render`, else its string form) inside blank lines. */
  kind: 'table' | 'list' | 'wide' | 'text';
  properties: (string | ColumnSpec)[];
  /** Tables only: a property whose value heads each run of rows (Get-Member's `TypeName:`). */
  groupBy?: string;
  render?: (obj: unknown) => string;
  /** Properties Format-List shows for a type whose default view is a table (else all of them). */
  listProperties?: string[];
}

const views = new Map<string, ViewDefinition>();

export function registerView(typeName: string, view: ViewDefinition): void {
  views.set(typeName.toLowerCase(), view);
}

export function findView(typeNames: string[]): ViewDefinition | undefined {
  for (const t of typeNames) {
    const v = views.get(t.toLowerCase());
    if (v) return v;
  }
  return undefined;
}

export function columnSpec(p: string | ColumnSpec): ColumnSpec {
  return typeof p === 'string' ? { name: p } : p;
}

// Built-in views for the .NET types the generic surface produces.
registerView('System.DateTime', { kind: 'text', properties: [], render: (d) => formatDate(d as PSDateTime, 'dddd, MMMM d, yyyy h:mm:ss tt') });
registerView('System.Collections.DictionaryEntry', {
  kind: 'table',
  properties: [{ name: 'Name', width: 30 }, { name: 'Value' }],
  listProperties: ['Name', 'Value'],
});
registerView('System.TimeSpan', {
  kind: 'list',
  properties: ['Days', 'Hours', 'Minutes', 'Seconds', 'Milliseconds', 'Ticks', 'TotalDays', 'TotalHours', 'TotalMinutes', 'TotalSeconds', 'TotalMilliseconds'],
});
registerView('System.Text.RegularExpressions.Match', {
  kind: 'list',
  properties: ['Groups', 'Success', 'Name', 'Captures', 'Index', 'Length', 'Value', { name: 'ValueSpan', value: () => null }],
});
registerView('System.Guid', { kind: 'table', properties: ['Guid'] });
registerView('System.RuntimeType', { kind: 'table', properties: [{ name: 'IsPublic', width: 8 }, { name: 'IsSerial', width: 8 }, { name: 'Name', width: 40 }, 'BaseType'] });
registerView('System.Version', { kind: 'table', properties: [{ name: 'Major', width: 6 }, { name: 'Minor', width: 6 }, { name: 'Build', width: 6 }, { name: 'Revision', width: 8 }] });
registerView('Microsoft.PowerShell.Commands.GroupInfo', {
  kind: 'table',
  properties: [{ name: 'Count', align: 'right', width: 5 }, { name: 'Name', width: 25 }, 'Group'],
});
registerView('Microsoft.PowerShell.Commands.GenericMeasureInfo', {
  kind: 'list',
  properties: ['Count', 'Average', 'Sum', 'Maximum', 'Minimum', 'StandardDeviation', 'Property'],
});
registerView('Microsoft.PowerShell.Commands.TextMeasureInfo', {
  kind: 'table',
  properties: [{ name: 'Lines', align: 'right' }, { name: 'Words', align: 'right' }, { name: 'Characters', align: 'right' }, 'Property'],
});
registerView('System.Management.Automation.PSNoteProperty', {
  kind: 'list',
  properties: ['Value', 'MemberType', 'IsSettable', 'IsGettable', 'TypeNameOfValue', 'Name'],
});
registerView('Microsoft.PowerShell.Commands.GroupInfoNoElement', {
  kind: 'table',
  properties: [{ name: 'Count', align: 'right', width: 5 }, { name: 'Name', width: 25 }],
});
registerView('System.Management.Automation.PathInfo', { kind: 'table', properties: ['Path'] });
