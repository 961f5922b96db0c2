import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Engine } from '../core/index.js';
import { routes } from '../shared/index.js';
import { ApiHttpError } from './api-errors.js';
import { parseOrBadRequest } from './contract-routes.js';

/** Byte routes (raw message, one part): not JSON, so outside the contract table. */

const IdParams = routes['messages.get'].params;
const PartParams = IdParams.extend({ partId: z.string().min(1).max(200) });
const DownloadQuery = z.object({ download: z.enum(['0', '1']).optional() });

/**
 * Types a browser may render inline from our origin without running script. Everything else
 * (text/html, image/svg+xml, XML, PDF, unknown types) is served as an opaque download.
 */
const INLINE_SAFE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'text/plain',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'video/mp4',
  'video/webm',
]);

/** Even an inline-safe part is rendered as a sandboxed, script-less document. */
const BYTES_CSP =
  "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox";

function essence(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function sendBytes(
  reply: FastifyReply,
  bytes: Buffer,
  contentType: string,
  disposition: 'inline' | 'attachment',
  filename: string,
): FastifyReply {
  return reply
    .header('Content-Type', contentType)
    .header('Content-Disposition', contentDisposition(filename, { type: disposition }))
    .header('Content-Security-Policy', BYTES_CSP)
    .header('Cache-Control', 'no-store')
    .send(bytes);
}

export function registerByteRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/api/messages/:id/raw', (request, reply) => {
    const { id } = parseOrBadRequest(IdParams, request.params, 'params');
    const { download } = parseOrBadRequest(DownloadQuery, request.query, 'query');
    const raw = engine.store.raw(id);
    if (raw === undefined) throw new ApiHttpError('not_found', `no message ${id}`);
    return sendBytes(
      reply,
      raw,
      'message/rfc822',
      download === '1' ? 'attachment' : 'inline',
      `message-${id}.eml`,
    );
  });

  app.get('/api/messages/:id/parts/:partId', async (request, reply) => {
    const { id, partId } = parseOrBadRequest(PartParams, request.params, 'params');
    const { download } = parseOrBadRequest(DownloadQuery, request.query, 'query');
    const part = await engine.store.part(id, partId);
    if (part === undefined)
      throw new ApiHttpError('not_found', `no part ${partId} in message ${id}`);
    // The store's names are already safe for a file system (the contract says so); the header
    // encoding (quoted-string plus RFC 8187 filename*) keeps any byte from breaking the header.
    const { filename } = part;
    const type = essence(part.contentType);
    if (!INLINE_SAFE_TYPES.has(type)) {
      return sendBytes(reply, part.content, 'application/octet-stream', 'attachment', filename);
    }
    return sendBytes(
      reply,
      part.content,
      type,
      download === '1' ? 'attachment' : 'inline',
      filename,
    );
  });
}
