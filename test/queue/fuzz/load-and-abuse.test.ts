import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EmbeddedBeanstalkd } from '../../../src/core/queue/index.js';
import { seededRandom } from '../../support/seeded-random.js';
import { TestClient } from '../test-client.js';

/**
 * Abuse while serving: 1,000 concurrent workers, clients sending garbage and over-long
 * lines, a client that never reads its replies, one that dribbles a body a byte at a
 * time. Everyone else must be served, and no accepted job may be lost or changed.
 */
function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

describe('embedded beanstalkd under load and abuse', () => {
  it('serves 1,000 concurrent workers next to abusive clients and loses no job', async () => {
    const server = await EmbeddedBeanstalkd.start({ port: 0 });
    const { port } = server.address;
    const abusers: Socket[] = [];
    try {
      // Witness jobs put before the storm, checked byte for byte after it.
      const witness = await TestClient.connect(port);
      await witness.command('use witness');
      const bodies = new Map<number, Buffer>();
      for (let i = 0; i < 500; i++) {
        const body = Buffer.from(
          Array.from({ length: 50 + (i % 200) }, (_, k) => (i * 31 + k) % 256),
        );
        const f = await witness.command(`put ${i % 2000} 0 60 ${body.length}`, body);
        bodies.set(Number(f.line.split(' ')[1]), body);
      }

      // Garbage and over-long lines, never read.
      for (let i = 0; i < 20; i++) {
        const s = await rawSocket(port);
        s.on('error', () => {});
        abusers.push(s);
        const r = seededRandom(1000 + i);
        // Random bytes with line ends sprinkled in: no valid command can delete a witness.
        s.write(
          Buffer.from(
            Array.from({ length: 20_000 }, () => (r() < 0.02 ? 10 : Math.floor(r() * 256))),
          ),
        );
        s.write('\r\nput 0 0 60 5\r\ntoo long by far\r\n');
        s.write(`${'z'.repeat(100_000)}\r\n`);
      }
      // A client that pipelines thousands of commands and never reads the replies.
      const deaf = await rawSocket(port);
      deaf.on('error', () => {});
      abusers.push(deaf);
      deaf.write('stats\r\n'.repeat(50_000));
      // A client that announces a body and sends it a byte at a time.
      const slow = await rawSocket(port);
      slow.on('error', () => {});
      abusers.push(slow);
      slow.write('put 0 0 60 100\r\n');
      const dribble = setInterval(() => slow.write('s'), 5);

      // 1,000 workers at once: each puts a job, reserves one, deletes it.
      const worker = async (n: number): Promise<string> => {
        const c = await TestClient.connect(port);
        try {
          await c.command('use work');
          await c.command('watch work');
          await c.command('ignore default');
          const body = `job from worker ${n}`;
          const put = await c.command(`put 0 0 60 ${body.length}`, body);
          const reserved = await c.command('reserve-with-timeout 10');
          const id = reserved.line.split(' ')[1];
          const del = await c.command(`delete ${id}`);
          return `${put.line.split(' ')[0]} ${reserved.line.split(' ')[0]} ${del.line}`;
        } finally {
          c.close();
        }
      };
      const results = await Promise.all(Array.from({ length: 1000 }, (_, n) => worker(n)));
      clearInterval(dribble);
      expect(new Set(results)).toEqual(new Set(['INSERTED RESERVED DELETED']));

      // The witness jobs are all there, unchanged.
      for (const [id, body] of bodies) {
        const f = await witness.command(`peek ${id}`);
        expect(f.body?.equals(body)).toBe(true);
      }
      const tube = (await witness.command('stats-tube witness')).body?.toString() ?? '';
      expect(tube).toContain('current-jobs-ready: 500\n');
      // The work tube is gone (no job, no client refers to it); the totals remain.
      expect((await witness.command('stats-tube work')).line).toBe('NOT_FOUND');
      const stats = (await witness.command('stats')).body?.toString() ?? '';
      expect(stats).toContain('total-jobs: 1500\n');
      expect(stats).toContain('current-jobs-ready: 500\n');
      expect(stats).toContain('current-jobs-reserved: 0\n');
      witness.close();
    } finally {
      for (const s of abusers) s.destroy();
      await server.stop();
    }
  });
});
