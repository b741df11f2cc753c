// Crash recovery: putting right what a killed vbrs process left in a data folder — abandoned
// sessions, open VM snapshots, unfinished restore points. The Engine runs recoverDataFolder when it
// opens a data folder; a long-running service may call it again; backups sweep their own chains.
// Sessions it closes are posted to their job's webhook once (postRecoveredSessions).

export { recoverDataFolder } from './crash-recovery.ts';
export type { RecoveredSnapshot, RecoveryParts, RecoveryReport } from './crash-recovery.ts';
export { postRecoveredSessions } from './recovery-notifications.ts';
export type { RecoveryNotificationParts } from './recovery-notifications.ts';
