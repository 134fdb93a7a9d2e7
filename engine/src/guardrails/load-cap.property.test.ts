/**
 * Property: over random signal streams (tasks arriving with random severities at random times,
 * managers completing tasks, the periodic release running at random moments across weeks), the
 * live load cap in the database (admitCappedTask + releaseQueuedTasks) never lets a manager receive
 * more than `perWeek` tasks of the node in one ISO week nor hold more than `maxOpen` open, never
 * lets a newcomer overtake the queue, releases queued tasks in priority order, and loses nothing
 * (everything queued is released once enough weeks pass).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from '@mikro-orm/mysql';
import { insertedId, toJson } from '../persistence/json.js';
import { startTestEngine, type TestEngine } from '../signals/signals.test-support.js';
import { isoWeekOf, priorityOf } from './load-cap.js';
import { admitCappedTask, releaseQueuedTasks } from './load-cap.store.js';

const DAY = 86_400_000;
const START = Date.parse('2026-11-16T08:00:00Z'); // a Monday, 2026-W47
const MANAGERS = ['M1', 'M2'];

type Command =
  | { kind: 'arrive'; manager: number; streak: number; pct: number; dt: number }
  | { kind: 'complete'; manager: number; pick: number; dt: number }
  | { kind: 'tick'; dt: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('arrive' as const), manager: fc.integer({ min: 0, max: 1 }), streak: fc.integer({ min: 1, max: 8 }), pct: fc.integer({ min: 1, max: 90 }), dt: fc.integer({ min: 0, max: 2 * DAY }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('complete' as const), manager: fc.integer({ min: 0, max: 1 }), pick: fc.nat(), dt: fc.integer({ min: 0, max: DAY }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tick' as const), dt: fc.integer({ min: 0, max: 4 * DAY }) }) },
);

let engine: TestEngine;
let knex: Knex;
let workflowSeq = 5000;

beforeAll(async () => {
  engine = await startTestEngine();
  knex = engine.services.db.knex;
}, 120_000);

afterAll(async () => {
  await engine?.close();
});

async function arrive(workflowId: number, assigneeId: string, severityPayload: Record<string, unknown>, cap: { perWeek: number; maxOpen?: number }, now: number): Promise<{ taskId: number; outcome: 'open' | 'queued' }> {
  return knex.transaction(async (trx) => {
    const runId = insertedId(
      await trx('run').insert({ workflow_id: workflowId, version_id: 1, version: 1, event_id: 0, employee_id: 'E1', status: 'waiting', current_node: 'coach', state: null, error: null, outcome: null, started_at: now, updated_at: now, finished_at: null }),
    );
    const taskId = insertedId(
      await trx('task').insert({
        run_id: runId, workflow_id: workflowId, node_id: 'coach', step_seq: 1, employee_id: 'E1', title: 'coach', description: '', assignee_ref: toJson({ type: 'directManager' }), assignee_id: assigneeId,
        status: 'open', priority: 'normal', form: null, evidence: toJson({ payload: severityPayload }), result: null, completed_by: null, due_at: now + 7 * DAY, created_at: now, completed_at: null,
      }),
    );
    const outcome = await admitCappedTask(trx, { taskId, runId, workflowId, nodeId: 'coach', assigneeId, loadCap: cap, evidence: { payload: severityPayload } }, now);
    return { taskId, outcome };
  });
}

describe('manager load cap (property, against the database)', () => {
  it('never more than the cap per ISO week, never more than maxOpen open, released in priority order, nothing lost', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        fc.array(command, { minLength: 5, maxLength: 40 }),
        async (perWeek, maxOpen, commands) => {
          const workflowId = workflowSeq++;
          const cap = maxOpen === undefined ? { perWeek } : { perWeek, maxOpen };
          let now = START;
          const severity = new Map<number, { severity: number; queuedAt: number }>();

          const check = async () => {
            const perWeekRows = (await knex('task_load').where({ workflow_id: workflowId }).whereIn('status', ['counted', 'released']).groupBy('assignee_id', 'week').select('assignee_id', 'week').count({ n: '*' })) as Array<{ assignee_id: string; week: string; n: number }>;
            for (const r of perWeekRows) expect(Number(r.n), `${r.assignee_id} ${r.week}`).toBeLessThanOrEqual(perWeek);
            if (maxOpen !== undefined) {
              for (const m of MANAGERS) {
                const open = (await knex('task').where({ workflow_id: workflowId, assignee_id: m, status: 'open' }).count({ n: '*' }).first()) as { n: number };
                expect(Number(open.n)).toBeLessThanOrEqual(maxOpen);
              }
            }
            // Queued tasks are never in the inbox.
            const leaked = (await knex('task_load as l').join('task as t', 't.id', 'l.task_id').where({ 'l.workflow_id': workflowId, 'l.status': 'queued' }).andWhereNot('t.status', 'queued').count({ n: '*' }).first()) as { n: number };
            expect(Number(leaked.n)).toBe(0);
          };

          const tick = async () => {
            const report = await releaseQueuedTasks(knex, now);
            const mine = report.released.filter((r) => severity.has(r.taskId));
            for (const m of MANAGERS) {
              const released = mine.filter((r) => r.assigneeId === m);
              // in priority order …
              for (let i = 1; i < released.length; i++) expect((released[i] as { priority: number }).priority).toBeLessThanOrEqual((released[i - 1] as { priority: number }).priority + 1e-9);
              // … and nobody left in the queue outranks a released one.
              if (released.length) {
                const lowest = Math.min(...released.map((r) => r.priority));
                const still = (await knex('task_load').where({ workflow_id: workflowId, assignee_id: m, status: 'queued' }).select('task_id')) as Array<{ task_id: number }>;
                for (const s of still) {
                  const t = severity.get(Number(s.task_id));
                  if (t) expect(priorityOf(t, now)).toBeLessThanOrEqual(lowest + 1e-9);
                }
              }
              for (const r of released) expect(r.week).toBe(isoWeekOf(now));
            }
          };

          for (const c of commands) {
            now += c.dt;
            if (c.kind === 'arrive') {
              const m = MANAGERS[c.manager] as string;
              const queuedBefore = (await knex('task_load').where({ workflow_id: workflowId, assignee_id: m, status: 'queued' }).count({ n: '*' }).first()) as { n: number };
              const payload = { streak: c.streak, direction: 'below', value: 100 - c.pct, range: { low: 100, high: 200 } };
              const { taskId, outcome } = await arrive(workflowId, m, payload, cap, now);
              severity.set(taskId, { severity: c.streak * c.pct, queuedAt: now });
              if (Number(queuedBefore.n) > 0) expect(outcome).toBe('queued');
            } else if (c.kind === 'complete') {
              const open = (await knex('task').where({ workflow_id: workflowId, assignee_id: MANAGERS[c.manager], status: 'open' }).orderBy('id').select('id')) as Array<{ id: number }>;
              const t = open[c.pick % Math.max(1, open.length)];
              if (t) await knex('task').where({ id: t.id }).update({ status: 'completed', completed_at: now });
            } else {
              await tick();
            }
            await check();
          }
          // Nothing is lost: with weeks passing and managers completing their work, the queue drains.
          for (let week = 0; week < 60; week++) {
            const left = (await knex('task_load').where({ workflow_id: workflowId, status: 'queued' }).count({ n: '*' }).first()) as { n: number };
            if (Number(left.n) === 0) break;
            await knex('task').where({ workflow_id: workflowId, status: 'open' }).update({ status: 'completed', completed_at: now });
            now += 7 * DAY;
            await tick();
            await check();
          }
          const left = (await knex('task_load').where({ workflow_id: workflowId, status: 'queued' }).count({ n: '*' }).first()) as { n: number };
          expect(Number(left.n)).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  }, 240_000);
});
