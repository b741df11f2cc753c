// Ctrl+C while a domain cmdlet waits on the engine (Start-Job without -RunAsync, Wait-Session):
// the shell aborts the cmdlet's signal (the CLI turns SIGINT into `shell.stop()`), and this calls
// `onInterrupt`, so a backup started in the foreground is stopped cleanly (snapshots removed,
// session recorded as stopped) instead of the process dying with the job half done.
import type { CmdletContext } from '../runtime/cmdlet.ts';
import { ErrorRecord, PSException, TerminatingError } from '../runtime/error-record.ts';

export interface Interruption {
  readonly interrupted: boolean;
  /** Stops listening; call when the wait is over. */
  release(): void;
}

export function whileWaiting(ctx: CmdletContext, onInterrupt: () => void): Interruption {
  let interrupted = false;
  const fire = () => {
    if (interrupted) return;
    interrupted = true;
    onInterrupt();
  };
  ctx.signal.addEventListener('abort', fire, { once: true });
  if (ctx.signal.aborted) fire();
  return {
    get interrupted() {
      return interrupted;
    },
    release() {
      ctx.signal.removeEventListener('abort', fire);
    },
  };
}

/** What stops the script after Ctrl+C (PowerShell's PipelineStoppedException). */
export function stoppedByUser(what: string): TerminatingError {
  const ex = new PSException(`${what} was stopped by Ctrl+C.`, 'System.Management.Automation.PipelineStoppedException');
  return new TerminatingError(new ErrorRecord(ex, 'PipelineStopped', 'OperationStopped', null), true);
}
