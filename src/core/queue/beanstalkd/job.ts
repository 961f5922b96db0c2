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

/** Whoever holds a reservation: a connection. Kept abstract so jobs do not import the server. */
export interface JobHolder {
  readonly connId: number;
}

/**
 * One job. Plain fields on purpose: 100,000 of them must stay small (times are ms as
 * doubles, the body is one Buffer holding the payload plus its CRLF, as sent on the wire).
 */
export class Job {
  state: JobState = JobState.Invalid;
  /** Index in the tube's ready or delay heap, -1 when in neither. */
  heapIndex = -1;
  /** Reserved: TTR deadline. Delayed: when it becomes ready. */
  deadlineAt = 0;
  reserver: JobHolder | null = null;
  reserveCt = 0;
  timeoutCt = 0;
  releaseCt = 0;
  buryCt = 0;
  kickCt = 0;
  /** Bytes of this job's full record in the binlog's current file (0 without a binlog). */
  logBytes = 0;

  constructor(
    readonly id: number,
    public pri: number,
    /** Last delay asked for (put or release), ms; stats-job shows it. */
    public delayMs: number,
    readonly ttrMs: number,
    public tube: Tube,
    /** Payload followed by CRLF. */
    public body: Buffer,
    readonly createdAt: number,
  ) {}

  get bodySize(): number {
    return this.body.length - 2;
  }
}

/** Ready order: priority, then id (never the time a job became ready). */
export function jobPriLess(a: Job, b: Job): boolean {
  if (a.pri !== b.pri) return a.pri < b.pri;
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
