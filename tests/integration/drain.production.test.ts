/**
 * Production scale-out behaviours: SIGTERM on a worker drains the jobs in flight (the connector
 * call completes, once) before the process exits 0; timers fire once across several workers.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { ORG, actionDelayTaskWorkflow, kpiDeviation, salesTeam } from '../support/factories.js';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';
import { sleep, waitFor } from '../support/wait.js';

let cluster: EngineCluster;
let recorder: RecorderFake;

beforeAll(async () => {
  recorder = await new RecorderFake({ delayMs: 1500 }).start();
  cluster = await EngineCluster.start({ name: 'drain', workers: 1, env: { RECORDER_URL: recorder.url } });
  await cluster.api('PUT', '/api/v1/employees', { employees: [...ORG, ...salesTeam(5)] });
  const wf = await cluster.api('POST', '/api/v1/workflows', { name: 'drain', definition: actionDelayTaskWorkflow({ delay: 'PT0S', timeoutMs: 5000 }) });
  await cluster.api('POST', `/api/v1/workflows/${wf.body.id}/publish`, {});
});

afterAll(async () => {
  await cluster?.stop();
  await recorder?.stop();
});

it('a worker stopped with SIGTERM finishes its connector calls before exiting', async () => {
  const runIds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `drain-${i}`, payload: kpiDeviation(`E${9100 + i}`, 3) });
    runIds.push(a.body.runIds[0]);
  }
  await waitFor('calls in flight', () => Object.keys(recorder.stats.deliveries).length === 3, 10_000, 20);
  const started = Date.now();
  expect(await cluster.terminate('worker', 0)).toBe(0);
  expect(Date.now() - started).toBeGreaterThan(500); // it waited for the slow calls
  for (const id of runIds) expect(recorder.stats.deliveries[`cf:${id}:record:0`]).toBe(1);
  await cluster.restart('worker', 0);
  await waitFor('runs at their task', async () => (await cluster.api('GET', '/api/v1/tasks?status=open')).body.items.length === 3, 30_000, 200);
  // The drained calls were recorded as done: no call was made again after the restart.
  await sleep(500);
  for (const id of runIds) expect(recorder.stats.deliveries[`cf:${id}:record:0`]).toBe(1);
});
