// The vbrs abstract syntax tree: the one contract between the parser (src/lang) and the interpreter
// (src/runtime). Every node is a plain object with a `kind` discriminant and a `span` of source
// offsets; line and column are computed on demand from the Source (see source.ts). Shapes follow
// PowerShell's AST (System.Management.Automation.Language) where that helps a reader who knows it.

import type { UnaryOperatorName } from './operators.ts';

/** Half-open range of UTF-16 offsets into the source text. */
export interface Span {
  start: number;
  end: number;
}

interface NodeBase {
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Script blocks, parameters, attributes

/** A whole script, a function body, or a `{ … }` literal. */
export interface ScriptBlockAst extends NodeBase {
  kind: 'ScriptBlock';
  /** `[CmdletBinding()]` and friends written before `param(…)`. */
  attributes: AttributeAst[];
  /** `param(…)` at the top of the block, or `function f($a, $b)` parameters; null when absent. */
  paramBlock: ParamBlockAst | null;
  /** Named blocks. A block without `begin/process/end` keywords puts its statements in `end`. */
  begin: StatementBlockAst | null;
  process: StatementBlockAst | null;
  end: StatementBlockAst | null;
}

export interface ParamBlockAst extends NodeBase {
  kind: 'ParamBlock';
  attributes: AttributeAst[];
  parameters: ParameterAst[];
}

export interface ParameterAst extends NodeBase {
  kind: 'Parameter';
  /** Name without the `$`. */
  name: string;
  /** `[int]`, `[string[]]`, `[switch]` …; the last type constraint written, or null. */
  type: TypeNameAst | null;
  /** `[Parameter(Mandatory)]`, `[ValidateSet('a','b')]`, `[Alias('x')]` … */
  attributes: AttributeAst[];
  defaultValue: ExpressionAst | null;
}

/** `[Name(positional, Named = value, Flag)]`. A bare `Flag` has `value: null` (means $true). */
export interface AttributeAst extends NodeBase {
  kind: 'Attribute';
  name: string;
  positional: ExpressionAst[];
  named: { name: string; value: ExpressionAst | null; span: Span }[];
}

/** A type as written inside `[ ]`: `int`, `string[]`, `System.IO.File`, `ordered`, `pscustomobject`. */
export interface TypeNameAst extends NodeBase {
  kind: 'TypeName';
  /** The full text between the brackets, e.g. `string[]` or `System.Collections.Generic.List[int]`. */
  name: string;
}

export interface StatementBlockAst extends NodeBase {
  kind: 'StatementBlock';
  /** In source order; `trap` statements stay in place and apply to the whole block. */
  statements: StatementAst[];
}

// ---------------------------------------------------------------------------------------------
// Statements

export type StatementAst =
  | PipelineAst
  | PipelineChainAst
  | AssignmentAst
  | IfAst
  | SwitchAst
  | ForeachAst
  | ForAst
  | WhileAst
  | DoLoopAst
  | BreakAst
  | ContinueAst
  | ReturnAst
  | ExitAst
  | ThrowAst
  | TryAst
  | TrapAst
  | FunctionDefinitionAst;

/** `a | b | c`. The first element may be an expression; the rest are commands or expressions. */
export interface PipelineAst extends NodeBase {
  kind: 'Pipeline';
  elements: PipelineElementAst[];
}

/** PowerShell 7 `a && b`, `a || b` (left-associative). */
export interface PipelineChainAst extends NodeBase {
  kind: 'PipelineChain';
  operator: '&&' | '||';
  left: PipelineAst | PipelineChainAst;
  right: PipelineAst;
}

export type PipelineElementAst = CommandAst | CommandExpressionAst;

/** An expression used as a pipeline element (`1 + 2`, `$x`, `@(…)`), with its redirections. */
export interface CommandExpressionAst extends NodeBase {
  kind: 'CommandExpression';
  expression: ExpressionAst;
  redirections: RedirectionAst[];
}

/** `Get-VM -Name web01 x`, `& $sb 1 2`, `. ./lib.vbrs`. */
export interface CommandAst extends NodeBase {
  kind: 'Command';
  /** `&` call operator, `.` dot-source operator, or null for a plain command name. */
  invocation: '&' | '.' | null;
  /** The command to run: a bare word (StringConstant with quote 'bare'), a quoted string, or any
   *  expression after `&`/`.` (a script block, a variable holding one, …). */
  name: ExpressionAst;
  elements: CommandElementAst[];
  redirections: RedirectionAst[];
}

export type CommandElementAst = CommandParameterAst | CommandArgumentAst;

/** `-Name`, `-Name:value`. A following separate value is a CommandArgument; the binder pairs them. */
export interface CommandParameterAst extends NodeBase {
  kind: 'CommandParameter';
  /** Name without the dash, as written (`Comp` for `-Comp`). */
  name: string;
  /** Only for the `-Name:value` form. */
  argument: ExpressionAst | null;
}

/** A positional or parameter value. Bare words are StringConstant with quote 'bare'; `a,b` is an
 *  ArrayLiteral; `@params` is a Variable with `splatted: true`. */
export interface CommandArgumentAst extends NodeBase {
  kind: 'CommandArgument';
  value: ExpressionAst;
}

/** `> f`, `>> f`, `2> f`, `2>&1`, `*> f`, `3>&1` … Stream numbers as PowerShell: 1 output, 2 error,
 *  3 warning, 4 verbose, 5 debug, 6 information, '*' all. */
export interface RedirectionAst extends NodeBase {
  kind: 'Redirection';
  from: '1' | '2' | '3' | '4' | '5' | '6' | '*';
  /** File redirection when `target` is set; merge (`2>&1`) when `mergeTo` is set. */
  target: ExpressionAst | null;
  mergeTo: '1' | null;
  append: boolean;
}

export type AssignmentOperator = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '??=';

/** `$x = …`, `$a.b += 1`, `$h['k'] = …`, `[int]$x = 5`, `$a, $b = 1, 2`. The right side is a
 *  statement because `$x = Get-VM | Select -First 1` and `$x = if (…) {…}` are legal. */
export interface AssignmentAst extends NodeBase {
  kind: 'Assignment';
  operator: AssignmentOperator;
  target: ExpressionAst;
  value: StatementAst;
}

export interface IfAst extends NodeBase {
  kind: 'If';
  clauses: { condition: PipelineAst | PipelineChainAst; body: StatementBlockAst }[];
  elseBody: StatementBlockAst | null;
}

export interface SwitchAst extends NodeBase {
  kind: 'Switch';
  label: string | null;
  flags: { regex: boolean; wildcard: boolean; exact: boolean; caseSensitive: boolean; file: boolean };
  /** The value switched on (a pipeline in parentheses, or the file path with `-File`). */
  subject: PipelineAst | PipelineChainAst;
  /** Each clause's pattern is an expression: a constant, a bare word (StringConstant 'bare'), a
   *  variable, or a script block (evaluated with `$_` as the condition). */
  clauses: { pattern: ExpressionAst; body: StatementBlockAst; span: Span }[];
  defaultBody: StatementBlockAst | null;
}

export interface ForeachAst extends NodeBase {
  kind: 'Foreach';
  label: string | null;
  variable: VariableAst;
  iterable: PipelineAst | PipelineChainAst;
  body: StatementBlockAst;
}

export interface ForAst extends NodeBase {
  kind: 'For';
  label: string | null;
  init: StatementAst | null;
  condition: PipelineAst | PipelineChainAst | null;
  iterator: StatementAst | null;
  body: StatementBlockAst;
}

export interface WhileAst extends NodeBase {
  kind: 'While';
  label: string | null;
  condition: PipelineAst | PipelineChainAst;
  body: StatementBlockAst;
}

/** `do { } while (…)` (until: false) and `do { } until (…)` (until: true). */
export interface DoLoopAst extends NodeBase {
  kind: 'DoLoop';
  label: string | null;
  until: boolean;
  condition: PipelineAst | PipelineChainAst;
  body: StatementBlockAst;
}

export interface BreakAst extends NodeBase {
  kind: 'Break';
  /** `break outer` → 'outer'. */
  label: string | null;
}

export interface ContinueAst extends NodeBase {
  kind: 'Continue';
  label: string | null;
}

export interface ReturnAst extends NodeBase {
  kind: 'Return';
  value: PipelineAst | PipelineChainAst | null;
}

export interface ExitAst extends NodeBase {
  kind: 'Exit';
  value: PipelineAst | PipelineChainAst | null;
}

export interface ThrowAst extends NodeBase {
  kind: 'Throw';
  value: PipelineAst | PipelineChainAst | null;
}

export interface TryAst extends NodeBase {
  kind: 'Try';
  body: StatementBlockAst;
  /** `catch [A], [B] { }`: `types` empty for a catch-all. */
  catches: { types: TypeNameAst[]; body: StatementBlockAst; span: Span }[];
  finallyBody: StatementBlockAst | null;
}

export interface TrapAst extends NodeBase {
  kind: 'Trap';
  type: TypeNameAst | null;
  body: StatementBlockAst;
}

/** `function Name { … }`, `function Name($a) { … }`, `filter Name { … }`. For `function f($a)` the
 *  parameters are moved into `body.paramBlock`. A filter's body statements are in `body.process`. */
export interface FunctionDefinitionAst extends NodeBase {
  kind: 'FunctionDefinition';
  name: string;
  isFilter: boolean;
  body: ScriptBlockAst;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type ExpressionAst =
  | BinaryAst
  | UnaryAst
  | TernaryAst
  | ConvertAst
  | TypeLiteralAst
  | NumberAst
  | StringConstantAst
  | ExpandableStringAst
  | VariableAst
  | ArrayLiteralAst
  | ArraySubexpressionAst
  | SubexpressionAst
  | ParenAst
  | HashtableAst
  | ScriptBlockExpressionAst
  | MemberAst
  | InvokeMemberAst
  | IndexAst;

/** Binary operators, lower-cased and canonical: arithmetic `+ - * / %`, range `..`, format `-f`,
 *  `??`, logical `-and -or -xor`, bitwise `-band -bor -bxor -shl -shr`, comparison (`-eq`, `-ceq`,
 *  `-ieq`, `-like`, `-match`, `-contains`, `-in`, `-is`, `-isnot`, `-as`, `-replace`, `-split`,
 *  `-join` and their `c`/`i` variants): the table in operators.ts. An `i` variant is kept as written
 *  (`-ieq`); the interpreter treats it like the plain one. */
export interface BinaryAst extends NodeBase {
  kind: 'Binary';
  operator: string;
  left: ExpressionAst;
  right: ExpressionAst;
}

/** Prefix `-x`, `+x`, `!x`, `-not x`, `-bnot x`, unary `,x`, unary `-split x`, `-join x`,
 *  `++x`, `--x`; postfix `x++`, `x--` (operator 'post++' / 'post--'). */
export interface UnaryAst extends NodeBase {
  kind: 'Unary';
  operator: UnaryOperatorName;
  operand: ExpressionAst;
}

/** PowerShell 7 `cond ? a : b`. */
export interface TernaryAst extends NodeBase {
  kind: 'Ternary';
  condition: ExpressionAst;
  ifTrue: ExpressionAst;
  ifFalse: ExpressionAst;
}

/** A cast: `[int]$x`, `[string[]]@(1,2)`, `[pscustomobject]@{…}`, `[ordered]@{…}`. */
export interface ConvertAst extends NodeBase {
  kind: 'Convert';
  type: TypeNameAst;
  operand: ExpressionAst;
}

/** A type on its own: `[math]` in `[math]::Round(1.5)`, or `[int]` as a value. */
export interface TypeLiteralAst extends NodeBase {
  kind: 'TypeLiteral';
  type: TypeNameAst;
}

/** Number literal with its value already scaled by a `KB…PB` multiplier; `numberType` is the
 *  PowerShell type it has (`int` for 32-bit, `long` when it does not fit or has an `l` suffix,
 *  `double` for fractions/exponents, `decimal` for a `d` suffix). */
export interface NumberAst extends NodeBase {
  kind: 'Number';
  value: number;
  numberType: 'int' | 'long' | 'double' | 'decimal';
  /** A long literal's exact value beyond 2^53; a decimal literal's mantissa. */
  big?: bigint;
  /** A decimal literal's digits after the point. */
  scale?: number;
  /** The literal as written. */
  text: string;
}

/** A string with no expansions: `'single'`, `@'here'@`, a bare word in argument mode, or a double
 *  quoted string that contains no `$`. Escapes are already processed. */
export interface StringConstantAst extends NodeBase {
  kind: 'StringConstant';
  value: string;
  quote: 'single' | 'double' | 'bare' | 'hereSingle' | 'hereDouble';
}

/** `"text $x $($y) `n"`: literal parts (escapes processed) interleaved with expressions. A simple
 *  `$x` or `$x.y`? — PowerShell expands only `$x` (not `.y`) in strings; `$($x.y)` is a
 *  Subexpression. */
export interface ExpandableStringAst extends NodeBase {
  kind: 'ExpandableString';
  parts: (string | ExpressionAst)[];
  quote: 'double' | 'hereDouble' | 'bare';
}

/** `$x`, `$script:x`, `${odd name}`, `$env:PATH`, `$_`; `@x` when splatted (command argument). */
export interface VariableAst extends NodeBase {
  kind: 'Variable';
  /** Name without `$` and without scope, e.g. 'PATH' for `$env:PATH`, '_' for `$_`. */
  name: string;
  /** Lower-cased scope or drive qualifier: 'global', 'script', 'local', 'private', 'env',
   *  'variable', 'function', or null. */
  scope: string | null;
  splatted: boolean;
}

/** `1, 2, 3` (the comma operator). */
export interface ArrayLiteralAst extends NodeBase {
  kind: 'ArrayLiteral';
  elements: ExpressionAst[];
}

/** `@( … )`: statements whose output is always collected into an array. */
export interface ArraySubexpressionAst extends NodeBase {
  kind: 'ArraySubexpression';
  body: StatementBlockAst;
}

/** `$( … )`: statements whose output is the value. */
export interface SubexpressionAst extends NodeBase {
  kind: 'Subexpression';
  body: StatementBlockAst;
}

/** `( pipeline )`, also `($x = 5)` which both assigns and yields the value. */
export interface ParenAst extends NodeBase {
  kind: 'Paren';
  pipeline: StatementAst;
}

/** `@{ a = 1; 'b c' = 2 }`. `[ordered]@{…}` is a Convert to type `ordered` around this node. */
export interface HashtableAst extends NodeBase {
  kind: 'Hashtable';
  entries: { key: ExpressionAst; value: StatementAst; span: Span }[];
}

/** A `{ … }` script block literal as a value. */
export interface ScriptBlockExpressionAst extends NodeBase {
  kind: 'ScriptBlockExpression';
  block: ScriptBlockAst;
  /** The source text between the braces, for `ToString()` and `Get-Help`. */
  text: string;
}

/** `$x.Name`, `$x.$prop`, `[math]::PI`, `$x?.Name`. `member` is a StringConstant for a plain name. */
export interface MemberAst extends NodeBase {
  kind: 'Member';
  target: ExpressionAst;
  member: ExpressionAst;
  isStatic: boolean;
  nullConditional: boolean;
}

/** `$s.ToUpper()`, `[math]::Round(1.5, 0)`, `$list.Where({ $_ -gt 1 })`. */
export interface InvokeMemberAst extends NodeBase {
  kind: 'InvokeMember';
  target: ExpressionAst;
  member: ExpressionAst;
  arguments: ExpressionAst[];
  isStatic: boolean;
  nullConditional: boolean;
}

/** `$a[0]`, `$h['k']`, `$a[1..3]`, `$a[-1]`, `$a?[0]`. */
export interface IndexAst extends NodeBase {
  kind: 'Index';
  target: ExpressionAst;
  index: ExpressionAst;
  nullConditional: boolean;
}

export type AnyAst =
  | ScriptBlockAst
  | ParamBlockAst
  | ParameterAst
  | AttributeAst
  | TypeNameAst
  | StatementBlockAst
  | StatementAst
  | PipelineElementAst
  | CommandElementAst
  | RedirectionAst
  | ExpressionAst;
