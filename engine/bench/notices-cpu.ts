/**
 * CPU of the people schedule's new-task notices (`InboxService.notifyNew`, 200 a tick) on the
 * embedded database, and the longest stretch without a turn of the event loop while it runs
 * (what requests in flight wait for): 4,000 reference-workflow events ingested (tasks for 50
 * managers), then six ticks. `--profile <file>` writes a CPU profile of the ticks.
 *   node --import tsx bench/notices-cpu.ts [--profile /tmp/notices.cpuprofile]   (from engine/)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowDefinition } from '@coachflow/model';
import { loadConfig } from '../src/config.js';
import { closeServices, createServices } from '../src/engine.js';
import { createLogger } from '../src/logger.js';
import { upsertEmployees } from '../src/app/directory.service.js';
import { profileTo } from './lib/in-process-profile.js';
import { benchOrg, employeeId, kpiDeviationPayload, referenceWorkflow } from './lib/fixtures.js';
const dir = mkdtempSync(join(tmpdir(), 'cf-notices-'));
const config = loadConfig({ ...process.env, COACHFLOW_DB: `sqlite:${join(dir, 'b.sqlite')}`, COACHFLOW_DATA_DIR: dir, REDIS_URL: '', LOG_LEVEL: 'silent' });
const services = await createServices(config, { migrate: true, log: createLogger('silent') });
await upsertEmployees(services.db.knex, benchOrg(2000));
const wf = await services.workflows.create({ name: 'n', definition: referenceWorkflow() as unknown as WorkflowDefinition });
await services.workflows.publish(wf.id, 'bench');
for (let i = 0; i < 4000; i++) await services.events.ingest({ type: 'kpi.deviation', idempotencyKey: `n-${i}`, payload: kpiDeviationPayload(employeeId(i % 2000), 4) });
const [{ n }] = (await services.db.knex('task').count({ n: '*' })) as Array<{ n: number }>;
console.log('tasks', n);
const profileAt = process.argv.indexOf('--profile') > 0 ? process.argv[process.argv.indexOf('--profile') + 1] : undefined;
const stopProfile = await profileTo(profileAt, 100);
// The longest synchronous stretch while notifyNew runs: a setImmediate loop records the event loop's gaps.
for (let round = 0; round < 6; round++) {
  let last = performance.now(); let maxGap = 0; let on = true;
  const tick = (): void => { const t = performance.now(); maxGap = Math.max(maxGap, t - last); last = t; if (on) setImmediate(tick); };
  setImmediate(tick);
  const cpu = process.cpuUsage(); const t0 = performance.now();
  const r = await services.inbox.notifyNew(Date.now());
  const used = process.cpuUsage(cpu);
  on = false;
  console.log(`notices ${r.tasks}: wall ${(performance.now() - t0).toFixed(1)} ms, cpu ${((used.user + used.system) / 1000).toFixed(1)} ms, longest stretch without a turn ${maxGap.toFixed(1)} ms`);
}
await stopProfile();
await closeServices(services);
rmSync(dir, { recursive: true, force: true });
