// Type names scripts write resolve only when vbrs knows the type; anything else is PowerShell's
// TypeNotFound, naming the innermost part it could not find.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isKnownType, unknownPart, requireType, bracketedSpan } from '../../../src/runtime/values/known-types.ts';
import { PSException } from '../../../src/runtime/error-record.ts';

test('core, array, generic, enum, exception and engine types are known', () => {
  for (const name of ['int', 'System.Int32', 'uint16', 'string[]', 'hashtable', 'ordered', 'pscustomobject', 'ref',
    'System.Collections.Generic.List[string]', 'Collections.Generic.Dictionary[string, int]', 'Func[int,bool]',
    'DayOfWeek', 'System.IO.IOException', 'ActionPreferenceStopException', 'System.IO.FileInfo', 'Vbrs.Job', 'datetime[]']) {
    assert.ok(isKnownType(name), name);
  }
});

test('unknown names report the part PowerShell names', () => {
  assert.is(unknownPart('foo'), 'foo');
  assert.is(unknownPart('foo[]'), 'foo');
  assert.is(unknownPart('System.Collections.Generic.List[foo]'), 'foo');
  assert.is(unknownPart('Collections.Generic.Dictionary[string, [bar]]'), 'bar');
  assert.is(unknownPart('Foo.Bar[int]'), 'Foo.Bar');
  assert.is(unknownPart('int'), null);
});

test('requireType resolves known names and throws TypeNotFound otherwise', () => {
  assert.is(requireType('long'), 'System.Int64');
  try {
    requireType('NoSuch.Type');
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, PSException);
    const err = e as PSException;
    assert.is(err.message, 'Unable to find type [NoSuch.Type].');
    assert.is(err.errorRecord?.FullyQualifiedErrorId, 'TypeNotFound');
    assert.is(err.errorRecord?.CategoryInfo.Category, 'InvalidOperation');
  }
});

test('an error points at the brackets around the type name', () => {
  const text = '$x -is [ foo ]';
  assert.equal(bracketedSpan(text, { start: 9, end: 12 }), { start: 7, end: 14 });
});

test.run();
