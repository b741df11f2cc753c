// The domain cmdlets: the shell's commands over the backup engine (lab, infrastructure, jobs,
// sessions, restore points, restore, health check) plus Get-FileHash and Compare-DiskImage for
// verifying restores.
// `domainCmdlets` is what a Shell registers next to the generic and core cmdlets; importing this
// module also registers the default table views of the domain objects.
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { labCmdlets } from './lab.ts';
import { hostCmdlets } from './host.ts';
import { datastoreCmdlets } from './datastore.ts';
import { vmCmdlets } from './vm.ts';
import { proxyCmdlets } from './proxy.ts';
import { repositoryCmdlets } from './repository.ts';
import { credentialCmdlets } from './credential.ts';
import { throttlingRuleCmdlets } from './throttling-rule.ts';
import { storageArrayCmdlets } from './storage-array.ts';
import { workloadCmdlets } from './workload.ts';
import { jobCmdlets } from './job.ts';
import { guestProcessingCmdlets } from './guest-processing.ts';
import { storageOptionCmdlets } from './storage-option.ts';
import { jobRunCmdlets } from './job-run.ts';
import { jobScheduleCmdlets } from './job-schedule.ts';
import { setJobNotificationCmdlet } from './job-notification.ts';
import { sessionCmdlets } from './session.ts';
import { restorePointCmdlets } from './restore-point.ts';
import { restoreCmdlets } from './restore.ts';
import { healthCheckCmdlets } from './health-check.ts';
import { getFileHashCmdlet } from './file-hash.ts';
import { compareDiskImageCmdlet } from './compare-disk-image.ts';
import { newTestLabCmdlet, removeTestLabCmdlet } from './test-lab.ts';
import { registerDomainViews } from './domain-views.ts';
import { registerDomainPropertyTypes } from './domain-property-types.ts';

registerDomainViews();
registerDomainPropertyTypes();

export const domainCmdlets: CmdletDef[] = [
  ...labCmdlets,
  newTestLabCmdlet,
  removeTestLabCmdlet,
  ...hostCmdlets,
  ...datastoreCmdlets,
  ...vmCmdlets,
  ...proxyCmdlets,
  ...repositoryCmdlets,
  ...credentialCmdlets,
  ...throttlingRuleCmdlets,
  ...storageArrayCmdlets,
  ...workloadCmdlets,
  ...jobCmdlets,
  ...guestProcessingCmdlets,
  ...storageOptionCmdlets,
  ...jobRunCmdlets,
  ...jobScheduleCmdlets,
  setJobNotificationCmdlet,
  ...sessionCmdlets,
  ...restorePointCmdlets,
  ...restoreCmdlets,
  ...healthCheckCmdlets,
  getFileHashCmdlet,
  compareDiskImageCmdlet,
];

export { engineFor } from './engine-service.ts';
export { SessionObject, TaskSessionObject } from './session-object.ts';
