import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bare, bin, expr, num, pipe, statement, statements, v } from './helpers.ts';

test('arithmetic respects precedence', () => {
  assert.equal(expr('1 + 2 * 3'), bin('+', num(1), bin('*', num(2), num(3))));
});

test('a command with a parameter and positional arguments', () => {
  assert.equal(statement('Get-VM -Name web01 x'), {
    kind: 'Pipeline',
    elements: [{
      kind: 'Command', invocation: null, name: bare('Get-VM'), redirections: [],
      elements: [
        { kind: 'CommandParameter', name: 'Name', argument: null },
        { kind: 'CommandArgument', value: bare('web01') },
        { kind: 'CommandArgument', value: bare('x') },
      ],
    }],
  });
});

test('assignment takes a statement on the right', () => {
  assert.equal(statement('$x = 5'), { kind: 'Assignment', operator: '=', target: v('x'), value: pipe(num(5)) });
});

test('statements split on newlines and semicolons', () => {
  assert.equal(statements('1; 2\n3').length, 3);
});

test.run();
