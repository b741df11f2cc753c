// Why a running session is being stopped. Stop-Job and the engine's own shutdown stop a session the
// same way (abort its signal), but the session and task logs must say which of the two it was, so
// the cause rides on the abort reason and every part that reports a stop reads it from there.

import { EngineError } from '../engine-error.ts';

export interface StopCause {
  /** Session log line written when the stop is requested. */
  request: string;
  /** Task log line (and cancellation message) for work cut short. */
  stopped: string;
  /** Opening of the session's closing line about the stop. */
  summary: string;
}

export const stopByUser: StopCause = {
  request: 'Stop requested by the user',
  stopped: 'Stopped by the user',
  summary: 'Job was stopped by the user',
};

export const stopByEngineClose: StopCause = {
  request: 'Stop requested: the engine is closing',
  stopped: 'Stopped: the engine was closed',
  summary: 'Job was stopped because the engine was closed',
};

/** A backup window closed while the job ran (the service's scheduler stops it, as Veeam does). */
export const stopByBackupWindow: StopCause = {
  request: 'Stop requested: the backup window ended',
  stopped: 'Stopped: the backup window ended',
  summary: 'Job was stopped because its backup window ended',
};

/** The abort reason a session's controller is aborted with. */
export class SessionStop extends EngineError {
  readonly stop: StopCause;

  constructor(cause: StopCause) {
    super('VBRS_CANCELLED', cause.stopped);
    this.stop = cause;
  }
}

/** The cause an aborted signal carries; a bare abort() counts as the user's. */
export function stopCause(signal: AbortSignal): StopCause {
  return signal.reason instanceof SessionStop ? signal.reason.stop : stopByUser;
}

/** The error to throw when work notices its session was stopped. */
export function stoppedError(signal: AbortSignal): EngineError {
  return new EngineError('VBRS_CANCELLED', stopCause(signal).stopped);
}

/** The stop as the tail of a sentence: "stopped by the user", "stopped: the engine was closed". */
export function stoppedPhrase(signal: AbortSignal): string {
  const s = stopCause(signal).stopped;
  return s.charAt(0).toLowerCase() + s.slice(1);
}
