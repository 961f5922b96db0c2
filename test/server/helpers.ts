import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import WebSocket from 'ws';
import {
  type BeanpostOptions,
  type RunningBeanpost,
  startBeanpost,
} from '../../src/server/start-beanpost.js';
import { type ServerEvent, ServerEventSchema } from '../../src/shared/index.js';

export const INDEX_HTML =
  '<!doctype html><html><head><title>Beanpost test shell</title></head><body><div id="root"></div></body></html>\n';

/** A built-renderer stand-in: the server must serve whatever is in out/renderer. */
export async function makeStaticDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'beanpost-ui-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), INDEX_HTML);
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log("beanpost");\n');
  return dir;
}

export interface TestBeanpost extends RunningBeanpost {
  dataDir: string;
  /** Sends through the real SMTP listener with nodemailer; resolves on the server's 250. */
  send(mail: Mail.Options): Promise<void>;
  close(): Promise<void>;
}

export async function startTestBeanpost(options: BeanpostOptions = {}): Promise<TestBeanpost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'beanpost-data-'));
  const staticDir = options.staticDir ?? (await makeStaticDir());
  const running = await startBeanpost({
    smtpPort: 0,
    httpPort: 0,
    beanstalkdPort: 0,
    dataDir,
    staticDir,
    ...options,
  });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: running.smtpPort,
    secure: false,
  });
  return {
    ...running,
    dataDir,
    send: async (mail) => {
      await transport.sendMail({ from: 'sender@example.com', to: 'rcpt@example.com', ...mail });
    },
    close: async () => {
      transport.close();
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
      if (options.staticDir === undefined) await rm(staticDir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json(): unknown;
}

/** node:http rather than fetch: tests need to send headers fetch forbids (Host, Origin). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body.toString('utf8')),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A WebSocket client on /api/events that records every event and can wait for one. */
export class EventRecorder {
  readonly events: ServerEvent[] = [];
  readonly #waiters: Array<{
    test: (e: ServerEvent) => boolean;
    resolve: (e: ServerEvent) => void;
  }> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const event = ServerEventSchema.parse(JSON.parse(data.toString('utf8')));
      this.events.push(event);
      for (const waiter of [...this.#waiters]) {
        if (waiter.test(event)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<EventRecorder> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/events`, { headers });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new EventRecorder(socket)));
      socket.once('error', reject);
    });
  }

  /** The first event (already seen or still to come) of this type that passes the test. */
  next<T extends ServerEvent['type']>(
    type: T,
    test: (event: Extract<ServerEvent, { type: T }>) => boolean = () => true,
  ): Promise<Extract<ServerEvent, { type: T }>> {
    const matches = (e: ServerEvent): e is Extract<ServerEvent, { type: T }> =>
      e.type === type && test(e as Extract<ServerEvent, { type: T }>);
    const seen = this.events.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      this.#waiters.push({
        test: matches,
        resolve: (e) => resolve(e as Extract<ServerEvent, { type: T }>),
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** Why a WebSocket upgrade was refused: the HTTP status the server answered. */
export function refusedUpgradeStatus(
  url: string,
  headers: Record<string, string>,
): Promise<number> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/events`, { headers });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('error', () => undefined);
  });
}
