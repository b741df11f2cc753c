// The REPL's entry: the Ink REPL on a capable terminal, else the plain line mode (TERM=dumb,
// output redirected, VBRS_PLAIN=1, CI). Start-up is budgeted at 300 ms to a prompt that reads keys,
// so the order is: draw a first prompt and put the terminal in raw mode (keys typed from then on
// wait in stdin, unechoed, for the Ink prompt), load Ink and the REPL's components, render, and only
// then load the interpreter and the cmdlets (ink-repl.ts); a command entered meanwhile waits for it.
import type { ShellOptions } from '../runtime/shell.ts';
import type { ShellFactory } from './repl-session.ts';
import { dataHome } from '../engine/catalog/data-home.ts';
import { promptText, readSettings } from './settings.ts';
import { serviceNotice } from './service-notice.ts';

/** True when the terminal can take the Ink REPL's redraws and colours. */
export function wantsInk(env: NodeJS.ProcessEnv = process.env, stdoutIsTTY = process.stdout.isTTY === true): boolean {
  return stdoutIsTTY && env.TERM !== 'dumb' && !env.VBRS_PLAIN && !env.CI;
}

/** `loadShell` brings in the runtime and the cmdlets and returns how to make a Shell from them. */
export async function runRepl(options: ShellOptions, loadShell: () => Promise<ShellFactory>): Promise<number> {
  // Above the first prompt, so it stays in the terminal's scrollback in both modes.
  const notice = serviceNotice(dataHome());
  if (notice) process.stdout.write(`${notice}\n`);
  if (!wantsInk()) return (await import('./plain.ts')).runPlainRepl(options, await loadShell());
  const stdin = process.stdin;
  // Raw mode first: a key typed the moment the prompt shows must wait for the editor, not be
  // echoed by the terminal at the wrong place.
  if (stdin.isTTY) stdin.setRawMode(true);
  process.stdout.write(promptText(readSettings(dataHome()).prompt, options.cwd ?? process.cwd()));
  try {
    const { runInkRepl } = await loadInkRepl();
    process.stdout.write('\r\u001B[2K');
    return await runInkRepl(options, loadShell);
  } finally {
    // Ink restores the terminal when it unmounts; this covers a failure before it mounted.
    if (stdin.isTTY) stdin.setRawMode(false);
  }
}

/**
 * Imports Ink with React's production build (the development one is larger and slower, and checks
 * things for React's authors, not for the user; NODE_ENV is set only for the import so commands run
 * from the shell do not inherit it) and with `fetch` hidden: Ink's layout engine (yoga, compiled to
 * WebAssembly by Emscripten) fetches its own inlined `data:` URL when `fetch` exists, which loads
 * Node's whole HTTP client (~40 ms); without it, it decodes the same bytes directly.
 */
async function loadInkRepl(): Promise<typeof import('./ink-repl.ts')> {
  const setEnv = process.env.NODE_ENV === undefined;
  const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (setEnv) process.env.NODE_ENV = 'production';
  if (fetch?.configurable) Reflect.deleteProperty(globalThis, 'fetch');
  try {
    return await import('./ink-repl.ts');
  } finally {
    if (setEnv) delete process.env.NODE_ENV;
    if (fetch?.configurable) Object.defineProperty(globalThis, 'fetch', fetch);
  }
}
