/**
 * The route × role matrix: every API route of the OpenAPI document, called by each role (and by
 * nobody), gets exactly its allowed answers. A probe query parameter (`?__probe=1`, which no route
 * accepts) makes an allowed call stop at validation with 400 INVALID_QUERY — after the access
 * checks, before any change — so the matrix never changes state; a refused call answers 401
 * (no token), 403 (role) or 404 (a resource that is not theirs). The resources on the paths are
 * about Li Lei (E9003), in the manager E9001's team; then the scope tests read real data across
 * teams: a manager reading another team's task, run or employee, an employee reading someone
 * else's data, an executive reading coaching notes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { waitFor } from '../support/wait.js';
import { approvalFlow, GROW_DATA, PEOPLE_ORG, publishFlow, roleTokens, taskFlow, trigger, type RoleName } from '../support/people.js';

type Who = RoleName;
const ROLES: Who[] = ['hr', 'it', 'manager', 'executive', 'employee'];
const ALL = 'hr it manager executive employee';
const PUBLIC = 'public';

/**
 * Who may call each route (by operationId), on the resources below. Every route of the API must
 * be here: a new route fails the matrix until its row is written.
 */
const MATRIX: Record<string, string> = {
  health: PUBLIC, ready: PUBLIC, metrics: PUBLIC, openapi: PUBLIC, signIn: PUBLIC,
  feishuCallback: PUBLIC, feishuCallbackFor: PUBLIC, dingtalkCallback: PUBLIC, dingtalkCallbackFor: PUBLIC,
  // events feed the engine: HR and IT (systems use API tokens with these roles)
  ingestEvent: 'hr it', getEvent: 'hr it',
  // workflows: HR designs and publishes
  listWorkflows: 'hr', createWorkflow: 'hr', validateDefinition: 'hr', getWorkflow: 'hr', updateWorkflow: 'hr', deleteWorkflow: 'hr',
  validateWorkflow: 'hr', publishWorkflow: 'hr', listVersions: 'hr', getVersion: 'hr', testRunDefinition: 'hr',
  nodeCatalogue: 'hr it', triggerCatalogue: 'hr it', connectorCatalogue: 'hr it',
  // runs: HR all; a manager their line; the employee their own (the run is about Li Lei)
  listRuns: ALL, getRun: 'hr manager employee', explainRun: 'hr manager employee', retryRun: 'hr', cancelRun: 'hr',
  // tasks (Li Lei's coaching task, assigned to his manager)
  listTasks: ALL, getTask: 'hr manager employee', claimTask: 'manager', completeTask: 'manager', reassignTask: 'hr manager',
  // approvals (about Li Lei; approvers: his manager, then the HRBP)
  listApprovals: ALL, getApproval: 'hr manager employee', decideApproval: 'hr manager', commentApproval: 'hr manager', getExternalApproval: 'hr it',
  // people (Li Lei)
  listEmployees: ALL, getEmployee: 'hr manager employee', upsertEmployees: 'hr', getReportingLine: 'hr manager employee', getKpiStreaks: 'hr manager employee',
  importDirectory: 'hr', listDirectoryImports: 'hr', getDirectoryImport: 'hr', confirmDirectoryImport: 'hr', discardDirectoryImport: 'hr',
  listDepartments: ALL, listTeams: ALL, listKpis: ALL, upsertKpis: 'hr it', importKpis: 'hr it', postKpiReadings: 'hr it', importKpiReadings: 'hr it',
  // goals (Li Lei's): executives see goals and objectives (aggregated), not coaching notes
  upsertGoals: 'hr', listObjectives: 'hr manager executive employee', listGoals: 'hr manager executive employee', getGoal: 'hr manager executive employee', recordGoalProgress: 'hr manager employee',
  listCoachingTemplates: ALL, createCoachingRecord: 'hr manager', listCoachingRecords: 'hr manager employee', getCoachingRecord: 'hr manager employee',
  listPips: 'hr manager employee', enterPip: 'hr', exitPip: 'hr',
  analyseStrategyDrift: 'hr', listStrategyDriftAnalyses: 'hr executive',
  // IT: plugins, credentials, users, tokens, settings, the outbox
  listPlugins: 'it', getPlugin: 'it', installPlugin: 'it', enablePlugin: 'it', disablePlugin: 'it', removePlugin: 'it',
  getConnectorCredentials: 'it', putConnectorCredentials: 'it', deleteConnectorCredentials: 'it',
  listUsers: 'hr it', createUser: 'it', updateUser: 'it', listTokens: 'it', createToken: 'it', revokeToken: 'it', getSettings: 'it', updateSettings: 'it',
  listAudit: 'hr it', verifyAudit: 'hr it',
  listOutbox: 'it', retryDelivery: 'it', previewDigest: 'hr executive', sendDigest: 'hr it',
  // backtests and guardrails: HR; a manager sees the tasks queued for their line
  createBacktest: 'hr', listBacktests: 'hr', getBacktest: 'hr', cancelBacktest: 'hr', backtestEmployees: 'hr', backtestEmployee: 'hr', backtestRuns: 'hr',
  guardrailDefaults: 'hr', setGuardrailDefaults: 'hr', guardedWorkflows: 'hr', workflowGuard: 'hr', setWorkflowLimits: 'hr', heldRuns: 'hr', heldRun: 'hr',
  releaseHeldRuns: 'hr', discardHeldRuns: 'hr', queuedTasks: 'hr manager', releaseQueuedTasks: 'hr', myQueuedTasks: ALL,
  // the caller's own: everyone signed in
  signOut: ALL, whoAmI: ALL, updateMe: ALL, inbox: ALL, listDelegations: ALL, createDelegation: ALL, revokeDelegation: 'hr manager',
  listNotifications: ALL, unreadNotifications: ALL, markNotificationRead: ALL, markAllNotificationsRead: ALL,
  myRuns: ALL, myTasks: ALL, myApprovals: ALL, myObjections: ALL, fileObjection: ALL, exportMyData: ALL,
};

let cluster: EngineCluster;
let tokens: Record<Who, string>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  cluster = await EngineCluster.start({ name: `access-matrix-${MODE}` });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: PEOPLE_ORG })).status).toBe(200);
  tokens = await roleTokens(cluster);
  ids.workflow = String(await publishFlow(cluster, 'coach', taskFlow('coach', { assignee: { type: 'directManager' }, dueIn: 'P7D', form: 'GROW' })));
  await publishFlow(cluster, 'approve', approvalFlow('approve', { approvers: [{ type: 'directManager' }, { type: 'hrbp' }], mode: 'all' }));
  for (const who of ['E9003', 'E9004', 'E9011']) {
    const [taskRun] = await trigger(cluster, who, 'coach');
    const [apprRun] = await trigger(cluster, who, 'approve');
    const task = await waitFor('task', async () => (await cluster.api('GET', `/api/v1/tasks?runId=${taskRun}`)).body.items[0]);
    const appr = await waitFor('approval', async () => (await cluster.api('GET', '/api/v1/approvals')).body.items.find((a: { runId: number }) => a.runId === apprRun));
    Object.assign(ids, { [`run.${who}`]: String(taskRun), [`task.${who}`]: String(task.id), [`approval.${who}`]: String(appr.id) });
  }
  const goals = await cluster.api('PUT', '/api/v1/goals', {
    objectives: [{ id: 'OBJ-M', title: '目标 M', ownerIds: ['E9000'] }],
    goals: [
      { id: 'G-LILEI', title: 'Li Lei goal', level: 'individual', ownerId: 'E9003', objectiveId: 'OBJ-M', target: 100, startPeriod: '2026-W01', deadline: '2026-W20' },
      { id: 'G-CHEN', title: 'Chen goal', level: 'individual', ownerId: 'E9004', objectiveId: 'OBJ-M', target: 100, startPeriod: '2026-W01', deadline: '2026-W20' },
    ],
  });
  expect(goals.status, JSON.stringify(goals.body)).toBe(200);
  for (const who of ['E9003', 'E9004', 'E9011']) {
    const rec = await cluster.api('POST', '/api/v1/coaching-records', { template: 'GROW', employeeId: who, data: GROW_DATA });
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
    ids[`record.${who}`] = rec.body.record?.id ?? rec.body.id;
  }
  const del = await cluster.as(tokens.manager).api('POST', '/api/v1/delegations', { delegateId: 'E9004', endsAt: new Date(Date.now() + 86_400_000).toISOString() });
  ids.delegation = String(del.body.id);
  ids.notification = String((await waitFor('a notification for the manager', async () => (await cluster.as(tokens.manager).api('GET', '/api/v1/notifications')).body.items[0])).id);
});

afterAll(async () => {
  await cluster?.stop();
});

/** Fills the path's parameters with the resources about Li Lei. */
function pathFor(path: string): string {
  const byResource: Array<[RegExp, string]> = [
    [/^\/api\/v1\/workflows\/\{id\}\/versions\/\{version\}/, `/api/v1/workflows/${ids.workflow}/versions/1`],
    [/^\/api\/v1\/workflows\/\{id\}/, `/api/v1/workflows/${ids.workflow}`],
    [/^\/api\/v1\/runs\/\{id\}/, `/api/v1/runs/${ids['run.E9003']}`],
    [/^\/api\/v1\/tasks\/\{id\}/, `/api/v1/tasks/${ids['task.E9003']}`],
    [/^\/api\/v1\/approvals\/\{id\}/, `/api/v1/approvals/${ids['approval.E9003']}`],
    [/^\/api\/v1\/employees\/\{id\}/, '/api/v1/employees/E9003'],
    [/^\/api\/v1\/goals\/\{id\}/, '/api/v1/goals/G-LILEI'],
    [/^\/api\/v1\/coaching-records\/\{id\}/, `/api/v1/coaching-records/${ids['record.E9003']}`],
    [/^\/api\/v1\/delegations\/\{id\}/, `/api/v1/delegations/${ids.delegation}`],
    [/^\/api\/v1\/notifications\/\{id\}/, `/api/v1/notifications/${ids.notification}`],
    [/^\/api\/v1\/connectors\/\{connectorId\}/, '/api/v1/connectors/test-recorder'],
  ];
  let out = path;
  for (const [re, value] of byResource) {
    const m = re.exec(path);
    if (m) {
      out = value + path.slice(m[0].length);
      break;
    }
  }
  return out.replace(/\{[^}]+\}/g, '1');
}

describe(`route × role access matrix (${MODE})`, () => {
  it('covers every route of the API, and each role gets exactly its allowed answers', async () => {
    const doc = await cluster.api('GET', '/api/v1/openapi.json');
    const operations: Array<{ method: string; path: string; id: string }> = [];
    for (const [path, ops] of Object.entries(doc.body.paths as Record<string, Record<string, { operationId: string }>>)) {
      for (const [method, op] of Object.entries(ops)) operations.push({ method: method.toUpperCase(), path, id: op.operationId });
    }
    expect(operations.map((o) => o.id).filter((id) => !(id in MATRIX)), 'routes without a row in the matrix').toEqual([]);
    expect(Object.keys(MATRIX).filter((id) => !operations.some((o) => o.id === id)), 'rows for routes that no longer exist').toEqual([]);

    const wrong: string[] = [];
    let calls = 0;
    for (const op of operations) {
      const expected = MATRIX[op.id] as string;
      const url = `${pathFor(op.path)}?__probe=1`;
      const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : op.id === 'createCoachingRecord' ? { employeeId: 'E9003' } : {};
      const anon = await cluster.as(null).api(op.method, url, body);
      calls++;
      if (expected === PUBLIC) {
        if (anon.status === 401 && anon.body?.error?.code === 'UNAUTHORIZED') wrong.push(`${op.id} anonymous: 401`);
        continue;
      }
      if (anon.status !== 401) wrong.push(`${op.id} anonymous: ${anon.status} (want 401)`);
      const allowed = new Set(expected.split(' '));
      for (const role of ROLES) {
        const res = await cluster.as(tokens[role]).api(op.method, url, body);
        calls++;
        const passed = res.status === 400 && res.body?.error?.code === 'INVALID_QUERY';
        const refused = res.status === 403 || res.status === 404;
        if (allowed.has(role) && !passed) wrong.push(`${op.method} ${op.path} as ${role}: ${res.status} ${res.body?.error?.code ?? ''} (want allowed)`);
        if (!allowed.has(role) && !refused) wrong.push(`${op.method} ${op.path} as ${role}: ${res.status} ${res.body?.error?.code ?? ''} (want 403/404)`);
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBeGreaterThan(400);
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
