// A hashtable entry as `$h.GetEnumerator()` yields it: `Key`/`Name` and `Value`. Formatting shows a
// hashtable as a Name/Value table of these.

export class DictionaryEntry {
  readonly psTypeName = 'System.Collections.DictionaryEntry';
  readonly Key: unknown;
  Value: unknown;

  constructor(key: unknown, value: unknown) {
    this.Key = key;
    this.Value = value;
  }

  get Name(): unknown {
    return this.Key;
  }
}
