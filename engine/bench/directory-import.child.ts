/**
 * Child process of the directory import benchmark (pinned to core 0 by the parent). Same code path
 * as `engine import directory <file.csv> --full --confirm`: a fresh SQLite engine (services, no
 * HTTP), a CSV of `people` employees with reporting lines (a tree, about 8 reports per manager,
 * departments and teams as columns left empty) streamed through `signals.directoryImports.import`.
 * Then the same file again (a full sync where nothing changed) and a delta of 5% changed rows.
 * Prints one JSON line.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { closeServices, createServices } from '../src/engine.js';
import { createLogger } from '../src/logger.js';

const o = JSON.parse(process.argv[2] ?? '{}') as { people: number; resync?: boolean };
const dir = mkdtempSync(join(tmpdir(), 'cf-bench-dir-'));
const SPAN = 8;
const id = (i: number): string => `D${String(i).padStart(6, '0')}`;
const managerOf = (i: number): number | null => (i === 0 ? null : Math.floor((i - 1) / SPAN));
const families = ['sales', 'engineering', 'operations', 'finance', 'hr'];

function csv(changeEvery = 0): string {
  const lines = ['id,name,email,jobFamily,level,title,location,region,status,managerId,hrbpId,locale,roles'];
  for (let i = 0; i < o.people; i++) {
    const m = managerOf(i);
    const isManager = i * SPAN + 1 < o.people;
    const changed = changeEvery > 0 && i % changeEvery === 7;
    lines.push(
      [id(i), `员工${i}${changed ? ' (新)' : ''}`, `d${i}@bench.local`, families[i % families.length], `P${4 + (i % 5)}`, isManager ? '经理' : '专员', changed ? '深圳' : '上海', 'east', 'active', m === null ? '' : id(m), 'D000001', i % 10 === 0 ? 'en' : 'zh-CN', i === 0 ? 'executive' : isManager ? 'manager' : 'employee'].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function* chunks(file: string): AsyncGenerator<string> {
  for await (const c of createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) yield c as string;
}

const services = await createServices(loadConfig({ ...process.env, COACHFLOW_DB: `sqlite:${join(dir, 'dir.sqlite')}`, COACHFLOW_DATA_DIR: dir, REDIS_URL: '', LOG_LEVEL: 'warn' }), { migrate: true, log: createLogger('warn') });
try {
  const full = join(dir, 'employees.csv');
  writeFileSync(full, csv());
  const delta = join(dir, 'delta.csv');
  writeFileSync(delta, csv(20));
  let peak = process.memoryUsage().rss;
  const baseline = peak;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const timed = async (file: string, mode: 'full' | 'delta') => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await services.signals.directoryImports.import({ format: 'csv', kind: 'employees', mode, chunks: chunks(file), confirmed: true, actor: 'bench' });
    const c = process.cpuUsage(c0);
    return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, status: r.status, summary: r.summary, errorCount: r.errorCount, errors: r.errors.slice(0, 5) };
  };
  const first = await timed(full, 'full');
  const again = o.resync ? await timed(full, 'full') : null;
  const changed = o.resync ? await timed(delta, 'full') : null;
  clearInterval(sampler);
  const knex = services.db.knex;
  const count = Number(((await knex('employee').count({ n: '*' }).first()) as { n: number }).n);
  // The reporting line of the last (deepest) employee, checked against the generator.
  const last = o.people - 1;
  const line = await services.directory.reportingLine(id(last));
  const wantChain: string[] = [];
  for (let m = managerOf(last); m !== null; m = managerOf(m)) wantChain.push(id(m));
  process.stdout.write(
    `${JSON.stringify({
      people: o.people,
      first,
      again,
      changed,
      stored: count,
      reportingLine: { got: line?.chain ?? null, want: wantChain, ok: JSON.stringify(line?.chain ?? null) === JSON.stringify(wantChain) },
      rss: { baseline, peak },
    })}\n`,
  );
} finally {
  await closeServices(services);
  rmSync(dir, { recursive: true, force: true });
}
