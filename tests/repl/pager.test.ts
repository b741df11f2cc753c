// Paging and long output in the real App (ink-testing-library, a fake 10-row screen): the
// `-- More --` line after one screenful, Space/Enter/Q/Ctrl+C at it, Q stopping the producer,
// Ctrl+L, and long output drawn in batches that leave the session once on the screen.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { join } from 'node:path';
import { done, keys, setupApp, tick, type, until as untilFew } from './fixtures/app-harness.ts';

const clearScreen = '\u001B[2J\u001B[3J\u001B[H';
const setup = (rows = 10) => setupApp({ rows });
const until = (frame: () => string, ok: (f: string) => boolean, what: string, tries = 300) => untilFew(frame, ok, what, tries);

const moreLine = '-- More --  <SPACE> next page; <CR> next line; Q quit';
/** The numbers printed so far, in order (the output lines that are just digits). */
const numbers = (f: string): number[] => f.split('\n').filter((l) => /^\d+$/.test(l.trim())).map(Number);
const lastLine = (f: string): string => f.split('\n').filter((l) => l.trim()).at(-1)?.trim() ?? '';
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('a screenful, then -- More --; Space a page, Enter a line, q back to the prompt', async () => {
  const { ui, frame, session } = setup(10);
  await until(frame, (f) => f.startsWith('PS>'), 'prompt');
  await type(ui, '1..50 | Out-Host -Paging; "after"', keys.enter);
  let f = await until(frame, (f) => lastLine(f) === moreLine, 'the more prompt');
  assert.equal(numbers(f), range(1, 9), 'one screen less the -- More -- line');
  await type(ui, 'x');
  assert.equal(numbers(frame()), range(1, 9), 'other keys are not an answer');
  await type(ui, ' ');
  f = await until(frame, (f) => numbers(f).length === 18 && lastLine(f) === moreLine, 'the second page');
  assert.equal(numbers(f), range(1, 18));
  await type(ui, keys.enter);
  f = await until(frame, (f) => numbers(f).length === 19 && lastLine(f) === moreLine, 'one more line');
  await type(ui, 'q');
  f = await until(frame, (f) => !session.running && lastLine(f) === 'PS>', 'the prompt back');
  assert.equal(numbers(f), range(1, 19), 'nothing after q');
  assert.ok(/^after$/m.test(f), 'q stops the pipeline, not the script');
  assert.not.ok(f.includes('-- More --'), 'the more line is gone');
  done(ui, session);
});

test('q stops the producer upstream at once', async () => {
  const { ui, frame, session } = setup(10);
  await type(ui, '$n = 0; 1..1000000 | ForEach-Object { $global:n++; $_ } | Out-Host -Paging', keys.enter);
  await until(frame, (f) => lastLine(f) === moreLine, 'the more prompt');
  await type(ui, 'Q');
  await until(frame, (f) => !session.running && lastLine(f) === 'PS>', 'the prompt back');
  await type(ui, '"produced $n"', keys.enter);
  const f = await until(frame, (f) => /^produced \d+$/m.test(f), 'the counter');
  const produced = Number(/^produced (\d+)$/m.exec(f)![1]);
  assert.ok(produced >= 9 && produced < 20, `produced ${produced}`);
  done(ui, session);
});

test('Ctrl+C at -- More -- quits like q', async () => {
  const { ui, frame, session } = setup(6);
  await type(ui, '1..100 | more', keys.enter);
  await until(frame, (f) => lastLine(f) === moreLine, 'the more prompt');
  await type(ui, keys.ctrlC);
  const f = await until(frame, (f) => !session.running && lastLine(f) === 'PS>', 'the prompt back');
  assert.equal(numbers(f), range(1, 5));
  done(ui, session);
});

test('more FILE pages the file on the screen', async () => {
  const { ui, frame, session, home } = setup(5);
  writeFileSync(join(home, 'log.txt'), range(1, 30).map((i) => `entry ${i}`).join('\n'));
  await type(ui, 'more log.txt', keys.enter);
  let f = await until(frame, (f) => lastLine(f) === moreLine, 'the more prompt');
  assert.ok(f.includes('entry 4') && !f.includes('entry 5'), f);
  await type(ui, ' ');
  f = await until(frame, (f) => f.includes('entry 8') && lastLine(f) === moreLine, 'the second page');
  assert.not.ok(f.includes('entry 9'));
  await type(ui, 'q');
  await until(frame, (f) => lastLine(f) === 'PS>', 'the prompt back');
  done(ui, session);
});

test('Ctrl+L clears the screen and draws the prompt again with the input kept', async () => {
  const { ui, frame, session } = setup(10);
  await type(ui, '"earlier"', keys.enter);
  await until(frame, (f) => /^earlier$/m.test(f) && lastLine(f) === 'PS>', 'output');
  await type(ui, 'Get-Da');
  const before = ui.frames.length;
  await type(ui, keys.ctrlL);
  const written = ui.frames.slice(before);
  const cleared = written.find((w) => w.startsWith(clearScreen));
  assert.ok(cleared, `the clear sequence was written: ${JSON.stringify(written)}`);
  assert.is(lastLine(stripVTControlCharacters(cleared!)), 'PS> Get-Da', 'the prompt, input kept, right after it');
  await type(ui, 'te');
  assert.is(lastLine(frame()), 'PS> Get-Date', 'editing goes on');
  done(ui, session);
});

test('Ctrl+L while a command runs clears too, and the command goes on', async () => {
  const { ui, frame, session } = setup(10);
  await type(ui, 'Start-Sleep -Milliseconds 300; "slept"', keys.enter);
  await until(frame, () => session.running, 'running');
  const before = ui.frames.length;
  await type(ui, keys.ctrlL);
  assert.ok(ui.frames.slice(before).some((w) => w.startsWith(clearScreen)), 'cleared');
  await until(frame, (f) => /^slept$/m.test(f) && lastLine(f) === 'PS>', 'the command finished');
  done(ui, session);
});

test('long output is drawn in batches, each line once, and leaves the session once drawn', async () => {
  const { ui, frame, session } = setup(10);
  await type(ui, '1..5000', keys.enter);
  const before = ui.frames.length;
  const f = await until(frame, (f) => !session.running && session.items.length === 0 && lastLine(f) === 'PS>', 'all drawn', 600);
  assert.equal(numbers(f), range(1, 5000), 'every line once, in order');
  assert.ok(ui.frames.length - before > 2, 'more than one frame');
  assert.is(session.items.length, 0, 'the session keeps nothing that is on the screen');
  assert.ok(session.scrollBase >= 25, 'drawn items counted');
  done(ui, session);
});

test('exit right after long output leaves once all of it is drawn', async () => {
  const { ui, session } = setup(10);
  ui.stdin.write('1..3000\rexit 2\r');
  for (let i = 0; i < 600 && session.exited === null; i++) await tick();
  assert.is(session.exited, 2);
  for (let i = 0; i < 600 && session.items.length; i++) await tick();
  const drawn = ui.frames.map((x) => stripVTControlCharacters(x)).filter((x) => /^3000$/m.test(x));
  assert.ok(drawn.length > 0, 'the last line was drawn before leaving');
  assert.equal(numbers(drawn[0]!), range(1, 3000));
  done(ui, session);
});

test('Ctrl+C while long output is still being drawn drops the rest', async () => {
  const { ui, frame, session } = setup(10);
  await type(ui, '1..200000', keys.enter);
  await until(frame, (f) => numbers(f).length > 0, 'the first lines', 1000);
  await type(ui, keys.ctrlC);
  const f = await until(frame, (f) => lastLine(f) === 'PS>' && session.items.length === 0, 'the prompt back', 1000);
  assert.match(f, /\^C \(\d+ lines of output not shown\)/);
  assert.not.ok(/^200000$/m.test(f), 'the end was never drawn');
  done(ui, session);
});

test.run();
