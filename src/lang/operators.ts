// The one table of vbrs's operators: for each binary and prefix operator, the token the lexer emits
// for it, its binding strength and how it treats its operands. The lexer (dash-operator words),
// the AST builder (precedence), the grammar document, the interpreter (short-circuit evaluation)
// and the runtime (one implementation per name, a record keyed by this table's names, so an
// operator missing there is a type error) all read it.
import type { TokenType } from 'chevrotain';
import * as T from './tokens.ts';

export interface BinaryOperatorSpec {
  /** The token the lexer emits for the operator (its case variants, for a dash operator). */
  readonly token: TokenType;
  /** Binding strength, loosest first (about_Operator_Precedence); every level is left-associative. */
  readonly precedence: number;
  /** Has `-c…` (case-sensitive) and `-i…` (case-insensitive, like the plain one) variants. */
  readonly caseAware: boolean;
  /** A left operand that is an enumerator (`$input`) is drained to the collection it has left. */
  readonly enumerating: boolean;
  /** The right operand is evaluated only when the left one does not decide the result. */
  readonly shortCircuit: boolean;
  /** Reads or writes the scope: `-match` sets `$Matches`, `-join` reads `$OFS`. */
  readonly usesScope: boolean;
}

type Flags = Partial<Pick<BinaryOperatorSpec, 'caseAware' | 'enumerating' | 'shortCircuit' | 'usesScope'>>;

/** An entry; the flags keep their literal types, so types like ShortCircuitOperator follow them. */
function binary<const F extends Flags>(token: TokenType, precedence: number, flags: F = {} as F): BinaryOperatorSpec & F {
  return { token, precedence, caseAware: false, enumerating: false, shortCircuit: false, usesScope: false, ...flags };
}

const COMPARISON = 3;
/** A comparison that filters a collection on its left and has case variants. */
const filtering = (flags: Flags = {}) => binary(T.ComparisonOp, COMPARISON, { caseAware: true, enumerating: true, ...flags });
const caseAware = (token: TokenType = T.ComparisonOp) => binary(token, COMPARISON, { caseAware: true });

/** Binary operators by canonical (lower-case, plain) name, in the order the grammar document lists
 *  them at each level. */
export const binaryOperators = {
  '??': binary(T.QuestionQuestion, 1, { shortCircuit: true }),
  '-and': binary(T.LogicalOp, 2, { shortCircuit: true }),
  '-or': binary(T.LogicalOp, 2, { shortCircuit: true }),
  '-xor': binary(T.LogicalOp, 2),
  '-eq': filtering(),
  '-ne': filtering(),
  '-gt': filtering(),
  '-ge': filtering(),
  '-lt': filtering(),
  '-le': filtering(),
  '-like': filtering(),
  '-notlike': filtering(),
  '-match': filtering({ usesScope: true }),
  '-notmatch': filtering({ usesScope: true }),
  '-contains': filtering(),
  '-notcontains': filtering(),
  '-in': caseAware(),
  '-notin': caseAware(),
  '-replace': caseAware(),
  '-split': caseAware(T.SplitJoinOp),
  '-join': binary(T.SplitJoinOp, COMPARISON, { usesScope: true }),
  '-is': binary(T.ComparisonOp, COMPARISON),
  '-isnot': binary(T.ComparisonOp, COMPARISON),
  '-as': binary(T.ComparisonOp, COMPARISON),
  '-band': binary(T.BitwiseOp, 4),
  '-bor': binary(T.BitwiseOp, 4),
  '-bxor': binary(T.BitwiseOp, 4),
  '-shl': binary(T.BitwiseOp, 4),
  '-shr': binary(T.BitwiseOp, 4),
  '+': binary(T.Plus, 5),
  '-': binary(T.Minus, 5),
  '*': binary(T.Star, 6),
  '/': binary(T.Slash, 6),
  '%': binary(T.Percent, 6),
  '-f': binary(T.FormatOp, 7),
  '..': binary(T.DotDot, 8),
  // The AST builder turns `a, b` into an ArrayLiteral: no runtime implementation.
  ',': binary(T.Comma, 9),
} as const satisfies Record<string, BinaryOperatorSpec>;

export type BinaryOperatorName = keyof typeof binaryOperators;
/** `??`, `-and`, `-or`: the interpreter hands them their right operand unevaluated. */
export type ShortCircuitOperator = {
  [K in BinaryOperatorName]: (typeof binaryOperators)[K] extends { shortCircuit: true } ? K : never;
}[BinaryOperatorName];
/** The binary operators the runtime evaluates from two values (`,` becomes an array literal in the
 *  AST; short-circuit operators get their right side as a thunk). */
export type EagerBinaryOperator = Exclude<BinaryOperatorName, ',' | ShortCircuitOperator>;

/** Prefix operators by name as the AST holds it, with the token that starts each. */
export const unaryOperators = {
  '-': T.Minus,
  '+': T.Plus,
  '!': T.Exclaim,
  '-not': T.NotOp,
  '-bnot': T.BnotOp,
  '-split': T.SplitJoinOp,
  '-join': T.SplitJoinOp,
  ',': T.Comma,
  '++': T.PlusPlus,
  '--': T.MinusMinus,
} as const satisfies Record<string, TokenType>;

/** A prefix operator, or a postfix increment/decrement (`x++` is 'post++'). */
export type UnaryOperatorName = keyof typeof unaryOperators | 'post++' | 'post--';

/** An operator as written (`-CEQ`, `-ilike`, `+`) resolved to its table entry. */
export interface ResolvedBinaryOperator {
  readonly name: BinaryOperatorName;
  readonly spec: BinaryOperatorSpec;
  /** `-c…` variants only; `-i…` and plain ones compare ignoring case. */
  readonly caseSensitive: boolean;
}

const byWriting = new Map<string, ResolvedBinaryOperator>();
for (const [name, spec] of Object.entries(binaryOperators) as [BinaryOperatorName, BinaryOperatorSpec][]) {
  byWriting.set(name, { name, spec, caseSensitive: false });
  if (spec.caseAware) {
    byWriting.set('-c' + name.slice(1), { name, spec, caseSensitive: true });
    byWriting.set('-i' + name.slice(1), { name, spec, caseSensitive: false });
  }
}

/** The table entry for an operator as written, in any letter case; undefined for no operator. */
export function resolveBinaryOperator(written: string): ResolvedBinaryOperator | undefined {
  return byWriting.get(written.toLowerCase());
}

/** The dash-operator words the lexer recognises after `-` (lower-case, without the dash), with
 *  the token each produces. The `c`/`i` variants are binary only (`-csplit` has no unary form), so
 *  they are plain comparison tokens; `-not` and `-bnot` are prefix only. */
export const dashOperatorTokens: ReadonlyMap<string, TokenType> = (() => {
  const words = new Map<string, TokenType>();
  for (const [written, { name, spec }] of byWriting) {
    if (!written.startsWith('-') || written === '-') continue;
    words.set(written.slice(1), written === name ? spec.token : T.ComparisonOp);
  }
  for (const [name, token] of Object.entries(unaryOperators)) {
    if (name.length > 1 && name.startsWith('-') && !words.has(name.slice(1))) words.set(name.slice(1), token);
  }
  return words;
})();

/** Operators of one precedence level, loosest first, for the grammar document. */
export function binaryOperatorLevels(): BinaryOperatorName[][] {
  const levels: BinaryOperatorName[][] = [];
  for (const [name, spec] of Object.entries(binaryOperators) as [BinaryOperatorName, BinaryOperatorSpec][]) {
    (levels[spec.precedence - 1] ??= []).push(name);
  }
  return levels;
}
