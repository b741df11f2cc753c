// `npm run fuzz [-- --count N --seed S]`: fuzzes the parser and interpreter with N inputs
// (default 1,000,000) from seed S (default 1), prints progress and a summary, writes every finding
// (crash or hang, with its seed, index and input) to fuzz-findings.json, and exits 1 if there was any.
// Reproduce one finding: `node scripts/fuzz/run.ts --seed S --from INDEX --count 1`.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFuzz } from './fuzz-runner.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const count = arg('count', 1_000_000);
const seed = arg('seed', 1);
const from = arg('from', 0);
const out = join(process.cwd(), 'fuzz-findings.json');
let lastReport = Date.now();
const report = await runFuzz({
  root,
  seed,
  from,
  count,
  onFinding: (f) => process.stdout.write(`FINDING ${f.kind} seed ${f.seed} index ${f.index}: ${f.detail.split('\n')[0]}\n  input: ${JSON.stringify(f.input).slice(0, 300)}\n`),
  onProgress: (i) => {
    if (Date.now() - lastReport < 10_000) return;
    lastReport = Date.now();
    process.stdout.write(`  ${i} of ${count} inputs\n`);
  },
});
writeFileSync(out, JSON.stringify(report, null, 1) + '\n');
const c = report.counts;
process.stdout.write(
  `${report.inputs} inputs (seed ${seed}) in ${(report.durationMs / 1000).toFixed(1)} s: ${c['parse-error']} parse errors, ${c.ran} ran, ` +
    `${c.stopped} stopped at the time budget, ${c['not-run']} parsed but not run (they touch files or processes); ` +
    `${c.crash} crashes, ${c.hang} hangs. Findings: ${out}\n`,
);
process.exit(report.findings.length > 0 ? 1 : 0);
