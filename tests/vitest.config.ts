import { defineConfig } from 'vitest/config';

// Integration tests start real engine processes against real MariaDB/Redis: run files one at a time.
export default defineConfig({
  test: {
    include: ['integration/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
