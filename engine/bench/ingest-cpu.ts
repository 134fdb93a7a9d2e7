/**
 * CPU cost of the event → run ingestion path in one process, without HTTP: the engine's services on
 * a fresh SQLite file, the reference workflow (or its no-task variant) published, 2,000 employees
 * under 50 managers, then `events.ingest` called by N concurrent callers. Reports events per
 * CPU-second of this process (user + system), which moves much less than wall-clock figures when
 * other sessions share the machine, for group commit on and off.
 *
 *   node --import tsx bench/ingest-cpu.ts [--variant task|end] [--events 3000] [--concurrency 1,10,50] [--group-commit on|off|both] [--mysql mysql://user:pass@host:3306]   (from engine/)
 * With --mysql the engine runs on a fresh MariaDB database (created and dropped here) instead of SQLite; the figure is still this process's CPU, not the server's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowDefinition } from '@coachflow/model';
import { createConnection } from 'mysql2/promise';
import { loadConfig } from '../src/config.js';
import { closeServices, createServices } from '../src/engine.js';
import { createLogger } from '../src/logger.js';
import { upsertEmployees } from '../src/app/directory.service.js';
import { EventService } from '../src/app/event.service.js';
import { startRunWithin } from '../src/app/runtime/advance.js';
import { benchOrg, employeeId, kpiDeviationPayload, referenceWorkflow, referenceWorkflowNoTask, streakOf } from './lib/fixtures.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const variant = option('--variant', 'task');
const total = Number(option('--events', '3000'));
const levels = option('--concurrency', '1,10,50').split(',').map(Number);
const mysqlUrl = option('--mysql', '');
const modes = { on: [true], off: [false], both: [false, true] }[option('--group-commit', 'both')] ?? [false, true];
const mysqlDb = `cf_ingest_cpu_${process.pid}`;

const dir = mkdtempSync(join(tmpdir(), 'cf-ingest-cpu-'));
if (mysqlUrl) {
  const conn = await createConnection(mysqlUrl);
  await conn.query(`CREATE DATABASE \`${mysqlDb}\` CHARACTER SET utf8mb4`);
  await conn.end();
}
const config = loadConfig({ ...process.env, COACHFLOW_DB: mysqlUrl ? `${mysqlUrl}/${mysqlDb}` : `sqlite:${join(dir, 'bench.sqlite')}`, COACHFLOW_DATA_DIR: dir, REDIS_URL: '', LOG_LEVEL: 'silent' });
const services = await createServices(config, { migrate: true, log: createLogger('silent') });
try {
  await upsertEmployees(services.db.knex, benchOrg(2000));
  const definition = (variant === 'end' ? referenceWorkflowNoTask() : referenceWorkflow()) as unknown as WorkflowDefinition;
  const wf = await services.workflows.create({ name: `ingest-cpu ${variant}`, definition });
  await services.workflows.publish(wf.id, 'bench');
  const deps = services.runtime.deps;
  const starter = (groupCommit: boolean): EventService =>
    new EventService(services.db.knex, services.workflows, services.directory, services.metrics, (trx, run, def, context, filter, now) => startRunWithin(trx, deps, run, def, context, filter, now), groupCommit ? {} : { groupCommit: false });
  let seq = 0;
  const round = async (events: EventService, concurrency: number, n: number): Promise<{ perCpuSecond: number; perSecond: number }> => {
    let left = n;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (left-- > 0) {
          const i = seq++;
          await events.ingest({ type: 'kpi.deviation', idempotencyKey: `cpu-${i}`, payload: kpiDeviationPayload(employeeId(i % 2000), streakOf(i)) });
        }
      }),
    );
    const used = process.cpuUsage(cpu);
    const seconds = (used.user + used.system) / 1e6;
    return { perCpuSecond: n / seconds, perSecond: n / ((performance.now() - t0) / 1000) };
  };
  const rows: string[] = [];
  for (const groupCommit of modes) {
    const events = starter(groupCommit);
    await round(events, 10, 1500); // warm-up (JIT)
    for (const c of levels) {
      const r = await round(events, c, total);
      rows.push(`${variant.padEnd(5)} group commit ${groupCommit ? 'on ' : 'off'} @${String(c).padStart(3)} callers: ${Math.round(r.perCpuSecond).toLocaleString('en')} events per CPU-second (${Math.round(r.perSecond).toLocaleString('en')}/s wall)`);
      process.stderr.write(`${rows[rows.length - 1]}\n`);
    }
  }
  const [{ n }] = (await services.db.knex('run').count({ n: '*' })) as Array<{ n: number }>;
  process.stdout.write(`${rows.join('\n')}\nruns stored: ${n} for ${seq} events\n`);
} finally {
  await closeServices(services);
  rmSync(dir, { recursive: true, force: true });
  if (mysqlUrl) {
    const conn = await createConnection(mysqlUrl);
    await conn.query(`DROP DATABASE IF EXISTS \`${mysqlDb}\``);
    await conn.end();
  }
}
