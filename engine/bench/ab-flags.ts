/**
 * A/B of V8/node flags and environment variables (NAME=value) for the API process on the embedded reference workflow: alternates the
 * variants (fresh engine each), prints throughput, POST p50/p99 and API cores per run, and the
 * medians per variant. The variants are separated by `|`; an empty variant is the default.
 *   node --import tsx bench/ab-flags.ts --flags "|--single-threaded-gc" [--pairs 3] [--connections 10] [--seconds 15] [--variant task|end]   (from engine/)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineInstance } from './lib/engine.js';
import { prepare, runScenario, type Variant } from './lib/scenario.js';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] as string) : def;
};
// A variant's words: NAME=value sets an environment variable of the API, anything else is a node flag.
const variants = arg('flags', '|').split('|').map((s) => s.split(' ').filter(Boolean));
const envOf = (words: string[]): Record<string, string> => Object.fromEntries(words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
const nodeArgsOf = (words: string[]): string[] => words.filter((w) => !/^[A-Z_]+=/.test(w));
const pairs = Number(arg('pairs', '3'));
const connections = Number(arg('connections', '10'));
const seconds = Number(arg('seconds', '15'));
const variant = arg('variant', 'task') as Variant;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const results = variants.map(() => ({ rps: [] as number[], p50: [] as number[], p99: [] as number[], cpu: [] as number[] }));
for (let round = 0; round < pairs; round++) {
  for (const [i, flags] of variants.entries()) {
    const dir = mkdtempSync(join(tmpdir(), 'cf-ab-'));
    const inst = await EngineInstance.embedded({ name: `ab${i}`, logDir: dir, apiNodeArgs: nodeArgsOf(flags), env: envOf(flags) });
    try {
      await prepare(inst, variant, 2000);
      const r = await runScenario(inst, { name: `ab${i}`, variant, connections, warmupMs: 3000, durationMs: seconds * 1000, people: 2000, logDir: dir, tmpDir: dir, log: () => undefined });
      const cpu = Object.values(r.cpu)[0] ?? Number.NaN;
      const metrics = String((await inst.http.call<string>('GET', '/metrics')).body);
      const counter = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
      const perBatch = counter('coachflow_events_batched_total') / counter('coachflow_event_batches_total');
      const redone = metrics.includes('coachflow_event_batches_redone_total ') ? counter('coachflow_event_batches_redone_total') : 0;
      const o = results[i] as (typeof results)[number];
      o.rps.push(r.completedRunsPerSecond);
      o.p50.push(r.postLatencyMs.p50);
      o.p99.push(r.postLatencyMs.p99);
      o.cpu.push(cpu);
      process.stdout.write(`[${flags.join(' ') || 'default'}] ${r.completedRunsPerSecond.toFixed(0)} runs/s  POST p50 ${r.postLatencyMs.p50.toFixed(1)} p99 ${r.postLatencyMs.p99.toFixed(1)} ms  API ${cpu.toFixed(2)} cores, ${(r.completedRunsPerSecond / cpu).toFixed(0)} runs per CPU-s  other load ${r.machine.otherLoadOnServerCore.toFixed(2)}  events per batch ${perBatch.toFixed(1)}, batches redone ${redone}\n`);
    } finally {
      await inst.stop();
    }
  }
}
for (const [i, flags] of variants.entries()) {
  const o = results[i] as (typeof results)[number];
  process.stdout.write(`median [${flags.join(' ') || 'default'}]: ${median(o.rps).toFixed(0)} runs/s, p50 ${median(o.p50).toFixed(1)} ms, p99 ${median(o.p99).toFixed(1)} ms, ${median(o.rps.map((r, k) => r / (o.cpu[k] as number))).toFixed(0)} runs per CPU-s\n`);
}
