// Every node carries a span; these check that spans cover exactly the source text of the node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../src/lang/index.ts';
import type { Span } from '../../src/lang/ast.ts';

/** Every object with a `kind` (and every clause/entry) in the tree, with its parent's span. */
function walk(node: unknown, visit: (n: { kind?: string; span: Span }, parent: Span | null) => void, parent: Span | null = null): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit, parent);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  let here = parent;
  if ('kind' in obj || 'span' in obj) {
    visit(obj as { kind?: string; span: Span }, parent);
    here = obj['span'] as Span;
  }
  for (const [k, v] of Object.entries(obj)) if (k !== 'span') walk(v, visit, here);
}

const SCRIPT = `param([int]$n = 2)
function Get-Double([int]$x) { $x * 2 }
$list = @(1, 2, 3) | ForEach-Object { Get-Double $_ } # doubled
if ($list.Count -gt $n) { "many: $($list.Count)" } elseif ($n) { 'some' } else { @{ a = 1; b = [int]'2' } }
switch -Wildcard ("web01") { 'web*' { 1 } default { 2 } }
try { throw "x" } catch [System.Exception] { $_.Exception.Message } finally { }
:outer foreach ($i in 1..3) { for ($j = 0; $j -lt 2; $j++) { if ($j) { continue outer } } }
do { $n-- } until ($n -le 0)
Get-X -Name:web01 -Flag a,b > out.txt 2>&1 && Write-Output done
[math]::Round(1.5)
`;

test('every node has a sane span inside its parent', () => {
  const ast = parse(SCRIPT);
  let count = 0;
  walk(ast, (n, parent) => {
    count++;
    assert.ok(n.span, `${n.kind} has a span`);
    assert.ok(Number.isInteger(n.span.start) && Number.isInteger(n.span.end), `${n.kind} span is integer`);
    assert.ok(n.span.start <= n.span.end, `${n.kind} span is ordered`);
    assert.ok(n.span.end <= SCRIPT.length, `${n.kind} span is inside the text`);
    if (parent) {
      assert.ok(parent.start <= n.span.start && n.span.end <= parent.end,
        `${n.kind} ${JSON.stringify(n.span)} inside parent ${JSON.stringify(parent)}: '${SCRIPT.slice(n.span.start, n.span.end)}'`);
    }
  });
  assert.ok(count > 150);
});

/** The source text of each node of the given kind, in tree order. */
function texts(text: string, kind: string): string[] {
  const out: string[] = [];
  walk(parse(text), (n) => {
    if (n.kind === kind) out.push(text.slice(n.span.start, n.span.end));
  });
  return out;
}

test('spans cover exactly the source of each node', () => {
  assert.equal(texts('$a + $b * 2', 'Binary'), ['$a + $b * 2', '$b * 2']);
  assert.equal(texts('Get-X -Name:web01 -Flag a,b > out.txt', 'Command'), ['Get-X -Name:web01 -Flag a,b > out.txt']);
  assert.equal(texts('Get-X -Name:web01 -Flag a,b', 'CommandParameter'), ['-Name:web01', '-Flag']);
  assert.equal(texts('Get-X a,b', 'ArrayLiteral'), ['a,b']);
  assert.equal(texts('$x.Name.ToUpper()', 'InvokeMember'), ['$x.Name.ToUpper()']);
  assert.equal(texts('$x.Name.ToUpper()', 'Member'), ['$x.Name']);
  assert.equal(texts('$a[0][1]', 'Index'), ['$a[0][1]', '$a[0]']);
  assert.equal(texts('  if ($a) { 1 } else { 2 }  ', 'If'), ['if ($a) { 1 } else { 2 }']);
  assert.equal(texts('$x = Get-X | Y', 'Assignment'), ['$x = Get-X | Y']);
  assert.equal(texts('"a $b $(1 + 2)"', 'Variable'), ['$b']);
  assert.equal(texts('"a $b $(1 + 2)"', 'Subexpression'), ['$(1 + 2)']);
  assert.equal(texts('"a $b $(1 + 2)"', 'Binary'), ['1 + 2']);
  assert.equal(texts('@"\nx $(1 + 2)\n"@', 'Binary'), ['1 + 2']);
  assert.equal(texts('function f { 1 }', 'FunctionDefinition'), ['function f { 1 }']);
  assert.equal(texts('$f = { param($a) $a }', 'ScriptBlockExpression'), ['{ param($a) $a }']);
  assert.equal(texts('[int]$x', 'Convert'), ['[int]$x']);
  assert.equal(texts('[math]::PI', 'TypeLiteral'), ['[math]']);
  assert.equal(texts(':l while (1) { break l }', 'While'), [':l while (1) { break l }']);
  assert.equal(texts(':l while (1) { break l }', 'Break'), ['break l']);
  assert.equal(texts('do { 1 } while ($x)', 'DoLoop'), ['do { 1 } while ($x)']);
  assert.equal(texts('param([Parameter(Mandatory)][int]$n = 5)', 'Parameter'), ['[Parameter(Mandatory)][int]$n = 5']);
  assert.equal(texts('param([Parameter(Mandatory)][int]$n = 5)', 'Attribute'), ['[Parameter(Mandatory)]']);
  assert.equal(texts('Write-Output foo$x', 'ExpandableString'), ['foo$x']);
  assert.equal(texts('Get-X 2>&1', 'Redirection'), ['2>&1']);
});

test('the script block spans the whole script; an empty block gets an empty span', () => {
  const text = '\n 1\n 2 \n';
  const ast = parse(text);
  assert.equal(text.slice(ast.end!.span.start, ast.end!.span.end), '1\n 2');
  const empty = parse('function f { }').end!.statements[0]!;
  if (empty.kind !== 'FunctionDefinition') throw new Error('not a function');
  const body = empty.body.end!;
  assert.equal(body.statements.length, 0);
  assert.equal(body.span.start, body.span.end);
});

test('spans are UTF-16 offsets (astral characters count as two)', () => {
  const text = "'😀' + $x";
  assert.equal(texts(text, 'Variable'), ['$x']);
  const ast = parse(text);
  const s = ast.end!.statements[0]!;
  assert.equal(s.span, { start: 0, end: text.length });
});

test.run();
