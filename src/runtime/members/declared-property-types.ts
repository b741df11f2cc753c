// The .NET types of properties, as a type declares them: JavaScript has one number type, so
// Get-Member cannot tell an Int32 from an Int64 by the value. A domain type registers the types
// its properties have in .NET terms (byte counts are `long`: a disk passes 2 GB), and Get-Member
// reads them here before it falls back to the value's own type.

const declared = new Map<string, Map<string, string>>();

/** Declares property types (short names as Get-Member prints them: `long`, `int` …) of `typeName`. */
export function declarePropertyTypes(typeName: string, types: Record<string, string>): void {
  const t = declared.get(typeName) ?? new Map<string, string>();
  for (const [prop, type] of Object.entries(types)) t.set(prop.toLowerCase(), type);
  declared.set(typeName, t);
}

/** The declared type of `prop` on `typeName`, if its type declared one. */
export function declaredPropertyType(typeName: string, prop: string): string | undefined {
  return declared.get(typeName)?.get(prop.toLowerCase());
}
