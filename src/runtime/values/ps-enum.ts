// A .NET enum value (`[DayOfWeek]::Monday`, `$date.DayOfWeek`): prints and compares as its name,
// converts to its number (`[int]$d.DayOfWeek` is 1), and serialises to JSON as the number.

import { hideFields } from './hide-fields.ts';

export class PSEnumValue {
  readonly typeName: string;
  readonly name: string;
  readonly value: number;

  constructor(typeName: string, name: string, value: number) {
    this.typeName = typeName;
    this.name = name;
    this.value = value;
    hideFields(this, 'typeName', 'name', 'value');
  }

  get value__(): number {
    return this.value;
  }

  toString(): string {
    return this.name;
  }
}

export const ENUMS: Record<string, string[]> = {
  'System.MidpointRounding': ['ToEven', 'AwayFromZero', 'ToZero', 'ToNegativeInfinity', 'ToPositiveInfinity'],
  'System.StringComparison': ['CurrentCulture', 'CurrentCultureIgnoreCase', 'InvariantCulture', 'InvariantCultureIgnoreCase', 'Ordinal', 'OrdinalIgnoreCase'],
  'System.StringSplitOptions': ['None', 'RemoveEmptyEntries', 'TrimEntries'],
  'System.DayOfWeek': ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  'System.DateTimeKind': ['Unspecified', 'Utc', 'Local'],
  'System.Management.Automation.OutputRendering': ['Host', 'PlainText', 'Ansi'],
  'System.Management.Automation.ProgressView': ['Minimal', 'Classic'],
  'System.ConsoleColor': ['Black', 'DarkBlue', 'DarkGreen', 'DarkCyan', 'DarkRed', 'DarkMagenta', 'DarkYellow', 'Gray', 'DarkGray', 'Blue', 'Green', 'Cyan', 'Red', 'Magenta', 'Yellow', 'White'],
};

/** Flag enums: name → bit value. */
const FLAGS: Record<string, Record<string, number>> = {
  'System.Text.RegularExpressions.RegexOptions': { None: 0, IgnoreCase: 1, Multiline: 2, ExplicitCapture: 4, Compiled: 8, Singleline: 16, IgnorePatternWhitespace: 32, RightToLeft: 64, ECMAScript: 256, CultureInvariant: 512 },
};

/** The enum type a written name refers to (`DayOfWeek`, `System.DayOfWeek`), if vbrs models it. */
export function enumTypeName(full: string): string | undefined {
  const l = full.toLowerCase().replace(/^system\./, '');
  return Object.keys({ ...ENUMS, ...FLAGS }).find((k) => k.toLowerCase() === full.toLowerCase() || k.toLowerCase().replace(/^system\./, '') === l || k.toLowerCase().endsWith('.' + l));
}

export function enumValue(typeName: string, name: string): PSEnumValue | undefined {
  const names = ENUMS[typeName];
  if (names) {
    const i = names.findIndex((n) => n.toLowerCase() === name.toLowerCase());
    return i < 0 ? undefined : new PSEnumValue(typeName, names[i], i);
  }
  const flags = FLAGS[typeName];
  if (flags) {
    const key = Object.keys(flags).find((n) => n.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : new PSEnumValue(typeName, key, flags[key]);
  }
  return undefined;
}

/** The member of an enum with this number (`[DayOfWeek]1` is Monday). */
export function enumFromNumber(typeName: string, n: number): PSEnumValue | undefined {
  const names = ENUMS[typeName];
  if (names) return names[n] === undefined ? undefined : new PSEnumValue(typeName, names[n], n);
  const flags = FLAGS[typeName];
  const key = flags ? Object.keys(flags).find((k) => flags[k] === n) : undefined;
  return key === undefined ? undefined : new PSEnumValue(typeName, key, n);
}
