/**
 * Reliability (issue 8, "dependency outages"): the database stops during a load of events.
 * Production mode on a PRIVATE MariaDB (support/private-mariadb.ts) — the shared server is never
 * touched — with Redis/Bull and 2 worker processes. While clients post events, the database is
 * stopped cleanly (SIGTERM) and killed (SIGKILL), each time restarted a few seconds later.
 * Meanwhile the API answers 503 with a clear error code (never another 5xx), /readyz is 503 with
 * database:false; afterwards service resumes by itself: every accepted event has exactly one run,
 * every run finishes, and the recorder applied each connector key exactly once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@coachflow/model';
import { EngineCluster, REPO } from '../support/engine-cluster.js';
import { ORG, kpiDeviation, salesTeam } from '../support/factories.js';
import { PrivateMariaDb } from '../support/private-mariadb.js';
import { LONG, recordReliability } from '../support/reliability-report.js';
import { sleep, waitFor } from '../support/wait.js';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';

const EVENTS = Number(process.env.DB_OUTAGE_EVENTS ?? (LONG ? 600 : 160));
const CLIENTS = 4;
const OUTAGES: Array<'SIGTERM' | 'SIGKILL'> = LONG ? ['SIGTERM', 'SIGKILL', 'SIGTERM', 'SIGKILL', 'SIGTERM', 'SIGKILL'] : ['SIGTERM', 'SIGKILL'];
const DOWN_MS = LONG ? 15_000 : 5_000;
/** A client gives up on one request after this long (and retries with the same key). */
const CLIENT_TIMEOUT_MS = 30_000;
const NAME = 'reliability-db-outage';

let db: PrivateMariaDb;
let cluster: EngineCluster;
let recorder: RecorderFake;

const workflow = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
    { id: 'call', kind: 'action', config: { connector: 'test-recorder', action: 'record', input: { employeeId: { var: 'trigger.employeeId' } }, retry: { maxAttempts: 10, backoffMs: 300, backoffFactor: 1.5 }, timeoutMs: 3000 } },
    { id: 'pause', kind: 'delay', config: { duration: 'PT1S' } },
    { id: 'done', kind: 'end', config: { outcome: 'done' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'call' },
    { id: 'e2', source: 'call', target: 'pause' },
    { id: 'e3', source: 'pause', target: 'done' },
  ],
} as unknown as WorkflowDefinition;

beforeAll(async () => {
  db = await PrivateMariaDb.create(NAME);
  await db.createDatabase('coachflow');
  recorder = await new RecorderFake().start();
  cluster = await EngineCluster.start({
    name: NAME,
    workers: 2,
    env: { COACHFLOW_DB: db.url('coachflow'), RECORDER_URL: recorder.url, COACHFLOW_WORKER_CONCURRENCY: '4' },
  });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: [...ORG, ...salesTeam(40)] })).status).toBe(200);
  const wf = await cluster.api('POST', '/api/v1/workflows', { name: 'db outage', definition: workflow });
  expect(wf.body.issues).toEqual([]);
  expect((await cluster.api('POST', `/api/v1/workflows/${wf.body.id}/publish`, {})).status).toBe(201);
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await recorder?.stop();
  await db?.destroy();
});

interface Odd {
  at: number;
  status: number | string;
  path: string;
  body: string;
}

async function timed<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(t);
  }
}

it(`loses and duplicates nothing when the database is stopped and killed under load (${OUTAGES.join(', ')})`, async () => {
  const t0 = Date.now();
  const accepted = new Map<string, number>(); // idempotency key → run id
  const statuses = new Map<string | number, number>();
  const odd: Odd[] = []; // every answer that is not 2xx / 503-with-code
  const errorCodes = new Map<string, number>();
  let acceptedAt: number[] = [];
  let max503Ms = 0;
  let next = 0;

  const count = (k: string | number) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
  const client = async () => {
    for (;;) {
      const i = next++;
      if (i >= EVENTS) return;
      const key = `dbo-${i}`;
      const payload = kpiDeviation(`E${9100 + (i % 40)}`, 3 + (i % 3));
      for (;;) {
        try {
          const sent = Date.now();
          const a = await timed(cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: key, payload }), CLIENT_TIMEOUT_MS);
          count(a.status);
          if (a.status === 503) max503Ms = Math.max(max503Ms, Date.now() - sent);
          if (a.status === 202 || a.status === 200) {
            accepted.set(key, a.body.runIds[0]);
            acceptedAt.push(Date.now());
            break;
          }
          const code = a.body?.error?.code;
          if (a.status === 503 && typeof code === 'string' && typeof a.body.error.message === 'string') errorCodes.set(code, (errorCodes.get(code) ?? 0) + 1);
          else odd.push({ at: Date.now() - t0, status: a.status, path: 'POST /api/v1/events', body: JSON.stringify(a.body).slice(0, 300) });
          if (a.status >= 400 && a.status < 500) break; // a client mistake would be a test bug: stop retrying, it shows as lost
        } catch (e) {
          count('no answer');
          odd.push({ at: Date.now() - t0, status: 'no answer', path: 'POST /api/v1/events', body: (e as Error).message });
        }
        await sleep(200);
      }
      await sleep(40);
    }
  };
  const posting = Promise.all(Array.from({ length: CLIENTS }, client));

  const outages: Array<{ signal: string; downMs: number; dbStartMs: number; readyRed: boolean; readyBody: unknown; readyBackMs: number; acceptBackMs: number; api503: number }> = [];
  for (const signal of OUTAGES) {
    await waitFor('some load before the outage', () => accepted.size >= Math.min(EVENTS, 10 + outages.length * Math.floor(EVENTS / (OUTAGES.length + 1))), 120_000, 50);
    const before503 = statuses.get(503) ?? 0;
    const downAt = Date.now();
    await db.stop(signal);
    // While the database is down: readiness is red, with database:false.
    let readyRed = false;
    let readyBody: unknown = null;
    while (Date.now() - downAt < DOWN_MS) {
      try {
        // As a load balancer probes it: without a token (a token would need the database to be checked).
        const r = await timed(cluster.api('GET', '/readyz', undefined, { authorization: '' }), 10_000);
        count(`readyz ${r.status}`);
        if (r.status === 503 && r.body?.database === false) {
          readyRed = true;
          readyBody = r.body;
        } else if (r.status >= 500 && r.status !== 503) odd.push({ at: Date.now() - t0, status: r.status, path: 'GET /readyz', body: JSON.stringify(r.body) });
      } catch (e) {
        odd.push({ at: Date.now() - t0, status: 'no answer', path: 'GET /readyz', body: (e as Error).message });
      }
      await sleep(250);
    }
    const restartAt = Date.now();
    await db.start();
    const upAt = Date.now(); // the database accepts connections again: from here on, resuming is the engine's job
    acceptedAt = [];
    await waitFor('readiness back', async () => (await cluster.api('GET', '/readyz', undefined, { authorization: '' })).status === 200, 60_000, 100);
    const readyBackMs = Date.now() - upAt;
    await waitFor('an event accepted after the restart', () => acceptedAt.length > 0 || next >= EVENTS, 60_000, 50);
    const acceptBackMs = acceptedAt.length ? (acceptedAt[0] as number) - upAt : readyBackMs;
    outages.push({ signal, downMs: restartAt - downAt, dbStartMs: upAt - restartAt, readyRed, readyBody, readyBackMs, acceptBackMs, api503: (statuses.get(503) ?? 0) - before503 });
  }
  await posting;
  const postingDoneAt = Date.now();

  // Every accepted event has its own run, and every run finishes — exactly once.
  const runIds = [...accepted.values()];
  const finished = await waitFor(
    'every run to finish',
    async () => {
      const seen = new Map<number, string>();
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: Array<{ id: number; status: string }>; nextCursor: string | null } } = await cluster.api('GET', `/api/v1/runs?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        if (page.status !== 200) return null;
        for (const r of page.body.items) seen.set(r.id, r.status);
        cursor = page.body.nextCursor;
      } while (cursor);
      return runIds.every((id) => seen.get(id) === 'succeeded') ? seen : null;
    },
    180_000,
    1000,
  ).catch(() => null);
  const allFinishedMs = Date.now() - postingDoneAt;

  const seen = finished ?? new Map<number, string>();
  const unfinished = runIds.filter((id) => seen.get(id) !== 'succeeded');
  const applied = recorder.stats.applied;
  const appliedTwice = Object.entries(applied).filter(([, n]) => n !== 1);
  const missingCalls = runIds.filter((id) => applied[`cf:${id}:call:0`] !== 1);
  const redelivered = Object.values(recorder.stats.deliveries).filter((n) => n > 1).length;
  const fiveXx = odd.filter((o) => typeof o.status === 'number' && o.status >= 500).length;
  const logs = ['api0', 'worker0', 'worker1'].map((p) => {
    try {
      return readFileSync(join(REPO, `tests/test-artifacts/logs/${NAME}-${p}.log`), 'utf8');
    } catch {
      return '';
    }
  });
  const internalErrors = logs.flatMap((l) => l.split('\n').filter((line) => /"unhandled request error"|"fatal"/.test(line))).slice(0, 5);

  const maxResumeMs = Math.max(...outages.map((o) => Math.max(o.readyBackMs, o.acceptBackMs)));
  console.log(
    `db outage: events accepted ${accepted.size}/${EVENTS}, runs ${seen.size} (succeeded ${runIds.length - unfinished.length}), ` +
      `answers ${JSON.stringify(Object.fromEntries(statuses))}, 503 codes ${JSON.stringify(Object.fromEntries(errorCodes))}, ` +
      `keys applied ${Object.keys(applied).length} (twice ${appliedTwice.length}), redelivered ${redelivered}, all finished ${(allFinishedMs / 1000).toFixed(1)} s after the last post\n` +
      `  slowest 503 answer ${max503Ms} ms\n` +
      outages.map((o) => `  ${o.signal}: down ${(o.downMs / 1000).toFixed(1)} s (+ ${(o.dbStartMs / 1000).toFixed(1)} s MariaDB start-up), readyz red ${o.readyRed}, 503s ${o.api503}, ready again ${(o.readyBackMs / 1000).toFixed(1)} s and first event accepted ${(o.acceptBackMs / 1000).toFixed(1)} s after the restart`).join('\n') +
      (odd.length ? `\n  unexpected answers (${odd.length}): ${JSON.stringify(odd.slice(0, 10))}` : '') +
      (internalErrors.length ? `\n  engine log: ${internalErrors.join('\n  ')}` : ''),
  );
  recordReliability('db-outage', {
    runsAccepted: accepted.size,
    runsFinished: runIds.length - unfinished.length,
    runsLost: EVENTS - accepted.size + unfinished.length + missingCalls.length,
    runsDuplicated: runIds.length - new Set(runIds).size + Math.max(0, seen.size - runIds.length) + appliedTwice.length,
    killsSurvived: outages.length,
    maxResumeMs,
    fiveXx,
    notes: [
      `database ${outages.map((o) => `${o.signal} ${(o.downMs / 1000).toFixed(0)} s`).join(', ')}; resume measured from MariaDB accepting connections again; slowest 503 ${max503Ms} ms; API answers ${JSON.stringify(Object.fromEntries(statuses))}; 503 codes ${JSON.stringify(Object.fromEntries(errorCodes))}`,
      ...(odd.length ? [`unexpected answers: ${JSON.stringify(odd.slice(0, 3))}`] : []),
    ],
  });

  expect(odd).toEqual([]);
  expect(internalErrors).toEqual([]);
  for (const o of outages) {
    expect(o.readyRed, `${o.signal}: /readyz went red`).toBe(true);
    expect(o.readyBody).toMatchObject({ status: 'not ready', database: false });
  }
  expect(accepted.size).toBe(EVENTS);
  expect(new Set(runIds).size).toBe(EVENTS);
  expect(unfinished).toEqual([]);
  expect(seen.size).toBe(EVENTS); // no extra runs
  expect(appliedTwice).toEqual([]);
  expect(missingCalls).toEqual([]);
  expect(Object.keys(applied)).toHaveLength(EVENTS);
});
