// Golden tests: every tests/golden/**/NAME.vbrs runs through the real CLI entry (in-process, with
// the script's folder as the working directory) and must print NAME.out on stdout, NAME.err on
// stderr (empty when absent) and exit with NAME.status (0 when absent). `UPDATE_GOLDEN=1` (or
// `--update`) rewrites the expectations for review instead of comparing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join, dirname, basename, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env.UPDATE_GOLDEN === '1' || process.argv.includes('--update');

function findScripts(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === 'fixtures') continue;
    if (statSync(p).isDirectory()) out.push(...findScripts(p));
    else if (name.endsWith('.vbrs')) out.push(p);
  }
  return out;
}

function readOr(path: string, fallback: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : fallback;
}

for (const script of findScripts(root)) {
  const base = script.slice(0, -'.vbrs'.length);
  test(relative(root, script), async () => {
    let stdout = '';
    let stderr = '';
    const home = mkdtempSync(join(tmpdir(), 'vbrs-golden-'));
    const savedHome = process.env.VBRS_HOME;
    process.env.VBRS_HOME = home;
    let status: number;
    try {
      status = await main([basename(script)], {
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        readStdin: () => '',
        cwd: dirname(script),
        isTTY: false,
        // Not the user's NO_COLOR or uvu's FORCE_COLOR: output is captured, so $PSStyle's Host
        // rendering strips escape sequences unless a script asks for Ansi.
        env: {},
      });
    } finally {
      if (savedHome === undefined) delete process.env.VBRS_HOME;
      else process.env.VBRS_HOME = savedHome;
      rmSync(home, { recursive: true, force: true });
    }
    if (update) {
      writeFileSync(base + '.out', stdout);
      if (stderr) writeFileSync(base + '.err', stderr);
      else if (existsSync(base + '.err')) rmSync(base + '.err');
      if (status !== 0) writeFileSync(base + '.status', `${status}\n`);
      else if (existsSync(base + '.status')) rmSync(base + '.status');
      return;
    }
    assert.fixture(stdout, readOr(base + '.out', ''), 'stdout');
    assert.fixture(stderr, readOr(base + '.err', ''), 'stderr');
    assert.is(status, Number(readOr(base + '.status', '0').trim()), 'exit status');
  });
}

test.run();
