import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerEvent } from '../shared/events.js';
import { DATA_DIR_LOCK_FILE, DirectoryLock, DirectoryLockedError } from './directory-lock.js';
import { type EngineConfig, jobLogDir, resolveEngineConfig } from './engine-config.js';
import { beanstalkdStartError, EngineError } from './engine-error.js';
import { MessageIngest } from './mail/message-ingest.js';
import { MessageStore } from './mail/message-store.js';
import { MimeParser } from './mail/mime-parser.js';
import { SmtpCatcher } from './mail/smtp-catcher.js';
import { DATABASE_FILE, openStoreDatabase } from './mail/store-database.js';
import { loadOrCreateCertificate, type TlsCertificate } from './mail/tls-certificate.js';
import { EmbeddedBeanstalkd } from './queue/index.js';
import { loadSqliteBinding } from './sqlite-binding.js';

/** How often retention runs for age (the count limit is also enforced on every insert). */
const RETENTION_INTERVAL_MS = 60_000;

interface EngineEvents {
  event: [ServerEvent];
  /** Something a person must hear about that stops nothing, e.g. the job log can't be written. */
  warning: [Error];
}

/**
 * Builds the engine from one config and runs it: the mail store in the data dir, the SMTP
 * catcher in front of it, age retention on a timer, and the embedded beanstalkd (its job log
 * in the data dir too). Stops them in reverse order.
 */
export class Engine extends EventEmitter<EngineEvents> {
  private readonly sweepTimer: NodeJS.Timeout;
  private stopping: Promise<void> | null = null;

  private constructor(
    readonly config: EngineConfig,
    readonly smtpAddress: { host: string; port: number },
    /** Where the embedded beanstalkd listens; null when it is off (`beanstalkdEnabled: false`). */
    readonly beanstalkdAddress: { host: string; port: number } | null,
    readonly store: MessageStore,
    private readonly catcher: SmtpCatcher,
    private readonly beanstalkd: EmbeddedBeanstalkd | null,
    private readonly parser: MimeParser,
    private readonly lock: DirectoryLock,
  ) {
    super();
    store.on('event', (event) => this.emit('event', event));
    beanstalkd?.on('log-error', (error) => this.emit('warning', error));
    this.sweepTimer = setInterval(() => this.sweep(), RETENTION_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  /**
   * Age retention on the timer. A failure (the database locked or the disk full) is a warning:
   * thrown from a timer it would end the process, and the next sweep may well succeed.
   */
  sweep(): void {
    try {
      this.store.applyRetention();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.emit('warning', new Error(`retention sweep failed: ${reason}`, { cause: error }));
    }
  }

  /**
   * Rejects with EngineError when a port, an address, the data dir or SQLite cannot be used; a
   * listener's failure names it (`listener`) and leaves nothing of the engine running.
   */
  static async start(partial: Partial<EngineConfig> = {}): Promise<Engine> {
    const config = resolveEngineConfig(partial);
    const parser = new MimeParser(undefined, config.parseTimeoutMs);
    const lock = await lockDataDir(config.dataDir);
    let store: MessageStore;
    try {
      store = openStore(config, parser);
    } catch (error) {
      lock.release();
      throw error;
    }
    try {
      store.applyRetention();
      const tls = config.smtpTls ? await certificate(config.dataDir) : null;
      const ingest = new MessageIngest(store, parser);
      const catcher = new SmtpCatcher(
        { host: config.host, port: config.smtpPort, maxMessageSize: config.maxMessageSize, tls },
        ingest,
      );
      const smtpAddress = await catcher.start();
      let beanstalkd: EmbeddedBeanstalkd | null;
      try {
        beanstalkd = config.beanstalkdEnabled ? await startBeanstalkd(config) : null;
      } catch (error) {
        await catcher.stop();
        throw error;
      }
      const beanstalkdAddress = beanstalkd && { ...beanstalkd.address };
      return new Engine(
        config,
        smtpAddress,
        beanstalkdAddress,
        store,
        catcher,
        beanstalkd,
        parser,
        lock,
      );
    } catch (error) {
      await parser.close();
      await store.close();
      lock.release();
      throw error;
    }
  }

  /**
   * Closes SMTP (after in-flight messages are stored), then beanstalkd, then the parser and the
   * database. beanstalkd goes after SMTP: a worker whose send was just refused can still
   * release or bury its job, and that is logged; reserved jobs are ready again after a restart
   * either way. It goes before the database only for tidiness: it never touches it.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.sweepTimer);
      await this.catcher.stop();
      await this.beanstalkd?.stop();
      await this.parser.close();
      await this.store.close();
      this.lock.release();
    })();
    return this.stopping;
  }
}

/** Creates the data dir and takes it for this engine, before anything in it is opened. */
async function lockDataDir(path: string): Promise<DirectoryLock> {
  try {
    await mkdir(path, { recursive: true });
    return DirectoryLock.acquire(path, DATA_DIR_LOCK_FILE);
  } catch (error) {
    if (error instanceof DirectoryLockedError) {
      throw new EngineError('DATA_DIR_LOCKED', error.message, { path, cause: error });
    }
    throw dataDirUnusable(path, error);
  }
}

function openStore(config: EngineConfig, parser: MimeParser): MessageStore {
  loadSqliteBinding(config.sqliteNativeBinding);
  const path = config.dataDir;
  try {
    const db = openStoreDatabase(join(path, DATABASE_FILE), config.sqliteNativeBinding);
    return new MessageStore(db, parser, config);
  } catch (error) {
    throw dataDirUnusable(path, error);
  }
}

function dataDirUnusable(path: string, error: unknown): EngineError {
  return new EngineError(
    'DATA_DIR_UNUSABLE',
    `cannot use data directory ${path}: ${reason(error)}`,
    {
      path,
      cause: error,
    },
  );
}

async function startBeanstalkd(config: EngineConfig): Promise<EmbeddedBeanstalkd> {
  const { beanstalkdHost: host, beanstalkdPort: port, beanstalkdPersist: persist } = config;
  const dataDir = jobLogDir(config.dataDir);
  try {
    return await EmbeddedBeanstalkd.start({
      host,
      port,
      persist,
      ...(persist && { dataDir }),
      ...(config.beanstalkdMaxJobSize !== undefined && { maxJobSize: config.beanstalkdMaxJobSize }),
    });
  } catch (error) {
    throw beanstalkdStartError(error, host, port, dataDir);
  }
}

async function certificate(dataDir: string): Promise<TlsCertificate> {
  try {
    return await loadOrCreateCertificate(dataDir);
  } catch (error) {
    throw new EngineError(
      'DATA_DIR_UNUSABLE',
      `cannot create the TLS certificate in ${dataDir}: ${reason(error)}`,
      {
        path: dataDir,
        cause: error,
      },
    );
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
