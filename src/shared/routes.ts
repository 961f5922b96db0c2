import { z } from 'zod';
import { InfoSchema } from './info.js';
import { MessageDetailSchema, MessageListSchema } from './messages.js';

/**
 * The one contract between the engine's HTTP API and every client (the renderer, tests, scripts).
 * The server registers exactly these routes; the renderer's client is typed from this table.
 */

const IdParams = z.object({ id: z.string().regex(/^[0-9]+$/, 'message ids are decimal numbers') });

export const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  query: z.string().max(1000).default(''),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

export const MarkReadBodySchema = z.object({
  /** Omit to mark every message. */
  ids: z.array(z.string()).optional(),
  read: z.boolean(),
});

const Ok = z.object({ ok: z.literal(true) });

export const routes = {
  'info.get': { method: 'GET', path: '/api/info', response: InfoSchema },
  'messages.list': {
    method: 'GET',
    path: '/api/messages',
    query: ListQuerySchema,
    response: MessageListSchema,
  },
  'messages.get': {
    method: 'GET',
    path: '/api/messages/:id',
    params: IdParams,
    response: MessageDetailSchema,
  },
  'messages.markRead': {
    method: 'POST',
    path: '/api/messages/read',
    body: MarkReadBodySchema,
    response: Ok,
  },
  'messages.delete': {
    method: 'DELETE',
    path: '/api/messages/:id',
    params: IdParams,
    response: Ok,
  },
  'messages.deleteAll': { method: 'DELETE', path: '/api/messages', response: Ok },
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

type Field<R, K extends string> = R extends Record<K, z.ZodType> ? z.input<R[K]> : undefined;
export type RouteParams<N extends RouteName> = Field<Routes[N], 'params'>;
export type RouteQuery<N extends RouteName> = Field<Routes[N], 'query'>;
export type RouteBody<N extends RouteName> = Field<Routes[N], 'body'>;
export type RouteResponse<N extends RouteName> = z.infer<Routes[N]['response']>;

/** Byte routes: not JSON, so not in the table; the client builds their URLs with these. */
export const rawPath = (id: string): string => `/api/messages/${id}/raw`;
export const partPath = (id: string, partId: string): string =>
  `/api/messages/${id}/parts/${encodeURIComponent(partId)}`;

/** Fill `:name` segments of a route path. */
export function fillPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/:([a-zA-Z]+)/g, (_, key: string) => {
    const value = params?.[key];
    if (value === undefined) throw new Error(`missing path parameter ${key} for ${path}`);
    return encodeURIComponent(value);
  });
}
