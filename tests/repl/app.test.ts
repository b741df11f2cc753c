// Component tests: the real App and ReplSession (a real Shell, no engine) driven through
// ink-testing-library's fake stdin, reading the rendered frames.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { join } from 'node:path';
import { done, keys, setupApp as setup, tick, type, until } from './fixtures/app-harness.ts';
import { tempDir } from '../temp-dir.ts';

// Ink trims trailing blanks, so an empty prompt line is just 'PS>'.
const promptLine = (f: string): string => f.split('\n').filter((l) => l.startsWith('PS>')).at(-1) ?? '';

test('typing a command and Enter runs it; output goes to the scrollback and the prompt returns', async () => {
  const { ui, frame, session } = setup();
  await until(frame, (f) => f.startsWith('PS>'), 'prompt');
  await type(ui, '6 * 7', keys.enter);
  const f = await until(frame, (f) => /^42$/m.test(f), 'output');
  assert.ok(f.includes('PS> 6 * 7'), 'the command is echoed');
  assert.is(promptLine(f).trim(), 'PS>');
  done(ui, session);
});

test('several lines in one chunk (typed ahead or pasted) run one after another', async () => {
  const { ui, frame, session } = setup();
  await type(ui, '"first"\rforeach ($i in 7..8) {\r$i\r}\r"last"\r"typed on"');
  const f = await until(frame, (f) => /^last$/m.test(f), 'the last line ran');
  assert.ok(/^first$/m.test(f) && /^7$/m.test(f) && /^8$/m.test(f));
  assert.is(promptLine(f).trim(), 'PS> "typed on"');
  done(ui, session);
});

test('keys typed while a command runs wait for the next prompt', async () => {
  const { ui, frame, session } = setup();
  await type(ui, 'Start-Sleep -Milliseconds 400; "slept"', keys.enter);
  await until(frame, () => session.running, 'running');
  await type(ui, '"after"', keys.enter, '"typ');
  const f = await until(frame, (f) => /^after$/m.test(f), 'typed-ahead command ran');
  assert.ok(f.indexOf('slept') < f.lastIndexOf('after'));
  await until(frame, (f) => promptLine(f).trim() === 'PS> "typ', 'rest on the prompt');
  done(ui, session);
});

test('an open brace continues on the next line with the continuation prompt', async () => {
  const { ui, frame, session } = setup();
  await type(ui, 'foreach ($i in 1..2) {', keys.enter);
  let f = await until(frame, (f) => f.split('\n').at(-1)!.trimEnd() === '>>', 'continuation prompt');
  assert.not.ok(/^1$/m.test(f));
  await type(ui, '$i * 10', keys.enter, '}', keys.enter);
  f = await until(frame, (f) => /^20$/m.test(f), 'loop output');
  assert.ok(/^10$/m.test(f));
  done(ui, session);
});

test('errors are shown with the caret', async () => {
  const { ui, frame, session } = setup();
  await type(ui, '1 + )', keys.enter);
  const f = await until(frame, (f) => f.includes('^'), 'caret');
  assert.match(f, /<repl>:1:\d+:/);
  done(ui, session);
});

test('a parse error gets a caret under the spot while typing; an unfinished line does not', async () => {
  const { ui, frame, session } = setup();
  await type(ui, 'foreach (');
  await new Promise((r) => setTimeout(r, 300)); // past the pause after which the input is checked
  assert.not.ok(frame().includes('^'), 'unfinished is fine');
  await type(ui, keys.ctrlU, '1 + )');
  const f = await until(frame, (f) => f.includes('^'), 'caret');
  const caretLine = f.split('\n').find((l) => l.includes('^'))!;
  assert.is(caretLine.indexOf('^'), 'PS> 1 + '.length, 'under the )');
  assert.match(caretLine, /no matching opening bracket/);
  done(ui, session);
});

test('Up and Down walk the history and bring back the draft', async () => {
  const { ui, frame, session } = setup({ history: ['Get-Date', '"older"', '"newest"'] });
  await type(ui, 'dra', keys.up);
  assert.is(promptLine(await until(frame, (f) => promptLine(f).includes('newest'), 'newest')).trim(), 'PS> "newest"');
  await type(ui, keys.up);
  await until(frame, (f) => promptLine(f).includes('older'), 'older');
  await type(ui, keys.down, keys.down);
  await until(frame, (f) => promptLine(f).trim() === 'PS> dra', 'draft back');
  done(ui, session);
});

test('Ctrl+R finds an older command; Enter runs it', async () => {
  const { ui, frame, session } = setup({ history: ['"alpha" + 1', '"beta" + 2', '3'] });
  await type(ui, keys.ctrlR, 'alp');
  await until(frame, (f) => f.includes("(reverse-i-search)'alp': \"alpha\" + 1"), 'search line');
  await type(ui, keys.enter);
  await until(frame, (f) => /^alpha1$/m.test(f), 'ran the found command');
  assert.is(session.history.at(session.history.length - 1), '"alpha" + 1', 'moved to the end, not duplicated');
  assert.is(session.history.length, 3);
  done(ui, session);
});

test('Tab completes a cmdlet name, then a parameter of the command under the cursor', async () => {
  const { ui, frame, session } = setup();
  await type(ui, 'Get-Chil', keys.tab);
  await until(frame, (f) => promptLine(f).trim() === 'PS> Get-ChildItem', 'command completed');
  await type(ui, '-Rec', keys.tab);
  await until(frame, (f) => promptLine(f).trim() === 'PS> Get-ChildItem -Recurse', 'parameter completed');
  done(ui, session);
});

test('Tab in the middle of a line steps over the space after the word instead of doubling it', async () => {
  const { ui, frame, session } = setup();
  await type(ui, 'Get-Chil -Recurse', ...Array<string>(' -Recurse'.length).fill(keys.left), keys.tab);
  await until(frame, (f) => promptLine(f).trim() === 'PS> Get-ChildItem -Recurse', 'one space before -Recurse');
  await type(ui, 'x');
  await until(frame, (f) => promptLine(f).trim() === 'PS> Get-ChildItem x-Recurse', 'the cursor is past the space');
  done(ui, session);
});

test('Tab with several candidates lists them, and Tab again cycles', async () => {
  const dir = tempDir('vbrs-repl-files-');
  writeFileSync(join(dir, 'report-a.txt'), '');
  writeFileSync(join(dir, 'report-b.txt'), '');
  mkdirSync(join(dir, 'reports'));
  const { ui, frame, session } = setup({ cwd: dir });
  await type(ui, 'Get-Content rep', keys.tab);
  let f = await until(frame, (f) => f.includes('report-b.txt') && f.includes('reports/'), 'menu');
  assert.is(promptLine(f).trim(), 'PS> Get-Content report', 'common prefix inserted');
  await type(ui, keys.tab);
  f = await until(frame, (f) => promptLine(f).trim() === 'PS> Get-Content report-a.txt', 'first candidate');
  await type(ui, keys.tab);
  await until(frame, (f) => promptLine(f).trim() === 'PS> Get-Content report-b.txt', 'second candidate');
  done(ui, session);
});

test('a variable defined earlier completes', async () => {
  const { ui, frame, session } = setup();
  await type(ui, '$sessionCount = 3', keys.enter);
  await until(frame, (f) => promptLine(f).trim() === 'PS>', 'prompt back');
  await type(ui, '$sessionC', keys.tab);
  await until(frame, (f) => promptLine(f).trim() === 'PS> $sessionCount', 'variable completed');
  done(ui, session);
});

test('members of a variable complete from its value', async () => {
  const { ui, frame, session } = setup();
  await type(ui, '$vmInfo = [pscustomobject]@{ DiskCount = 2; Name = "web01" }', keys.enter);
  await until(frame, (f) => promptLine(f).trim() === 'PS>', 'prompt back');
  await type(ui, '$vmInfo.Dis', keys.tab);
  await until(frame, (f) => /^PS> \$vmInfo\.DiskCount ?$/.test(promptLine(f)), 'member completed, no space after (only the cursor cell)');
  assert.not.ok(session.items.some((i) => i.kind === 'err'), 'completion printed nothing');
  done(ui, session);
});

test('Read-Host asks on the prompt line and the answer reaches the script', async () => {
  const { ui, frame, session } = setup();
  await type(ui, '"hello " + (Read-Host "Your name")', keys.enter);
  await until(frame, (f) => f.includes('Your name'), 'host prompt');
  await type(ui, 'Ada', keys.enter);
  await until(frame, (f) => /^hello Ada$/m.test(f), 'answer used');
  done(ui, session);
});

test('Ctrl+C on a half-typed line drops it; Ctrl+D on an empty line exits', async () => {
  const { ui, frame, session } = setup();
  await type(ui, 'Get-Thing', keys.ctrlC);
  await until(frame, (f) => f.includes('Get-Thing^C') && promptLine(f).trim() === 'PS>', 'line dropped');
  await type(ui, keys.ctrlD);
  for (let i = 0; i < 100 && session.exited === null; i++) await tick();
  assert.is(session.exited, 0);
  done(ui, session);
});

test('Ctrl+D while a job runs asks before leaving', async () => {
  const { ui, frame, session } = setup();
  session.engineEvent({ sessionId: 3, kind: 'session-started', session: { JobName: 'Nightly', CreationTime: new Date() } });
  await type(ui, keys.ctrlD);
  await until(frame, (f) => f.includes('Leaving stops the running job Nightly. Exit? [y/N]'), 'question');
  await type(ui, 'n');
  await until(frame, (f) => promptLine(f).trim() === 'PS>', 'stayed');
  assert.is(session.exited, null);
  await type(ui, keys.ctrlD, 'y');
  for (let i = 0; i < 100 && session.exited === null; i++) await tick();
  assert.is(session.exited, 0);
  done(ui, session);
});

test('control keys inside a typed-ahead chunk act as keys, not text', async () => {
  const { ui, frame, session } = setup();
  await type(ui, '"junk\u0003"b"\u007F"\r\u0004');
  for (let i = 0; i < 200 && session.exited === null; i++) await tick();
  assert.is(session.exited, 0, 'Ctrl+D on the empty line left');
  // The app has unmounted; the frame that drew the output holds the scrollback (the session keeps
  // only what is not drawn yet). Later frames repeat it: Ink's debug mode draws <Static> once more
  // when an app exits in the same commit.
  const f = ui.frames.map((x) => stripVTControlCharacters(x)).find((x) => /^b$/m.test(x)) ?? '';
  assert.ok(f.includes('PS> "junk^C'), 'Ctrl+C dropped the line');
  assert.equal(f.split('\n').filter((l) => l.startsWith('PS>')).map((l) => l.trimEnd()), ['PS> "junk^C', 'PS> "b"'], f);
  assert.equal(f.split('\n').filter((l) => !l.startsWith('PS>') && l.trim()).map((l) => l.trim()), ['b'], f);
  done(ui, session);
});

test('a Tab ending keys typed ahead as one chunk completes; a paste keeps its tabs', async () => {
  const { ui, frame, session } = setup();
  await type(ui, 'Get-Dat\t');
  await until(frame, (f) => f.includes('Get-Date '), 'Get-Dat<Tab> completed to Get-Date');
  await type(ui, keys.ctrlU, '\u001B[200~"a\tb"\u001B[201~');
  await until(frame, (f) => /"a\s+b"/.test(f), 'the pasted tab stayed text');
  assert.not.ok(frame().includes('Get-Date'));
  done(ui, session);
});

test('line-editing keys inside a chunk edit the line (Ctrl+U, Ctrl+W, Ctrl+A/E, Ctrl+K)', async () => {
  const { ui, session, frame } = setup();
  await type(ui, 'junk\u0015"a" + junk\u0017"b"\u0001"x" + \u0005\r');
  for (let i = 0; i < 200 && session.running; i++) await tick();
  await type(ui, '"cut"  + "kept"\u0001\u000B"k"\r');
  const f = await until(frame, (f) => /^k$/m.test(f), 'the second line ran');
  const echoed = f.split('\n').filter((l) => l.startsWith('PS> ')).map((l) => l.trimEnd()).slice(0, -1);
  assert.equal(echoed, ['PS> "x" + "a" + "b"', 'PS> "k"']);
  done(ui, session);
});

test('exit N leaves with N', async () => {
  const { ui, session } = setup();
  await type(ui, 'exit 3', keys.enter);
  for (let i = 0; i < 100 && session.exited === null; i++) await tick();
  assert.is(session.exited, 3);
  done(ui, session);
});

const task = (index: number, extra: Record<string, unknown> = {}) => ({
  Index: index, VM: 'web01', Disk: `disk${index + 1}`, Status: 'InProgress', Proxy: 'px01', TransportMode: 'HotAdd',
  ReadBytes: 0, TransferredBytes: 0, TotalBytes: 64 * 1024 * 1024, Speed: 0, Bottleneck: null, StartTime: new Date(), EndTime: null, ...extra,
});

test('the progress panel follows engine events while the prompt stays usable', async () => {
  const { ui, frame, session } = setup();
  session.engineEvent({ sessionId: 5, kind: 'session-started', session: { JobName: 'Nightly', State: 'Working', CreationTime: new Date() } });
  session.engineEvent({ sessionId: 5, kind: 'task-started', task: task(0) });
  session.engineEvent({ sessionId: 5, kind: 'task-progress', task: task(0), readBytes: 32 * 1024 * 1024, transferredBytes: 10 * 1024 * 1024, speed: 8 * 1024 * 1024, progress: 50 });
  let f = await until(frame, (f) => f.includes(' 50%'), 'task row');
  const row = f.split('\n').find((l) => l.includes('web01/disk1'))!;
  for (const part of ['px01', 'HotAdd', '8.0 MB/s', 'read 32 MB', 'sent 10 MB']) assert.ok(row.includes(part), `row shows ${part}: ${row}`);
  assert.ok(f.includes('Job Nightly (session 5)'));
  // the prompt still runs commands while the job works
  await type(ui, '1 + 1', keys.enter);
  f = await until(frame, (f) => /^2$/m.test(f), 'command output during the job');
  assert.ok(f.includes('web01/disk1'), 'panel still there');
  session.engineEvent({ sessionId: 5, kind: 'task-finished', task: task(0, { Status: 'Success', Bottleneck: 'Source' }) });
  session.engineEvent({ sessionId: 5, kind: 'session-finished', session: { JobName: 'Nightly', State: 'Stopped', Result: 'Success', Progress: 100, Duration: 2000, ReadBytes: 64 * 1024 * 1024, TransferredBytes: 1024, EndTime: new Date() } });
  f = await until(frame, (f) => f.includes('Job Nightly (session 5) finished: Success'), 'end notice');
  assert.ok(f.split('\n').some((l) => l.includes('web01/disk1') && l.includes('100%') && l.includes('Success')), 'final row');
  done(ui, session);
});

test('Ctrl+C while a job runs asks first; y stops the pipeline', async () => {
  const { ui, frame, session } = setup();
  await type(ui, 'Start-Sleep -Seconds 30; "not reached"', keys.enter);
  await until(frame, () => session.running, 'command running');
  session.engineEvent({ sessionId: 9, kind: 'session-started', session: { JobName: 'Weekly', CreationTime: new Date() } });
  await type(ui, keys.ctrlC);
  await until(frame, (f) => f.includes('Stop the running job Weekly? [y/N]'), 'question');
  assert.ok(session.running, 'not stopped yet');
  await type(ui, 'y');
  await until(frame, (f) => !session.running && promptLine(f).trim() === 'PS>', 'stopped');
  assert.not.ok(/^not reached$/m.test(frame()));
  done(ui, session);
});

test('the job ends while the stop question shows: the question goes and its y does not reach the prompt', async () => {
  const { ui, frame, session } = setup();
  await type(ui, 'Start-Sleep -Milliseconds 1500; "finished"', keys.enter);
  await until(frame, () => session.running, 'command running');
  session.engineEvent({ sessionId: 9, kind: 'session-started', session: { JobName: 'Weekly', CreationTime: new Date() } });
  await type(ui, keys.ctrlC);
  await until(frame, (f) => f.includes('Stop the running job Weekly? [y/N]'), 'question');
  const f = await until(frame, (f) => /^finished$/m.test(f) && !session.running, 'the command ended by itself');
  assert.not.ok(f.includes('Stop the running job'), 'the question is withdrawn');
  await type(ui, 'y');
  await tick();
  assert.is(promptLine(frame()).trim(), 'PS>', 'the answer did not land in the prompt');
  await type(ui, 'yes');
  await until(frame, (f) => promptLine(f).trim() === 'PS> yes', 'later keys are typed as usual');
  done(ui, session);
});

test.run();
