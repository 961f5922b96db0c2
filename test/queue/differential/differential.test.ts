import { describe, expect, it } from 'vitest';
import { binlogCases } from './cases/binlog.js';
import { jobCases } from './cases/jobs.js';
import { statsCases } from './cases/stats.js';
import { timingCases } from './cases/timing.js';
import { tubeCases } from './cases/tubes.js';
import { wireCases } from './cases/wire.js';
import { type Case, runBoth } from './harness.js';

/**
 * Every case runs against Debian's beanstalkd 1.12 and against the embedded server, with
 * fresh servers each; the transcripts must match. A case the real server fails is a
 * wrong case, not a bug of ours: the real server is the judge.
 */
const groups: [string, Case[]][] = [
  ['wire', wireCases],
  ['jobs', jobCases],
  ['tubes', tubeCases],
  ['timing', timingCases],
  ['stats', statsCases],
  ['binlog', binlogCases],
];

for (const [group, cases] of groups) {
  describe.concurrent(`beanstalkd differential: ${group}`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const { real, ours } = await runBoth(c);
        expect(real.some((l) => l.includes('(no reply)') || l.includes('OUT OF TIME'))).toBe(false);
        expect(ours).toEqual(real);
      });
    }
  });
}
