// Get-/Add-/Set-/Remove-Proxy: backup proxies, with their task slots and the transport modes they
// can use (Direct SAN through -SanAccess, HotAdd through -Host, NBD always).
import type { CmdletDef, ParameterDef } from '../runtime/cmdlet.ts';
import type { BackupProxy, SetProxyOptions } from '../engine/infra/proxies.ts';
import { domainCmdlet, passThru, given, lookup, nameFilter, nameParam } from './domain-cmdlet.ts';
import { shellObject } from './shell-object.ts';

const MODES = ['Auto', 'DirectSAN', 'HotAdd', 'NBD'];

export function proxyObject(p: BackupProxy): Record<string, unknown> {
  return shellObject('Vbrs.Proxy', p);
}

function mode(v: unknown): BackupProxy['TransportMode'] {
  return MODES.find((m) => m.toLowerCase() === String(v).toLowerCase()) as BackupProxy['TransportMode'];
}

function names(v: unknown): string[] {
  return (Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]).map(String);
}

const settings: ParameterDef[] = [
  { name: 'MaxTasks', type: 'int', help: 'Concurrent tasks (one VM disk each); default 4.' },
  { name: 'TransportMode', type: 'string', validateSet: MODES, help: 'Auto (best available: DirectSAN, HotAdd, NBD) or one mode; default Auto.' },
  { name: 'Host', type: 'string', completion: 'host', help: 'The host a proxy VM runs on (enables HotAdd for datastores that host sees).' },
  { name: 'SanAccess', type: 'string[]', help: 'Arrays the proxy reaches over the SAN (Direct SAN, storage snapshots). @() clears it.' },
  { name: 'FailoverToNetwork', type: 'switch', help: 'Fall back to NBD when the chosen mode is not available.' },
];

export const getProxyCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-Proxy',
  parameters: [nameFilter('proxy', 'proxy')],
  help: { synopsis: 'Lists backup proxies.', examples: [{ code: 'Get-Proxy', needs: 'engine' }] },
  outputType: 'Vbrs.Proxy',
  async process(p, ctx, engine) {
    for (const x of lookup(p.Name, (n) => engine.proxies.get(n), (pat) => engine.proxies.list(pat))) await ctx.emit(proxyObject(x));
  },
});

export const addProxyCmdlet: CmdletDef = domainCmdlet({
  name: 'Add-Proxy',
  parameters: [nameParam('proxy', { completion: 'proxy' }), ...settings],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Adds a backup proxy.',
    description: 'Defaults: -MaxTasks 4 -TransportMode Auto.',
    examples: [
      { code: 'Add-Proxy -Name px01 -SanAccess fas01 -FailoverToNetwork', needs: 'engine' },
      { code: 'Add-Proxy -Name px02 -Host esx02 -MaxTasks 2', remarks: 'A HotAdd proxy VM on esx02.', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.Proxy',
  async process(p, ctx, engine) {
    const name = String(p.Name);
    if (!(await ctx.shouldProcess(name, 'Add-Proxy'))) return;
    await ctx.emit(proxyObject(engine.proxies.add({ Name: name, ...changes(p) })));
  },
});

function changes(p: Record<string, unknown>): SetProxyOptions {
  const c: SetProxyOptions = {};
  if (given(p, 'MaxTasks')) c.MaxTasks = Number(p.MaxTasks);
  if (given(p, 'TransportMode')) c.TransportMode = mode(p.TransportMode);
  if (given(p, 'Host')) c.Host = p.Host === '' ? null : String(p.Host);
  if (given(p, 'SanAccess')) c.SanAccess = names(p.SanAccess);
  if (given(p, 'FailoverToNetwork')) c.FailoverToNetwork = p.FailoverToNetwork === true;
  return c;
}

export const setProxyCmdlet: CmdletDef = domainCmdlet({
  name: 'Set-Proxy',
  parameters: [nameParam('proxy', { completion: 'proxy' }), ...settings, passThru],
  supportsShouldProcess: true,
  help: {
    synopsis: "Changes a proxy's task slots, transport mode, host or SAN access.",
    examples: [{ code: 'Set-Proxy -Name px01 -SanAccess @()', remarks: 'Clears SAN access (a fault drill).', needs: 'engine' }],
  },
  outputType: 'Vbrs.Proxy',
  async process(p, ctx, engine) {
    const x = engine.proxies.get(String(p.Name));
    if (!(await ctx.shouldProcess(x.Name, 'Set-Proxy'))) return;
    const next = engine.proxies.set(x.Name, changes(p));
    if (p.PassThru) await ctx.emit(proxyObject(next));
  },
});

export const removeProxyCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-Proxy',
  parameters: [nameParam('proxy', { completion: 'proxy' })],
  supportsShouldProcess: true,
  help: { synopsis: 'Removes a backup proxy.', examples: [{ code: 'Remove-Proxy -Name px01', needs: 'engine' }] },
  async process(p, ctx, engine) {
    const x = engine.proxies.get(String(p.Name));
    if (!(await ctx.shouldProcess(x.Name, 'Remove-Proxy'))) return;
    engine.proxies.remove(x.Name);
  },
});

export const proxyCmdlets: CmdletDef[] = [getProxyCmdlet, addProxyCmdlet, setProxyCmdlet, removeProxyCmdlet];
