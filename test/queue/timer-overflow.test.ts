import { describe, expect, it, vi } from 'vitest';
import { QueueState } from '../../src/core/queue/beanstalkd/queue-state.js';
import { BeanstalkdServer } from '../../src/core/queue/beanstalkd/server.js';
import { TestClient } from './test-client.js';

describe('far-off deadlines', () => {
  it('a huge delay, pause and reserve timeout arm no overflowing timer and cause no wakeups', async () => {
    const q = new QueueState();
    const server = new BeanstalkdServer(q, 65_535, null);
    const { port } = await server.listen('127.0.0.1', 0);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const c = await TestClient.connect(port);
    const waiter = await TestClient.connect(port);
    try {
      expect((await c.command('put 0 4294967295 60 1', 'x')).line).toBe('INSERTED 1');
      expect((await c.command('pause-tube default 4294967295')).line).toBe('PAUSED');
      waiter.send('watch other\r\nreserve-with-timeout 2147483647\r\n');
      expect((await waiter.next()).line).toBe('WATCHING 2');
      // Every wakeup of the server's timer runs one turn, which starts with tickIfDue.
      const turns = vi.spyOn(q, 'tickIfDue');
      await new Promise((r) => setTimeout(r, 1000));
      expect(turns.mock.calls.length).toBeLessThan(5);
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
      c.close();
      waiter.close();
      await server.close();
    }
  });
});
