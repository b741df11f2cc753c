// The lexer decides argument vs expression mode; these pin the token types it produces.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lex } from '../../src/lang/lexer.ts';
import { Source } from '../../src/lang/source.ts';

function types(text: string): string[] {
  const r = lex(new Source(text));
  if (r.error) throw r.error;
  return r.tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

test('a command name switches to argument mode: operators become bare words', () => {
  assert.equal(types('Get-VM'), ['CommandName:Get-VM']);
  assert.equal(types('Write-Output a + -Name:x -Flag 1MB'), [
    'CommandName:Write-Output', 'GenericToken:a', 'GenericToken:+', 'ParameterColon:-Name:', 'GenericToken:x',
    'Parameter:-Flag', 'NumberLiteral:1MB',
  ]);
});

test('an expression statement keeps operators and dash operators', () => {
  assert.equal(types('$a -eq 1 + -2'), ['Variable:$a', 'ComparisonOp:-eq', 'NumberLiteral:1', 'Plus:+', 'Minus:-', 'NumberLiteral:2']);
});

test('dash operators are lower-cased and case-insensitive', () => {
  assert.equal(types('1 -EQ 2 -CLike 3'), ['NumberLiteral:1', 'ComparisonOp:-eq', 'NumberLiteral:2', 'ComparisonOp:-clike', 'NumberLiteral:3']);
});

test('keywords only where a statement starts; after a pipe foreach is a command', () => {
  assert.equal(types('foreach ($x in $y) {}'), ['Foreach:foreach', 'LParen:(', 'Variable:$x', 'In:in', 'Variable:$y', 'RParen:)', 'LBrace:{', 'RBrace:}']);
  assert.equal(types('Get-X | foreach { 1 }')[2], 'CommandName:foreach');
  assert.equal(types('Write-Output if')[1], 'GenericToken:if');
  assert.equal(types('IF (1) {}')[0], 'If:IF');
});

test('index directly after a value, type after a space', () => {
  assert.equal(types('$a[0]'), ['Variable:$a', 'IndexOpen:[', 'NumberLiteral:0', 'RBracket:]']);
  assert.equal(types('[int] $a'), ['LBracket:[', 'TypeName:int', 'RBracket:]', 'Variable:$a']);
  assert.equal(types('[Collections.Generic.List[string]]::new()'), [
    'LBracket:[', 'TypeName:Collections.Generic.List[string]', 'RBracket:]', 'ColonColon:::', 'GenericToken:new', 'InvokeOpen:(', 'RParen:)',
  ]);
});

test('member access and method calls in argument mode', () => {
  assert.equal(types('Write-Output $x.Name $y.Get(1, 2)'), [
    'CommandName:Write-Output', 'Variable:$x', 'Dot:.', 'GenericToken:Name', 'Variable:$y', 'Dot:.', 'GenericToken:Get',
    'InvokeOpen:(', 'NumberLiteral:1', 'ArgComma:,', 'NumberLiteral:2', 'RParen:)',
  ]);
});

test('bare words keep quotes and variables inside them', () => {
  assert.equal(types('Write-Output foo$x a"b c" $dir/file.txt'), [
    'CommandName:Write-Output', 'GenericToken:foo$x', 'GenericToken:a"b c"', 'GenericToken:$dir/file.txt',
  ]);
});

test('hashtable keys are words even when they spell keywords', () => {
  assert.equal(types('@{ if = 1; end = Get-X }'), [
    'AtBrace:@{', 'GenericToken:if', 'Equals:=', 'NumberLiteral:1', 'Semi:;', 'GenericToken:end', 'Equals:=', 'CommandName:Get-X', 'RBrace:}',
  ]);
});

test('newlines: skipped after an operator, a pipe, a comma and inside parentheses', () => {
  assert.equal(types('1 +\n2'), ['NumberLiteral:1', 'Plus:+', 'NumberLiteral:2']);
  assert.equal(types('a |\nb'), ['CommandName:a', 'Pipe:|', 'CommandName:b']);
  assert.equal(types('(1\n)'), ['LParen:(', 'NumberLiteral:1', 'RParen:)']);
  assert.equal(types('a\n| b'), ['CommandName:a', 'Pipe:|', 'CommandName:b']);
  assert.equal(types('a\nb'), ['CommandName:a', 'NewLine:\n', 'CommandName:b']);
});

test('newlines before else, catch, finally and a do loop\'s while are not separators', () => {
  assert.equal(types('if (1) {}\nelse {}').includes('NewLine:\n'), false);
  assert.equal(types('try {}\ncatch {}\nfinally {}').includes('NewLine:\n'), false);
  assert.equal(types('do {}\nwhile (1)').includes('NewLine:\n'), false);
  assert.equal(types('if (1) {}\nwhile (1) {}').includes('NewLine:\n'), true);
});

test('backtick continues a line', () => {
  assert.equal(types('Write-Output a `\n b'), ['CommandName:Write-Output', 'GenericToken:a', 'GenericToken:b']);
});

test('redirections', () => {
  assert.equal(types('a > f 2>&1 2>> g *> h'), [
    'CommandName:a', 'Redirection:>', 'GenericToken:f', 'Redirection:2>&1', 'Redirection:2>>', 'GenericToken:g', 'Redirection:*>', 'GenericToken:h',
  ]);
});

test('comments are not tokens for the parser', () => {
  const r = lex(new Source('1 # one\n<# two #> 2'));
  assert.equal(r.tokens.map((t) => t.image), ['1', '\n', '2']);
  assert.equal(r.comments.map((t) => t.image), ['# one', '<# two #>']);
});

test('here-strings are single tokens', () => {
  assert.equal(types("@'\na\n'@"), ["HereStringSingle:@'\na\n'@"]);
  assert.equal(types('@"\n$(1)\n"@'), ['HereStringDouble:@"\n$(1)\n"@']);
});

test('strings with nested subexpressions are single tokens', () => {
  assert.equal(types('"a $("b $(1)") c"'), ['StringDouble:"a $("b $(1)") c"']);
});

test.run();
