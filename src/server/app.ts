import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Engine } from '../core/index.js';
import { installErrorHandling } from './api-errors.js';
import { registerByteRoutes } from './byte-routes.js';
import { EventsHub, type EventsHubOptions, registerEventsRoute } from './events-hub.js';
import { registerMessageRoutes } from './message-routes.js';
import { buildOpenApiDocument, OPENAPI_PATH } from './openapi.js';
import { installSecurityGuards } from './security-guards.js';
import { registerStaticUi } from './static-ui.js';

export interface AppOptions {
  engine: Engine;
  /** The address the HTTP server will bind (decides which Host headers are ours). */
  bindHost: string;
  /** The built renderer. */
  staticDir: string;
  extraOrigins: readonly string[];
  /** Required on every request when set (non-loopback binds). */
  token: string | null;
  version: string;
  events?: EventsHubOptions;
}

// Request bodies are small JSON (ids to mark read); nothing legitimate comes near this.
const BODY_LIMIT_BYTES = 1024 * 1024;
// Clients never send on the event socket; cap frames so nobody can make us buffer much.
const WS_MAX_PAYLOAD_BYTES = 4 * 1024;

/** Builds the HTTP + WebSocket app over a started engine; the caller listens and closes it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // stop() must not wait for idle keep-alive connections of open browser tabs.
    forceCloseConnections: true,
  });

  // First, so its hooks run before the guards: it marks upgrade requests, and closes the socket
  // of any upgrade the guards refuse.
  await app.register(fastifyWebsocket, { options: { maxPayload: WS_MAX_PAYLOAD_BYTES } });
  await installSecurityGuards(app, options);
  installErrorHandling(app);

  const hub = new EventsHub(options.engine, options.events);
  app.addHook('onClose', async () => hub.close());
  registerEventsRoute(app, hub);

  registerMessageRoutes(app, {
    engine: options.engine,
    version: options.version,
    httpAddress: () => {
      const address = app.server.address();
      if (address === null || typeof address === 'string')
        return { host: options.bindHost, port: 0 };
      return { host: options.bindHost, port: address.port };
    },
  });
  registerByteRoutes(app, options.engine);

  const openApi = buildOpenApiDocument(options.version);
  app.get(OPENAPI_PATH, () => openApi);

  await registerStaticUi(app, options.staticDir);
  return app;
}
