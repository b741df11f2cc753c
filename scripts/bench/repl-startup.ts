// Time to a usable prompt: starts the real `bin/vbrs` in a pseudo terminal (util-linux `script`),
// measures from spawn until the first prompt shows, until the Ink prompt is drawn, and — the figure
// the 300 ms budget is about — until a key typed the moment the first prompt showed is on the
// screen, drawn by the line editor; then leaves with Ctrl+U Ctrl+D. Runnable alone
// (`node scripts/bench/repl-startup.ts [runs]`); exports `replStartupBench` for the bench runner.
// The budget is 300 ms; the catalog must not be opened before the prompt (checked: no catalog file
// appears in the fresh data folder).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export interface ReplStartupResult {
  /** Until the prompt is on the screen (keys typed from then on are kept). */
  runs: number[];
  medianMs: number;
  minMs: number;
  /** Until the Ink prompt (with its cursor cell) has replaced the first one and reads keys. */
  inkRuns: number[];
  inkMedianMs: number;
  /** Until a key, typed as soon as the first prompt showed, is drawn by the line editor. */
  keyRuns: number[];
  keyMedianMs: number;
  budgetMs: number;
  /** Files the REPL created in a fresh data folder before its prompt (the catalog must not be one). */
  dataFilesAtPrompt: string[];
}

function once(home: string): Promise<{ ms: number; inkMs: number; keyMs: number; files: string[] }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env, VBRS_HOME: home, TERM: 'xterm-256color', COLUMNS: '120', LINES: '30' };
    delete env.CI;
    const child = spawn('script', ['-qfec', `${path.join(root, 'bin', 'vbrs')}`, '/dev/null'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let done = false;
    let ms = 0;
    let inkMs = 0;
    let keyMs = 0;
    let typedAt = 0;
    let files: string[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no prompt within 20 s; output: ${JSON.stringify(stripVTControlCharacters(out))}`));
    }, 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (!ms && /PS [^\n]*>/.test(stripVTControlCharacters(out))) {
        ms = performance.now() - started;
        files = readdirSync(home);
        typedAt = out.length;
        child.stdin.write('x');
      }
      // The Ink prompt draws its cursor as an inverse cell.
      if (ms && !inkMs && out.includes('\u001B[7m')) inkMs = performance.now() - started;
      if (ms && !keyMs && /> x/.test(stripVTControlCharacters(out.slice(typedAt)))) keyMs = performance.now() - started;
      if (inkMs && keyMs && !done) {
        done = true;
        // Clear the line, then Ctrl+D until it leaves.
        const leave = setInterval(() => child.stdin.write('\u0015\u0004'), 200);
        child.on('exit', () => {
          clearInterval(leave);
          clearTimeout(timer);
          resolve({ ms, inkMs, keyMs, files });
        });
      }
    });
    child.on('error', reject);
  });
}

export async function replStartupBench(runs = 7): Promise<ReplStartupResult> {
  if (spawnSync('script', ['-V']).status !== 0) throw new Error('util-linux `script` is needed for a pseudo terminal');
  const times: number[] = [];
  const inkTimes: number[] = [];
  const keyTimes: number[] = [];
  let files: string[] = [];
  // One warm-up run: the first start pays for cold file caches, not for vbrs.
  for (let i = 0; i <= runs; i++) {
    const home = mkdtempSync(path.join(tmpdir(), 'vbrs-startup-'));
    try {
      const r = await once(home);
      if (i > 0) {
        times.push(r.ms);
        inkTimes.push(r.inkMs);
        keyTimes.push(r.keyMs);
      }
      files = r.files;
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const inkSorted = [...inkTimes].sort((a, b) => a - b);
  const keySorted = [...keyTimes].sort((a, b) => a - b);
  return {
    inkRuns: inkTimes.map((t) => Math.round(t)),
    inkMedianMs: Math.round(inkSorted[Math.floor(inkSorted.length / 2)]!),
    keyRuns: keyTimes.map((t) => Math.round(t)),
    keyMedianMs: Math.round(keySorted[Math.floor(keySorted.length / 2)]!),
    runs: times.map((t) => Math.round(t)),
    medianMs: Math.round(sorted[Math.floor(sorted.length / 2)]!),
    minMs: Math.round(sorted[0]!),
    budgetMs: 300,
    dataFilesAtPrompt: files,
  };
}

if (import.meta.main) {
  const runs = Number(process.argv[2] ?? 7);
  const r = await replStartupBench(runs);
  console.log(`REPL start-up (${r.runs.length} runs, after one warm-up), budget ${r.budgetMs} ms to a usable prompt:`);
  console.log(`  a key typed at the first prompt is on the screen: median ${r.keyMedianMs} ms (runs: ${r.keyRuns.join(' ')} ms)`);
  console.log(`  first prompt shown: median ${r.medianMs} ms, min ${r.minMs} ms (runs: ${r.runs.join(' ')} ms)`);
  console.log(`  Ink prompt drawn: median ${r.inkMedianMs} ms (runs: ${r.inkRuns.join(' ')} ms)`);
  console.log(`  data folder at the prompt: ${r.dataFilesAtPrompt.length ? r.dataFilesAtPrompt.join(', ') : '(empty: the catalog was not opened)'}`);
  if (existsSync('/proc/loadavg')) console.log(`  load average: ${spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim()}`);
}
