// A native command: `& /bin/echo x` or `./tool.sh a b` — a path to an executable file that is not
// a script (.vbrs/.ps1/.psm1) runs as a program, as PowerShell runs an external command: its
// arguments are the words' string values (argv, never a shell string), pipeline input goes to its
// stdin one item per line, each stdout line comes out as a string, stderr passes through, and
// `$LASTEXITCODE` is its exit status (`$?` false when it is not 0). Stopping the run (Ctrl-C, or a
// guest hook's timeout: `signal`) kills the program and stops the pipeline.

import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { execa } from 'execa';
import type { ArgItem } from '../binder.ts';
import { toStringValue } from '../values/convert.ts';
import type { Interpreter } from './interpreter.ts';
import type { Sink } from './exec-context.ts';
import type { Stage } from './pipeline.ts';

/** The absolute path when `name` names an executable file that is not a script; else null. */
export function nativeExecutable(cwd: string, name: string): string | null {
  if (/\.(vbrs|ps1|psm1)$/i.test(name)) return null;
  const full = resolve(cwd, name);
  try {
    if (!statSync(full).isFile()) return null;
    accessSync(full, constants.X_OK);
    return full;
  } catch {
    return null;
  }
}

export function createNativeStage(interp: Interpreter, file: string, args: ArgItem[], out: Sink, signal: AbortSignal): Stage {
  const session = interp.session;
  const argv = args.map((a) => (a.kind === 'param' ? (a.hasValue ? `${a.text}${toStringValue(a.value)}` : a.text) : toStringValue(a.value)));
  const input: string[] = [];
  return {
    begin: async () => {},
    process: async (v) => void input.push(toStringValue(v)),
    processNoInput: async () => {},
    end: async () => {
      const r = await execa(file, argv, {
        cwd: session.cwd,
        reject: false,
        stripFinalNewline: true,
        cancelSignal: signal,
        killSignal: 'SIGKILL',
        ...(input.length ? { input: input.join('\n') + '\n' } : { stdin: 'ignore' as const }),
      });
      if (signal.aborted) session.checkStopped({ stop: signal });
      if (r.stderr) session.hooks.stderr(r.stderr + '\n');
      if (r.stdout !== '') for (const line of r.stdout.split(/\r?\n/)) await out(line);
      const code = r.exitCode ?? 1;
      session.global.setLocal('LASTEXITCODE', code);
      if (code !== 0) session.errorCount++;
    },
  };
}
