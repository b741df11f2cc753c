// Engine records as the REST API's JSON: the properties the shell's objects show (Get-Job,
// Get-Session, Get-TaskSession, Get-RestorePoint), keys in camelCase (`JobName` → `jobName`), times
// as ISO 8601 text and durations (TimeSpan in the shell) as .NET's constant TimeSpan text. The rules
// and the session's shape live in the engine (src/engine/jobs/session-json.ts), which posts sessions
// to notification webhooks in the same shape. Shaped from the engine's typed records: the service
// does not load the language.

import { apiJson, logJson, type Json } from '../engine/index.ts';
import type { TaskSessionInfo } from '../engine/jobs/index.ts';
import type { ListedRestorePoint } from '../engine/restore-point-list.ts';

export { apiJson, camelCase, sessionJson, timeSpanText, type Json } from '../engine/index.ts';

/** A task session as Get-TaskSession shows it: named after its VM (the engine's Index is not shown). */
export function taskSessionJson(t: TaskSessionInfo): { [key: string]: Json } {
  const { Index: _index, SessionId, Log, ...shown } = t;
  return { ...apiJson({ SessionId, Name: t.VM, ...shown }), log: Log.map(logJson) };
}

/** A restore point as Get-RestorePoint shows it. */
export function restorePointJson({ point, repository }: ListedRestorePoint): { [key: string]: Json } {
  return apiJson({
    Id: point.id,
    Name: point.vm,
    VM: point.vm,
    JobName: point.job,
    CreationTime: point.creationTime,
    Type: point.type,
    Size: point.size,
    Repository: repository,
    Disks: point.disks.map((d) => ({ Name: d.name, Size: d.size })),
  });
}
