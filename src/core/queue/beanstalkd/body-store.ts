import type { Job } from './job.js';

/** Bodies are appended to slabs of this size (one allocation holds ~1,000 small bodies). */
const SLAB_BYTES = 256 * 1024;
/** A body this big gets an allocation of its own: appending it would waste a slab's tail. */
const OWN_SLAB_MIN = SLAB_BYTES / 8;
/** Compaction is not worth a walk over the jobs for less unusable space than this. */
const COMPACT_MIN_GARBAGE = 4 << 20;

/**
 * One allocation that bodies are appended to. It is freed (by the GC) once no job points
 * into it; until then its dead bytes are garbage the store accounts for.
 */
export class Slab {
  readonly bytes: Buffer;
  used = 0;
  live = 0;

  constructor(capacity: number) {
    // Not zero-filled: every byte handed out is written before it is read.
    this.bytes = Buffer.allocUnsafeSlow(capacity);
  }

  /** Less than three quarters live: compaction moves its bodies out. */
  get sparse(): boolean {
    return this.live * 4 < this.bytes.length * 3;
  }
}

/** The slab of jobs that have no body yet. */
export const NO_SLAB = new Slab(0);

/**
 * Job bodies, packed into large slabs instead of one Buffer object per body: a job keeps
 * (slab, offset, length) — three small fields — rather than a 96-byte Buffer view plus
 * the 8 KiB pool slice it points into. Slabs are append-only; a freed body leaves a hole
 * that is counted, and when the holes in older slabs outgrow the live bodies, the bodies of
 * sparse slabs are copied into fresh ones so the sparse slabs can be collected. Bodies are
 * never overwritten in place, so a Buffer view handed to a socket stays valid.
 */
export class BodyStore {
  private current = NO_SLAB;
  private liveBytes = 0;
  /** Dead bytes in slabs other than `current` that still hold a live body. */
  private garbageBytes = 0;

  /** Gives `job` room for `len` bytes (payload plus CRLF), to be written by the caller. */
  place(job: Job, len: number): void {
    this.liveBytes += len;
    if (len >= OWN_SLAB_MIN) {
      const own = new Slab(len);
      own.used = len;
      own.live = len;
      job.slab = own;
      job.bodyAt = 0;
      job.bodyLen = len;
      return;
    }
    let slab = this.current;
    if (slab.bytes.length - slab.used < len) {
      this.retire(slab);
      slab = new Slab(SLAB_BYTES);
      this.current = slab;
    }
    job.slab = slab;
    job.bodyAt = slab.used;
    job.bodyLen = len;
    slab.used += len;
    slab.live += len;
  }

  free(job: Job): void {
    this.liveBytes -= job.bodyLen;
    this.release(job.slab, job.bodyLen);
    job.slab = NO_SLAB;
    job.bodyAt = 0;
    job.bodyLen = 0;
  }

  /** True when the holes are worth a walk over all jobs (amortized: they at least match the live bytes). */
  get needsCompaction(): boolean {
    return this.garbageBytes > Math.max(COMPACT_MIN_GARBAGE, this.liveBytes);
  }

  /** Copies the bodies of sparse slabs into fresh ones; `jobs` must be every job with a body. */
  compact(jobs: Iterable<Job>): void {
    for (const job of jobs) {
      const from = job.slab;
      if (from === this.current || from === NO_SLAB || !from.sparse) continue;
      const { bodyAt, bodyLen } = job;
      this.liveBytes -= bodyLen;
      this.place(job, bodyLen);
      from.bytes.copy(job.slab.bytes, job.bodyAt, bodyAt, bodyAt + bodyLen);
      this.release(from, bodyLen);
    }
  }

  get stats(): { liveBytes: number; garbageBytes: number } {
    return { liveBytes: this.liveBytes, garbageBytes: this.garbageBytes };
  }

  private release(slab: Slab, len: number): void {
    slab.live -= len;
    if (slab === this.current) return;
    this.garbageBytes += len;
    // Nothing points into it any more: the GC takes it, and its holes stop counting.
    if (slab.live === 0) this.garbageBytes -= slab.bytes.length;
  }

  /** `slab` stops taking bodies; its unused tail and holes become garbage while it lives. */
  private retire(slab: Slab): void {
    if (slab.live > 0) this.garbageBytes += slab.bytes.length - slab.live;
  }
}
