// PowerShell short type names (`int`, `string[]`) to the .NET names its messages print
// (`System.Int32`, `System.String[]`), for binder errors written by the runtime itself.

const NAMES: Record<string, string> = {
  int: 'System.Int32',
  int32: 'System.Int32',
  long: 'System.Int64',
  int64: 'System.Int64',
  double: 'System.Double',
  decimal: 'System.Decimal',
  string: 'System.String',
  bool: 'System.Boolean',
  boolean: 'System.Boolean',
  char: 'System.Char',
  byte: 'System.Byte',
  switch: 'System.Management.Automation.SwitchParameter',
  object: 'System.Object',
  psobject: 'System.Management.Automation.PSObject',
  hashtable: 'System.Collections.Hashtable',
  scriptblock: 'System.Management.Automation.ScriptBlock',
  datetime: 'System.DateTime',
  timespan: 'System.TimeSpan',
  pscustomobject: 'System.Management.Automation.PSObject',
};

export function dotNetTypeName(type: string): string {
  const t = type.trim();
  if (t.endsWith('[]')) return dotNetTypeName(t.slice(0, -2)) + '[]';
  return NAMES[t.toLowerCase()] ?? t;
}
