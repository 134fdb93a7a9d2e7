/**
 * Child process of the KPI ingestion benchmark (pinned to core 0 by the parent). Same code path as
 * `engine import readings <file.csv>`: a fresh SQLite engine (services, no HTTP), a directory of
 * `people` sales people, the KPI definition, the reference workflow published, then the CSV file
 * (weeks × people readings, one week after the other like weekly HR exports) streamed through
 * `signals.readings.importCsv` in its default batches. Prints one JSON line: timings, counts, the
 * RSS over the import (by share of the file read), and the pure detector (`applyReading`) on the
 * same data as a reference for the expected number of `kpi.deviation` events.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { closeServices, createServices } from '../src/engine.js';
import { createLogger } from '../src/logger.js';
import { addPeriods } from '../src/domain/period.js';
import { applyReading, type KpiRange, type StreakState } from '../src/domain/kpi-streak.js';
import { referenceWorkflow } from './lib/fixtures.js';
import { rng } from './lib/prng.js';

/** `db`: a mysql:// URL of an empty database (the MariaDB variant); the default is a fresh SQLite file. */
const o = JSON.parse(process.argv[2] ?? '{}') as { people: number; weeks: number; db?: string };
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const dir = mkdtempSync(join(tmpdir(), 'cf-bench-kpi-'));
const endWeek = '2026-W47';
const firstWeek = addPeriods(endWeek, -(o.weeks - 1));
const KPI = { id: 'sales_amount', name: '销售额', unit: '万元', period: 'week', direction: 'higher_is_better', range: { target: 50, tolerance: 12 } };
const RANGE: KpiRange = { target: 50, tolerance: 12 } as KpiRange;
const emp = (i: number): string => `K${String(i).padStart(6, '0')}`;

/** Reading of person i in week w: ~2.5% of people have two planted 4-week streaks below range, 1% random spikes above. */
function valueGen(): (i: number, w: number) => number {
  const r = rng(7);
  return (i, w) => {
    if (i % 40 === 0 && w % 13 >= 9) return 20 + Math.floor(r() * 10);
    if (r() < 0.01) return 80 + Math.floor(r() * 10);
    return 40 + Math.floor(r() * 200) / 10;
  };
}

const services = await createServices(loadConfig({ ...process.env, COACHFLOW_DB: o.db ?? `sqlite:${join(dir, 'kpi.sqlite')}`, COACHFLOW_DATA_DIR: dir, REDIS_URL: '', LOG_LEVEL: 'warn' }), { migrate: true, log: createLogger('warn') });
try {
  const t0 = performance.now();
  const managers = Math.max(1, Math.ceil(o.people / 200));
  const employees = [
    { id: 'KX0', name: '王总', roles: ['executive'] },
    ...Array.from({ length: managers }, (_, m) => ({ id: `KM${m}`, name: `经理 ${m}`, managerId: 'KX0', roles: ['manager'] })),
    ...Array.from({ length: o.people }, (_, i) => ({ id: emp(i), name: `员工 ${i}`, jobFamily: 'sales', managerId: `KM${i % managers}` })),
  ];
  await services.signals.directoryImports.import({ format: 'json', kind: 'employees', mode: 'full', data: employees, confirmed: true, actor: 'bench' });
  await services.signals.kpis.upsert([KPI]);
  const wf = await services.workflows.create({ name: 'bench: reference', definition: referenceWorkflow() as never });
  await services.workflows.publish(wf.id, 'bench');
  const setupMs = performance.now() - t0;

  // The file, week after week.
  const file = join(dir, 'readings.csv');
  const out = createWriteStream(file);
  const value = valueGen();
  let buf = 'employeeId,kpiId,period,value,target\n';
  for (let w = 0; w < o.weeks; w++) {
    const period = addPeriods(firstWeek, w);
    for (let i = 0; i < o.people; i++) {
      buf += `${emp(i)},sales_amount,${period},${value(i, w)},\n`;
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
  }
  out.end(buf);
  await once(out, 'finish');
  const bytes = statSync(file).size;

  // The pure detector over the same data: the expected number of events, and its own speed.
  const value2 = valueGen();
  const states = new Map<string, StreakState>();
  let expectedEvents = 0;
  const d0 = performance.now();
  for (let w = 0; w < o.weeks; w++) {
    const period = addPeriods(firstWeek, w);
    for (let i = 0; i < o.people; i++) {
      const r = applyReading(states.get(emp(i)), { employeeId: emp(i), kpiId: 'sales_amount', period, value: value2(i, w) }, RANGE, { id: KPI.id, name: KPI.name, unit: KPI.unit });
      states.set(emp(i), r.state);
      if (r.event) expectedEvents++;
    }
  }
  const detectorMs = performance.now() - d0;
  states.clear();
  gc();

  // The import, with RSS sampled against the share of the file read.
  let read = 0;
  const rssAt: Array<{ share: number; rss: number }> = [];
  let peak = process.memoryUsage().rss;
  const baseline = peak;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    rssAt.push({ share: read / bytes, rss });
  }, 100);
  async function* chunks(): AsyncGenerator<string> {
    for await (const c of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
      read += Buffer.byteLength(c as string);
      yield c as string;
    }
  }
  const i0 = performance.now();
  const mono0 = Number(process.hrtime.bigint() / 1000n);
  const cpu0 = process.cpuUsage();
  const result = await services.signals.readings.importCsv(chunks(), { actor: 'bench' });
  const importMs = performance.now() - i0;
  const mono1 = Number(process.hrtime.bigint() / 1000n);
  const cpu = process.cpuUsage(cpu0);
  const importCpuMs = (cpu.user + cpu.system) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const count = async (table: string): Promise<number> => Number(((await services.db.knex(table).count({ n: '*' }).first()) as { n: number }).n);
  const at = (share: number): number | null => rssAt.find((s) => s.share >= share)?.rss ?? null;
  process.stdout.write(
    `${JSON.stringify({
      driver: services.db.driver,
      people: o.people,
      weeks: o.weeks,
      readings: o.people * o.weeks,
      fileBytes: bytes,
      setupMs,
      importMs,
      importCpuMs,
      /** The import on the monotonic clock in µs (the clock of V8 CPU profiles), to window a profile. */
      importWindowUs: [mono0, mono1],
      readingsPerSecond: (result.accepted * 1000) / importMs,
      readingsPerCpuSecond: (result.accepted * 1000) / importCpuMs,
      serviceReadingsPerSecond: result.readingsPerSecond,
      result: { ...result, errors: result.errors.slice(0, 5) },
      stored: { readings: await count('kpi_reading'), streaks: await count('kpi_streak'), events: await count('event'), runs: await count('run') },
      expectedEvents,
      detector: { ms: detectorMs, readingsPerSecond: ((o.people * o.weeks) * 1000) / detectorMs },
      rss: { baseline, peak, at10: at(0.1), at50: at(0.5), at90: at(0.9), samples: rssAt.length },
    })}\n`,
  );
} finally {
  await closeServices(services);
  rmSync(dir, { recursive: true, force: true });
}
