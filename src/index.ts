// The embedding API: create a Shell, run text or files, subscribe to its events; the cmdlet
// contract and value types for code that adds commands; the Engine for tools that drive backups
// without the language.
import { createShell as createBareShell, type Shell, type ShellOptions } from './runtime/shell.ts';
import { domainCmdlets } from './cmdlets/index.ts';

/** A shell with every vbrs cmdlet, the generic ones and the backup ones (the engine opens on first
 *  use, from `$VBRS_HOME`); `options.cmdlets` adds more. */
export function createShell(options: ShellOptions = {}): Shell {
  return createBareShell({ ...options, cmdlets: [...domainCmdlets, ...(options.cmdlets ?? [])] });
}

export { Shell, cliArgs } from './runtime/shell.ts';
export { createBareShell };
export { Engine } from './engine/engine.ts';
export { EngineError } from './engine/engine-error.ts';
export type { ShellOptions, RunResult } from './runtime/shell.ts';
export type { CmdletDef, CmdletContext, CmdletInstance, CmdletHost, HostPaging, MoreAnswer, ParameterDef, ScriptInvoker, BoundParameters, HelpExample } from './runtime/cmdlet.ts';
export { StopUpstreamSignal, TerminatingError } from './runtime/cmdlet.ts';
export { ErrorRecord, PSException } from './runtime/error-record.ts';
export { ScriptBlockValue } from './runtime/script-block.ts';
export { PSObject } from './runtime/values/ps-object.ts';
export { PSHashtable } from './runtime/values/hashtable.ts';
