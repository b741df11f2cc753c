// Set-GuestProcessing: application-aware processing and pre-freeze / post-thaw hooks of a job.
// A hook is a script block (`{ … }`, run in the shell with $VM, $Job, $Session) or a script file
// (run as a child process in the guest's place); relative file paths resolve against the current
// location. -ScriptTimeout takes 30s, 10m or a TimeSpan.
import { resolve } from 'node:path';
import type { CmdletContext, CmdletDef } from '../runtime/cmdlet.ts';
import type { Engine } from '../engine/engine.ts';
import type { GuestHook } from '../engine/guest/index.ts';
import type { GuestProcessingChanges } from '../engine/jobs/index.ts';
import { ScriptBlockValue } from '../runtime/script-block.ts';
import { EngineError } from '../engine/engine-error.ts';
import { statSync } from 'node:fs';
import { domainCmdlet, given } from './domain-cmdlet.ts';
import { durationMs } from './duration.ts';
import { scriptBlockHook } from './script-block-hook.ts';
import { jobObject } from './job.ts';

function hook(value: unknown, slot: string, job: string, ctx: CmdletContext, engine: Engine): GuestHook | null {
  if (value === null || value === '') return null;
  if (value instanceof ScriptBlockValue) return scriptBlockHook(engine, ctx.services as Record<string, unknown>, value);
  const path = resolve(ctx.cwd, String(value));
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    // reported below
  }
  if (!isFile) throw EngineError.invalid('Job', job, `${slot} '${path}' is not a script block or an existing script file.`);
  return { kind: 'file', path };
}

export const setGuestProcessingCmdlet: CmdletDef = domainCmdlet({
  name: 'Set-GuestProcessing',
  parameters: [
    { name: 'Job', type: 'string', completion: 'job', mandatory: true, position: 0, help: 'The job to change.' },
    { name: 'Enable', type: 'switch', help: 'Turns guest processing on (-Enable:$false turns it off).' },
    { name: 'Disable', type: 'switch', help: 'Turns guest processing off.' },
    { name: 'ApplicationAware', type: 'switch', help: 'Quiesce applications (VSS on Windows) around the VM snapshot.' },
    { name: 'Credential', type: 'string', completion: 'credential', help: 'Credential name used to reach the guests (Linux needs one: SSH).' },
    { name: 'PreFreezeScript', type: 'object', help: 'Script block or script file run before the VM snapshot.' },
    { name: 'PostThawScript', type: 'object', help: 'Script block or script file run after the VM snapshot.' },
    { name: 'ScriptTimeout', type: 'object', help: 'How long a hook may run: 30s, 10m (default) or a TimeSpan.' },
    { name: 'IgnoreScriptErrors', type: 'switch', help: 'A failing hook only warns instead of failing the VM.' },
    { name: 'PassThru', type: 'switch', help: 'Return the job.' },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Configures guest processing and pre-freeze / post-thaw hooks for a job.',
    description: 'Script-block hooks run inside vbrs with $VM, $Job and $Session set; they are stored with the job, so a later vbrs process that starts the job runs them too.',
    examples: [
      { code: "Set-GuestProcessing -Job Nightly -Enable -ApplicationAware -PreFreezeScript { Write-Host \"freezing $($VM.Name)\" } -ScriptTimeout 30s", needs: 'engine' },
      { code: 'Set-GuestProcessing -Job Nightly -Enable -Credential root -PostThawScript ./thaw.sh', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.Job',
  async process(p, ctx, engine) {
    const job = engine.jobs.get(String(p.Job));
    const c: GuestProcessingChanges = {};
    if (given(p, 'Enable')) c.Enabled = p.Enable === true;
    if (p.Disable === true) c.Enabled = false;
    if (given(p, 'ApplicationAware')) c.ApplicationAware = p.ApplicationAware === true;
    if (given(p, 'Credential')) c.Credential = p.Credential === '' || p.Credential === null ? null : engine.credentials.get(String(p.Credential)).Name;
    if (given(p, 'ScriptTimeout')) c.ScriptTimeout = durationMs(p.ScriptTimeout, 'ScriptTimeout');
    if (given(p, 'IgnoreScriptErrors')) c.IgnoreScriptErrors = p.IgnoreScriptErrors === true;
    if (!(await ctx.shouldProcess(job.Name, 'Set-GuestProcessing'))) return;
    if (given(p, 'PreFreezeScript')) c.PreFreezeScript = hook(p.PreFreezeScript, 'PreFreezeScript', job.Name, ctx, engine);
    if (given(p, 'PostThawScript')) c.PostThawScript = hook(p.PostThawScript, 'PostThawScript', job.Name, ctx, engine);
    const next = engine.jobs.setGuestProcessing(job.Name, c);
    if (p.PassThru) await ctx.emit(jobObject(next, engine.home));
  },
});

export const guestProcessingCmdlets: CmdletDef[] = [setGuestProcessingCmdlet];
