/** Operations: health, readiness, Prometheus metrics, the OpenAPI document, retention pruning. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EngineCluster, REPO } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { ORG, actionDelayTaskWorkflow, kpiDeviation } from '../support/factories.js';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';
import { waitFor } from '../support/wait.js';

let cluster: EngineCluster;
let recorder: RecorderFake;

beforeAll(async () => {
  recorder = await new RecorderFake().start();
  cluster = await EngineCluster.start({ name: `ops-${MODE}`, env: { RECORDER_URL: recorder.url } });
  await cluster.api('PUT', '/api/v1/employees', { employees: ORG });
  const wf = await cluster.api('POST', '/api/v1/workflows', { name: 'ops', definition: actionDelayTaskWorkflow({ delay: 'PT0S' }) });
  await cluster.api('POST', `/api/v1/workflows/${wf.body.id}/publish`, {});
});

afterAll(async () => {
  await cluster?.stop();
  await recorder?.stop();
});

it('answers health and readiness with the state of the database and queue', async () => {
  expect((await cluster.api('GET', '/healthz')).body).toEqual({ status: 'ok' });
  const ready = await cluster.api('GET', '/readyz');
  expect(ready.status).toBe(200);
  expect(ready.body).toMatchObject({ status: 'ready', database: true, queue: { kind: MODE === 'production' ? 'bull' : 'in-process', reachable: true } });
});

it('serves the OpenAPI document of the whole API', async () => {
  const doc = await cluster.api('GET', '/api/v1/openapi.json');
  expect(doc.body.openapi).toBe('3.1.0');
  expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/events', '/api/v1/runs/{id}', '/healthz', '/metrics']));
});

it('exposes Prometheus metrics for runs, steps and the queue', async () => {
  const a = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'metrics-1', payload: kpiDeviation('E9004', 3) });
  await waitFor('run finished', async () => (await cluster.api('GET', `/api/v1/runs/${a.body.runIds[0]}`)).body.status === 'succeeded');
  const m = await cluster.api('GET', '/metrics');
  expect(m.headers.get('content-type')).toContain('text/plain');
  const text = String(m.body);
  expect(text).toMatch(/coachflow_events_ingested_total\{duplicate="false"\} \d+/);
  expect(text).toMatch(/coachflow_runs_started_total \d+/);
  expect(text).toMatch(/# TYPE coachflow_queue_jobs gauge/);
  if (MODE === 'embedded') {
    // In production the workers finish runs; their metrics are served on WORKER_METRICS_PORT.
    expect(text).toMatch(/coachflow_runs_finished_total\{status="succeeded"\} \d+/);
    expect(text).toMatch(/coachflow_step_duration_seconds_bucket\{kind="condition",le="0.001"\}/);
  }
});

it('prunes finished runs past the retention age and keeps the others', async () => {
  const waiting = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'keep-1', payload: kpiDeviation('E9003', 3) });
  await waitFor('waiting run', async () => (await cluster.api('GET', `/api/v1/runs/${waiting.body.runIds[0]}`)).body.status === 'waiting');
  const before = await cluster.api('GET', '/api/v1/runs?limit=200');
  const finishedBefore = before.body.items.filter((r: { finishedAt: string | null }) => r.finishedAt).length;
  expect(finishedBefore).toBeGreaterThan(0);
  const out = await new Promise<string>((ok, fail) => {
    const child = spawn(process.execPath, [join(REPO, 'engine/bin/engine.mjs'), 'prune'], { env: { ...process.env, ...cluster.env, COACHFLOW_RETENTION_DAYS: '0' } });
    let text = '';
    child.stdout.on('data', (d) => (text += String(d)));
    child.on('exit', (code) => (code === 0 ? ok(text) : fail(new Error(`prune exited ${code}`))));
  });
  expect(JSON.parse(out.trim().split('\n').pop() as string).runs).toBe(finishedBefore);
  const after = await cluster.api('GET', '/api/v1/runs?limit=200');
  expect(after.body.items.map((r: { id: number }) => r.id)).toEqual([waiting.body.runIds[0]]);
  expect((await cluster.api('GET', `/api/v1/runs/${before.body.items.find((r: { finishedAt: string | null }) => r.finishedAt).id}`)).status).toBe(404);
});
