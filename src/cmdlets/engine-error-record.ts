// Turns what the engine throws into the PowerShell error record a script sees: the engine's
// one-line message (it already names the object and the reason), its stable code on
// `$_.Exception.code`, an error category a PowerShell user recognises, and the object as target.
import { EngineError } from '../engine/engine-error.ts';
import { ErrorRecord, PSException } from '../runtime/error-record.ts';

const CATEGORY: Record<string, string> = {
  VBRS_UNKNOWN_HOST: 'ObjectNotFound',
  VBRS_UNKNOWN_OBJECT: 'ObjectNotFound',
  VBRS_DUPLICATE_NAME: 'ResourceExists',
  VBRS_INVALID_ARGUMENT: 'InvalidArgument',
  VBRS_IN_USE: 'ResourceBusy',
  VBRS_IO: 'WriteError',
  VBRS_ARRAY_DISCONNECTED: 'ConnectionError',
  VBRS_PROXY_UNAVAILABLE: 'ResourceUnavailable',
  VBRS_REPOSITORY_UNAVAILABLE: 'ResourceUnavailable',
  VBRS_UNSUPPORTED: 'NotImplemented',
};

const EXCEPTION_TYPE: Record<string, string> = {
  ObjectNotFound: 'System.Management.Automation.ItemNotFoundException',
  InvalidArgument: 'System.ArgumentException',
  WriteError: 'System.IO.IOException',
};

/** The error record for anything a domain cmdlet caught; `command` names the cmdlet in the id. */
export function engineErrorRecord(e: unknown, command: string): ErrorRecord {
  if (e instanceof EngineError) {
    const category = CATEGORY[e.code] ?? 'NotSpecified';
    const ex = new PSException(e.message, EXCEPTION_TYPE[category] ?? 'System.Management.Automation.RuntimeException', { code: e.code });
    return new ErrorRecord(ex, `${e.code},${command}`, category, e.objectName ?? null);
  }
  if (e instanceof PSException) return e.errorRecord ?? new ErrorRecord(e, `${e.typeName.replace(/^.*\./, '')},${command}`, 'InvalidArgument', null);
  if (e instanceof ErrorRecord) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ErrorRecord(new PSException(message.replace(/\s*\n\s*/g, ' ')), `VBRS_INTERNAL,${command}`, 'NotSpecified', null);
}
