/**
 * Embedded default (SQLite + in-process queue): the single process is SIGKILLed while runs wait on
 * durable timers and connector calls; after a restart every run resumes from the database and
 * finishes, with each connector key applied once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { ORG, actionDelayTaskWorkflow, kpiDeviation, salesTeam } from '../support/factories.js';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';
import { sleep, waitFor } from '../support/wait.js';

let cluster: EngineCluster;
let recorder: RecorderFake;

beforeAll(async () => {
  recorder = await new RecorderFake({ delayMs: 30 }).start();
  cluster = await EngineCluster.start({ name: 'restart-embedded', mode: 'embedded', env: { RECORDER_URL: recorder.url } });
  await cluster.api('PUT', '/api/v1/employees', { employees: [...ORG, ...salesTeam(10)] });
  const wf = await cluster.api('POST', '/api/v1/workflows', { name: 'durable', definition: actionDelayTaskWorkflow({ delay: 'PT3S' }) });
  expect((await cluster.api('POST', `/api/v1/workflows/${wf.body.id}/publish`, {})).status).toBe(201);
});

afterAll(async () => {
  await cluster?.stop();
  await recorder?.stop();
});

it('resumes timers and in-flight work after a crash of the only process', async () => {
  const runIds: number[] = [];
  for (let i = 0; i < 25; i++) {
    const a = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `restart-${i}`, payload: kpiDeviation(`E${9100 + (i % 10)}`, 3) });
    runIds.push(a.body.runIds[0]);
  }
  await sleep(200); // some calls in flight, most runs waiting on their 3 s timers
  await cluster.kill('api');
  await sleep(3500); // timers fall due while nobody runs
  await cluster.restart('api');
  const tasks = await waitFor(
    'every run at its task after the restart',
    async () => {
      const t = await cluster.api('GET', '/api/v1/tasks?status=open&limit=500');
      return t.body.items.length === 25 ? t.body.items : null;
    },
    60_000,
    300,
  );
  expect(new Set(tasks.map((t: { runId: number }) => t.runId))).toEqual(new Set(runIds));
  for (const id of runIds) expect(recorder.stats.applied[`cf:${id}:record:0`]).toBe(1);
  const run = await cluster.api('GET', `/api/v1/runs/${runIds[0]}`);
  expect(run.body.steps.map((s: { nodeId: string; status: string }) => `${s.nodeId}:${s.status}`)).toEqual([
    'trigger:succeeded',
    'check:succeeded',
    'record:succeeded',
    'wait:succeeded',
    'coach:waiting',
  ]);
});

it('drains in-flight work on SIGTERM and exits cleanly', async () => {
  for (let i = 0; i < 10; i++) {
    await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `drain-${i}`, payload: kpiDeviation(`E${9100 + i}`, 4) });
  }
  expect(await cluster.terminate('api')).toBe(0);
  await cluster.restart('api');
  expect((await cluster.api('GET', '/readyz')).status).toBe(200);
});
