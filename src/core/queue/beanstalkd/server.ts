import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { nowMs } from './clock.js';
import type { CommandContext } from './commands.js';
import { Connection, type ConnectionHost } from './connection.js';
import { listenError } from './errors.js';
import type { Journal } from './journal.js';
import { MAX_TICK_PERIOD_MS } from './limits.js';
import type { QueueState } from './queue-state.js';
import type { ServerIdentity } from './stats-format.js';

/** Something that must reach the OS before replies leave (the binlog). */
export interface Flushable extends Journal {
  /** False when this turn's records did not reach the file (replies must not acknowledge them). */
  flush(): boolean;
}

/** Turns in a row the run loop may spend on timers that are already due. */
const MAX_INLINE_TICKS = 64;

/**
 * The network side: accepts clients, runs their pumps, flushes the binlog and then the
 * replies once per turn, and keeps ONE timer armed for the queue's next deadline.
 */
export class BeanstalkdServer implements ConnectionHost {
  readonly ctx: CommandContext;
  private readonly server: Server;
  private readonly conns = new Set<Connection>();
  private readonly runnable = new Set<Connection>();
  private readonly dirty = new Set<Connection>();
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private nextConnId = 1;

  constructor(
    readonly q: QueueState,
    maxJobSize: number,
    private readonly journal: Flushable | null,
  ) {
    const identity: ServerIdentity = {
      startedAt: nowMs(),
      maxJobSize,
      instanceId: randomBytes(8).toString('hex'),
    };
    this.ctx = { q, identity };
    q.journal = journal;
    this.server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) =>
      this.accept(socket),
    );
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => reject(listenError(err, host, port));
      this.server.once('error', onError);
      this.server.listen({ host, port, backlog: 1024 }, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        const bound = typeof addr === 'object' && addr ? addr.port : port;
        resolve({ host, port: bound });
      });
    });
  }

  /** Stops accepting, closes every client (their reserved jobs go back to ready). */
  close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const c of [...this.conns]) c.close();
    this.flushAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  private accept(socket: Socket): void {
    const conn = new Connection(this, socket, this.nextConnId++);
    this.conns.add(conn);
  }

  markRunnable(conn: Connection): void {
    this.runnable.add(conn);
    this.run();
  }

  markDirty(conn: Connection): void {
    this.dirty.add(conn);
  }

  closed(conn: Connection): void {
    this.conns.delete(conn);
    this.runnable.delete(conn);
  }

  /** One turn: due timers, every runnable connection, then binlog, then replies. */
  private run(): void {
    if (this.running) return;
    this.running = true;
    try {
      for (let i = 0; i < MAX_INLINE_TICKS; i++) {
        this.q.tickIfDue();
        for (const c of this.runnable) {
          this.runnable.delete(c);
          c.pump();
        }
        if (this.runnable.size === 0 && this.q.wakeAt > nowMs()) break;
      }
      this.flushAll();
      this.armTimer();
    } finally {
      this.running = false;
    }
  }

  private flushAll(): void {
    if (this.dirty.size === 0) return;
    const logged = this.journal ? this.journal.flush() : true;
    for (const c of this.dirty) c.flush(logged);
    this.dirty.clear();
  }

  private armTimer(): void {
    const at = this.q.wakeAt;
    if (at === this.timerAt && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = at;
    if (!Number.isFinite(at)) return;
    // setTimeout turns anything over 2^31-1 ms into 1 ms (a busy loop): wake early instead,
    // find nothing due, and arm again.
    const delay = Math.min(Math.max(0, Math.ceil(at - nowMs())), MAX_TICK_PERIOD_MS);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.run();
    }, delay);
    this.timer.unref();
  }
}
