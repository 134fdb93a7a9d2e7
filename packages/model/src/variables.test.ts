import { describe, expect, it } from 'vitest';
import { loadWorkflow } from './testing/fixtures.js';
import { availableVariables, isPathAvailable } from './variables.js';
import type { VariableInfo } from './variables.js';
import type { WorkflowDefinition } from './workflow.types.js';

const paths = (vars: VariableInfo[]) => vars.map((v) => v.path);

function definition(name: Parameters<typeof loadWorkflow>[0]): WorkflowDefinition {
  return loadWorkflow(name) as unknown as WorkflowDefinition;
}

describe('availableVariables', () => {
  const kpi = definition('kpi-deviation-coaching');

  it('flattens the trigger payload to leaf paths, arrays as one entry', () => {
    const vars = availableVariables(kpi, 'check');
    expect(paths(vars)).toEqual(expect.arrayContaining(['trigger.employeeId', 'trigger.kpi.name', 'trigger.kpi.unit', 'trigger.streak', 'trigger.range.low', 'trigger.readings']));
    expect(vars.find((v) => v.path === 'trigger.readings')?.type).toBe('array');
    expect(vars.find((v) => v.path === 'trigger.streak')).toMatchObject({ type: 'integer', source: 'trigger' });
    expect(vars.find((v) => v.path === 'trigger.direction')?.enum).toEqual(['above', 'below']);
    expect(paths(vars)).not.toContain('trigger.kpi');
  });

  it('lists employee, manager, org and now for payloads about an employee', () => {
    const vars = availableVariables(kpi, 'check');
    expect(paths(vars)).toEqual(expect.arrayContaining(['employee.jobFamily', 'employee.name', 'manager.email', 'org.region', 'now']));
    expect(vars.find((v) => v.path === 'employee.status')?.enum).toEqual(['active', 'inactive', 'on_leave']);
  });

  it('lists the outputs of ancestors only', () => {
    expect(paths(availableVariables(kpi, 'check')).filter((p) => p.startsWith('steps.'))).toEqual(['steps.trigger.eventId', 'steps.trigger.type']);
    const atEnd = paths(availableVariables(kpi, 'end_coached'));
    expect(atEnd).toEqual(expect.arrayContaining(['steps.check.result', 'steps.coach.taskId', 'steps.coach.data']));
    expect(paths(availableVariables(kpi, 'end_skipped'))).not.toContain('steps.coach.taskId');
  });

  it('lists vars of upstream set nodes and action outputs as any', () => {
    const def: WorkflowDefinition = {
      nodes: [
        { id: 't', kind: 'trigger', config: { event: 'strategy.drift' } },
        { id: 's', kind: 'set', config: { assignments: [{ name: 'share', rule: { var: 'trigger.measures.goalsAtRiskShare' } }] } },
        { id: 'a', kind: 'action', config: { connector: 'http', action: 'post', input: {} } },
        { id: 'e', kind: 'end', config: {} },
      ],
      edges: [
        { id: '1', source: 't', target: 's' },
        { id: '2', source: 's', target: 'a' },
        { id: '3', source: 'a', target: 'e' },
      ],
    };
    const atEnd = availableVariables(def, 'e');
    expect(paths(atEnd)).toEqual(expect.arrayContaining(['vars.share', 'steps.s.share', 'steps.a', 'trigger.objective.title', 'trigger.measures.obstacleThemes']));
    expect(paths(atEnd).some((p) => p.startsWith('employee.'))).toBe(false);
    expect(paths(availableVariables(def, 's'))).not.toContain('vars.share');
  });
});

describe('isPathAvailable', () => {
  const vars = availableVariables(definition('kpi-deviation-coaching'), 'end_coached');

  it.each(['trigger.streak', 'trigger.kpi', 'trigger', 'trigger.readings.0.value', 'steps.coach.data.goal', 'employee.name', 'now', ''])('accepts %j', (p) => {
    expect(isPathAvailable(p, vars)).toBe(true);
  });

  it.each(['trigger.streakk', 'trigger.kpi.namee', 'trigger.streak.x', 'vars.x', 'steps.nope.result', 'steps.coach.taskIdx', 'employees.name', 'nowx'])(
    'rejects %j',
    (p) => {
      expect(isPathAvailable(p, vars)).toBe(false);
    },
  );

  it('accepts any sub-path of an action output', () => {
    expect(isPathAvailable('steps.enrol.anything.deep', [{ path: 'steps.enrol', type: 'any', source: 'steps' }])).toBe(true);
  });
});
