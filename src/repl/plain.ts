// The plain line-by-line REPL, for terminals the Ink REPL should not draw on (`TERM=dumb`, output
// not a terminal): reads a line, keeps reading continuation lines (`>> `) while the text is an
// unfinished statement, runs it, repeats. No escape codes are written on a dumb terminal. The shell's
// host reads from the same line queue, so Read-Host and mandatory-parameter prompts work. `exit`
// leaves with its code; Ctrl-D ends the session.
import { createInterface } from 'node:readline';
import type { ShellOptions } from '../runtime/shell.ts';
import type { ShellFactory } from './repl-session.ts';

export async function runPlainRepl(options: ShellOptions, createShell: ShellFactory): Promise<number> {
  const terminal = process.env.TERM !== 'dumb' && process.stdout.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal });
  const queue: string[] = [];
  let waiter: ((line: string | null) => void) | null = null;
  let closed = false;
  rl.on('line', (line) => {
    if (waiter) {
      const w = waiter;
      waiter = null;
      w(line);
    } else queue.push(line);
  });
  rl.on('close', () => {
    closed = true;
    if (waiter) waiter(null);
  });
  const nextLine = (prompt: string): Promise<string | null> => {
    process.stdout.write(prompt);
    if (queue.length) return Promise.resolve(queue.shift()!);
    if (closed) return Promise.resolve(null);
    return new Promise((resolve) => (waiter = resolve));
  };
  const shell = createShell({ ...options, host: { interactive: true, readLine: (prompt) => nextLine(prompt) } });
  let code = 0;
  let buffer = '';
  let running = false;
  // Ctrl-C stops the running command, or drops a half-typed one.
  rl.on('SIGINT', () => {
    if (running) shell.stop();
    else {
      buffer = '';
      process.stdout.write('\n');
      if (waiter) {
        const w = waiter;
        waiter = null;
        w('');
      }
    }
  });
  for (;;) {
    const line = await nextLine(buffer ? '>> ' : 'PS> ');
    if (line === null) break;
    buffer = buffer ? buffer + '\n' + line : line;
    if (shell.isIncomplete(buffer)) continue;
    const text = buffer;
    buffer = '';
    if (!text.trim()) continue;
    running = true;
    const r = await shell.run(text, '<repl>');
    running = false;
    if (/^\s*exit\b/i.test(text)) {
      code = r.exitCode;
      break;
    }
  }
  rl.close();
  shell.stopTranscripts();
  if (closed) process.stdout.write('\n');
  return code;
}
