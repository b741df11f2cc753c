// Parse errors: exact message, position, code, and whether the input is merely incomplete.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isIncomplete } from '../../src/lang/index.ts';
import { parseError } from './helpers.ts';

/** `line:col: message` of the error that `text` raises. */
function err(text: string): string {
  const e = parseError(text);
  const first = e.render().split('\n')[0]!;
  return first.replace(/^test\.vbrs:/, '');
}

test('render(): file:line:col, the source line, a caret under the column', () => {
  const e = parseError('$x = 1\nif (1 {\n', 'file.vbrs');
  assert.equal(e.render(), [
    "file.vbrs:2:7: missing closing ')' for the '(' started at 2:4: found '{'",
    '    if (1 {',
    '          ^',
  ].join('\n'));
  assert.equal(e.code, 'VBRS_PARSE_MISSING_PAREN');
  assert.equal(e.span, { start: 13, end: 14 });
  assert.equal([e.expected, e.found, e.incomplete], ["closing ')'", "'{'", false]);
  assert.equal(e.source.name, 'file.vbrs');
});

test('missing closers point at what is missing and where it was opened', () => {
  assert.equal(err('if (1) {'), "1:9: missing closing '}' for the statement block started at 1:8: found end of input");
  assert.equal(err('$a = @(1,\n2'), "2:2: missing closing ')' for the subexpression started at 1:6: found end of input");
  assert.equal(err('$h = @{ a = 1'), "1:14: missing closing '}' for the hashtable started at 1:6: found end of input");
  assert.equal(err('$a[0'), "1:5: missing closing ']' for the index '[' started at 1:3: found end of input");
  assert.equal(err('(1 }'), "1:4: missing closing ')' for the '(' started at 1:1: found '}'");
  assert.equal(err('foreach ($x in $y {'), "1:19: missing closing ')' for the '(' started at 1:9: found '{'");
  assert.equal(err('[int'), "1:5: missing closing ']' for the type started at 1:1: found end of input");
});

test('unmatched closers', () => {
  assert.equal(err('1 )'), "1:3: unexpected ')' with no matching opening bracket");
  assert.equal(err('}'), "1:1: unexpected '}' with no matching opening bracket");
});

test('unterminated strings and comments', () => {
  assert.equal(err('"abc'), '1:1: missing closing " for the string started at 1:1: found end of input');
  assert.equal(err("x = 'abc"), "1:5: missing closing ' for the string started at 1:5: found end of input");
  assert.equal(err('@"\nabc'), `1:1: missing '"@' at the start of a line to end the here-string started at 1:1: found end of input`);
  assert.equal(err('@"abc"@'), `1:3: a here-string must start a new line after '@"': found 'a'`);
  assert.equal(err('<# abc'), "1:1: missing '#>' to end the block comment started at 1:1: found end of input");
  assert.equal(err('${abc'), "1:1: missing '}' to end the variable name started at 1:1: found end of input");
});

test('missing expressions and statements name what came before', () => {
  assert.equal(err('1 +'), "1:4: expected an expression after '+': found end of input");
  assert.equal(err('1 + * 2'), "1:5: expected an expression after '+': found '*'");
  assert.equal(err('$x -eq'), "1:7: expected an expression after '-eq': found end of input");
  assert.equal(err('$x ='), "1:5: expected a statement after '=': found end of input");
  assert.equal(err('Get-X |'), "1:8: expected a command or expression after '|': found end of input");
  assert.equal(err('$x.'), "1:4: expected a member name after '.': found end of input");
});

test('keywords without their parts', () => {
  assert.equal(err('if'), "1:3: expected '(' after 'if': found end of input");
  assert.equal(err('if ($x) { } else'), "1:17: expected '{' after 'else': found end of input");
  assert.equal(err('foreach ($x) { }'), "1:12: expected 'in' after '$x': found ')'");
  assert.equal(err('function { }'), "1:10: expected a function name after 'function': found '{'");
  assert.equal(err('try { }'), "1:8: missing 'catch' or 'finally' after the try block started at 1:1");
  assert.equal(err('switch -Foo ($x) { }'), "1:8: unknown switch option '-Foo': expected -Regex, -Wildcard, -Exact, -CaseSensitive or -File");
  assert.equal(err('do { } while'), "1:13: expected '(' after 'while': found end of input");
});

test('two expressions without a separator', () => {
  assert.equal(err('1 2'), "1:3: unexpected '2': expected a newline or ';' before it");
  assert.equal(err('$a $b'), "1:4: unexpected '$b': expected a newline or ';' before it");
});

test('assignments to things that cannot be assigned', () => {
  assert.equal(err('5 = 3'), "1:1: the left side of '=' must be a variable, a property or an index: found a number");
  assert.equal(err("'a' += 1"), "1:1: the left side of '+=' must be a variable, a property or an index: found a string");
  assert.equal(parseError('5 = 3').code, 'VBRS_PARSE_BAD_ASSIGNMENT');
});

test('bad numbers, redirections and characters', () => {
  assert.equal(err('$x + 10m'), "1:6: bad number literal '10m'");
  assert.equal(err('Get-X >'), "1:8: missing a file name after '>'");
  assert.equal(err('$a <'), "1:4: unexpected '<': expected a newline or ';' before it");
});

test('errors inside a string\'s $( ) point into the string and are not incomplete', () => {
  assert.equal(err('"a $(1 + )"'), "1:10: expected an expression after '+': found ')'");
  assert.equal(err('$x = "n: $(@{)"'), "1:14: missing closing '}' for the hashtable started at 1:12: found ')'");
  assert.equal(err('"$(1 2)"'), "1:6: unexpected '2': expected a newline or ';' before it");
  assert.not.ok(isIncomplete('"a $(1 + )"'));
  assert.ok(isIncomplete('"a $(1 + '));
});

test('a line continuation backtick at the very end', () => {
  assert.equal(err('Write-Output a `'), '1:16: missing the next line after the line-continuation backtick: found end of input');
});

test('error codes are stable per kind', () => {
  const codes = ['if (1) {', '(1', '$a[0', '"x', '<#', '1 +', '1 2', '5 = 1', '1 + 10m', '1 )', 'Write-Output `']
    .map((t) => parseError(t).code);
  assert.equal(codes, [
    'VBRS_PARSE_MISSING_BRACE', 'VBRS_PARSE_MISSING_PAREN', 'VBRS_PARSE_MISSING_BRACKET', 'VBRS_PARSE_UNTERMINATED_STRING',
    'VBRS_PARSE_UNTERMINATED_COMMENT', 'VBRS_PARSE_MISSING_EXPRESSION', 'VBRS_PARSE_UNEXPECTED_TOKEN', 'VBRS_PARSE_BAD_ASSIGNMENT',
    'VBRS_PARSE_BAD_NUMBER', 'VBRS_PARSE_UNMATCHED_CLOSER', 'VBRS_PARSE_TRAILING_BACKTICK',
  ]);
});

test('isIncomplete: true when the input merely stopped too early', () => {
  for (const text of [
    'if (1) {', 'function f {\n  1', '(1 +', '@(1,', '$h = @{', '$a[', '"abc', "'abc", '@"\nabc', "@'\n", '<# x',
    'Get-X |', 'Get-X `', '1 +', '$a -and', '$x =', 'if ($a) { } else', 'if', 'foreach ($x in', '"a $(1 +',
    'do { } while', 'Get-X -Name a,', 'try {', '[int',
  ]) {
    assert.ok(isIncomplete(text), `incomplete: ${JSON.stringify(text)}`);
  }
});

test('isIncomplete: false for complete input and for real errors', () => {
  for (const text of [
    '', '1 + 2', 'Get-X | Y', 'if (1) { } else { }', '"abc"', '@"\nabc\n"@', 'function f { }', '# comment',
    '1 )', '(1 }', 'if (1 {', '1 2', '5 = 3', '1 + 10m', '@"x"@', '$a <',
  ]) {
    assert.not.ok(isIncomplete(text), `not incomplete: ${JSON.stringify(text)}`);
  }
});

test.run();
