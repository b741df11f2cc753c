// System.Text.RegularExpressions Match/Group objects for `[regex]::Match`, `.Matches`, Select-String
// and `-replace` script blocks. `Groups` is an array (it enumerates like .NET's GroupCollection)
// that can also be indexed by group name.

import { dotnetGroups } from '../values/regex.ts';

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

  get psTypeName(): string {
    return 'System.Text.RegularExpressions.Group';
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

  constructor(m: RegExpExecArray | RegExpMatchArray | null, _input: string, pattern = '') {
    super('0', m ? m[0] : undefined, m?.index ?? 0);
    const groups: RegexGroup[] = [];
    const byName = new Map<string, RegexGroup>();
    if (m) {
      for (const g of dotnetGroups(m, pattern)) {
        const group = new RegexGroup(g.name, g.value, g.index);
        groups.push(group);
        byName.set(g.name.toLowerCase(), group);
      }
    }
    this.Groups = groups;
    namedGroups.set(groups, byName);
  }

  override get psTypeName(): string {
    return 'System.Text.RegularExpressions.Match';
  }

  get Captures(): RegexGroup[] {
    return this.Success ? [this] : [];
  }
}
