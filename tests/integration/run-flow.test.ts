/**
 * The foundation's main path, in the mode of this run (embedded: SQLite + in-process queue;
 * production: MariaDB + Redis/Bull + 2 worker processes): events for a published workflow
 * trigger → condition → action → delay → task → end finish with the right path and outputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { ORG, actionDelayTaskWorkflow, kpiDeviation } from '../support/factories.js';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';
import { waitFor } from '../support/wait.js';
import { asEmployee, GROW_DATA } from '../support/people.js';

let cluster: EngineCluster;
let recorder: RecorderFake;
let workflowId: number;

beforeAll(async () => {
  recorder = await new RecorderFake().start();
  cluster = await EngineCluster.start({ name: `flow-${MODE}`, env: { RECORDER_URL: recorder.url } });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: ORG })).status).toBe(200);
  const created = await cluster.api('POST', '/api/v1/workflows', { name: 'KPI → record → wait → coach', definition: actionDelayTaskWorkflow() });
  expect(created.status).toBe(201);
  expect(created.body.issues).toEqual([]);
  workflowId = created.body.id;
  const published = await cluster.api('POST', `/api/v1/workflows/${workflowId}/publish`, { note: 'first' });
  expect(published.status).toBe(201);
  expect(published.body.version).toBe(1);
});

afterAll(async () => {
  await cluster?.stop();
  await recorder?.stop();
});

async function runOf(eventAnswer: { body: { runIds: number[] } }): Promise<number> {
  expect(eventAnswer.body.runIds).toHaveLength(1);
  return eventAnswer.body.runIds[0] as number;
}

describe(`run flow (${MODE})`, () => {
  it('takes the true branch: action, durable delay, task for the direct manager, then finishes when the task is completed', async () => {
    const posted = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'flow-lilei-w07', payload: kpiDeviation('E9003', 3) });
    expect(posted.status).toBe(202);
    const runId = await runOf(posted);

    const task = await waitFor('the coaching task', async () => {
      const t = await cluster.api('GET', `/api/v1/tasks?runId=${runId}`);
      return t.body.items[0];
    });
    expect(task.assigneeId).toBe('E9001');
    expect(task.title).toBe('辅导 李雷 Li Lei：销售额 连续 3 周低于预期');
    expect(task.form).toBe('GROW');
    expect(task.evidence.payload.readings).toHaveLength(3);
    expect(task.evidence.decisions[0].variables).toMatchObject({ 'trigger.streak': 3, 'employee.jobFamily': 'sales' });

    const waiting = await cluster.api('GET', `/api/v1/runs/${runId}`);
    expect(waiting.body.status).toBe('waiting');
    expect(waiting.body.currentNode).toBe('coach');

    // The direct manager completes it, signed in: the actor is the signed-in user, not a body field.
    const manager = await asEmployee(cluster, 'E9001');
    const done = await manager.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: { ...GROW_DATA, goal: '回到区间' } });
    expect(done.status).toBe(200);

    const run = await waitFor('run finished', async () => {
      const r = await cluster.api('GET', `/api/v1/runs/${runId}`);
      return r.body.status === 'succeeded' ? r.body : null;
    });
    expect(run.outcome).toBe('coached');
    expect(run.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['trigger', 'check', 'record', 'wait', 'coach', 'done']);
    expect(run.steps.every((s: { status: string }) => s.status === 'succeeded')).toBe(true);
    const check = run.steps[1];
    expect(check.handle).toBe('true');
    expect(check.output).toEqual({ result: true });
    const record = run.steps[2];
    expect(record.input).toEqual({ employeeId: 'E9003', note: 'streak 3' });
    expect(record.output.id).toMatch(/^rec-/);
    const wait = run.steps[3];
    expect(Date.parse(wait.finishedAt) - Date.parse(wait.startedAt)).toBeGreaterThanOrEqual(1000);
    expect(run.steps[4].output).toMatchObject({ completedBy: 'E9001', data: { goal: '回到区间' } });
    // the pinned version's definition comes with the run, for replay
    expect(run.definition.nodes).toHaveLength(7);
    expect(run.version).toBe(1);

    const key = Object.keys(recorder.stats.applied).find((k) => k.startsWith(`cf:${runId}:record`));
    expect(key).toBeDefined();
    expect(recorder.stats.applied[key as string]).toBe(1);
    expect(recorder.stats.inputs[key as string]).toEqual({ employeeId: 'E9003', note: 'streak 3' });
  });

  it('takes the false branch without calling the connector when the rule does not pass', async () => {
    const posted = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'flow-chenjing-w07', payload: kpiDeviation('E9004', 3) });
    const runId = await runOf(posted);
    const run = await waitFor('run finished', async () => {
      const r = await cluster.api('GET', `/api/v1/runs/${runId}`);
      return r.body.status === 'succeeded' ? r.body : null;
    });
    expect(run.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['trigger', 'check', 'skip']);
    expect(run.steps[1].handle).toBe('false');
    expect(run.steps[1].evaluations[0].variables['employee.jobFamily']).toBe('engineering');
    expect(run.outcome).toBe('skipped');
    expect(Object.keys(recorder.stats.applied).some((k) => k.startsWith(`cf:${runId}:`))).toBe(false);
  });

  it('stores the same idempotency key once and answers the repeat as a duplicate with the same runs', async () => {
    const body = { type: 'kpi.deviation', idempotencyKey: 'dup-key-1', payload: kpiDeviation('E9004', 1) };
    const first = await cluster.api('POST', '/api/v1/events', body);
    const second = await cluster.api('POST', '/api/v1/events', body);
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ ...first.body, duplicate: true });
  });

  it('keeps running runs on their version when a new version is published', async () => {
    const posted = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'pin-1', payload: kpiDeviation('E9003', 4) });
    const runId = await runOf(posted);
    await waitFor('run waiting at the task', async () => (await cluster.api('GET', `/api/v1/tasks?runId=${runId}`)).body.items[0]);
    const wf = await cluster.api('GET', `/api/v1/workflows/${workflowId}`);
    const def = wf.body.definition;
    def.nodes.find((n: { id: string }) => n.id === 'done').config.outcome = 'coached-v2';
    expect((await cluster.api('PUT', `/api/v1/workflows/${workflowId}`, { revision: wf.body.revision, definition: def })).status).toBe(200);
    expect((await cluster.api('POST', `/api/v1/workflows/${workflowId}/publish`, {})).body.version).toBe(2);
    const task = (await cluster.api('GET', `/api/v1/tasks?runId=${runId}`)).body.items[0];
    expect((await (await asEmployee(cluster, 'E9001')).api('POST', `/api/v1/tasks/${task.id}/complete`, { data: GROW_DATA })).status).toBe(200);
    const run = await waitFor('old run finished', async () => {
      const r = await cluster.api('GET', `/api/v1/runs/${runId}`);
      return r.body.status === 'succeeded' ? r.body : null;
    });
    expect(run.version).toBe(1);
    expect(run.outcome).toBe('coached');
    const fresh = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'pin-2', payload: kpiDeviation('E9003', 5) });
    const freshRun = await cluster.api('GET', `/api/v1/runs/${fresh.body.runIds[0]}`);
    expect(freshRun.body.version).toBe(2);
  });

  it('lists runs newest first with keyset pagination and filters', async () => {
    const page1 = await cluster.api('GET', `/api/v1/runs?workflowId=${workflowId}&limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.items[0].id).toBeGreaterThan(page1.body.items[1].id);
    const page2 = await cluster.api('GET', `/api/v1/runs?workflowId=${workflowId}&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items[0].id).toBeLessThan(page1.body.items[1].id);
    const succeeded = await cluster.api('GET', '/api/v1/runs?status=succeeded&limit=200');
    expect(succeeded.body.items.every((r: { status: string }) => r.status === 'succeeded')).toBe(true);
  });

  it('retries an action with backoff while the connector is down, fails the run visibly, and retries it from the failed node', async () => {
    recorder.down = true;
    const posted = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'down-1', payload: kpiDeviation('E9003', 6) });
    const runId = await runOf(posted);
    const failed = await waitFor('run failed after its retries', async () => {
      const r = await cluster.api('GET', `/api/v1/runs/${runId}`);
      return r.body.status === 'failed' ? r.body : null;
    });
    const step = failed.steps.find((s: { nodeId: string }) => s.nodeId === 'record');
    expect(step.status).toBe('failed');
    expect(step.attempt).toBe(5);
    expect(step.error.code).toBe('HTTP_503');
    expect(failed.error).toMatchObject({ nodeId: 'record', code: 'HTTP_503' });
    expect(recorder.stats.deliveries[`cf:${runId}:record:0`]).toBe(5);

    recorder.down = false;
    expect((await cluster.api('POST', `/api/v1/runs/${runId}/retry`)).status).toBe(202);
    await waitFor('run waiting at the task after the retry', async () => (await cluster.api('GET', `/api/v1/tasks?runId=${runId}`)).body.items[0]);
    expect(recorder.stats.applied[`cf:${runId}:record:1`]).toBe(1);
    const run = (await cluster.api('GET', `/api/v1/runs/${runId}`)).body;
    expect(run.steps.map((s: { nodeId: string; status: string }) => `${s.nodeId}:${s.status}`)).toEqual([
      'trigger:succeeded', 'check:succeeded', 'record:failed', 'record:succeeded', 'wait:succeeded', 'coach:waiting',
    ]);
    expect((await cluster.api('POST', `/api/v1/runs/${runId}/retry`)).status).toBe(409);
  });

  it('cancels a waiting run and closes its task', async () => {
    const posted = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: 'cancel-1', payload: kpiDeviation('E9003', 7) });
    const runId = await runOf(posted);
    const task = await waitFor('task', async () => (await cluster.api('GET', `/api/v1/tasks?runId=${runId}`)).body.items[0]);
    expect((await cluster.api('POST', `/api/v1/runs/${runId}/cancel`, { reason: 'test' })).status).toBe(202);
    await waitFor('cancelled', async () => (await cluster.api('GET', `/api/v1/runs/${runId}`)).body.status === 'cancelled');
    expect((await cluster.api('GET', `/api/v1/tasks/${task.id}`)).body.status).toBe('cancelled');
    expect((await (await asEmployee(cluster, 'E9001')).api('POST', `/api/v1/tasks/${task.id}/complete`, { data: GROW_DATA })).status).toBe(409);
  });
});
