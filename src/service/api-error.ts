// How a failed request answers: `{ "error": { "code": "VBRS_…", "message": "…" } }` with the HTTP
// status the code stands for. Engine errors keep their own code; a request that fails its schema
// is a 400 whose message names the field (`body.fullBackup must be boolean`, `query parameter
// 'foo' is not known`), never Ajv's raw text alone.

import type { FastifyError } from 'fastify';
import { isEngineError, type EngineErrorCode } from '../engine/index.ts';
import { idPattern } from './api-schemas.ts';

export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** An error the API itself raises (auth, routing, not running). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const statusOf: Partial<Record<EngineErrorCode, number>> = {
  VBRS_UNKNOWN_OBJECT: 404,
  VBRS_UNKNOWN_HOST: 404,
  VBRS_NO_RESTORE_POINT: 404,
  VBRS_INVALID_ARGUMENT: 400,
  VBRS_DUPLICATE_NAME: 409,
  VBRS_IN_USE: 409,
  VBRS_JOB_DISABLED: 409,
  VBRS_CLOSED: 409,
  VBRS_CATALOG_BUSY: 409,
};

/** Where a schema error sits, in the words a client uses: body, query, path. */
const partName: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

/** The status and body for anything a route or Fastify threw. */
export function apiErrorReply(e: unknown): { status: number; body: ApiErrorBody } {
  if (e instanceof ApiError) return reply(e.status, e.code, e.message);
  if (isEngineError(e)) return reply(statusOf[e.code] ?? 500, e.code, e.message);
  const fe = e as Partial<FastifyError>;
  if (fe.validation && fe.validation.length > 0) {
    const part = partName[fe.validationContext ?? ''] ?? fe.validationContext ?? 'request';
    return reply(400, 'VBRS_INVALID_ARGUMENT', validationMessage(part, fe.validation[0]!));
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply(400, 'VBRS_INVALID_ARGUMENT', `body: content type '${(fe.message ?? '').replace(/^.*: /, '')}' is not accepted; send application/json`);
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return reply(fe.statusCode, 'VBRS_INVALID_ARGUMENT', oneLine(fe.message ?? 'bad request'));
  return reply(500, 'VBRS_INTERNAL', oneLine(e instanceof Error ? e.message : String(e)));
}

function validationMessage(part: string, v: NonNullable<FastifyError['validation']>[number]): string {
  const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (v.keyword === 'additionalProperties') {
    const extra = String(v.params.additionalProperty);
    return part === 'query' ? `query parameter '${extra}' is not known` : `${part}.${path ? `${path}.` : ''}${extra} is not a known field`;
  }
  if (v.keyword === 'required') return `${part}.${path ? `${path}.` : ''}${String(v.params.missingProperty)} is required`;
  if (v.keyword === 'pattern' && v.params.pattern === idPattern) return `${part}.${path} must be a positive whole number`;
  const field = path ? (part === 'query' ? `query parameter '${path}'` : `${part}.${path}`) : part;
  return `${field} ${v.message ?? 'is not valid'}`;
}

function reply(status: number, code: string, message: string): { status: number; body: ApiErrorBody } {
  return { status, body: { error: { code, message: oneLine(message) } } };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
