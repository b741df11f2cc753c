// Lab presets: a ready modelled infrastructure (hosts, arrays, datastores, VMs with realistic disk
// content, proxies, a repository) built in one call for demos, tests and runbooks; `createAsync`
// reports progress as `lab-started` / `lab-progress` / `lab-completed` / `lab-failed` events.

export { Labs, labPresetNames } from './labs.ts';
export type { CreateLabRun, Lab, LabParts, NewLabOptions } from './labs.ts';
export type { LabStageStep } from './stage-lab-disks.ts';
export { DEMO_PRESET } from './demo-preset.ts';
export type { LabPreset, LabVmSpec } from './demo-preset.ts';
