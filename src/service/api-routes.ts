// The routes of the REST API, as DESIGN.md lists them ("The service"): jobs, starting and stopping
// them, sessions and task sessions, restore points, and the event stream. Each answers from the
// engine's typed API, shaped by api-json.ts; lists come in the shell's order, as `{ data: [ … ] }`.

import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsync } from 'fastify';
import type { Engine } from '../engine/index.ts';
import { listRestorePoints } from '../engine/restore-point-list.ts';
import { ApiError } from './api-error.ts';
import { apiJson, restorePointJson, sessionJson, taskSessionJson } from './api-json.ts';
import {
  errors,
  jobNameParams,
  jobSchema,
  listOf,
  ref,
  restorePointSchema,
  restorePointsQuery,
  sessionIdParams,
  sessionSchema,
  sessionsQuery,
  startBody,
  taskSessionSchema,
} from './api-schemas.ts';
import type { JobStarter } from './job-starter.ts';
import type { SessionEventFeed } from './session-event-feed.ts';
import { SessionListJson } from './session-list-json.ts';

export interface ApiRouteOptions {
  engine: Engine;
  starter: JobStarter;
  feed: SessionEventFeed;
}

type NameParams = { Params: { name: string } };
type IdParams = { Params: { id: string } };

/** SSE comment lines keep proxies and idle timeouts from closing a quiet stream. */
const keepAliveMs = 15_000;

export const apiRoutes: FastifyPluginAsync<ApiRouteOptions> = async (app, { engine, starter, feed }) => {
  const sessionOf = (id: string) => engine.sessions.get(Number(id));
  const sessionList = new SessionListJson(engine);

  app.get('/api/v1/jobs', { schema: { summary: 'Every job, by name (Get-Job)', response: { 200: listOf(jobSchema), ...errors(401) } } }, async () => ({
    data: engine.jobs.list().map((j) => apiJson(j)),
  }));

  app.get<NameParams>('/api/v1/jobs/:name', { schema: { summary: 'One job', params: jobNameParams, response: { 200: ref(jobSchema), ...errors(400, 401, 404) } } }, async (req) =>
    apiJson(engine.jobs.get(req.params.name)),
  );

  app.post<NameParams & { Body: { fullBackup?: boolean } | undefined }>(
    '/api/v1/jobs/:name/start',
    {
      schema: {
        summary: 'Start a run of the job (Start-Job -RunAsync); 202 with the new session',
        params: jobNameParams,
        body: startBody,
        response: { 202: ref(sessionSchema), ...errors(400, 401, 404, 409) },
      },
      // No body at all is the same as {} (the schema checks an object when one is sent).
      preValidation: async (req) => {
        req.body ??= {};
      },
    },
    async (req, reply) => {
      const job = engine.jobs.get(req.params.name);
      const session = await starter.startJob(job.Name, { trigger: 'Api', ...(req.body?.fullBackup ? { fullBackup: true } : {}) });
      return reply.status(202).send(sessionJson(session));
    },
  );

  app.post<NameParams>(
    '/api/v1/jobs/:name/stop',
    {
      schema: {
        summary: "Stop the job's running session (Stop-Job) and answer once it has ended cleanly",
        params: jobNameParams,
        response: { 200: ref(sessionSchema), ...errors(400, 401, 404, 409) },
      },
    },
    async (req) => {
      const job = engine.jobs.get(req.params.name);
      // A run stopped before it is under way would wait for a task slot forever (the engine's
      // resource scheduler waits for an abort that already happened): give it a moment to start.
      const starting = engine.jobs.running(job.Name);
      for (let i = 0; starting && starting.session.State === 'Starting' && i < 100; i++) await sleep(20);
      const stopped = await engine.jobs.stop(job.Name);
      if (!stopped) throw new ApiError(409, 'VBRS_NOT_RUNNING', `Job '${job.Name}' is not running.`);
      return sessionJson(stopped);
    },
  );

  app.get<{ Querystring: { jobName?: string } }>(
    '/api/v1/sessions',
    { schema: { summary: 'Sessions, oldest first (Get-Session [-Job])', querystring: sessionsQuery, response: { 200: listOf(sessionSchema), ...errors(400, 401, 404) } } },
    async (req, reply) => {
      const job = req.query.jobName === undefined ? undefined : engine.jobs.get(req.query.jobName).Name;
      // Already JSON text (session-list-json.ts): sent as it is.
      return reply.type('application/json; charset=utf-8').send(sessionList.render(job === undefined ? {} : { job }));
    },
  );

  app.get<IdParams>('/api/v1/sessions/:id', { schema: { summary: 'One session', params: sessionIdParams, response: { 200: ref(sessionSchema), ...errors(400, 401, 404) } } }, async (req) =>
    sessionJson(sessionOf(req.params.id)),
  );

  app.get<IdParams>(
    '/api/v1/sessions/:id/taskSessions',
    { schema: { summary: 'The task sessions of a session, one per VM disk (Get-TaskSession)', params: sessionIdParams, response: { 200: listOf(taskSessionSchema), ...errors(400, 401, 404) } } },
    async (req) => ({ data: engine.sessions.tasks(Number(req.params.id)).map(taskSessionJson) }),
  );

  app.get<{ Querystring: { vmName?: string } }>(
    '/api/v1/restorePoints',
    { schema: { summary: 'Restore points, oldest first (Get-RestorePoint [-VM])', querystring: restorePointsQuery, response: { 200: listOf(restorePointSchema), ...errors(400, 401) } } },
    async (req) => ({ data: (await listRestorePoints(engine, req.query.vmName === undefined ? {} : { vm: req.query.vmName })).map(restorePointJson) }),
  );

  app.get(
    '/api/v1/events',
    {
      schema: {
        summary: 'Server-Sent Events: session and task events as JSON, one data: line each',
        description: 'Sessions of this service and of any other vbrs process on the same data folder.',
        response: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errors(401) },
      },
    },
    (req, reply) => {
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
      // A first comment so the client sees the stream open before any session moves.
      out.write(': vbrs events\n\n');
      const unsubscribe = feed.subscribe((event) => out.write(`data: ${JSON.stringify(event)}\n\n`));
      const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), keepAliveMs);
      req.raw.on('close', () => {
        clearInterval(keepAlive);
        unsubscribe();
      });
    },
  );
};
