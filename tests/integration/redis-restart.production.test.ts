/**
 * Redis restarted during runs (its data lost): events are still accepted meanwhile (the database
 * holds them), readiness goes red, and once Redis is back the recovery sweep re-enqueues the lost
 * work: every run finishes, nothing is lost, no connector key is applied twice. Reports to the
 * reliability table (issue 8): runs accepted / finished / lost / duplicated, the Redis kill, and the
 * time from Redis accepting connections again to every run waiting at its task.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { ORG, actionDelayTaskWorkflow, kpiDeviation, salesTeam } from '../support/factories.js';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';
import { PrivateRedis } from '../support/redis-server.js';
import { sleep, waitFor } from '../support/wait.js';
import { asEmployee, GROW_DATA } from '../support/people.js';
import { recordReliability } from '../support/reliability-report.js';

let cluster: EngineCluster;
let recorder: RecorderFake;
const redis = new PrivateRedis(6390 + Math.floor(Math.random() * 50));

beforeAll(async () => {
  await redis.start();
  // Slow answers keep many jobs in flight when Redis dies: their keys vanish with it.
  recorder = await new RecorderFake({ delayMs: 400 }).start();
  cluster = await EngineCluster.start({ name: 'redis-restart', workers: 2, env: { RECORDER_URL: recorder.url, REDIS_URL: redis.url } });
  await cluster.api('PUT', '/api/v1/employees', { employees: [...ORG, ...salesTeam(20)] });
  const wf = await cluster.api('POST', '/api/v1/workflows', { name: 'redis', definition: actionDelayTaskWorkflow({ delay: 'PT2S' }) });
  expect((await cluster.api('POST', `/api/v1/workflows/${wf.body.id}/publish`, {})).status).toBe(201);
});

afterAll(async () => {
  await cluster?.stop();
  await recorder?.stop();
  await redis.kill();
});

it('loses nothing when Redis is killed and restarted during runs', async () => {
  const runIds: number[] = [];
  const refused: string[] = [];
  const post = async (i: number) => {
    const a = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `redis-${i}`, payload: kpiDeviation(`E${9100 + (i % 20)}`, 3) });
    if (a.status === 200 || a.status === 202) runIds.push(a.body.runIds[0]);
    else refused.push(`event ${i}: ${a.status} ${JSON.stringify(a.body)}`);
  };
  await Promise.all(Array.from({ length: 20 }, (_, i) => post(i)));
  await waitFor('connector calls in flight', () => Object.keys(recorder.stats.deliveries).length >= 8, 10_000, 20);
  // Calls are in flight and runs wait on their 2 s timers; Redis goes away with every queued job.
  await redis.kill();
  const ready = await cluster.api('GET', '/readyz');
  expect(ready.status).toBe(503);
  expect(ready.body.queue.reachable).toBe(false);
  for (let i = 20; i < 30; i++) await post(i); // still accepted: stored in the database
  await sleep(1500);
  await redis.start();
  const backAt = Date.now();
  await waitFor('readiness back', async () => (await cluster.api('GET', '/readyz')).status === 200, 30_000, 200);
  const readyMs = Date.now() - backAt;

  const tasks = await waitFor(
    'every run waiting at its task',
    async () => {
      const t = await cluster.api('GET', '/api/v1/tasks?status=open&limit=500');
      const byRun = new Set(t.body.items.map((x: { runId: number }) => x.runId));
      return runIds.every((id) => byRun.has(id)) ? t.body.items : null;
    },
    120_000,
    500,
  ).catch(() => [] as Array<{ id: number; runId: number }>);
  const resumeMs = Date.now() - backAt;
  const manager = await asEmployee(cluster, 'E9001');
  for (const t of tasks) expect((await manager.api('POST', `/api/v1/tasks/${t.id}/complete`, { data: GROW_DATA })).status).toBe(200);
  const succeeded = await waitFor(
    'every run to succeed',
    async () => {
      const r = await cluster.api('GET', '/api/v1/runs?status=succeeded&limit=200');
      return r.body.items.length >= runIds.length ? (r.body.items as Array<{ id: number }>) : null;
    },
    60_000,
    500,
  ).catch(async () => (await cluster.api('GET', '/api/v1/runs?status=succeeded&limit=200')).body.items as Array<{ id: number }>);
  const all = (await cluster.api('GET', '/api/v1/runs?limit=200')).body.items as Array<{ id: number }>;
  const done = new Set(succeeded.map((r) => r.id));
  const unfinished = runIds.filter((id) => !done.has(id));
  const applied = recorder.stats.applied;
  const appliedTwice = Object.entries(applied).filter(([, n]) => n !== 1);
  const missingCalls = runIds.filter((id) => applied[`cf:${id}:record:0`] !== 1);
  console.log(
    `redis restart: events accepted ${runIds.length}/30 (10 while Redis was down), runs ${all.length}, succeeded ${done.size}, keys applied ${Object.keys(applied).length} (more than once ${appliedTwice.length}), ` +
      `ready ${(readyMs / 1000).toFixed(1)} s and every run at its task ${(resumeMs / 1000).toFixed(1)} s after Redis was back`,
  );
  recordReliability('redis-restart', {
    runsAccepted: runIds.length,
    runsFinished: runIds.length - unfinished.length,
    runsLost: 30 - runIds.length + unfinished.length + missingCalls.length,
    runsDuplicated: runIds.length - new Set(runIds).size + Math.max(0, all.length - 30) + appliedTwice.length,
    killsSurvived: 1,
    maxResumeMs: resumeMs,
    notes: [`Redis SIGKILLed with its data (no persistence) during runs, 10 events accepted while it was down; readiness back ${(readyMs / 1000).toFixed(1)} s after Redis, every run at its task ${(resumeMs / 1000).toFixed(1)} s after (includes the workflow's 2 s delay)`],
  });

  expect(refused).toEqual([]);
  expect(tasks).toHaveLength(30);
  expect(unfinished).toEqual([]);
  expect(all).toHaveLength(30);
  expect(appliedTwice).toEqual([]);
  expect(missingCalls).toEqual([]);
});
