// A transcript started at the REPL records each command typed after a prompt (with
// -IncludeInvocationHeader a time-stamped header before it) and its output, and is stopped with
// its footer when the REPL exits.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplSession } from '../../src/repl/repl-session.ts';
import { readSettings } from '../../src/repl/settings.ts';

test('the REPL: commands after a prompt, their output, the footer at exit', async () => {
  const home = mkdtempSync(join(tmpdir(), 'vbrs-repltranscript-'));
  const s = new ReplSession({ shell: { cwd: home, width: 80 }, settings: readSettings(home), home, historyFile: null });
  try {
    await s.submit("Start-Transcript -Path ./t.log -IncludeInvocationHeader | Out-Null");
    await s.submit('"hello"; Write-Progress -Activity hidden');
    s.exit(0);
    const text = readFileSync(join(home, 't.log'), 'utf8');
    const body = text.slice(text.indexOf('**********************\n', 30) + 23);
    assert.match(body, new RegExp(`^\\*{22}\\nCommand start time: \\d{14}\\n\\*{22}\\nPS ${home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}> "hello"; Write-Progress -Activity hidden\\nhello\\n\\*{22}\\nvbrs transcript end\\nEnd time: \\d{14}\\n\\*{22}\\n$`));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
