/**
 * Benchmark data: the org, the reference workflow (and its variant without the task), the
 * kpi.deviation events and what a run of each is expected to look like.
 */

export interface EmployeeInput {
  id: string;
  name: string;
  jobFamily: string;
  managerId: string | null;
  hrbpId?: string | null;
}

/** One executive, `managers` managers, `people` sales people spread over the managers. */
export function benchOrg(people: number, managers = 50): EmployeeInput[] {
  const out: EmployeeInput[] = [{ id: 'X0', name: '王总', jobFamily: 'management', managerId: null }];
  out.push({ id: 'H0', name: '人事 HRBP', jobFamily: 'hr', managerId: 'X0' });
  for (let m = 0; m < managers; m++) out.push({ id: managerId(m), name: `经理 ${m}`, jobFamily: 'management', managerId: 'X0', hrbpId: 'H0' });
  for (let i = 0; i < people; i++) out.push({ id: employeeId(i), name: `员工 ${i}`, jobFamily: 'sales', managerId: managerId(i % managers), hrbpId: 'H0' });
  return out;
}
export const employeeId = (i: number): string => `S${String(i).padStart(6, '0')}`;
export const managerId = (m: number): string => `M${String(m).padStart(3, '0')}`;

const trigger = { id: 'trigger', kind: 'trigger', name: 'KPI 偏离预期区间', position: { x: 0, y: 0 }, config: { event: 'kpi.deviation' } };
const check = { id: 'check', kind: 'condition', name: '连续 3 周', position: { x: 0, y: 120 }, config: { rule: { '>=': [{ var: 'trigger.streak' }, 3] } } };

/** The reference workflow: kpi.deviation → condition `streak >= 3` → task for the direct manager → end (false → end). */
export function referenceWorkflow(): Record<string, unknown> {
  return {
    nodes: [
      trigger,
      check,
      {
        id: 'coach',
        kind: 'task',
        name: '直线经理辅导',
        position: { x: -160, y: 240 },
        config: { title: '辅导 {{employee.name}}：{{trigger.kpi.name}} 连续 {{trigger.streak}} 周低于预期', assignee: { type: 'directManager' }, dueIn: 'P7D', form: 'GROW' },
      },
      { id: 'end_coached', kind: 'end', name: '已辅导', position: { x: -160, y: 360 }, config: { outcome: 'coached' } },
      { id: 'end_skipped', kind: 'end', name: '不需要辅导', position: { x: 160, y: 240 }, config: { outcome: 'skipped' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'check' },
      { id: 'e2', source: 'check', sourceHandle: 'true', target: 'coach' },
      { id: 'e3', source: 'check', sourceHandle: 'false', target: 'end_skipped' },
      { id: 'e4', source: 'coach', target: 'end_coached' },
    ],
  };
}

/** The variant that finishes without a person: kpi.deviation → condition `streak >= 3` → end (false → end). */
export function referenceWorkflowNoTask(): Record<string, unknown> {
  return {
    nodes: [
      trigger,
      check,
      { id: 'end_flagged', kind: 'end', name: '需要辅导', position: { x: -160, y: 240 }, config: { outcome: 'flagged' } },
      { id: 'end_skipped', kind: 'end', name: '不需要辅导', position: { x: 160, y: 240 }, config: { outcome: 'skipped' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'check' },
      { id: 'e2', source: 'check', sourceHandle: 'true', target: 'end_flagged' },
      { id: 'e3', source: 'check', sourceHandle: 'false', target: 'end_skipped' },
    ],
  };
}

/**
 * The variant whose runs need the workers: kpi.deviation → condition `streak >= 3` → action
 * `bench-echo.echo` (lib/echo.connector.ts) → end (false → end). The action is a job for a worker,
 * its result another (advance), so the run is complete only after two queue round trips.
 */
export function referenceWorkflowAction(): Record<string, unknown> {
  return {
    nodes: [
      trigger,
      check,
      { id: 'echo', kind: 'action', name: '回声', position: { x: -160, y: 240 }, config: { connector: 'bench-echo', action: 'echo', input: { employeeId: { var: 'trigger.employeeId' }, streak: { var: 'trigger.streak' } }, retry: { maxAttempts: 3, backoffMs: 200 }, timeoutMs: 5000 } },
      { id: 'end_echoed', kind: 'end', name: '已处理', position: { x: -160, y: 360 }, config: { outcome: 'echoed' } },
      { id: 'end_skipped', kind: 'end', name: '不需要辅导', position: { x: 160, y: 240 }, config: { outcome: 'skipped' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'check' },
      { id: 'e2', source: 'check', sourceHandle: 'true', target: 'echo' },
      { id: 'e3', source: 'check', sourceHandle: 'false', target: 'end_skipped' },
      { id: 'e4', source: 'echo', target: 'end_echoed' },
    ],
  };
}

/** Streak of the n-th event of a connection: one in ten is 2 (the false branch), the rest 3–5. */
export function streakOf(seq: number): number {
  return seq % 10 === 9 ? 2 : 3 + (seq % 3);
}

/** A kpi.deviation payload as the KPI import would emit it. */
export function kpiDeviationPayload(employee: string, streak: number): Record<string, unknown> {
  const readings = Array.from({ length: streak }, (_, i) => ({ period: `2026-W${String(10 - streak + 1 + i).padStart(2, '0')}`, value: 80000 - i * 1000, low: 100000, high: 160000 }));
  return { employeeId: employee, kpi: { id: 'sales_amount', name: '销售额', unit: 'CNY' }, period: '2026-W10', direction: 'below', streak, range: { low: 100000, high: 160000 }, value: 80000 - (streak - 1) * 1000, readings };
}

export type Variant = 'end' | 'task' | 'action';

/** What a run started by an event with this streak must look like once it is done (or waiting). */
export function expectedRun(variant: Variant, streak: number): { status: string; path: string[]; outcome: string | null; currentNode: string | null } {
  if (streak < 3) return { status: 'succeeded', path: ['trigger', 'check', 'end_skipped'], outcome: 'skipped', currentNode: null };
  if (variant === 'end') return { status: 'succeeded', path: ['trigger', 'check', 'end_flagged'], outcome: 'flagged', currentNode: null };
  if (variant === 'action') return { status: 'succeeded', path: ['trigger', 'check', 'echo', 'end_echoed'], outcome: 'echoed', currentNode: null };
  return { status: 'waiting', path: ['trigger', 'check', 'coach'], outcome: null, currentNode: 'coach' };
}
