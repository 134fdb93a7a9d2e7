/**
 * Backtest (issue 9), in the mode of this run (embedded: SQLite + in-process queue; production:
 * MariaDB + Redis/Bull + 2 workers): a workflow is published and the demo history is imported
 * through the real import path (`engine demo`); then a backtest of the same definition as a draft
 * over the demo's 26 weeks gives exactly the runs the real engine started (same events, same
 * employees, same paths) — and makes no task, run, event, mail or connector call. The report is a
 * job with progress, kept and linkable; the load cap's effect shows per manager and week, and the
 * managers see what the live cap queued.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../engine/src/domain/demo-data.js';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';
import { EngineCluster, REPO } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { asEmployee } from '../support/people.js';
import { waitFor } from '../support/wait.js';

const demo = generateDemoData({ seed: 42 });
const window = { from: demo.startWeek, to: demo.options.endWeek };

/** Coaching for 3+ weeks in sales (capped: one a week per manager), a connector call and a mail at 2 weeks, nothing otherwise. */
const DRAFT = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
    { id: 'check', kind: 'condition', config: { rule: { and: [{ '>=': [{ var: 'trigger.streak' }, 3] }, { '==': [{ var: 'employee.jobFamily' }, 'sales'] }] } } },
    { id: 'coach', kind: 'task', config: { title: '辅导 {{employee.name}}：{{trigger.kpi.name}} 连续 {{trigger.streak}} 周偏离', assignee: { type: 'directManager' }, dueIn: 'P7D', form: 'GROW', loadCap: { perWeek: 1 } } },
    { id: 'second', kind: 'condition', config: { rule: { '==': [{ var: 'trigger.streak' }, 2] } } },
    { id: 'record', kind: 'action', config: { connector: 'test-recorder', action: 'record', input: { employeeId: { var: 'trigger.employeeId' }, note: { cat: ['streak ', { var: 'trigger.streak' }] } }, retry: { maxAttempts: 5, backoffMs: 200 } } },
    { id: 'heads_up', kind: 'notify', config: { channel: 'mail', to: [{ type: 'directManager' }], title: '提醒 {{employee.name}}', body: '{{trigger.kpi.name}} 连续两周偏离' } },
    { id: 'coached', kind: 'end', config: { outcome: 'coached' } },
    { id: 'warned', kind: 'end', config: { outcome: 'warned' } },
    { id: 'skipped', kind: 'end', config: { outcome: 'skipped' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'true', target: 'coach' },
    { id: 'e3', source: 'check', sourceHandle: 'false', target: 'second' },
    { id: 'e4', source: 'coach', target: 'coached' },
    { id: 'e5', source: 'second', sourceHandle: 'true', target: 'record' },
    { id: 'e6', source: 'record', target: 'heads_up' },
    { id: 'e7', source: 'heads_up', target: 'warned' },
    { id: 'e8', source: 'second', sourceHandle: 'false', target: 'skipped' },
  ],
};

let cluster: EngineCluster;
let recorder: RecorderFake;
let workflowId: number;

async function engineCli(args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(REPO, 'engine/bin/engine.mjs'), ...args], { cwd: REPO, env: { ...process.env, ...cluster.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => (out += String(d)));
    child.stderr?.on('data', (d) => (err += String(d)));
    child.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`engine ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

async function allRuns(wf?: number): Promise<Array<{ id: number; status: string; employeeId: string; eventId: number; currentNode: string | null }>> {
  const items: Array<{ id: number; status: string; employeeId: string; eventId: number; currentNode: string | null }> = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: typeof items; nextCursor: string | null } } = await cluster.api('GET', `/api/v1/runs?limit=200${wf ? `&workflowId=${wf}` : ''}${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

async function outboxCount(): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const page: { body: { items: unknown[]; nextCursor: string | null } } = await cluster.api('GET', `/api/v1/outbox?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    n += page.body.items.length;
    cursor = page.body.nextCursor;
  } while (cursor);
  return n;
}

async function metric(name: string): Promise<number> {
  const text = (await cluster.api('GET', '/metrics')).body as string;
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

/** What the engine has done, as seen from outside. */
async function sideEffects(): Promise<Record<string, number>> {
  const runs = await allRuns();
  return {
    runs: runs.length,
    tasks: (await cluster.api('GET', '/api/v1/tasks?limit=500')).body.items.length,
    outbox: await outboxCount(),
    connectorCalls: Object.values(recorder.stats.deliveries).reduce((a, b) => a + b, 0),
    eventsIngested: await metric('coachflow_events_ingested_total'),
  };
}

beforeAll(async () => {
  recorder = await new RecorderFake().start();
  cluster = await EngineCluster.start({ name: `backtest-${MODE}`, env: { RECORDER_URL: recorder.url } });
  const created = await cluster.api('POST', '/api/v1/workflows', { name: 'KPI deviation → coaching (published)', definition: DRAFT });
  expect(created.status).toBe(201);
  expect(created.body.issues).toEqual([]);
  workflowId = created.body.id;
  expect((await cluster.api('POST', `/api/v1/workflows/${workflowId}/publish`, { note: 'v1' })).status).toBe(201);
  // The demo: organisation, KPI definitions and 26 weeks of readings through the real import path.
  JSON.parse(await engineCli(['demo']));
  // Let every run reach the state it rests in (actions answered, tasks waiting).
  await waitFor(
    'the published workflow’s runs to settle',
    async () => {
      const runs = await allRuns(workflowId);
      return runs.length > 20 && runs.every((r) => r.status === 'succeeded' || (r.status === 'waiting' && r.currentNode === 'coach')) ? runs : null;
    },
    120_000,
    500,
  );
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
  await recorder?.stop();
});

describe(`backtest (${MODE})`, () => {
  let backtestId: number;

  it('gives exactly the runs the published workflow got from the real import — same events, employees and paths — without any side effect', async () => {
    const before = await sideEffects();
    expect(before.connectorCalls).toBeGreaterThan(0);
    const posted = await cluster.api('POST', '/api/v1/backtests', { workflowId, definition: DRAFT, window });
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ status: expect.stringMatching(/queued|running/), link: `/api/v1/backtests/${posted.body.id}` });
    backtestId = posted.body.id;
    const seen: number[] = [];
    const done = await waitFor(
      'the backtest',
      async () => {
        const b = await cluster.api('GET', `/api/v1/backtests/${backtestId}`);
        seen.push(b.body.progress);
        return b.body.status === 'succeeded' || b.body.status === 'failed' ? b.body : null;
      },
      120_000,
      50,
    );
    expect(done.status).toBe('succeeded');
    expect(done.progress).toBe(1);
    expect(seen.every((p, i) => i === 0 || p >= (seen[i - 1] as number))).toBe(true);

    // Nothing happened in the engine or outside it.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await sideEffects()).toEqual(before);

    // The real runs: event key, employee, path, status.
    const real = await allRuns(workflowId);
    const want: string[] = [];
    for (const r of real) {
      const run = await cluster.api('GET', `/api/v1/runs/${r.id}`);
      const event = await cluster.api('GET', `/api/v1/events/${r.eventId}`);
      want.push(`${event.body.idempotencyKey}|${r.employeeId}|${run.body.steps.map((s: { nodeId: string }) => s.nodeId).join('>')}|${run.body.status}`);
    }
    const simulated = await cluster.api('GET', `/api/v1/backtests/${backtestId}/runs?limit=1000`);
    expect(simulated.body.total).toBe(real.length);
    const got = simulated.body.items.map((r: { key: string; employeeId: string; path: string[]; status: string }) => `${r.key}|${r.employeeId}|${r.path.join('>')}|${r.status}`);
    expect(got.sort()).toEqual(want.sort());
    // All three branches were exercised, connector and mail included.
    expect(new Set(simulated.body.items.map((r: { outcome: string | null; waitingAt: string | null }) => r.outcome ?? r.waitingAt))).toEqual(new Set(['coach', 'warned', 'skipped']));
    expect(done.result.totals).toMatchObject({ runs: real.length, actions: expect.any(Number), notifications: expect.any(Number) });
    expect(done.result.totals.actions).toBe(Object.keys(recorder.stats.applied).length);
    expect(done.result.diff).toMatchObject({ against: { workflowId, version: 1 }, sameRuns: real.length, pathChanged: 0, added: [], removed: [] });
  });

  it('reports per week, team and manager, the load cap’s effect, and each employee’s evidence; kept and linkable', async () => {
    const b = (await cluster.api('GET', `/api/v1/backtests/${backtestId}`)).body;
    expect(b.result.window.weeks).toHaveLength(26);
    // The directory as it was at each event: the demo recorded its directory history from its start.
    expect(b.result.directory).toMatchObject({ asOf: 'event', eventsFallback: 0, eventsAsOf: b.result.totals.events });
    expect(b.result.perWeek.reduce((n: number, w: { runs: number }) => n + w.runs, 0)).toBe(b.result.totals.runs);
    expect(b.result.perTeam.length).toBeGreaterThan(3);
    expect(b.result.loadCapNodes).toEqual([{ nodeId: 'coach', perWeek: 1 }]);
    for (const l of b.result.managerLoad) expect(l.received).toBeLessThanOrEqual(1);
    const li = await cluster.api('GET', `/api/v1/backtests/${backtestId}/employees/${demo.reference.liLeiId}`);
    expect(li.status).toBe(200);
    expect(li.body).toMatchObject({ employeeId: demo.reference.liLeiId, managerId: demo.reference.managerId });
    const coached = li.body.runsDetail.find((r: { waitingAt: string | null }) => r.waitingAt === 'coach');
    expect(coached.tasks[0]).toMatchObject({ nodeId: 'coach', assigneeId: demo.reference.managerId });
    expect(coached.evidence.payload.readings).toHaveLength(coached.evidence.payload.streak);
    const list = await cluster.api('GET', '/api/v1/backtests?limit=5');
    expect(list.body.items[0]).toMatchObject({ id: backtestId, status: 'succeeded', createdBy: expect.any(String) });
    expect(list.body.items[0].result).toBeUndefined();
    const employees = await cluster.api('GET', `/api/v1/backtests/${backtestId}/employees?limit=10`);
    expect(employees.body.total).toBe(b.result.totals.employees);
    expect((await cluster.api('POST', `/api/v1/backtests/${backtestId}/cancel`)).status).toBe(409);
  });

  it('a queued backtest can be cancelled; only HR admins may backtest', async () => {
    const first = await cluster.api('POST', '/api/v1/backtests', { definition: DRAFT, window });
    const second = await cluster.api('POST', '/api/v1/backtests', { definition: DRAFT, window });
    const cancelled = await cluster.api('POST', `/api/v1/backtests/${second.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    const ended = await waitFor('cancelled', async () => {
      const b = await cluster.api('GET', `/api/v1/backtests/${second.body.id}`);
      return b.body.status === 'cancelled' ? b.body : null;
    });
    expect(ended.result).toBeUndefined();
    await waitFor('the first one', async () => (await cluster.api('GET', `/api/v1/backtests/${first.body.id}`)).body.status === 'succeeded');

    const manager = await asEmployee(cluster, demo.reference.managerId);
    expect((await manager.api('POST', '/api/v1/backtests', { definition: DRAFT, window })).status).toBe(403);
    expect((await manager.api('GET', `/api/v1/backtests/${backtestId}`)).status).toBe(403);
    expect((await cluster.api('POST', '/api/v1/backtests', { definition: { nodes: [], edges: [] }, window })).status).toBe(422);
    expect((await cluster.api('POST', '/api/v1/backtests', { definition: DRAFT, window: { from: 'last year', to: '2026-W47' } })).status).toBe(400);
  });

  it('the live load cap queued the coaching tasks over one a week; each manager sees their queue in release order', async () => {
    const managerId = demo.reference.managerId;
    const manager = await asEmployee(cluster, managerId);
    const queued = await manager.api('GET', '/api/v1/me/queued-tasks');
    expect(queued.status).toBe(200);
    const tasks = (await cluster.api('GET', `/api/v1/tasks?assigneeId=${managerId}&limit=500`)).body.items.filter((t: { workflowId: number }) => t.workflowId === workflowId);
    // All of this manager's coaching tasks came in this week (the import): one reached the inbox, the rest wait.
    expect(tasks.filter((t: { status: string }) => t.status === 'open')).toHaveLength(1);
    expect(queued.body.items.length).toBe(tasks.length - 1);
    expect(queued.body.items.length).toBeGreaterThan(0);
    const priorities = queued.body.items.map((t: { priority: number }) => t.priority);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
    expect(queued.body.items.map((t: { position: number }) => t.position)).toEqual(queued.body.items.map((_: unknown, i: number) => i + 1));
    expect(queued.body.items[0]).toMatchObject({ assigneeId: managerId, cap: { perWeek: 1 }, receivedThisWeek: 1, evidence: { payload: { kpi: { id: expect.any(String) } } } });
    // HR sees every queue; the queued tasks are not in the manager's inbox.
    const all = await cluster.api('GET', '/api/v1/guardrails/queued-tasks');
    expect(all.body.items.filter((t: { assigneeId: string }) => t.assigneeId === managerId)).toHaveLength(queued.body.items.length);
    const inbox = await manager.api('GET', '/api/v1/inbox?filter=open');
    expect(inbox.status).toBe(200);
    const ids = new Set(queued.body.items.map((t: { taskId: number }) => t.taskId));
    expect(inbox.body.tasks.some((t: { id: number }) => ids.has(t.id))).toBe(false);
    expect(inbox.body.tasks.some((t: { workflowId?: number; runId?: number }) => tasks.some((x: { id: number; status: string }) => x.status === 'open' && x.id === (t as { id: number }).id))).toBe(true);
  });
});
