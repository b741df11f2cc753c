// Starts the interactive Ink REPL on the process's terminal: reads the settings and history from
// the data folder, renders App, and resolves with the exit code once the user leaves (`exit N`,
// Ctrl+D). The engine is not opened here; the first domain cmdlet opens it.
import React from 'react';
import { render } from 'ink';
import { join } from 'node:path';
import type { ShellOptions } from '../runtime/shell.ts';
import { dataHome } from '../engine/catalog/data-home.ts';
import { App } from './app.ts';
import { ReplSession } from './repl-session.ts';
import { readSettings } from './settings.ts';

export async function runInkRepl(options: ShellOptions): Promise<number> {
  const home = dataHome();
  const session = new ReplSession({
    shell: options,
    settings: process.env.NO_COLOR ? { ...readSettings(home), theme: 'none' } : readSettings(home),
    home,
    historyFile: join(home, 'history'),
  });
  const instance = render(React.createElement(App, { session }), { exitOnCtrlC: false, patchConsole: false });
  await instance.waitUntilExit();
  const engine = session.services.engine as { close?(): void } | undefined;
  try {
    engine?.close?.();
  } catch {
    // the catalog is already closed or gone; nothing left to save
  }
  return session.exited ?? 0;
}
