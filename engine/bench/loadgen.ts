/**
 * Load generator (its own process, pinned to the other core): `connections` closed-loop clients
 * over keep-alive connections, each posting `kpi.deviation` events with unique idempotency keys
 * as fast as the answers come back, for a warm-up and then a measured window. Every request is
 * recorded (connection, sequence, send time on the wall clock, latency, status, phase) to a file;
 * a summary is printed as JSON on stdout.
 *   node --import tsx engine/bench/loadgen.ts '<json options>'
 */
import { Agent, request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { employeeId, kpiDeviationPayload, streakOf } from './lib/fixtures.js';
import { summarize } from './lib/stats.js';

interface Options {
  port: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
  prefix: string;
  people: number;
  outFile: string;
}

const o = JSON.parse(process.argv[2] ?? '{}') as Options;
/** The API token (from the environment, not the command line). */
const token = process.env.COACHFLOW_BENCH_TOKEN || null;
const agent = new Agent({ keepAlive: true, maxSockets: o.connections, maxFreeSockets: o.connections });
const wall = (): number => performance.timeOrigin + performance.now();

// Payload bodies per (employee, streak) are cheap to build; the key makes each one unique.
function body(c: number, i: number): Buffer {
  const streak = streakOf(i);
  const emp = employeeId((c * 7919 + i * 31) % o.people);
  return Buffer.from(JSON.stringify({ type: 'kpi.deviation', idempotencyKey: `${o.prefix}-${c}-${i}`, payload: kpiDeviationPayload(emp, streak) }));
}

function post(buf: Buffer): Promise<number> {
  return new Promise((ok) => {
    const req = request(
      { host: '127.0.0.1', port: o.port, method: 'POST', path: '/api/v1/events', agent, headers: { 'content-type': 'application/json', 'content-length': buf.length, ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => ok(res.statusCode ?? 0));
        res.on('error', () => ok(0));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => ok(0));
    req.end(buf);
  });
}

// records: c, i, sendWallMs, latencyMs, status, phase (0 warm-up, 1 measured)
const records: number[][] = [];
const start = wall();
const warmEnd = start + o.warmupMs;
const end = warmEnd + o.durationMs;

async function client(c: number): Promise<void> {
  for (let i = 0; ; i++) {
    const sent = wall();
    if (sent >= end) return;
    const t0 = performance.now();
    const status = await post(body(c, i));
    records.push([c, i, sent, performance.now() - t0, status, sent >= warmEnd ? 1 : 0]);
  }
}

await Promise.all(Array.from({ length: o.connections }, (_, c) => client(c)));
const finished = wall();
agent.destroy();
writeFileSync(o.outFile, JSON.stringify({ start, warmEnd, end, finished, records }));

const measured = records.filter((r) => r[5] === 1);
const lat = summarize(measured.map((r) => r[3] as number));
const count = (rs: number[][], s: number) => rs.filter((r) => r[4] === s).length;
process.stdout.write(
  `${JSON.stringify({
    sent: records.length,
    measuredSent: measured.length,
    accepted: count(records, 202),
    measuredAccepted: count(measured, 202),
    duplicates: count(records, 200),
    errors: records.filter((r) => r[4] !== 202 && r[4] !== 200).length,
    statuses: Object.fromEntries([...new Set(records.map((r) => r[4]))].map((s) => [s, count(records, s as number)])),
    postLatencyMs: lat,
    acceptedPerSecond: count(measured, 202) / (o.durationMs / 1000),
    start,
    warmEnd,
    end,
    finished,
  })}\n`,
);
