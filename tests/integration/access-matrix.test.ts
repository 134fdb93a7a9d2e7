/**
 * The route × role matrix: every API route of the OpenAPI document, called by each role (and by
 * nobody), gets exactly its allowed answers (the matrix, its resources and the probe are in
 * support/access-matrix.ts, shared with the reliability suite). The resources on the paths are
 * about Li Lei (E9003), in the manager E9001's team; then the scope tests read real data across
 * teams: a manager reading another team's task, run or employee, an employee reading someone
 * else's data, an executive reading coaching notes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAccessMatrix, setUpAccessFixture, type AccessFixture } from '../support/access-matrix.js';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { GROW_DATA } from '../support/people.js';

let cluster: EngineCluster;
let fixture: AccessFixture;
let tokens: AccessFixture['tokens'];
let ids: AccessFixture['ids'];

beforeAll(async () => {
  cluster = await EngineCluster.start({ name: `access-matrix-${MODE}` });
  fixture = await setUpAccessFixture(cluster);
  ({ tokens, ids } = fixture);
});

afterAll(async () => {
  await cluster?.stop();
});

describe(`route × role access matrix (${MODE})`, () => {
  it('covers every route of the API, and each role gets exactly its allowed answers', async () => {
    const matrix = await probeAccessMatrix(cluster, fixture);
    expect(matrix.unlisted, 'routes without a row in the matrix').toEqual([]);
    expect(matrix.stale, 'rows for routes that no longer exist').toEqual([]);
    expect(matrix.wrong).toEqual([]);
    expect(matrix.calls).toBeGreaterThan(400);
    // and nothing changed: the probed task and approval are untouched
    expect((await cluster.api('GET', `/api/v1/tasks/${ids['task.E9003']}`)).body).toMatchObject({ status: 'open', assigneeId: 'E9001', claimedBy: null });
    expect((await cluster.api('GET', `/api/v1/approvals/${ids['approval.E9003']}`)).body).toMatchObject({ status: 'pending', decisions: [] });
  });

  it('a manager sees their reporting line only: another team’s task, run, approval, employee and coaching record are not found', async () => {
    const manager = cluster.as(tokens.manager);
    for (const url of [
      `/api/v1/tasks/${ids['task.E9011']}`,
      `/api/v1/runs/${ids['run.E9011']}`,
      `/api/v1/runs/${ids['run.E9011']}/explanation`,
      `/api/v1/approvals/${ids['approval.E9011']}`,
      '/api/v1/employees/E9011',
      '/api/v1/employees/E9011/reporting-line',
      '/api/v1/employees/E9011/kpi-streaks',
      `/api/v1/coaching-records/${ids['record.E9011']}`,
    ]) {
      const res = await manager.api('GET', url);
      expect(res.status, url).toBe(404);
      expect(JSON.stringify(res.body), url).not.toContain('吴磊');
    }
    // their own line: yes
    expect((await manager.api('GET', `/api/v1/tasks/${ids['task.E9004']}`)).status).toBe(200);
    expect((await manager.api('GET', `/api/v1/runs/${ids['run.E9004']}`)).status).toBe(200);
    expect((await manager.api('GET', '/api/v1/employees/E9004')).status).toBe(200);
    // lists hold their line only
    const people = (await manager.api('GET', '/api/v1/employees')).body.items.map((e: { id: string }) => e.id).sort();
    expect(people).toEqual(['E9001', 'E9003', 'E9004']);
    const runs = (await manager.api('GET', '/api/v1/runs?limit=200')).body.items;
    expect(runs.length).toBeGreaterThanOrEqual(4);
    expect(new Set(runs.map((r: { employeeId: string }) => r.employeeId))).toEqual(new Set(['E9003', 'E9004']));
    const tasks = (await manager.api('GET', '/api/v1/tasks')).body.items;
    expect(tasks.length).toBeGreaterThanOrEqual(2);
    expect(tasks.every((t: { employeeId: string }) => ['E9003', 'E9004'].includes(t.employeeId))).toBe(true);
    const approvals = (await manager.api('GET', '/api/v1/approvals')).body.items;
    expect(approvals.every((a: { employeeId: string }) => ['E9003', 'E9004'].includes(a.employeeId))).toBe(true);
    const records = (await manager.api('GET', '/api/v1/coaching-records')).body.items;
    expect(records.length).toBe(2);
    // and they cannot act on another team's task, nor file a coaching record about them
    expect((await manager.api('POST', `/api/v1/tasks/${ids['task.E9011']}/complete`, { data: GROW_DATA })).status).toBe(404);
    expect((await manager.api('POST', '/api/v1/coaching-records', { template: 'GROW', employeeId: 'E9011', data: GROW_DATA })).status).toBe(403);
  });

  it('an employee sees their own data only', async () => {
    const lilei = cluster.as(tokens.employee);
    for (const url of [
      `/api/v1/tasks/${ids['task.E9004']}`,
      `/api/v1/runs/${ids['run.E9004']}`,
      `/api/v1/runs/${ids['run.E9004']}/explanation`,
      `/api/v1/approvals/${ids['approval.E9004']}`,
      '/api/v1/employees/E9004',
      '/api/v1/employees/E9001',
      '/api/v1/employees/E9004/kpi-streaks',
      `/api/v1/coaching-records/${ids['record.E9004']}`,
      '/api/v1/goals/G-CHEN',
    ]) expect((await lilei.api('GET', url)).status, url).toBe(404);
    expect((await lilei.api('GET', `/api/v1/runs/${ids['run.E9003']}`)).status).toBe(200);
    expect((await lilei.api('GET', `/api/v1/coaching-records/${ids['record.E9003']}`)).status).toBe(200);
    expect((await lilei.api('GET', '/api/v1/employees')).body.items.map((e: { id: string }) => e.id)).toEqual(['E9003']);
    expect(new Set((await lilei.api('GET', '/api/v1/runs')).body.items.map((r: { employeeId: string }) => r.employeeId))).toEqual(new Set(['E9003']));
    expect((await lilei.api('GET', '/api/v1/goals')).body.items.map((g: { id: string }) => g.id)).toEqual(['G-LILEI']);
    expect((await lilei.api('GET', '/api/v1/coaching-records')).body.items.every((r: { employeeId: string }) => r.employeeId === 'E9003')).toBe(true);
    expect((await lilei.api('POST', `/api/v1/goals/G-CHEN/progress`, { period: '2026-W05', progress: 10 })).status).toBe(404);
  });

  it('an executive sees drift and aggregated figures, not individual coaching notes or people', async () => {
    const exec = cluster.as(tokens.executive);
    expect((await exec.api('GET', '/api/v1/coaching-records')).status).toBe(403);
    expect((await exec.api('GET', `/api/v1/coaching-records/${ids['record.E9003']}`)).status).toBe(403);
    expect((await exec.api('GET', '/api/v1/pips')).status).toBe(403);
    expect((await exec.api('GET', '/api/v1/strategy-drift/analyses')).status).toBe(200);
    expect((await exec.api('GET', '/api/v1/digest')).status).toBe(200);
    expect((await exec.api('GET', '/api/v1/objectives')).status).toBe(200);
    expect((await exec.api('GET', '/api/v1/employees')).body.items.map((e: { id: string }) => e.id)).toEqual(['E9000']);
    expect((await exec.api('GET', `/api/v1/runs/${ids['run.E9003']}`)).status).toBe(404);
  });
});
