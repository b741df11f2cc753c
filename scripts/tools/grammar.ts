// `npm run grammar`: writes grammar/diagrams.html and grammar/grammar.md from the parser (see
// src/lang/grammar-docs.ts) and the CST types src/lang/cst-nodes.ts (src/lang/cst-node-types.ts).
// tests/lang/grammar.test.ts fails when they are stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateGrammarDocs } from '../../src/lang/grammar-docs.ts';
import { generateCstNodeTypes } from '../../src/lang/cst-node-types.ts';

const dir = fileURLToPath(new URL('../../grammar/', import.meta.url));
const cstFile = fileURLToPath(new URL('../../src/lang/cst-nodes.ts', import.meta.url));
const { html, markdown } = generateGrammarDocs();
writeFileSync(dir + 'diagrams.html', html);
writeFileSync(dir + 'grammar.md', markdown);
writeFileSync(cstFile, generateCstNodeTypes());
console.log(`wrote ${dir}diagrams.html, ${dir}grammar.md and ${cstFile}`);
