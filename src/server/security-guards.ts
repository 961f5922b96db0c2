import { randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import fastifyCors from '@fastify/cors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendApiError } from './api-errors.js';

/**
 * The guards every request passes before any route sees it: DNS rebinding (Host), cross-site
 * requests (Origin), and, when bound beyond loopback, a start-up token. Browsers are the threat
 * model: any web page the user visits can aim requests at 127.0.0.1.
 */
export interface SecurityOptions {
  /** The address the HTTP server binds. */
  bindHost: string;
  /** Origins besides our own allowed to mutate and to open the event socket (e.g. a dev server). */
  extraOrigins: readonly string[];
  /** Set when the bind is not loopback: every request must then present it. */
  token: string | null;
}

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TOKEN_COOKIE = 'beanpost_token';

const loopbackAddresses = new BlockList();
loopbackAddresses.addSubnet('127.0.0.0', 8, 'ipv4');
loopbackAddresses.addAddress('::1', 'ipv6');
loopbackAddresses.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** localhost, *.localhost (RFC 6761: browsers resolve them to loopback), 127.0.0.0/8 and ::1. */
export function isLoopbackName(name: string): boolean {
  const host = stripBrackets(name.toLowerCase());
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  if (family === 0) return false;
  return loopbackAddresses.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host name of a Host header value (`[::1]:1080` → `::1`), lower-cased; undefined if absent. */
function hostNameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? undefined : value.slice(1, end);
  }
  const colon = value.indexOf(':');
  return colon === -1 ? value : value.slice(0, colon);
}

export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/** The policy for the UI document; the renderer shows mail HTML in a sandboxed srcdoc iframe. */
function uiContentSecurityPolicy(hostHeader: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The mail preview is a srcdoc iframe, which inherits this policy on top of its own: remote
    // images, styles and fonts must pass here so "Load remote content" can work. The frame's
    // own CSP (renderer/lib/email-html.ts) blocks them until the user asks, per message.
    "style-src 'self' 'unsafe-inline' http: https:",
    "img-src 'self' data: blob: http: https:",
    "font-src 'self' data: http: https:",
    "media-src 'self' data: blob:",
    "frame-src 'self' blob: data: about:",
    `connect-src 'self' ws://${hostHeader}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function isUiRequest(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') && request.url !== '/api';
}

function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  code: 'forbidden_host' | 'forbidden_origin' | 'unauthorized',
  message: string,
): FastifyReply {
  request.log.warn(
    { url: request.url, host: request.headers.host, origin: request.headers.origin },
    message,
  );
  return sendApiError(reply, code, message);
}

export async function installSecurityGuards(
  app: FastifyInstance,
  options: SecurityOptions,
): Promise<void> {
  const bindHost = stripBrackets(options.bindHost.toLowerCase());
  // A wildcard bind answers on every interface, under names we cannot know; the token guards it.
  const anyHost = WILDCARD_HOSTS.has(bindHost);
  const extraOrigins = new Set(options.extraOrigins.map((origin) => origin.toLowerCase()));
  const { token } = options;

  app.addHook('onRequest', async (request, reply) => {
    const hostHeader = request.headers.host;
    const hostName = hostNameOf(hostHeader);
    if (
      hostHeader === undefined ||
      hostName === undefined ||
      !(anyHost || hostName === bindHost || isLoopbackName(hostName))
    ) {
      return refuse(
        request,
        reply,
        'forbidden_host',
        `Host ${hostHeader ?? '(none)'} is not served here`,
      );
    }

    const origin = request.headers.origin?.toLowerCase();
    const isUpgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
    if (
      origin !== undefined &&
      (MUTATING_METHODS.has(request.method) || isUpgrade) &&
      origin !== `http://${hostHeader.toLowerCase()}` &&
      !extraOrigins.has(origin)
    ) {
      return refuse(
        request,
        reply,
        'forbidden_origin',
        `cross-origin request from ${origin} refused`,
      );
    }

    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Content-Security-Policy', uiContentSecurityPolicy(hostHeader));

    if (token === null) return;
    // A CORS preflight never carries credentials; answering it reveals nothing.
    const isPreflight =
      request.method === 'OPTIONS' &&
      request.headers['access-control-request-method'] !== undefined;
    if (
      isPreflight ||
      sameToken(bearerToken(request.headers.authorization), token) ||
      sameToken(cookieValue(request.headers.cookie, TOKEN_COOKIE), token)
    ) {
      return;
    }
    const query = request.query as Record<string, unknown> | undefined;
    const offered = typeof query?.token === 'string' ? query.token : undefined;
    if (isUiRequest(request) && request.method === 'GET' && sameToken(offered, token)) {
      // Trade the link's token for a cookie, then drop it from the address bar and history.
      reply.header('Set-Cookie', `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`);
      return reply.redirect(request.url.split('?')[0] ?? '/', 303);
    }
    return refuse(
      request,
      reply,
      'unauthorized',
      'this server is bound beyond loopback: open the link `beanpost serve` printed, or send Authorization: Bearer <token>',
    );
  });

  // Only the extra origins (the dev server's page, which calls the API cross-origin) get CORS
  // grants; every other site gets none, so it cannot read what it makes the browser fetch.
  await app.register(fastifyCors, {
    origin: (origin, callback) => {
      callback(null, origin !== undefined && extraOrigins.has(origin.toLowerCase()));
    },
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['content-type', 'authorization'],
    maxAge: 600,
  });
}
