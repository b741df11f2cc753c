// Starts the interactive Ink REPL on the process's terminal: reads the settings and history from
// the data folder, renders App, and resolves with the exit code once the user leaves (`exit N`,
// Ctrl+D). The interpreter is loaded after the first frame, in pieces (see loadInPieces); the
// engine is not opened here at all: the first domain cmdlet opens it.
import React from 'react';
import { render } from 'ink';
import { join } from 'node:path';
import type { ShellOptions } from '../runtime/shell.ts';
import { dataHome } from '../engine/catalog/data-home.ts';
import { App } from './app.ts';
import { ReplSession, type ShellFactory } from './repl-session.ts';
import { readSettings } from './settings.ts';

export async function runInkRepl(options: ShellOptions, loadShell: () => Promise<ShellFactory>): Promise<number> {
  const home = dataHome();
  const session = new ReplSession({
    shell: options,
    createShell: loadInPieces(loadShell),
    settings: process.env.NO_COLOR ? { ...readSettings(home), theme: 'none' } : readSettings(home),
    home,
    historyFile: join(home, 'history'),
  });
  // 60 frames a second: a key typed just after a redraw shows within ~16 ms rather than Ink's
  // default ~33. Engine progress is batched to 10 redraws a second by the session, so this costs
  // nothing while a job runs; incremental rendering rewrites only the panel lines that changed.
  const instance = render(React.createElement(App, { session }), { exitOnCtrlC: false, patchConsole: false, maxFps: 60, incrementalRendering: true });
  await instance.waitUntilExit();
  // Closing stops -RunAsync jobs still running and waits until they are recorded as stopped.
  const engine = session.services.engine as { close?(): void | Promise<void> } | undefined;
  try {
    await engine?.close?.();
  } catch {
    // the catalog is already closed or gone; nothing left to save
  }
  return session.exited ?? 0;
}

/**
 * Loading a module graph blocks the event loop while it evaluates, and the whole interpreter takes
 * ~150 ms on this machine: long enough for keys typed at the fresh prompt to show late. So it comes
 * in pieces of at most ~25 ms, in dependency order, with a turn of the event loop between them for
 * the keys. The parser (built on first use, ~50 ms) is built here too, not on the first key typed.
 * The list is only an order: a piece that fails to load is left to `loadShell`, which loads all.
 */
const pieces: (() => Promise<unknown>)[] = [
  () => import('../lang/index.ts'),
  async () => (await import('../lang/index.ts')).isIncomplete('$null'),
  () => import('../runtime/values/convert.ts'),
  () => import('../runtime/operators/index.ts'),
  () => import('../runtime/members/index.ts'),
  () => import('../runtime/interpreter/pipeline.ts'),
  () => import('../runtime/interpreter/session.ts'),
  () => import('../runtime/cmdlets/index.ts'),
  () => import('../runtime/core-cmdlets/index.ts'),
  () => import('../runtime/shell.ts'),
];

async function loadInPieces(loadShell: () => Promise<ShellFactory>): Promise<ShellFactory> {
  for (const piece of pieces) {
    await turn();
    await piece().catch(() => undefined);
  }
  await turn();
  return loadShell();
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
