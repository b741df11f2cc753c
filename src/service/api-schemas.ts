// The JSON schemas of the REST API: Fastify validates requests against them, serializes responses
// through them, and @fastify/swagger builds the OpenAPI 3.1 document from the same objects, so the
// document cannot drift from what the server checks. Response objects allow further properties: a
// field the engine adds (a job's schedule, a session's trigger) reaches clients before this file
// names it.

const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const timeSpan = { type: 'string', description: 'TimeSpan text, [d.]hh:mm:ss[.fffffff]' } as const;
const nullableString = { type: ['string', 'null'] } as const;

const logLine = {
  type: 'object',
  properties: { time: dateTime, severity: { type: 'string', enum: ['Info', 'Warning', 'Error'] }, text: { type: 'string' } },
  required: ['time', 'severity', 'text'],
} as const;

export const errorSchema = {
  $id: 'Error',
  type: 'object',
  description: 'Every failed request: the engine error code (VBRS_…) and a one-line message.',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;

export const jobSchema = {
  $id: 'Job',
  type: 'object',
  description: 'A backup job, as Get-Job shows it.',
  additionalProperties: true,
  properties: {
    name: { type: 'string' },
    vms: { type: 'array', items: { type: 'string' } },
    repository: { type: 'string' },
    proxy: { anyOf: [{ type: 'string', enum: ['Auto'] }, { type: 'array', items: { type: 'string' } }] },
    compression: { type: 'string' },
    blockSize: { type: 'integer' },
    retainPoints: { type: 'integer' },
    enabled: { type: 'boolean' },
    guestProcessing: { type: 'object', additionalProperties: true },
    enableStorageSnapshots: { type: 'boolean' },
    snapshotSource: { type: 'string' },
    failoverToPrimary: { type: 'boolean' },
    failoverToStandardBackup: { type: 'boolean' },
    schedule: { type: ['string', 'null'], description: 'the schedule as text (Get-JobSchedule), null when none' },
    nextRun: { ...nullableDateTime, description: 'when the service next starts it, null when never' },
    notification: { ...nullableString, description: 'the webhook its ended sessions are posted to, and which (Set-JobNotification); null when none' },
  },
  required: ['name', 'vms', 'repository', 'enabled'],
} as const;

export const sessionSchema = {
  $id: 'Session',
  type: 'object',
  description: 'A job session, as Get-Session shows it.',
  additionalProperties: true,
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    jobName: { type: 'string' },
    kind: { type: 'string' },
    creationTime: dateTime,
    endTime: nullableDateTime,
    duration: timeSpan,
    state: { type: 'string', enum: ['Starting', 'Working', 'Stopping', 'Stopped'] },
    result: { type: 'string', enum: ['None', 'Success', 'Warning', 'Failed'] },
    progress: { type: 'number' },
    readBytes: { type: 'integer' },
    transferredBytes: { type: 'integer' },
    retryOf: { type: ['integer', 'null'] },
    trigger: { type: 'string', enum: ['Manual', 'Api', 'Schedule', 'AfterJob', 'Retry'], description: 'what started it: a shell, the API, the schedule, another job, a retry' },
    log: { type: 'array', items: logLine },
  },
  required: ['id', 'jobName', 'creationTime', 'state', 'result', 'trigger', 'log'],
} as const;

export const taskSessionSchema = {
  $id: 'TaskSession',
  type: 'object',
  description: 'A task session (one VM disk), as Get-TaskSession shows it.',
  additionalProperties: true,
  properties: {
    sessionId: { type: 'integer' },
    name: { type: 'string' },
    vm: { type: 'string' },
    disk: { type: 'string' },
    status: { type: 'string', enum: ['Pending', 'InProgress', 'Success', 'Warning', 'Failed'] },
    proxy: nullableString,
    transportMode: { type: ['string', 'null'], enum: ['DirectSAN', 'HotAdd', 'NBD', null] },
    snapshotSource: { type: ['string', 'null'], enum: ['VM', 'PrimaryStorage', 'SecondaryStorage', null] },
    vmSnapshotLifetime: { type: ['string', 'null'], description: 'TimeSpan text' },
    readBytes: { type: 'integer' },
    transferredBytes: { type: 'integer' },
    speed: { type: 'number', description: 'bytes per second read from the source' },
    bottleneck: nullableString,
    totalBytes: { type: 'integer' },
    startTime: nullableDateTime,
    endTime: nullableDateTime,
    log: { type: 'array', items: logLine },
  },
  required: ['sessionId', 'vm', 'disk', 'status'],
} as const;

export const restorePointSchema = {
  $id: 'RestorePoint',
  type: 'object',
  description: 'A restore point, as Get-RestorePoint shows it.',
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    vm: { type: 'string' },
    jobName: { type: 'string' },
    creationTime: dateTime,
    type: { type: 'string', enum: ['Full', 'Increment'] },
    size: { type: 'integer', description: 'stored bytes of all its disks' },
    repository: { type: 'string' },
    disks: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' } } } },
  },
  required: ['id', 'vm', 'jobName', 'creationTime', 'type'],
} as const;

/** Every shared schema, registered once with Fastify (and so listed under components.schemas). */
export const sharedSchemas = [errorSchema, jobSchema, sessionSchema, taskSessionSchema, restorePointSchema];

export function ref(schema: { $id: string }): { $ref: string } {
  return { $ref: `${schema.$id}#` };
}

/** `{ "data": [ … ] }`, the shape of every list. */
export function listOf(schema: { $id: string }): object {
  return { type: 'object', properties: { data: { type: 'array', items: ref(schema) } }, required: ['data'] };
}

/** The error responses a route can give, each with the shared error body. */
export function errors(...statuses: (400 | 401 | 404 | 409)[]): Record<number, object> {
  const described: Record<number, string> = {
    400: 'Malformed body, query or path parameter (the message names the field)',
    401: 'Missing or wrong bearer token',
    404: 'No such object',
    409: 'The object is in a state that does not allow this (running, not running, disabled)',
  };
  return Object.fromEntries(statuses.map((s) => [s, { description: described[s], ...ref(errorSchema) }]));
}

export const jobNameParams = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, description: 'the job name' } },
  required: ['name'],
} as const;

/** A session Id in a path: path parameters are text, and requests are not coerced (a body's
 *  `"fullBackup": "yes"` must fail, not become true), so the number is checked by pattern. */
export const idPattern = '^[1-9][0-9]{0,14}$';

export const sessionIdParams = {
  type: 'object',
  properties: { id: { type: 'string', pattern: idPattern, description: 'the session Id, a positive whole number' } },
  required: ['id'],
} as const;

export const startBody = {
  type: 'object',
  description: 'Optional; fullBackup reads every disk whole (as Start-Job -FullBackup).',
  properties: { fullBackup: { type: 'boolean' } },
  additionalProperties: false,
} as const;

export const sessionsQuery = {
  type: 'object',
  properties: { jobName: { type: 'string', minLength: 1, description: 'only the sessions of this job' } },
  additionalProperties: false,
} as const;

export const restorePointsQuery = {
  type: 'object',
  properties: { vmName: { type: 'string', minLength: 1, description: 'only the points of this VM' } },
  additionalProperties: false,
} as const;
