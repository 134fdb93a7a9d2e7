import { defineConfig } from 'vitest/config';

// Integration tests start real engine processes against real MariaDB/Redis: run files one at a time.
// `*.test.ts` run in both modes; `*.production.test.ts` (worker kills, Redis restarts) only with
// MariaDB + Redis + Bull; `*.embedded.test.ts` only on SQLite + the in-process queue.
const production = process.env.COACHFLOW_TEST_MODE === 'production';

export default defineConfig({
  test: {
    include: ['integration/**/*.test.ts'],
    exclude: production ? ['**/*.embedded.test.ts', '**/node_modules/**'] : ['**/*.production.test.ts', '**/node_modules/**'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Prints the reliability table (issue 8) after the run when reliability tests ran.
    globalSetup: ['support/reliability-summary.ts'],
    // `engine demo` normally ends its history last week; the integration tests compare with
    // generateDemoData()'s default history (ending 2026-W47), so the engines they start are pinned to it.
    env: { COACHFLOW_DEMO_END_WEEK: '2026-W47' },
  },
});
