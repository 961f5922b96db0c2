import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RequestRecorder {
  readonly origin: string;
  /** Paths of every request received, in order. */
  readonly paths: string[];
  close(): Promise<void>;
}

/** A 1×1 transparent GIF, so a remote image that is allowed to load actually loads. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * A loopback "attacker" server: mail under test points every remote reference here, and the
 * test asserts on what (if anything) reached it.
 */
export async function startRequestRecorder(): Promise<RequestRecorder> {
  const paths: string[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    paths.push(request.url ?? '');
    if (request.url?.endsWith('.css')) {
      response.writeHead(200, { 'content-type': 'text/css' }).end('p { color: red }');
    } else {
      response.writeHead(200, { 'content-type': 'image/gif' }).end(GIF);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
