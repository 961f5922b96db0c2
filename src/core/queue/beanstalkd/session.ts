import type { Job } from './job.js';
import { Multiset } from './multiset.js';
import type { Tube, Waiter } from './tube.js';

/** How the queue tells a connection that its blocked reserve ended. */
export interface SessionSink {
  reserved(job: Job): void;
  waitEnded(reply: 'TIMED_OUT' | 'DEADLINE_SOON'): void;
}

/**
 * The protocol state of one client connection (the C server's Conn without its socket):
 * used tube, watch list, reserved jobs and its place in the timeout heap.
 */
export class Session implements Waiter {
  readonly watch = new Multiset<Tube>();
  /** Insertion order matters: the first of equal deadlines is the soonest. */
  readonly reserved = new Set<Job>();
  soonest: Job | null = null;
  isProducer = false;
  isWorker = false;
  isWaiting = false;
  /** Seconds asked by reserve-with-timeout; negative = wait forever. */
  pendingTimeout = -1;
  /** When this session next needs the clock (0 = never); its position in the heap. */
  tickAt = 0;
  tickPos = -1;
  /** A job whose body is still arriving (it already has an id). */
  inJob: Job | null = null;

  constructor(
    readonly connId: number,
    public use: Tube,
    readonly sink: SessionSink,
  ) {}
}
