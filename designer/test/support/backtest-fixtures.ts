/** Backtest answers of the engine for the store and panel tests. */
import type { WorkflowDefinition } from '@coachflow/model';
import type { Backtest, BacktestResult } from '@/api/backtests.api';

export const DRAFT: WorkflowDefinition = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
    { id: 'check', kind: 'condition', config: { rule: { '>=': [{ var: 'trigger.streak' }, 3] } } },
    { id: 'coach', kind: 'task', config: { title: 'Coach', assignee: { type: 'directManager' }, loadCap: { perWeek: 1 } } },
    { id: 'skip', kind: 'end', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'true', target: 'coach' },
    { id: 'e3', source: 'check', sourceHandle: 'false', target: 'skip' },
  ],
} as WorkflowDefinition;

export const RESULT: BacktestResult = {
  trigger: 'kpi.deviation',
  window: { from: '2026-W40', to: '2026-W42', fromDate: '2026-09-28', toDate: '2026-10-19', weeks: ['2026-W40', '2026-W41', '2026-W42'] },
  source: { kind: 'kpi_readings', events: 5, readings: 30 },
  directory: { asOf: 'event', employees: 12, note: 'every event used the directory as it was at its time', eventsAsOf: 5, eventsFallback: 0 },
  published: { workflowId: 3, version: 1 },
  loadCapNodes: [{ nodeId: 'coach', perWeek: 1 }],
  totals: { events: 5, runs: 5, employees: 2, tasks: 3, approvals: 0, notifications: 0, actions: 0, queuedTasks: 1, byStatus: { waiting: 3, succeeded: 2 } },
  perWeek: [
    { week: '2026-W40', events: 1, runs: 1, employees: 1, tasks: 0, approvals: 0, queued: 0 },
    { week: '2026-W41', events: 2, runs: 2, employees: 2, tasks: 1, approvals: 0, queued: 0 },
    { week: '2026-W42', events: 2, runs: 2, employees: 2, tasks: 2, approvals: 0, queued: 1 },
  ],
  perTeam: [{ teamId: 'T-SALES', teamName: 'Sales South', headcount: 8, runs: 5, employees: 2, share: 0.25 }],
  perManager: [{ managerId: 'E9001', managerName: 'Han Meimei', runs: 5, employees: 2, tasksReceived: 2, tasksQueued: 1, approvals: 0 }],
  managerLoad: [
    { managerId: 'E9001', managerName: 'Han Meimei', week: '2026-W41', tasks: 1, approvals: 0, received: 1, queued: 0, released: 0, backlog: 0 },
    { managerId: 'E9001', managerName: 'Han Meimei', week: '2026-W42', tasks: 2, approvals: 0, received: 1, queued: 1, released: 0, backlog: 1 },
  ],
  paths: [
    { path: ['trigger', 'check', 'coach'], status: 'waiting', waitingAt: 'coach', outcome: null, runs: 3 },
    { path: ['trigger', 'check', 'skip'], status: 'succeeded', waitingAt: null, outcome: null, runs: 2 },
  ],
  diff: {
    against: { workflowId: 3, version: 1 },
    draftRuns: 5, publishedRuns: 4, sameRuns: 3, onlyDraftRuns: 1, onlyPublishedRuns: 0, pathChanged: 1,
    added: [{ employeeId: 'E9005', name: '周杰 Zhou Jie', teamId: 'T-SALES', teamName: 'Sales South', managerId: 'E9001', managerName: 'Han Meimei', runs: 2, actingRuns: 1, weeks: ['2026-W42'], tasks: 1, firstKey: 'k5', evidence: { streak: 3 } }],
    removed: [{ employeeId: 'E9006', name: '吴磊 Wu Lei', teamId: 'T-SALES', teamName: 'Sales South', managerId: 'E9001', managerName: 'Han Meimei', runs: 1, actingRuns: 1, weeks: ['2026-W41'], tasks: 1, firstKey: 'k6', evidence: { streak: 4, readings: [{ period: '2026-W41', value: 1, low: 2, high: 3 }] } }],
  },
  employees: 2,
  truncated: { detailedRuns: 5, runsWithoutEvidence: 0, runsNotListed: 0 },
  durationMs: 12,
};

export function job(id: number, status: Backtest['status'], progress: number, withResult = status === 'succeeded'): Backtest {
  return {
    id, status, progress, workflowId: 3,
    params: { window: { from: '2026-09-28', to: '2026-10-18' }, workflowId: 3, source: 'auto', trigger: 'kpi.deviation', nodes: 4 },
    createdBy: 'admin@coachflow.test', createdAt: '2026-11-26T10:00:00Z', startedAt: null, finishedAt: null,
    error: status === 'failed' ? { code: 'BACKTEST_FAILED', message: 'boom' } : null,
    link: `/api/v1/backtests/${id}`,
    ...(withResult ? { result: RESULT } : {}),
  };
}

export const EMPLOYEES = {
  items: [
    { employeeId: 'E9003', name: '李雷 Li Lei', teamId: 'T-SALES', teamName: 'Sales South', managerId: 'E9001', managerName: 'Han Meimei', runs: 3, actingRuns: 2, weeks: ['2026-W41', '2026-W42'], tasks: 2 },
    { employeeId: 'E9005', name: '周杰 Zhou Jie', teamId: 'T-SALES', teamName: 'Sales South', managerId: 'E9001', managerName: 'Han Meimei', runs: 2, actingRuns: 1, weeks: ['2026-W42'], tasks: 1 },
  ],
  total: 2,
};

export const LI_LEI = {
  ...EMPLOYEES.items[0],
  runsDetail: [
    {
      key: 'kpi:E9003:sales:2026-W40', eventId: null, week: '2026-W42', at: '2026-10-12T00:00:00Z', employeeId: 'E9003', path: ['trigger', 'check', 'coach'], status: 'waiting', waitingAt: 'coach', outcome: null, error: null,
      tasks: [{ nodeId: 'coach', assigneeId: 'E9001', title: 'Coach 李雷', queued: true, releasedWeek: null, severity: 3 }], approvals: [], notifications: 0, actions: 0,
      evidence: { payload: { streak: 3, readings: [{ period: '2026-W40', value: 80, low: 100, high: 160 }, { period: '2026-W41', value: 81, low: 100, high: 160 }, { period: '2026-W42', value: 82, low: 100, high: 160 }] }, decisions: [{ nodeId: 'check', variables: { 'trigger.streak': 3 }, result: true }] },
    },
  ],
};
