// `$x.PSObject`: the reflection view scripts use to walk an object's properties
// (`$o.PSObject.Properties | ForEach-Object { $_.Name }`) and to read its type names.

import { PSObject } from '../values/ps-object.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { typeNameOf, typeChainOf, markArrayType } from '../values/type-names.ts';
import { hostPropertyNames } from './host-members.ts';

export class PSPropertyInfo {
  readonly psTypeName = 'System.Management.Automation.PSNoteProperty';
  readonly Name: string;
  readonly MemberType: string;
  Value: unknown;
  readonly IsSettable = true;
  readonly IsGettable = true;

  constructor(name: string, value: unknown, memberType = 'NoteProperty') {
    this.Name = name;
    this.Value = value;
    this.MemberType = memberType;
  }

  get TypeNameOfValue(): string {
    return typeNameOf(this.Value);
  }
}

export class PSObjectView {
  readonly psTypeName = 'System.Management.Automation.PSObject';
  readonly #target: unknown;

  constructor(target: unknown) {
    this.#target = target;
  }

  get Properties(): PSPropertyInfo[] {
    const t = this.#target;
    if (t instanceof PSObject) return t.properties().map((p) => new PSPropertyInfo(p.name, p.kind === 'NoteProperty' ? p.value : null, p.kind));
    if (t instanceof PSHashtable) return [];
    if (t !== null && typeof t === 'object' && !Array.isArray(t)) {
      return hostPropertyNames(t).map((n) => new PSPropertyInfo(n, (t as Record<string, unknown>)[n], 'Property'));
    }
    if (typeof t === 'string') return [new PSPropertyInfo('Length', t.length, 'Property')];
    return [];
  }

  get TypeNames(): string[] {
    const t = this.#target;
    // A custom object's list is live, as PowerShell's (and as `.PSTypeNames`):
    // `.PSObject.TypeNames.Insert(0, 'My.Type')` names the object's type for its views.
    if (t instanceof PSObject) return markArrayType(t.typeNames, 'System.Collections.ObjectModel.Collection[System.String]');
    return typeChainOf(t);
  }

  get BaseObject(): unknown {
    return this.#target;
  }

  get ImmediateBaseObject(): unknown {
    return this.#target;
  }

  Copy(): unknown {
    const t = this.#target;
    if (t instanceof PSObject) {
      const c = new PSObject([...t.typeNames]);
      for (const p of t.properties()) c.addProperty({ ...p });
      for (const m of t.methods()) c.addMethod(m);
      return c;
    }
    if (t instanceof PSHashtable) return t.clone();
    return t;
  }
}
