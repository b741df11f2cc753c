// The embedding API: create a Shell, run text or files, subscribe to its events; the cmdlet
// contract and value types for code that adds commands.
export { Shell, createShell, cliArgs } from './runtime/shell.ts';
export type { ShellOptions, RunResult } from './runtime/shell.ts';
export type { CmdletDef, CmdletContext, CmdletInstance, CmdletHost, ParameterDef, ScriptInvoker, BoundParameters, HelpExample } from './runtime/cmdlet.ts';
export { StopUpstreamSignal, TerminatingError } from './runtime/cmdlet.ts';
export { ErrorRecord, PSException } from './runtime/error-record.ts';
export { ScriptBlockValue } from './runtime/script-block.ts';
export { PSObject } from './runtime/values/ps-object.ts';
export { PSHashtable } from './runtime/values/hashtable.ts';
