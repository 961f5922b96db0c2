import type { Socket } from 'node:net';
import { type CommandContext, dispatchCommand, finishPut, type Replier } from './commands.js';
import type { Job } from './job.js';
import { LINE_BUF_SIZE } from './limits.js';
import { Session, type SessionSink } from './session.js';

/** What a connection needs from the server that owns it. */
export interface ConnectionHost {
  readonly ctx: CommandContext;
  /** Run this connection's pump in the current turn (its input can make progress). */
  markRunnable(conn: Connection): void;
  /** It has output to flush at the end of the turn. */
  markDirty(conn: Connection): void;
  closed(conn: Connection): void;
}

/** conn.c's states, minus the send states (output is queued, never waited on). */
type WireState = 'command' | 'endline' | 'data' | 'bitbucket' | 'wait' | 'closed';

/** Stop reading a client that sends faster than we answer, or does not read its answers. */
const HIGH_WATER_BYTES = 1 << 20;

const EMPTY = Buffer.alloc(0);

/** A reply that stands only if this turn's log records reach the file (Replier.logged). */
interface LoggedReply {
  text: string;
  failed: () => string;
}

/**
 * One client socket: frames its bytes the way conn_process_io does (224-byte command
 * window, the first CR decides the line end, over-long lines discarded up to the next
 * CRLF, bodies read whole), runs commands in order, and queues replies.
 */
export class Connection implements Replier, SessionSink {
  readonly session: Session;
  private state: WireState = 'command';
  private current: Buffer = EMPTY;
  private pos = 0;
  private readonly queued: Buffer[] = [];
  private queuedBytes = 0;
  private bodyRead = 0;
  private skipLeft = 0;
  private skipReply = '';
  private out: (Buffer | string | LoggedReply)[] = [];
  private halfClosed = false;
  private paused = false;

  constructor(
    private readonly host: ConnectionHost,
    private readonly socket: Socket,
    connId: number,
  ) {
    const q = host.ctx.q;
    this.session = new Session(connId, q.defaultTube, this);
    q.openSession(this.session);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => {
      this.halfClosed = true;
      this.host.markRunnable(this);
    });
    socket.on('drain', () => this.host.markRunnable(this));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.queued.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.queuedBytes > HIGH_WATER_BYTES && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.host.markRunnable(this);
  }

  /** Makes `current` hold at least `want` unread bytes when that many exist (small `want`). */
  private gather(want: number): void {
    while (this.current.length - this.pos < want && this.queued.length > 0) {
      const next = this.queued.shift() as Buffer;
      this.queuedBytes -= next.length;
      this.current =
        this.pos >= this.current.length
          ? next
          : Buffer.concat([this.current.subarray(this.pos), next]);
      this.pos = 0;
    }
  }

  /** Hands out up to `max` unread bytes without copying. */
  private takeChunk(max: number): Buffer {
    if (this.pos >= this.current.length) {
      this.current = this.queued.shift() ?? EMPTY;
      this.queuedBytes -= this.current.length;
      this.pos = 0;
    }
    const n = Math.min(max, this.current.length - this.pos);
    const chunk = this.current.subarray(this.pos, this.pos + n);
    this.pos += n;
    return chunk;
  }

  /** Runs as many buffered commands as the connection's state allows. */
  pump(): void {
    const { q } = this.host.ctx;
    for (;;) {
      if (this.isClosed) return;
      if (this.socket.writableLength > HIGH_WATER_BYTES) return;
      q.tickIfDue();
      if (!this.step()) break;
    }
    if (this.isClosed) return;
    if (this.paused && this.queuedBytes < HIGH_WATER_BYTES / 2) {
      this.paused = false;
      this.socket.resume();
    }
    // End of input: whatever is left can never complete (the C server closes on read() == 0).
    if (this.halfClosed && this.state !== 'wait') this.close();
  }

  /** One step of the state machine; false when it must wait for input or a job. */
  private step(): boolean {
    switch (this.state) {
      case 'command':
      case 'endline':
        return this.stepLine();
      case 'data':
        return this.stepBody();
      case 'bitbucket':
        return this.stepSkip();
      case 'wait':
        if (!this.halfClosed) return false;
        // A client that half-closed while blocked gets TIMED_OUT, as from the C server.
        this.host.ctx.q.removeWaitingConn(this.session);
        this.session.pendingTimeout = -1;
        this.waitEnded('TIMED_OUT');
        return true;
      case 'closed':
        return false;
    }
  }

  private stepLine(): boolean {
    this.gather(LINE_BUF_SIZE);
    const avail = this.current.length - this.pos;
    if (avail === 0) return false;
    const window = Math.min(avail, LINE_BUF_SIZE);
    const len = scanLineEnd(this.current, this.pos, window);
    if (len > 0) {
      const start = this.pos;
      this.pos += len;
      if (this.state === 'endline') {
        this.state = 'command';
        this.line('BAD_FORMAT\r\n');
      } else {
        const text = this.current.toString('latin1', start, start + len - 2);
        dispatchCommand(this.host.ctx, this.session, text, this);
      }
      if (this.state !== 'closed') this.host.ctx.q.connSched(this.session);
      return true;
    }
    if (window === LINE_BUF_SIZE) {
      // Too long: drop what the C server's line buffer held and skip to the next CRLF.
      this.pos += LINE_BUF_SIZE;
      this.state = 'endline';
      return true;
    }
    return false;
  }

  private stepBody(): boolean {
    const job = this.session.inJob as Job;
    const need = job.bodyLen - this.bodyRead;
    if (need > 0) {
      const chunk = this.takeChunk(need);
      if (chunk.length === 0) return false;
      // Copied into the job's slab: keeping `chunk` would keep the whole socket read alive.
      chunk.copy(job.slab.bytes, job.bodyAt + this.bodyRead);
      this.bodyRead += chunk.length;
      if (this.bodyRead < job.bodyLen) return true;
    }
    this.state = 'command';
    finishPut(this.host.ctx, this.session, this);
    this.host.ctx.q.connSched(this.session);
    return true;
  }

  private stepSkip(): boolean {
    if (this.skipLeft > 0) {
      const chunk = this.takeChunk(this.skipLeft);
      if (chunk.length === 0) return false;
      this.skipLeft -= chunk.length;
      if (this.skipLeft > 0) return true;
    }
    this.state = 'command';
    this.line(this.skipReply);
    this.host.ctx.q.connSched(this.session);
    return true;
  }

  // ---- Replier ----

  line(text: string): void {
    this.out.push(text);
    this.host.markDirty(this);
  }

  logged(text: string, failed: () => string): void {
    this.out.push({ text, failed });
    this.host.markDirty(this);
  }

  withBody(line: string, body: Buffer | string): void {
    this.out.push(line, body);
    this.host.markDirty(this);
  }

  readBody(): void {
    this.bodyRead = 0;
    this.state = 'data';
  }

  skip(bytes: number, reply: string): void {
    this.skipLeft = bytes;
    this.skipReply = reply;
    this.state = 'bitbucket';
  }

  beginWait(): void {
    this.state = 'wait';
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.host.ctx.q.closeSession(this.session);
    this.host.closed(this);
    // The last replies leave with everyone else's, after the binlog flush; flush() then ends
    // the socket. Never flush here: an INSERTED must not go out before its record.
    this.host.markDirty(this);
  }

  // ---- SessionSink ----

  reserved(job: Job): void {
    this.withBody(`RESERVED ${job.id} ${job.bodySize}\r\n`, job.body);
    this.resume();
  }

  waitEnded(reply: 'TIMED_OUT' | 'DEADLINE_SOON'): void {
    this.line(`${reply}\r\n`);
    this.resume();
  }

  private resume(): void {
    if (this.state === 'wait') this.state = 'command';
    this.host.ctx.q.connSched(this.session);
    this.host.markRunnable(this);
  }

  /**
   * Sends queued replies; called once per turn after the binlog flush. `logged` says whether
   * this turn's records reached the file; if not, logged replies become their errors.
   */
  flush(logged: boolean): void {
    const parts = this.out.map((p) => {
      if (typeof p === 'string') return Buffer.from(p, 'latin1');
      if (Buffer.isBuffer(p)) return p;
      return Buffer.from(logged ? p.text : p.failed(), 'latin1');
    });
    this.out = [];
    if (parts.length > 0 && !this.socket.destroyed) {
      this.socket.write(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts));
    }
    if (this.state === 'closed') {
      this.socket.end();
      this.socket.destroySoon();
    }
  }
}

/**
 * scan_line_end: the FIRST CR in the window decides. Followed by LF, the line ends there;
 * followed by anything else, this window holds no line at all.
 */
function scanLineEnd(buf: Buffer, from: number, size: number): number {
  const last = from + size - 1;
  for (let i = from; i < last; i++) {
    if (buf[i] === 13) return buf[i + 1] === 10 ? i - from + 2 : 0;
  }
  return 0;
}
