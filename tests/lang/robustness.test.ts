// Bad input of any kind gives a ParseError or a result — never a crash, a stack overflow or a
// hang — and big input is handled in linear time (no timings asserted; a quadratic lexer would
// make these tests crawl).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, ParseError, tokenize } from '../../src/lang/index.ts';
import { MAX_NESTING } from '../../src/lang/lexer.ts';

/** Parses and returns the outcome; anything but success or a ParseError fails the test. */
function outcome(text: string): 'ok' | ParseError {
  try {
    parse(text, 'junk.vbrs');
    return 'ok';
  } catch (e) {
    if (e instanceof ParseError) {
      assert.not.ok(e.render().includes('\n    at '), 'no stack trace in the rendered error');
      assert.equal(e.render().split('\n').length, 3);
      return e;
    }
    throw e;
  }
}

function tooDeep(text: string): void {
  const r = outcome(text);
  assert.ok(r instanceof ParseError, 'deep nesting is an error');
  if (r instanceof ParseError) {
    assert.equal(r.code, 'VBRS_PARSE_TOO_DEEP');
    assert.equal(r.message, `nesting too deep (more than ${MAX_NESTING} levels)`);
  }
}

test('10,000 nested parentheses, array sub-expressions, blocks and strings', () => {
  tooDeep('('.repeat(10000) + '1' + ')'.repeat(10000));
  tooDeep('@('.repeat(10000) + '1' + ')'.repeat(10000));
  tooDeep('{'.repeat(10000) + '}'.repeat(10000));
  tooDeep('$a['.repeat(10000) + '0' + ']'.repeat(10000));
  tooDeep('"$('.repeat(10000) + '1' + ')"'.repeat(10000));
  tooDeep('('.repeat(10000));
});

test('deep nesting up to the limit parses (on a thread with a larger stack); one more is refused', () => {
  const depth = MAX_NESTING;
  const ast = parse('@('.repeat(depth) + '1' + ')'.repeat(depth));
  const first = ast.end!.statements[0]!;
  assert.equal(first.kind === 'Pipeline' && first.elements[0]!.kind === 'CommandExpression' && first.elements[0]!.expression.kind, 'ArraySubexpression');
  assert.equal(first.span, { start: 0, end: 3 * depth + 1 });
  tooDeep('@('.repeat(MAX_NESTING + 1) + '1' + ')'.repeat(MAX_NESTING + 1));
  const e = outcome('('.repeat(500) + '1 +' + ')'.repeat(500));
  assert.ok(e instanceof ParseError && e.message === "expected an expression after '+': found ')'" && e.span.start === 503);
});

test('the parser still works after refusing deep input', () => {
  for (const deep of ['-'.repeat(30000) + '1', '[int]'.repeat(30000) + '1']) {
    tooDeep(deep);
    assert.equal(outcome('(1 + 2) * 3'), 'ok');
  }
});

test('binary junk including NUL bytes', () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
  for (let i = 0; i < 50; i++) {
    const junk = String.fromCharCode(...Array.from({ length: 200 + i * 20 }, rnd));
    outcome(junk);
    assert.ok(Array.isArray(tokenize(junk)));
  }
  outcome('\0');
  outcome('$x\0 = 1');
  outcome('\uffff\ud800 \udc00');
  outcome('Get-X \u0000 -Name \u0007');
});

test('random sequences of language fragments: a result or a ParseError, never a crash', () => {
  const frags = ['if', 'else', 'foreach', 'for', 'while', 'do', 'until', 'switch', 'function', 'param', 'begin', 'end', 'try',
    'catch', 'finally', 'trap', 'break', 'return', 'throw', 'in', 'default', '(', ')', '{', '}', '[', ']', '@(', '$(', '@{', '$x',
    '@p', '1', '1MB', "'s'", '"d $x"', '"$(1)"', '@"\nh\n"@', 'Get-X', '-Name', '-Name:', '-eq', '-and', '-f', '-split', '-not',
    '+', '-', '*', '=', '+=', '??=', '??', '?', ':', '::', '.', '..', ',', ';', '\n', '|', '&&', '&', '>', '2>&1', '[int]',
    '[Parameter(Mandatory)]', '!', '++', '`\n', '#c\n', ':lbl', 'web01', '$x.Name', '$a[0]', '?.', ' '];
  let seed = 11;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (let i = 0; i < 1500; i++) {
    let text = '';
    for (let j = 1 + rnd(20); j > 0; j--) text += frags[rnd(frags.length)] + (rnd(3) ? ' ' : '');
    outcome(text);
  }
});

test('unterminated things at every position of a real script', () => {
  const script = `function f($a) { "v: $($a.Name)" }\n$h = @{ a = @(1, 2); b = 'x' }\nif ($h.a[0] -gt 1) { f $h } else { Get-X -Name:$h.b | Y }`;
  for (let i = 0; i <= script.length; i++) outcome(script.slice(0, i));
});

test('a 1 MB line of arguments, of arithmetic and of a string', () => {
  assert.equal(outcome('Write-Output ' + 'abcde '.repeat(175000)), 'ok');
  const sum = parse(Array.from({ length: 30000 }, (_, i) => String(i % 10)).join(' + ') + ' + 1234567');
  const first = sum.end!.statements[0]!;
  assert.equal(first.span.end - first.span.start > 100000, true);
  assert.equal(outcome(`'${'a'.repeat(1 << 20)}'`), 'ok');
  const e = outcome(`"${'a'.repeat(1 << 20)}`);
  assert.ok(e instanceof ParseError && e.incomplete);
  assert.ok(e instanceof ParseError && e.render().length < 400, 'a 1 MB line is clipped in the rendered error');
});

test('a very long array literal is one flat ArrayLiteral', () => {
  const ast = parse(Array.from({ length: 20000 }, (_, i) => String(i)).join(','));
  const s = ast.end!.statements[0]!;
  const e = s.kind === 'Pipeline' && s.elements[0]!.kind === 'CommandExpression' ? s.elements[0]!.expression : null;
  assert.equal(e?.kind === 'ArrayLiteral' && e.elements.length, 20000);
});

test.run();
