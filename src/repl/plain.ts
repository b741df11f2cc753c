// A minimal line-by-line REPL for terminals until the Ink REPL lands: reads a line, keeps reading
// continuation lines (`>> `) while the text is an unfinished statement, runs it, repeats. `exit`
// leaves with its code; Ctrl-D ends the session.
import { createInterface } from 'node:readline';
import type { Shell } from '../runtime/shell.ts';

export async function runPlainRepl(shell: Shell): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const lines = rl[Symbol.asyncIterator]();
  let buffer = '';
  process.stdout.write('PS> ');
  for (;;) {
    const next = await lines.next();
    if (next.done) break;
    buffer = buffer ? buffer + '\n' + next.value : next.value;
    if (shell.isIncomplete(buffer)) {
      process.stdout.write('>> ');
      continue;
    }
    const text = buffer;
    buffer = '';
    if (text.trim()) {
      const r = await shell.run(text, '<repl>');
      if (/^\s*exit\b/i.test(text)) {
        rl.close();
        return r.exitCode;
      }
    }
    process.stdout.write('PS> ');
  }
  rl.close();
  process.stdout.write('\n');
  return 0;
}
