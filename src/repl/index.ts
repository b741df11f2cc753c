// The REPL's entry: the Ink REPL on a capable terminal, else the plain line mode (TERM=dumb,
// output redirected, VBRS_PLAIN=1, CI). Ink and React take longer to load than the whole start-up
// budget on a busy machine, so the prompt is drawn first and the terminal put in raw mode: what
// the user types meanwhile waits in stdin (not echoed by the terminal) until the Ink prompt,
// drawn over this one, reads it.
import type { ShellOptions } from '../runtime/shell.ts';
import { dataHome } from '../engine/catalog/data-home.ts';
import { promptText, readSettings } from './settings.ts';

/** True when the terminal can take the Ink REPL's redraws and colours. */
export function wantsInk(env: NodeJS.ProcessEnv = process.env, stdoutIsTTY = process.stdout.isTTY === true): boolean {
  return stdoutIsTTY && env.TERM !== 'dumb' && !env.VBRS_PLAIN && !env.CI;
}

export async function runRepl(options: ShellOptions): Promise<number> {
  if (wantsInk()) {
    const stdin = process.stdin;
    const early = promptText(readSettings(dataHome()).prompt, options.cwd ?? process.cwd());
    process.stdout.write(early);
    if (stdin.isTTY) stdin.setRawMode(true);
    try {
      // React's production build (chosen when React is loaded): the development one is larger,
      // slower and checks things for the author, not the user. Only for the import, so commands
      // the user runs from the shell do not inherit NODE_ENV.
      const setEnv = process.env.NODE_ENV === undefined;
      if (setEnv) process.env.NODE_ENV = 'production';
      const { installInkLoadHooks } = await import('./ink-load-hooks.ts');
      installInkLoadHooks();
      let runInkRepl: typeof import('./ink-repl.ts').runInkRepl;
      try {
        ({ runInkRepl } = await import('./ink-repl.ts'));
      } finally {
        if (setEnv) delete process.env.NODE_ENV;
      }
      process.stdout.write('\r\u001B[2K');
      return await runInkRepl(options);
    } finally {
      // Ink restores the terminal when it unmounts; this covers a failure before it mounted.
      if (stdin.isTTY) stdin.setRawMode(false);
    }
  }
  const { runPlainRepl } = await import('./plain.ts');
  return runPlainRepl(options);
}
