/**
 * Where the API's memory goes under the event load: an embedded engine (core 0) with the reference
 * workflow, the load generator at N connections, and /metrics scraped every second for the
 * process's RSS, V8 heap (total / used) and external memory. Prints one line per second and the peak.
 * Extra V8 flags for the API: COACHFLOW_BENCH_API_NODE_ARGS="--max-semi-space-size=8".
 *   node --import tsx bench/memory.ts [--connections 50] [--seconds 15] [--variant task|end]   (from engine/)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineInstance } from './lib/engine.js';
import { prepare, runScenario } from './lib/scenario.js';
import type { Variant } from './lib/fixtures.js';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] as string) : def;
};
const connections = Number(arg('connections', '50'));
const seconds = Number(arg('seconds', '15'));
const variant = arg('variant', 'task') as Variant;
const apiNodeArgs = (process.env.COACHFLOW_BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
const mb = (n: number): string => `${(n / 1048576).toFixed(0)} MB`;

const dir = mkdtempSync(join(tmpdir(), 'cf-memory-'));
const inst = await EngineInstance.embedded({ name: 'memory', logDir: dir, apiNodeArgs });
const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0 };
let sampling = true;
const sampler = (async () => {
  const t0 = Date.now();
  while (sampling) {
    const text = await inst.http.call<string>('GET', '/metrics').then((r) => String(r.body)).catch(() => '');
    const g = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    const m = { rss: g('process_resident_memory_bytes'), heapTotal: g('nodejs_heap_size_total_bytes'), heapUsed: g('nodejs_heap_size_used_bytes'), external: g('nodejs_external_memory_bytes') };
    for (const k of Object.keys(peak) as Array<keyof typeof peak>) peak[k] = Math.max(peak[k], m[k]);
    process.stdout.write(`${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s  rss ${mb(m.rss)}  heap ${mb(m.heapUsed)} / ${mb(m.heapTotal)}  external ${mb(m.external)}\n`);
    await new Promise((r) => setTimeout(r, 1000));
  }
})();
try {
  await prepare(inst, variant, 2000);
  const r = await runScenario(inst, { name: 'memory', variant, connections, warmupMs: 3000, durationMs: seconds * 1000, people: 2000, logDir: dir, tmpDir: dir, log: () => undefined });
  process.stdout.write(`${r.completedRunsPerSecond.toFixed(0)} runs/s; peak rss ${mb(peak.rss)}, heap used ${mb(peak.heapUsed)} of ${mb(peak.heapTotal)}, external ${mb(peak.external)}${apiNodeArgs.length ? ` (${apiNodeArgs.join(' ')})` : ''}\n`);
} finally {
  sampling = false;
  await sampler;
  await inst.stop();
}
