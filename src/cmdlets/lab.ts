// New-Lab / Get-Lab / Remove-Lab: a ready-made infrastructure (hosts, primary and secondary
// arrays, SAN and local datastores, Windows and Linux VMs with real data, proxies, a repository)
// built by the engine from a preset, so a runbook can start from something worth backing up.
// New-Lab builds through the engine's async path: its disks are written in chunks with the event
// loop turning between them, so the REPL draws the lab-progress events and Ctrl+C (the cmdlet's
// stop signal) stops the build, leaving nothing behind.
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { Lab, NewLabOptions } from '../engine/lab/index.ts';
import { labPresetNames } from '../engine/lab/index.ts';
import { domainCmdlet, given } from './domain-cmdlet.ts';
import { shellObject } from './shell-object.ts';
import { followLab } from './engine-progress.ts';

export function labObject(l: Lab): Record<string, unknown> {
  return shellObject('Vbrs.Lab', l);
}

export const newLabCmdlet: CmdletDef = domainCmdlet({
  name: 'New-Lab',
  parameters: [
    { name: 'Preset', type: 'string', position: 0, defaultValue: 'Demo', validateSet: [...labPresetNames], help: "The lab to build; 'Demo' (the default)." },
    { name: 'Force', type: 'switch', help: "Replace the lab's objects when they already exist." },
    { name: 'DiskScale', type: 'double', help: 'Multiplies every disk size (0.125 for a quick lab); sizes stay whole MiB, at least 4 MiB.' },
    { name: 'Seed', type: 'int', help: 'Seed for the guest data written into the disks.' },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Builds a ready lab: hosts, arrays, datastores, Windows and Linux VMs, proxies and a repository.',
    description: 'The Demo preset has hosts esx01/esx02, arrays fas01 (NetApp, mirrored to fas02) and nimble01 (mirrored to nimble02), VMs web01, db01, app01 and util01 with data in their disks, proxies px-san01 and px-hotadd01, repository repo01 and credentials root and administrator. While the disks are written a progress bar is drawn on stderr when that is a terminal; -Verbose writes a line per disk.',
    examples: [
      { code: 'New-Lab -Preset Demo', needs: 'engine' },
      { code: 'New-Lab -Preset Demo -Force -DiskScale 0.25', remarks: 'Rebuilds a smaller lab.', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.Lab',
  async process(p, ctx, engine) {
    const preset = String(p.Preset ?? 'Demo');
    if (!(await ctx.shouldProcess(preset, 'New-Lab'))) return;
    const opts: NewLabOptions = { Preset: preset, Force: p.Force === true };
    if (given(p, 'DiskScale')) opts.DiskScale = Number(p.DiskScale);
    if (given(p, 'Seed')) opts.Seed = Number(p.Seed);
    // A bar on a terminal's stderr (the REPL draws its panel instead), a line per disk under -Verbose.
    const progress = followLab(ctx, engine.events, preset);
    let lab;
    try {
      lab = await engine.lab.createAsync(opts, { signal: ctx.signal });
    } finally {
      await progress.finish();
    }
    await ctx.emit(labObject(lab));
  },
});

export const getLabCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-Lab',
  parameters: [{ name: 'Name', type: 'string', position: 0, completion: 'lab', help: 'The lab (its preset name).' }],
  help: { synopsis: 'Shows the labs built with New-Lab.', examples: [{ code: 'Get-Lab', needs: 'engine' }] },
  outputType: 'Vbrs.Lab',
  async process(p, ctx, engine) {
    const labs = given(p, 'Name') ? [engine.lab.get(String(p.Name))] : engine.lab.list();
    for (const l of labs) await ctx.emit(labObject(l));
  },
});

export const removeLabCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-Lab',
  parameters: [{ name: 'Name', type: 'string', position: 0, defaultValue: 'Demo', completion: 'lab', help: "The lab to remove; 'Demo' (the default)." }],
  supportsShouldProcess: true,
  help: { synopsis: "Removes a lab's objects and disk files (repository folders stay).", examples: [{ code: 'Remove-Lab -Name Demo', needs: 'engine' }] },
  async process(p, ctx, engine) {
    const lab = engine.lab.get(String(p.Name ?? 'Demo'));
    if (!(await ctx.shouldProcess(lab.Name, 'Remove-Lab'))) return;
    engine.lab.remove(lab.Name);
  },
});

export const labCmdlets: CmdletDef[] = [newLabCmdlet, getLabCmdlet, removeLabCmdlet];
