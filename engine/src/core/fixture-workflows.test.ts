/** The shared workflow fixtures (tests/fixtures/workflows) driven through the core. */
import { readFileSync } from 'node:fs';
import { validateWorkflow } from '@coachflow/model';
import type { WorkflowDefinition } from '@coachflow/model';
import { describe, expect, it } from 'vitest';
import { actionWorkflow, at, referenceWorkflow, runContext } from './test-support/fixtures.js';
import { run } from './test-support/harness.js';

function fixture(name: string): WorkflowDefinition {
  const url = new URL(`../../../tests/fixtures/workflows/${name}.workflow.json`, import.meta.url);
  const parsed: WorkflowDefinition = JSON.parse(readFileSync(url, 'utf8'));
  // The shared validator must accept what the core is asked to run.
  expect(validateWorkflow(parsed).filter((i) => i.severity === 'error')).toEqual([]);
  return parsed;
}

describe('fixture workflows', () => {
  it('kpi-deviation-coaching: coaching task in Chinese, then coached', () => {
    const h = run(fixture('kpi-deviation-coaching'));
    const task = h.effect('createTask');
    expect(task.title).toBe('辅导 Li Lei：销售额 连续 3 周低于预期');
    expect(task.form).toBe('GROW');
    expect(task.evidence.decisions).toHaveLength(1);
    h.send({ type: 'taskCompleted', nodeId: 'coach', taskId: 'tk', completedBy: 'e-hanmeimei', data: {} }, at(1000));
    expect(h.state.outcome).toBe('coached');
  });

  it('rotation-approval: approved → talent-mobility request with the decisions; rejected → employee told', () => {
    const context = runContext({ trigger: { reason: '希望在大客户团队锻炼', source: 'coaching' } });
    const decisions = [{ by: 'e-skip', decision: 'approved' as const, at: '2025-03-04T00:00:00.000Z' }];
    const approved = run(fixture('rotation-approval'), context);
    expect(approved.effect('createApproval')).toMatchObject({ title: 'Li Lei 的轮岗申请：希望在大客户团队锻炼', slaMs: 172_800_000, mode: 'sequential' });
    approved.send({ type: 'approvalDecided', nodeId: 'approve', approvalId: 'a1', outcome: 'approved', decisions });
    expect(approved.effect('runAction')).toMatchObject({
      connector: 'talent-mobility',
      input: { employeeRef: 'e-lilei', source: 'coaching', rationale: '希望在大客户团队锻炼', requestedBy: 'e-skip', targetOrg: 'talent-pool' },
    });
    approved.send({ type: 'actionSucceeded', nodeId: 'request', attempt: 1, output: { requestId: 'rq-1' } });
    expect(approved.state.outcome).toBe('requested');

    const rejected = run(fixture('rotation-approval'), context);
    rejected.send({ type: 'approvalDecided', nodeId: 'approve', approvalId: 'a1', outcome: 'rejected', decisions: [] });
    expect(rejected.effect('notify').to).toEqual([{ type: 'employee' }]);
    expect(rejected.state.outcome).toBe('rejected');
  });

  it('training-on-coaching: enrols when the record asks for training, else ends', () => {
    const conclusions = { training: [{ competency: '客户异议处理', course: 'course-objection-handling' }] };
    const h = run(fixture('training-on-coaching'), runContext({ trigger: { conclusions } }));
    expect(h.effect('runAction').input).toEqual({ employeeId: 'e-lilei', courseIdnumber: 'course-objection-handling' });
    const byCompetency = run(fixture('training-on-coaching'), runContext({ trigger: { conclusions: { training: [{ competency: 'objection-handling' }] } } }));
    expect(byCompetency.effect('runAction').input).toEqual({ employeeId: 'e-lilei', courseIdnumber: 'objection-handling' });
    expect(run(fixture('training-on-coaching'), runContext({ trigger: { conclusions: {} } })).state.outcome).toBe('no_training');
  });
});

describe('builder fixtures', () => {
  it('pass the shared validator', () => {
    for (const def of [referenceWorkflow(), actionWorkflow()]) {
      expect(validateWorkflow(def).filter((i) => i.severity === 'error')).toEqual([]);
    }
  });
});
