/**
 * Reliability (issue 8, "an external connector down for minutes", compressed): the recorder fake
 * answers 503 for DOWN_MS (20 s in CI, 2 minutes with RELIABILITY_LONG=1). Every event starts two
 * runs of the same shape — trigger → action → end — with two retry policies:
 *  - "patient": exponential backoff long enough to span the outage → retries, then succeeds;
 *  - "impatient": 3 attempts in ~1.5 s → the step and the run fail visibly (error on the step and
 *    the run), and POST /api/v1/runs/:id/retry succeeds once the connector is back.
 * The test reports every attempt and its spacing, and checks the spacing against the policy
 * (delay before attempt k+1 = backoffMs · factor^(k−1), plus at most the sweep's latency).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@coachflow/model';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { ORG, kpiDeviation } from '../support/factories.js';
import { LONG, recordReliability } from '../support/reliability-report.js';
import { sleep, waitFor } from '../support/wait.js';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';

const DOWN_MS = LONG ? 120_000 : 20_000;
const EVENTS = LONG ? 10 : 3;
/** Patient: attempts at about 0, 1, 2.6, 5, 8.7, 14.4, 23.4 s (CI) — the 7th lands after a 20 s outage. */
const PATIENT = LONG ? { maxAttempts: 10, backoffMs: 2000, backoffFactor: 2 } : { maxAttempts: 10, backoffMs: 1000, backoffFactor: 1.55 };
const IMPATIENT = { maxAttempts: 3, backoffMs: 500, backoffFactor: 2 };
/** How late a retry may be beyond its backoff: the sweep period (300 ms in tests) plus queue and processing latency. */
const LATE_SLACK_MS = 4000;

let cluster: EngineCluster;
let recorder: RecorderFake;
const workflowIds: Record<'patient' | 'impatient', number> = { patient: 0, impatient: 0 };

const definition = (retry: typeof PATIENT) =>
  ({
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
      { id: 'call', kind: 'action', config: { connector: 'test-recorder', action: 'record', input: { employeeId: { var: 'trigger.employeeId' }, note: 'outage' }, retry, timeoutMs: 2000 } },
      { id: 'done', kind: 'end', config: { outcome: 'recorded' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'call' },
      { id: 'e2', source: 'call', target: 'done' },
    ],
  }) as unknown as WorkflowDefinition;

beforeAll(async () => {
  recorder = await new RecorderFake().start();
  cluster = await EngineCluster.start({ name: `reliability-connector-${MODE}`, env: { RECORDER_URL: recorder.url } });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: ORG })).status).toBe(200);
  for (const [name, retry] of [['patient', PATIENT], ['impatient', IMPATIENT]] as const) {
    const wf = await cluster.api('POST', '/api/v1/workflows', { name: `connector outage: ${name}`, definition: definition(retry) });
    expect(wf.body.issues).toEqual([]);
    expect((await cluster.api('POST', `/api/v1/workflows/${wf.body.id}/publish`, {})).status).toBe(201);
    workflowIds[name] = wf.body.id;
  }
});

afterAll(async () => {
  await cluster?.stop();
  await recorder?.stop();
});

interface RunDetail {
  id: number;
  workflowId: number;
  status: string;
  error: { nodeId: string; code: string; message: string } | null;
  steps: Array<{ nodeId: string; status: string; attempt: number; error: { code: string; message: string } | null }>;
}

const getRun = async (id: number): Promise<RunDetail> => (await cluster.api('GET', `/api/v1/runs/${id}`)).body as RunDetail;
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] as number));
const expectedGap = (policy: typeof PATIENT, k: number) => policy.backoffMs * policy.backoffFactor ** (k - 1);

describe(`connector outage (${MODE})`, () => {
  it(`retries with backoff through a ${DOWN_MS / 1000} s outage, fails visibly with a short policy, and retries the failed run`, async () => {
    recorder.down = true;
    const downAt = Date.now();
    const patient: number[] = [];
    const impatient: number[] = [];
    let fiveXx = 0;
    for (let i = 0; i < EVENTS; i++) {
      const a = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `conn-outage-${i}`, payload: kpiDeviation('E9003', 3 + (i % 5)) }); // streaks 3–7: longer ones would start their readings before week 1
      if (a.status >= 500) fiveXx++;
      expect(a.status).toBe(202);
      expect(a.body.runIds).toHaveLength(2);
      for (const id of a.body.runIds as number[]) ((await getRun(id)).workflowId === workflowIds.patient ? patient : impatient).push(id);
    }
    expect(patient).toHaveLength(EVENTS);

    // The impatient runs fail visibly while the connector is still down.
    const failed = await waitFor('impatient runs failed', async () => {
      const runs = await Promise.all(impatient.map(getRun));
      return runs.every((r) => r.status === 'failed') ? runs : null;
    }, 30_000, 200);
    const failedAfterMs = Date.now() - downAt;
    for (const run of failed) {
      const step = run.steps.find((s) => s.nodeId === 'call');
      expect(step?.status).toBe('failed');
      expect(step?.attempt).toBe(IMPATIENT.maxAttempts);
      expect(step?.error?.code).toBe('HTTP_503');
      expect(run.error).toMatchObject({ nodeId: 'call', code: 'HTTP_503' });
      expect(recorder.stats.deliveries[`cf:${run.id}:call:0`]).toBe(IMPATIENT.maxAttempts);
    }
    // Meanwhile the patient runs show they are retrying (status, attempt and last error on the step).
    const midway = await getRun(patient[0] as number);
    const midStep = midway.steps.find((s) => s.nodeId === 'call');
    expect(midway.status).not.toBe('failed');
    expect(midStep?.attempt).toBeGreaterThanOrEqual(2);

    await sleep(Math.max(0, DOWN_MS - (Date.now() - downAt)));
    recorder.down = false;
    const upAt = Date.now();

    const succeeded = await waitFor('patient runs succeeded', async () => {
      const runs = await Promise.all(patient.map(getRun));
      if (runs.some((r) => r.status === 'failed')) throw new Error(`a patient run failed: ${JSON.stringify(runs.find((r) => r.status === 'failed')?.error)}`);
      return runs.every((r) => r.status === 'succeeded') ? runs : null;
    }, DOWN_MS + 120_000, 250);
    const resumeMs = Date.now() - upAt;

    // Retry the failed runs from their failed node now that the connector is back.
    for (const id of impatient) expect((await cluster.api('POST', `/api/v1/runs/${id}/retry`)).status).toBe(202);
    await waitFor('retried runs succeeded', async () => (await Promise.all(impatient.map(getRun))).every((r) => r.status === 'succeeded'), 60_000, 200);
    for (const id of impatient) {
      const run = await getRun(id);
      expect(run.steps.map((s) => `${s.nodeId}:${s.status}`)).toEqual(['trigger:succeeded', 'call:failed', 'call:succeeded', 'done:succeeded']);
      expect(recorder.stats.applied[`cf:${id}:call:1`]).toBe(1);
      expect(recorder.stats.applied[`cf:${id}:call:0`]).toBeUndefined();
    }

    // Attempts and their spacing.
    const lines: string[] = [];
    const lateness: number[] = [];
    for (const [name, ids, policy] of [['patient', patient, PATIENT], ['impatient', impatient, IMPATIENT]] as const) {
      for (const id of ids) {
        const times = recorder.stats.deliveredAt[`cf:${id}:call:0`] ?? [];
        const g = gaps(times);
        g.forEach((gap, k) => {
          const expected = expectedGap(policy, k + 1);
          lateness.push(gap - expected);
          expect(gap, `${name} run ${id}: gap before attempt ${k + 2}`).toBeGreaterThanOrEqual(expected - 50);
          expect(gap, `${name} run ${id}: gap before attempt ${k + 2}`).toBeLessThanOrEqual(expected + LATE_SLACK_MS);
        });
        lines.push(`  ${name} run ${id}: ${times.length} attempts at ${times.map((t) => ((t - downAt) / 1000).toFixed(1)).join(', ')} s; gaps ${g.map((x) => (x / 1000).toFixed(2)).join(', ')} s (policy ${g.map((_, k) => (expectedGap(policy, k + 1) / 1000).toFixed(2)).join(', ')})`);
      }
    }
    for (const run of succeeded) {
      const times = recorder.stats.deliveredAt[`cf:${run.id}:call:0`] ?? [];
      expect(times.length).toBeGreaterThan(2);
      expect(run.steps.find((s) => s.nodeId === 'call')?.attempt).toBe(times.length);
      expect((times[times.length - 1] as number) - downAt).toBeGreaterThanOrEqual(DOWN_MS - 50); // the last attempt is the one after the outage
    }
    const applied = recorder.stats.applied;
    const appliedTwice = Object.values(applied).filter((n) => n !== 1).length;
    expect(appliedTwice).toBe(0);
    expect(Object.keys(applied)).toHaveLength(EVENTS * 2);

    console.log(
      `connector outage (${MODE}): down ${(DOWN_MS / 1000).toFixed(0)} s; impatient runs failed ${(failedAfterMs / 1000).toFixed(1)} s into the outage; ` +
        `patient runs all succeeded ${(resumeMs / 1000).toFixed(1)} s after the connector came back; retries at most ${(Math.max(...lateness) / 1000).toFixed(2)} s later than the policy\n` +
        `  while down, a patient run showed: status ${midway.status}, step ${midStep?.status} attempt ${midStep?.attempt}, error ${JSON.stringify(midStep?.error)}\n${lines.join('\n')}`,
    );
    recordReliability('connector-outage', {
      runsAccepted: EVENTS * 2,
      runsFinished: EVENTS * 2,
      runsLost: 0,
      runsDuplicated: appliedTwice,
      killsSurvived: 1,
      maxResumeMs: resumeMs,
      fiveXx,
      notes: [`connector down ${DOWN_MS / 1000} s: patient runs retried ${PATIENT.maxAttempts > 0 ? (recorder.stats.deliveredAt[`cf:${patient[0]}:call:0`] ?? []).length : 0}× and succeeded; impatient runs failed after ${IMPATIENT.maxAttempts} attempts and were retried from the failed node; retries ≤ ${(Math.max(...lateness) / 1000).toFixed(2)} s late`],
    });
  });
});
