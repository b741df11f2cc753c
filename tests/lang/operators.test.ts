// The operator table (src/lang/operators.ts) against the lexer, the AST builder and the runtime:
// every operator token belongs to an entry, every entry lexes as its token, parses with its
// precedence and evaluates (none reaches "Unknown operator").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lex } from '../../src/lang/lexer.ts';
import { Source } from '../../src/lang/source.ts';
import {
  binaryOperators, dashOperatorTokens, resolveBinaryOperator, unaryOperators, type BinaryOperatorName,
} from '../../src/lang/operators.ts';
import * as T from '../../src/lang/tokens.ts';
import { binaryOperator, unaryOperator } from '../../src/runtime/operators/index.ts';
import { createShell } from '../../src/runtime/shell.ts';
import { whereObjectCmdlet } from '../../src/runtime/core-cmdlets/where-object.ts';
import { expr } from './helpers.ts';

const names = Object.keys(binaryOperators) as BinaryOperatorName[];

test('every token in the BinaryOp category is the token of some table entry', () => {
  const tableTokens = new Set<unknown>(Object.values(binaryOperators).map((s) => s.token));
  const binaryTokens = T.allTokens.filter((t) => t !== T.BinaryOp && t.CATEGORIES?.includes(T.BinaryOp));
  assert.ok(binaryTokens.length >= 12, `only ${binaryTokens.length} tokens in the BinaryOp category`);
  for (const t of binaryTokens) assert.ok(tableTokens.has(t), `${t.name} is a binary operator token no entry of operators.ts uses`);
});

test('each binary operator lexes as its token and parses as a Binary node of its name', () => {
  for (const name of names) {
    const spec = binaryOperators[name];
    const op = lex(new Source(`$a ${name} $b`, 'test')).tokens[1];
    assert.is(op?.image.toLowerCase(), name);
    assert.is(op!.tokenType, spec.token, `'${name}' lexes as ${op!.tokenType.name}`);
    const ast = expr(`$a ${name} $b`);
    if (name === ',') assert.is(ast.kind, 'ArrayLiteral');
    else assert.equal({ kind: ast.kind, operator: (ast as { operator?: string }).operator }, { kind: 'Binary', operator: name });
  }
});

test('case variants resolve to their entry; -c… is case-sensitive, -i… and plain are not', () => {
  for (const name of names.filter((n) => binaryOperators[n].caseAware)) {
    const base = name.slice(1);
    assert.equal(resolveBinaryOperator('-C' + base.toUpperCase()), { name, spec: binaryOperators[name], caseSensitive: true });
    assert.equal(resolveBinaryOperator('-i' + base), { name, spec: binaryOperators[name], caseSensitive: false });
    assert.is(dashOperatorTokens.get('c' + base), T.ComparisonOp, `-c${base} is binary only`);
  }
  assert.is(resolveBinaryOperator('-cjoin'), undefined, '-join has no case variants');
  assert.is(resolveBinaryOperator('-nosuch'), undefined);
});

test('precedence comes from the table: a tighter operator groups first, equal ones left to right', () => {
  const byLevel = [...names].sort((a, b) => binaryOperators[a].precedence - binaryOperators[b].precedence);
  const loose = byLevel.find((n) => n !== ',' && binaryOperators[n].precedence < binaryOperators['*'].precedence)!;
  const grouped = expr(`$a ${loose} $b * $c`) as { operator: string; right: { operator: string } };
  assert.is(grouped.operator, loose);
  assert.is(grouped.right.operator, '*');
  const left = expr('$a - $b + $c') as { operator: string; left: { operator: string } };
  assert.equal([left.operator, left.left.operator], ['+', '-']);
});

test('every binary and unary operator has an implementation', async () => {
  for (const name of names.filter((n) => n !== ',')) {
    const right = name === '-is' || name === '-isnot' || name === '-as' ? 'int' : 1;
    try {
      await binaryOperator(name, 2, right);
    } catch (e) {
      assert.not.match(String(e), /Unknown operator/, `'${name}' has no implementation`);
    }
  }
  for (const name of [...Object.keys(unaryOperators), 'post++', 'post--'] as const) {
    assert.not.throws(() => unaryOperator(name as Parameters<typeof unaryOperator>[0], 3), `unary '${name}'`);
  }
  assert.throws(() => binaryOperator('-nosuch', 1, 2), /Unknown operator '-nosuch'/);
});

test("Where-Object's operator switches are operators of the table", () => {
  const switches = whereObjectCmdlet.parameters.filter((p) => p.type === 'switch' && p.name !== 'Not').map((p) => p.name);
  assert.ok(switches.length >= 30);
  for (const name of switches) assert.ok(resolveBinaryOperator('-' + name), `Where-Object -${name}`);
});

test('short-circuit operators leave the right side unevaluated when the left decides', async () => {
  const shell = createShell();
  const out = await shell.invoke(
    '$n = 0; $null = ($false -and ($n = 1)); $null = ($true -or ($n = 2)); $null = (5 ?? ($n = 3)); $n; $true -and 0; $null ?? 7',
  );
  assert.equal(out, [0, false, 7]);
});

test.run();
