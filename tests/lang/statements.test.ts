// One test per statement kind, asserting the AST shape with spans stripped.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../src/lang/index.ts';
import { bare, bin, num, pipe, sq, statement, statements, strip, un, v } from './helpers.ts';

const block = (...exprs: unknown[]) => ({ kind: 'StatementBlock', statements: exprs.map((e) => pipe(e)) });
const cmd = (name: string, ...args: string[]) => ({
  kind: 'Command', invocation: null, name: bare(name), redirections: [],
  elements: args.map((a) => ({ kind: 'CommandArgument', value: bare(a) })),
});

test('if / elseif / else, with newlines before else and Allman braces', () => {
  const expected = {
    kind: 'If',
    clauses: [{ condition: pipe(v('a')), body: block(num(1)) }, { condition: pipe(v('b')), body: block(num(2)) }],
    elseBody: block(num(3)),
  };
  assert.equal(statement('if ($a) { 1 } elseif ($b) { 2 } else { 3 }'), expected);
  assert.equal(statement('if ($a) { 1 }\nelseif ($b) { 2 }\nelse { 3 }'), expected);
  assert.equal(statement('If ($a)\n{\n 1\n}\nElseIf ($b)\n{ 2 }\nELSE\n{ 3 }'), expected);
});

test('an assignment in a condition is wrapped in parentheses', () => {
  const s = statement('if ($x = Get-X) { }');
  assert.equal(s.kind === 'If' && s.clauses[0]!.condition, {
    kind: 'Pipeline',
    elements: [{ kind: 'CommandExpression', redirections: [], expression: { kind: 'Paren', pipeline: { kind: 'Assignment', operator: '=', target: v('x'), value: { kind: 'Pipeline', elements: [cmd('Get-X')] } } } }],
  });
});

test('switch with options, bare, string, script block and default clauses', () => {
  assert.equal(statement("switch -Regex -CaseSensitive ($x) { '^a' { 1 } web01 { 2 } { $_ -gt 1 } { 3 } default { 4 } }"), {
    kind: 'Switch', label: null,
    flags: { regex: true, wildcard: false, exact: false, caseSensitive: true, file: false },
    subject: pipe(v('x')),
    clauses: [
      { pattern: sq('^a'), body: block(num(1)) },
      { pattern: bare('web01'), body: block(num(2)) },
      {
        pattern: {
          kind: 'ScriptBlockExpression', text: ' $_ -gt 1 ',
          block: { kind: 'ScriptBlock', attributes: [], paramBlock: null, begin: null, process: null, end: block(bin('-gt', v('_'), num(1))) },
        },
        body: block(num(3)),
      },
    ],
    defaultBody: block(num(4)),
  });
  const multi = statement("switch ($x)\n{\n  1 { 'one'; break }\n\n  default { 'other' }\n}");
  assert.equal(multi.kind === 'Switch' && multi.clauses.length, 1);
  const file = statement("switch -File 'list.txt' { default { $_ } }");
  assert.equal(file.kind === 'Switch' && [file.flags.file, file.subject], [true, pipe(sq('list.txt'))]);
});

test('foreach, for, while, do-while, do-until', () => {
  assert.equal(statement('foreach ($vm in Get-VM) { $vm }'), {
    kind: 'Foreach', label: null, variable: v('vm'), iterable: { kind: 'Pipeline', elements: [cmd('Get-VM')] }, body: block(v('vm')),
  });
  assert.equal(statement('for ($i = 0; $i -lt 3; $i++) { $i }'), {
    kind: 'For', label: null,
    init: { kind: 'Assignment', operator: '=', target: v('i'), value: pipe(num(0)) },
    condition: pipe(bin('-lt', v('i'), num(3))),
    iterator: pipe(un('post++', v('i'))),
    body: block(v('i')),
  });
  assert.equal(statement('for (;;) { }'), {
    kind: 'For', label: null, init: null, condition: null, iterator: null, body: { kind: 'StatementBlock', statements: [] },
  });
  assert.equal(statement('while ($true) { 1 }'), { kind: 'While', label: null, condition: pipe(v('true')), body: block(num(1)) });
  assert.equal(statement('do { 1 } while ($a)'), { kind: 'DoLoop', label: null, until: false, condition: pipe(v('a')), body: block(num(1)) });
  assert.equal(statement('do { 1 }\nuntil ($a)'), { kind: 'DoLoop', label: null, until: true, condition: pipe(v('a')), body: block(num(1)) });
});

test('labels, break and continue with labels', () => {
  const s = statement(':outer foreach ($a in $b) { while (1) { break outer; continue } }');
  assert.equal(s.kind === 'Foreach' && s.label, 'outer');
  if (s.kind !== 'Foreach') return;
  const inner = s.body.statements[0]!;
  assert.equal(inner.kind === 'While' && inner.body.statements, [{ kind: 'Break', label: 'outer' }, { kind: 'Continue', label: null }]);
  const w = statement(':retry while (1) { }');
  assert.equal(w.kind === 'While' && w.label, 'retry');
});

test('return, exit, throw with and without values', () => {
  assert.equal(statements('return; return 5; return Get-X; exit; exit 1; throw; throw "bad"'), [
    { kind: 'Return', value: null },
    { kind: 'Return', value: pipe(num(5)) },
    { kind: 'Return', value: { kind: 'Pipeline', elements: [cmd('Get-X')] } },
    { kind: 'Exit', value: null },
    { kind: 'Exit', value: pipe(num(1)) },
    { kind: 'Throw', value: null },
    { kind: 'Throw', value: pipe({ kind: 'StringConstant', value: 'bad', quote: 'double' }) },
  ]);
});

test('try / catch with types / catch-all / finally, across lines', () => {
  assert.equal(statement('try { 1 }\ncatch [System.IO.IOException], [TimeoutException] { 2 }\ncatch { 3 }\nfinally { 4 }'), {
    kind: 'Try', body: block(num(1)),
    catches: [
      { types: [{ kind: 'TypeName', name: 'System.IO.IOException' }, { kind: 'TypeName', name: 'TimeoutException' }], body: block(num(2)) },
      { types: [], body: block(num(3)) },
    ],
    finallyBody: block(num(4)),
  });
});

test('trap with and without a type', () => {
  assert.equal(statements("trap [Exception] { 'x' }; trap { continue }"), [
    { kind: 'Trap', type: { kind: 'TypeName', name: 'Exception' }, body: block(sq('x')) },
    { kind: 'Trap', type: null, body: { kind: 'StatementBlock', statements: [{ kind: 'Continue', label: null }] } },
  ]);
});

test('function with parenthesised parameters moves them into the body param block', () => {
  const f = statement('function Add($a, [int]$b = 2) { $a + $b }');
  assert.equal(f, {
    kind: 'FunctionDefinition', name: 'Add', isFilter: false,
    body: {
      kind: 'ScriptBlock', attributes: [], begin: null, process: null, end: block(bin('+', v('a'), v('b'))),
      paramBlock: {
        kind: 'ParamBlock', attributes: [],
        parameters: [
          { kind: 'Parameter', name: 'a', type: null, attributes: [], defaultValue: null },
          { kind: 'Parameter', name: 'b', type: { kind: 'TypeName', name: 'int' }, attributes: [], defaultValue: num(2) },
        ],
      },
    },
  });
});

test('param() with attributes, CmdletBinding and named blocks', () => {
  const f = statement(`function Get-Thing {
  [CmdletBinding()]
  param(
    [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
    [string]$Name,
    [ValidateSet('a', 'b')][string[]]$Kind = 'a',
    [ValidateRange(1, 10)][int]$Count,
    [Alias('f')][switch]$Force
  )
  begin { 1 }
  process { $_ }
  end { 3 }
}`);
  if (f.kind !== 'FunctionDefinition') throw new Error('not a function');
  const body = f.body;
  assert.equal(body.attributes.map((a) => a.name), ['CmdletBinding']);
  assert.equal(body.paramBlock!.parameters.map((p) => [p.name, p.type?.name ?? null]), [
    ['Name', 'string'], ['Kind', 'string[]'], ['Count', 'int'], ['Force', 'switch'],
  ]);
  assert.equal(body.paramBlock!.parameters[0]!.attributes, [{
    kind: 'Attribute', name: 'Parameter', positional: [],
    named: [{ name: 'Mandatory', value: null }, { name: 'Position', value: num(0) }, { name: 'ValueFromPipeline', value: null }],
  }]);
  assert.equal(body.paramBlock!.parameters[1]!.attributes[0]!.positional, [sq('a'), sq('b')]);
  assert.equal(body.paramBlock!.parameters[1]!.defaultValue, sq('a'));
  assert.equal(body.paramBlock!.parameters[2]!.attributes[0]!.positional, [num(1), num(10)]);
  assert.equal([body.begin, body.process, body.end], [block(num(1)), block(v('_')), block(num(3))]);
});

test('a script-level param block', () => {
  const ast = strip(parse('[CmdletBinding()]\nparam([string]$Name = "x")\n$Name'));
  assert.equal(ast.attributes.map((a) => a.name), ['CmdletBinding']);
  assert.equal(ast.paramBlock!.parameters.map((p) => p.name), ['Name']);
  assert.equal(ast.end, block(v('Name')));
});

test('filter puts its body in process', () => {
  const f = statement('filter Double { $_ * 2 }');
  assert.equal(f.kind === 'FunctionDefinition' && [f.isFilter, f.body.process, f.body.end], [true, block(bin('*', v('_'), num(2))), null]);
});

test('assignments: operators and targets', () => {
  const a = (operator: string, target: unknown, value: unknown) => ({ kind: 'Assignment', operator, target, value: pipe(value) });
  assert.equal(statements('$x += 1; $h["k"] = 2; $a.b -= 3; [int]$y = 5; $a, $b = 1, 2; $z ??= 4; $m *= 2; $d /= 2; $r %= 2'), [
    a('+=', v('x'), num(1)),
    a('=', { kind: 'Index', target: v('h'), index: { kind: 'StringConstant', value: 'k', quote: 'double' }, nullConditional: false }, num(2)),
    a('-=', { kind: 'Member', target: v('a'), member: bare('b'), isStatic: false, nullConditional: false }, num(3)),
    a('=', { kind: 'Convert', type: { kind: 'TypeName', name: 'int' }, operand: v('y') }, num(5)),
    a('=', { kind: 'ArrayLiteral', elements: [v('a'), v('b')] }, { kind: 'ArrayLiteral', elements: [num(1), num(2)] }),
    a('??=', v('z'), num(4)),
    a('*=', v('m'), num(2)),
    a('/=', v('d'), num(2)),
    a('%=', v('r'), num(2)),
  ]);
});

test('assignment values are statements: pipelines and if', () => {
  const s = statement('$x = Get-VM | Select -First 1');
  assert.equal(s.kind === 'Assignment' && s.value.kind === 'Pipeline' && s.value.elements.length, 2);
  const i = statement('$x = if ($a) { 1 } else { 2 }');
  assert.equal(i.kind === 'Assignment' && i.value.kind, 'If');
  const chain = statement('$x = $y = 3');
  assert.equal(chain.kind === 'Assignment' && chain.value.kind, 'Assignment');
});

test('pipeline chains && and || are left-associative', () => {
  assert.equal(statement('a && b || c'), {
    kind: 'PipelineChain', operator: '||',
    left: { kind: 'PipelineChain', operator: '&&', left: { kind: 'Pipeline', elements: [cmd('a')] }, right: { kind: 'Pipeline', elements: [cmd('b')] } },
    right: { kind: 'Pipeline', elements: [cmd('c')] },
  });
});

test('empty input, comments and blank lines give an empty script', () => {
  assert.equal(statements(''), []);
  assert.equal(statements('\n\n# just a comment\n<# block #>\n;;\n'), []);
});

test.run();
