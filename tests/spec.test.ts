// Spec goldens (tests/spec/**/*.vbrs, the format of tests/spec/spec-file.ts): each file runs in one
// shell with the domain cmdlets and its own fresh VBRS_HOME (also the working folder), its cases
// in order, so a case sees what the ones before it built. Each case's stdout and stderr, masked
// (tests/spec/mask.ts), and its exit status must equal the expectations under it.
// `UPDATE_GOLDEN=1` (or `--update`) rewrites the expectations for review instead of comparing.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createShell, type Shell } from '../src/runtime/shell.ts';
import { domainCmdlets } from '../src/cmdlets/index.ts';
import type { Engine } from '../src/engine/engine.ts';
import { parseSpec, writeSpec, type Outcome, type SpecFile } from './spec/spec-file.ts';
import { mask } from './spec/mask.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), 'spec');
const update = process.env.UPDATE_GOLDEN === '1' || process.argv.includes('--update');

function findSpecs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return findSpecs(p);
    return name.endsWith('.vbrs') ? [p] : [];
  });
}

/** Where case `k`'s code will stand once the cases before it have their new expectations. */
function rewrittenCodeLine(spec: SpecFile, actual: Outcome[], k: number): number {
  const before = writeSpec({ header: spec.header, cases: spec.cases.slice(0, k) }, actual);
  return before.split('\n').length - 1 + (k > 0 ? 1 : 0) + 2;
}

/** Output always ends with a newline in an expectation block. */
const ended = (t: string) => (t && !t.endsWith('\n') ? t + '\n' : t);

for (const file of findSpecs(root)) {
  const name = relative(root, file);
  const spec = parseSpec(readFileSync(file, 'utf8'), name);
  const s = suite(name);
  let home = '';
  let shell: Shell;
  let out = '';
  let err = '';
  const actual: Outcome[] = [];

  s.before(() => {
    home = realpathSync(mkdtempSync(join(tmpdir(), 'vbrs-spec-')));
    process.env.VBRS_HOME = home;
    shell = createShell({ cmdlets: domainCmdlets, cwd: home, stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  });

  s.after(async () => {
    const engine = shell.session.services.engine as Engine | undefined;
    if (engine) {
      for (const run of engine.workload.list()) run.stop();
      await engine.close();
    }
    rmSync(home, { recursive: true, force: true });
    if (update && actual.length === spec.cases.length) writeFileSync(file, writeSpec(spec, actual));
  });

  spec.cases.forEach((c, k) => {
    s(`${c.name} (${name}:${c.line})`, async () => {
      out = '';
      err = '';
      process.env.VBRS_HOME = home;
      // Blank lines before the code make error positions those of the spec file (when updating,
      // of the file as it is rewritten: the cases before this one already ran).
      const codeLine = update ? rewrittenCodeLine(spec, actual, k) : c.codeLine;
      const r = await shell.run('\n'.repeat(codeLine - 1) + c.code, name);
      const got = { stdout: ended(mask(out, { home })), stderr: ended(mask(err, { home })), status: r.exitCode };
      actual[k] = got;
      if (update) return;
      assert.fixture(got.stdout, c.stdout, 'stdout');
      assert.fixture(got.stderr, c.stderr, 'stderr');
      assert.is(got.status, c.status, 'exit status');
    });
  });
  s.run();
}
