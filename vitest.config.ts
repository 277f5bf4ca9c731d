import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores in CI: a couple of workers keeps integration tests (browsers, fake servers) from starving.
    maxWorkers: 2,
    env: { TZ: 'UTC' },
  },
});
