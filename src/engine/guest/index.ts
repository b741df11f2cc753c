// Guest processing: how the backup server reaches a VM's guest OS (network, VIX, SSH), quiesces
// its applications around the VM snapshot, and runs the pre-freeze / post-thaw hooks (script
// files as child processes, or callbacks the shell layer builds from script blocks).

export type { GuestOS, GuestHook, HookVars, HookOutput, HookResult } from './guest-hook.ts';
export { hookName, scriptTextLabel } from './guest-hook.ts';
export { scriptCommand, type ScriptCommand } from './script-command.ts';
export { runHook, type RunHookOptions } from './run-hook.ts';
export { killGroup } from './kill-group.ts';
export { selectGuestChannel, type GuestChannel, type GuestTarget, type ChannelChoice } from './guest-channel.ts';
export {
  GuestProcessor,
  defaultGuestProcessing,
  type GuestProcessingSettings,
  type GuestLog,
  type GuestLogSeverity,
  type FreezeOutcome,
  type ThawOutcome,
} from './guest-processor.ts';
