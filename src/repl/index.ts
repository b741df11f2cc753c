// The REPL's entry: the Ink REPL on a capable terminal, else the plain line mode (TERM=dumb,
// output redirected, VBRS_PLAIN=1). Ink and React are imported only when the Ink REPL runs.
import type { ShellOptions } from '../runtime/shell.ts';

/** True when the terminal can take the Ink REPL's redraws and colours. */
export function wantsInk(env: NodeJS.ProcessEnv = process.env, stdoutIsTTY = process.stdout.isTTY === true): boolean {
  return stdoutIsTTY && env.TERM !== 'dumb' && !env.VBRS_PLAIN && !env.CI;
}

export async function runRepl(options: ShellOptions): Promise<number> {
  if (wantsInk()) {
    const { runInkRepl } = await import('./ink-repl.ts');
    return runInkRepl(options);
  }
  const { runPlainRepl } = await import('./plain.ts');
  return runPlainRepl(options);
}
