// Get-/Add-/Set-/Remove-Credential: named guest credentials (`-Credential name` elsewhere refers to
// them). Secrets are kept by the engine and never shown: objects carry User, HasPassword, KeyFile.
import { resolve } from 'node:path';
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { Credential } from '../engine/infra/credentials.ts';
import { domainCmdlet, passThru, given, lookup, nameFilter, nameParam } from './domain-cmdlet.ts';
import { shellObject } from './shell-object.ts';

export function credentialObject(c: Credential): Record<string, unknown> {
  return shellObject('Vbrs.Credential', c);
}

export const getCredentialCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-Credential',
  parameters: [nameFilter('credential', 'credential')],
  help: { synopsis: 'Lists stored guest credentials (without their secrets).', examples: [{ code: 'Get-Credential', needs: 'engine' }] },
  outputType: 'Vbrs.Credential',
  async process(p, ctx, engine) {
    for (const c of lookup(p.Name, (n) => engine.credentials.get(n), (pat) => engine.credentials.list(pat))) await ctx.emit(credentialObject(c));
  },
});

export const addCredentialCmdlet: CmdletDef = domainCmdlet({
  name: 'Add-Credential',
  parameters: [
    nameParam('credential', { completion: 'credential' }),
    { name: 'User', type: 'string', mandatory: true, help: 'User name in the guest (DOMAIN\\user for Windows).' },
    { name: 'Password', type: 'string', help: 'Password.' },
    { name: 'KeyFile', type: 'string', help: 'SSH private key file (Linux); relative to the current location.' },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Stores a named credential for guest processing.',
    examples: [{ code: 'Add-Credential -Name root -User root -Password s3cret', needs: 'engine' }],
  },
  outputType: 'Vbrs.Credential',
  async process(p, ctx, engine) {
    const name = String(p.Name);
    if (!(await ctx.shouldProcess(name, 'Add-Credential'))) return;
    const c = engine.credentials.add({
      Name: name,
      User: String(p.User),
      ...(given(p, 'Password') ? { Password: String(p.Password) } : {}),
      ...(given(p, 'KeyFile') ? { KeyFile: resolve(ctx.cwd, String(p.KeyFile)) } : {}),
    });
    await ctx.emit(credentialObject(c));
  },
});

export const setCredentialCmdlet: CmdletDef = domainCmdlet({
  name: 'Set-Credential',
  parameters: [nameParam('credential', { completion: 'credential' }), { name: 'User', type: 'string', help: 'New user name.' }, { name: 'Password', type: 'string', help: "New password; '' clears it." }, { name: 'KeyFile', type: 'string', help: "New SSH key file; '' clears it." }, passThru],
  supportsShouldProcess: true,
  help: { synopsis: "Changes a credential's user, password or key file.", examples: [{ code: 'Set-Credential -Name root -Password n3w', needs: 'engine' }] },
  outputType: 'Vbrs.Credential',
  async process(p, ctx, engine) {
    const c = engine.credentials.get(String(p.Name));
    if (!(await ctx.shouldProcess(c.Name, 'Set-Credential'))) return;
    const next = engine.credentials.set(c.Name, {
      ...(given(p, 'User') ? { User: String(p.User) } : {}),
      ...(given(p, 'Password') ? { Password: p.Password === '' ? null : String(p.Password) } : {}),
      ...(given(p, 'KeyFile') ? { KeyFile: p.KeyFile === '' ? null : resolve(ctx.cwd, String(p.KeyFile)) } : {}),
    });
    if (p.PassThru) await ctx.emit(credentialObject(next));
  },
});

export const removeCredentialCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-Credential',
  parameters: [nameParam('credential', { completion: 'credential' })],
  supportsShouldProcess: true,
  help: { synopsis: 'Removes a stored credential.', examples: [{ code: 'Remove-Credential -Name root', needs: 'engine' }] },
  async process(p, ctx, engine) {
    const c = engine.credentials.get(String(p.Name));
    if (!(await ctx.shouldProcess(c.Name, 'Remove-Credential'))) return;
    engine.credentials.remove(c.Name);
  },
});

export const credentialCmdlets: CmdletDef[] = [getCredentialCmdlet, addCredentialCmdlet, setCredentialCmdlet, removeCredentialCmdlet];
