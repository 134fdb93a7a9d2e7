/**
 * Benchmark: KPI readings import through the real service (CSV streamed from a file, batches,
 * streak states, kpi.deviation events with a published workflow listening).
 *   node --import tsx scripts/bench-kpi-import.ts [--readings 100000] [--weeks 26] [--order employee|period] [--batch 2000] [--db mysql://app:app@127.0.0.1:3306]
 * SQLite (a temporary file) by default; with --db a fresh MariaDB database is created and dropped.
 * Prints readings/s, events and the peak RSS.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createConnection } from 'mysql2/promise';
import { loadConfig } from '../src/config.js';
import { closeServices, createServices } from '../src/engine.js';
import { createLogger } from '../src/logger.js';
import { addPeriods } from '../src/domain/period.js';
import { createRng } from '../src/domain/demo/prng.js';

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] as string) : d;
};
const total = Number(arg('--readings', '100000'));
const weeks = Number(arg('--weeks', '26'));
const order = arg('--order', 'employee');
const batchSize = Number(arg('--batch', '2000'));
const mysqlBase = arg('--db', '');
const people = Math.ceil(total / weeks);
const endWeek = '2026-W47';
const start = addPeriods(endWeek, -(weeks - 1));

const dir = mkdtempSync(join(tmpdir(), 'coachflow-bench-'));
let dbUrl = `sqlite:${join(dir, 'bench.sqlite')}`;
let dbName: string | null = null;
if (mysqlBase) {
  dbName = `bench_kpi_${process.pid}`;
  const conn = await createConnection(`${mysqlBase}/`);
  await conn.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4`);
  await conn.end();
  dbUrl = `${mysqlBase}/${dbName}`;
}
const services = await createServices(loadConfig({ ...process.env, COACHFLOW_DB: dbUrl, COACHFLOW_DATA_DIR: dir, REDIS_URL: '', LOG_LEVEL: 'warn' }), { migrate: true, log: createLogger('warn') });
try {
  const employees = [{ id: 'M0', name: 'Manager', roles: ['manager'] }, ...Array.from({ length: people }, (_, i) => ({ id: `B${String(i).padStart(6, '0')}`, name: `员工${i}`, jobFamily: 'sales', managerId: 'M0' }))];
  await services.signals.directoryImports.import({ format: 'json', kind: 'employees', mode: 'full', data: employees, confirmed: true });
  await services.signals.kpis.upsert([{ id: 'sales_amount', name: '销售额', unit: '万元', period: 'week', direction: 'higher_is_better', range: { target: 50, tolerance: 12 } }]);
  const wf = await services.workflows.create({
    name: 'streak == 3',
    definition: { nodes: [{ id: 't', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.streak' }, 3] } } }, { id: 'e', kind: 'end', config: { outcome: 'seen' } }], edges: [{ id: 'e1', source: 't', target: 'e' }] } as never,
  });
  await services.workflows.publish(wf.id, 'bench');

  // ~3% of readings out of range, some in streaks.
  const file = join(dir, 'readings.csv');
  const out = createWriteStream(file);
  const rng = createRng(7);
  const value = (i: number, w: number) => {
    const planted = i % 40 === 0 && w % 13 >= 9; // streaks of 4 for 2.5% of people, twice
    if (planted) return 20 + rng.int(0, 10);
    if (rng.chance(0.01)) return 80 + rng.int(0, 10);
    return 40 + rng.int(0, 200) / 10;
  };
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('employeeId,kpiId,period,value,target\n');
  let lines = 0;
  if (order === 'period') {
    for (let w = 0; w < weeks; w++) for (let i = 0; i < people && lines < total; i++, lines++) await write(`${employees[i + 1]?.id},sales_amount,${addPeriods(start, w)},${value(i, w)},\n`);
  } else {
    outer: for (let i = 0; i < people; i++) for (let w = 0; w < weeks; w++) {
      if (lines++ >= total) break outer;
      await write(`${employees[i + 1]?.id},sales_amount,${addPeriods(start, w)},${value(i, w)},\n`);
    }
  }
  out.end();
  await once(out, 'finish');

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const rssBefore = process.memoryUsage().rss;
  const { createReadStream } = await import('node:fs');
  async function* chunks() {
    for await (const c of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) yield c as string;
  }
  const t0 = performance.now();
  const result = await services.signals.readings.importCsv(chunks(), { batchSize });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  const runs = (await services.db.knex('run').count({ n: '*' }).first()) as { n: number };
  console.log(
    JSON.stringify({
      db: services.db.driver,
      order,
      batchSize,
      readings: result.accepted,
      rejected: result.rejected,
      events: result.events,
      runs: Number(runs.n),
      seconds: Math.round(ms) / 1000,
      readingsPerSecond: Math.round((result.accepted * 1000) / ms),
      rssBeforeMb: Math.round(rssBefore / 1e6),
      peakRssMb: Math.round(peak / 1e6),
    }),
  );
} finally {
  await closeServices(services);
  rmSync(dir, { recursive: true, force: true });
  if (dbName) {
    const conn = await createConnection(`${mysqlBase}/`);
    await conn.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await conn.end();
  }
}
