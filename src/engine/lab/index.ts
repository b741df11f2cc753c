// Lab presets: a ready modelled infrastructure (hosts, arrays, datastores, VMs with realistic disk
// content, proxies, a repository) built in one call for demos, tests and runbooks.

export { Labs } from './labs.ts';
export type { Lab, LabParts, NewLabOptions } from './labs.ts';
export { DEMO_PRESET } from './demo-preset.ts';
export type { LabPreset, LabVmSpec } from './demo-preset.ts';
