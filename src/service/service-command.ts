// `vbrs service [--listen HOST:PORT]`: the backup server in the foreground. It takes the data
// folder (one service per folder, service-lock.ts), makes or reads the API token, opens the
// engine, serves the REST API, prints `vbrs service listening on http://HOST:PORT` when ready, and
// on SIGTERM or SIGINT stops scheduling, stops the sessions it runs cleanly (their logs say the
// service is stopping), closes the engine and exits 0.

import type { FastifyInstance } from 'fastify';
import { dataHome } from '../engine/catalog/data-home.ts';
import type { Engine } from '../engine/index.ts';
import { buildApiServer } from './api-server.ts';
import { parseListen, type ListenAddress } from './listen-address.ts';
import { Scheduler } from './scheduler.ts';
import { installScriptHookRunner } from './script-hook-runner.ts';
import { ServiceLock, ServiceLockedError } from './service-lock.ts';
import { serviceToken } from './service-token.ts';

export const SERVICE_USAGE = `Usage: vbrs service [--listen HOST:PORT]

  Runs the vbrs backup server in the foreground: scheduled jobs and the REST API
  (default 127.0.0.1:9419; --listen 127.0.0.1:0 takes a free port). The API token is
  in $VBRS_HOME/service-token. SIGTERM or Ctrl+C stops it cleanly.
`;

export interface ServiceIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The log line every session this service runs gets when the service stops. */
export const serviceStoppingLine = 'Stop requested: the vbrs service is stopping';

/** Runs the service until SIGTERM/SIGINT; resolves with the exit status. */
export async function runService(args: string[], io: ServiceIO): Promise<number> {
  let listen: ListenAddress | 'help';
  try {
    listen = serviceArgs(args);
  } catch (e) {
    io.stderr(`vbrs service: ${(e as Error).message}\n${SERVICE_USAGE}`);
    return 2;
  }
  if (listen === 'help') {
    io.stdout(SERVICE_USAGE);
    return 0;
  }
  const home = dataHome();
  let lock: ServiceLock;
  try {
    lock = ServiceLock.acquire(home);
  } catch (e) {
    io.stderr(`vbrs service: ${e instanceof ServiceLockedError ? e.message : `cannot take the data folder ${home}: ${(e as Error).message}`}\n`);
    return 1;
  }
  let engine: Engine | null = null;
  let app: FastifyInstance | null = null;
  let scheduler: Scheduler | null = null;
  try {
    const token = serviceToken(home);
    const { Engine } = await import('../engine/index.ts');
    engine = Engine.open({ home });
    installScriptHookRunner(engine);
    scheduler = new Scheduler(engine);
    scheduler.on('log', (line) => io.stdout(`vbrs service: ${line}\n`));
    app = await buildApiServer({ engine, starter: scheduler, token });
    try {
      await app.listen({ host: listen.host, port: listen.port });
    } catch (e) {
      throw new Error(`cannot listen on ${listen.text}: ${(e as Error).message}`);
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : listen.port;
    const url = `http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${port}`;
    lock.setAddress(url);
    io.stdout(`vbrs service listening on ${url}\n`);
    scheduler.start();
    const signal = await stopSignal();
    io.stdout(`vbrs service: ${signal}: stopping\n`);
    await shutDown(engine, app, scheduler);
    engine = null;
    app = null;
    io.stdout('vbrs service: stopped\n');
    return 0;
  } catch (e) {
    io.stderr(`vbrs service: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    if (scheduler) await scheduler.stop().catch(() => {});
    if (app) await app.close().catch(() => {});
    if (engine) await engine.close().catch(() => {});
    lock.release();
  }
}

function serviceArgs(args: string[]): ListenAddress | 'help' {
  let listen = parseListen('127.0.0.1:9419');
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--listen' || a.startsWith('--listen=')) {
      const value = a === '--listen' ? args[++i] : a.slice('--listen='.length);
      if (value === undefined || value === '') throw new Error('--listen needs HOST:PORT');
      listen = parseListen(value);
    } else {
      throw new Error(`unknown option '${a}'`);
    }
  }
  return listen;
}

/** Resolves with the name of the first SIGTERM or SIGINT; later ones are ignored while stopping. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => {
      process.on('SIGTERM', () => {});
      process.on('SIGINT', () => {});
      resolve(s);
    };
    process.once('SIGTERM', on);
    process.once('SIGINT', on);
  });
}

/** Stops scheduling and the API, then the sessions this process runs, each with the reason logged. */
async function shutDown(engine: Engine, app: FastifyInstance, scheduler: Scheduler): Promise<void> {
  await scheduler.stop();
  for (const s of engine.sessions.list()) {
    if (s.State !== 'Stopped') engine.jobs.live(s.Id)?.log('Warning', serviceStoppingLine);
  }
  await app.close();
  await engine.close();
}
