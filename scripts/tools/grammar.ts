// `npm run grammar`: writes grammar/diagrams.html and grammar/grammar.md from the parser (see
// src/lang/grammar-docs.ts). tests/lang/grammar.test.ts fails when they are stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateGrammarDocs } from '../../src/lang/grammar-docs.ts';

const dir = fileURLToPath(new URL('../../grammar/', import.meta.url));
const { html, markdown } = generateGrammarDocs();
writeFileSync(dir + 'diagrams.html', html);
writeFileSync(dir + 'grammar.md', markdown);
console.log(`wrote ${dir}diagrams.html and ${dir}grammar.md`);
