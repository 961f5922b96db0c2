import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../support/seeded-random.js';
import {
  describeFrame,
  ReplyReader,
  type Server,
  startOurs,
  startReal,
} from '../differential/harness.js';
import { generateSession } from './session-generator.js';

/**
 * Random sessions, sent whole (or in random pieces) and half-closed, to the real
 * beanstalkd and to ours; everything each server says until it closes must match.
 * Half-closing makes every blocking reserve end in TIMED_OUT on both, so the sessions
 * are deterministic.
 */
const SESSIONS = 300;
const MASK = ['age', 'time-left', 'pause-time-left'];

async function transcript(port: number, bytes: Buffer, pieces: number[]): Promise<string[]> {
  const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true, noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const reader = new ReplyReader(socket);
  const out: string[] = [];
  const reading = (async () => {
    for (;;) {
      const f = await reader.next(5000);
      if (f === null) {
        out.push('(stuck)');
        return;
      }
      if (f === 'EOF') return;
      out.push(describeFrame(f, MASK));
    }
  })();
  let at = 0;
  for (const n of pieces) {
    socket.write(bytes.subarray(at, at + n));
    at += n;
    await new Promise((r) => setTimeout(r, 2));
  }
  socket.end(bytes.subarray(at));
  await reading;
  socket.destroy();
  return out;
}

async function withServers<T>(fn: (real: Server, ours: Server) => Promise<T>): Promise<T> {
  const [real, ours] = await Promise.all([
    startReal({ maxJobSize: 100 }),
    startOurs({ maxJobSize: 100 }),
  ]);
  try {
    return await fn(real, ours);
  } finally {
    await Promise.all([real.stop(), ours.stop()]);
  }
}

describe('differential fuzz against the real beanstalkd', () => {
  it(`${SESSIONS} random sessions get the same replies`, async () => {
    const mismatches = await withServers(async (real, ours) => {
      const bad: string[] = [];
      for (let seed = 1; seed <= SESSIONS; seed++) {
        const bytes = generateSession(seed);
        // Every third session arrives in random pieces.
        const r = seededRandom(seed * 7919);
        const pieces: number[] = [];
        if (seed % 3 === 0) {
          for (let left = bytes.length; left > 0; ) {
            const n = Math.min(left, 1 + Math.floor(r() * 300));
            pieces.push(n);
            left -= n;
          }
        }
        const [a, b] = await Promise.all([
          transcript(real.port, bytes, pieces),
          transcript(ours.port, bytes, pieces),
        ]);
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          const i = a.findIndex((x, k) => x !== b[k]);
          bad.push(`seed ${seed} reply ${i}: real ${a[i]} / ours ${b[i]}`);
        }
        expect(a).not.toContain('(stuck)');
      }
      return bad;
    });
    expect(mismatches).toEqual([]);
  });
});
