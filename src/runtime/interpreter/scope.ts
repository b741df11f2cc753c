// Variable and function scopes with PowerShell's dynamic scoping: a scope reads through its parents
// (the caller's scopes, not the definition site's), and a plain assignment creates or updates a
// variable in the current scope. `$script:` resolves to the nearest script scope, `$global:` to the
// root. Names are case-insensitive.
import type { FunctionInfo } from './function-info.ts';

export interface Variable {
  name: string;
  value: unknown;
  /** Type constraint from `[int]$x = …` or a typed parameter: later assignments convert to it. */
  typeConstraint?: string;
  /** ReadOnly or Constant: assignment fails (Set-Variable -Force may change a ReadOnly one). */
  readOnly?: boolean;
  /** Constant: set once at creation, never changed or removed. */
  constant?: boolean;
  /** The Private option: seen only in the scope that holds it, not in child scopes. */
  isPrivate?: boolean;
  /** The AllScope option: a child scope's assignment changes this variable instead of a new one. */
  allScope?: boolean;
  visibility?: 'Public' | 'Private';
  description?: string;
  /** Assigned from a pipeline that wrote nothing (values/automation-null.ts): the value is null. */
  automationNull?: boolean;
}

export type ScopeKind = 'global' | 'script' | 'function' | 'block' | 'module';

export class Scope {
  readonly parent: Scope | null;
  readonly kind: ScopeKind;
  readonly vars = new Map<string, Variable>();
  readonly functions = new Map<string, FunctionInfo>();
  /** `$using:` values copied from the caller when this scope stands for a runspace of its own
   *  (ForEach-Object -Parallel), by lower-cased name; null elsewhere. */
  usingValues: Map<string, unknown> | null = null;

  /** Nearest ancestor that may hold functions: call scopes without any are skipped, so resolving a
   *  command name does not walk every frame of a deep recursion. A scope's functions only change
   *  while its own code runs, never while a child scope is alive, so the link stays right. */
  readonly #fnParent: Scope | null;

  constructor(parent: Scope | null, kind: ScopeKind) {
    this.parent = parent;
    this.kind = kind;
    this.#fnParent = parent === null ? null : parent.functions.size > 0 || parent.parent === null ? parent : parent.#fnParent;
  }

  get global(): Scope {
    let s: Scope = this;
    while (s.parent) s = s.parent;
    return s;
  }

  /** The nearest script (or module, or global) scope: target of `$script:`. */
  get script(): Scope {
    let s: Scope = this;
    while (s.parent && s.kind !== 'script' && s.kind !== 'module') s = s.parent;
    return s;
  }

  lookup(name: string): Variable | undefined {
    const key = name.toLowerCase();
    for (let s: Scope | null = this; s; s = s.parent) {
      const v = s.vars.get(key);
      if (v && (s === this || !v.isPrivate)) return v;
    }
    return undefined;
  }

  /** `$using:name`: the copied value when a scope up the chain holds `$using:` values (undefined
   *  when it has none of that name), else the variable itself, as there is no remoting. */
  usingVariable(name: string): Variable | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      if (s.usingValues) return s.usingValues.has(name.toLowerCase()) ? { name, value: s.usingValues.get(name.toLowerCase()) } : undefined;
    }
    return this.lookup(name);
  }

  getLocal(name: string): Variable | undefined {
    return this.vars.get(name.toLowerCase());
  }

  /** Sets a variable in this scope (creating it here even when a parent has one of that name). */
  setLocal(name: string, value: unknown): Variable {
    const key = name.toLowerCase();
    const v = this.vars.get(key);
    if (v) {
      v.value = value;
      v.automationNull = false;
      return v;
    }
    const nv: Variable = { name, value };
    this.vars.set(key, nv);
    return nv;
  }

  removeLocal(name: string): boolean {
    return this.vars.delete(name.toLowerCase());
  }

  lookupFunction(name: string): FunctionInfo | undefined {
    const key = name.toLowerCase();
    for (let s: Scope | null = this; s; s = s.#fnParent) {
      const f = s.functions.get(key);
      if (f) return f;
    }
    return undefined;
  }

  /** All function names visible from here, nearest definition winning. */
  visibleFunctions(): FunctionInfo[] {
    const seen = new Map<string, FunctionInfo>();
    for (let s: Scope | null = this; s; s = s.parent) {
      for (const [k, f] of s.functions) if (!seen.has(k)) seen.set(k, f);
    }
    return [...seen.values()];
  }

  /** All variables visible from here, nearest definition winning (a parent's Private ones hidden). */
  visibleVariables(): Variable[] {
    const seen = new Map<string, Variable>();
    for (let s: Scope | null = this; s; s = s.parent) {
      for (const [k, v] of s.vars) if (!seen.has(k) && (s === this || !v.isPrivate)) seen.set(k, v);
    }
    return [...seen.values()];
  }
}
