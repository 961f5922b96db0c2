import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { type RunningBeanpost, startBeanpost } from '../../../src/server/start-beanpost.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

/** The e2e tests drive the built UI; a missing build is a failure with a way out, not a skip. */
export function assertRendererBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(
      `${join(RENDERER_DIR, 'index.html')} is missing: build the UI first with \`npx electron-vite build\` (\`npm test\` does this)`,
    );
  }
}

export interface E2eBeanpost {
  readonly url: string;
  readonly smtpPort: number;
  readonly httpPort: number;
  readonly dataDir: string;
  readonly running: RunningBeanpost;
  /** Sends through the real SMTP listener with nodemailer; resolves on the server's 250. */
  send(mail: Mail.Options): Promise<void>;
  /** Stops the server (the data dir stays) so the UI sees the engine go away. */
  stop(): Promise<void>;
  /** Starts again on the same ports and data dir. */
  restart(): Promise<void>;
  /** Stops and removes the data dir. */
  close(): Promise<void>;
}

/** A real Beanpost (engine + HTTP/WebSocket API + built UI) on free ports with a temp data dir. */
export async function startE2eBeanpost(): Promise<E2eBeanpost> {
  assertRendererBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'beanpost-e2e-'));
  let running = await startBeanpost({
    smtpPort: 0,
    httpPort: 0,
    beanstalkdPort: 0,
    dataDir,
    staticDir: RENDERER_DIR,
  });
  const { smtpPort, httpPort, url } = running;
  const beanstalkdPort = running.engine.beanstalkdAddress?.port ?? 0;
  let stopped = false;
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
  });
  return {
    url,
    smtpPort,
    httpPort,
    dataDir,
    get running() {
      return running;
    },
    send: async (mail) => {
      await transport.sendMail({ from: 'sender@example.test', to: 'rcpt@example.test', ...mail });
    },
    stop: async () => {
      stopped = true;
      await running.stop();
    },
    restart: async () => {
      running = await startBeanpost({
        smtpPort,
        httpPort,
        beanstalkdPort,
        dataDir,
        staticDir: RENDERER_DIR,
      });
      stopped = false;
    },
    close: async () => {
      transport.close();
      if (!stopped) await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
