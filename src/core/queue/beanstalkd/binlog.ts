import { EventEmitter } from 'node:events';
import {
  closeSync,
  fsync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { DirectoryLock, DirectoryLockedError } from '../../directory-lock.js';
import {
  decodeRecords,
  encodeDelete,
  encodedJobSize,
  encodeJob,
  encodeNextId,
  encodeUpdate,
  type FullJobFacts,
  RecordKind,
} from './binlog-format.js';
import { fromWallMs, nowMs, toWallMs } from './clock.js';
import { BeanstalkdError } from './errors.js';
import { type Job, JobState } from './job.js';
import type { Journal, JournalStats } from './journal.js';
import { type LogIo, realLogIo, writeAll } from './log-io.js';
import type { QueueState } from './queue-state.js';

/**
 * When the log is forced from the OS to the disk.
 * - `always`: fsync before every reply that follows a write. Survives power loss.
 * - `{ intervalMs }` (default 50, like beanstalkd's -f): at most that long after a write.
 *   A power loss can lose the jobs acknowledged in the last interval.
 * - `never`: the OS decides (-F).
 * In every mode a record is written to the OS (write(2)) before the client hears
 * INSERTED/RELEASED/BURIED/KICKED/DELETED, so `kill -9` of the process loses nothing
 * that was acknowledged; only a crash of the machine depends on the fsync policy.
 */
export type FsyncPolicy = 'always' | 'never' | { intervalMs: number };

/** Compact once the file is this big and live jobs fill less than half of it. */
const COMPACT_MIN_BYTES = 8 << 20;

const FILE_PREFIX = 'binlog.';

/** While the log is broken, a fresh snapshot is tried at most this often (a full disk stays full). */
const RECOVERY_RETRY_MS = 1000;

const LOCK_FILE = 'lock';

function fileSeqs(dir: string): number[] {
  return readdirSync(dir)
    .filter((f) => /^binlog\.\d+$/.test(f))
    .map((f) => Number(f.slice(FILE_PREFIX.length)))
    .sort((a, b) => a - b);
}

export interface BinlogEvents {
  compacted: [{ bytesBefore: number; bytesAfter: number; jobs: number }];
  error: [BeanstalkdError];
}

/**
 * The append-only job log in a directory. One active file `binlog.N`; compaction writes
 * the live jobs to `binlog.N+1` (fsynced, then renamed into place) and drops the old file.
 * A `lock` file holding the pid keeps two servers off one directory.
 */
export class Binlog extends EventEmitter<BinlogEvents> implements Journal {
  private fd = -1;
  private seq = 0;
  private fileBytes = 0;
  /** Bytes of the full records of live jobs: what a compaction would keep. */
  private liveBytes = 0;
  private pending: Buffer[] = [];
  private recordsWritten = 0;
  private recordsMigrated = 0;
  private syncTimer: NodeJS.Timeout | null = null;
  private unsynced = false;
  /** An fsync runs in the thread pool: the fd must stay open until it is done. */
  private syncing = false;
  private closed = false;
  private dirLock: DirectoryLock | null = null;
  /**
   * A write failed: the file ends at the last good record but no longer matches memory.
   * Nothing is appended until a snapshot of memory replaces it.
   */
  private broken = false;
  private retryAt = 0;

  private constructor(
    private readonly dir: string,
    private readonly policy: FsyncPolicy,
    private readonly q: QueueState,
    private readonly io: LogIo,
  ) {
    super();
  }

  /** Locks the directory, replays the newest log into `q`, and starts a fresh file. */
  static async open(
    dir: string,
    policy: FsyncPolicy,
    q: QueueState,
    io: LogIo = realLogIo,
  ): Promise<Binlog> {
    const log = new Binlog(dir, policy, q, io);
    try {
      mkdirSync(dir, { recursive: true });
      log.lock();
      const seqs = fileSeqs(dir);
      const newest = seqs.at(-1);
      if (newest !== undefined) log.replay(readFileSync(join(dir, `${FILE_PREFIX}${newest}`)));
      log.seq = newest ?? 0;
      log.writeSnapshot();
    } catch (err) {
      if (err instanceof BeanstalkdError) throw err;
      throw new BeanstalkdError(
        'DATA_DIR_UNUSABLE',
        `(${dir}: ${(err as Error).message})`,
        undefined,
        {
          cause: err,
        },
      );
    }
    return log;
  }

  private lock(): void {
    try {
      this.dirLock = DirectoryLock.acquire(this.dir, LOCK_FILE);
    } catch (err) {
      if (!(err instanceof DirectoryLockedError)) throw err;
      const owner = err.owner === 'this process' ? err.owner : `pid ${err.owner}`;
      throw new BeanstalkdError('DATA_DIR_LOCKED', `(${this.dir}, ${owner})`);
    }
  }

  private replay(file: Buffer): void {
    const { records } = decodeRecords(file);
    const jobs = new Map<number, FullJobFacts & { order: number }>();
    let nextId = 1;
    records.forEach((rec, order) => {
      switch (rec.kind) {
        case RecordKind.Job:
          jobs.set(rec.job.id, { ...rec.job, order });
          nextId = Math.max(nextId, rec.job.id + 1);
          break;
        case RecordKind.Update: {
          const known = jobs.get(rec.job.id);
          if (known) jobs.set(rec.job.id, { ...known, ...rec.job, order });
          break;
        }
        case RecordKind.Delete:
          jobs.delete(rec.id);
          break;
        case RecordKind.NextId:
          nextId = Math.max(nextId, rec.nextId);
          break;
      }
    });
    const nowWall = toWallMs(nowMs());
    // Buried jobs go back in the order they were buried; the heaps order the rest.
    const facts = [...jobs.values()].sort((a, b) => a.order - b.order);
    for (const f of facts) {
      const tube = this.q.tubeFindOrMake(f.tube);
      const j = this.q.makeJob(
        f.pri,
        f.delayMs / 1000,
        f.ttrMs / 1000,
        f.body.length,
        tube,
        f.id,
        fromWallMs(f.createdAt),
      );
      f.body.copy(j.slab.bytes, j.bodyAt);
      if (f.state === JobState.Buried) {
        this.q.buryJob(j);
      } else {
        const left = f.state === JobState.Delayed ? Math.ceil(f.deadlineAt - nowWall) : 0;
        this.q.enqueueJob(j, Math.max(left, 0));
      }
      // Restore the counts as logged (buryJob above counted one more bury).
      const counted = f.reserveCt || f.timeoutCt || f.releaseCt || f.buryCt || f.kickCt;
      if (counted || f.state === JobState.Buried) {
        Object.assign(j.countsToUpdate(), {
          reserveCt: f.reserveCt,
          timeoutCt: f.timeoutCt,
          releaseCt: f.releaseCt,
          buryCt: f.buryCt,
          kickCt: f.kickCt,
        });
      }
    }
    this.q.nextId = Math.max(this.q.nextId, nextId);
  }

  /**
   * Writes every live job to a new file and makes it the active one. Throws, leaving the
   * active file as it was, when the new file cannot be written.
   */
  private writeSnapshot(): void {
    const bytesBefore = this.fileBytes;
    const next = this.seq + 1;
    const tmp = join(this.dir, `${FILE_PREFIX}${next}.tmp`);
    const fd = openSync(tmp, 'w');
    let bytes = 0;
    let live = 0;
    try {
      const chunks: Buffer[] = [encodeNextId(this.q.nextId)];
      const writeOut = (): void => {
        const buf = Buffer.concat(chunks);
        writeAll(this.io, fd, buf, bytes);
        bytes += buf.length;
        chunks.length = 0;
      };
      for (const j of this.q.jobs.values()) {
        if (j.state === JobState.Invalid) continue;
        const rec = encodeJob(j);
        live += rec.length;
        chunks.push(rec);
        if (chunks.length >= 1024) writeOut();
      }
      writeOut();
      this.io.fsync(fd);
      renameSync(tmp, join(this.dir, `${FILE_PREFIX}${next}`));
    } catch (err) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw err;
    }
    // The new file is in place and is what a restart replays: switch to it before anything
    // else can fail, so no record is ever appended to a file that is no longer the newest.
    const old = this.fd;
    this.fd = fd;
    this.seq = next;
    this.fileBytes = bytes;
    this.liveBytes = live;
    this.recordsMigrated += this.q.jobs.size;
    try {
      this.syncDir();
      if (old >= 0) closeSync(old);
      for (const seq of fileSeqs(this.dir)) {
        if (seq < next) unlinkSync(join(this.dir, `${FILE_PREFIX}${seq}`));
      }
    } catch (err) {
      // Old files left behind are harmless: replay reads only the newest.
      this.emitError(err);
    }
    if (bytesBefore > 0) {
      this.emit('compacted', { bytesBefore, bytesAfter: bytes, jobs: this.q.jobs.size });
    }
  }

  private syncDir(): void {
    const dfd = openSync(this.dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  }

  // ---- Journal ----

  put(job: Job): void {
    const rec = encodeJob(job);
    this.liveBytes += rec.length;
    this.pending.push(rec);
  }

  update(job: Job): void {
    this.pending.push(encodeUpdate(job));
  }

  remove(job: Job): void {
    // Only jobs that were put (so logged) are deleted: their record has this size.
    this.liveBytes -= encodedJobSize(job);
    this.pending.push(encodeDelete(job.id));
  }

  /** Every job with a body in place is in the current file (put, or the last snapshot). */
  fileOf(job: Job): number {
    return job.state === JobState.Invalid ? 0 : this.seq;
  }

  stats(): JournalStats {
    return {
      oldestIndex: this.seq,
      currentIndex: this.seq,
      recordsMigrated: this.recordsMigrated,
      recordsWritten: this.recordsWritten,
      maxSize: COMPACT_MIN_BYTES,
    };
  }

  /**
   * Hands this turn's records to the OS; called before replies leave. False when they are
   * not in the file: the replies that acknowledge them must not go out (see README).
   */
  flush(): boolean {
    if (this.closed) return !this.broken;
    if (this.broken) return this.recover();
    if (this.pending.length === 0) return true;
    const buf =
      this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    const count = this.pending.length;
    this.pending = [];
    const at = this.fileBytes;
    try {
      writeAll(this.io, this.fd, buf, at);
      if (this.policy === 'always') this.io.fsync(this.fd);
    } catch (err) {
      this.breakAt(at, err);
      return this.recover();
    }
    this.fileBytes += buf.length;
    this.recordsWritten += count;
    this.scheduleSync();
    const garbageDominates = this.fileBytes > 2 * this.liveBytes;
    if (!this.syncing && this.fileBytes > COMPACT_MIN_BYTES && garbageDominates) {
      try {
        this.writeSnapshot();
      } catch (err) {
        // The active file is intact and complete: keep appending to it.
        this.emitError(err);
      }
    }
    return true;
  }

  /**
   * Cuts the file back to `goodBytes`, the end of the last whole record, so a restart never
   * meets a torn record with good ones after it. Appending stops until `recover` succeeds.
   */
  private breakAt(goodBytes: number, err: unknown): void {
    this.broken = true;
    this.retryAt = 0;
    this.emitError(err);
    try {
      this.io.truncate(this.fd, goodBytes);
    } catch {
      // The torn tail stays, but nothing is appended after it: a restart drops only it.
    }
  }

  /** Replaces the broken file with a snapshot of memory, which holds every pending change. */
  private recover(): boolean {
    this.pending = [];
    if (nowMs() < this.retryAt) return false;
    try {
      this.writeSnapshot();
    } catch {
      this.retryAt = nowMs() + RECOVERY_RETRY_MS;
      return false;
    }
    this.broken = false;
    return true;
  }

  private emitError(err: unknown): void {
    this.emit(
      'error',
      new BeanstalkdError('LOG_WRITE_FAILED', (err as Error).message, undefined, { cause: err }),
    );
  }

  /** With an interval policy: fsync in the thread pool at most `intervalMs` after a write. */
  private scheduleSync(): void {
    if (this.policy === 'never' || this.policy === 'always') return;
    this.unsynced = true;
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      if (!this.unsynced || this.closed) return;
      this.unsynced = false;
      this.syncing = true;
      fsync(this.fd, (err) => {
        this.syncing = false;
        if (err) this.emitError(err);
      });
    }, this.policy.intervalMs);
    this.syncTimer.unref();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.retryAt = 0;
    this.flush();
    this.closed = true;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    if (this.fd >= 0) {
      try {
        this.io.fsync(this.fd);
      } catch (err) {
        this.emitError(err);
      }
      closeSync(this.fd);
      this.fd = -1;
    }
    this.dirLock?.release();
  }
}
