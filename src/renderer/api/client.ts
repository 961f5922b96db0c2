import type { z } from 'zod';
import {
  ApiErrorSchema,
  type ErrorCode,
  fillPath,
  type RouteBody,
  type RouteName,
  type RouteParams,
  type RouteQuery,
  type RouteResponse,
  routes,
} from '../../shared/index.js';
import { apiUrl } from './api-base.js';

/** Errors the client itself produces when there is no API answer to speak of. */
export type ClientErrorCode = 'network' | 'bad_response';

/** Every failed call surfaces as this one error type, with the API's code when it sent one. */
export class ApiCallError extends Error {
  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

type Route = { method: string; path: string; response: z.ZodType };

type CallInput<N extends RouteName> = {
  params?: RouteParams<N>;
  query?: RouteQuery<N>;
  body?: RouteBody<N>;
  signal?: AbortSignal;
};

function buildUrl(route: Route, params: unknown, query: unknown): string {
  const path = fillPath(route.path, params as Record<string, string> | undefined);
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const qs = search.toString();
  return apiUrl(qs ? `${path}?${qs}` : path);
}

/**
 * fetch, with the failures every caller handles alike turned into ApiCallError: no answer at
 * all, or an error status (with the contract's `{ error: { code, message } }` when present).
 */
async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiCallError('network', 'Cannot reach the Beanpost engine', 0);
  }
  if (response.ok) return response;
  const parsed = ApiErrorSchema.safeParse(await response.json().catch(() => null));
  if (parsed.success) {
    throw new ApiCallError(parsed.data.error.code, parsed.data.error.message, response.status);
  }
  throw new ApiCallError('bad_response', `The engine answered ${response.status}`, response.status);
}

/** Call one route of the contract; the answer is validated against the route's schema. */
export async function call<N extends RouteName>(
  name: N,
  input: CallInput<N> = {},
): Promise<RouteResponse<N>> {
  const route: Route = routes[name];
  const response = await send(buildUrl(route, input.params, input.query), {
    method: route.method,
    headers: input.body === undefined ? {} : { 'content-type': 'application/json' },
    body: input.body === undefined ? undefined : JSON.stringify(input.body),
    signal: input.signal,
  });
  const json: unknown = await response.json().catch(() => undefined);
  const parsed = route.response.safeParse(json);
  if (!parsed.success) {
    throw new ApiCallError('bad_response', `Unexpected answer from ${name}`, response.status);
  }
  return parsed.data as RouteResponse<N>;
}

/**
 * Byte routes (raw source) are not JSON. Mail is mostly UTF-8 or ASCII; legacy 8-bit bytes fall
 * back to windows-1252 so every byte still shows as something rather than U+FFFD.
 */
export async function fetchText(path: string, signal?: AbortSignal): Promise<string> {
  const bytes = await (await send(apiUrl(path), { signal })).arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
