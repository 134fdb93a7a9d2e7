/**
 * Crash test (production mode: MariaDB + Redis/Bull, 3 worker processes). While runs are in
 * flight, workers are SIGKILLed several times and restarted, and the API process once. Afterwards
 * every accepted event has its run, every run finished exactly once, and the fake connector
 * applied each idempotency key exactly once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { ORG, kpiDeviation, salesTeam } from '../support/factories.js';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';
import { sleep, waitFor } from '../support/wait.js';
import type { WorkflowDefinition } from '@coachflow/model';

const WORKERS = 3;
const EVENTS = Number(process.env.CRASH_EVENTS ?? 120);
const WORKER_KILLS = Number(process.env.CRASH_KILLS ?? 6);

let cluster: EngineCluster;
let recorder: RecorderFake;

const workflow = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
    { id: 'check', kind: 'condition', config: { rule: { '>=': [{ var: 'trigger.streak' }, 3] } } },
    { id: 'call', kind: 'action', config: { connector: 'test-recorder', action: 'record', input: { employeeId: { var: 'trigger.employeeId' } }, retry: { maxAttempts: 8, backoffMs: 300, backoffFactor: 1.5 }, timeoutMs: 2000 } },
    { id: 'pause', kind: 'delay', config: { duration: 'PT1S' } },
    { id: 'call2', kind: 'action', config: { connector: 'test-recorder', action: 'record', input: { employeeId: { var: 'trigger.employeeId' }, note: 'second' }, timeoutMs: 2000 } },
    { id: 'done', kind: 'end', config: { outcome: 'done' } },
    { id: 'skip', kind: 'end', config: { outcome: 'skipped' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'true', target: 'call' },
    { id: 'e3', source: 'check', sourceHandle: 'false', target: 'skip' },
    { id: 'e4', source: 'call', target: 'pause' },
    { id: 'e5', source: 'pause', target: 'call2' },
    { id: 'e6', source: 'call2', target: 'done' },
  ],
} as unknown as WorkflowDefinition;

beforeAll(async () => {
  // The fake answers slowly so that kills land while calls are out.
  recorder = await new RecorderFake({ delayMs: 40 }).start();
  cluster = await EngineCluster.start({ name: 'crash', workers: WORKERS, env: { RECORDER_URL: recorder.url, COACHFLOW_WORKER_CONCURRENCY: '4' } });
  await cluster.api('PUT', '/api/v1/employees', { employees: [...ORG, ...salesTeam(40)] });
  const wf = await cluster.api('POST', '/api/v1/workflows', { name: 'crash', definition: workflow });
  expect(wf.body.issues).toEqual([]);
  expect((await cluster.api('POST', `/api/v1/workflows/${wf.body.id}/publish`, {})).status).toBe(201);
});

afterAll(async () => {
  await cluster?.stop();
  await recorder?.stop();
});

it(`survives ${WORKER_KILLS} worker kills and an API kill with nothing lost or done twice`, async () => {
  const accepted = new Map<string, number>(); // idempotency key → run id
  let posting = true;
  const poster = (async () => {
    for (let i = 0; i < EVENTS; i++) {
      const key = `crash-${i}`;
      const payload = kpiDeviation(`E${9100 + (i % 40)}`, 3 + (i % 3));
      // A client retries with the same key until the API answers (it may be down for a restart).
      for (;;) {
        try {
          const a = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: key, payload });
          if (a.status === 202 || a.status === 200) {
            accepted.set(key, a.body.runIds[0]);
            break;
          }
        } catch {
          /* API restarting */
        }
        await sleep(100);
      }
      await sleep(60);
    }
    posting = false;
  })();

  const kills: string[] = [];
  let k = 0;
  while (posting || k < WORKER_KILLS) {
    await sleep(700 + Math.floor(Math.random() * 600));
    if (k < WORKER_KILLS) {
      const w = k % WORKERS;
      await cluster.kill('worker', w);
      kills.push(`worker${w}`);
      k++;
      await sleep(300);
      await cluster.restart('worker', w);
      if (k === Math.ceil(WORKER_KILLS / 2)) {
        await cluster.kill('api');
        kills.push('api');
        await cluster.restart('api');
      }
    } else if (!posting) break;
  }
  await poster;
  const killDoneAt = Date.now();

  expect(accepted.size).toBe(EVENTS);
  const runIds = [...accepted.values()];
  expect(new Set(runIds).size).toBe(EVENTS);

  const finished = await waitFor(
    'every run to finish',
    async () => {
      const seen = new Map<number, string>();
      let cursor: string | null = null;
      do {
        const page: { body: { items: Array<{ id: number; status: string }>; nextCursor: string | null } } = await cluster.api('GET', `/api/v1/runs?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        for (const r of page.body.items) seen.set(r.id, r.status);
        cursor = page.body.nextCursor;
      } while (cursor);
      return runIds.every((id) => seen.get(id) === 'succeeded') ? seen : null;
    },
    180_000,
    1000,
  );
  const resumeSeconds = (Date.now() - killDoneAt) / 1000;

  expect(finished.size).toBe(EVENTS); // no extra runs either
  const sample = await cluster.api('GET', `/api/v1/runs/${runIds[7]}`);
  expect(sample.body.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['trigger', 'check', 'call', 'pause', 'call2', 'done']);

  // Each run made two connector calls; each key was applied exactly once.
  const applied = recorder.stats.applied;
  const keys = Object.keys(applied);
  expect(keys).toHaveLength(EVENTS * 2);
  expect(Object.values(applied).every((n) => n === 1)).toBe(true);
  for (const id of runIds) {
    expect(applied[`cf:${id}:call:0`]).toBe(1);
    expect(applied[`cf:${id}:call2:0`]).toBe(1);
  }
  const redelivered = Object.values(recorder.stats.deliveries).filter((n) => n > 1).length;
  console.log(
    `crash test: events accepted ${accepted.size}, runs finished ${finished.size}, lost 0, kills ${kills.length} (${kills.join(' ')}), ` +
      `keys applied ${keys.length} (each once), keys redelivered after a kill ${redelivered}, all finished ${resumeSeconds.toFixed(1)} s after the last kill`,
  );
});
