/**
 * A run calling the built-in `lms-moodle` plugin, retried after a timeout, enrols the employee once
 * (issue 5 "must show"), against the Moodle contract fake over loopback:
 * 1. Moodle hangs (the fake's `hang` switch): attempt 1 is aborted at the node's timeoutMs, the
 *    step retries after its backoff, attempt 2 enrols — one enrolment call.
 * 2. The answer is lost after Moodle applied the enrolment (a proxy forwards the enrol call and
 *    never answers): attempt 1 times out, attempt 2 finds the enrolment and does not send it again —
 *    still one enrolment call, one enrolment.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@coachflow/model';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { ORG, kpiDeviation } from '../support/factories.js';
import { tempDataDir } from '../support/plugin-support.js';
import { waitFor } from '../support/wait.js';
import { MoodleFake } from '../contract-fakes/moodle/moodle.fake.js';

const TIMEOUT_MS = 1500;
let cluster: EngineCluster;
let moodle: MoodleFake;
let proxy: Server;
let proxyUrl = '';
/** When set, the next enrol call is forwarded to Moodle but its answer never reaches the engine. */
let swallowNextEnrol = false;
let swallowed = 0;
let seq = 0;

const definition: WorkflowDefinition = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'training.requested' } },
    {
      id: 'enrol',
      kind: 'action',
      config: {
        connector: 'lms-moodle',
        action: 'enrolUser',
        input: { employeeId: { var: 'trigger.employeeId' }, courseIdnumber: { var: 'trigger.course' } },
        retry: { maxAttempts: 4, backoffMs: 300, backoffFactor: 1 },
        timeoutMs: TIMEOUT_MS,
      },
    },
    { id: 'done', kind: 'end', config: { outcome: 'enrolled' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'enrol' },
    { id: 'e2', source: 'enrol', target: 'done' },
  ],
} as unknown as WorkflowDefinition;

async function request_training(employeeId: string, course: string): Promise<number> {
  const posted = await cluster.api('POST', '/api/v1/events', {
    type: 'training.requested',
    idempotencyKey: `moodle-retry-${MODE}-${Date.now()}-${++seq}`,
    payload: { employeeId, competency: '客户异议处理', course, source: 'coaching' },
  });
  expect(posted.status).toBe(202);
  expect(posted.body.runIds).toHaveLength(1);
  return posted.body.runIds[0];
}

async function finished(runId: number): Promise<any> {
  return waitFor('run finished', async () => {
    const r = await cluster.api('GET', `/api/v1/runs/${runId}`);
    return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : null;
  }, 60_000, 150);
}

beforeAll(async () => {
  moodle = await new MoodleFake().seed().start();
  moodle.users.push(
    { id: 30, username: 'e9003', firstname: 'Lei', lastname: 'Li', email: 'e9003@example.com', idnumber: 'E9003' },
    { id: 31, username: 'e9004', firstname: 'Jing', lastname: 'Chen', email: 'e9004@example.com', idnumber: 'E9004' },
  );
  // A transparent proxy that can lose the answer of an enrol call Moodle already applied.
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isEnrol = body.toString('utf8').includes('wsfunction=enrol_manual_enrol_users');
      const swallow = isEnrol && swallowNextEnrol;
      if (swallow) swallowNextEnrol = false;
      const target = new URL(req.url ?? '/', moodle.url);
      const up = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (upRes) => {
        const parts: Buffer[] = [];
        upRes.on('data', (c: Buffer) => parts.push(c));
        upRes.on('end', () => {
          if (swallow) {
            swallowed++;
            return; // applied by Moodle; the engine never hears back
          }
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          res.end(Buffer.concat(parts));
        });
      });
      up.end(body);
    });
  });
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  cluster = await EngineCluster.start({ name: `moodle-retry-${MODE}`, env: { COACHFLOW_DATA_DIR: tempDataDir(`moodle-retry-${MODE}`) } });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: ORG })).status).toBe(200);
  const put = await cluster.api('PUT', '/api/v1/connectors/lms-moodle/credentials', { values: { baseUrl: moodle.url, token: 'moodle-token' } });
  expect(put.status).toBe(200);
  const created = await cluster.api('POST', '/api/v1/workflows', { name: 'training → Moodle enrolment', definition });
  expect(created.body.issues).toEqual([]);
  expect((await cluster.api('POST', `/api/v1/workflows/${created.body.id}/publish`, {})).status).toBe(201);
});

afterAll(async () => {
  await cluster?.stop();
  proxy?.closeAllConnections();
  proxy?.close();
  await moodle?.stop();
});

describe(`lms-moodle retried after a timeout (${MODE})`, () => {
  it('Moodle hangs: the call is aborted at the node timeout, retried, and the employee is enrolled once', async () => {
    moodle.mode = 'hang';
    const runId = await request_training('E9003', 'OBJ-101');
    const retrying = await waitFor('attempt 1 timed out and the step waits to retry', async () => {
      const r = await cluster.api('GET', `/api/v1/runs/${runId}`);
      const step = r.body.steps?.[1];
      return step && step.error?.code === 'ACTION_TIMEOUT' ? step : null;
    }, 20_000, 50);
    expect(retrying.attempt).toBe(1);
    expect(moodle.enrolCallCount(30, 10)).toBe(0);
    moodle.mode = 'ok';

    const run = await finished(runId);
    expect(run.status).toBe('succeeded');
    expect(run.steps[1].attempt).toBeGreaterThanOrEqual(2);
    expect(run.steps[1].output).toEqual({ enrolled: true, userId: 30, courseId: 10, alreadyEnrolled: false });
    expect(moodle.enrolCallCount(30, 10)).toBe(1);
    expect(moodle.enrolments.get('30:10')).toBe(5);
  });

  it('the answer is lost after Moodle enrolled: the retry finds the enrolment and does not enrol again', async () => {
    const put = await cluster.api('PUT', '/api/v1/connectors/lms-moodle/credentials', { values: { baseUrl: proxyUrl, token: 'moodle-token' } });
    expect(put.status).toBe(200);
    swallowNextEnrol = true;
    const started = Date.now();
    const run = await finished(await request_training('E9004', 'NEG-201'));
    expect(swallowed).toBe(1);
    expect(run.status).toBe('succeeded');
    expect(run.steps[1].attempt).toBe(2);
    // Attempt 2 saw the enrolment attempt 1 made and sent nothing.
    expect(run.steps[1].output).toEqual({ enrolled: true, userId: 31, courseId: 11, alreadyEnrolled: true });
    expect(moodle.enrolCallCount(31, 11)).toBe(1);
    expect([...moodle.enrolments.keys()].filter((k) => k === '31:11')).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS);
  });
});
