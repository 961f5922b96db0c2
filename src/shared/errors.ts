import { z } from 'zod';

/** The closed set of error codes the API answers with; messages for people live with the UI. */
export const ErrorCodeSchema = z.enum([
  'bad_request',
  /** Only when the server is bound beyond loopback: the API then wants its start-up token. */
  'unauthorized',
  'not_found',
  'forbidden_host',
  'forbidden_origin',
  'payload_too_large',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ApiErrorSchema = z.object({
  error: z.object({ code: ErrorCodeSchema, message: z.string() }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  forbidden_host: 403,
  forbidden_origin: 403,
  payload_too_large: 413,
  internal: 500,
};
