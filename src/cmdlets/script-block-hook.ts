// Pre-freeze / post-thaw hooks written as vbrs script blocks. The engine never imports the
// language, so it stores a hook by name and calls a callback; here the script block's text is
// saved under `$VBRS_HOME/script-hooks/<hash>.vbrs` (the name is `scriptblock:<hash>`), so a job
// defined in one `vbrs` run can be started by a later one: the resolver installed on the engine
// reads the text back and turns it into a callback again. The block runs in the shell through the
// invoker of the command running at the time (usually Start-Job), with `$VM`, `$Job` and `$Session`
// bound to the engine objects; its output becomes the hook's stdout, an error its failure. Past
// the job's ScriptTimeout (or on Stop-Job) the block is stopped as Ctrl-C stops a run.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/engine.ts';
import type { JobInfo } from '../engine/jobs/index.ts';
import type { GuestHook, HookOutput, HookVars } from '../engine/guest/index.ts';
import { scriptTextLabel } from '../engine/guest/index.ts';
import { parse } from '../lang/index.ts';
import { Source } from '../lang/source.ts';
import type { ScriptInvoker } from '../runtime/cmdlet.ts';
import { ScriptBlockValue } from '../runtime/script-block.ts';
import { toStringValue } from '../runtime/values/convert.ts';
import { shellObject } from './shell-object.ts';
import { SessionObject } from './session-object.ts';

const PREFIX = 'scriptblock:';

function hookFile(home: string, id: string): string {
  return join(home, 'script-hooks', `${id}.vbrs`);
}

/** Saves the block's text with the data and returns the engine hook that runs it. */
export function scriptBlockHook(engine: Engine, services: Record<string, unknown>, block: ScriptBlockValue): GuestHook {
  const text = block.text;
  const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
  mkdirSync(join(engine.home, 'script-hooks'), { recursive: true });
  writeFileSync(hookFile(engine.home, id), text);
  return callbackHook(engine, services, PREFIX + id, text);
}

/** Lets the engine rebuild `scriptblock:` hooks stored by an earlier process. */
export function installScriptBlockHooks(engine: Engine, services: Record<string, unknown>): void {
  engine.jobs.setHookResolver((name) => {
    if (!name.startsWith(PREFIX)) return null;
    let text: string;
    try {
      text = readFileSync(hookFile(engine.home, name.slice(PREFIX.length)), 'utf8');
    } catch {
      return null;
    }
    return callbackHook(engine, services, name, text);
  });
}

/** `job` (a Vbrs.Job shell object of `info`) with its hooks as scripts see them (shownHook). */
export function withShownHooks(job: Record<string, unknown>, info: JobInfo, home: string): Record<string, unknown> {
  const gp = job.GuestProcessing as Record<string, unknown> | undefined;
  if (gp) for (const slot of ['PreFreezeScript', 'PostThawScript'] as const) gp[slot] = shownHook(home, info.GuestProcessing[slot]);
  return job;
}

/** A stored hook as a script shows it: the script block (its text), the script file's path, or the
 *  hook's name when its text is gone; never the engine's `{kind, name}` record. */
function shownHook(home: string, hook: { kind: string; name?: string; path?: string } | null): unknown {
  if (hook === null) return null;
  if (hook.kind === 'file') return hook.path ?? null;
  const name = hook.name ?? '';
  if (!name.startsWith(PREFIX)) return name;
  try {
    const text = readFileSync(hookFile(home, name.slice(PREFIX.length)), 'utf8');
    return new ScriptBlockValue(parse(text, name), text, new Source(text, name));
  } catch {
    return name;
  }
}

function callbackHook(engine: Engine, services: Record<string, unknown>, name: string, text: string): GuestHook {
  // Parsed at the first run, once: a job's hook runs once per VM, twice per VM with both slots.
  // A text that does not parse fails each run (the hook's error), as it did when parsed per run.
  let block: ScriptBlockValue | undefined;
  return {
    kind: 'callback',
    name,
    label: scriptTextLabel(text),
    run: (vars, signal) => runBlock(engine, services, (block ??= hookBlock(name, text)), vars, signal),
  };
}

/** The hook's text as the block that runs. $VM, $Job and $Session are set for every block. One
 *  without its own param() gets them as its parameters; one with a param() (`{ param() Write-Host
 *  $VM.Name }`) runs inside a block that has them, so it sees them by scope, and its own parameters
 *  still bind the same three values by position. Either way the hook's text starts on line 2, so
 *  positions in errors stay one off. */
function hookBlock(name: string, text: string): ScriptBlockValue {
  const own = parse(text, name).paramBlock;
  const full = own ? `param($VM, $Job, $Session) & {\n${text}\n} $VM $Job $Session` : `param($VM, $Job, $Session)\n${text}`;
  return new ScriptBlockValue(parse(full, name), full, new Source(full, name));
}

async function runBlock(engine: Engine, services: Record<string, unknown>, block: ScriptBlockValue, vars: HookVars, signal: AbortSignal): Promise<HookOutput> {
  const invoker = services.invoker as ScriptInvoker | undefined;
  if (!invoker) throw new Error('no shell is running to execute the script block');
  // The engine aborts `signal` at the ScriptTimeout or on Stop-Job: the block stops as at Ctrl-C.
  const output = await invoker.invoke(block, hookArguments(engine, vars), { signal });
  return { exitCode: 0, stdout: output.map((o) => toStringValue(o)).join('\n'), stderr: '' };
}

function hookArguments(engine: Engine, vars: HookVars): unknown[] {
  const vm = tryGet(() => shellObject('Vbrs.VM', engine.vms.get(vars.VM))) ?? vars.VM;
  const job = tryGet(() => { const j = engine.jobs.get(vars.Job); return withShownHooks(shellObject('Vbrs.Job', j), j, engine.home); }) ?? vars.Job;
  const session = tryGet(() => new SessionObject(engine.sessions.get(Number(vars.Session)))) ?? vars.Session;
  return [vm, job, session];
}

function tryGet<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}
