import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Crash, end-to-end and server tests start processes and browsers: forks isolate them and
    // two workers match the two cores of CI's machine.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    globalSetup: ['tests/run-folder.ts'],
    hookTimeout: 60_000,
  },
});
