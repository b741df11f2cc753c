// Missing mandatory parameters: an interactive host is asked for each value the way PowerShell
// asks ("Supply values for the following parameters:"); without one, the binding error stands.
import type { CmdletHost, ParameterDef } from '../cmdlet.ts';
import { coerceParameter, missingMandatoryError } from '../binder.ts';

export async function fillMandatory(host: CmdletHost, write: (text: string) => unknown, command: string, params: ParameterDef[], missing: string[], bound: Record<string, unknown>): Promise<void> {
  if (missing.length === 0) return;
  if (!host.interactive) throw missingMandatoryError(missing);
  await write(`cmdlet ${command} at command pipeline position 1\nSupply values for the following parameters:`);
  for (const name of missing) {
    const p = params.find((x) => x.name === name)!;
    const line = await host.readLine(`${name}: `);
    if (line === null) throw missingMandatoryError(missing);
    bound[name] = coerceParameter(p, p.type.endsWith('[]') ? line.split(',').map((s) => s.trim()) : line);
  }
}
