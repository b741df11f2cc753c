// Argument mode: how the words after a command name become parameters and arguments.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommandAst, ExpressionAst } from '../../src/lang/ast.ts';
import { bare, num, sq, statement, v } from './helpers.ts';

function command(text: string, index = 0): CommandAst {
  const s = statement(text);
  if (s.kind !== 'Pipeline') throw new Error('not a pipeline');
  const c = s.elements[index]!;
  if (c.kind !== 'Command') throw new Error('not a command');
  return c;
}

/** Each element as -Name, -Name:value or the argument value. */
function args(text: string): unknown[] {
  return command(text).elements.map((e) =>
    e.kind === 'CommandParameter' ? (e.argument ? { [`-${e.name}:`]: e.argument } : `-${e.name}`) : e.value);
}

const arr = (...elements: ExpressionAst[] | unknown[]) => ({ kind: 'ArrayLiteral', elements });

test('bare words, numbers with multipliers, and words that only look like numbers', () => {
  assert.equal(args('Add-VM -Name web01 -DiskSize 8GB,2GB -Wait 10m -Offset -5 1.5'), [
    '-Name', bare('web01'), '-DiskSize', arr(num(8 * 2 ** 30, '8GB', 'long'), num(2 * 2 ** 30, '2GB', 'long')),
    '-Wait', bare('10m'), '-Offset', num(-5, '-5'), num(1.5, '1.5', 'double'),
  ]);
});

test('paths, wildcards and operators are plain words in argument mode', () => {
  assert.equal(args('x ./file.vbrs *.txt C:\\x\\y.exe a+b = 1..3 ..\\up'), [
    bare('./file.vbrs'), bare('*.txt'), bare('C:\\x\\y.exe'), bare('a+b'), bare('='), bare('1..3'), bare('..\\up'),
  ]);
});

test('a word starting with a digit that is no number is a command name', () => {
  assert.equal(command('7z a x.zip').name, bare('7z'));
  const m = statement('10m');
  assert.equal(m.kind === 'Pipeline' && m.elements[0]!.kind, 'Command');
  const n = statement('4MB');
  assert.equal(n.kind === 'Pipeline' && n.elements[0]!.kind, 'CommandExpression');
});

test('comma-separated words are one array argument', () => {
  assert.equal(args('Set-X -VM web01, db01 a,b'), ['-VM', arr(bare('web01'), bare('db01')), arr(bare('a'), bare('b'))]);
});

test('-Name:value binds the value to the parameter', () => {
  assert.equal(args('Get-X -Flag:$false -Name:web01 -List:a,b'), [
    { '-Flag:': v('false') }, { '-Name:': bare('web01') }, { '-List:': arr(bare('a'), bare('b')) },
  ]);
});

test('expressions as arguments: variables with members and indexes, strings, sub-expressions, blocks', () => {
  const got = args('Write-Output $x.Name $a[0] "s $y" \'lit\' (1 + 2) $(3) @(4) @{ k = 5 } { 6 } [int]::MaxValue @splat');
  assert.equal(got[0], { kind: 'Member', target: v('x'), member: bare('Name'), isStatic: false, nullConditional: false });
  assert.equal(got[1], { kind: 'Index', target: v('a'), index: num(0), nullConditional: false });
  assert.equal((got[2] as ExpressionAst).kind, 'ExpandableString');
  assert.equal(got[3], sq('lit'));
  assert.equal((got.slice(4, 9) as ExpressionAst[]).map((e) => e.kind), ['Paren', 'Subexpression', 'ArraySubexpression', 'Hashtable', 'ScriptBlockExpression']);
  assert.equal((got[9] as ExpressionAst).kind, 'Member');
  assert.equal(got[10], { kind: 'Variable', name: 'splat', scope: null, splatted: true });
});

test('a space separates arguments: `$x .Name` is two', () => {
  assert.equal(args('Write-Output $x .Name'), [v('x'), bare('.Name')]);
});

test('bare words with variables or quotes inside are expandable bare strings', () => {
  assert.equal(args('Write-Output foo$x "a b"c pre-$($n + 1) \'q\'z $dir/f.txt'), [
    { kind: 'ExpandableString', parts: ['foo', v('x')], quote: 'bare' },
    { kind: 'StringConstant', value: 'a bc', quote: 'bare' },
    {
      kind: 'ExpandableString', quote: 'bare',
      parts: ['pre-', {
        kind: 'Subexpression',
        body: {
          kind: 'StatementBlock',
          statements: [{ kind: 'Pipeline', elements: [{ kind: 'CommandExpression', redirections: [], expression: { kind: 'Binary', operator: '+', left: v('n'), right: num(1) } }] }],
        },
      }],
    },
    { kind: 'StringConstant', value: 'qz', quote: 'bare' },
    { kind: 'ExpandableString', parts: [v('dir'), '/f.txt'], quote: 'bare' },
  ]);
});

test('& and . invoke any expression; a quoted string alone is an expression', () => {
  const amp = command("& 'my cmd' 1");
  assert.equal([amp.invocation, amp.name, amp.elements.length], ['&', sq('my cmd'), 1]);
  const sb = command('& { 1 } 2');
  assert.equal([sb.invocation, sb.name.kind], ['&', 'ScriptBlockExpression']);
  const dot = command('. ./lib.vbrs');
  assert.equal([dot.invocation, dot.name], ['.', bare('./lib.vbrs')]);
  const viaVar = command('& $sb -x');
  assert.equal([viaVar.name, viaVar.elements.length], [v('sb'), 1]);
  const s = statement("'hello'");
  assert.equal(s.kind === 'Pipeline' && s.elements[0]!.kind, 'CommandExpression');
});

test('pipelines of commands; % and ? are commands after a pipe', () => {
  const s = statement('Get-VM | % { $_ } | ? { $_ } | Where-Object Name -eq web01');
  assert.equal(s.kind === 'Pipeline' && s.elements.map((e) => e.kind === 'Command' && e.name), [
    bare('Get-VM'), bare('%'), bare('?'), bare('Where-Object'),
  ]);
  const last = command('Get-VM | Where-Object Name -eq web01', 1);
  assert.equal(last.elements.map((e) => e.kind === 'CommandParameter' ? `-${e.name}` : e.value), [bare('Name'), '-eq', bare('web01')]);
});

test('an expression may start a pipeline', () => {
  const s = statement('1..3 | ForEach-Object { $_ }');
  assert.equal(s.kind === 'Pipeline' && s.elements.map((e) => e.kind), ['CommandExpression', 'Command']);
});

test('redirections on commands and expressions', () => {
  const c = command('Get-X > out.txt 2>&1 2>> err.txt *> all.txt 3> w.txt');
  assert.equal(c.redirections, [
    { kind: 'Redirection', from: '1', target: bare('out.txt'), mergeTo: null, append: false },
    { kind: 'Redirection', from: '2', target: null, mergeTo: '1', append: false },
    { kind: 'Redirection', from: '2', target: bare('err.txt'), mergeTo: null, append: true },
    { kind: 'Redirection', from: '*', target: bare('all.txt'), mergeTo: null, append: false },
    { kind: 'Redirection', from: '3', target: bare('w.txt'), mergeTo: null, append: false },
  ]);
  assert.equal(c.elements, []);
  const e = statement('$x >> "log $n.txt"');
  assert.equal(e.kind === 'Pipeline' && e.elements[0]!.kind === 'CommandExpression' && e.elements[0]!.redirections[0]!.append, true);
});

test('a multi-line command with backticks and a pipeline continued on the next line', () => {
  const s = statement('Add-Job -Name Nightly `\n  -VM web01 `\n  -Repository repo01 |\n  Start-Job');
  assert.equal(s.kind === 'Pipeline' && s.elements.length, 2);
  const leading = statement('Get-VM\n  | Select-Object Name');
  assert.equal(leading.kind === 'Pipeline' && leading.elements.length, 2);
});

test('command arguments end at ) and }', () => {
  const s = statement('$n = (Get-X a).Count');
  assert.equal(s.kind === 'Assignment' && s.value.kind === 'Pipeline' && s.value.elements[0]!.kind === 'CommandExpression'
    && s.value.elements[0]!.expression.kind, 'Member');
  const h = statement('@{ a = Get-X b; c = 1 }');
  assert.equal(h.kind === 'Pipeline' && h.elements[0]!.kind === 'CommandExpression' && h.elements[0]!.expression.kind === 'Hashtable'
    && h.elements[0]!.expression.entries.length, 2);
});

test.run();
