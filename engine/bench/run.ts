/**
 * `pnpm bench [--quick] [--only id,id] [--list]` — runs the benchmarks one after the other (never
 * in parallel: they share two cores), prints the table (benchmark | measured | budget | pass/fail)
 * and writes bench-results/<timestamp>.json and bench-results/latest.json at the repository root.
 * `pnpm bench --profile` records a CPU profile of the API under the event load instead (see
 * engine/docs/performance.md).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { eventRunEmbedded } from './event-run-embedded.bench.js';
import { eventRunProduction } from './event-run-production.bench.js';
import { kpiIngestion } from './kpi-ingestion.bench.js';
import { directoryImport } from './directory-import.bench.js';
import { ruleEvaluation } from './rule-evaluation.bench.js';
import { runHistory } from './run-history.bench.js';
import { startup } from './startup.bench.js';
import { designerLoad } from './designer-load.bench.js';
import { designerScale } from './designer-scale.bench.js';
import { profileEventPath } from './profile.js';
import { ForeignLoad, killAll, liveCount, loadAverage, REPO } from './lib/proc.js';
import { cpuSpeedGauge } from './lib/speed-gauge.js';
import { markdownTable } from './lib/table.js';
import type { Benchmark, BenchContext, Row } from './lib/types.js';

/**
 * Benchmarks other issues added under engine/bench (loaded lazily: one that does not load becomes
 * an error row instead of stopping the harness). They run in this process, not pinned.
 */
const contributed: Benchmark = {
  id: 'backtest',
  title: 'backtest (engine/bench/backtest.bench.ts, issue 9)',
  async run(ctx) {
    // Its in-process engine logs migrations on stdout: keep stdout for the table.
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => process.stderr.write(chunk, ...(rest as []))) as typeof process.stdout.write;
    try {
      const mod = (await import('./backtest.bench.js')) as { backtestBench: Benchmark };
      return await mod.backtestBench.run(ctx);
    } finally {
      process.stdout.write = write;
    }
  },
};

const BENCHMARKS: Benchmark[] = [eventRunEmbedded, eventRunProduction, kpiIngestion, directoryImport, ruleEvaluation, runHistory, startup, designerLoad, designerScale, contributed];

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const a = args[i] as string;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
};

if (flag('--list') || flag('--help')) {
  process.stdout.write(`usage: pnpm bench [--quick] [--only ${BENCHMARKS.map((b) => b.id).join(',')}] | --profile [startup] [--variant end|task] [--connections N] [--seconds S]\n`);
  for (const b of BENCHMARKS) process.stdout.write(`  ${b.id.padEnd(18)} ${b.title}\n`);
  process.exit(0);
}

const quick = flag('--quick');
const only = option('--only')?.split(',').map((s) => s.trim()).filter(Boolean);
const selected = only ? BENCHMARKS.filter((b) => only.includes(b.id)) : BENCHMARKS;
if (only && selected.length !== only.length) {
  process.stderr.write(`unknown benchmark in --only: ${only.filter((o) => !BENCHMARKS.some((b) => b.id === o)).join(', ')}\n`);
  process.exit(2);
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = join(REPO, 'bench-results');
const logDir = join(resultsDir, 'logs', stamp);
mkdirSync(logDir, { recursive: true });
const tmpDir = mkdtempSync(join(tmpdir(), 'cf-bench-run-'));
const started = Date.now();
const log = (msg: string): void => {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}\n`);
};
const ctx: BenchContext = { quick, logDir, tmpDir, log };

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${sig}: stopping the benchmark processes (temporary databases named cfbench_* may remain)\n`);
    killAll();
    rmSync(tmpDir, { recursive: true, force: true });
    process.exit(130);
  });
}

function sh(cmd: string, argv: string[]): string {
  try {
    return execFileSync(cmd, argv, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function machine(): Record<string, unknown> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1073741824) * 10) / 10,
    kernel: release(),
    node: process.version,
    mariadb: sh('mysql', ['--version']).replace(/^.*Distrib\s+([^,]+).*$/, '$1') || null,
    redis: sh('redis-server', ['--version']).replace(/^.*v=(\S+).*$/, '$1') || null,
    chromium: sh('/usr/bin/chromium', ['--version']) || null,
    commit: sh('git', ['rev-parse', '--short', 'HEAD']) || null,
    dirty: sh('git', ['status', '--porcelain', '--untracked-files=no']).length > 0,
  };
}

async function main(): Promise<void> {
  if (flag('--profile') || option('--profile')) {
    const what = option('--profile');
    await profileEventPath(ctx, {
      seconds: Number(option('--seconds') ?? 12),
      connections: Number(option('--connections') ?? 50),
      variant: (option('--variant') ?? 'end') as 'end' | 'task',
      ...(what && !what.startsWith('--') ? { what } : {}),
    });
    return;
  }
  log(`${quick ? 'quick' : 'full'} run of ${selected.map((b) => b.id).join(', ')}; logs in ${logDir}`);
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const timings: Record<string, number> = {};
  const noise: Record<string, unknown> = {};
  if (loadAverage() > 1) log(`warning: load average ${loadAverage()} before the run: other work on this machine makes the figures not comparable`);
  const gaugeStart = cpuSpeedGauge();
  log(`CPU speed gauge (bench/lib/speed-gauge.ts): ${Math.round(gaugeStart).toLocaleString('en')} json-logic-js applications per CPU-second`);
  for (const b of selected) {
    const t0 = Date.now();
    log(`${b.id}: ${b.title}`);
    const foreign = new ForeignLoad().start();
    try {
      const out = await b.run(ctx);
      rows.push(...out.rows);
      details[b.id] = out.details;
    } catch (e) {
      const msg = (e as Error).stack ?? String(e);
      errors[b.id] = msg;
      log(`${b.id} failed: ${msg}`);
      rows.push({ benchmark: b.title, measured: `error: ${(e as Error).message.split('\n')[0]?.slice(0, 120)}`, budget: '—', pass: false });
    }
    timings[b.id] = Date.now() - t0;
    const f = foreign.stop();
    noise[b.id] = f;
    log(`${b.id}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s; other processes on the machine used ${f.otherCores.toFixed(2)} cores meanwhile${f.top.length ? ` (${f.top.map((t) => `${t.comm} ${t.cores.toFixed(2)}`).join(', ')})` : ''}`);
    if (liveCount() > 0) {
      log(`${b.id} left ${liveCount()} processes running; stopping them`);
      killAll();
    }
  }
  const gaugeEnd = cpuSpeedGauge();
  const durationMs = Date.now() - started;
  const table = markdownTable(rows);
  const otherCores = Object.values(noise).reduce((a: number, n) => a + (n as { otherCores: number; seconds: number }).otherCores * (n as { seconds: number }).seconds, 0) / (durationMs / 1000);
  const noisy = otherCores > 0.15;
  process.stdout.write(
    `\n${table}\n\n${quick ? 'quick' : 'full'} run: ${(durationMs / 1000).toFixed(1)} s; ${rows.filter((r) => r.pass === false).length} over budget or failed\n` +
      `CPU not attributable to the benchmark or the database servers (other sessions' processes, kernel work such as loopback networking): ${otherCores.toFixed(2)} of ${cpus().length} cores on average${noisy ? ' — NOT a quiet machine: figures are not comparable run to run' : ''}\n` +
      `CPU speed gauge: ${Math.round(gaugeStart).toLocaleString('en')} at the start, ${Math.round(gaugeEnd).toLocaleString('en')} at the end (json-logic-js applications per CPU-second; compare runs by it: the host changes this VM's speed)\n`,
  );
  const result = { startedAt: new Date(started).toISOString(), durationMs, quick, only: only ?? null, machine: machine(), otherLoadCores: otherCores, noisy, noise, cpuSpeedGauge: { start: gaugeStart, end: gaugeEnd }, rows, timingsMs: timings, errors, details };
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${stamp}${quick ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  copyFileSync(file, join(resultsDir, 'latest.json'));
  process.stdout.write(`results: ${file} (and bench-results/latest.json)\n`);
}

try {
  await main();
} finally {
  rmSync(tmpDir, { recursive: true, force: true });
}
