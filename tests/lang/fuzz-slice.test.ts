// A fixed-seed slice of the fuzzer (scripts/fuzz): mutated golden scripts and token soup through
// the parser and the interpreter find no crash (an exception other than the language's own errors)
// and no hang. `npm run fuzz` runs the million; this keeps every `npm test` honest in seconds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fuzzInput, goldenCorpus } from '../../scripts/fuzz/fuzz-inputs.ts';
import { runFuzz } from '../../scripts/fuzz/fuzz-runner.ts';
import { root } from '../cmdlets/vbrs-session.ts';

test('the input stream is the same for the same seed and index, and varied', () => {
  const corpus = goldenCorpus(root);
  assert.ok(corpus.length > 100, 'the golden scripts are the corpus');
  const a = Array.from({ length: 50 }, (_, i) => fuzzInput(corpus, 7, i));
  assert.equal(Array.from({ length: 50 }, (_, i) => fuzzInput(corpus, 7, i)), a);
  assert.ok(new Set(a).size > 45);
  assert.not.equal(fuzzInput(corpus, 8, 0), a[0]);
});

test('3,000 fuzzed inputs (seed 7): no crash, no hang', async () => {
  const r = await runFuzz({ root, seed: 7, count: 3000 });
  const shown = r.findings.map((f) => `${f.kind} at index ${f.index}: ${f.detail}\n  input: ${JSON.stringify(f.input)}`).join('\n');
  assert.equal(r.findings.length, 0, shown);
  assert.ok(r.counts.ran! > 300, `the interpreter ran a good share of them: ${JSON.stringify(r.counts)}`);
  assert.ok(r.counts['parse-error']! > 300, 'and the parser refused a good share');
});

test.run();
