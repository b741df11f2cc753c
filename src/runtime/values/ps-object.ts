// PowerShell's PSCustomObject: an ordered bag of named properties looked up case-insensitively.
// Properties are NoteProperties (plain values), ScriptProperties (a script block getter, run
// through the interpreter) or AliasProperties; ScriptMethods are kept apart. `typeNames` lists the
// object's type names, most specific first; formatting uses the first one that has a view.

export type PSPropertyKind = 'NoteProperty' | 'ScriptProperty' | 'AliasProperty';

export interface PSProperty {
  name: string;
  kind: PSPropertyKind;
  /** NoteProperty value. */
  value: unknown;
  /** ScriptProperty getter / setter (ScriptBlockValue), AliasProperty target name. */
  getter?: unknown;
  setter?: unknown;
  aliasOf?: string;
}

export interface PSMethod {
  name: string;
  /** A ScriptBlockValue run with `$this` bound to the object. */
  script: unknown;
}

export class PSObject {
  typeNames: string[];
  /** The .NET type GetType() names when the object stands for one (a PSVariable), not a custom object. */
  clrType?: string;
  readonly #props = new Map<string, PSProperty>();
  readonly #methods = new Map<string, PSMethod>();

  constructor(typeNames: string[] = ['System.Management.Automation.PSCustomObject', 'System.Object']) {
    this.typeNames = typeNames;
  }

  /** A custom object from name/value pairs, in order (what `[pscustomobject]@{…}` makes). */
  static from(entries: Iterable<[string, unknown]>): PSObject {
    const o = new PSObject();
    for (const [k, v] of entries) o.setProperty(k, v);
    return o;
  }

  properties(): PSProperty[] {
    return [...this.#props.values()];
  }

  propertyNames(): string[] {
    return [...this.#props.values()].map((p) => p.name);
  }

  hasProperty(name: string): boolean {
    return this.#props.has(name.toLowerCase());
  }

  getProperty(name: string): PSProperty | undefined {
    return this.#props.get(name.toLowerCase());
  }

  /** Sets a NoteProperty, adding it at the end when it does not exist yet. */
  setProperty(name: string, value: unknown): void {
    const p = this.#props.get(name.toLowerCase());
    if (p && p.kind === 'NoteProperty') p.value = value;
    else this.#props.set(name.toLowerCase(), { name, kind: 'NoteProperty', value });
  }

  addProperty(prop: PSProperty): void {
    this.#props.set(prop.name.toLowerCase(), prop);
  }

  removeProperty(name: string): boolean {
    return this.#props.delete(name.toLowerCase());
  }

  methods(): PSMethod[] {
    return [...this.#methods.values()];
  }

  getMethod(name: string): PSMethod | undefined {
    return this.#methods.get(name.toLowerCase());
  }

  addMethod(m: PSMethod): void {
    this.#methods.set(m.name.toLowerCase(), m);
  }
}
