/** Payloads of organisation-level and system events: strategy drift, finished human work, cron, webhooks. */
import { arr, dateTime, EMPLOYEE_ID, obj, payloadObject, period, str } from './payload.types.js';
import type { PayloadSpec } from './payload.types.js';

const share = { type: 'number', minimum: 0, maximum: 1 } as const;

/** `strategy.drift`: the periodic analysis finds a strategic objective drifting. */
export const STRATEGY_DRIFT: PayloadSpec = {
  payload: payloadObject(
    {
      objective: obj({ id: str, title: str }),
      ownerIds: arr(str, { description: 'executives owning the objective' }),
      measures: obj({
        unownedKeyResults: { type: 'integer', minimum: 0 },
        goalsAtRiskShare: { ...share, description: 'share of linked goals at risk (0..1)' },
        linkedGoals: { type: 'integer', minimum: 0 },
        obstacleThemes: arr(obj({ theme: str, count: { type: 'integer', minimum: 0 } })),
      }),
      trend: arr(obj({ period, goalsAtRiskShare: share }), { description: 'oldest first' }),
      threshold: { ...share, description: 'goalsAtRiskShare above which the objective counts as drifting' },
      region: str,
    },
    ['objective', 'ownerIds', 'measures', 'trend', 'threshold'],
  ),
  example: {
    objective: { id: 'obj-key-accounts', title: '拓展重点客户' },
    ownerIds: ['e-vp-sales'],
    measures: { unownedKeyResults: 1, goalsAtRiskShare: 0.4, linkedGoals: 25, obstacleThemes: [{ theme: '资源不足', count: 9 }] },
    trend: [
      { period: '2026-01', goalsAtRiskShare: 0.2 },
      { period: '2026-02', goalsAtRiskShare: 0.32 },
      { period: '2026-03', goalsAtRiskShare: 0.4 },
    ],
    threshold: 0.3,
    region: '华东',
  },
};

/** `task.completed`: a task created by a workflow was completed. */
export const TASK_COMPLETED: PayloadSpec = {
  payload: payloadObject(
    {
      taskId: str,
      runId: str,
      workflowId: str,
      nodeId: str,
      employeeId: EMPLOYEE_ID,
      completedBy: str,
      form: { type: 'string', enum: ['GROW', '5R', 'BEST', 'QUICK_REVIEW'] },
      data: { type: 'object', description: 'the submitted form data' },
    },
    ['taskId', 'runId', 'workflowId', 'nodeId', 'completedBy', 'data'],
  ),
  example: {
    taskId: 't-1001',
    runId: 'r-501',
    workflowId: 'wf-kpi-coaching',
    nodeId: 'coach',
    employeeId: 'e-lilei',
    completedBy: 'e-hanmeimei',
    form: 'GROW',
    data: { goal: '恢复周销售额到 10 万以上', options: ['复盘丢单', '参加异议处理培训'] },
  },
};

/** `approval.decided`: an approval chain reached its outcome. */
export const APPROVAL_DECIDED: PayloadSpec = {
  payload: payloadObject(
    {
      approvalId: str,
      runId: str,
      workflowId: str,
      nodeId: str,
      employeeId: EMPLOYEE_ID,
      outcome: { type: 'string', enum: ['approved', 'rejected'] },
      decisions: arr(
        obj({ by: str, decision: { type: 'string', enum: ['approved', 'rejected'] }, comment: { type: 'string' }, at: dateTime }, ['by', 'decision', 'at']),
      ),
    },
    ['approvalId', 'runId', 'workflowId', 'nodeId', 'outcome', 'decisions'],
  ),
  example: {
    approvalId: 'a-301',
    runId: 'r-502',
    workflowId: 'wf-rotation',
    nodeId: 'approve',
    employeeId: 'e-lilei',
    outcome: 'approved',
    decisions: [
      { by: 'e-skiplevel', decision: 'approved', at: '2026-02-21T09:30:00Z' },
      { by: 'e-hrbp', decision: 'approved', comment: '同意，安排到华东大客户部', at: '2026-02-22T02:10:00Z' },
    ],
  },
};

/** `schedule`: a cron schedule fired. */
export const SCHEDULE: PayloadSpec = {
  payload: payloadObject({ cron: str, firedAt: dateTime }, ['cron', 'firedAt']),
  example: { cron: '0 2 * * *', firedAt: '2026-03-02T02:00:00Z' },
};

/** `webhook`: an external system posted a signed payload. */
export const WEBHOOK: PayloadSpec = {
  payload: payloadObject({ source: str, body: { type: 'object', description: 'the posted JSON body' } }, ['source', 'body']),
  example: { source: 'crm', body: { opportunityId: 'op-88', stage: 'lost' } },
};
