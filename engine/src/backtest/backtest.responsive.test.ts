/**
 * A backtest runs inside the API process, so it must leave the event loop free: over a history of
 * 3,000 employees × 26 weeks, timers keep firing while it runs (it yields every ~15 ms of work and
 * between history chunks), and progress is reported along the way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_DRAFT, buildBenchHistory } from '../../bench/backtest.bench.js';
import { DirectoryService } from '../app/directory.service.js';
import { WorkflowService } from '../app/workflow.service.js';
import { createLogger } from '../logger.js';
import { migrate, openDatabase, type Database } from '../persistence/orm.js';
import { BacktestService } from './backtest.service.js';

let dir: string;
let db: Database;
let history: Awaited<ReturnType<typeof buildBenchHistory>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coachflow-backtest-responsive-'));
  db = await openDatabase({ driver: 'sqlite', path: join(dir, 'db.sqlite') });
  await migrate(db);
  history = await buildBenchHistory(db.knex, { employees: 3000, weeks: 26 });
}, 120_000);

afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backtest in the API process', () => {
  it('keeps the event loop responsive and reports progress while it runs', async () => {
    const workflows = new WorkflowService(db.knex);
    const service = new BacktestService({ knex: db.knex, directory: new DirectoryService(db.knex), workflows }, { log: createLogger('silent'), owner: 'test' });
    const gaps: number[] = [];
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      gaps.push(now - last);
      last = now;
    }, 5);
    const progress: number[] = [];
    const started = Date.now();
    const created = await service.create({ definition: BENCH_DRAFT, window: { from: history.periods[0] as string, to: history.endWeek } }, 'test');
    for (;;) {
      const b = await service.get(created.id);
      progress.push(b.progress);
      if (b.status !== 'queued' && b.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    clearInterval(timer);
    const ms = Date.now() - started;
    const done = await service.get(created.id);
    expect(done.status).toBe('succeeded');
    expect(done.result?.totals.events).toBeGreaterThan(1000);
    // Timers fired throughout (a blocked loop would give one long gap of the whole run).
    const longest = Math.max(...gaps);
    expect(gaps.length).toBeGreaterThan(ms / 100);
    expect(longest).toBeLessThan(Math.max(400, ms / 3));
    // Progress rose through intermediate values to 1.
    expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
    expect(progress[progress.length - 1]).toBe(1);
  }, 120_000);
});
