// PowerShell's ProgressRecord: what Write-Progress (and a domain cmdlet reporting engine work) hands
// to the host. The host draws the records it holds (a bar on a terminal's stderr, a line in the
// REPL's live panel) and drops one when a Completed record with its id arrives. Progress is not a
// numbered stream: it cannot be redirected, never enters the pipeline or a transcript.

export type ProgressRecordType = 'Processing' | 'Completed';

export interface ProgressRecord {
  /** The activity's id; a later record with the same id replaces it. */
  ActivityId: number;
  /** -1, or the id of the activity this one is a step of (drawn under it). */
  ParentActivityId: number;
  Activity: string;
  StatusDescription: string;
  CurrentOperation: string | null;
  /** 0..100, or -1 when unknown. */
  PercentComplete: number;
  /** -1 when unknown. */
  SecondsRemaining: number;
  RecordType: ProgressRecordType;
}

/** A record with PowerShell's defaults for what is not given. */
export function progressRecord(fields: Partial<ProgressRecord> & { Activity: string }): ProgressRecord {
  return {
    ActivityId: 0,
    ParentActivityId: -1,
    StatusDescription: 'Processing',
    CurrentOperation: null,
    PercentComplete: -1,
    SecondsRemaining: -1,
    RecordType: 'Processing',
    ...fields,
  };
}
