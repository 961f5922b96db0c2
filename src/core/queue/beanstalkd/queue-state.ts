import { BodyStore } from './body-store.js';
import { nowMs } from './clock.js';
import { IndexedHeap } from './indexed-heap.js';
import { Job, JobState, jobPriLess } from './job.js';
import type { Journal } from './journal.js';
import { MAX_TICK_PERIOD_MS, SAFETY_MARGIN_MS, URGENT_THRESHOLD } from './limits.js';
import { Multiset } from './multiset.js';
import type { Session } from './session.js';
import { Tube } from './tube.js';

/** Counted commands, in the order `stats` prints them. */
export const COUNTED_OPS = [
  'put',
  'peek',
  'peek-ready',
  'peek-delayed',
  'peek-buried',
  'reserve',
  'reserve-with-timeout',
  'delete',
  'release',
  'use',
  'watch',
  'ignore',
  'bury',
  'kick',
  'touch',
  'stats',
  'stats-job',
  'stats-tube',
  'list-tubes',
  'list-tube-used',
  'list-tubes-watched',
  'pause-tube',
  'reserve-job',
  'kick-job',
] as const;
export type CountedOp = (typeof COUNTED_OPS)[number];

function lessTickAt(a: Session, b: Session): boolean {
  return a.tickAt < b.tickAt;
}

function setTickPos(s: Session, pos: number): void {
  s.tickPos = pos;
}

/**
 * The server's data and rules, free of sockets: tubes with their heaps, every job by id,
 * the counters `stats` prints, and the one clock-driven `tick` (delays, pauses, TTRs,
 * reserve timeouts). Function names follow prot.c so the two can be read side by side.
 */
export class QueueState {
  readonly tubes = new Multiset<Tube>();
  private readonly tubesByName = new Map<string, Tube>();
  readonly jobs = new Map<number, Job>();
  readonly bodies = new BodyStore();
  readonly opCounts: Record<CountedOp, number>;
  readonly defaultTube: Tube;
  private readonly sessions = new IndexedHeap<Session>(lessTickAt, setTickPos);
  nextId = 1;
  readyCt = 0;
  urgentCt = 0;
  waitingCt = 0;
  buriedCt = 0;
  reservedCt = 0;
  totalJobsCt = 0;
  timeoutCt = 0;
  curConnCt = 0;
  curProducerCt = 0;
  curWorkerCt = 0;
  totalConnCt = 0;
  draining = false;
  /** The earliest moment `tick` has work; anything that adds a deadline lowers it. */
  wakeAt = Number.POSITIVE_INFINITY;
  journal: Journal | null = null;

  constructor() {
    this.opCounts = Object.fromEntries(COUNTED_OPS.map((op) => [op, 0])) as Record<
      CountedOp,
      number
    >;
    this.defaultTube = this.tubeFindOrMake('default');
    // The default tube is held by the server itself, so it never vanishes.
    this.tubeRef(this.defaultTube);
  }

  // ---- tubes and their reference counts ----

  tubeFind(name: string): Tube | undefined {
    return this.tubesByName.get(name);
  }

  tubeFindOrMake(name: string): Tube {
    let t = this.tubesByName.get(name);
    if (!t) {
      t = new Tube(name);
      this.tubesByName.set(name, t);
      this.tubes.append(t);
    }
    return t;
  }

  tubeRef(t: Tube): void {
    t.refs += 1;
  }

  tubeUnref(t: Tube): void {
    t.refs -= 1;
    if (t.refs < 1) {
      this.tubes.remove(t);
      this.tubesByName.delete(t.name);
    }
  }

  // ---- jobs ----

  /** A job with room for a body of `bodyLen` bytes (payload + CRLF), not yet written. */
  makeJob(
    pri: number,
    delaySec: number,
    ttrSec: number,
    bodyLen: number,
    tube: Tube,
    id = 0,
    createdAt = nowMs(),
  ): Job {
    const jobId = id || this.nextId++;
    if (id >= this.nextId) this.nextId = id + 1;
    const job = new Job(jobId, pri, delaySec, ttrSec, tube, createdAt);
    this.bodies.place(job, bodyLen);
    this.jobs.set(jobId, job);
    this.tubeRef(tube);
    return job;
  }

  /**
   * Takes back a put whose log record did not reach the file: true when the job was still
   * only waiting (ready or delayed) and is gone now; false when a client already holds it.
   */
  unputJob(job: Job): boolean {
    if (!this.removeReadyJob(job) && !this.removeDelayedJob(job)) return false;
    this.totalJobsCt -= 1;
    job.tube.totalJobsCt -= 1;
    this.freeJob(job);
    return true;
  }

  freeJob(job: Job): void {
    this.jobs.delete(job.id);
    job.state = JobState.Invalid;
    this.tubeUnref(job.tube);
    this.bodies.free(job);
    if (this.bodies.needsCompaction) this.bodies.compact(this.jobs.values());
  }

  // ---- sessions ----

  openSession(s: Session): void {
    this.curConnCt += 1;
    this.totalConnCt += 1;
    this.tubeRef(s.use);
    s.use.usingCt += 1;
    this.watchTube(s, this.defaultTube);
  }

  closeSession(s: Session): void {
    if (s.inJob) {
      this.freeJob(s.inJob);
      s.inJob = null;
    }
    if (s.isProducer) this.curProducerCt -= 1;
    if (s.isWorker) this.curWorkerCt -= 1;
    this.curConnCt -= 1;
    this.removeWaitingConn(s);
    if (s.reserved.size > 0) this.enqueueReservedJobs(s);
    for (const t of s.watch.clear()) this.onIgnore(t);
    s.use.usingCt -= 1;
    this.tubeUnref(s.use);
    if (s.tickPos >= 0) this.sessions.removeAt(s.tickPos);
  }

  setProducer(s: Session): void {
    if (s.isProducer) return;
    s.isProducer = true;
    this.curProducerCt += 1;
  }

  setWorker(s: Session): void {
    if (s.isWorker) return;
    s.isWorker = true;
    this.curWorkerCt += 1;
  }

  switchUsedTube(s: Session, t: Tube): void {
    this.tubeRef(t);
    s.use.usingCt -= 1;
    const old = s.use;
    s.use = t;
    this.tubeRef(t);
    this.tubeUnref(old);
    this.tubeUnref(t);
    t.usingCt += 1;
  }

  /** Returns the watch count after adding `t` (a no-op when already watched). */
  watchTube(s: Session, t: Tube): number {
    this.tubeRef(t);
    if (!s.watch.contains(t)) {
      s.watch.append(t);
      this.tubeRef(t);
      t.watchingCt += 1;
    }
    this.tubeUnref(t);
    return s.watch.length;
  }

  /** `ignore`: the watch count, or null for NOT_IGNORED (it is the last watched tube). */
  ignoreTube(s: Session, name: string): number | null {
    const t = s.watch.items.find((w) => w.name === name);
    if (t && s.watch.length < 2) return null;
    if (t) {
      s.watch.remove(t);
      this.onIgnore(t);
    }
    return s.watch.length;
  }

  private onIgnore(t: Tube): void {
    t.watchingCt -= 1;
    this.tubeUnref(t);
  }

  // ---- moving jobs between states ----

  /** `delayMs` is a whole number of ms (it becomes the job's deadline). */
  enqueueJob(j: Job, delayMs: number): void {
    const t = j.tube;
    if (delayMs > 0) {
      j.deadlineAt = nowMs() + delayMs;
      t.delay.insert(j);
      j.state = JobState.Delayed;
      this.noteWake(j.deadlineAt);
    } else {
      t.ready.insert(j);
      j.state = JobState.Ready;
      this.readyCt += 1;
      if (j.pri < URGENT_THRESHOLD) {
        this.urgentCt += 1;
        t.urgentCt += 1;
      }
    }
    this.processQueue();
  }

  buryJob(j: Job): void {
    j.tube.buried.add(j);
    this.buriedCt += 1;
    j.state = JobState.Buried;
    j.countsToUpdate().buryCt += 1;
  }

  removeReadyJob(j: Job): boolean {
    if (j.state !== JobState.Ready) return false;
    j.tube.ready.removeAt(j.heapIndex);
    this.readyCt -= 1;
    if (j.pri < URGENT_THRESHOLD) {
      this.urgentCt -= 1;
      j.tube.urgentCt -= 1;
    }
    return true;
  }

  removeDelayedJob(j: Job): boolean {
    if (j.state !== JobState.Delayed) return false;
    j.tube.delay.removeAt(j.heapIndex);
    return true;
  }

  removeBuriedJob(j: Job): boolean {
    if (j.state !== JobState.Buried) return false;
    j.tube.buried.delete(j);
    this.buriedCt -= 1;
    return true;
  }

  isReservedBy(s: Session, j: Job): boolean {
    return j.state === JobState.Reserved && s.reserved.has(j);
  }

  removeReservedJob(s: Session, j: Job): boolean {
    if (!this.isReservedBy(s, j)) return false;
    this.removeThisReservedJob(s, j);
    return true;
  }

  private removeThisReservedJob(s: Session, j: Job): void {
    if (s.reserved.delete(j)) {
      this.reservedCt -= 1;
      j.tube.reservedCt -= 1;
    }
    s.soonest = null;
  }

  touchJob(s: Session, j: Job): boolean {
    if (!this.isReservedBy(s, j)) return false;
    j.deadlineAt = nowMs() + j.ttrSec * 1000;
    s.soonest = null;
    return true;
  }

  reserveJob(s: Session, j: Job): void {
    this.reservedCt += 1;
    this.connReserveJob(s, j);
  }

  kickBuriedJob(j: Job): void {
    this.removeBuriedJob(j);
    j.countsToUpdate().kickCt += 1;
    this.enqueueJob(j, 0);
    this.journal?.update(j);
  }

  kickDelayedJob(j: Job): void {
    j.tube.delay.removeAt(j.heapIndex);
    j.countsToUpdate().kickCt += 1;
    this.enqueueJob(j, 0);
    this.journal?.update(j);
  }

  /** `kick n` on a tube: buried jobs if it has any, otherwise delayed ones. */
  kickJobs(t: Tube, n: number): number {
    let i = 0;
    if (t.buried.size > 0) {
      for (; i < n && t.buried.size > 0; i++) {
        const first = t.buried.values().next().value as Job;
        this.kickBuriedJob(first);
      }
      return i;
    }
    for (; i < n && t.delay.length > 0; i++) this.kickDelayedJob(t.delay.peek() as Job);
    return i;
  }

  enqueueReservedJobs(s: Session): void {
    for (const j of [...s.reserved]) {
      s.reserved.delete(j);
      this.enqueueJob(j, 0);
      this.reservedCt -= 1;
      j.tube.reservedCt -= 1;
      s.soonest = null;
    }
  }

  // ---- waiting for jobs ----

  /** Puts a reserve on hold and serves it at once when a job is there. */
  waitForJob(s: Session, timeout: number): void {
    this.enqueueWaitingConn(s);
    s.pendingTimeout = timeout;
    this.processQueue();
  }

  private enqueueWaitingConn(s: Session): void {
    s.isWaiting = true;
    this.waitingCt += 1;
    for (const t of s.watch.items) {
      t.waitingCt += 1;
      t.waitingConns.append(s);
    }
  }

  removeWaitingConn(s: Session): void {
    if (!s.isWaiting) return;
    s.isWaiting = false;
    this.waitingCt -= 1;
    for (const t of s.watch.items) {
      t.waitingCt -= 1;
      t.waitingConns.remove(s);
    }
  }

  /** Hands the best ready job (priority, then id, across all tubes) to a waiting session. */
  processQueue(): void {
    // Nobody waits: nothing to hand out. Expired pauses are still lifted by tick().
    if (this.waitingCt === 0) return;
    const now = nowMs();
    for (;;) {
      const j = this.nextAwaitedJob(now);
      if (!j) return;
      const t = j.tube;
      t.ready.removeAt(j.heapIndex);
      this.readyCt -= 1;
      if (j.pri < URGENT_THRESHOLD) {
        this.urgentCt -= 1;
        t.urgentCt -= 1;
      }
      const s = t.waitingConns.take() as Session | undefined;
      if (!s) continue;
      this.reservedCt += 1;
      this.removeWaitingConn(s);
      this.connReserveJob(s, j);
      s.sink.reserved(j);
    }
  }

  private nextAwaitedJob(now: number): Job | null {
    let best: Job | null = null;
    for (const t of this.tubes.items) {
      if (t.pauseMs > 0) {
        if (t.unpauseAt > now) continue;
        t.pauseMs = 0;
      }
      if (t.waitingConns.length > 0 && t.ready.length > 0) {
        const candidate = t.ready.peek() as Job;
        if (!best || jobPriLess(candidate, best)) best = candidate;
      }
    }
    return best;
  }

  private connReserveJob(s: Session, j: Job): void {
    j.tube.reservedCt += 1;
    j.countsToUpdate().reserveCt += 1;
    j.deadlineAt = nowMs() + j.ttrSec * 1000;
    j.state = JobState.Reserved;
    s.reserved.add(j);
    s.pendingTimeout = -1;
    if (!s.soonest || j.deadlineAt < s.soonest.deadlineAt) s.soonest = j;
  }

  connSoonestJob(s: Session): Job | null {
    if (s.soonest) return s.soonest;
    for (const j of s.reserved) {
      if (!s.soonest || j.deadlineAt < s.soonest.deadlineAt) s.soonest = j;
    }
    return s.soonest;
  }

  /** True when the session holds a job with one second or less left. */
  connDeadlineSoon(s: Session): boolean {
    const j = this.connSoonestJob(s);
    return j !== null && nowMs() >= j.deadlineAt - SAFETY_MARGIN_MS;
  }

  /** True when a watched tube has a ready job (paused or not). */
  connReady(s: Session): boolean {
    return s.watch.items.some((t) => t.ready.length > 0);
  }

  /** Reschedules the session's timeout; done after every reply, as the C server does. */
  connSched(s: Session): void {
    if (s.tickPos >= 0) this.sessions.removeAt(s.tickPos);
    s.tickAt = this.connTickAt(s);
    if (s.tickAt) {
      this.sessions.insert(s);
      this.noteWake(s.tickAt);
    }
  }

  private connTickAt(s: Session): number {
    const margin = s.isWaiting ? SAFETY_MARGIN_MS : 0;
    const now = nowMs();
    let t = Number.POSITIVE_INFINITY;
    let should = false;
    const soonest = s.reserved.size > 0 ? this.connSoonestJob(s) : null;
    if (soonest) {
      t = soonest.deadlineAt - now - margin;
      should = true;
    }
    if (s.pendingTimeout >= 0) {
      t = Math.min(t, s.pendingTimeout * 1000);
      should = true;
    }
    return should ? now + t : 0;
  }

  private connTimeout(s: Session): void {
    const shouldTimeout = s.isWaiting && this.connDeadlineSoon(s);
    for (;;) {
      const j = this.connSoonestJob(s);
      if (!j || j.deadlineAt >= nowMs()) break;
      this.timeoutCt += 1;
      j.countsToUpdate().timeoutCt += 1;
      this.removeThisReservedJob(s, j);
      this.enqueueJob(j, 0);
    }
    if (shouldTimeout) {
      this.removeWaitingConn(s);
      s.sink.waitEnded('DEADLINE_SOON');
    } else if (s.isWaiting && s.pendingTimeout >= 0) {
      s.pendingTimeout = -1;
      this.removeWaitingConn(s);
      s.sink.waitEnded('TIMED_OUT');
    }
    this.connSched(s);
  }

  // ---- the clock ----

  noteWake(at: number): void {
    if (at < this.wakeAt) this.wakeAt = at;
  }

  tickIfDue(): void {
    const now = nowMs();
    if (now >= this.wakeAt) this.tick(now);
  }

  /**
   * Everything that happens because time passed: delayed jobs become ready, pauses end,
   * TTRs run out, reserve timeouts and deadline-soon fire. Sets `wakeAt` to the next such
   * moment, so one timer serves all jobs and sessions.
   */
  tick(now: number): void {
    let wake = now + MAX_TICK_PERIOD_MS;
    this.wakeAt = Number.POSITIVE_INFINITY;

    this.promoteDelayedJobs(now);
    for (const t of this.tubes.items) {
      if (t.delay.length > 0) wake = Math.min(wake, (t.delay.peek() as Job).deadlineAt);
    }

    for (const t of this.tubes.items) {
      if (t.pauseMs > 0 && t.unpauseAt <= now) {
        t.pauseMs = 0;
        this.processQueue();
      } else if (t.unpauseAt > now) {
        wake = Math.min(wake, t.unpauseAt);
      }
    }

    // Collect first: a session whose deadline is exactly now is rescheduled at now.
    const due: Session[] = [];
    for (let s = this.sessions.peek(); s && s.tickAt <= now; s = this.sessions.peek()) {
      this.sessions.removeAt(0);
      due.push(s);
    }
    for (const s of due) this.connTimeout(s);
    const next = this.sessions.peek();
    if (next) wake = Math.min(wake, next.tickAt);
    this.noteWake(wake);
  }

  /** Due delayed jobs go to ready in deadline order across tubes (soonest_delayed_job). */
  private promoteDelayedJobs(now: number): void {
    const due = this.tubes.items.filter(
      (t) => t.delay.length > 0 && (t.delay.peek() as Job).deadlineAt <= now,
    );
    if (due.length === 1) {
      const t = due[0] as Tube;
      for (let j = t.delay.peek(); j && j.deadlineAt <= now; j = t.delay.peek()) {
        t.delay.removeAt(0);
        this.enqueueJob(j, 0);
      }
      return;
    }
    for (;;) {
      let soonest: Job | null = null;
      for (const t of due) {
        const j = t.delay.peek();
        if (j && j.deadlineAt <= now && (!soonest || j.deadlineAt < soonest.deadlineAt)) {
          soonest = j;
        }
      }
      if (!soonest) return;
      soonest.tube.delay.removeAt(soonest.heapIndex);
      this.enqueueJob(soonest, 0);
    }
  }

  delayedCount(): number {
    let n = 0;
    for (const t of this.tubes.items) n += t.delay.length;
    return n;
  }
}
