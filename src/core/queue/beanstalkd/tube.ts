import { IndexedHeap } from './indexed-heap.js';
import { type Job, jobDelayLess, jobPriLess, setJobHeapIndex } from './job.js';
import { Multiset } from './multiset.js';

/** What a tube needs to know about a waiting connection. */
export interface Waiter {
  readonly connId: number;
}

/**
 * A tube: a ready heap, a delay heap, the buried jobs in bury order, and the connections
 * waiting on it. It lives while something refers to it (a `use`, a `watch`, a job).
 */
export class Tube {
  readonly ready = new IndexedHeap<Job>(jobPriLess, setJobHeapIndex);
  readonly delay = new IndexedHeap<Job>(jobDelayLess, setJobHeapIndex);
  /** Insertion order is bury order: kick and peek-buried take the oldest. */
  readonly buried = new Set<Job>();
  readonly waitingConns = new Multiset<Waiter>();
  refs = 0;
  usingCt = 0;
  watchingCt = 0;
  urgentCt = 0;
  waitingCt = 0;
  reservedCt = 0;
  pauseCt = 0;
  totalDeleteCt = 0;
  totalJobsCt = 0;
  /** Pause length in ms; 0 = not paused. `pause-tube t 0` stores a tiny non-zero value. */
  pauseMs = 0;
  unpauseAt = 0;

  constructor(readonly name: string) {}
}
