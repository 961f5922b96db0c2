import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendApiError } from './api-errors.js';

const MISSING_BUILD_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Beanpost: UI not built</title></head>
<body>
<h1>The Beanpost UI has not been built</h1>
<p>The API is running, but there is no built UI to serve. Run <code>npm run build</code> in the
Beanpost folder, then restart <code>beanpost serve</code>.</p>
<p>The API is documented at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body>
</html>
`;

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

/** A browser navigation to a client-side route (no file extension) gets the app shell. */
function wantsAppShell(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '/';
  return !/\.[a-z0-9]+$/i.test(path);
}

/**
 * Serves the built renderer at / with a single-page-app fallback, and answers API misses with
 * the contract's JSON 404. Without a build, the UI paths answer 503 with what to do.
 */
export async function registerStaticUi(app: FastifyInstance, staticDir: string): Promise<void> {
  const built = existsSync(join(staticDir, 'index.html'));

  if (built) {
    await app.register(fastifyStatic, { root: staticDir, index: ['index.html'] });
  } else {
    app.get('/', (_request, reply) => missingBuild(reply));
  }

  app.setNotFoundHandler((request, reply) => {
    if (isApiPath(request.url)) {
      return sendApiError(
        reply,
        'not_found',
        `no route ${request.method} ${request.url.split('?')[0]}`,
      );
    }
    if (!wantsAppShell(request))
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
    if (!built) return missingBuild(reply);
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
}

function missingBuild(reply: FastifyReply): FastifyReply {
  return reply.code(503).type('text/html; charset=utf-8').send(MISSING_BUILD_PAGE);
}
