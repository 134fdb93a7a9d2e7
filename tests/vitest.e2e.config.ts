import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: the built designer served by a real engine, driven by playwright-core
// with Debian's /usr/bin/chromium. One file at a time, long timeouts (build + engine + browser).
// Run: cd tests && npx vitest run -c vitest.e2e.config.ts
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
