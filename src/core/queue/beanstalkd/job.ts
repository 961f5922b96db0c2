import { NO_SLAB, type Slab } from './body-store.js';
import type { Tube } from './tube.js';

/** Job states; `Invalid` is a job whose body is still arriving (it already has its id). */
export const JobState = {
  Invalid: 0,
  Ready: 1,
  Reserved: 2,
  Buried: 3,
  Delayed: 4,
} as const;
export type JobState = (typeof JobState)[keyof typeof JobState];

const STATE_NAMES = ['invalid', 'ready', 'reserved', 'buried', 'delayed'] as const;

export function jobStateName(state: JobState): string {
  return STATE_NAMES[state];
}

/** What stats-job counts. Most jobs of a backlog never get any, so they share ZERO_COUNTS. */
export class JobCounts {
  reserveCt = 0;
  timeoutCt = 0;
  releaseCt = 0;
  buryCt = 0;
  kickCt = 0;
}

const ZERO_COUNTS: Readonly<JobCounts> = Object.freeze(new JobCounts());

/**
 * One job, sized for 100,000s of them: 13 fields, every one a pointer or a small integer
 * (V8 boxes a field in a 16-byte heap number per object once it has held a double, so
 * times are whole ms from `nowMs()` and u32 protocol values are stored as int32). The body
 * lives in a shared slab (see body-store.ts); `body` makes a view of it on demand.
 */
export class Job {
  state: JobState = JobState.Invalid;
  /** Index in the tube's ready or delay heap, -1 when in neither. */
  heapIndex = -1;
  /** Reserved: TTR deadline. Delayed: when it becomes ready. In `nowMs()` time. */
  deadlineAt = 0;
  /** Created on the first count (see ZERO_COUNTS). */
  private countsOrNull: JobCounts | null = null;
  private pri32: number;
  private delay32: number;
  private readonly ttr32: number;
  /** Payload followed by CRLF, as sent on the wire: `bodyLen` bytes at `bodyAt` in `slab`. */
  slab: Slab = NO_SLAB;
  bodyAt = 0;
  bodyLen = 0;

  constructor(
    readonly id: number,
    pri: number,
    /** Last delay asked for (put or release), seconds; stats-job shows it. */
    delaySec: number,
    ttrSec: number,
    public tube: Tube,
    /** `nowMs()` time; negative for a job replayed from before this process. */
    readonly createdAt: number,
  ) {
    this.pri32 = pri | 0;
    this.delay32 = delaySec | 0;
    this.ttr32 = ttrSec | 0;
  }

  get pri(): number {
    return this.pri32 >>> 0;
  }

  set pri(value: number) {
    this.pri32 = value | 0;
  }

  get delaySec(): number {
    return this.delay32 >>> 0;
  }

  set delaySec(value: number) {
    this.delay32 = value | 0;
  }

  get ttrSec(): number {
    return this.ttr32 >>> 0;
  }

  get counts(): Readonly<JobCounts> {
    return this.countsOrNull ?? ZERO_COUNTS;
  }

  /** The counters, to change them. */
  countsToUpdate(): JobCounts {
    this.countsOrNull ??= new JobCounts();
    return this.countsOrNull;
  }

  /** A fresh view of the body (payload + CRLF); allocate once per use, do not keep it. */
  get body(): Buffer {
    return this.slab.bytes.subarray(this.bodyAt, this.bodyAt + this.bodyLen);
  }

  get bodySize(): number {
    return this.bodyLen - 2;
  }
}

/** Ready order: priority, then id (never the time a job became ready). */
export function jobPriLess(a: Job, b: Job): boolean {
  const pa = a.pri;
  const pb = b.pri;
  if (pa !== pb) return pa < pb;
  return a.id < b.id;
}

/** Delayed order: deadline, then id. */
export function jobDelayLess(a: Job, b: Job): boolean {
  if (a.deadlineAt !== b.deadlineAt) return a.deadlineAt < b.deadlineAt;
  return a.id < b.id;
}

export function setJobHeapIndex(job: Job, pos: number): void {
  job.heapIndex = pos;
}
