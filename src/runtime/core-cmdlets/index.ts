// The cmdlets that need interpreter internals, registered by every Shell next to runtime-values'
// generic cmdlets and the engine's domain cmdlets.
import { powershellCmdlets, type CmdletDef } from '../cmdlet.ts';
import { writeOutputCmdlet } from './write-output.ts';
import { writeHostCmdlet } from './write-host.ts';
import { writeErrorCmdlet } from './write-error.ts';
import { writeWarningCmdlet, writeVerboseCmdlet, writeDebugCmdlet, writeInformationCmdlet } from './write-stream.ts';
import { getVariableCmdlet, setVariableCmdlet, newVariableCmdlet, removeVariableCmdlet, clearVariableCmdlet } from './variable-cmdlets.ts';
import { invokeExpressionCmdlet } from './invoke-expression.ts';
import { getCommandCmdlet } from './get-command.ts';
import { getAliasCmdlet, setAliasCmdlet } from './alias-cmdlets.ts';
import { getHelpCmdlet } from './get-help.ts';
import { importModuleCmdlet, exportModuleMemberCmdlet, getModuleCmdlet } from './import-module.ts';
import { readHostCmdlet } from './read-host.ts';
import { foreachObjectCmdlet } from './foreach-object.ts';
import { whereObjectCmdlet } from './where-object.ts';
import { invokeCommandCmdlet } from './invoke-command.ts';
import { setStrictModeCmdlet } from './set-strict-mode.ts';
import { measureCommandCmdlet } from './measure-command.ts';
import { invokeRestMethodCmdlet } from './invoke-rest-method.ts';
import { invokeWebRequestCmdlet } from './invoke-web-request.ts';
import { pesterCmdlets } from '../pester/index.ts';
import { writeProgressCmdlet } from './write-progress.ts';
import { startTranscriptCmdlet, stopTranscriptCmdlet } from './transcript-cmdlets.ts';

export const coreCmdlets: CmdletDef[] = [
  writeOutputCmdlet,
  writeHostCmdlet,
  writeErrorCmdlet,
  writeWarningCmdlet,
  writeVerboseCmdlet,
  writeDebugCmdlet,
  writeInformationCmdlet,
  writeProgressCmdlet,
  startTranscriptCmdlet,
  stopTranscriptCmdlet,
  getVariableCmdlet,
  setVariableCmdlet,
  newVariableCmdlet,
  removeVariableCmdlet,
  clearVariableCmdlet,
  invokeExpressionCmdlet,
  getCommandCmdlet,
  getAliasCmdlet,
  setAliasCmdlet,
  getHelpCmdlet,
  importModuleCmdlet,
  exportModuleMemberCmdlet,
  getModuleCmdlet,
  readHostCmdlet,
  foreachObjectCmdlet,
  whereObjectCmdlet,
  invokeCommandCmdlet,
  setStrictModeCmdlet,
  measureCommandCmdlet,
  invokeRestMethodCmdlet,
  invokeWebRequestCmdlet,
  // Pester's commands: counted as PowerShell's own so `Should` sees [double] and [int] as written.
  ...pesterCmdlets,
];
for (const c of coreCmdlets) powershellCmdlets.add(c);
