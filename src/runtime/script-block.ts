// A script block as a value (`{ … }`, a function body, a whole script). It is only the code: like
// PowerShell, script blocks are dynamically scoped and run in whatever scope invokes them, so no
// captured environment is stored here. Running one goes through a `ScriptInvoker`.
import type { ScriptBlockAst } from '../lang/ast.ts';
import type { Source } from '../lang/source.ts';

export class ScriptBlockValue {
  readonly ast: ScriptBlockAst;
  /** The source text between the braces (the whole text for a script file). */
  readonly text: string;
  readonly source: Source;
  /** Set for function bodies: the function's name (used by $MyInvocation and error messages). */
  readonly name: string | null;
  /** Set for filters: the body runs once per input item. */
  readonly isFilter: boolean;
  /** From `GetNewClosure()`: the scope (a Scope of the interpreter) its calls use as parent instead
   *  of the caller's. Typed loosely so values do not depend on the interpreter. */
  closure: object | null = null;
  /** The module scope of the code that wrote this block, if module code did: a script method or
   *  property made of it runs there (PowerShell binds such blocks to the module's session state),
   *  so it sees the module's private functions and variables. */
  moduleScope: object | null = null;

  constructor(ast: ScriptBlockAst, text: string, source: Source, options: { name?: string | null; isFilter?: boolean } = {}) {
    this.ast = ast;
    this.text = text;
    this.source = source;
    this.name = options.name ?? null;
    this.isFilter = options.isFilter ?? false;
  }

  toString(): string {
    return this.text;
  }

  ToString(): string {
    return this.text;
  }
}
