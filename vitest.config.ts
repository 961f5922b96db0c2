import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests bind real servers on port 0 and talk to real beanstalkd/Chromium; give slow CI room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
