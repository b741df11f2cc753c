// The CST → AST visitor covers every grammar rule, and the grammar is pure (no embedded actions).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Source } from '../../src/lang/source.ts';
import { sharedParser } from '../../src/lang/parse-source.ts';
import { VbrsParser } from '../../src/lang/parser.ts';

test("Chevrotain's grammar validations pass (they are skipped at run time for start-up)", () => {
  assert.not.throws(() => new VbrsParser({ validate: true }));
});

test('validateVisitor(): a visitor method for every grammar rule', () => {
  const { Builder } = sharedParser();
  const builder = new Builder(new Source(''), () => {
    throw new Error('not used');
  });
  assert.not.throws(() => builder.validateVisitor());
});

test('every rule of the serialized grammar has a same-named visitor method', () => {
  const { parser, Builder } = sharedParser();
  const rules = parser.getSerializedGastProductions().map((r) => (r as unknown as { name: string }).name);
  assert.ok(rules.length > 40);
  for (const name of rules) assert.type((Builder.prototype as unknown as Record<string, unknown>)[name], 'function', name);
});

test.run();
