// The one wildcard implementation: Get-X -Name patterns in the engine and -like in the shell read
// a pattern the same way (sets, negated sets, backtick escapes, case).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hasWildcard, matchesName, wildcardMatch } from '../../../src/engine/infra/wildcard.ts';
import { binaryOperator } from '../../../src/runtime/operators/index.ts';

const cases: [string, string, boolean][] = [
  ['web01', 'web*', true],
  ['WEB01', 'web0?', true],
  ['web01', 'db*', false],
  ['web1', 'web[0-9]', true],
  ['weba', 'web[!0-9]', true],
  ['web1', 'web[!0-9]', false],
  ['a*b', 'a`*b', true],
  ['axb', 'a`*b', false],
  ['a[1]', 'a`[1`]', true],
  ['x.y', 'x.y', true],
  ['xzy', 'x.y', false],
  ['(a)', '(a)', true],
];

test('engine names and -like agree on every pattern', () => {
  for (const [text, pattern, want] of cases) {
    assert.is(matchesName(text, pattern), want, `${text} ~ ${pattern}`);
    assert.is(binaryOperator('-like', text, pattern), want, `${text} -like ${pattern}`);
  }
  assert.ok(matchesName('anything', undefined));
});

test('case: -clike is case-sensitive, names are not', () => {
  assert.ok(wildcardMatch('Web01', 'web*'));
  assert.not.ok(wildcardMatch('Web01', 'web*', true));
  assert.is(binaryOperator('-clike', 'Web01', 'web*'), false);
});

test('hasWildcard: *, ? and [ make a pattern', () => {
  assert.equal(['a*', 'a?', 'a[1]', 'plain', 'a-b'].map(hasWildcard), [true, true, true, false, false]);
});

test.run();
