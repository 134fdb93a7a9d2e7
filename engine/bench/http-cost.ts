/**
 * Per-request CPU of the API on routes that do no ingestion work, to separate the HTTP/auth/validation
 * layer from the event → run work (engine/docs/performance.md). Starts an embedded engine pinned to
 * core 0, then for each probe runs `connections` closed-loop keep-alive clients for `seconds` and
 * reports requests/s and the API's CPU microseconds per request.
 *   node --import tsx bench/http-cost.ts [--connections 10] [--seconds 5] [--only <probe index>] [--profile] [--node-baseline]   (from engine/)
 * `--node-baseline` also measures a plain `node:http` server (pinned to core 0 the same way) answering
 * `GET /healthz` with the same JSON: the floor of Node's own HTTP handling on this machine.
 */
import { Agent, request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineInstance } from './lib/engine.js';
import { spawn } from 'node:child_process';
import { cpuSeconds, freePort } from './lib/proc.js';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const CONNECTIONS = arg('connections', 10);
const SECONDS = arg('seconds', 5);

interface Probe {
  name: string;
  method: string;
  path: string;
  body?: (i: number) => string;
  auth: boolean;
}

const probes: Probe[] = [
  { name: 'GET /healthz (no auth)', method: 'GET', path: '/healthz', auth: false },
  { name: 'GET /api/v1/catalogue/nodes (token)', method: 'GET', path: '/api/v1/catalogue/nodes', auth: true },
  { name: 'POST /api/v1/events, unknown type → 400 (token, body)', method: 'POST', path: '/api/v1/events', auth: true, body: (i) => JSON.stringify({ type: 'nope.nope', idempotencyKey: `k-${i}`, payload: { employeeId: 'E1' } }) },
  { name: 'POST /api/v1/events, no workflow listening → 202 (event stored)', method: 'POST', path: '/api/v1/events', auth: true, body: (i) => JSON.stringify({ type: 'pip.entered', idempotencyKey: `p-${process.pid}-${i}`, payload: { employeeId: `E${i % 100}`, pipId: `P${i}`, reason: 'x', startDate: '2026-01-01', endDate: '2026-03-01' } }) },
];

async function load(port: number, token: string, p: Probe): Promise<{ count: number; statuses: Record<number, number> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const until = Date.now() + SECONDS * 1000;
  let count = 0;
  let seq = 0;
  const statuses: Record<number, number> = {};
  const one = (): Promise<number> =>
    new Promise((ok) => {
      const buf = p.body ? Buffer.from(p.body(seq++)) : null;
      const req = request({ host: '127.0.0.1', port, method: p.method, path: p.path, agent, headers: { ...(buf ? { 'content-type': 'application/json', 'content-length': buf.length } : {}), ...(p.auth ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
        res.on('data', () => {});
        res.on('end', () => ok(res.statusCode ?? 0));
      });
      req.on('error', () => ok(0));
      req.end(buf ?? undefined);
    });
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (Date.now() < until) {
      const s = await one();
      statuses[s] = (statuses[s] ?? 0) + 1;
      count++;
    }
  }));
  agent.destroy();
  return { count, statuses };
}

/** A warm-up pass, then the measured one: requests/s and the server's CPU per request. */
async function measure(port: number, token: string, p: Probe, pid: number): Promise<void> {
  await load(port, token, { ...p });
  const cpu0 = cpuSeconds(pid) ?? 0;
  const t0 = Date.now();
  const r = await load(port, token, p);
  const cpu = (cpuSeconds(pid) ?? 0) - cpu0;
  const secs = (Date.now() - t0) / 1000;
  process.stdout.write(`${p.name.padEnd(70)} ${(r.count / secs).toFixed(0).padStart(6)} req/s  ${((cpu * 1e6) / r.count).toFixed(0).padStart(5)} µs CPU/req  ${JSON.stringify(r.statuses)}\n`);
}

const only = process.argv.includes('--only') ? probes.filter((_, i) => String(i) === process.argv[process.argv.indexOf('--only') + 1]) : probes;
const profileDir = process.argv.includes('--profile') ? mkdtempSync(join(tmpdir(), 'cf-http-cost-prof-')) : null;
const inst = await EngineInstance.embedded({
  name: 'http-cost',
  logDir: mkdtempSync(join(tmpdir(), 'cf-http-cost-')),
  env: { COACHFLOW_CONNECTORS: '' },
  apiNodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
});
try {
  const token = inst.http.token as string;
  for (const p of only) {
    await measure(inst.port, token, p, inst.api?.child.pid as number);
  }
} finally {
  await inst.stop();
  if (profileDir) process.stdout.write(`CPU profile of the API: ${profileDir}\n`);
}

if (process.argv.includes('--node-baseline')) {
  const port = await freePort();
  const server = `require('node:http').createServer((req, res) => { req.resume(); const body = JSON.stringify({ status: 'ok' }); res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }); res.end(body); }).listen(${port}, '127.0.0.1', () => console.log('ready'));`;
  const child = spawn('taskset', ['-c', '0', process.execPath, '-e', server], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok) => child.stdout?.once('data', () => ok()));
  try {
    const p: Probe = { name: 'plain node:http GET /healthz (floor)', method: 'GET', path: '/healthz', auth: false };
    await measure(port, '', p, child.pid as number);
  } finally {
    child.kill();
  }
}
