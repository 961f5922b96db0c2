import { join } from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import { EngineError } from './engine-error.js';
import { DEFAULT_PARSE_TIMEOUT_MS } from './mail/mime-parser.js';
import { DEFAULT_BEANSTALKD_HOST, DEFAULT_BEANSTALKD_PORT } from './queue/index.js';

/**
 * Retention defaults, 0 = unlimited:
 * - 50,000 messages: far more than a working day of notification mail, and half the volume the
 *   store is benchmarked at (bench/scale.ts, 100k), so lists and searches stay fast with room.
 * - no age limit: the count already bounds the disk, and a reference mail someone keeps for a
 *   week should not vanish behind their back. Set maxAgeMs to sweep old mail as well.
 */
export const DEFAULT_MAX_MESSAGES = 50_000;
export const DEFAULT_MAX_AGE_MS = 0;
/** 25 MiB: what the big hosted providers accept, so anything our users' apps send fits. */
export const DEFAULT_MAX_MESSAGE_SIZE = 25 * 1024 * 1024;

export function defaultDataDir(): string {
  return envPaths('beanpost', { suffix: '' }).data;
}

/** Where the embedded beanstalkd keeps its job log (binlog files and a lock) inside the data dir. */
export function jobLogDir(dataDir: string): string {
  return join(dataDir, 'beanstalkd');
}

const EngineConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  smtpPort: z.number().int().min(0).max(65_535).default(1025),
  dataDir: z.string().min(1).optional(),
  maxMessages: z.number().int().min(0).default(DEFAULT_MAX_MESSAGES),
  maxAgeMs: z.number().int().min(0).default(DEFAULT_MAX_AGE_MS),
  maxMessageSize: z.number().int().min(1).default(DEFAULT_MAX_MESSAGE_SIZE),
  smtpTls: z.boolean().default(false),
  parseTimeoutMs: z.number().int().min(1).default(DEFAULT_PARSE_TIMEOUT_MS),
  sqliteNativeBinding: z.string().min(1).optional(),
  beanstalkdEnabled: z.boolean().default(true),
  beanstalkdHost: z.string().min(1).default(DEFAULT_BEANSTALKD_HOST),
  beanstalkdPort: z.number().int().min(0).max(65_535).default(DEFAULT_BEANSTALKD_PORT),
  beanstalkdPersist: z.boolean().default(true),
  // The upper bound is the embedded server's (its INVALID_OPTION becomes INVALID_CONFIG).
  beanstalkdMaxJobSize: z.number().int().min(0).optional(),
});

export interface EngineConfig {
  /** SMTP bind address. */
  host: string;
  /** 0 = any free port (tests). */
  smtpPort: number;
  dataDir: string;
  /** Retention by count, 0 = unlimited. */
  maxMessages: number;
  /** Retention by age of receipt, 0 = unlimited. */
  maxAgeMs: number;
  /** Bytes; SMTP SIZE advertises it; a bigger message is answered 552 and not stored. */
  maxMessageSize: number;
  /** Offer STARTTLS with a certificate generated on first run into dataDir. */
  smtpTls: boolean;
  /**
   * A message parsed in the worker (1 MiB and up) that takes longer is stored as malformed
   * ('parse timed out') and the worker replaced; default 30 s, far above any honest message.
   */
  parseTimeoutMs: number;
  /**
   * better-sqlite3's compiled module to load instead of the package's own: the desktop app passes
   * a build for Electron's ABI, while node_modules keeps the one plain Node (the CLI) loads.
   */
  sqliteNativeBinding?: string;
  /** Run the embedded beanstalkd; off for people who run their own. */
  beanstalkdEnabled: boolean;
  /**
   * Its bind address; loopback unless set, whatever `host` is: beanstalkd has no authentication,
   * so exposing SMTP and the token-protected API must not put the job queue on the network too.
   */
  beanstalkdHost: string;
  /** Default 11300 (beanstalkd's own); 0 = any free port (tests). */
  beanstalkdPort: number;
  /**
   * Keep jobs across restarts in an append-only log under `jobLogDir(dataDir)`: every put is
   * written before it is acknowledged, fsynced every 50 ms, compacted as it grows (see
   * src/core/queue/beanstalkd/README.md). Off = jobs in memory only (tests, CI).
   */
  beanstalkdPersist: boolean;
  /** Largest job body in bytes (beanstalkd's `-z`); default 65,535. */
  beanstalkdMaxJobSize?: number;
}

/** Fills defaults and validates; a bad option throws EngineError INVALID_CONFIG. */
export function resolveEngineConfig(partial: Partial<EngineConfig> = {}): EngineConfig {
  // undefined means "use the default" (CLI flags that were not given arrive that way).
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const parsed = EngineConfigSchema.safeParse(given);
  if (!parsed.success) {
    throw new EngineError(
      'INVALID_CONFIG',
      `invalid engine option: ${z.prettifyError(parsed.error)}`,
      {
        cause: parsed.error,
      },
    );
  }
  return { ...parsed.data, dataDir: parsed.data.dataDir ?? defaultDataDir() };
}
