import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { type ApiError, type ErrorCode, STATUS_BY_CODE } from '../shared/index.js';

/** An error a handler throws to answer with one of the contract's error codes. */
export class ApiHttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiHttpError';
  }
}

export function sendApiError(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  const body: ApiError = { error: { code, message } };
  return reply.code(STATUS_BY_CODE[code]).type('application/json; charset=utf-8').send(body);
}

/** Fastify's own errors (bad JSON, body too large, ...) carry a status; fold them into our codes. */
function codeForStatus(status: number | undefined): ErrorCode {
  if (status === 413) return 'payload_too_large';
  if (status === 404) return 'not_found';
  if (status !== undefined && status >= 400 && status < 500) return 'bad_request';
  return 'internal';
}

/** Every API error leaves as `{ error: { code, message } }` with the status of its code. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiHttpError, request, reply) => {
    if (error instanceof ApiHttpError) return sendApiError(reply, error.code, error.message);
    const code = codeForStatus(error.statusCode);
    if (code === 'internal') {
      request.log.error({ err: error }, 'request failed');
      return sendApiError(reply, code, 'internal error');
    }
    return sendApiError(reply, code, error.message);
  });
}
