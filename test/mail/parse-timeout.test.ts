import { afterEach, describe, expect, it } from 'vitest';
import { MimeParser, WORKER_PARSE_BYTES } from '../../src/core/mail/mime-parser.js';
import { removeDir, startTestEngine, transportTo } from './helpers/test-engine.js';

/**
 * A message that keeps mailparser busy past the limit must not hold its session or the engine's
 * stop: it is stored as malformed and the worker replaced. A huge but valid message with a 1 ms
 * limit stands in for a hostile one (no honest parse of megabytes ends within a millisecond).
 */

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Above the size parsed in the worker; the limit applies to worker parses only. */
const BIG_TEXT = 'x'
  .repeat(76)
  .concat('\r\n')
  .repeat(Math.ceil((2 * WORKER_PARSE_BYTES) / 78));

describe('a parse past the time limit', () => {
  it('fails with "parse timed out", again on the worker that replaced the stuck one', async () => {
    const parser = new MimeParser(1, 1);
    cleanups.push(() => parser.close());
    const raw = Buffer.from(`Subject: big\r\n\r\n${BIG_TEXT}`);
    await expect(parser.parse(raw)).rejects.toThrow('parse timed out');
    await expect(parser.parse(raw)).rejects.toThrow('parse timed out');
  });

  it('stores the message as malformed and the engine keeps serving', async () => {
    const { engine, dataDir } = await startTestEngine({ parseTimeoutMs: 1 });
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await engine.stop();
      await removeDir(dataDir);
    });
    const send = (subject: string, text: string): Promise<unknown> => {
      const transport = transportTo(engine);
      return transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject, text });
    };

    await send('huge', BIG_TEXT);
    await send('small', 'hello');

    const { messages } = engine.store.list({ limit: 10, offset: 0, query: '' });
    expect(messages.map((m) => [m.subject, m.malformed])).toEqual([
      ['small', false],
      // A malformed message keeps what the headers alone say.
      [expect.any(String), true],
    ]);
    const huge = engine.store.get(messages[1]?.id ?? '');
    expect(huge?.parseError).toBe('parse timed out');
    expect(engine.store.raw(huge?.id ?? '')?.length).toBeGreaterThan(2 * WORKER_PARSE_BYTES);

    await engine.stop();
    stopped = true;
  });
});
