// The shape every domain cmdlet shares, so each noun file only says what is particular to it:
// the engine is opened lazily, each pipeline item (or the single run when the cmdlet is first in
// its pipeline) goes to `process`, and whatever the engine throws becomes a non-terminating error
// record (so `-ErrorAction Stop`, `$Error` and `try/catch` behave as for any PowerShell cmdlet).
import type { BoundParameters, CmdletContext, CmdletDef, CmdletHelp, ParameterDef } from '../runtime/cmdlet.ts';
import { TerminatingError } from '../runtime/error-record.ts';
import type { Engine } from '../engine/engine.ts';
import type { CompletionKind } from '../runtime/completion-kind.ts';
import { engineFor } from './engine-service.ts';
import { engineErrorRecord } from './engine-error-record.ts';
import { hasWildcard } from '../engine/infra/wildcard.ts';

export interface DomainCmdletSpec {
  name: string;
  aliases?: string[];
  parameters: ParameterDef[];
  help: CmdletHelp;
  supportsShouldProcess?: boolean;
  defaultParameterSet?: string;
  outputType?: string;
  /** One call per pipeline item; `input` is undefined when the cmdlet runs without input. */
  process(p: BoundParameters, ctx: CmdletContext, engine: Engine, input: unknown): Promise<void> | void;
}

export function domainCmdlet(spec: DomainCmdletSpec): CmdletDef {
  const { process, ...def } = spec;
  return {
    ...def,
    create(params, ctx) {
      // What the next stages throw back through `emit` (a `Select-Object -First 1` stopping us, a
      // `throw` in a ForEach-Object block) is theirs, not this cmdlet's error: let it pass untouched.
      // So is what they throw back through a stream redirected into the pipeline (`4>&1`).
      const downstream = new WeakSet<object>();
      const passing = <A extends unknown[]>(write: (...args: A) => void | Promise<void>) => ({
        value: async (...args: A) => {
          try {
            await write(...args);
          } catch (e) {
            if (typeof e === 'object' && e !== null) downstream.add(e);
            throw e;
          }
        },
      });
      const own: CmdletContext = Object.create(ctx, {
        emit: passing((value: unknown) => ctx.emit(value)),
        writeVerbose: passing((m: string) => ctx.writeVerbose(m)),
      });
      return {
        async process(input) {
          try {
            await process(params, own, await engineFor(ctx), input);
          } catch (e) {
            if (e instanceof TerminatingError || (typeof e === 'object' && e !== null && downstream.has(e))) throw e;
            await ctx.writeError(engineErrorRecord(e, spec.name));
          }
        },
      };
    },
  };
}

/** `-Name` as Get-X takes it: optional, positional, wildcards allowed; Tab completes the names
 *  of `completion`. */
export function nameFilter(noun: string, completion?: CompletionKind): ParameterDef {
  return {
    name: 'Name', type: 'string[]', position: 0, valueFromPipelineByPropertyName: true, ...(completion ? { completion } : {}),
    help: `Name(s) of the ${noun}; wildcards (*, ?) are allowed. Omit it to list them all.`,
  };
}

/** `-Name` as Add-/Set-/Remove-X take it: mandatory, positional. */
export function nameParam(noun: string, extra: Partial<ParameterDef> = {}): ParameterDef {
  return { name: 'Name', type: 'string', mandatory: true, position: 0, valueFromPipelineByPropertyName: true, help: `Name of the ${noun}.`, ...extra };
}

/** Get-X: each exact name's object (an error when one is missing), or every match of a wildcard
 *  pattern; everything when no name is given. */
export function lookup<T>(name: unknown, get: (n: string) => T, list: (pattern?: string) => T[]): T[] {
  const names = (Array.isArray(name) ? name : name === undefined || name === null ? [] : [name]).map(String).filter((n) => n !== '');
  if (names.length === 0) return list();
  return names.flatMap((n) => (hasWildcard(n) ? list(n) : [get(n)]));
}

/** `-PassThru` on Set-/Enable-/Connect-… cmdlets, which otherwise return nothing. */
export const passThru: ParameterDef = { name: 'PassThru', type: 'switch', help: 'Return the changed object.' };

/** Whether a parameter was given (switches count when present, even as `-X:$false`). */
export function given(p: BoundParameters, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(p, name) && p[name] !== undefined;
}
