// `$PSVersionTable.PSVersion`: a semantic version scripts compare by part
// (`$PSVersionTable.PSVersion.Major -ge 7`) and print as `7.4.0`.

import { registerView } from '../format/view-registry.ts';

export class VersionValue {
  readonly Major: number;
  readonly Minor: number;
  readonly Patch: number;
  readonly psTypeName = 'System.Management.Automation.SemanticVersion';

  constructor(major: number, minor: number, patch: number) {
    this.Major = major;
    this.Minor = minor;
    this.Patch = patch;
  }

  get Build(): number {
    return this.Patch;
  }

  toString(): string {
    return `${this.Major}.${this.Minor}.${this.Patch}`;
  }
}

registerView('System.Management.Automation.SemanticVersion', {
  kind: 'table',
  properties: [
    { name: 'Major', width: 6, align: 'left' },
    { name: 'Minor', width: 6, align: 'left' },
    { name: 'Patch', width: 6, align: 'left' },
    { name: 'PreReleaseLabel', width: 15, value: () => '' },
    { name: 'BuildLabel', value: () => '' },
  ],
});
