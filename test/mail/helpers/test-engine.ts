import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { Engine, type EngineConfig } from '../../../src/core/index.js';

export async function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'beanpost-mail-test-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** A real engine on a free port over a fresh temp data dir; mail only (no beanstalkd). */
export async function startTestEngine(
  options: Partial<EngineConfig> = {},
): Promise<{ engine: Engine; dataDir: string }> {
  const dataDir = options.dataDir ?? (await tempDataDir());
  const engine = await Engine.start({ smtpPort: 0, beanstalkdEnabled: false, ...options, dataDir });
  return { engine, dataDir };
}

/** A nodemailer transport to the engine; `tls` adds STARTTLS against the self-signed cert. */
export function transportTo(
  engine: Engine,
  extra: {
    auth?: { user: string; pass: string; method?: string };
    requireTLS?: boolean;
    pool?: boolean;
  } = {},
): Transporter {
  return nodemailer.createTransport({
    pool: extra.pool ?? false,
    maxConnections: 1,
    host: '127.0.0.1',
    port: engine.smtpAddress.port,
    secure: false,
    ignoreTLS: !extra.requireTLS,
    requireTLS: extra.requireTLS ?? false,
    tls: { rejectUnauthorized: false },
    ...(extra.auth
      ? { auth: { user: extra.auth.user, pass: extra.auth.pass }, authMethod: extra.auth.method }
      : {}),
  });
}
