import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import { z } from 'zod';
import { Binlog, type FsyncPolicy } from './binlog.js';
import { BeanstalkdError } from './errors.js';
import { DEFAULT_MAX_JOB_SIZE, MAX_JOB_SIZE_LIMIT } from './limits.js';
import { QueueState } from './queue-state.js';
import { BeanstalkdServer } from './server.js';

export const DEFAULT_BEANSTALKD_HOST = '127.0.0.1';
export const DEFAULT_BEANSTALKD_PORT = 11300;

const FsyncSchema = z.union([
  z.literal('always'),
  z.literal('never'),
  // Up to what setTimeout can hold (2^31-1 ms); a longer timer would fire at once.
  z.object({ intervalMs: z.number().int().min(1).max(2_147_483_647) }),
]);

export const EmbeddedBeanstalkdOptionsSchema = z
  .object({
    host: z.string().min(1).default(DEFAULT_BEANSTALKD_HOST),
    port: z.number().int().min(0).max(65_535).default(DEFAULT_BEANSTALKD_PORT),
    maxJobSize: z.number().int().min(0).max(MAX_JOB_SIZE_LIMIT).default(DEFAULT_MAX_JOB_SIZE),
    /** Keep jobs across restarts in an append-only log under `dataDir`. */
    persist: z.boolean().default(false),
    dataDir: z.string().min(1).optional(),
    /** See binlog.ts: what survives a crash of the process vs. of the machine. */
    fsync: FsyncSchema.default({ intervalMs: 50 }),
  })
  .refine((o) => !o.persist || o.dataDir !== undefined, {
    message: 'persist needs dataDir',
    path: ['dataDir'],
  });
export type EmbeddedBeanstalkdOptions = z.input<typeof EmbeddedBeanstalkdOptionsSchema>;

export interface EmbeddedBeanstalkdEvents {
  /** Drain mode started: new puts get DRAINING. */
  draining: [];
  /** The binlog was rewritten without its garbage. */
  compacted: [{ bytesBefore: number; bytesAfter: number; jobs: number }];
  /**
   * A binlog write or fsync failed. The file is cut back to its last whole record; until a
   * fresh snapshot can be written, puts answer OUT_OF_MEMORY and other logged changes
   * INTERNAL_ERROR (README, Persistence).
   */
  'log-error': [BeanstalkdError];
  stopped: [];
}

/**
 * beanstalkd 1.12 inside the engine: `await EmbeddedBeanstalkd.start(options)` listens
 * (rejecting with BeanstalkdError, code PORT_IN_USE and the port, when it cannot), replays
 * the binlog when persistence is on, and serves until `stop()`.
 */
export class EmbeddedBeanstalkd extends EventEmitter<EmbeddedBeanstalkdEvents> {
  private stopped = false;

  private constructor(
    private readonly server: BeanstalkdServer,
    private readonly binlog: Binlog | null,
    readonly address: { host: string; port: number },
    readonly options: z.output<typeof EmbeddedBeanstalkdOptionsSchema>,
  ) {
    super();
    binlog?.on('compacted', (info) => this.emit('compacted', info));
    binlog?.on('error', (err) => this.emit('log-error', err));
  }

  static async start(options: EmbeddedBeanstalkdOptions = {}): Promise<EmbeddedBeanstalkd> {
    const parsed = EmbeddedBeanstalkdOptionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new BeanstalkdError('INVALID_OPTION', z.prettifyError(parsed.error));
    }
    const opts = parsed.data;
    const q = new QueueState();
    const binlog =
      opts.persist && opts.dataDir
        ? await Binlog.open(opts.dataDir, opts.fsync as FsyncPolicy, q)
        : null;
    const server = new BeanstalkdServer(q, opts.maxJobSize, binlog);
    try {
      const address = await server.listen(opts.host, opts.port);
      return new EmbeddedBeanstalkd(server, binlog, address, opts);
    } catch (err) {
      await binlog?.close();
      throw err;
    }
  }

  /**
   * The first port after `from` that can be bound on `host` (null after `tries` ports), for
   * offering "use the next free port" when the default is taken. Racy by nature: start()
   * still reports PORT_IN_USE if another program takes it first.
   */
  static async nextFreePort(
    host = DEFAULT_BEANSTALKD_HOST,
    from = DEFAULT_BEANSTALKD_PORT,
    tries = 100,
  ): Promise<number | null> {
    for (let port = from + 1; port <= Math.min(from + tries, 65_535); port++) {
      const free = await new Promise<boolean>((resolve) => {
        const probe = createServer();
        probe.once('error', () => resolve(false));
        probe.listen({ host, port }, () => probe.close(() => resolve(true)));
      });
      if (free) return port;
    }
    return null;
  }

  /** `host:port` for clients. */
  get url(): string {
    return `${this.address.host}:${this.address.port}`;
  }

  get draining(): boolean {
    return this.server.q.draining;
  }

  /** Drain mode, as SIGUSR1 does to the C server: puts are refused with DRAINING. */
  drain(): void {
    if (this.server.q.draining) return;
    this.server.q.draining = true;
    this.emit('draining');
  }

  /** Closes every client and the listener, then syncs and closes the binlog. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.server.close();
    await this.binlog?.close();
    this.emit('stopped');
  }
}
