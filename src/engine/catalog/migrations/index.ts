// The ordered list of catalog schema steps. Append new steps at the end with the next version.

import type { Migration } from './migration.ts';
import { m001Infrastructure } from './m001-infrastructure.ts';
import { m002DiskAllocation } from './m002-disk-allocation.ts';
import { m003DiskDatastore } from './m003-disk-datastore.ts';
import { m004JobTables } from './m004-job-tables.ts';
import { m005Schedules } from './m005-schedules.ts';
import { m006JobNotifications } from './m006-job-notifications.ts';
import { m007RecoveryNotifications } from './m007-recovery-notifications.ts';

export type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [m001Infrastructure, m002DiskAllocation, m003DiskDatastore, m004JobTables, m005Schedules, m006JobNotifications, m007RecoveryNotifications];
