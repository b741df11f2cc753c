// Get-/Add-/Set-/Remove-ThrottlingRule: bandwidth limits (bytes per second) between a source
// (proxy, host, array) and a target (repository), shared by every task on that path.
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { ThrottlingRule } from '../engine/infra/throttling-rules.ts';
import { domainCmdlet, passThru, given, lookup, nameFilter, nameParam } from './domain-cmdlet.ts';
import { shellObject } from './shell-object.ts';

export function throttlingRuleObject(r: ThrottlingRule): Record<string, unknown> {
  return shellObject('Vbrs.ThrottlingRule', r);
}

export const getThrottlingRuleCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-ThrottlingRule',
  parameters: [nameFilter('throttling rule')],
  help: { synopsis: 'Lists throttling rules (Limit in bytes per second).', examples: [{ code: 'Get-ThrottlingRule', needs: 'engine' }] },
  outputType: 'Vbrs.ThrottlingRule',
  async process(p, ctx, engine) {
    for (const r of lookup(p.Name, (n) => engine.throttling.get(n), (pat) => engine.throttling.list(pat))) await ctx.emit(throttlingRuleObject(r));
  },
});

export const addThrottlingRuleCmdlet: CmdletDef = domainCmdlet({
  name: 'Add-ThrottlingRule',
  parameters: [
    { name: 'Source', type: 'string', completion: 'proxy', mandatory: true, help: 'A proxy, host or array name.' },
    { name: 'Target', type: 'string', completion: 'repository', mandatory: true, help: 'A repository name.' },
    { name: 'Limit', type: 'double', mandatory: true, help: 'Bytes per second (200MB).' },
    { name: 'Name', type: 'string', help: "Rule name; defaults to 'Source-Target'." },
  ],
  supportsShouldProcess: true,
  help: {
    synopsis: 'Limits the bandwidth from a source to a target.',
    examples: [{ code: 'Add-ThrottlingRule -Source px01 -Target repo01 -Limit 200MB', needs: 'engine' }],
  },
  outputType: 'Vbrs.ThrottlingRule',
  async process(p, ctx, engine) {
    const target = `${String(p.Source)} -> ${String(p.Target)}`;
    if (!(await ctx.shouldProcess(target, 'Add-ThrottlingRule'))) return;
    const r = engine.throttling.add({ Source: String(p.Source), Target: String(p.Target), Limit: Number(p.Limit), ...(given(p, 'Name') ? { Name: String(p.Name) } : {}) });
    await ctx.emit(throttlingRuleObject(r));
  },
});

export const setThrottlingRuleCmdlet: CmdletDef = domainCmdlet({
  name: 'Set-ThrottlingRule',
  parameters: [nameParam('throttling rule'), { name: 'Limit', type: 'double', help: 'Bytes per second.' }, { name: 'Source', type: 'string', completion: 'proxy', help: 'A proxy, host or array name.' }, { name: 'Target', type: 'string', completion: 'repository', help: 'A repository name.' }, passThru],
  supportsShouldProcess: true,
  help: { synopsis: 'Changes a throttling rule.', examples: [{ code: "Set-ThrottlingRule -Name 'px01-repo01' -Limit 50MB", needs: 'engine' }] },
  outputType: 'Vbrs.ThrottlingRule',
  async process(p, ctx, engine) {
    const r = engine.throttling.get(String(p.Name));
    if (!(await ctx.shouldProcess(r.Name, 'Set-ThrottlingRule'))) return;
    const next = engine.throttling.set(r.Name, {
      ...(given(p, 'Limit') ? { Limit: Number(p.Limit) } : {}),
      ...(given(p, 'Source') ? { Source: String(p.Source) } : {}),
      ...(given(p, 'Target') ? { Target: String(p.Target) } : {}),
    });
    if (p.PassThru) await ctx.emit(throttlingRuleObject(next));
  },
});

export const removeThrottlingRuleCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-ThrottlingRule',
  parameters: [nameParam('throttling rule')],
  supportsShouldProcess: true,
  help: { synopsis: 'Removes a throttling rule.', examples: [{ code: "Remove-ThrottlingRule -Name 'px01-repo01'", needs: 'engine' }] },
  async process(p, ctx, engine) {
    const r = engine.throttling.get(String(p.Name));
    if (!(await ctx.shouldProcess(r.Name, 'Remove-ThrottlingRule'))) return;
    engine.throttling.remove(r.Name);
  },
});

export const throttlingRuleCmdlets: CmdletDef[] = [getThrottlingRuleCmdlet, addThrottlingRuleCmdlet, setThrottlingRuleCmdlet, removeThrottlingRuleCmdlet];
