// The committed grammar docs and CST types must match what the parser generates now (run
// `npm run grammar`).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateGrammarDocs } from '../../src/lang/grammar-docs.ts';
import { generateCstNodeTypes } from '../../src/lang/cst-node-types.ts';

const dir = fileURLToPath(new URL('../../grammar/', import.meta.url));

test('grammar/grammar.md and grammar/diagrams.html are up to date', () => {
  const { html, markdown } = generateGrammarDocs();
  const stale = 'stale: run `npm run grammar` and commit grammar/';
  assert.ok(readFileSync(dir + 'grammar.md', 'utf8') === markdown, stale);
  assert.ok(readFileSync(dir + 'diagrams.html', 'utf8') === html, stale);
});

test('src/lang/cst-nodes.ts (the CST types to-ast.ts reads) is up to date', () => {
  const committed = readFileSync(fileURLToPath(new URL('../../src/lang/cst-nodes.ts', import.meta.url)), 'utf8');
  assert.ok(committed === generateCstNodeTypes(), 'stale: run `npm run grammar` and commit src/lang/cst-nodes.ts');
  assert.ok(committed.includes('export type IfStatementCstChildren = {'));
});

test('the reference documents every rule and token', () => {
  const { markdown } = generateGrammarDocs();
  for (const rule of ['scriptBody', 'pipeline', 'command', 'binaryExpression', 'switchStatement', 'hashLiteral']) {
    assert.ok(markdown.includes(`### ${rule}\n`), rule);
  }
  assert.ok(markdown.includes("ifStatement ::= 'if' condition statementBlock ( 'elseif' condition statementBlock )* ( 'else' statementBlock )?"));
  assert.ok(markdown.includes('| GenericToken |'));
});

test.run();
