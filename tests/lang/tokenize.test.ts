// tokenize() feeds REPL highlighting: categories per token, and it never throws.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tokenize } from '../../src/lang/index.ts';

function cats(text: string): string[] {
  return tokenize(text).map((t) => `${t.category}:${text.slice(t.start, t.end)}`);
}

test('categories for a command line', () => {
  assert.equal(cats('Get-VM -Name web01 | Where-Object { $_.Size -gt 1GB } # big'), [
    'command:Get-VM', 'parameter:-Name', 'text:web01', 'operator:|', 'command:Where-Object', 'punctuation:{',
    'variable:$_', 'operator:.', 'text:Size', 'operator:-gt', 'number:1GB', 'punctuation:}', 'comment:# big',
  ]);
});

test('keywords, strings and types', () => {
  assert.equal(cats("if ($x) { 'a' } else { [int]\"2\" }"), [
    'keyword:if', 'punctuation:(', 'variable:$x', 'punctuation:)', 'punctuation:{', "string:'a'", 'punctuation:}',
    'keyword:else', 'punctuation:{', 'punctuation:[', 'type:int', 'punctuation:]', 'string:"2"', 'punctuation:}',
  ]);
});

test('an unterminated string is still highlighted as a string to the end', () => {
  assert.equal(cats('Write-Output "abc'), ['command:Write-Output', 'string:"abc']);
  assert.equal(cats('1 <# open'), ['number:1', 'comment:<# open']);
});

test('never throws, and tokens are ordered and do not overlap', () => {
  const inputs = ['', ')', '}}}', '"', '@"', '$', '${', '\0\x01\x02', '('.repeat(5000), '`', "'", '[', '-', '@', '&', '<', '\ud800'];
  let seed = 3;
  for (let i = 0; i < 100; i++) {
    inputs.push(String.fromCharCode(...Array.from({ length: 64 }, () => (seed = (seed * 48271) % 2147483647) % 128)));
  }
  for (const text of inputs) {
    const toks = tokenize(text);
    let end = 0;
    for (const t of toks) {
      assert.ok(t.start >= end && t.end >= t.start && t.end <= text.length, `ordered tokens for ${JSON.stringify(text)}`);
      end = t.end;
    }
  }
});

test.run();
