// Veeam runbooks as golden tests: every tests/stdlib/runbooks/NAME.vbrs is a script in the style of
// the public community runbooks (written against Veeam's PowerShell module, which they get by
// auto-load), run through the real CLI entry against the demo lab of fixtures/lab.vbrs in a fresh
// VBRS_HOME. stdout must be NAME.out, stderr NAME.err (empty when absent), the exit status
// NAME.status (0 when absent), after masking what changes from run to run: times, durations, Guids,
// restore point ids, the data folder. Building the lab takes seconds, so runbooks share labs: a
// runbook whose first line is `# vbrs-test: lab GROUP [ORDER]` runs in GROUP's lab after the lower
// ORDERs (the `shared` group only reads it); one without that line gets a lab of its own.
// `UPDATE_GOLDEN=1` rewrites the expectations for review.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.ts';
import { mask as specMask } from '../spec/mask.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'runbooks');
/** The checkout the tests run from: module files are named by their absolute path in errors. */
const checkout = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const update = process.env.UPDATE_GOLDEN === '1';

interface Run {
  stdout: string;
  stderr: string;
  status: number;
}

/** Runs `script` (a file in `dir`) with the CLI in-process, with `home` as VBRS_HOME. */
async function runScript(script: string, home: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const saved = { home: process.env.VBRS_HOME, modules: process.env.VBRS_MODULE_PATH };
  process.env.VBRS_HOME = home;
  // The module comes from the checkout's stdlib/, whatever the user's own module path holds.
  delete process.env.VBRS_MODULE_PATH;
  try {
    const status = await main([script], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readStdin: () => '',
      cwd: dir,
      isTTY: false,
    });
    return { stdout, stderr, status };
  } finally {
    for (const [k, v] of [['VBRS_HOME', saved.home], ['VBRS_MODULE_PATH', saved.modules]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** What differs between two runs of the same runbook on the same lab, replaced by stable markers:
 *  the spec tests' masks (tests/spec/mask.ts), then what runbooks print besides (the checkout's path, scratch folders
 *  under the temp folder, dates as `yyyy-MM-dd HH:mm` or without seconds, whole-second TimeSpans). */
export function mask(text: string, home: string): string {
  return specMask(text, { home })
    .split(checkout)
    .join('$CHECKOUT')
    .split(tmpdir())
    .join('$TMP')
    .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?\b/g, '<time>')
    .replace(/\b\d{1,2}\/\d{1,2}\/\d{4}( \d{1,2}:\d{2}(:\d{2})?( [AP]M)?)?/g, '<time>')
    .replace(/\b(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d+)?\b/g, '<duration>');
}

function readOr(path: string, fallback: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : fallback;
}

async function freshLab(): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), 'vbrs-veeam-'));
  const lab = await runScript(join('fixtures', 'lab.vbrs'), home);
  if (lab.status !== 0 || lab.stderr) throw new Error(`the lab fixture failed (${lab.status}): ${lab.stderr}`);
  return home;
}

/** A runbook's lab group and place in it, from its first line `# vbrs-test: lab GROUP [ORDER]`. */
function labOf(file: string): { group: string; order: number } {
  const m = /^# vbrs-test: lab (\S+)(?: (\d+))?/.exec(readFileSync(join(dir, file), 'utf8'));
  return m ? { group: m[1]!, order: Number(m[2] ?? 0) } : { group: file, order: 0 };
}

const runbooks = readdirSync(dir)
  .filter((f) => f.endsWith('.vbrs'))
  .map((file) => ({ file, ...labOf(file) }))
  .sort((a, b) => a.group.localeCompare(b.group) || a.order - b.order || a.file.localeCompare(b.file));
const labs = new Map<string, string>();

test.after(() => {
  for (const home of labs.values()) rmSync(home, { recursive: true, force: true });
});

for (const { file, group } of runbooks) {
  const base = join(dir, file.slice(0, -'.vbrs'.length));
  test(`${file} (lab ${group})`, async () => {
    let home = labs.get(group);
    if (!home) labs.set(group, (home = await freshLab()));
    const run = await runScript(file, home);
    // The last runbook of a group is done with its lab.
    if (runbooks.filter((r) => r.group === group).at(-1)!.file === file) {
      rmSync(home, { recursive: true, force: true });
      labs.delete(group);
    }
    const out = mask(run.stdout, home);
    const err = mask(run.stderr, home);
    if (update) {
      writeFileSync(base + '.out', out);
      if (err) writeFileSync(base + '.err', err);
      else rmSync(base + '.err', { force: true });
      if (run.status !== 0) writeFileSync(base + '.status', `${run.status}\n`);
      else rmSync(base + '.status', { force: true });
      return;
    }
    assert.fixture(out, readOr(base + '.out', ''), 'stdout');
    assert.fixture(err, readOr(base + '.err', ''), 'stderr');
    assert.is(run.status, Number(readOr(base + '.status', '0').trim()), 'exit status');
  });
}

test('mask: times, durations, ids and the data folder', () => {
  const home = '/tmp/vbrs-veeam-x';
  const text = 'at 12/6/2026 7:57:53 PM took 00:00:00.1020000 id 86b312db-ac87-09d7-bf71-0555e544fc51 in /tmp/vbrs-veeam-x/repositories/repo01/Nightly/web01/20261206T195753724Z-45ce';
  assert.is(mask(text, home), 'at <time> took <duration> id <guid> in $VBRS_HOME/repositories/repo01/Nightly/web01/<id>');
  assert.is(mask('12 VMs, 1.5x, 1048576 bytes', home), '12 VMs, 1.5x, 1048576 bytes');
});

test.run();
