import { describe, expect, it } from 'vitest';
import { run } from '../test-support/harness.js';
import { wf } from '../test-support/wf.js';

function conditionRun(rule: unknown) {
  const def = wf()
    .trigger('t')
    .node('c', 'condition', { rule })
    .node('yes', 'end', { outcome: 'yes' })
    .node('no', 'end', { outcome: 'no' })
    .edge('t', 'c')
    .edge('c', 'yes', 'true')
    .edge('c', 'no', 'false')
    .build();
  return run(def);
}

describe('condition handler', () => {
  it('takes true/false by JSON-logic truthiness', () => {
    expect(conditionRun({ '>': [{ var: 'trigger.streak' }, 2] }).state.outcome).toBe('yes');
    expect(conditionRun({ '>': [{ var: 'trigger.streak' }, 5] }).state.outcome).toBe('no');
    expect(conditionRun({ var: 'trigger.readings' }).state.outcome).toBe('yes');
  });

  it('treats an empty array as false, like json-logic-js', () => {
    const h = conditionRun({ filter: [{ var: 'trigger.readings' }, { '>': [{ var: 'value' }, 1e9] }] });
    expect(h.state.outcome).toBe('no');
    expect(h.state.outputs['c']).toEqual({ result: false });
    expect(h.state.steps[1]?.evaluations?.[0]?.result).toEqual([]);
  });

  it('records the evaluation with the values the rule read', () => {
    const h = conditionRun({ '==': [{ var: 'employee.region' }, 'East'] });
    expect(h.state.steps[1]?.evaluations).toEqual([
      { rule: { '==': [{ var: 'employee.region' }, 'East'] }, variables: { 'employee.region': 'East' }, result: true },
    ]);
  });
});
