import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type RouteName, type RouteResponse, type Routes, routes } from '../shared/index.js';
import { ApiHttpError } from './api-errors.js';

type Parsed<R, K extends string> = R extends Record<K, z.ZodType> ? z.output<R[K]> : undefined;

/** What a contract handler receives: params, query and body already checked by the contract. */
export interface RouteInput<N extends RouteName> {
  params: Parsed<Routes[N], 'params'>;
  query: Parsed<Routes[N], 'query'>;
  body: Parsed<Routes[N], 'body'>;
  request: FastifyRequest;
}

export type RouteHandler<N extends RouteName> = (
  input: RouteInput<N>,
) => RouteResponse<N> | Promise<RouteResponse<N>>;

export type RouteHandlers = { [N in RouteName]: RouteHandler<N> };

interface RouteSpec {
  method: string;
  path: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

/** One place turns a zod failure into a 400 that names the offending field. */
export function parseOrBadRequest<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${what}.${issue.path.join('.')}` : what;
  throw new ApiHttpError('bad_request', `${where}: ${issue?.message ?? 'invalid'}`);
}

function parsePart(schema: z.ZodType | undefined, value: unknown, what: string): unknown {
  return schema === undefined ? undefined : parseOrBadRequest(schema, value, what);
}

/**
 * Registers exactly the routes of the contract table, each with its handler. The mapped type
 * makes a missing or misspelled handler a compile error, so the table and the server cannot drift.
 */
export function registerContractRoutes(app: FastifyInstance, handlers: RouteHandlers): void {
  for (const name of Object.keys(routes) as RouteName[]) {
    const spec: RouteSpec = routes[name];
    // The table pairs each name with its schemas; the casts only restate that pairing.
    const handler = handlers[name] as (input: {
      params: unknown;
      query: unknown;
      body: unknown;
      request: FastifyRequest;
    }) => unknown;
    app.route({
      method: spec.method as 'GET' | 'POST' | 'DELETE',
      url: spec.path,
      handler: async (request) =>
        handler({
          params: parsePart(spec.params, request.params, 'params'),
          query: parsePart(spec.query, request.query, 'query'),
          body: parsePart(spec.body, request.body, 'body'),
          request,
        }),
    });
  }
}
