// The start-up load hooks must only change how fast things load, never what they do: the lazy
// stand-ins answer exactly as the packages they stand for, and a process with the hooks installed
// (as bin/vbrs runs) draws the same Ink output and parses with the bundled chevrotain.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import React from 'react';
import { Box, Text, renderToString } from 'ink';
import realStringWidth from 'string-width';
import realWrapAnsi from 'wrap-ansi';
import { childEnv } from '../child-env.ts';

const standIn = (file: string, pkg: string) => `../../src/startup/${file}?real=${encodeURIComponent(import.meta.resolve(pkg))}`;
const { default: lazyStringWidth } = (await import(standIn('lazy-string-width.ts', 'string-width'))) as { default: typeof realStringWidth };
const { default: lazyWrapAnsi } = (await import(standIn('lazy-wrap-ansi.ts', 'wrap-ansi'))) as { default: typeof realWrapAnsi };

const samples = [
  '', 'PS /home/ada> ', 'Get-Session | Where-Object Result -eq Failed', '\u001B[32mgreen\u001B[39m and \u001B[1;31mbold red\u001B[0m',
  'tab\there', 'bell\u0007', '日本語のテキスト', 'e\u0301 combining', '👍🏽 emoji', '███░░ 60%', 'ｆｕｌｌ', '\u001B]8;;https://x\u0007link\u001B]8;;\u0007',
];

test('the lazy string-width measures every sample as string-width does', () => {
  for (const s of samples) {
    assert.is(lazyStringWidth(s), realStringWidth(s), JSON.stringify(s));
    assert.is(lazyStringWidth(s, { countAnsiEscapeCodes: true }), realStringWidth(s, { countAnsiEscapeCodes: true }), JSON.stringify(s));
    assert.is(lazyStringWidth(s, { ambiguousIsNarrow: false }), realStringWidth(s, { ambiguousIsNarrow: false }), JSON.stringify(s));
  }
});

test('the lazy wrap-ansi wraps as wrap-ansi does', () => {
  const long = samples.join(' ').repeat(3);
  for (const cols of [5, 17, 40]) {
    assert.is(lazyWrapAnsi(long, cols, { hard: true, trim: false }), realWrapAnsi(long, cols, { hard: true, trim: false }));
    assert.is(lazyWrapAnsi(long, cols, { wordWrap: false }), realWrapAnsi(long, cols, { wordWrap: false }));
  }
});

function frames(): string {
  return samples
    .map((s) => renderToString(React.createElement(Box, { width: 12, borderStyle: 'single' }, React.createElement(Text, null, s)), { columns: 40 }))
    .join('\n---\n');
}

test('with the hooks installed, Ink draws the same and chevrotain comes from its one-file build', () => {
  const child = `
    import { installLoadHooks } from ${JSON.stringify(fileURLToPath(new URL('../../src/startup/load-hooks.ts', import.meta.url)))};
    installLoadHooks();
    const React = (await import('react')).default;
    const { Box, Text, renderToString } = await import('ink');
    const { parse } = await import(${JSON.stringify(fileURLToPath(new URL('../../src/lang/index.ts', import.meta.url)))});
    const samples = ${JSON.stringify(samples)};
    const out = samples.map((s) => renderToString(React.createElement(Box, { width: 12, borderStyle: 'single' }, React.createElement(Text, null, s)), { columns: 40 })).join('\\n---\\n');
    parse('Get-Item x | % { $_.Name }', '<t>');
    process.stdout.write(JSON.stringify({ chevrotain: import.meta.resolve('chevrotain'), out }));
  `;
  const r = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8', env: childEnv() })) as { chevrotain: string; out: string };
  assert.match(r.chevrotain, /\/chevrotain\/lib\/chevrotain\.mjs$/);
  assert.is(r.out, frames());
});

test.run();
