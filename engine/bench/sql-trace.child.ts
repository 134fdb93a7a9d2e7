/**
 * Lists the SQL statements the engine issues for one `kpi.deviation` event (the service call of
 * POST /api/v1/events plus the jobs it enqueues, run to completion), for each reference workflow
 * variant, on a fresh SQLite file. Not a benchmark: the evidence of how much work one event is.
 *   node --import tsx engine/bench/sql-trace.child.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { closeServices, createServices } from '../src/engine.js';
import { createLogger } from '../src/logger.js';
import { benchOrg, kpiDeviationPayload, referenceWorkflow, referenceWorkflowNoTask } from './lib/fixtures.js';

const out: Record<string, unknown> = {};
for (const variant of ['end', 'task'] as const) {
  const dir = mkdtempSync(join(tmpdir(), 'cf-bench-sql-'));
  const services = await createServices(loadConfig({ ...process.env, COACHFLOW_DB: `sqlite:${join(dir, 'x.sqlite')}`, COACHFLOW_DATA_DIR: dir, REDIS_URL: '', LOG_LEVEL: 'warn' }), { migrate: true, log: createLogger('warn') });
  try {
    const { upsertEmployees } = await import('../src/app/directory.service.js');
    await upsertEmployees(services.db.knex, benchOrg(20, 2) as never);
    const wf = await services.workflows.create({ name: 'trace', definition: (variant === 'end' ? referenceWorkflowNoTask() : referenceWorkflow()) as never });
    await services.workflows.publish(wf.id, 'trace');
    // Warm the caches (published versions, compiled rules) with a first event.
    const warm = await services.events.ingest({ type: 'kpi.deviation', idempotencyKey: 'warm', payload: kpiDeviationPayload('S000001', 3) });
    for (const job of warm.jobs) await services.runtime.handle(job);
    const sql: string[] = [];
    const listener = (q: { sql: string }) => sql.push(q.sql);
    services.db.knex.on('query', listener);
    const r = await services.events.ingest({ type: 'kpi.deviation', idempotencyKey: 'traced', payload: kpiDeviationPayload('S000002', 4) });
    const inIngest = sql.length;
    const queue = [...r.jobs];
    while (queue.length) {
      const job = queue.shift();
      if (!job) break;
      await services.runtime.handle(job);
    }
    services.db.knex.off('query', listener);
    out[variant] = { statements: sql.length, inIngestTransaction: inIngest, jobs: r.jobs.map((j) => j.name), sql: sql.map((s) => s.replace(/\s+/g, ' ').slice(0, 160)) };
  } finally {
    await closeServices(services);
    rmSync(dir, { recursive: true, force: true });
  }
}
process.stdout.write(`${JSON.stringify(out)}\n`);
