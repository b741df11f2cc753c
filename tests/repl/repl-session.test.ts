// ReplSession without a screen: scrollback order, settings through Set-ReplSetting (stored with
// conf and read back at start-up), the prompt template and a user-defined prompt function.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ReplSession, type ShellFactory } from '../../src/repl/repl-session.ts';
import { createShell } from '../../src/runtime/shell.ts';
import { defaultSettings, promptText, readSettings } from '../../src/repl/settings.ts';
import { highlight, highlightLines } from '../../src/repl/highlight.ts';
import { wantsInk } from '../../src/repl/index.ts';
import { tempDir } from '../temp-dir.ts';

function session(home = tempDir('vbrs-replsession-')) {
  return { home, s: new ReplSession({ shell: { cwd: home, width: 80 }, settings: readSettings(home), home, historyFile: join(home, 'history') }) };
}

test('output and errors reach the scrollback in the order they happened', async () => {
  const { s } = session();
  await s.submit('"one"; Write-Error "two"; "three"');
  const kinds = s.items.map((i) => `${i.kind}:${i.text.split('\n')[0]}`);
  assert.equal(kinds.slice(0, 2), ['echo:"one"; Write-Error "two"; "three"', 'out:one']);
  assert.match(kinds[2]!, /^err:.*two/);
  assert.is(kinds[3], 'out:three');
});

test('the prompt is there before the shell: a command entered meanwhile runs once the shell arrives', async () => {
  const home = tempDir('vbrs-replsession-');
  let arrive!: (f: ShellFactory) => void;
  const s = new ReplSession({ shell: { cwd: home, width: 80 }, createShell: new Promise<ShellFactory>((r) => (arrive = r)), settings: readSettings(home), home, historyFile: null });
  assert.is(s.prompt, promptText(defaultSettings.prompt, home), 'the prompt needs no shell');
  assert.ok(s.isIncomplete('Get-Item |'), 'Enter can tell an unfinished line without the shell');
  assert.not.ok(s.isIncomplete('Get-Item x'));
  assert.throws(() => s.shell, /still loading/);
  const submitted = s.submit('1 + 1');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(s.items.map((i) => i.kind), ['echo'], 'echoed, waiting for the shell');
  assert.ok(s.running);
  arrive(createShell);
  await submitted;
  assert.equal(s.items.map((i) => `${i.kind}:${i.text}`), ['echo:1 + 1', 'out:2']);
  assert.not.ok(s.running);
});

test('Set-ReplSetting stores settings that the next start reads', async () => {
  const { s, home } = session();
  assert.is(s.prompt, promptText(defaultSettings.prompt, home));
  await s.submit("Set-ReplSetting -Prompt 'vbrs:{location}$ ' -Theme light -HistorySize 50");
  assert.ok(existsSync(join(home, 'settings.json')));
  assert.is(s.settings.theme, 'light');
  assert.is(s.prompt, promptText('vbrs:{location}$ ', home));
  const again = readSettings(home);
  assert.equal([again.prompt, again.theme, again.historySize], ['vbrs:{location}$ ', 'light', 50]);
  await s.submit('Set-ReplSetting -Theme neon');
  assert.ok(s.items.some((i) => i.kind === 'err' && /neon/.test(i.text)), 'bad theme is an error');
});

test('the prompt follows the location, and a prompt function wins', async () => {
  const { s, home } = session();
  await s.submit(`New-Item -ItemType Directory -Path sub | Out-Null; Set-Location sub`);
  assert.is(s.prompt, promptText(defaultSettings.prompt, join(home, 'sub')));
  await s.submit('function prompt { "custom> " }');
  assert.is(s.prompt, 'custom> ');
  assert.is(promptText('PS {location}> ', '/home/ada/work', '/home/ada'), 'PS ~/work> ');
  assert.is(promptText('[{lab}] {location}> ', '/srv', '/home/ada', 'Demo'), '[Demo] /srv> ');
});

test('catalog names complete from the real engine, which the REPL observes once a cmdlet opens it', async () => {
  const { s, home } = session();
  const before = process.env.VBRS_HOME;
  process.env.VBRS_HOME = home;
  try {
    const { complete } = await import('../../src/repl/completion.ts');
    const { domainCmdlets } = await import('../../src/cmdlets/index.ts');
    (await s.ready).register(domainCmdlets);
    await s.submit(`Add-Proxy -Name px01 | Out-Null; Add-Proxy -Name 'px two' | Out-Null; Add-Repository -Name repo01 -Path ./r | Out-Null`);
    assert.ok(s.services.engine, 'the engine was opened by the cmdlets');
    assert.equal((await complete('Get-Proxy -Name p', 17, await s.completionSource())).candidates, ["'px two'", 'px01']);
    assert.equal((await complete('Remove-Repository ', 18, await s.completionSource())).candidates, ['repo01']);
    (s.services.engine as { close(): void }).close();
  } finally {
    if (before === undefined) delete process.env.VBRS_HOME;
    else process.env.VBRS_HOME = before;
  }
});

test('a real job feeds the progress model through engine events', async () => {
  const { s, home } = session();
  const before = process.env.VBRS_HOME;
  process.env.VBRS_HOME = home;
  try {
    const { domainCmdlets } = await import('../../src/cmdlets/index.ts');
    (await s.ready).register(domainCmdlets);
    let changes = 0;
    s.on('change', () => changes++);
    await s.submit('New-Lab -DiskScale 0.02 | Out-Null; Add-Job -Name J -VM web01 -Repository repo01 | Out-Null; Start-Job J | Out-Null');
    const row = s.progress.sessions.find((x) => x.jobName === 'J');
    assert.ok(row, 'the session is in the model');
    assert.is(row!.result, 'Success');
    assert.ok(row!.tasks.length >= 1);
    for (const t of row!.tasks) {
      assert.is(t.vm, 'web01');
      assert.is(t.status, 'Success');
      assert.is(t.progress, 100);
      assert.ok(t.proxy && t.transportMode, 'proxy and transport mode known');
      assert.ok(t.readBytes > 0);
    }
    assert.ok(changes > 0);
    (s.services.engine as { close(): void }).close();
  } finally {
    if (before === undefined) delete process.env.VBRS_HOME;
    else process.env.VBRS_HOME = before;
    s.exit(0);
  }
});

test('Out-Host -Paging waits at -- More -- with a screenful in the scrollback; Ctrl+C (stop) quits it', async () => {
  const { s } = session();
  s.screen = { rows: 6, columns: 80 };
  const outputs = () => s.items.filter((i) => i.kind === 'out').map((i) => i.text).join('\n').split('\n');
  const run = s.submit('1..100 | Out-Host -Paging; "after"');
  for (let i = 0; i < 200 && !s.pendingMore; i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(s.pendingMore, 'asking');
  assert.equal(outputs(), ['1', '2', '3', '4', '5'], 'the page is in the scrollback before the question');
  s.answerMore('line');
  for (let i = 0; i < 200 && !s.pendingMore; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(outputs().at(-1), '6');
  s.stop();
  await run;
  assert.is(s.pendingMore, null);
  assert.not.ok(outputs().includes('7'));
  assert.not.ok(outputs().includes('after'), 'Ctrl+C stops the script, not just the pager');
});

test('drawn scrollback leaves the session; Ctrl+C drops output not drawn yet, keeping echoes', async () => {
  const { s } = session();
  await s.submit('1..450');
  const echoAndOut = s.items.map((i) => i.kind);
  assert.equal(echoAndOut, ['echo', 'out', 'out', 'out'], 'long output in items of at most 200 lines');
  s.scrollbackWritten(2);
  assert.is(s.scrollBase, 2);
  assert.equal(s.items.map((i) => i.text.split('\n')[0]), ['201', '401']);
  await s.submit('"next"');
  s.discardOutput();
  assert.equal(s.items.map((i) => `${i.kind}:${i.text}`), ['echo:"next"', 'err:^C (251 lines of output not shown)']);
});

test('highlighting covers the text exactly, by token category', () => {
  const text = 'Get-VM -Name "web" | % { $_.Name } # done';
  const segs = highlight(text);
  assert.is(segs.map((s) => s.text).join(''), text);
  const cat = (t: string) => segs.find((s) => s.text === t)?.category;
  assert.equal([cat('Get-VM'), cat('-Name'), cat('"web"'), cat('$_'), cat('# done')], ['command', 'parameter', 'string', 'variable', 'comment']);
  const lines = highlightLines('if ($x) {\n  "open');
  assert.is(lines.length, 2);
  assert.is(lines[1]!.map((s) => s.text).join(''), '  "open');
  assert.is(lines[1]!.at(-1)!.category, 'string', 'an unterminated string is still a string');
});

test('the Ink REPL only on a capable terminal', () => {
  assert.ok(wantsInk({ TERM: 'xterm' }, true));
  assert.not.ok(wantsInk({ TERM: 'dumb' }, true));
  assert.not.ok(wantsInk({ TERM: 'xterm', CI: 'true' }, true));
  assert.not.ok(wantsInk({ TERM: 'xterm' }, false));
});

test.run();
