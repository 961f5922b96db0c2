import { defineConfig } from 'vitest/config';

// The beanstalkd differential suite compares protocol timing (TTR, DEADLINE_SOON, delays) with
// the real server inside tolerance windows; it runs first and alone, so the Chromium and bulk
// SMTP suites cannot starve either server's event loop while it measures.
const DIFFERENTIAL = 'test/queue/differential/**/*.test.ts';

// Tests bind real servers on port 0 and talk to real beanstalkd/Chromium; give slow CI room.
const shared = { testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'protocol-timing',
          include: [DIFFERENTIAL],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'everything-else',
          include: ['test/**/*.test.ts'],
          exclude: [DIFFERENTIAL],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
