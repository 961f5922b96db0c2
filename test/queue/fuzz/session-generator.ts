/**
 * Seeded random protocol sessions: valid commands with random arguments, mutated lines,
 * raw bytes, over-long lines and puts whose bodies do not match their header. The same
 * seed always gives the same bytes, so a failing seed can be replayed.
 */

import { seededRandom } from '../../support/seeded-random.js';

const TUBES = ['default', 'a', 'b', '007', '0x1F', 'null', 'x'.repeat(200), '-bad', 'a b', ''];
/** Delays are 0 or far away: a job must not turn ready at a moment that differs by server. */
const DELAYS = ['0', '100', 'x', '-1', '4294967296', '+1'];
const NUMBERS = [
  '0',
  '1',
  '2',
  '3',
  '7',
  '1023',
  '1024',
  '4294967295',
  '4294967296',
  '-1',
  '+1',
  '01',
  '',
  'x',
  '18446744073709551616',
  ' 5',
  '3 ',
];

export function generateSession(seed: number, tokens = 40): Buffer {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const int = (n: number) => Math.floor(r() * n);
  const id = () => (r() < 0.8 ? String(1 + int(12)) : pick(NUMBERS));
  const num = () => (r() < 0.7 ? String(int(r() < 0.5 ? 3 : 2000)) : pick(NUMBERS));

  const commands: (() => string)[] = [
    () => `use ${pick(TUBES)}`,
    () => `watch ${pick(TUBES)}`,
    () => `ignore ${pick(TUBES)}`,
    () => `peek ${id()}`,
    () => pick(['peek-ready', 'peek-delayed', 'peek-buried']),
    () => 'reserve-with-timeout 0',
    () => `reserve-job ${id()}`,
    () => `delete ${id()}`,
    () => `release ${id()} ${num()} ${pick(['0', '0', '100', 'x'])}`,
    () => `bury ${id()} ${num()}`,
    () => `touch ${id()}`,
    () => `kick ${num()}`,
    () => `kick-job ${id()}`,
    () => `stats-job ${id()}`,
    () => `stats-tube ${pick(TUBES)}`,
    () => pick(['stats', 'list-tubes', 'list-tube-used', 'list-tubes-watched']),
    () => `pause-tube ${pick(TUBES)} ${pick(['0', '0', '100', 'x', '-1'])}`,
  ];

  const parts: Buffer[] = [];
  const put = (pri: string, delay: string, ttr: string, declared: number, body: Buffer) => {
    parts.push(Buffer.from(`put ${pri} ${delay} ${ttr} ${declared}\r\n`, 'latin1'), body);
  };
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));

  for (let i = 0; i < tokens; i++) {
    const kind = r();
    if (kind < 0.3) {
      const size = int(r() < 0.9 ? 40 : 150);
      const body = randomBytes(size);
      const shape = r();
      if (shape < 0.75)
        put(
          num(),
          pick(['0', '0', '0', '100']),
          pick(['60', '0', '1']),
          size,
          Buffer.concat([body, Buffer.from('\r\n')]),
        );
      else if (shape < 0.85)
        put(
          '0',
          '0',
          '60',
          Math.max(0, size - 1 - int(3)),
          Buffer.concat([body, Buffer.from('\r\n')]),
        );
      else if (shape < 0.95)
        put('0', '0', '60', size + 1 + int(3), Buffer.concat([body, Buffer.from('\r\n')]));
      else put(num(), pick(DELAYS), num(), size, Buffer.concat([body, Buffer.from('\r\n')]));
    } else if (kind < 0.8) {
      parts.push(Buffer.from(`${pick(commands)()}\r\n`, 'latin1'));
    } else if (kind < 0.9) {
      // A valid command with one byte changed, inserted or dropped.
      const line = Buffer.from(pick(commands)(), 'latin1');
      const at = int(line.length + 1);
      const op = int(3);
      const mutated =
        op === 0
          ? Buffer.concat([line.subarray(0, at), Buffer.from([int(256)]), line.subarray(at + 1)])
          : op === 1
            ? Buffer.concat([line.subarray(0, at), Buffer.from([int(256)]), line.subarray(at)])
            : Buffer.concat([line.subarray(0, at), line.subarray(at + 1)]);
      parts.push(mutated, Buffer.from('\r\n'));
    } else if (kind < 0.95) {
      parts.push(randomBytes(1 + int(30)), Buffer.from(r() < 0.7 ? '\r\n' : ''));
    } else {
      parts.push(Buffer.from('y'.repeat(200 + int(400)), 'latin1'), Buffer.from('\r\n'));
    }
  }
  return Buffer.concat(parts);
}
