// New-TestLab / Remove-TestLab: a lab of its own for the tests of a runbook. New-TestLab opens a
// second engine on a fresh data folder (inside $TestDrive when a Pester run is on, so it goes away
// with the tests), builds a preset lab there and makes it the engine every domain cmdlet uses;
// Remove-TestLab closes it and gives back the engine (and the real lab) that was in use before.
// Written for `BeforeAll { New-TestLab }` / `AfterAll { Remove-TestLab }` in a Describe.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { PSException } from '../runtime/error-record.ts';
import type { Engine } from '../engine/engine.ts';
import { installScriptBlockHooks } from './script-block-hook.ts';
import { labObject } from './lab.ts';

interface OpenTestLab {
  engine: Engine;
  home: string;
  /** The folder was made here, so Remove-TestLab deletes it. */
  ownsHome: boolean;
  previous: { engine: unknown; opening: unknown };
}

function stackOf(services: Record<string, unknown>): OpenTestLab[] {
  return (services.testLabs ??= []) as OpenTestLab[];
}

export const newTestLabCmdlet: CmdletDef = {
  name: 'New-TestLab',
  parameters: [
    { name: 'Preset', type: 'string', position: 0, defaultValue: 'Demo', help: "The lab to build; 'Demo' (the default)." },
    { name: 'DiskScale', type: 'double', defaultValue: 0.125, help: 'Multiplies every disk size; the default 0.125 keeps test labs quick.' },
    { name: 'Seed', type: 'int', help: 'Seed for the guest data written into the disks.' },
    { name: 'Path', type: 'string', help: 'The data folder to use (default: a new folder in $TestDrive, else in the temp folder).' },
    { name: 'Empty', type: 'switch', help: 'Only the data folder, no lab: for runbooks that build their own with New-Lab.' },
  ],
  help: {
    synopsis: "Builds a lab in a fresh data folder and points the domain cmdlets at it, until Remove-TestLab: tests never touch the real lab.",
    examples: [{ code: "Describe 'Nightly' { BeforeAll { New-TestLab }; AfterAll { Remove-TestLab }; It 'runs' { (Start-Job -Name Nightly).Result | Should -Be Success } }", needs: 'engine' }],
  },
  outputType: 'Vbrs.Lab',
  supportsShouldProcess: true,
  create(params, ctx) {
    return {
      async end() {
        if (!(await ctx.shouldProcess(String(params.Path ?? 'a new data folder'), 'New-TestLab'))) return;
        const services = ctx.services as Record<string, unknown>;
        const given = params.Path !== undefined && params.Path !== null;
        const drive = ctx.getVariable('TestDrive');
        const parent = typeof drive === 'string' && drive !== '' ? drive : tmpdir();
        const home = given ? resolve(ctx.cwd, String(params.Path)) : mkdtempSync(join(parent, 'vbrs-testlab-'));
        mkdirSync(home, { recursive: true });
        const { Engine } = await import('../engine/engine.ts');
        const engine = Engine.open({ home });
        installScriptBlockHooks(engine, services);
        stackOf(services).push({ engine, home, ownsHome: !given, previous: { engine: services.engine, opening: services.engineOpening } });
        services.engine = engine;
        services.engineOpening = Promise.resolve(engine);
        if (params.Empty === true) {
          await ctx.emit({ Name: 'Empty', Home: home });
          return;
        }
        const opts: { Preset: string; Force: boolean; DiskScale: number; Seed?: number } = { Preset: String(params.Preset ?? 'Demo'), Force: true, DiskScale: Number(params.DiskScale ?? 0.125) };
        if (params.Seed !== undefined) opts.Seed = Number(params.Seed);
        const lab = labObject(await engine.lab.createAsync(opts, { signal: ctx.signal }));
        lab.Home = home;
        await ctx.emit(lab);
      },
    };
  },
};

export const removeTestLabCmdlet: CmdletDef = {
  name: 'Remove-TestLab',
  parameters: [],
  supportsShouldProcess: true,
  help: { synopsis: 'Closes the lab New-TestLab made, deletes its folder, and gives back the engine in use before it.', examples: [{ code: 'Remove-TestLab', needs: 'engine' }] },
  create(_params, ctx) {
    return {
      async end() {
        const services = ctx.services as Record<string, unknown>;
        const stack = stackOf(services);
        const top = stack[stack.length - 1];
        if (top && !(await ctx.shouldProcess(top.home, 'Remove-TestLab'))) return;
        const open = stack.pop();
        if (!open) throw new PSException('There is no test lab to remove: New-TestLab was not run, or its lab was removed already.', 'System.InvalidOperationException');
        await open.engine.close();
        if (open.previous.engine) services.engine = open.previous.engine;
        else delete services.engine;
        if (open.previous.opening) services.engineOpening = open.previous.opening;
        else delete services.engineOpening;
        if (open.ownsHome) rmSync(open.home, { recursive: true, force: true });
      },
    };
  },
};
