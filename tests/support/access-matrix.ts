/**
 * The route × role matrix (people issue; run again by the reliability suite, issue 8): who may call
 * each route of the OpenAPI document, the resources it is probed on (about Li Lei, E9003, in the
 * manager E9001's team, plus another team's E9004/E9011 for the scope tests), and the probe itself.
 *
 * A probe query parameter (`?__probe=1`, which no route accepts) makes an allowed call stop at
 * validation with 400 INVALID_QUERY — after the access checks, before any change — so the matrix
 * never changes state; a refused call answers 401 (no token), 403 (role) or 404 (a resource that
 * is not theirs).
 */
import type { EngineCluster } from './engine-cluster.js';
import { waitFor } from './wait.js';
import { approvalFlow, GROW_DATA, PEOPLE_ORG, publishFlow, roleTokens, taskFlow, trigger, type RoleName } from './people.js';

export const ROLES: RoleName[] = ['hr', 'it', 'manager', 'executive', 'employee'];
const ALL = 'hr it manager executive employee';
const PUBLIC = 'public';

/**
 * Who may call each route (by operationId), on the resources below. Every route of the API must
 * be here: a new route fails the matrix until its row is written.
 */
export const MATRIX: Record<string, string> = {
  health: PUBLIC, ready: PUBLIC, metrics: PUBLIC, openapi: PUBLIC, signIn: PUBLIC,
  feishuCallback: PUBLIC, feishuCallbackFor: PUBLIC, dingtalkCallback: PUBLIC, dingtalkCallbackFor: PUBLIC,
  // events feed the engine: HR and IT (systems use API tokens with these roles)
  ingestEvent: 'hr it', getEvent: 'hr it', listEvents: 'hr',
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

/** The people and resources the matrix is probed on. */
export interface AccessFixture {
  tokens: Record<RoleName, string>;
  /** workflow, run.<employee>, task.<employee>, approval.<employee>, record.<employee>, delegation, notification */
  ids: Record<string, string>;
}

/**
 * Loads PEOPLE_ORG, signs in the five roles and makes the resources: for E9003, E9004 and E9011 a
 * coaching task run, an approval run and a coaching record; goals for Li Lei and Chen Jing; a
 * delegation of the manager; a notification for the manager.
 */
export async function setUpAccessFixture(cluster: EngineCluster): Promise<AccessFixture> {
  const ids: Record<string, string> = {};
  const people = await cluster.api('PUT', '/api/v1/employees', { employees: PEOPLE_ORG });
  if (people.status !== 200) throw new Error(`directory: ${people.status} ${JSON.stringify(people.body)}`);
  const tokens = await roleTokens(cluster);
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
  if (goals.status !== 200) throw new Error(`goals: ${goals.status} ${JSON.stringify(goals.body)}`);
  for (const who of ['E9003', 'E9004', 'E9011']) {
    const rec = await cluster.api('POST', '/api/v1/coaching-records', { template: 'GROW', employeeId: who, data: GROW_DATA });
    if (rec.status !== 201) throw new Error(`coaching record: ${rec.status} ${JSON.stringify(rec.body)}`);
    ids[`record.${who}`] = rec.body.record?.id ?? rec.body.id;
  }
  const del = await cluster.as(tokens.manager).api('POST', '/api/v1/delegations', { delegateId: 'E9004', endsAt: new Date(Date.now() + 86_400_000).toISOString() });
  ids.delegation = String(del.body.id);
  ids.notification = String((await waitFor('a notification for the manager', async () => (await cluster.as(tokens.manager).api('GET', '/api/v1/notifications')).body.items[0])).id);
  return { tokens, ids };
}

/** Fills the path's parameters with the resources about Li Lei. */
export function pathFor(path: string, ids: Record<string, string>): string {
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

export interface MatrixResult {
  /** Operations of the live OpenAPI document without a row in MATRIX. */
  unlisted: string[];
  /** Rows of MATRIX for operations that no longer exist. */
  stale: string[];
  /** Every answer that differs from the matrix (want allowed / want 401 / want 403-404). */
  wrong: string[];
  /** Operations probed. */
  routes: number;
  /** Calls made (anonymous + each role). */
  calls: number;
  /** Calls refused as the matrix says (401 anonymous, 403/404 for a role). */
  denials: number;
}

/** Probes every operation of the live OpenAPI document anonymously and as each role. */
export async function probeAccessMatrix(cluster: EngineCluster, { tokens, ids }: AccessFixture): Promise<MatrixResult> {
  const doc = await cluster.api('GET', '/api/v1/openapi.json');
  const operations: Array<{ method: string; path: string; id: string }> = [];
  for (const [path, ops] of Object.entries(doc.body.paths as Record<string, Record<string, { operationId: string }>>)) {
    for (const [method, op] of Object.entries(ops)) operations.push({ method: method.toUpperCase(), path, id: op.operationId });
  }
  const result: MatrixResult = {
    unlisted: operations.map((o) => o.id).filter((id) => !(id in MATRIX)),
    stale: Object.keys(MATRIX).filter((id) => !operations.some((o) => o.id === id)),
    wrong: [],
    routes: operations.length,
    calls: 0,
    denials: 0,
  };
  const { wrong } = result;
  for (const op of operations) {
    const expected = MATRIX[op.id];
    if (expected === undefined) continue;
    const url = `${pathFor(op.path, ids)}?__probe=1`;
    const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : op.id === 'createCoachingRecord' ? { employeeId: 'E9003' } : {};
    const anon = await cluster.as(null).api(op.method, url, body);
    result.calls++;
    if (expected === PUBLIC) {
      if (anon.status === 401 && anon.body?.error?.code === 'UNAUTHORIZED') wrong.push(`${op.id} anonymous: 401`);
      continue;
    }
    if (anon.status === 401) result.denials++;
    else wrong.push(`${op.id} anonymous: ${anon.status} (want 401)`);
    const allowed = new Set(expected.split(' '));
    for (const role of ROLES) {
      const res = await cluster.as(tokens[role]).api(op.method, url, body);
      result.calls++;
      const passed = res.status === 400 && res.body?.error?.code === 'INVALID_QUERY';
      const refused = res.status === 403 || res.status === 404;
      if (!allowed.has(role) && refused) result.denials++;
      if (allowed.has(role) && !passed) wrong.push(`${op.method} ${op.path} as ${role}: ${res.status} ${res.body?.error?.code ?? ''} (want allowed)`);
      if (!allowed.has(role) && !refused) wrong.push(`${op.method} ${op.path} as ${role}: ${res.status} ${res.body?.error?.code ?? ''} (want 403/404)`);
    }
  }
  return result;
}
