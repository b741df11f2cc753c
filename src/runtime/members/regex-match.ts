// System.Text.RegularExpressions Match/Group objects for `[regex]::Match`, `.Matches`, Select-String
// and `-replace` script blocks. `Groups` is an array (it enumerates like .NET's GroupCollection)
// that can also be indexed by group name.

export class RegexGroup {
  readonly Name: string;
  readonly Success: boolean;
  readonly Value: string;
  readonly Index: number;
  readonly Length: number;

  constructor(name: string, value: string | undefined, index: number) {
    this.Name = name;
    this.Success = value !== undefined;
    this.Value = value ?? '';
    this.Index = value === undefined ? 0 : index;
    this.Length = this.Value.length;
  }

  toString(): string {
    return this.Value;
  }
}

const namedGroups = new WeakMap<unknown[], Map<string, RegexGroup>>();

/** `$m.Groups['name']`: the group of that name, when `arr` is a group collection. */
export function groupByName(arr: unknown[], name: string): RegexGroup | undefined {
  return namedGroups.get(arr)?.get(name.toLowerCase());
}

export class RegexMatch extends RegexGroup {
  readonly Groups: RegexGroup[];

  constructor(m: RegExpExecArray | RegExpMatchArray | null, _input: string) {
    super('0', m ? m[0] : undefined, m?.index ?? 0);
    const groups: RegexGroup[] = [];
    const byName = new Map<string, RegexGroup>();
    if (m) {
      const indices = (m as RegExpExecArray & { indices?: [number, number][] }).indices;
      const nameOf = new Map<number, string>();
      if (m.groups) {
        // JS numbers named groups in order of their opening parenthesis, as .NET does for unnamed
        // ones; .NET puts named groups after unnamed ones, which we follow for Groups order.
        const names = Object.keys(m.groups);
        let k = 0;
        for (let i = 1; i < m.length && k < names.length; i++) {
          if (m[i] === m.groups[names[k]]) nameOf.set(i, names[k++]);
        }
      }
      for (let i = 0; i < m.length; i++) {
        const name = nameOf.get(i) ?? String(i);
        const g = new RegexGroup(name, m[i], indices?.[i]?.[0] ?? m.index ?? 0);
        groups.push(g);
        byName.set(name.toLowerCase(), g);
      }
    }
    this.Groups = groups;
    namedGroups.set(groups, byName);
  }

  get Captures(): RegexGroup[] {
    return this.Success ? [this] : [];
  }
}
