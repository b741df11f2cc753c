// Expression shapes: precedence, literals, variables, strings, member access, casts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bare, bin, dq, expr, num, sq, un, v } from './helpers.ts';

const arr = (...elements: unknown[]) => ({ kind: 'ArrayLiteral', elements });
const xs = (...parts: unknown[]) => ({ kind: 'ExpandableString', parts, quote: 'double' });

test('multiplication binds tighter than addition, both left-associative', () => {
  assert.equal(expr('1 - 2 - 3'), bin('-', bin('-', num(1), num(2)), num(3)));
  assert.equal(expr('1 + 2 * 3 % 4'), bin('+', num(1), bin('%', bin('*', num(2), num(3)), num(4))));
});

test('the comma operator binds tighter than + but looser than casts', () => {
  assert.equal(expr('1,2 + 3'), bin('+', arr(num(1), num(2)), num(3)));
  assert.equal(expr('1 + 2, 3'), bin('+', num(1), arr(num(2), num(3))));
  assert.equal(expr('[int]"1", "2"'), arr({ kind: 'Convert', type: { kind: 'TypeName', name: 'int' }, operand: dq('1') }, dq('2')));
  assert.equal(expr('1, 2, 3'), arr(num(1), num(2), num(3)));
});

test('range binds tighter than -f, which binds tighter than *', () => {
  assert.equal(expr("'{0}' -f 1..2"), bin('-f', sq('{0}'), bin('..', num(1), num(2))));
  assert.equal(expr("2 * 'x' -f 1"), bin('*', num(2), bin('-f', sq('x'), num(1))));
});

test('comparison below arithmetic and bitwise; logical below comparison; ?? below logical', () => {
  assert.equal(expr('$a + 1 -gt 2 -and $b'), bin('-and', bin('-gt', bin('+', v('a'), num(1)), num(2)), v('b')));
  assert.equal(expr('1 -band 3 -eq 3'), bin('-eq', bin('-band', num(1), num(3)), num(3)));
  assert.equal(expr('$a -or $b ?? $c'), bin('??', bin('-or', v('a'), v('b')), v('c')));
  assert.equal(expr('$a -and $b -or $c'), bin('-or', bin('-and', v('a'), v('b')), v('c')));
});

test('ternary is the loosest and nests to the right', () => {
  assert.equal(expr('$a ? 1 : $b ? 2 : 3'), {
    kind: 'Ternary', condition: v('a'), ifTrue: num(1),
    ifFalse: { kind: 'Ternary', condition: v('b'), ifTrue: num(2), ifFalse: num(3) },
  });
});

test('unary operators', () => {
  assert.equal(expr('-not $a -and !$b'), bin('-and', un('-not', v('a')), un('!', v('b'))));
  assert.equal(expr('-$x + -1'), bin('+', un('-', v('x')), un('-', num(1))));
  assert.equal(expr('-split "a b"'), un('-split', dq('a b')));
  assert.equal(expr("-join ('a', 'b')").kind, 'Unary');
  assert.equal(expr(',1'), un(',', num(1)));
  assert.equal(expr('-bnot 5'), un('-bnot', num(5)));
  assert.equal(expr('++$i'), un('++', v('i')));
  assert.equal(expr('$i--'), un('post--', v('i')));
});

test('operator names are case-insensitive and emitted lower-case; c and i variants kept', () => {
  assert.equal(expr('$a -EQ 1'), bin('-eq', v('a'), num(1)));
  assert.equal(expr("$a -CMatch 'x'"), bin('-cmatch', v('a'), sq('x')));
  assert.equal(expr("$a -ilike 'x'"), bin('-ilike', v('a'), sq('x')));
  assert.equal(expr("$a -replace 'x', 'y'"), bin('-replace', v('a'), arr(sq('x'), sq('y'))));
  assert.equal(expr('$a -is [int]'), bin('-is', v('a'), { kind: 'TypeLiteral', type: { kind: 'TypeName', name: 'int' } }));
});

test('numbers: types, hex, exponents, suffixes and multipliers', () => {
  assert.equal(expr('42'), num(42));
  assert.equal(expr('1.5'), num(1.5, '1.5', 'double'));
  assert.equal(expr('0x1F'), num(31, '0x1F'));
  assert.equal(expr('1e3'), num(1000, '1e3', 'double'));
  assert.equal(expr('4MB'), num(4194304, '4MB'));
  assert.equal(expr('1.5kb'), num(1536, '1.5kb', 'double'));
  assert.equal(expr('3GB'), num(3 * 2 ** 30, '3GB', 'long'));
  assert.equal(expr('10l'), num(10, '10l', 'long'));
  // a decimal keeps its digits: mantissa 250, scale 2 (1.50d prints 1.50)
  assert.equal(expr('2.50d'), { ...num(2.5, '2.50d', 'decimal'), big: 250n, scale: 2 });
  assert.equal(expr('1e3d'), { ...num(1000, '1e3d', 'decimal'), big: 1000n, scale: 0 });
  assert.equal(expr('3000000000'), num(3000000000, '3000000000', 'long'));
  assert.equal(expr('1PB'), num(2 ** 50, '1PB', 'long'));
});

test('variables: scopes, braces, automatic variables', () => {
  assert.equal(expr('$env:PATH'), v('PATH', 'env'));
  assert.equal(expr('$Script:count'), v('count', 'script'));
  assert.equal(expr('${odd name}'), v('odd name'));
  assert.equal(expr('${env:ProgramFiles(x86)}'), v('ProgramFiles(x86)', 'env'));
  assert.equal(expr('$_'), v('_'));
  assert.equal(expr('$true'), v('true'));
});

test('single-quoted strings are literal with doubled quotes', () => {
  assert.equal(expr("'it''s $x'"), sq("it's $x"));
});

test('double-quoted strings: escapes, doubled quotes, variables and subexpressions', () => {
  assert.equal(expr('"a`tb`n`$x `u{263A}"'), dq('a\tb\n$x \u263a'));
  assert.equal(expr('"say ""hi"""'), dq('say "hi"'));
  assert.equal(expr('"v: $x!"'), xs('v: ', v('x'), '!'));
  assert.equal(expr('"$env:PATH;"'), xs(v('PATH', 'env'), ';'));
  assert.equal(expr('"$x.Name"'), xs(v('x'), '.Name'));
  assert.equal(expr('"$x[0]"'), xs(v('x'), '[0]'));
  assert.equal(expr('"${x}y"'), xs(v('x'), 'y'));
  assert.equal(expr('"cost: $"'), dq('cost: $'));
  const sub = expr('"n=$($a.Count + 1)"');
  assert.equal(sub.kind, 'ExpandableString');
  if (sub.kind !== 'ExpandableString') return;
  assert.equal(sub.parts[0], 'n=');
  assert.equal(sub.parts[1], {
    kind: 'Subexpression',
    body: {
      kind: 'StatementBlock',
      statements: [{
        kind: 'Pipeline',
        elements: [{
          kind: 'CommandExpression', redirections: [],
          expression: bin('+', { kind: 'Member', target: v('a'), member: bare('Count'), isStatic: false, nullConditional: false }, num(1)),
        }],
      }],
    },
  });
});

test('here-strings: content between the opener line and the closing line', () => {
  assert.equal(expr("@'\nline 1\n  $x 'q'\n'@"), { kind: 'StringConstant', value: "line 1\n  $x 'q'", quote: 'hereSingle' });
  assert.equal(expr('@"\r\nHi $name\r\n"@'), { kind: 'ExpandableString', parts: ['Hi ', v('name')], quote: 'hereDouble' });
  assert.equal(expr('@"\n"quoted" ""\n"@'), { kind: 'StringConstant', value: '"quoted" ""', quote: 'hereDouble' });
});

test('member access, static members, method calls, null-conditional', () => {
  assert.equal(expr('$x.Name.Length'), {
    kind: 'Member', isStatic: false, nullConditional: false, member: bare('Length'),
    target: { kind: 'Member', target: v('x'), member: bare('Name'), isStatic: false, nullConditional: false },
  });
  assert.equal(expr('[math]::Round(1.5, 0)'), {
    kind: 'InvokeMember', target: { kind: 'TypeLiteral', type: { kind: 'TypeName', name: 'math' } }, member: bare('Round'),
    arguments: [num(1.5, '1.5', 'double'), num(0)], isStatic: true, nullConditional: false,
  });
  assert.equal(expr('$x?.Name'), { kind: 'Member', target: v('x'), member: bare('Name'), isStatic: false, nullConditional: true });
  assert.equal(expr('$x.$p'), { kind: 'Member', target: v('x'), member: v('p'), isStatic: false, nullConditional: false });
  const call = expr('$s.Replace("a", "b")');
  assert.equal(call.kind === 'InvokeMember' && call.arguments.length, 2);
  const inner = expr('$s.Foo((1, 2))');
  assert.equal(inner.kind === 'InvokeMember' && inner.arguments.length, 1);
});

test('indexing', () => {
  assert.equal(expr('$a[-1]'), { kind: 'Index', target: v('a'), index: un('-', num(1)), nullConditional: false });
  assert.equal(expr('$a[1..3]'), { kind: 'Index', target: v('a'), index: bin('..', num(1), num(3)), nullConditional: false });
  assert.equal(expr("$h['k']"), { kind: 'Index', target: v('h'), index: sq('k'), nullConditional: false });
  assert.equal(expr('$a?[0]'), { kind: 'Index', target: v('a'), index: num(0), nullConditional: true });
  assert.equal(expr('(1, 2)[0]').kind, 'Index');
});

test('casts and type literals', () => {
  const t = (name: string) => ({ kind: 'TypeName', name });
  assert.equal(expr('[int]$x'), { kind: 'Convert', type: t('int'), operand: v('x') });
  assert.equal(expr('[string[]]@()').kind, 'Convert');
  assert.equal(expr('[ordered]@{ a = 1 }'), {
    kind: 'Convert', type: t('ordered'),
    operand: { kind: 'Hashtable', entries: [{ key: bare('a'), value: { kind: 'Pipeline', elements: [{ kind: 'CommandExpression', expression: num(1), redirections: [] }] } }] },
  });
  assert.equal(expr('[int][string]1'), { kind: 'Convert', type: t('int'), operand: { kind: 'Convert', type: t('string'), operand: num(1) } });
  assert.equal(expr('[System.IO.Path]'), { kind: 'TypeLiteral', type: t('System.IO.Path') });
  assert.equal(expr('[Collections.Generic.Dictionary[string, int]]'), { kind: 'TypeLiteral', type: t('Collections.Generic.Dictionary[string,int]') });
});

test('array and sub-expressions, hashtables, script blocks', () => {
  const one = { kind: 'StatementBlock', statements: [{ kind: 'Pipeline', elements: [{ kind: 'CommandExpression', expression: num(1), redirections: [] }] }] };
  assert.equal(expr('@(1)'), { kind: 'ArraySubexpression', body: one });
  assert.equal(expr('$(1)'), { kind: 'Subexpression', body: one });
  assert.equal(expr('@()'), { kind: 'ArraySubexpression', body: { kind: 'StatementBlock', statements: [] } });
  const h = expr("@{ a = 1; 'b c' = 2\n k3 = 3 }");
  assert.equal(h.kind === 'Hashtable' && h.entries.map((e) => e.key), [bare('a'), sq('b c'), bare('k3')]);
  const sb = expr('{ param($a) $a }');
  assert.equal(sb.kind === 'ScriptBlockExpression' && sb.text, ' param($a) $a ');
  assert.equal(sb.kind === 'ScriptBlockExpression' && sb.block.paramBlock?.parameters.map((p) => p.name), ['a']);
  assert.equal(expr('($x = 5)').kind, 'Paren');
});

test.run();
