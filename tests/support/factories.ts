/** Small factories for test data: an org, workflow definitions, KPI deviation events. */
import type { WorkflowDefinition } from '@coachflow/model';

export const ORG = [
  { id: 'E9000', name: '王总 Wang Zong', jobFamily: 'management', managerId: null, roles: ['executive'] },
  { id: 'E9001', name: '韩梅梅 Han Meimei', jobFamily: 'management', managerId: 'E9000' },
  { id: 'E9002', name: '张伟 Zhang Wei', jobFamily: 'hr', managerId: 'E9000', roles: ['hr_admin'] },
  { id: 'E9003', name: '李雷 Li Lei', jobFamily: 'sales', managerId: 'E9001', hrbpId: 'E9002' },
  { id: 'E9004', name: '陈静 Chen Jing', jobFamily: 'engineering', managerId: 'E9001', hrbpId: 'E9002' },
].map(({ roles, ...e }) => ({ ...e, ...(roles ? { extra: { roles } } : {}) }));

/** Sales people E9100… reporting to E9001 (for load tests). */
export function salesTeam(n: number): typeof ORG {
  return Array.from({ length: n }, (_, i) => ({ id: `E${9100 + i}`, name: `员工 ${i}`, jobFamily: 'sales', managerId: 'E9001', hrbpId: 'E9002' }));
}

export function kpiDeviation(employeeId: string, streak: number, period = '2026-W07'): Record<string, unknown> {
  const readings = Array.from({ length: streak }, (_, i) => ({ period: `2026-W${String(7 - streak + 1 + i).padStart(2, '0')}`, value: 80000 - i * 1000, low: 100000, high: 160000 }));
  return { employeeId, kpi: { id: 'sales_amount', name: '销售额', unit: 'CNY' }, period, direction: 'below', streak, range: { low: 100000, high: 160000 }, value: 72000, readings };
}

/** trigger → condition → action → delay → task → end (false → end). */
export function actionDelayTaskWorkflow(opts: { delay?: string; retry?: { maxAttempts: number; backoffMs: number; backoffFactor?: number }; timeoutMs?: number } = {}): WorkflowDefinition {
  return {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
      { id: 'check', kind: 'condition', config: { rule: { and: [{ '>=': [{ var: 'trigger.streak' }, 3] }, { '==': [{ var: 'employee.jobFamily' }, 'sales'] }] } } },
      {
        id: 'record',
        kind: 'action',
        config: {
          connector: 'test-recorder',
          action: 'record',
          input: { employeeId: { var: 'trigger.employeeId' }, note: { cat: ['streak ', { var: 'trigger.streak' }] } },
          retry: opts.retry ?? { maxAttempts: 5, backoffMs: 200, backoffFactor: 2 },
          timeoutMs: opts.timeoutMs ?? 3000,
        },
      },
      { id: 'wait', kind: 'delay', config: { duration: opts.delay ?? 'PT1S' } },
      { id: 'coach', kind: 'task', config: { title: '辅导 {{employee.name}}：{{trigger.kpi.name}} 连续 {{trigger.streak}} 周低于预期', assignee: { type: 'directManager' }, dueIn: 'P7D', form: 'GROW' } },
      { id: 'done', kind: 'end', config: { outcome: 'coached' } },
      { id: 'skip', kind: 'end', config: { outcome: 'skipped' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'check' },
      { id: 'e2', source: 'check', sourceHandle: 'true', target: 'record' },
      { id: 'e3', source: 'check', sourceHandle: 'false', target: 'skip' },
      { id: 'e4', source: 'record', target: 'wait' },
      { id: 'e5', source: 'wait', target: 'coach' },
      { id: 'e6', source: 'coach', target: 'done' },
    ],
  } as WorkflowDefinition;
}
