/** Factories of core test data: run contexts, transition contexts, the reference workflows. */
import type { Rule, WorkflowDefinition } from '@coachflow/model';
import type { RunContext, TransitionContext } from '../types.js';
import { wf } from './wf.js';

/** Fixed test clock start. */
export const T0 = new Date('2025-03-03T09:00:00.000Z');

/** A transition context at `now` (default {@link T0}). */
export function tctx(now: Date = T0, overrides: Partial<TransitionContext> = {}): TransitionContext {
  return { runId: 'run-1', now, maxSteps: 100, ...overrides };
}

/** `T0` plus `ms` milliseconds. */
export function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

/** A run context of the reference scenario: Li Lei's sales KPI off range for `streak` weeks. */
export function runContext(overrides: { streak?: number; jobFamily?: string; trigger?: Record<string, unknown> } = {}): RunContext {
  const streak = overrides.streak ?? 3;
  return {
    event: { id: 'evt-1', type: 'kpi.deviation', occurredAt: '2025-03-03T08:00:00.000Z' },
    trigger: {
      employeeId: 'e-lilei',
      kpi: { id: 'sales_amount', name: '销售额', unit: 'CNY' },
      direction: 'below',
      streak,
      readings: [
        { period: '2025-W07', value: 81000 },
        { period: '2025-W08', value: 79000 },
        { period: '2025-W09', value: 76500 },
      ].slice(0, streak),
      ...overrides.trigger,
    },
    employee: { id: 'e-lilei', name: 'Li Lei', jobFamily: overrides.jobFamily ?? 'sales', region: 'East' },
    manager: { id: 'e-hanmeimei', name: 'Han Meimei' },
    org: { id: 'org-1', name: 'East sales' },
  };
}

/** The reference rule: streak ≥ 3 and job family sales. */
export const STREAK_RULE: Rule = {
  and: [{ '>=': [{ var: 'trigger.streak' }, 3] }, { '==': [{ var: 'employee.jobFamily' }, 'sales'] }],
};

/** trigger → condition(streak ≥ 3 and sales) → task (true) / end (false) → end. */
export function referenceWorkflow(): WorkflowDefinition {
  return wf()
    .trigger('t')
    .node('check', 'condition', { rule: STREAK_RULE })
    .node('coach', 'task', {
      title: 'Coach {{employee.name}}: {{trigger.kpi.id}} {{trigger.streak}} weeks below range',
      description: 'Readings attached. Manager: {{manager.name}}',
      assignee: { type: 'directManager' },
      dueIn: 'P7D',
      priority: 'high',
      form: 'GROW',
    })
    .node('done', 'end', { outcome: 'coached' })
    .node('skip', 'end', { outcome: 'not-needed' })
    .edge('t', 'check')
    .edge('check', 'coach', 'true')
    .edge('check', 'skip', 'false')
    .edge('coach', 'done')
    .build();
}

/** trigger → condition → action (LMS enrol) → delay (P2D) → task → end. */
export function actionWorkflow(retry?: { maxAttempts: number; backoffMs: number; backoffFactor?: number }): WorkflowDefinition {
  return wf()
    .trigger('t')
    .node('check', 'condition', { rule: STREAK_RULE })
    .node('enrol', 'action', {
      connector: 'lms-moodle',
      action: 'enrolUser',
      input: { userId: { var: 'employee.id' }, courseId: 'objection-handling', streak: { var: 'trigger.streak' } },
      ...(retry === undefined ? {} : { retry }),
    })
    .node('wait', 'delay', { duration: 'P2D' })
    .node('follow', 'task', { title: 'Follow up on {{steps.enrol.enrolmentId}}', assignee: { type: 'directManager' } })
    .node('end', 'end', { outcome: 'enrolled' })
    .edge('t', 'check')
    .edge('check', 'enrol', 'true')
    .chain('enrol', 'wait', 'follow', 'end')
    .build();
}
