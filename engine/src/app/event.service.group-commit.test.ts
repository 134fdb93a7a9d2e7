/**
 * Group commit of EventService.ingest on a real embedded engine: concurrent events share
 * transactions, and every event is answered exactly as if it had been stored alone (duplicates,
 * a failing neighbour, runs and their steps).
 */
import { TRIGGER_CATALOGUE, type WorkflowDefinition } from '@coachflow/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenerWorkflow, publish, startTestEngine, type TestEngine } from '../signals/signals.test-support.js';
import { upsertEmployees } from './directory.service.js';
import { EventService, type IncomingEvent } from './event.service.js';
import { startRunWithin } from './runtime/advance.js';

let engine: TestEngine;
let workflowId: number;

const example = TRIGGER_CATALOGUE['kpi.deviation'].example as Record<string, unknown>;
/** A counter of the engine's /metrics text. */
const counter = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(engine.services.metrics.render())?.[1] ?? 0);
const event = (key: string, employeeId: string): IncomingEvent => ({ type: 'kpi.deviation', idempotencyKey: key, payload: { ...example, employeeId } });

beforeAll(async () => {
  engine = await startTestEngine();
  const { services } = engine;
  await upsertEmployees(services.db.knex, [
    { id: 'gc-m', name: 'Manager' },
    ...Array.from({ length: 30 }, (_, i) => ({ id: `gc-${i}`, name: `Person ${i}`, managerId: 'gc-m' })),
  ]);
  workflowId = await publish(services, 'group commit', listenerWorkflow('kpi.deviation'));
});

afterAll(async () => {
  await engine?.close();
});

describe('EventService group commit', () => {
  it('stores concurrent events in shared transactions with one run each, duplicates answered with the original', async () => {
    const { services } = engine;
    const knex = services.db.knex;
    const first = await services.events.ingest(event('gc-pre', 'gc-0'));
    expect(first.duplicate).toBe(false);
    const commits: number[] = [];
    knex.on('query', (q: { sql?: string }) => {
      if (/^commit/i.test(q.sql ?? '')) commits.push(1);
    });
    const batchesBefore = counter('coachflow_event_batches_total');
    const batchedBefore = counter('coachflow_events_batched_total');
    const redoneBefore = counter('coachflow_event_batches_redone_total');
    const keys = [...Array.from({ length: 30 }, (_, i) => `gc-${i}`), 'gc-pre', 'gc-3', 'gc-3'];
    const answers = await Promise.all(keys.map((k, i) => services.events.ingest(event(k, `gc-${i % 30}`))));
    knex.removeAllListeners('query');
    expect(commits.length).toBeLessThan(keys.length); // shared transactions (at least one batch of several)
    // The metrics count the committed batches and their events (events per batch = the ratio): one batch of the 31
    // distinct keys; the two repeated gc-3 each came in a batch of their own that failed on the key and was redone alone.
    expect(counter('coachflow_events_batched_total') - batchedBefore).toBe(31);
    expect(counter('coachflow_event_batches_total') - batchesBefore).toBe(1);
    expect(counter('coachflow_event_batches_redone_total') - redoneBefore).toBe(2);
    const byKey = new Map<string, typeof answers>();
    keys.forEach((k, i) => byKey.set(k, [...(byKey.get(k) ?? []), answers[i] as (typeof answers)[number]]));
    expect(byKey.get('gc-pre')?.[0]).toMatchObject({ eventId: first.eventId, duplicate: true, runIds: first.runIds });
    const threes = byKey.get('gc-3') ?? [];
    expect(threes.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(new Set(threes.map((a) => a.eventId)).size).toBe(1);
    expect(new Set(threes.map((a) => a.runIds.join(','))).size).toBe(1);
    const stored = (await knex('event').where('idempotency_key', 'like', 'gc-%').select('id', 'idempotency_key')) as Array<{ id: number; idempotency_key: string }>;
    expect(stored).toHaveLength(31);
    const runs = (await knex('run').where({ workflow_id: workflowId }).select('id', 'event_id', 'status', 'outcome')) as Array<Record<string, unknown>>;
    expect(runs).toHaveLength(31);
    expect(new Set(runs.map((r) => Number(r.event_id))).size).toBe(31);
    expect(runs.every((r) => r.status === 'succeeded' && r.outcome === 'seen')).toBe(true);
    for (const a of answers.filter((x) => !x.duplicate)) {
      expect(a.runIds).toHaveLength(1);
      expect(runs.find((r) => Number(r.id) === a.runIds[0])?.event_id).toBe(a.eventId);
    }
    const steps = (await knex('step').whereIn('run_id', runs.map((r) => Number(r.id))).count({ n: '*' }).first()) as { n: number };
    expect(Number(steps.n)).toBe(31 * 2);
  });

  it('an event that fails does not fail its batch neighbours, and leaves nothing behind', async () => {
    const { services } = engine;
    const deps = services.runtime.deps;
    const events = new EventService(services.db.knex, services.workflows, services.directory, services.metrics, (trx, run, definition, context, filter, now) => {
      if (context.trigger.employeeId === 'gc-13') throw new Error('this one breaks');
      return startRunWithin(trx, deps, run, definition, context, filter, now);
    });
    const keys = Array.from({ length: 12 }, (_, i) => `gc-f${i}`);
    const answers = await Promise.allSettled(keys.map((k, i) => events.ingest(event(k, `gc-${10 + i}`))));
    expect(answers.map((a) => a.status)).toEqual(keys.map((_, i) => (i === 3 ? 'rejected' : 'fulfilled')));
    expect(((answers[3] as PromiseRejectedResult).reason as Error).message).toBe('this one breaks');
    const stored = (await services.db.knex('event').whereIn('idempotency_key', keys).pluck('idempotency_key')) as string[];
    expect(stored.sort()).toEqual(keys.filter((_, i) => i !== 3).sort());
    const runs = (await services.db.knex('run as r').join('event as e', 'e.id', 'r.event_id').whereIn('e.idempotency_key', keys).select('r.status')) as Array<{ status: string }>;
    expect(runs).toHaveLength(11);
  });

  it('can be turned off: each event in its own transaction', async () => {
    const { services } = engine;
    const knex = services.db.knex;
    const deps = services.runtime.deps;
    const events = new EventService(knex, services.workflows, services.directory, services.metrics, (trx, run, definition, context, filter, now) => startRunWithin(trx, deps, run, definition, context, filter, now), { groupCommit: false });
    let commits = 0;
    knex.on('query', (q: { sql?: string }) => {
      if (/^commit/i.test(q.sql ?? '')) commits++;
    });
    await Promise.all(Array.from({ length: 5 }, (_, i) => events.ingest(event(`gc-off${i}`, `gc-${i}`))));
    knex.removeAllListeners('query');
    expect(commits).toBe(5);
  });

  it('runs the reference workflow shape (task for the manager) with the brake counting, in one batch that is never redone', async () => {
    const { services } = engine;
    const knex = services.db.knex;
    // Limits on, so the brake reads its window (counts, a join, distinct) inside the batch's transaction.
    await services.guardrails.holds.setDefaults({ maxRunsPerHour: 100_000, maxTeamShare: 1, maxCompanyShare: 1, minAffected: 1000 }, { type: 'system', id: null, name: 'test' });
    const definition = {
      nodes: [
        { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
        { id: 'coach', kind: 'task', config: { title: '辅导 {{employee.name}}', assignee: { type: 'directManager' }, dueIn: 'P7D' } },
        { id: 'done', kind: 'end', config: { outcome: 'coached' } },
      ],
      edges: [
        { id: 'e1', source: 'trigger', target: 'coach' },
        { id: 'e2', source: 'coach', target: 'done' },
      ],
    } as unknown as WorkflowDefinition;
    const taskWorkflow = await publish(services, 'group commit tasks', definition);
    const batches = counter('coachflow_event_batches_total');
    const redone = counter('coachflow_event_batches_redone_total');
    const keys = Array.from({ length: 20 }, (_, i) => `gc-task${i}`);
    const newestBefore = Number(((await knex('run').max({ id: 'id' }).first()) as { id: number }).id);
    const runWrites: string[] = [];
    knex.on('query', (q: { sql?: string }) => {
      if (/^(insert into|update) `run`/.test(q.sql ?? '')) runWrites.push(String(q.sql).slice(0, 6));
    });
    const answers = await Promise.all(keys.map((k, i) => services.events.ingest(event(k, `gc-${i}`))));
    knex.removeAllListeners('query');
    // Each run is stored once, with the state its start reached (advance.ts newRunWithin), under the ids SQLite would have given.
    // (two published workflows listen to kpi.deviation here: two runs per event)
    expect(runWrites).toEqual(Array.from({ length: 40 }, () => 'insert'));
    expect(answers.flatMap((a) => a.runIds).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => newestBefore + 1 + i));
    expect(counter('coachflow_event_batches_total') - batches).toBe(1);
    expect(counter('coachflow_event_batches_redone_total') - redone).toBe(0);
    const runIds = answers.flatMap((a) => a.runIds);
    const runs = (await knex('run').whereIn('id', runIds).where({ workflow_id: taskWorkflow }).select('id', 'status', 'current_node')) as Array<Record<string, unknown>>;
    expect(runs).toHaveLength(20);
    expect(runs.every((r) => r.status === 'waiting' && r.current_node === 'coach')).toBe(true);
    const tasks = (await knex('task').whereIn('run_id', runs.map((r) => Number(r.id))).select('assignee_id', 'title')) as Array<Record<string, unknown>>;
    expect(tasks).toHaveLength(20);
    expect(tasks.every((t) => t.assignee_id === 'gc-m' && String(t.title).startsWith('辅导 Person'))).toBe(true);
  });
});
