// The PSVariable objects the variable cmdlets return: live views of a scope's Variable, so
// `(Get-Variable x).Value = 2` changes `$x`, with PowerShell's Name, Value, Description, Options
// (ScopedItemOptions: ReadOnly, Constant, Private, AllScope), Visibility and Attributes.
import { PSException } from '../error-record.ts';
import { PSObject } from '../values/ps-object.ts';
import { PSEnumValue } from '../values/ps-enum.ts';
import { toStringValue } from '../values/convert.ts';
import type { Variable } from '../interpreter/scope.ts';

const OPTIONS_TYPE = 'System.Management.Automation.ScopedItemOptions';
const VISIBILITY_TYPE = 'System.Management.Automation.SessionStateEntryVisibility';
/** ScopedItemOptions' flags, in the order .NET names them in `ToString()`. */
const OPTION_BITS: [string, number][] = [['ReadOnly', 1], ['Constant', 2], ['Private', 4], ['AllScope', 8], ['Unspecified', 16]];

export interface ScopedItemOptions {
  readOnly: boolean;
  constant: boolean;
  isPrivate: boolean;
  allScope: boolean;
}

/** Parses `-Option ReadOnly`, `-Option 'ReadOnly, AllScope'`, `-Option ReadOnly,Private`. */
export function parseOptions(value: unknown): ScopedItemOptions {
  const o: ScopedItemOptions = { readOnly: false, constant: false, isPrivate: false, allScope: false };
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (item instanceof PSEnumValue) {
      o.readOnly ||= (item.value & 1) !== 0;
      o.constant ||= (item.value & 2) !== 0;
      o.isPrivate ||= (item.value & 4) !== 0;
      o.allScope ||= (item.value & 8) !== 0;
      continue;
    }
    for (const raw of toStringValue(item).split(',')) {
      const name = raw.trim().toLowerCase();
      if (name === 'readonly') o.readOnly = true;
      else if (name === 'constant') o.constant = true;
      else if (name === 'private') o.isPrivate = true;
      else if (name === 'allscope') o.allScope = true;
      else if (name !== 'none' && name !== 'unspecified') {
        throw new PSException(
          `Cannot convert value "${raw.trim()}" to type "${OPTIONS_TYPE}". Error: "Unable to match the identifier name ${raw.trim()} to a valid enumerator name. Specify one of the following enumerator names and try again:\nNone, ReadOnly, Constant, Private, AllScope, Unspecified"`,
          'System.Management.Automation.PSInvalidCastException',
        );
      }
    }
  }
  return o;
}

/** Applies options to a variable: Constant only at creation (the caller checks), ReadOnly kept by
 *  `readOnly` too because assignment checks that one flag. */
export function applyOptions(v: Variable, o: ScopedItemOptions): void {
  v.constant = o.constant;
  v.readOnly = o.readOnly || o.constant;
  v.isPrivate = o.isPrivate;
  v.allScope = o.allScope;
}

export function optionsValue(v: Variable): PSEnumValue {
  const bits = (v.constant ? 2 : v.readOnly ? 1 : 0) | (v.isPrivate ? 4 : 0) | (v.allScope ? 8 : 0);
  const names = OPTION_BITS.filter(([, b]) => (bits & b) !== 0).map(([n]) => n);
  return new PSEnumValue(OPTIONS_TYPE, names.length ? names.join(', ') : 'None', bits);
}

export function parseVisibility(value: unknown): 'Public' | 'Private' {
  const s = toStringValue(value).trim().toLowerCase();
  if (s === 'public') return 'Public';
  if (s === 'private') return 'Private';
  throw new PSException(
    `Cannot convert value "${toStringValue(value)}" to type "${VISIBILITY_TYPE}". Error: "Unable to match the identifier name ${toStringValue(value)} to a valid enumerator name. Specify one of the following enumerator names and try again:\nPublic, Private"`,
    'System.Management.Automation.PSInvalidCastException',
  );
}

export function notWritable(name: string): PSException {
  return new PSException(`Cannot overwrite variable ${name} because it is read-only or constant.`, 'System.Management.Automation.SessionStateUnauthorizedAccessException');
}

export function cannotMakeConstant(name: string): PSException {
  return new PSException(`Existing variable ${name} cannot be made constant. Variables can be made constant only at creation time.`, 'System.Management.Automation.SessionStateUnauthorizedAccessException');
}

/** A PSVariable over `v`. `$null`'s variable ignores new values, as in PowerShell. */
export function psVariable(v: Variable): PSObject {
  const o = new PSObject(['System.Management.Automation.PSVariable', 'System.Object']);
  o.clrType = 'System.Management.Automation.PSVariable';
  const isNull = v.name.toLowerCase() === 'null';
  const prop = (name: string, getter: () => unknown, setter?: (value: unknown) => void): void =>
    o.addProperty({ name, kind: 'ScriptProperty', value: null, getter: () => getter(), setter: setter ? (_self: unknown, value: unknown) => setter(value) : undefined });
  prop('Name', () => v.name);
  prop('Description', () => v.description ?? '', (d) => void (v.description = d === null ? '' : toStringValue(d)));
  prop('Value', () => (v.value === undefined ? null : v.value), (value) => {
    if (isNull) return;
    if (v.readOnly) throw notWritable(v.name);
    v.value = value;
    v.automationNull = false;
  });
  prop('Visibility', () => new PSEnumValue(VISIBILITY_TYPE, v.visibility ?? 'Public', v.visibility === 'Private' ? 1 : 0), (value) => void (v.visibility = parseVisibility(value)));
  prop('Module', () => null);
  prop('ModuleName', () => '');
  prop('Options', () => optionsValue(v), (value) => {
    if (isNull) return;
    const next = parseOptions(value);
    if (v.constant) throw notWritable(v.name);
    if (next.constant) throw cannotMakeConstant(v.name);
    applyOptions(v, next);
  });
  prop('Attributes', () => []);
  return o;
}
