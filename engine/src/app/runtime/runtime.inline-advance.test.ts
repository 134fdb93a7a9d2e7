/**
 * A worker that completes an action advances the run itself: no `advance` job goes through the
 * queue, and the run is finished when the action job is done.
 */
import { fileURLToPath } from 'node:url';
import type { WorkflowDefinition } from '@coachflow/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish, startTestEngine, type TestEngine } from '../../signals/signals.test-support.js';
import type { Job } from '../../queue/job-queue.port.js';

const ECHO = fileURLToPath(new URL('../../../bench/lib/echo.connector.ts', import.meta.url));
let engine: TestEngine;

const definition = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
    { id: 'echo', kind: 'action', config: { connector: 'bench-echo', action: 'echo', input: { employeeId: { var: 'trigger.employeeId' } }, timeoutMs: 5000 } },
    { id: 'done', kind: 'end', config: { outcome: 'echoed' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'echo' },
    { id: 'e2', source: 'echo', target: 'done' },
  ],
} as unknown as WorkflowDefinition;

beforeAll(async () => {
  engine = await startTestEngine({ COACHFLOW_CONNECTORS: ECHO, COACHFLOW_SWEEP_MS: '3600000' });
  await publish(engine.services, 'inline advance', definition);
});

afterAll(async () => {
  await engine?.close();
});

describe('Runtime: action then advance in the same worker', () => {
  it('finishes the run while handling the action job, enqueueing no advance job', async () => {
    const { services } = engine;
    const example = (await import('@coachflow/model')).TRIGGER_CATALOGUE['kpi.deviation'].example as Record<string, unknown>;
    const ingested = await services.events.ingest({ type: 'kpi.deviation', idempotencyKey: 'inline-1', payload: { ...example, employeeId: 'nobody' } });
    const action = ingested.jobs.find((j) => j.name === 'action') as Job;
    expect(action).toBeDefined();
    const runId = ingested.runIds[0] as number;
    expect(((await services.db.knex('run').where({ id: runId }).first('status')) as { status: string }).status).toBe('waiting');
    const enqueued: Job[] = [];
    const original = services.runtime.enqueue.bind(services.runtime);
    services.runtime.enqueue = async (jobs: Job[]) => {
      enqueued.push(...jobs);
    };
    try {
      await services.runtime.handle(action);
    } finally {
      services.runtime.enqueue = original;
    }
    expect(enqueued.filter((j) => j.name === 'advance')).toEqual([]);
    const run = (await services.db.knex('run').where({ id: runId }).first('status', 'outcome')) as { status: string; outcome: string };
    expect(run).toEqual({ status: 'succeeded', outcome: 'echoed' });
    const inputs = (await services.db.knex('run_input').where({ run_id: runId }).select('processed')) as Array<{ processed: number }>;
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.every((i) => Number(i.processed) === 1)).toBe(true);
  });
});
