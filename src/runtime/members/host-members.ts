// Member access on host objects (engine objects are plain JS class instances): their public
// properties and getters, looked up case-insensitively, and their methods. Names starting with `_`
// or `#` are private to the engine and never shown. The member table is cached per prototype.

export interface HostMemberTable {
  /** lower-case name → real name, for properties and getters in declaration order. */
  properties: Map<string, string>;
  /** lower-case name → real name, for methods. */
  methods: Map<string, string>;
}

const tables = new WeakMap<object, HostMemberTable>();

function isPublic(name: string): boolean {
  return !name.startsWith('_') && name !== 'constructor' && name !== 'psTypeName' && name !== 'psInvoke';
}

function tableFor(obj: object): HostMemberTable {
  const proto = Object.getPrototypeOf(obj) as object | null;
  const cached = proto && proto !== Object.prototype ? tables.get(proto) : undefined;
  const table: HostMemberTable = cached
    ? { properties: new Map(cached.properties), methods: cached.methods }
    : { properties: new Map(), methods: new Map() };
  if (!cached) {
    const protos: object[] = [];
    for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) protos.unshift(p);
    for (const p of protos) {
      for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
        if (!isPublic(name)) continue;
        if (d.get) table.properties.set(name.toLowerCase(), name);
        else if (typeof d.value === 'function') table.methods.set(name.toLowerCase(), name);
      }
    }
    if (proto && proto !== Object.prototype) tables.set(proto, { properties: new Map(table.properties), methods: table.methods });
  }
  // Own data properties come first, as they are what a plain object literal or class field holds.
  const own = new Map<string, string>();
  for (const name of Object.keys(obj)) {
    if (!isPublic(name)) continue;
    const v = (obj as Record<string, unknown>)[name];
    if (typeof v === 'function') table.methods.set(name.toLowerCase(), name);
    else own.set(name.toLowerCase(), name);
  }
  for (const [k, v] of table.properties) if (!own.has(k)) own.set(k, v);
  table.properties = own;
  return table;
}

export function hostMembers(obj: object): HostMemberTable {
  return tableFor(obj);
}

/** The property names a host object shows (formatting, Select-Object *, Get-Member). */
export function hostPropertyNames(obj: object): string[] {
  return [...tableFor(obj).properties.values()];
}

export function findHostProperty(obj: object, name: string): string | undefined {
  return tableFor(obj).properties.get(name.toLowerCase());
}

export function findHostMethod(obj: object, name: string): string | undefined {
  return tableFor(obj).methods.get(name.toLowerCase());
}
