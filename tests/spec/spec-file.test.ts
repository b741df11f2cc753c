// The spec-file format and the masks: what a case expects is read back exactly as written, a
// malformed file is one error naming its line, and varying values become their placeholders.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSpec, SpecFormatError, writeSpec } from './spec-file.ts';
import { mask } from './mask.ts';

const text = `# about this file

#### one line
1 + 1
## stdout: 2

#### a block, stderr and a status
'a'; 'b'
Write-Error oops
## STDOUT:
a
b
## END
## STDERR:
x.vbrs:9:1: oops
    Write-Error oops
## END
## status: 1

#### nothing printed
$x = 1
`;

test('cases, their code lines and expectations', () => {
  const spec = parseSpec(text, 'x.vbrs');
  assert.is(spec.header, '# about this file\n');
  assert.equal(spec.cases.map((c) => [c.name, c.line, c.codeLine, c.code]), [
    ['one line', 3, 4, '1 + 1\n'],
    ['a block, stderr and a status', 7, 8, "'a'; 'b'\nWrite-Error oops\n"],
    ['nothing printed', 20, 21, '$x = 1\n'],
  ]);
  assert.equal(spec.cases.map((c) => [c.stdout, c.stderr, c.status]), [
    ['2\n', '', 0],
    ['a\nb\n', 'x.vbrs:9:1: oops\n    Write-Error oops\n', 1],
    ['', '', 0],
  ]);
});

test('writing the expectations back gives the same file', () => {
  const spec = parseSpec(text, 'x.vbrs');
  assert.fixture(writeSpec(spec, spec.cases), text);
});

test('a malformed file is one error with its line', () => {
  const bad = (t: string, message: RegExp) => {
    try {
      parseSpec(t, 'bad.vbrs');
    } catch (e) {
      assert.instance(e, SpecFormatError);
      assert.match((e as Error).message, message);
      return;
    }
    assert.unreachable(`parsed: ${t}`);
  };
  bad('#### a\n1\n## STDOUT:\n1\n', /^bad\.vbrs:3: '## STDOUT:' without a closing '## END'$/);
  bad('#### a\n1\n## stdout: 1\nGet-VM\n', /^bad\.vbrs:4: expected .* found 'Get-VM'$/);
  bad('#### a\n## stdout: 1\n', /^bad\.vbrs:1: case 'a' has no code$/);
  bad('#### a\n1\n#### a\n2\n', /^bad\.vbrs:3: a second case named 'a'$/);
  bad('# only a header\n', /no cases/);
});

test('masks: the data folder, times, durations and ids', () => {
  const home = '/tmp/vbrs-spec-abc';
  const out = mask(`${home}/repositories/r 12/6/2026 7:58:59 PM 2026-12-06T19:58:59.507Z 00:00:00.5320000 20261206T195859507Z-0c76 40894464`, { home });
  assert.is(out, '$VBRS_HOME/repositories/r <time> <time> <duration> <id> 40894464');
});

test.run();
