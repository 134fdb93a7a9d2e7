import { availableVariables, type WorkflowDefinition } from '@coachflow/model';
import { describe, expect, it } from 'vitest';
import { builderVariables, operandSlotType, operatorsFor, valueSlotType } from './builder-types';
import { fromRootGroup, newCondition, rootGroup, withOperator, withSubject } from './rule-editing';
import type { RuleCondition } from './rule-tree.types';

function defFor(event: string): WorkflowDefinition {
  return {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event } },
      { id: 'check', kind: 'condition', config: { rule: true } },
    ],
    edges: [{ id: 'e1', source: 'trigger', target: 'check' }],
  } as WorkflowDefinition;
}

describe('builder types', () => {
  it('types the variables of a node: numbers, enums with their values, dates from the schema format, now', () => {
    const vars = builderVariables(availableVariables(defFor('goal.at_risk'), 'check'), 'goal.at_risk');
    const byPath = new Map(vars.map((v) => [v.path, v]));
    expect(byPath.get('trigger.periods')?.type).toBe('number');
    expect(byPath.get('trigger.deadline')?.type).toBe('date');
    expect(byPath.get('now')?.type).toBe('date');
    expect(byPath.get('trigger.reason')).toMatchObject({ type: 'enum', enum: ['stalled', 'forecast_miss'] });
    expect(byPath.get('employee.jobFamily')?.type).toBe('string');
    expect(byPath.get('employee.status')).toMatchObject({ type: 'enum', source: 'employee' });
  });

  it('offers only operators that accept the subject type (from OPERATORS valueTypes)', () => {
    expect(operatorsFor('number')).toEqual(expect.arrayContaining(['==', '>=', '<', 'between', 'between_inclusive', 'in']));
    expect(operatorsFor('number')).not.toContain('date_before');
    expect(operatorsFor('date')).toEqual(expect.arrayContaining(['date_before', 'date_after', '==']));
    expect(operatorsFor('date')).not.toContain('>=');
    expect(operatorsFor('enum')).not.toContain('>');
    expect(operatorsFor('string')).toEqual(['==', '!=', '===', '!==', 'in']);
    expect(operatorsFor('any').length).toBe(14);
  });

  it('gives value slots the subject type, a list for `in`, numbers for between', () => {
    const enumSlot = { type: 'enum' as const, enum: ['a', 'b'] };
    expect(valueSlotType('==', 1, enumSlot)).toEqual(enumSlot);
    expect(valueSlotType('in', 1, enumSlot)).toEqual({ ...enumSlot, list: true });
    expect(valueSlotType('between', 2, { type: 'any' })).toEqual({ type: 'number' });
    expect(valueSlotType('date_after', 1, { type: 'date' })).toEqual({ type: 'date' });
    expect(operandSlotType({ kind: 'fn', fn: 'pct_deviation', args: [] }, [])).toEqual({ type: 'number' });
    expect(operandSlotType({ kind: 'fn', fn: 'date_add', args: [] }, [])).toEqual({ type: 'date' });
  });
});

describe('rule edits', () => {
  const vars = builderVariables(availableVariables(defFor('kpi.deviation'), 'check'), 'kpi.deviation');

  it('a new subject keeps a compatible operator and resets values of another type', () => {
    let c: RuleCondition = newCondition();
    c = withSubject(c, { kind: 'var', path: 'trigger.streak' }, vars);
    expect(c).toEqual({ type: 'condition', op: '==', args: [{ kind: 'var', path: 'trigger.streak' }, { kind: 'literal', value: 0 }] });
    c = withOperator(c, '>=', vars);
    c = { ...c, args: [c.args[0]!, { kind: 'literal', value: 3 }] };
    c = withSubject(c, { kind: 'var', path: 'trigger.direction' }, vars);
    expect(c.op).toBe('==');
    expect(c.args[1]).toEqual({ kind: 'literal', value: 'above' });
  });

  it('changing to between adds the second bound, keeping the first', () => {
    const c = withOperator({ type: 'condition', op: '>=', args: [{ kind: 'var', path: 'trigger.value' }, { kind: 'literal', value: 5 }] }, 'between', vars);
    expect(c.args).toEqual([{ kind: 'var', path: 'trigger.value' }, { kind: 'literal', value: 5 }, { kind: 'literal', value: 0 }]);
  });

  it('the root: an implicit AND around one condition, no rule when emptied', () => {
    const c = newCondition('trigger.streak');
    const { group, implicit } = rootGroup(c);
    expect(implicit).toBe(true);
    expect(fromRootGroup(group, implicit)).toEqual(c);
    expect(fromRootGroup({ ...group, children: [c, c] }, implicit)).toEqual({ type: 'group', op: 'and', children: [c, c] });
    expect(fromRootGroup({ ...group, op: 'or' }, implicit)).toEqual({ type: 'group', op: 'or', children: [c] });
    expect(fromRootGroup({ ...group, children: [] }, false)).toEqual({ type: 'empty' });
  });
});
