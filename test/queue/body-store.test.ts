import { describe, expect, it } from 'vitest';
import { QueueState } from '../../src/core/queue/beanstalkd/queue-state.js';

/** Fills a job's body with bytes derived from its id, so a moved body can be checked. */
function bodyFor(id: number, len: number): Buffer {
  const b = Buffer.alloc(len);
  for (let i = 0; i < len; i++) b[i] = (id * 31 + i) & 0xff;
  return b;
}

describe('job bodies in slabs', () => {
  it('moves live bodies out of sparse slabs intact; views handed out before stay valid', () => {
    const q = new QueueState();
    const lens = [202, 1, 5000, 40_000, 202];
    const ids: number[] = [];
    for (let i = 0; i < 60_000; i++) {
      const len = lens[i % lens.length] as number;
      const j = q.makeJob(0, 0, 60, len, q.defaultTube);
      bodyFor(j.id, len).copy(j.slab.bytes, j.bodyAt);
      q.enqueueJob(j, 0);
      ids.push(j.id);
    }
    // A reply in flight holds a view of a body that compaction will move.
    const early = q.jobs.get(10);
    if (!early) throw new Error('job 10 missing');
    const earlySlab = early.slab;
    const inFlight = early.body;
    // Free nine jobs in ten, scattered, so every slab keeps a few live bodies.
    let freedAll = 0;
    for (const id of ids) {
      if (id % 10 === 0) continue;
      const j = q.jobs.get(id);
      if (!j) continue;
      q.removeReadyJob(j);
      q.freeJob(j);
      freedAll += 1;
    }
    expect(freedAll).toBe(54_000);
    const { liveBytes, garbageBytes } = q.bodies.stats;
    // Compaction ran: the holes do not outgrow the live bodies (plus the 4 MiB floor).
    expect(garbageBytes).toBeLessThanOrEqual(Math.max(liveBytes, 4 << 20));
    let live = 0;
    for (const j of q.jobs.values()) {
      expect(j.body.equals(bodyFor(j.id, j.bodyLen))).toBe(true);
      live += j.bodyLen;
    }
    expect(live).toBe(liveBytes);
    // The survivors were packed into a few slabs (about 250 held them before).
    expect(new Set([...q.jobs.values()].map((j) => j.slab)).size).toBeLessThan(10);
    expect(early.slab).not.toBe(earlySlab);
    expect(inFlight.equals(bodyFor(10, 202))).toBe(true);
  });
});
