/**
 * HR signals end to end, in the mode of this run (embedded: SQLite + in-process queue; production:
 * MariaDB + Redis/Bull + 2 workers): `engine demo` loads the generated organisation, KPI history,
 * goals and coaching records through the import paths; a workflow on kpi.deviation with
 * `streak == 3` gets exactly the runs the generator planted, each with the three readings as
 * evidence; strategy.drift fires for the drifting objective only; completing a coaching task with a
 * GROW form chains into training.requested and rotation.suggested; a run explains itself.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../engine/src/domain/demo-data.js';
import { EngineCluster, REPO } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { waitFor } from '../support/wait.js';
import { asEmployee } from '../support/people.js';

const demo = generateDemoData({ seed: 42 });
const planted = demo.planted.streaksOfAtLeast3;
let cluster: EngineCluster;
let streakWorkflow: number;
let trainingWorkflow: number;
let rotationWorkflow: number;
let demoReport: Record<string, unknown>;

async function publish(name: string, definition: unknown): Promise<number> {
  const created = await cluster.api('POST', '/api/v1/workflows', { name, definition });
  expect(created.status).toBe(201);
  expect((await cluster.api('POST', `/api/v1/workflows/${created.body.id}/publish`, { note: 'test' })).status).toBe(201);
  return created.body.id as number;
}

const listener = (event: string) => ({
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event } },
    { id: 'done', kind: 'end', config: { outcome: 'seen' } },
  ],
  edges: [{ id: 'e1', source: 'trigger', target: 'done' }],
});

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

async function allRuns(workflowId: number): Promise<Array<{ id: number; status: string; employeeId: string; eventId: number }>> {
  const items: Array<{ id: number; status: string; employeeId: string; eventId: number }> = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: Array<{ id: number; status: string; employeeId: string; eventId: number }>; nextCursor: string | null } } = await cluster.api('GET', `/api/v1/runs?workflowId=${workflowId}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  cluster = await EngineCluster.start({ name: `signals-${MODE}` });
  streakWorkflow = await publish('KPI streak == 3 → coach', {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.streak' }, 3] } } },
      { id: 'coach', kind: 'task', config: { title: '辅导 {{employee.name}}：{{trigger.kpi.name}} 连续 {{trigger.streak}} 周偏离', assignee: { type: 'directManager' }, dueIn: 'P7D', form: 'GROW' } },
      { id: 'done', kind: 'end', config: { outcome: 'coached' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'coach' },
      { id: 'e2', source: 'coach', target: 'done' },
    ],
  });
  trainingWorkflow = await publish('training requested', listener('training.requested'));
  rotationWorkflow = await publish('rotation suggested', listener('rotation.suggested'));
  demoReport = JSON.parse(await engineCli(['demo'])) as Record<string, unknown>;
});

afterAll(async () => {
  await cluster?.stop();
});

describe(`HR signals end to end (${MODE})`, () => {
  it('engine demo loads the organisation, readings, goals and coaching records', async () => {
    expect(demoReport).toMatchObject({ employees: demo.org.employees.length, readings: demo.readings.length, plantedStreaksOfAtLeast3: planted.length, driftingObjectives: ['OBJ-1'] });
    const li = await cluster.api('GET', `/api/v1/employees/${demo.reference.liLeiId}/reporting-line`);
    expect(li.body).toMatchObject({ managerId: demo.reference.managerId, skipLevelManagerId: demo.reference.skipLevelManagerId, hrbpId: demo.reference.hrbpId });
    const streaks = await cluster.api('GET', `/api/v1/employees/${demo.reference.liLeiId}/kpi-streaks?kpiId=sales_amount`);
    expect(streaks.body.streaks[0]).toMatchObject({ direction: 'below', length: 3, lastPeriod: demo.options.endWeek });
  });

  it('a kpi.deviation workflow with streak == 3 produces exactly the planted runs, each with the three readings as evidence', async () => {
    const runs = await waitFor(
      'a task for every planted streak',
      async () => {
        const r = await allRuns(streakWorkflow);
        return r.length === planted.length && r.every((x) => x.status === 'waiting') ? r : null;
      },
      90_000,
      500,
    );
    expect(runs).toHaveLength(planted.length);
    const seen: string[] = [];
    for (const run of runs) {
      const task = (await cluster.api('GET', `/api/v1/tasks?runId=${run.id}`)).body.items[0];
      const p = task.evidence.payload;
      expect(p.streak).toBe(3);
      expect(p.readings).toHaveLength(3);
      expect(p.readings.every((r: { value: number; low: number | null; high: number | null }) => (p.direction === 'below' ? r.value < (r.low as number) : r.value > (r.high as number)))).toBe(true);
      const employee = demo.org.employees.find((e) => e.id === p.employeeId);
      expect(task.assigneeId).toBe(employee?.managerId);
      seen.push(`${p.employeeId}|${p.kpi.id}|${p.direction}|${p.readings[0].period}`);
    }
    expect(seen.sort()).toEqual(planted.map((s) => `${s.employeeId}|${s.kpiId}|${s.direction}|${s.startPeriod}`).sort());
  });

  it('explains why a run happened: readings, filter values, version, in zh-CN and en', async () => {
    const li = (await allRuns(streakWorkflow)).find((r) => r.employeeId === demo.reference.liLeiId);
    expect(li).toBeDefined();
    const x = await cluster.api('GET', `/api/v1/runs/${li?.id}/explanation`);
    expect(x.status).toBe(200);
    expect(x.body.workflow).toMatchObject({ id: streakWorkflow, version: 1 });
    expect(x.body.event.type).toBe('kpi.deviation');
    expect(x.body.source.readings).toHaveLength(3);
    expect(x.body.source.stored.map((r: { period: string }) => r.period)).toEqual(x.body.source.readings.map((r: { period: string }) => r.period));
    expect(x.body.triggerFilter).toMatchObject({ variables: { 'trigger.streak': 3 }, result: true });
    expect(x.body.summary['zh-CN']).toContain('李雷');
    expect(x.body.summary.en).toContain('below its expected range for 3 consecutive period');
  });

  it('strategy.drift fires for the drifting objective only, with owners and measures', async () => {
    const analyses = await cluster.api('GET', '/api/v1/strategy-drift/analyses?limit=10');
    const latest = new Map<string, { drifting: boolean; eventId: number | null }>();
    for (const a of analyses.body.items) if (!latest.has(a.objectiveId)) latest.set(a.objectiveId, a);
    expect([...latest.entries()].map(([id, a]) => [id, a.drifting]).sort()).toEqual([['OBJ-1', true], ['OBJ-2', false], ['OBJ-3', false]]);
    expect(latest.get('OBJ-2')?.eventId).toBeNull();
    const event = await cluster.api('GET', `/api/v1/events/${latest.get('OBJ-1')?.eventId}`);
    expect(event.body.type).toBe('strategy.drift');
    expect(event.body.payload).toMatchObject({ objective: { id: 'OBJ-1' }, ownerIds: demo.objectives[0]?.ownerIds, threshold: 0.4 });
    expect(event.body.payload.measures.goalsAtRiskShare).toBeGreaterThanOrEqual(0.4);
    // on demand again for the same week: the same event, not a second one
    const again = await cluster.api('POST', '/api/v1/strategy-drift/analyses', { period: demo.options.endWeek });
    expect(again.status).toBe(201);
    const o1 = again.body.objectives.find((o: { objectiveId: string }) => o.objectiveId === 'OBJ-1');
    expect(o1).toMatchObject({ drifting: true, duplicate: true, eventId: latest.get('OBJ-1')?.eventId });
  });

  it('completing the coaching task with a GROW form records it and chains training and rotation', async () => {
    const li = (await allRuns(streakWorkflow)).find((r) => r.employeeId === demo.reference.liLeiId);
    const task = (await cluster.api('GET', `/api/v1/tasks?runId=${li?.id}`)).body.items[0];
    const manager = await asEmployee(cluster, demo.reference.managerId);
    const done = await manager.api('POST', `/api/v1/tasks/${task.id}/complete`, {
      data: {
        goal: '三周内把周销售额拉回 40 万以上',
        reality: '重点客户推进到需求沟通后停滞',
        options: '参加异议处理培训；与资深同事模拟拜访',
        will: '本周先完成一次模拟拜访',
        conclusions: {
          training: { competency: '客户异议处理 Customer objection handling' },
          rotation: { suggested: true, reason: '希望在大客户团队锻炼' },
          followUps: [{ action: '本周完成一次模拟拜访', ownerId: demo.reference.liLeiId, dueDate: '2026-11-27' }],
        },
      },
    });
    expect(done.status).toBe(200);
    const records = await cluster.api('GET', `/api/v1/coaching-records?employeeId=${demo.reference.liLeiId}`);
    const record = records.body.items.find((r: { taskId: number | null }) => r.taskId === task.id);
    expect(record).toMatchObject({ template: 'GROW', managerId: demo.reference.managerId, source: 'task' });
    const training = await waitFor('training run', async () => (await allRuns(trainingWorkflow)).find((r) => r.employeeId === demo.reference.liLeiId && r.status === 'succeeded'));
    const explained = await cluster.api('GET', `/api/v1/runs/${training.id}/explanation`);
    expect(explained.body.event.payload).toMatchObject({ competency: '客户异议处理 Customer objection handling', source: 'coaching', sourceRecordId: record.id });
    expect(explained.body.source.record).toMatchObject({ id: record.id, taskId: task.id });
    expect(JSON.stringify(explained.body.event.payload)).not.toContain('重点客户推进到需求沟通后停滞');
    await waitFor('rotation run', async () => (await allRuns(rotationWorkflow)).find((r) => r.employeeId === demo.reference.liLeiId));
  });

  it('imports the directory through the API: per-line errors, and a mass change waits for an HR admin', async () => {
    const csv = ['id,name,managerId,departmentId,teamId,jobFamily', 'N0001,新人一,E0001,D-SALES,T-SALES-1,sales', 'N0002,,E0001,D-SALES,T-SALES-1,sales', 'N0003,新人三,E9999,D-SALES,T-SALES-1,sales'].join('\n');
    const delta = await cluster.api('POST', '/api/v1/directory/imports', { format: 'csv', mode: 'delta', kind: 'employees', content: csv });
    expect(delta.status).toBe(201);
    expect(delta.body.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([[3, 'required'], [4, 'unknown_manager']]);
    expect((await cluster.api('GET', '/api/v1/employees/N0001')).status).toBe(200);
    // a full sync that only lists the first 50 people would deactivate the rest: held
    const feed = demo.org.employees.slice(0, 50).map((e) => ({ id: e.id, name: e.name, managerId: e.managerId, departmentId: e.departmentId, teamId: e.teamId, jobFamily: e.jobFamily, roles: e.roles }));
    const held = await cluster.api('POST', '/api/v1/directory/imports', { format: 'json', mode: 'full', kind: 'employees', data: feed });
    expect(held.status).toBe(202);
    expect(held.body.status).toBe('pending_confirmation');
    expect((await cluster.api('GET', `/api/v1/employees/${demo.org.employees[150]?.id}`)).body.status).not.toBe('inactive');
    // Only an HR admin decides: Li Lei, signed in as himself, is refused.
    const liLei = await asEmployee(cluster, demo.reference.liLeiId, ['employee']);
    const refused = await liLei.api('POST', `/api/v1/directory/imports/${held.body.id}/confirm`);
    expect(refused.status).toBe(403);
    const discarded = await cluster.api('POST', `/api/v1/directory/imports/${held.body.id}/discard`);
    expect(discarded.body.status).toBe('discarded');
    expect((await cluster.api('GET', `/api/v1/employees/${demo.org.employees[150]?.id}`)).body.status).not.toBe('inactive');
  });

  it('documents every signals route in the OpenAPI document', async () => {
    const doc = await cluster.api('GET', '/api/v1/openapi.json');
    for (const path of ['/api/v1/directory/imports', '/api/v1/kpi-readings', '/api/v1/goals/{id}/progress', '/api/v1/coaching-records', '/api/v1/strategy-drift/analyses', '/api/v1/runs/{id}/explanation']) {
      expect(doc.body.paths[path], path).toBeDefined();
    }
  });
});
