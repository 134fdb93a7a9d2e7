/**
 * CPU profile of the embedded event → run path: the API runs under `node --cpu-prof` while the
 * load generator posts events (the same scenario as benchmark 1), and only the samples of the
 * measured window (no start-up, no warm-up) are summarised: self time by area and by function,
 * inclusive time by function. Also `--profile startup`: the profile of `engine start` until ready.
 *   pnpm bench --profile [--variant end|task] [--connections 50] [--seconds 12]
 *   pnpm bench --profile startup
 *   pnpm bench --profile kpi        (the KPI readings import, 52 weeks × 3,000 employees)
 * Writes bench-results/profiles/<timestamp>/ (the .cpuprofile, open it in Chrome DevTools, and
 * summary.txt / summary.json).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { embeddedScenario } from './event-run-embedded.bench.js';
import { formatSummary, readProfile, summariseProfile } from './lib/cpuprofile.js';
import { EngineInstance } from './lib/engine.js';
import { BENCH_DIR, REPO, runToEnd, spawnTs } from './lib/proc.js';
import { fmtInt, fmtMs } from './lib/stats.js';
import type { BenchContext } from './lib/types.js';
import type { Variant } from './lib/fixtures.js';

/** Sampling interval: 1 ms is the default; 2 ms halves the profiler's own cost with enough samples. */
const INTERVAL_US = 2000;

/** Wall clock minus the monotonic clock V8 stamps profiles with, in ms. */
function wallMinusMonotonicMs(): number {
  return performance.timeOrigin + performance.now() - Number(process.hrtime.bigint()) / 1e6;
}

export async function profileEventPath(ctx: BenchContext, o: { seconds: number; connections: number; variant?: Variant; what?: string }): Promise<void> {
  const dir = join(REPO, 'bench-results', 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const offset = wallMinusMonotonicMs();
  let header: string;
  let window: { fromUs: number; toUs: number } | undefined;
  if (o.what === 'kpi') {
    const people = 3000;
    const child = spawnTs(join(BENCH_DIR, 'kpi-ingestion.child.ts'), [JSON.stringify({ people, weeks: 52 })], {
      name: 'profile-kpi',
      core: 0,
      captureStdout: true,
      logPath: join(ctx.logDir, 'profile-kpi.log'),
      nodeArgs: ['--cpu-prof', '--cpu-prof-interval', String(INTERVAL_US), '--cpu-prof-dir', dir],
    });
    const r = JSON.parse((await runToEnd(child, 900_000)).trim().split('\n').pop() as string) as { importWindowUs: [number, number]; readingsPerSecond: number; readingsPerCpuSecond: number; readings: number };
    window = { fromUs: r.importWindowUs[0], toUs: r.importWindowUs[1] };
    header = `KPI readings import of 52 weeks × ${fmtInt(people)} employees (${fmtInt(r.readings)} readings) under --cpu-prof: ${fmtInt(r.readingsPerSecond)} readings/s, ${fmtInt(r.readingsPerCpuSecond)} per CPU-second; samples of the import only`;
  } else if (o.what === 'startup') {
    const t0 = performance.now();
    const inst = await EngineInstance.embedded({ name: 'profile-startup', logDir: ctx.logDir, apiNodeArgs: ['--cpu-prof', '--cpu-prof-interval', String(INTERVAL_US), '--cpu-prof-dir', dir] });
    const readyMs = performance.now() - t0;
    await inst.stop();
    header = `engine start → /readyz 200 in ${fmtMs(readyMs)} under --cpu-prof (fresh SQLite file, pinned to core 0); whole process profiled up to the stop`;
  } else {
    const variant = o.variant ?? 'end';
    ctx.log(`profiling the API under ${o.connections} connections for ${o.seconds} s (${variant} variant)`);
    const r = await embeddedScenario(ctx, variant, o.connections, { apiNodeArgs: ['--cpu-prof', '--cpu-prof-interval', String(INTERVAL_US), '--cpu-prof-dir', dir], durationMs: o.seconds * 1000, warmupMs: 3000 });
    window = { fromUs: (r.window.fromWallMs - offset) * 1000, toUs: (r.window.toWallMs - offset) * 1000 };
    header = `embedded event → run (${variant} variant), ${o.connections} connections, ${o.seconds} s window under --cpu-prof: ${fmtInt(r.completedRunsPerSecond)} runs/s, POST p50 ${fmtMs(r.postLatencyMs.p50)} / p99 ${fmtMs(r.postLatencyMs.p99)}, API CPU ${(100 * (r.cpu.api ?? 0)).toFixed(0)}% of a core; correctness ${r.correctness.ok ? 'ok' : 'NOT ok'}`;
  }
  // One file per thread: the main thread (…0.001) and tsx's module-loader thread (…1.002).
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  if (!files.length) throw new Error(`no .cpuprofile written in ${dir}`);
  const summaries = files.map((file) => ({ file, summary: summariseProfile(readProfile(join(dir, file)), 40, window) }));
  const text = [header, ...summaries.map((x, i) => `\n== ${i === 0 ? 'main thread' : `thread ${i} (tsx module loader)`}: ${x.file}\n${formatSummary(x.summary, i === 0 ? 30 : 10)}`)].join('\n');
  // What one event costs in SQL (service call, no HTTP; API-token authentication adds one lookup per request).
  let sqlText = '';
  if (o.what !== 'startup' && o.what !== 'kpi') {
    const trace = JSON.parse((await runToEnd(spawnTs(join(BENCH_DIR, 'sql-trace.child.ts'), [], { name: 'sql-trace', core: null, captureStdout: true, logPath: join(ctx.logDir, 'sql-trace.log') }), 300_000)).trim().split('\n').pop() as string) as Record<string, { statements: number; sql: string[] }>;
    sqlText = Object.entries(trace)
      .map(([variant, t]) => `\nSQL for one event, ${variant} variant (${t.statements} statements):\n${t.sql.map((q) => `  ${q}`).join('\n')}`)
      .join('\n');
    writeFileSync(join(dir, 'sql-per-event.json'), `${JSON.stringify(trace, null, 2)}\n`);
  }
  writeFileSync(join(dir, 'summary.txt'), `${text}\n${sqlText}\n`);
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify({ header, window, profiles: summaries }, null, 2)}\n`);
  process.stdout.write(`${text}\n${sqlText}\n\nprofiles: ${dir}\n`);
}
