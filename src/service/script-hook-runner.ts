// Script-block hooks of jobs the service runs. A `-PreFreezeScript { … }` set in a shell is stored
// as `scriptblock:<hash>` with its text in `$VBRS_HOME/script-hooks/<hash>.vbrs` (see
// src/cmdlets/script-block-hook.ts); the shell turns it back into a callback, but the service does
// not load the language. So it runs each such hook in a child `vbrs` process on the same data
// folder: the child binds `$VM`, `$Job` and `$Session` to the objects (as the shell does) and runs
// the block; what it writes (Write-Host too) becomes the hook's output in the session log, an error
// its failure. When the engine stops the hook (the job's ScriptTimeout passed, or Stop-Job) the
// child is killed with everything it started, so a hanging hook cannot outlive it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { Engine } from '../engine/index.ts';
import { killGroup, scriptTextLabel, type GuestHook, type HookOutput, type HookVars } from '../engine/guest/index.ts';

const PREFIX = 'scriptblock:';
const main = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Binds the objects by name, then runs the stored block with them (a block without param() gets
 *  `param($VM, $Job, $Session)` in front, as the shell does). */
const WRAPPER = [
  '$__vm = Get-VM -Name $env:VBRS_VM; $__job = Get-Job -Name $env:VBRS_JOB; $__session = Get-Session -Id $env:VBRS_SESSION',
  '$__text = Get-Content -Raw -Path $env:VBRS_HOOK_FILE',
  // As in the shell (src/cmdlets/script-block-hook.ts): $VM, $Job and $Session are set for every
  // block, a block with its own param() runs inside one that has them.
  'if ($env:VBRS_HOOK_PARAMS -eq "1") { $__text = "param(`$VM, `$Job, `$Session)`n" + $__text }',
  'else { $__text = "param(`$VM, `$Job, `$Session) & {`n" + $__text + "`n} `$VM `$Job `$Session" }',
  '& ([scriptblock]::Create($__text)) $__vm $__job $__session',
].join('\n');

/** Lets the engine run `scriptblock:` hooks of stored jobs in this (language-free) process. */
export function installScriptHookRunner(engine: Engine): void {
  engine.jobs.setHookResolver((name) => {
    if (!name.startsWith(PREFIX)) return null;
    const file = join(engine.home, 'script-hooks', `${name.slice(PREFIX.length)}.vbrs`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return null;
    }
    const hook: GuestHook = { kind: 'callback', name, label: scriptTextLabel(text), run: (vars, signal) => runInChild(engine, file, hasParamBlock(text), vars, signal) };
    return hook;
  });
}

/** `param(` before any other statement (comments and blank lines aside). */
function hasParamBlock(text: string): boolean {
  return /^(?:\s|#[^\n]*\n|<#[^]*?#>)*param\s*\(/i.test(text);
}

async function runInChild(engine: Engine, file: string, hasParams: boolean, vars: HookVars, signal: AbortSignal): Promise<HookOutput> {
  // Its own process group (detached), so a program the block starts dies with it.
  const child = execa(process.execPath, [main, '-c', WRAPPER], {
    reject: false,
    detached: true,
    stdin: 'ignore',
    env: {
      VBRS_HOME: engine.home,
      VBRS_VM: vars.VM,
      VBRS_JOB: vars.Job,
      VBRS_SESSION: vars.Session,
      VBRS_HOOK_FILE: file,
      VBRS_HOOK_PARAMS: hasParams ? "0" : "1",
    },
  });
  const kill = () => killGroup(child.pid);
  if (signal.aborted) kill();
  else signal.addEventListener('abort', kill, { once: true });
  const r = await child.finally(() => signal.removeEventListener('abort', kill));
  if (signal.aborted) throw new Error('the script block was stopped and its process killed');
  const stderr = String(r.stderr ?? '');
  const exitCode = typeof r.exitCode === 'number' ? r.exitCode : 1;
  if (exitCode !== 0 && stderr.trim()) throw new Error(stderr.trim().split('\n')[0]!);
  return { exitCode, stdout: String(r.stdout ?? ''), stderr };
}
