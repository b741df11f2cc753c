// A type used as a value: `[int]`, `[math]`, `$x.GetType()`. Scripts read `.Name` and `.FullName`
// and call static members through it; `-is`/`-as` and casts use the canonical full name.

import { hideFields } from './hide-fields.ts';
export class TypeValue {
  readonly fullName: string;

  constructor(fullName: string) {
    this.fullName = fullName;
    hideFields(this, 'fullName');
  }

  get FullName(): string {
    return this.fullName;
  }

  get Name(): string {
    // A nested type's name is the part after `+` (`ArrayList+ArrayListEnumeratorSimple`).
    const dot = Math.max(this.fullName.lastIndexOf('.'), this.fullName.lastIndexOf('+'));
    return dot < 0 ? this.fullName : this.fullName.slice(dot + 1);
  }

  get IsPublic(): boolean {
    return true;
  }

  get IsSerial(): boolean {
    return true;
  }

  get Namespace(): string {
    const dot = this.fullName.lastIndexOf('.');
    return dot < 0 ? '' : this.fullName.slice(0, dot);
  }

  /** The parent type, as `$x.GetType()` shows it in its BaseType column. */
  get BaseType(): TypeValue | null {
    const f = this.fullName;
    if (f === 'System.Object') return null;
    if (/\[,*\]$/.test(f)) return new TypeValue('System.Array');
    if (VALUE_TYPES.has(f)) return new TypeValue('System.ValueType');
    if (ENUM_TYPES.has(f)) return new TypeValue('System.Enum');
    return new TypeValue('System.Object');
  }

  get IsValueType(): boolean {
    return VALUE_TYPES.has(this.fullName) || ENUM_TYPES.has(this.fullName);
  }

  get IsArray(): boolean {
    return /\[,*\]$/.test(this.fullName);
  }

  toString(): string {
    return this.fullName;
  }
}

const VALUE_TYPES = new Set([
  'System.Int32', 'System.Int64', 'System.Int16', 'System.Byte', 'System.SByte', 'System.UInt16', 'System.UInt32', 'System.UInt64',
  'System.Double', 'System.Single', 'System.Decimal', 'System.Boolean', 'System.Char', 'System.DateTime', 'System.TimeSpan', 'System.Guid',
  'System.Management.Automation.SwitchParameter',
]);
const ENUM_TYPES = new Set(['System.DayOfWeek', 'System.DateTimeKind', 'System.MidpointRounding', 'System.StringComparison', 'System.StringSplitOptions', 'System.ConsoleColor']);
